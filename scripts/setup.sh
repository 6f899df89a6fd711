#!/usr/bin/env bash
# Install everything Agent Desk needs into .venv (idempotent; fast when nothing changed).
#
# On Debian/Ubuntu it first installs the system packages Qt and venv need, if any are missing
# (as root, or through sudo when it is available). Python 3.11 or newer is required.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "setup: Python 3.11 or newer is needed (Debian: apt-get install python3)" >&2
  exit 1
fi

# System libraries: venv support, the Qt runtime (offscreen and X11/xcb), fonts.
DEB_PACKAGES="python3-venv libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core"
if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for pkg in $DEB_PACKAGES; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
    if [ "$SUDO" = none ]; then
      echo "setup: missing Debian packages:$missing" >&2
      echo "setup: ask an administrator to run: apt-get install$missing" >&2
      exit 1
    fi
    echo "setup: installing Debian packages:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi

# Reinstall only when the package definition changed since the last successful install.
stamp=.venv/.agent-desk-installed
wanted=$(cat pyproject.toml setup.py | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ] || ! .venv/bin/python -c 'import agent_desk' 2>/dev/null; then
  echo "setup: installing Agent Desk and its dependencies into .venv"
  log=.venv/pip-install.log
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip &&
         .venv/bin/python -m pip install --disable-pip-version-check -e '.[test]'; } >"$log" 2>&1 ||
     ! .venv/bin/python -c 'import agent_desk, PySide6, sqlalchemy, psycopg, pymysql, pytestqt'; then
    grep -v "is ignored" "$log" | tail -40 >&2
    echo "setup: the installation did not complete; the full pip log is $log" >&2
    exit 1
  fi
  echo "$wanted" > "$stamp"
fi
