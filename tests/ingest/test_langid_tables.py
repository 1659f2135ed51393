"""Language id's table of code points (ingest/langid.py ``_script_table``): each code point's script, as the
scripts' character classes (lang/table.py ``SCRIPTS``) match it."""

from __future__ import annotations

import re

import numpy as np

from search.ingest.langid import _script_table
from search.lang.table import SCRIPTS


def test_script_table_is_each_code_points_script_as_the_classes_match_it() -> None:
    table = _script_table()
    end = max(ord(ch) for s in SCRIPTS for ch in s.ranges) + 1
    assert len(table) == end + 1 and table[-1] == 0  # past the last range: no script's
    every = "".join(map(chr, range(end)))
    expected = np.zeros(end + 1, dtype=np.uint8)
    for number, script in enumerate(SCRIPTS, 1):  # (a later script's class wins where two overlap, as in the table)
        for m in re.finditer(f"[{script.ranges}]+", every):
            expected[m.start():m.end()] = number
    assert np.array_equal(table, expected)
    assert len(set(table.tolist())) == len(SCRIPTS) + 1
