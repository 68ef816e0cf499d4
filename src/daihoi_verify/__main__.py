"""`python -m daihoi_verify BOARD.json`."""

import sys

from daihoi_verify.cli import main

if __name__ == "__main__":  # not again in the worker processes (spawned, they import this module)
    sys.exit(main())
