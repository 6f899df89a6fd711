import sys

from agent_desk.cli import main

sys.exit(main())
