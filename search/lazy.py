"""A package's names imported from their modules when first used (a module ``__getattr__``, PEP 562): importing
the package costs nothing until one is asked for (a no-op re-index imports ``search.ingest``'s walk without the
enrichment rules, ``search.analysis``' analyzers without the index terms' tables)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def names_from(package: str, modules: dict[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``, which imports each name of ``modules`` (name -> its module, relative to
    the package) on first use and keeps it in the package."""

    def __getattr__(name: str) -> Any:
        if name in modules:
            value = getattr(importlib.import_module(modules[name], package), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
