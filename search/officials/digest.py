"""The digest of an officials registry's text (the package's, with a user's file on top), apart from the
registry itself (``registry.py``): a build that tags nothing (a no-op re-index) compares it with the one its
articles were indexed with without loading the registry, its matcher and their tables."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

_package_digest: list[Any] = []  # the package registry's digest, computed once


def registry_digest(user_file: Path | None = None) -> str:
    """A digest of the package registry's text and ``user_file``'s (nothing when it cannot be read: loading the
    registry says so)."""
    if not _package_digest:
        _package_digest.append(hashlib.blake2b(
            resources.files("search.officials").joinpath("data", "officials.toml").read_bytes(), digest_size=8))
    digest = _package_digest[0].copy()
    if user_file is not None:
        try:
            digest.update(Path(user_file).read_bytes())
        except OSError:
            pass  # Registry.load says what cannot be read
    return str(digest.hexdigest())
