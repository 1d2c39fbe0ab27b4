"""The browser the suite drives through Playwright: Debian's Chromium, its headless shell first.

``chromium-headless-shell`` is Chromium's own headless build (Blink and V8 as in the browser,
without its windowing layer); Playwright's own headless runs use it rather than the full
browser. The same tests, alternated twice on this 2-core machine, with the machine's whole CPU
counted (Chromium's processes are not all the test process's children): the dashboard's 48
tests took 50.5 and 51.7 s of CPU with ``chromium --headless``, 31.7 and 26.3 s with the shell.
``./dev test`` installs the shell; where only the full browser is there, it is used.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = next(
    filter(None, map(shutil.which, ("chromium-headless-shell", "chromium", "chromium-browser"))), None
)
"""The browser's executable, or ``None`` where the machine has none."""
NO_CHROMIUM = (
    "no Chromium: ./dev test installs Debian's chromium-headless-shell where apt-get may run as root"
)
# As this machine's notes say: background networking off, or Chromium keeps dialling out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def launched() -> Iterator[Any]:
    """Chromium, headless, driven by Playwright for the block, and closed after it."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (the test extra's)

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
