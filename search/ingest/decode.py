"""Bytes -> text: a file read within its size limit (gzip too, a bomb refused), binary formats refused with
their name, UTF-8 with a byte order mark or UTF-16, Windows-1252 when the bytes were never UTF-8 and read as Western
European text, else the legacy code page of the script they hold (cp1258, cp1251, cp874, GBK), a damaged
UTF-8 spot replaced; every guess becomes a note, everything that is not text a ``ParseError`` with the reason."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import stat
import unicodedata
import zlib
from collections.abc import Callable, Generator
from pathlib import Path
from typing import BinaryIO

from ..errors import ParseError, UnreadableError
from .fields import nfc

_SNIFF_BYTES = 8192
# Formats that are sometimes saved with a .txt name; checked before decoding, for a clear reason.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (docx, odt, epub...)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")  # checked first: the first starts like UTF-16's
_MAX_NUL_SHARE = 0.01  # a stray NUL or two is text with a bad character (replaced, noted); more is binary
_MAX_REPLACED_SHARE = 0.05  # more undecodable bytes than this: not text in any encoding we can guess
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # C0 controls other than \t \n \f \r
_MAX_CONTROL_SHARE = 0.01
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f])  # _CONTROL's bytes in UTF-8, but \x0b
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


def _refuse_binary(path: str, data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ParseError(path, f"binary file ({kind}), not a text article")
    sniff = data[:_SNIFF_BYTES]
    if sniff.count(0) > max(2, _MAX_NUL_SHARE * len(sniff)):
        raise ParseError(path, "binary file (contains NUL bytes), not a text article")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte order mark (some Windows tools): most characters' other byte is NUL on one
    side only (ASCII letters, digits, spaces and punctuation of any language's text). The encoding, or None."""
    if len(data) < 8 or len(data) % 2 or data.find(0, 0, _SNIFF_BYTES) < 0:  # (no NUL: none of the two)
        return None
    sniff = data[:_SNIFF_BYTES]
    even, odd = sniff[0::2].count(0), sniff[1::2].count(0)
    if odd > 0.1 * len(sniff) / 2 and even == 0:
        return "utf-16-le"
    if even > 0.1 * len(sniff) / 2 and odd == 0:
        return "utf-16-be"
    return None


def _decode(path: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    """Bytes -> text, with a note for every guess."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    elif data.startswith(_UTF32_BOMS):
        try:
            return data.decode("utf-32"), ("decoded as UTF-32 (byte order mark)",)
        except UnicodeDecodeError:
            raise ParseError(path, "starts with a UTF-32 byte order mark but is not valid UTF-32") from None
    elif data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), ("decoded as UTF-16 (byte order mark)",)
        except UnicodeDecodeError:
            raise ParseError(path, "starts with a UTF-16 byte order mark but is not valid UTF-16") from None
    if (encoding := _utf16_without_bom(data)) is not None:
        try:
            return data.decode(encoding), (f"decoded as {encoding.upper()} (no byte order mark)",)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: judged as bytes below
    _refuse_binary(path, data)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as e:
        first_bad = e.start
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    # Which mistake is it? A file whose every non-ASCII byte is invalid UTF-8 was never UTF-8: Windows-1252
    # (French, Spanish...) reads it right. A file that also holds valid multi-byte characters is UTF-8 with
    # a damaged spot: re-reading it all as cp1252 would turn every "é" into "Ã©".
    if not _VALID_NON_ASCII.search(text):
        try:
            latin: str | None = data.decode("cp1252")
        except UnicodeDecodeError:
            latin = None  # bytes cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d): not cp1252
        if latin is not None and _western(latin):
            return latin, ("not valid UTF-8; decoded as Windows-1252 (cp1252)",)
        if (guessed := _legacy(data)) is not None:
            return guessed
        if latin is not None:
            return latin, ("not valid UTF-8; decoded as Windows-1252 (cp1252)",)
        tried = True  # and found nothing: not asked again below
    else:
        tried = False
    if replaced > _MAX_REPLACED_SHARE * len(text):
        if not tried and (guessed := _legacy(data)) is not None:
            return guessed  # Thai in cp874, Chinese in GBK: neither UTF-8 nor cp1252
        raise ParseError(path, f"not a text file: {replaced} byte sequences of {len(data)} bytes are neither "
                         "UTF-8 nor cp1252")
    return text, (f"invalid UTF-8: {replaced} undecodable byte sequence(s) replaced with U+FFFD "
                  f"(first at byte {first_bad})",)


# Western European text read as cp1252 has a few accented letters among its letters (French, Spanish, German:
# 1-8%); another script's code page read so is made of them (Russian in cp1251: 100%, Vietnamese in cp1258:
# 25-37%, Thai in cp874: 100%), measured on the Snowball vocabularies and the 2,653 vi-news articles.
_MAX_WESTERN_ACCENTED = 0.15
_CJK_OR_UTF = ("utf", "ascii")


def _western(text: str) -> bool:
    """Whether cp1252's reading of a file looks like Western European text."""
    letters = accented = 0
    for ch in text[:65536]:
        if ch.isalpha():
            letters += 1
            accented += ord(ch) > 127
    return accented <= _MAX_WESTERN_ACCENTED * letters


_VIETNAMESE = frozenset("ơưăđƠƯĂĐ")


def _other_script(text: str) -> bool:
    """Whether ``text`` (a legacy code page's reading) is of a script cp1252 cannot write: most non-ASCII
    letters of a non-Latin script (cp1251, cp874, GBK), or Vietnamese (cp1258: its tones as combining marks,
    a fifth or more of the non-ASCII characters in every vi-news article, and its own letters ơ ư ă đ). A
    Western text read with another Latin code page is not (Portuguese "ã" read as "ă", Italian "ì" as a mark)."""
    other = marks = total = 0
    vietnamese = False
    for ch in text[:65536]:
        if ord(ch) < 128:
            continue
        category = unicodedata.category(ch)
        if category[0] != "L" and category != "Mn":
            continue
        total += 1
        marks += category == "Mn"
        vietnamese = vietnamese or ch in _VIETNAMESE
        other += category[0] == "L" and not unicodedata.name(ch, "LATIN").startswith("LATIN")
    return total > 0 and (other * 2 >= total or (vietnamese and marks * 5 >= total))


def _legacy(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """A file in another legacy code page (an Excel export from a Russian, Vietnamese, Thai or Chinese Windows:
    cp1251, cp1258, cp874, GBK...), as charset_normalizer guesses it; None when it has no guess."""
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - installed with trafilatura
        return None
    best = charset_normalizer.from_bytes(data[:65536]).best()
    if best is None or best.encoding.startswith(_CJK_OR_UTF):
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if not _other_script(text):
        return None  # a Western text read with another Latin code page ("à" as "ŕ" in cp1250): not better
    return text, (f"not valid UTF-8; decoded as {best.encoding} (guessed: not Western European text)",)


def open_regular(path: Path | str) -> BinaryIO:
    """``path`` opened for reading when it is a regular file (symlinks followed), else a ParseError with the
    reason. A pipe (FIFO) or a device named like an article must not be read: opening a FIFO waits for a writer,
    and reading one (or ``/dev/zero``) never ends, so the run would hang. The file is opened without waiting
    (``O_NONBLOCK``) and its type checked on the open file, so one replaced by a pipe after the walk is caught
    too."""
    fd, _ = _open_regular(path)
    try:
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_regular(path: Path | str) -> tuple[int, int]:
    """``open_regular``'s file descriptor (blocking), and the file's size."""
    where = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a device is not even opened (a tape rewinds on open)
            raise ParseError(where, "not a regular file (directory, pipe or device)")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise UnreadableError(where, "permission denied: cannot read the file") from None
    except FileNotFoundError:
        raise ParseError(where, "file not found (deleted or moved while indexing?)") from None
    except OSError as e:
        raise UnreadableError(where, f"cannot read: {e.strerror or e}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ParseError(where, "not a regular file (directory, pipe or device)")
        os.set_blocking(fd, True)
        return fd, info.st_size
    except BaseException:
        os.close(fd)
        raise


def _read_fd(fd: int, n: int) -> bytes:
    """Up to ``n`` bytes of the file open as ``fd``, fewer at its end only (as a buffered file's ``read``)."""
    data = os.read(fd, n)
    if len(data) < n and data:
        parts = [data]
        while n > (got := sum(map(len, parts))) and (part := os.read(fd, n - got)):
            parts.append(part)
        data = b"".join(parts)
    return data


class CutShort(ParseError):
    """A gzipped file of lines (JSON Lines, CSV) that ends before its end marker (a download or copy not
    finished): ``kept``, its whole lines, can be read; the line it ends in and the rest are lost."""

    def __init__(self, path: str, kept: bytes) -> None:
        super().__init__(path, "the gzip file is cut short (a download or copy not finished?): the lines before "
                               "this one are read, this one and the rest are lost")
        self.kept = kept


def read_bytes(path: Path, limit: int, gz: bool = False, lines: bool = False) -> bytes:
    """A file's bytes (decompressed if ``gz``), refused with a reason when unreadable, not a regular file, empty
    or too big. ``lines``: a file of records a line (JSON Lines, CSV), whose gzip cut short raises ``CutShort``
    with its whole lines (the whole file was refused: 20 whole records of 30 lost with the one cut)."""
    where = str(path)
    fd, size = _open_regular(path)  # (read without a buffered file object around it: a quarter of the time)
    try:
        if size > limit:
            raise ParseError(where, f"file is {size / 2**20:.1f} MiB, over the {limit / 2**20:.0f} MiB "
                             "limit for one file of this type; split it or check that it is an article")
        # As many bytes as the file holds, + 1 to see whether it grew since (then the rest up to the limit):
        # read(limit + 1) asks for a buffer of the limit's size (1 GiB for a collection) for every file.
        data = _read_fd(fd, size + 1)
        if len(data) > size:
            data += _read_fd(fd, limit + 1 - len(data))  # a file that grew past the limit is still refused
    except OSError as e:  # an I/O error (a failing disk, a network folder gone away)
        raise UnreadableError(where, f"cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ParseError(where, f"file is over the {limit / 2**20:.0f} MiB limit for one file of this type")
    if gz and data:
        data = _gunzip(where, data, limit, lines)
    if not data:
        raise ParseError(where, "empty file (0 bytes)" if not gz else "empty file (nothing inside the gzip)")
    return data


_GUNZIP_PIECE = 4 * 2**20


def _gunzip(where: str, data: bytes, limit: int, lines: bool = False) -> bytes:
    """Decompressed, at most ``limit`` bytes: a gzip bomb is refused, not unpacked into memory. ``lines``: a
    file cut short raises ``CutShort`` with its whole lines, when it holds one."""
    parts: list[bytes] = []
    size = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            # In pieces: read(limit + 1) asks for a buffer of the limit's size (1 GiB for a collection) at once
            while size <= limit and (part := f.read(min(_GUNZIP_PIECE, limit + 1 - size))):
                parts.append(part)
                size += len(part)
    except EOFError as e:  # the compressed stream ends before its end marker: the file is cut short
        parts.clear()  # not held while the file is decompressed again (1 GiB for a collection)
        if lines and (kept := _whole_lines(where, data, limit)):
            raise CutShort(where, kept) from None
        raise ParseError(where, f"not a readable gzip file: {e}") from None
    except (OSError, zlib.error) as e:
        raise ParseError(where, f"not a readable gzip file: {e}") from None
    out = b"".join(parts)
    del parts
    if len(out) > limit:
        raise ParseError(where, f"decompresses to over the {limit / 2**20:.0f} MiB limit for one file of this "
                         "type")
    return out


def _whole_lines(where: str, data: bytes, limit: int) -> bytes:
    """What a gzip file cut short holds, up to the end of its last whole line: zlib decompresses a stream as far
    as it goes, where ``GzipFile`` gives nothing of the piece it was reading (member after member, at most
    ``limit`` bytes: a bomb cut short is refused still)."""
    out = bytearray()
    try:
        while data and len(out) <= limit:
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            rest = data
            while len(out) <= limit:  # in pieces, added to ``out``: not a second copy of the file at once
                piece = min(_GUNZIP_PIECE, limit + 1 - len(out))
                part = member.decompress(rest, piece)
                out += part
                rest = member.unconsumed_tail
                if member.eof or not rest and len(part) < piece:
                    break
            if not member.eof:
                break
            data = member.unused_data
    except zlib.error:
        pass  # what follows the last whole member is no gzip: the lines before it are still whole
    if len(out) > limit:
        raise ParseError(where, f"decompresses to over the {limit / 2**20:.0f} MiB limit for one file of this "
                         "type")
    del out[_last_line_end(out):]  # in place: one copy of the lines kept, not three
    return bytes(out)


def _last_line_end(data: bytes | bytearray) -> int:
    """Where the last whole line of ``data`` ends (0: none), its new line a whole character of the text's
    encoding: in UTF-16 and UTF-32 the byte 0x0A is half of a new line or a byte of another character (cut at
    it, a UTF-16LE file was refused as not valid UTF-16, its readable lines lost)."""
    width, big = 1, False
    if data.startswith(_UTF32_BOMS):
        width, big = 4, data.startswith(_UTF32_BOMS[1])
    elif data.startswith(_UTF16_BOMS):
        width, big = 2, data.startswith(_UTF16_BOMS[1])
    elif encoding := _utf16_without_bom(bytes(data[: min(len(data), _SNIFF_BYTES) // 2 * 2])):  # its first bytes
        width, big = 2, encoding == "utf-16-be"
    if width == 1:
        return max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
    ends = [0]
    for ch in (b"\n", b"\r"):
        unit = int.from_bytes(ch).to_bytes(width, "big" if big else "little")
        end = len(data)
        while (at := data.rfind(unit, 0, end)) >= 0 and at % width:  # not a character of its own: look before
            end = at + width - 1
        if at >= 0:
            ends.append(at + width)
    return max(ends)


_STREAM_PIECE = 1 << 18  # 256 KiB: held (with its text) while the file is checked


def utf8_lines(path: Path, limit: int, gz: bool = False) -> tuple[int, Callable[[], Generator[str]]] | None:
    """A collection file of valid UTF-8 text, to be read a line at a time: ``(its lines, a function giving
    them)``, each line with its ``\n`` as ``decode_text`` gives them (``\r\n``, ``\r``, a vertical tab or a
    page break a new line, a byte order mark left out). Read whole, a JSON Lines file took about 4 times its
    size in memory (its bytes, then its text); read so, a line and a piece of the file. The file is checked
    first, in pieces: None when it is not such a file (empty, binary, another encoding, over ``limit``), for
    ``read_bytes`` and ``decode_text`` to read it whole and say what it is, or guess its encoding."""
    where = str(path)
    lines = 1
    try:
        with open_regular(path) as f, (gzip.GzipFile(fileobj=f) if gz else f) as raw:
            first = raw.read(_STREAM_PIECE)
            if not first or first.startswith(_UTF16_BOMS + _UTF32_BOMS) or _utf16_without_bom(first) is not None:
                return None
            try:
                _refuse_binary(where, first)
                # The first piece, judged as decode_text judges a file (control characters in its first
                # _SNIFF_BYTES characters, only spaces): anything it would note or refuse is for it to say. Cut
                # where a character ends (a character cut in two is left out), not at its last new line: the
                # last line of a short file is judged too.
                head = codecs.getincrementaldecoder("utf-8")().decode(first[:_SNIFF_BYTES * 8])
                if decode_text(where, head.encode("utf-8"), normalize=False)[1]:
                    return None
            except ParseError:
                return None
            decoder = codecs.getincrementaldecoder("utf-8")()
            size, piece, after_cr = 0, first, False
            while piece:
                size += len(piece)
                if size > limit:
                    return None
                decoder.decode(piece)  # raises at the first byte that is not UTF-8
                lines += _line_ends(piece, after_cr)
                after_cr = piece.endswith(b"\r")
                piece = raw.read(_STREAM_PIECE)
            decoder.decode(b"", final=True)
    except (UnicodeDecodeError, OSError, EOFError, zlib.error, ParseError):
        return None  # read whole, this says why (a damaged gzip, an I/O error, not UTF-8)

    def read() -> Generator[str]:
        try:
            with open_regular(path) as f, (gzip.GzipFile(fileobj=f) if gz else f) as raw, \
                    io.TextIOWrapper(raw, encoding="utf-8-sig", newline=None) as text:
                for line in text:  # universal new lines: \r\n and \r are \n, as decode_text makes them
                    if "\x0b" in line or "\x0c" in line:
                        # Cut at \n only, as decode_text's text is: not splitlines, which also cuts at U+2028,
                        # U+0085... that a JSON string may hold (a record lost, the lines after it renumbered).
                        yield from io.StringIO(line.replace("\x0b", "\n").replace("\x0c", "\n"), newline="\n")
                    else:
                        yield line
        except (OSError, EOFError, zlib.error) as e:  # a disk failing, the file cut while read: the rest is lost
            raise UnreadableError(where, f"cannot read: {getattr(e, 'strerror', None) or e}") from None

    return lines, read


def _line_ends(piece: bytes, after_cr: bool) -> int:
    """The new lines in ``piece`` as ``read`` cuts them: ``\n``, ``\r\n``, ``\r`` alone, a vertical tab, a page
    break (counting ``\n`` alone, a file with old Mac line ends was one line: its progress bar jumped to 100% at
    its first record). ``after_cr``: the piece before ended with ``\r``, whose ``\n`` this one may start with."""
    ends = piece.count(b"\n") + piece.count(b"\r") - piece.count(b"\r\n") + piece.count(b"\x0b") + piece.count(b"\x0c")
    return ends - 1 if after_cr and piece.startswith(b"\n") else ends


def decode_text(where: str, data: bytes, normalize: bool = True) -> tuple[str, tuple[str, ...]]:
    """Bytes -> NFC text with ``\n`` line ends; raise ParseError for what is not text. ``normalize=False``
    for collections (JSON, CSV), whose values are normalised one by one (``fields.py``): JSON's ``\u0300``
    escapes are only characters once parsed, and normalising megabytes twice costs seconds."""
    text, notes = _decode(where, data)
    if "\r" in text:  # (a search for "\r\n" costs as much as a copy: most files have no "\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0b" in text or "\x0c" in text:  # Word's line break (vertical tab) and page break: new lines
        text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    if normalize:
        text = nfc(text)
    if not text or text.isspace():  # (not ``strip``: a copy of the whole text)
        raise ParseError(where, "file contains only whitespace")
    # A few stray control characters (an ESC, a NUL at the end) are bad characters of a text, replaced and
    # noted by sanitize.clean; many are a binary file. UTF-8 read as it is (no note) holds a control character
    # where its bytes hold one (the byte of an ASCII character is never part of another's; \x0b went above, and
    # NFC makes none): bytes without any need no counting (deleting bytes costs a quarter of the search).
    if not notes and len(data.translate(None, _CONTROL_BYTES)) == len(data):
        return text, notes
    controls = len(_CONTROL.findall(text[:_SNIFF_BYTES]))
    if controls > max(2, _MAX_CONTROL_SHARE * min(len(text), _SNIFF_BYTES)):
        raise ParseError(where, f"binary file ({controls} control characters in the first {_SNIFF_BYTES} "
                         "characters), not a text article")
    return text, notes
