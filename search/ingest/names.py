"""Which file names are articles, and the names of the files this program writes into folders: their one home,
apart from the parser (``parse.py`` imports the decoders and compiles their expressions: about 0.04 s) and the
site exporter, which take them from here: a walk needs only the names, and a re-index with nothing to do walks
without parsing."""

from __future__ import annotations

SINGLE = (".txt", ".md", ".markdown", ".html", ".htm")  # one article per file
COLLECTIONS = (".jsonl", ".json", ".csv", ".warc")  # many articles per file
SUPPORTED_SUFFIXES = SINGLE + COLLECTIONS
SUPPORTED_TEXT = ".txt, .md, .html, .htm, .json, .jsonl, .csv, .warc, or any of them .gz"
EXPORT_MANIFEST = ".export-manifest.json"  # the file every exported site holds (site/files.py MANIFEST)


def supported_name(name: str) -> tuple[str, bool] | None:
    """``(format suffix, gzipped)`` of an article file named ``name``, or None: ``a.jsonl.gz`` ->
    ``(".jsonl", True)``."""
    name = name.lower()
    gz = name.endswith(".gz")
    base = name[:-3] if gz else name
    dot = base.rfind(".")
    suffix = base[dot:] if 0 < dot < len(base) - 1 else ""  # as ``Path.suffix`` (a walk asks for every file)
    return (suffix, gz) if suffix in SUPPORTED_SUFFIXES else None
