"""The storage engine: the only package that knows the index is Whoosh underneath.

Writing (``writer.IndexWriter``, driven by ``build.build_index``) and reading (``reader.IndexReader``) are
separate objects, as in tantivy-py; ``store`` owns the folder and its format stamp, ``schema`` and ``codec``
the on-disk format, ``docarrays`` the per-document arrays saved with each generation.
"""
