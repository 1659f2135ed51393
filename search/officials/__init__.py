"""Officials: the registry (who is who, in every spelling), the matcher that finds them in text, lookups
over an index (who is mentioned, when, with whom), and suggestions of people the registry lacks.

The names below are imported when first used: a build with nothing to tag (a no-op re-index) needs only the
registry's digest (``digest.py``), not the matcher and its tables."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import Official, Registry, Role, default_registry, load_registry

__all__ = ["Official", "Registry", "Role", "default_registry", "load_registry"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        value = getattr(importlib.import_module(".registry", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
