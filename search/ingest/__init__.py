"""Files -> Articles: walk folders, parse each file, then enrich (boilerplate, language, date, officials).

The names below are imported when first used: an index build with nothing to parse or enrich (a no-op
re-index) imports ``walk`` without the enrichment rules and their tables (about 0.09 s)."""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from ..lazy import names_from

if TYPE_CHECKING:
    from .enrich import enrich
    from .parse import parse_file
    from .walk import walk

__all__ = ["enrich", "parse_file", "walk"]
_MODULES = {"enrich": ".enrich", "parse_file": ".parse", "walk": ".walk"}

__getattr__ = names_from(__name__, _MODULES)


class _Package(types.ModuleType):
    """``enrich`` and ``walk`` name the functions, as when they were imported here eagerly, not their modules: the
    import system binds a submodule to its package's attribute once imported (``from search.ingest import enrich``
    gave the module after ``search.index.prepare`` had imported ``search.ingest.enrich``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("enrich", "walk") and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
