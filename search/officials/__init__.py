"""Officials: the registry (who is who, in every spelling), the matcher that finds them in text, lookups
over an index (who is mentioned, when, with whom), and suggestions of people the registry lacks.

The names below are imported when first used: a build with nothing to tag (a no-op re-index) needs only the
registry's digest (``digest.py``), not the matcher and its tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import names_from

if TYPE_CHECKING:
    from .registry import Official, Registry, Role, default_registry, load_registry

__all__ = ["Official", "Registry", "Role", "default_registry", "load_registry"]

__getattr__ = names_from(__name__, dict.fromkeys(__all__, ".registry"))
