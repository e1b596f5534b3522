"""``python -m generator``: the same as the ``sdk-parity`` console script."""

from .cli import main

raise SystemExit(main())
