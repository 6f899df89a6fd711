#!/bin/sh
# Install Agent Desk from this tarball for every user of the machine (run as root):
#
#     sudo ./install.sh                 # the program in /opt/agent-desk
#     sudo ./install.sh --prefix /srv/agent-desk
#     DESTDIR=/tmp/root ./install.sh    # stage into a folder (packaging, tests)
#
# Installs the program, the `agent-desk` command (/usr/local/bin), the menu entry, the icons,
# the AppStream metadata and the agentdesk: link handler (screen pop from the phone system).
# The prefix is Agent Desk's own folder: an upgrade replaces it whole, so it must not exist yet
# or be an earlier Agent Desk installation (marked by .agent-desk-install, which also lists
# the files installed outside it, for uninstall.sh).
# Settings IT pre-seeds go in /etc/xdg/agent-desk/settings.toml (see settings.example.toml);
# uninstall.sh removes everything this script installed and leaves settings and data alone.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=/opt/agent-desk
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
              prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
marker=.agent-desk-install
# one spelling of the folder: no trailing or doubled slashes (/opt/agent-desk/ is /opt/agent-desk)
prefix=$(printf '%s\n' "$prefix" | sed -e 's|//*|/|g' -e 's|\(.\)/$|\1|')
case "$prefix" in
  /*) ;;
  *) echo "install.sh: --prefix must be an absolute path, not '$prefix'" >&2; exit 2 ;;
esac
case "$prefix" in
  *[!A-Za-z0-9._/-]*)
    # the menu entry's Exec= line and the sed that writes it take the path as it is
    echo "install.sh: --prefix may hold only letters, digits, '.', '_', '-' and '/' ('$prefix')" >&2
    exit 2 ;;
  */.|*/..|*/./*|*/../*)
    echo "install.sh: --prefix must not contain '.' or '..' ('$prefix')" >&2; exit 2 ;;
  /bin/*|/sbin/*|/usr/bin/*|/usr/sbin/*|/usr/local/bin/*|/usr/local/sbin/*|/etc/*|/proc/*|/sys/*|/dev/*|/boot/*|/run/*)
    echo "install.sh: --prefix '$prefix' is inside a system folder; give Agent Desk its own (e.g. /opt/agent-desk)" >&2
    exit 2 ;;
  /|/bin|/boot|/dev|/etc|/home|/lib|/lib64|/media|/mnt|/opt|/proc|/root|/run|/sbin|/srv|/sys|/tmp|/var|/var/lib|/var/opt|/usr|/usr/bin|/usr/sbin|/usr/lib|/usr/lib64|/usr/libexec|/usr/include|/usr/share|/usr/src|/usr/games|/usr/local|/usr/local/bin|/usr/local/sbin|/usr/local/lib|/usr/local/share|/usr/local/include|/usr/local/src|/usr/local/games|/usr/local/etc|/usr/local/man)
    echo "install.sh: --prefix '$prefix' is a system folder; give Agent Desk its own (e.g. /opt/agent-desk)" >&2
    exit 2 ;;
esac
root=${DESTDIR:-}
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (sudo ./install.sh), or set DESTDIR to stage into a folder" >&2
  exit 1
fi
target=$root$prefix
if [ -e "$target" ] && [ ! -f "$target/$marker" ]; then
  echo "install.sh: $target exists and is not an Agent Desk installation; nothing was changed (choose a new folder as --prefix)" >&2
  exit 1
fi
if [ -e "$target.new" ] && [ ! -f "$target.new/$marker" ]; then
  echo "install.sh: $target.new exists and is not a half-finished Agent Desk installation; move it away first" >&2
  exit 1
fi
app_id=io.agentdesk.AgentDesk
share=$root/usr/share

echo "installing Agent Desk into $target"
mkdir -p "$(dirname "$target")" "$root/usr/local/bin" "$share/applications" "$share/metainfo" \
  "$root/etc/xdg/agent-desk"
rm -rf "$target.new"
cp -a "$here/agent-desk" "$target.new"
# the sync service's keyring session lives with the program, so an upgrade brings it along
cp "$here/service/agent-desk-sync-session" "$target.new/agent-desk-sync-session"
chmod 755 "$target.new/agent-desk-sync-session"
{
  echo "# Agent Desk $(basename "$here"), installed by install.sh; uninstall.sh --prefix $prefix removes it"
  echo "# files installed outside this folder:"
  echo "/usr/local/bin/agent-desk"
  echo "/usr/share/applications/$app_id.desktop"
  echo "/usr/share/metainfo/$app_id.metainfo.xml"
  (cd "$here/share" && find icons -type f) | sed 's|^|/usr/share/|'
  echo "/etc/xdg/agent-desk/settings.example.toml"
} > "$target.new/$marker"
rm -rf "$target"
mv "$target.new" "$target"
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
