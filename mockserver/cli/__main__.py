"""``python -m mockserver.cli``: the ``booking-sandbox`` command."""

from mockserver.cli import main

raise SystemExit(main())
