"""Files -> Articles: walk folders, parse each file, then enrich (boilerplate, language, date, officials)."""

from .enrich import enrich
from .parse import parse_file
from .walk import walk

__all__ = ["enrich", "parse_file", "walk"]
