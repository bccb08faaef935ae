"""``python -m byline``: the ``byline`` command (byline.cli)."""

import sys

from byline.cli import main

if __name__ == "__main__":
    sys.exit(main())
