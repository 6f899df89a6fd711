"""The frozen program's entry point: the ``agent-desk`` command (the app when run bare)."""

import sys

from agent_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
