"""The browser the search-page tests share (Debian's Chromium through its DevTools pipe)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .cdp import Browser, find_chromium


def require_chromium() -> None:
    """Skip, loudly and saying how to get it, where Chromium cannot be found."""
    if find_chromium() is None:
        pytest.skip("BROWSER TESTS SKIPPED: no `chromium` on PATH. Install Debian's package "
                    "(`apt-get install chromium`, or `make browser` as root) to run them.")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_chromium()
    with Browser() as b:
        yield b
