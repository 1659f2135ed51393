"""Output: terminal text, JSON and CSV (``text.py``), and the static HTML site (``export.py``)."""
