#!/bin/sh
# Install Agent Desk from this tarball for every user of the machine (run as root):
#
#     sudo ./install.sh                 # the program in /opt/agent-desk
#     sudo ./install.sh --prefix /srv/agent-desk
#     DESTDIR=/tmp/root ./install.sh    # stage into a folder (packaging, tests)
#
# Installs the program, the `agent-desk` command (/usr/local/bin), the menu entry, the icons,
# the AppStream metadata and the agentdesk: link handler (screen pop from the phone system).
# Settings IT pre-seeds go in /etc/xdg/agent-desk/settings.toml (see settings.example.toml);
# uninstall.sh removes everything this script installed and leaves settings and data alone.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=/opt/agent-desk
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
root=${DESTDIR:-}
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (sudo ./install.sh), or set DESTDIR to stage into a folder" >&2
  exit 1
fi
app_id=io.agentdesk.AgentDesk
share=$root/usr/share

echo "installing Agent Desk into $root$prefix"
mkdir -p "$root$prefix" "$root/usr/local/bin" "$share/applications" "$share/metainfo" \
  "$root/etc/xdg/agent-desk"
rm -rf "$root$prefix.new"
cp -a "$here/agent-desk" "$root$prefix.new"
rm -rf "$root$prefix"
mv "$root$prefix.new" "$root$prefix"
ln -sfn "$prefix/agent-desk" "$root/usr/local/bin/agent-desk"
sed "s|/opt/agent-desk/agent-desk|$prefix/agent-desk|g" "$here/share/applications/$app_id.desktop" \
  > "$share/applications/$app_id.desktop"
chmod 644 "$share/applications/$app_id.desktop"
cp "$here/share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
cp -R "$here/share/icons" "$share/"
cp "$here/settings.example.toml" "$root/etc/xdg/agent-desk/settings.example.toml"
if [ -z "$root" ]; then
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
echo "installed: $prefix/agent-desk (command: agent-desk; menu: Agent Desk; links: agentdesk:)"
