#!/bin/sh
# Remove what install.sh installed (run as root; the same --prefix):
#
#     sudo ./uninstall.sh [--prefix /srv/agent-desk]     (DESTDIR as for install.sh)
#
# Settings (/etc/xdg/agent-desk, each user's ~/.config/agent-desk) and data
# (~/.local/share/agent-desk) are left alone. A folder without install.sh's marker
# (.agent-desk-install) is never deleted, and of the files outside it only those the marker
# lists are removed, and only while they still belong to this installation.
set -eu
prefix=/opt/agent-desk
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "uninstall.sh: --prefix needs a folder" >&2; exit 2; }
              prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
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
marker=$target/.agent-desk-install
app_id=io.agentdesk.AgentDesk
if [ ! -e "$target" ]; then
  echo "uninstall.sh: no Agent Desk in $target (give the --prefix it was installed with)" >&2
  exit 1
fi
if [ ! -f "$marker" ]; then
  echo "uninstall.sh: $target is not an Agent Desk installation (no .agent-desk-install); nothing was removed" >&2
  exit 1
fi
# Another Agent Desk installed later (another prefix) took over the command and the menu
# entry: they stay, and so do the icons and metadata they share.
desktop=$root/usr/share/applications/$app_id.desktop
ours=yes
if [ -f "$desktop" ] && ! grep -q "^Exec=$prefix/agent-desk " "$desktop"; then
  ours=no
fi
link=$root/usr/local/bin/agent-desk
if [ -L "$link" ] && [ "$(readlink "$link")" != "$prefix/agent-desk" ]; then
  ours=no
fi
if [ "$ours" = yes ]; then
  grep '^/' "$marker" | while IFS= read -r file; do
    case "$file" in
      *..*) continue ;;  # never outside the paths install.sh writes
      /usr/local/bin/agent-desk)
        [ -L "$root$file" ] && rm -f "$root$file" ;;
      /usr/share/*|/etc/xdg/agent-desk/settings.example.toml)
        rm -f "$root$file" ;;
    esac
  done
else
  echo "uninstall.sh: the command and menu entry belong to another Agent Desk installation; kept"
fi
rm -rf "$target"
if [ -z "$root" ]; then
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
echo "removed Agent Desk from $prefix (settings and data kept)"
