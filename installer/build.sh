#!/usr/bin/env bash
# Build Agent Desk for the platform this runs on (PyInstaller, with installer/agent-desk.spec):
#
#     installer/build.sh [DIST]          (default: dist/ at the top of the checkout)
#
# DIST/agent-desk/            the one-folder program (agent-desk; on Windows also
#                             agent-desk-app.exe, on macOS DIST/Agent Desk.app)
# DIST/icons/                 the icon set rendered from resources/icons/agent-desk.svg
# Linux, in addition:
# DIST/agent-desk-VERSION-linux-ARCH.tar.gz   program, menu entry, icons, AppStream metadata,
#                             link handler, sync service, install.sh / uninstall.sh
# Windows: then `iscc /DAppVersion=VERSION installer\windows\agent-desk.iss` (the setup.exe).
#
# Needs the development install (./scripts/setup.sh), which brings PyInstaller.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-$root/.venv/bin/python}"
mkdir -p "${1:-$root/dist}"
dist="$(cd "${1:-$root/dist}" && pwd)"  # absolute (macOS has no realpath -m)
work="${WORK:-$root/build/pyinstaller}"
version="$("$python" -c 'import agent_desk; print(agent_desk.__version__)')"

"$python" "$here/icons.py" "$dist/icons"
cd "$here"
AGENT_DESK_ICONS="$dist/icons" "$python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$dist" --workpath "$work" agent-desk.spec
cp "$here/README.md" "$dist/agent-desk/README.md"
echo "built $dist/agent-desk ($(du -sh "$dist/agent-desk" | cut -f1)), version $version"

if [ "$(uname -s)" = Linux ]; then
  name="agent-desk-$version-linux-$(uname -m)"
  stage="$work/tarball/$name"
  rm -rf "$work/tarball"
  mkdir -p "$stage/share/applications" "$stage/share/metainfo" "$stage/service"
  cp -a "$dist/agent-desk" "$stage/agent-desk"
  cp "$here/linux/io.agentdesk.AgentDesk.desktop" "$stage/share/applications/"
  cp "$here/linux/io.agentdesk.AgentDesk.metainfo.xml" "$stage/share/metainfo/"
  mkdir -p "$stage/share/icons"
  cp -R "$dist/icons/hicolor" "$stage/share/icons/"
  cp "$here/linux/install.sh" "$here/linux/uninstall.sh" "$here/settings.example.toml" "$stage/"
  cp "$here/README.md" "$stage/README.md"
  cp "$here/service/"* "$stage/service/"
  tar -C "$work/tarball" -czf "$dist/$name.tar.gz" "$name"
  echo "packed $dist/$name.tar.gz ($(du -h "$dist/$name.tar.gz" | cut -f1))"
fi
