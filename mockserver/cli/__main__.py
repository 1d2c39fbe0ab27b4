"""``python -m mockserver.cli``: the ``booking-sandbox`` command."""

from mockserver.cli import main

code = main()
# CPython (3.11 to 3.13 at least) notes a KeyboardInterrupt that left any string ``exec`` (a
# dataclass's or a namedtuple's methods are made so), even one caught afterwards, and at the end
# of ``-m`` it then ends the process by SIGINT, whatever ``main`` answered: a SIGTERM that
# landed in an import while ``serve`` or ``proxy`` started read as -2, not exit 2. The note is
# cleared as each string ``exec`` starts, and only so; ``main`` caught every interrupt it meant
# to, so its code is the process's.
exec("")
raise SystemExit(code)
