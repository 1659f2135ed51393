"""Files -> Articles: walk folders, parse each file, then enrich (boilerplate, language, date, officials).

The names below are imported when first used: an index build with nothing to parse or enrich (a no-op
re-index) imports ``walk`` without the enrichment rules and their tables (about 0.09 s)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .enrich import enrich
    from .parse import parse_file
    from .walk import walk

__all__ = ["enrich", "parse_file", "walk"]
_MODULES = {"enrich": ".enrich", "parse_file": ".parse", "walk": ".walk"}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value = getattr(importlib.import_module(_MODULES[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
