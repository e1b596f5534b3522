"""``python -m generator``: the same as the ``sdk-parity`` console script."""

from generator.cli import main

raise SystemExit(main())
