"""How the documents of a build are prepared (``prepare.py``), in a module of its own: a build that prepares
nothing (a no-op re-index) makes its options without importing the analysis and the enrichment rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Options:
    lang: str | None  # forced language, or None to detect
    registry_file: Path | None
    stored: bool = False  # each document's stored fields made as the local index's column holds them
