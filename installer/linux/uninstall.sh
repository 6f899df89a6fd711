#!/bin/sh
# Remove what install.sh installed (run as root; the same --prefix):
#
#     sudo ./uninstall.sh [--prefix /srv/agent-desk]     (DESTDIR as for install.sh)
#
# Settings (/etc/xdg/agent-desk, each user's ~/.config/agent-desk) and data
# (~/.local/share/agent-desk) are left alone. A folder without install.sh's marker
# (.agent-desk-install) is never deleted.
set -eu
prefix=/opt/agent-desk
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "uninstall.sh: --prefix needs a folder" >&2; exit 2; }
              prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
prefix=$(printf '%s\n' "$prefix" | sed -e 's|//*|/|g' -e 's|\(.\)/$|\1|')
case "$prefix" in
  /*) ;;
  *) echo "uninstall.sh: --prefix must be an absolute path, not '$prefix'" >&2; exit 2 ;;
esac
root=${DESTDIR:-}
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
  echo "uninstall.sh: run as root (sudo ./uninstall.sh), or set DESTDIR" >&2
  exit 1
fi
target=$root$prefix
app_id=io.agentdesk.AgentDesk
if [ ! -e "$target" ]; then
  echo "uninstall.sh: no Agent Desk in $target (give the --prefix it was installed with)" >&2
  exit 1
fi
if [ ! -f "$target/.agent-desk-install" ]; then
  echo "uninstall.sh: $target is not an Agent Desk installation (no .agent-desk-install); nothing was removed" >&2
  exit 1
fi
rm -rf "$target"
link=$root/usr/local/bin/agent-desk
if [ -L "$link" ] && [ "$(readlink "$link")" = "$prefix/agent-desk" ]; then
  rm -f "$link"
fi
rm -f "$root/usr/share/applications/$app_id.desktop" "$root/usr/share/metainfo/$app_id.metainfo.xml"
find "$root/usr/share/icons/hicolor" -name 'agent-desk.*' -delete 2>/dev/null || true
rm -f "$root/etc/xdg/agent-desk/settings.example.toml"
if [ -z "$root" ]; then
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
fi
echo "removed Agent Desk from $prefix (settings and data kept)"
