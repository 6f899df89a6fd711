#!/bin/sh
# Remove what install.sh installed (run as root; the same --prefix). Settings
# (/etc/xdg/agent-desk, each user's ~/.config/agent-desk) and data (~/.local/share/agent-desk)
# are left alone.
set -eu
prefix=/opt/agent-desk
[ "${1:-}" = --prefix ] && prefix=$2
root=${DESTDIR:-}
app_id=io.agentdesk.AgentDesk
rm -rf "$root$prefix"
[ -L "$root/usr/local/bin/agent-desk" ] && rm -f "$root/usr/local/bin/agent-desk"
rm -f "$root/usr/share/applications/$app_id.desktop" "$root/usr/share/metainfo/$app_id.metainfo.xml"
find "$root/usr/share/icons/hicolor" -name 'agent-desk.*' -delete 2>/dev/null || true
rm -f "$root/etc/xdg/agent-desk/settings.example.toml"
if [ -z "$root" ]; then
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
fi
echo "removed Agent Desk from $prefix (settings and data kept)"
