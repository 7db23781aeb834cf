"""`python -m newsreader`: the same as the `newsreader` command."""

import sys

from newsreader.cli.main import run

sys.exit(run())
