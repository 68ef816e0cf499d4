"""`python -m daihoi_verify BOARD.json`."""

import sys

from daihoi_verify.cli import main

sys.exit(main())
