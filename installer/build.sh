#!/usr/bin/env bash
# Build the one-folder bundle of Agent Desk for the platform this runs on (PyInstaller, with
# installer/agent-desk.spec): DIST/agent-desk/agent-desk is the program.
#
#     installer/build.sh [DIST]          (default: dist/ at the top of the checkout)
#
# Needs the development install (./scripts/setup.sh), which brings PyInstaller.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-$root/.venv/bin/python}"
dist="$(realpath -m "${1:-$root/dist}")"
work="${WORK:-$root/build/pyinstaller}"
cd "$here"
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath "$dist" --workpath "$work" \
    agent-desk.spec
echo "built $dist/agent-desk ($(du -sh "$dist/agent-desk" | cut -f1))"
