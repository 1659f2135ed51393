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
    # The articles' title and body sent back with what is prepared. The local index's build needs neither once
    # the stored fields are made (False): a fifth of the bytes a worker pickled (18 of 65 MB at 5k) and the
    # parent unpickled, in the middle of the build when every core is busy.
    text: bool = True
