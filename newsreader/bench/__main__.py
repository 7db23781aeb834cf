"""`python -m newsreader.bench`: see newsreader.bench.run."""

import sys

from newsreader.bench.run import main

sys.exit(main())
