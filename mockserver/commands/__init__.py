"""The ``booking-sandbox`` command's subcommands, one module each."""
