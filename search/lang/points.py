"""A text's code points as a numpy array, and which of them are in a class of characters: counting letters of a
script or words of a class over a whole text with a few numpy calls, where a regular expression makes a string
or a match per run (the indexer's hot path: language id, ``analysis.terms.spells_exactly``).

numpy is imported on first use: the CLI's start does not pay for it, the indexer has it loaded.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any


def code_points(text: str) -> Any:
    """``[ord(ch) for ch in text]`` as a uint32 array (a lone surrogate is its own code point)."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@cache
def class_table(ranges: str) -> Any:
    """Whether each code point up to the last of ``ranges`` (the characters and ranges of a regular expression's
    character class, without its brackets: ``"A-Za-z"``) is in the class, and one entry more, False,
    that every code point above it is counted as (``in_class``)."""
    import numpy as np

    end = max(map(ord, ranges)) + 1
    table = np.zeros(end + 1, dtype=bool)
    for m in re.finditer(f"[{ranges}]+", "".join(map(chr, range(end)))):
        table[m.start():m.end()] = True
    return table


def in_class(points: Any, ranges: str) -> Any:
    """Whether each of ``points`` (``code_points``) is in the class ``ranges`` (``class_table``), as a bool array."""
    import numpy as np

    table = class_table(ranges)
    return table[np.minimum(points, len(table) - 1)]
