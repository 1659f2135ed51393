"""One exception tree for the whole library; only cli.py turns these into exit codes."""

from __future__ import annotations


class SearchError(Exception):
    """Root of every error this package raises on purpose. ``hint`` says what the user can do."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\nHint: {self.hint}"


class IndexNotFoundError(SearchError):
    """No index where one was expected."""


class IndexEmptyError(SearchError):
    """The index holds no article yet (a first run still going, stopped before its first commit, or that found
    nothing it could index)."""


class IndexFormatError(SearchError):
    """The index was written by another format version (or is damaged): it must be rebuilt."""


class IndexCorruptError(SearchError):
    """A file of the index is damaged (emptied, cut, changed or missing since it was written)."""


class IndexLockedError(SearchError):
    """Another process is writing to the index."""


class IndexWriteError(SearchError):
    """The index folder cannot be written (read-only, no permission, not a folder)."""


class QueryError(SearchError):
    """The query cannot be understood even leniently."""

    exit_code = 2


class ParseError(SearchError):
    """One input file (or one record of it: a line, a JSON array item, a WARC record) cannot be read as an
    article."""

    def __init__(self, path: str, reason: str, line: int | None = None, record: int | None = None) -> None:
        where = f"{path}:{line}" if line else f"{path} record {record}" if record else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.reason = reason
        self.line = line
        self.record = record


class UnreadableError(ParseError):
    """A file that is there but cannot be read now (permission denied, an I/O error): what the index holds
    from it is kept, not removed as if the file were gone (a file that is not there any more is a plain
    ParseError)."""


class UnknownLanguageError(SearchError):
    """A language code that the analyzer table does not hold."""

    exit_code = 2


class NotFoundError(SearchError):
    """A document or official id that is not in the index or registry."""

    exit_code = 1
