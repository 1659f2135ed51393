"""Officials: the registry (package TOML, then the user's file on top) and the gazetteer that finds them.

    Registry.load().find("Thủ tướng Phạm Minh Chính tiếp Samdech Hun Manet", "2024-11")
    -> [Mention("pham-minh-chinh", "Phạm Minh Chính", count=1, first_pos=10, roles=("Prime Minister",)),
        Mention("hun-manet", "Hun Manet", count=1, first_pos=39, roles=("Prime Minister",))]

Matching (DESIGN.md traps 1, 4, 6 and 8): every name and alias is folded (Latin accents removed,
``đ`` -> ``d``, lowercased; Khmer, Thai and Lao signs kept) into one Aho-Corasick automaton, built once per
registry. The text is folded the same way, one character for one, after dropping zero-width spaces (Khmer
puts U+200B between words), dots inside transcribed names (``通伦·西苏里``), decomposed accents and repeated
whitespace; a span list maps folded offsets back to the original text. Each hit must then pass these checks
on the original text:

- words: names in spaced scripts match whole words only (``Hun Sen`` is not in ``Hun Senate``); names in
  Khmer, Lao, Thai, CJK and Hangul match anywhere (those scripts do not separate words with spaces);
- capitals: every capitalised word of the alias is capitalised in the text (``To Lam`` yes, ``tô lâm`` no);
- accents: each word carries the alias's accents or none (the French sample writes ``Bùi Thanh Son``), never
  others: ``Tổ Lâm`` is not ``Tô Lâm``, ``Tân Cương`` (Xinjiang) is not ``Tần Cương`` (Qin Gang). Text
  without any accent matches only the unaccented aliases, which the registry lists explicitly
  (``Pham Minh Chinh``), never ``Tan Cuong``;
- Russian: words may take a case ending (``Хун Манетом``, ``Фам Минь Тиня``, ``Дональда Трампа``).

Overlapping hits keep the leftmost, then longest; the registry's ``others`` (names of other people that
contain an official's, "Bun Rany Hun Sen") take part in that and are then dropped, hiding the name inside.

No fuzzy matching: two people whose folded names differ are never merged (``Pham Binh Minh`` is not
``Pham Minh Chinh``), and an alias may belong to one official only.

Folding is private here rather than ``search.analysis.fold`` (which did not exist when this was written, and
works word by word): matching needs a one-for-one fold of a whole text with offsets back into it, done with
one ``str.translate``; Latin letters fold the same way in both.
"""

from __future__ import annotations

import bisect
import itertools
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import SearchError

__all__ = ["Candidate", "Mention", "Official", "Registry", "Role", "find_candidates"]

_PACKAGE_FILE = "search/data/officials.toml"
_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")
_DATE = re.compile(r"(\d{4}-(?:0[1-9]|1[0-2]))(?:-(?:0[1-9]|[12]\d|3[01]))?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY = re.compile(r"[A-Z]{2}|ASEAN")
_MIN_SINGLE_WORD = 6  # "Jokowi" may stand alone; a bare surname ("Sen", "Lam") may not


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    start: str  # "YYYY-MM"
    end: str | None = None  # "YYYY-MM", included; None while the role is held


@dataclass(frozen=True, slots=True)
class Official:
    id: str
    name: str
    country: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def role_at(self, date: str | None = None) -> tuple[str, ...]:
        """Titles held at ``date`` ("YYYY-MM" or "YYYY-MM-DD", first and last months included), or the
        current ones when ``date`` is None: ``to-lam`` at "2024-08" -> ("President", "General Secretary")."""
        if date is None:
            held = [r.title for r in self.roles if r.end is None]
        else:
            month = _month(date)
            held = [r.title for r in self.roles if r.start <= month and (r.end is None or month <= r.end)]
        return tuple(dict.fromkeys(held))  # a title held twice (two terms) is listed once


@dataclass(frozen=True, slots=True)
class Mention:
    official_id: str
    name: str  # the official's display name, whatever spelling the text used
    count: int
    first_pos: int  # character offset of the first mention in the text given to find()
    roles: tuple[str, ...]  # Official.role_at(date)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name after a title that the registry does not know: a suggestion for a new entry."""

    name: str  # "Nguyen Van Thanh"
    title: str  # "Prime Minister", as written
    context: str  # the surrounding text, whitespace collapsed


def _month(date: str) -> str:
    m = _DATE.fullmatch(date)
    if m is None:
        raise SearchError(f"date {date!r} is not YYYY-MM or YYYY-MM-DD")
    return m.group(1)


# ----------------------------------------------------------------------------------------------- folding

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_NAME_DOTS = "\u00b7\u2027\u30fb\uff65"  # 通伦·西苏里, ソーンサイ・シーパンドーン: sources differ on the dot
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LATIN_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff"
_ANY_MARK = re.compile(f"[{_LATIN_MARKS}]")
# Removed from decomposed (NFD) text before folding; the order matters: a zero-width space between two
# spaces goes with the second one.
_DROP = re.compile(
    rf"(?<=\s)[\s{_ZERO_WIDTH}]+|[{_ZERO_WIDTH}{_NAME_DOTS}]+|(?<=[{_LATIN}])[{_LATIN_MARKS}]+"
)
# The same on already folded text, where whitespace is " " and zero-width characters and dots are "\0".
_DROP_FOLDED = re.compile(" [ \0]+|\0+")
# Letters NFD does not decompose but that readers type without their stroke (DESIGN.md trap 2), 1:1 only.
_STROKES = {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ƀ": "b", "ё": "е"}
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")


def _is_latin(ch: str) -> bool:
    o = ord(ch)
    return ch.isalpha() and (o < 0x250 or 0x1E00 <= o <= 0x1EFF)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """``str.translate`` table: Latin letters -> lowercase without accents, other cased letters -> lowercase,
    every whitespace -> " ". One character always becomes one, so folded offsets map straight back."""
    table: dict[int, str] = {}
    extra = [ord(ch) for ch in _ZERO_WIDTH + _NAME_DOTS] + [0x3000, 0xFF65]
    for cp in [*range(0x250), *range(0x370, 0x530), *range(0x1E00, 0x2000), *range(0x2000, 0x2030), *extra]:
        ch = chr(cp)
        if ch.isspace():
            out = " "
        elif ch in _ZERO_WIDTH or ch in _NAME_DOTS:
            out = "\0"  # dropped after translation
        elif _is_latin(ch):
            base = unicodedata.normalize("NFD", ch)[0].lower()
            out = _STROKES.get(base, base)
        else:
            low = ch.lower()
            out = _STROKES.get(low, low) if len(low) == 1 else ch
        if out != ch:
            table[cp] = out
    return table


@dataclass(frozen=True, slots=True)
class _Folded:
    text: str
    starts: list[int]  # folded offset where each kept piece of the original begins...
    origins: list[int]  # ...and where that piece begins in the original

    def orig(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.origins[i] + pos - self.starts[i]


def _fold_text(text: str) -> _Folded:
    if _ANY_MARK.search(text):  # decomposed accents: drop them (and the rest) first, then translate
        drops = [m.span() for m in _DROP.finditer(text)]
        return _Folded(*_without(text, drops, _fold_table()))
    # Usual case (NFC): translate first, then find what to drop in the translated text (2x faster: the
    # patterns over it start with literal characters). Offsets are the same in both, one char for one.
    translated = text.translate(_fold_table())
    if "\0" in translated:
        found = _DROP_FOLDED.finditer(translated)
    else:
        found = re.finditer("  +", translated)
    drops = [(m.start() + (m.group()[0] == " "), m.end()) for m in found]  # keep a run's first space
    return _Folded(*_without(translated, drops))


def _without(
    text: str, drops: list[tuple[int, int]], table: dict[int, str] | None = None
) -> tuple[str, list[int], list[int]]:
    """``text`` minus the ``drops`` spans (then translated), with the offset map back to ``text``:
    ("a  b", [(2, 3)]) -> ("a b", starts=[0, 2], origins=[0, 3])."""
    starts, origins, pieces = [0], [0], []
    last = folded_len = 0
    for start, end in drops:
        pieces.append(text[last:start])
        folded_len += start - last
        last = end
        starts.append(folded_len)
        origins.append(last)
    pieces.append(text[last:])
    joined = "".join(pieces)
    return (joined.translate(table) if table else joined), starts, origins


def _fold(text: str) -> str:
    """A name or phrase, folded and trimmed: " Bùi  Thanh Sơn" -> "bui thanh son"."""
    return _fold_text(text.strip()).text.strip()


def _words_of(text: str) -> list[str]:
    """Original-text words, as the checks compare them: NFC, zero-width characters and name dots removed."""
    cleaned = re.sub(f"[{_ZERO_WIDTH}{_NAME_DOTS}]", "", unicodedata.normalize("NFC", text))
    return cleaned.split()


def _marks(word: str) -> Counter[str]:
    """Accents on the Latin letters of a word: "Thưởng" -> {horn: 1, hook above: 1}; "Đam" -> {stroke: 1}."""
    found: Counter[str] = Counter()
    for ch in word:
        if _is_latin(ch):
            found.update(unicodedata.normalize("NFD", ch.lower())[1:])
            if ch.lower() in _STROKES:
                found["stroke"] += 1
    return found


# ------------------------------------------------------------------------------------------ Russian cases

_RU_VOWELS = "аеиоуыэюя"
# The letter a declinable word loses ("" when it ends in a consonant) -> the endings it may take.
_RU_ENDINGS: dict[str, frozenset[str]] = {
    "": frozenset({"", "а", "у", "ом", "ем", "ым", "е"}),  # Манет, Манета, Манету, Манетом, Путиным
    "ь": frozenset({"ь", "я", "ю", "ем", "ём", "е", "и"}),  # Тинь, Тиня, Тиню, Тинем
    "й": frozenset({"й", "я", "ю", "ем", "ём", "е", "и"}),
    "а": frozenset({"а", "ы", "и", "е", "у", "ой", "ою"}),  # Кисида, Кисиды, Кисидой
    "я": frozenset({"я", "и", "е", "ю", "ей", "ею"}),
}
_RU_SUFFIX = re.compile("[а-яё]{0,3}")


def _ru_stem(word: str) -> tuple[str, str | None]:
    """"тинь" -> ("тин", "ь"); "манет" -> ("манет", ""); "ли" -> ("ли", None): None = indeclinable."""
    last = word[-1]
    if last in "ьйая":
        return word[:-1], last
    if last in _RU_VOWELS or not ("а" <= last <= "я"):
        return word, None
    return word, ""


def _suffix_ok(cut: str | None, suffix: str) -> bool:
    return suffix == "" if cut is None else suffix in _RU_ENDINGS[cut]


# --------------------------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Form:
    """One spelling of one official as the automaton holds it."""

    official_id: str
    words: tuple[str, ...]  # the alias as written (NFC), split on spaces
    spaced: bool  # a script that separates words: match whole words only
    cyrillic: bool


# key (folded) -> (form, letter cut from the key's last word or None): "фам минь тин" -> (Фам Минь Тинь, "ь")
_Entry = tuple[_Form, "str | None"]


def _keys(alias: str) -> Iterator[tuple[str, str | None]]:
    """Automaton keys for one alias: the folded alias; in scripts written without spaces, every spelling with
    and without them ("ហ៊ុន សែន", "ហ៊ុនសែន"); in Russian, the case-ending stems ("хун манет", "хуна манет")."""
    folded = _fold(alias)
    if _UNSPACED_CHAR.search(folded):
        words = folded.split(" ")
        for joints in itertools.product(("", " "), repeat=len(words) - 1):
            yield "".join(w + j for w, j in zip(words, (*joints, ""), strict=True)), None
        return
    if not re.search("[а-яё]", folded):
        yield folded, None
        return
    words = folded.split(" ")
    stem, cut = _ru_stem(words[-1])
    if len(words) == 1:
        yield stem, cut
        return
    firsts = {words[0]}
    first_stem, first_cut = _ru_stem(words[0])
    if len(words) == 2 and first_cut is not None:  # given name + surname: both decline ("Дональда Трампа")
        firsts |= {first_stem + ending for ending in _RU_ENDINGS[first_cut]}
    for first in sorted(firsts):
        yield " ".join([first, *words[1:-1], stem]), cut


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


_NOBODY = ""  # official_id of the forms of `others`: they hide the official's name inside them, then vanish


class _Matcher:
    def __init__(self, officials: Mapping[str, Official], others: tuple[str, ...]) -> None:
        import ahocorasick  # imported here: only registries that match text pay for it

        names = [(official.id, alias) for official in officials.values() for alias in official.names]
        entries: dict[str, list[_Entry]] = {}
        for official_id, alias in [*names, *((_NOBODY, other) for other in others)]:
            form = _Form(
                official_id,
                tuple(_words_of(alias)),
                spaced=not _UNSPACED_CHAR.search(alias),
                cyrillic=bool(re.search("[а-яёА-ЯЁ]", alias)),
            )
            for key, cut in _keys(alias):
                entries.setdefault(key, []).append((form, cut))
        self.entries: dict[str, tuple[_Entry, ...]] = {k: tuple(v) for k, v in entries.items()}
        self.automaton: Any = ahocorasick.Automaton()
        for key, value in self.entries.items():
            self.automaton.add_word(key, (len(key), value))
        self.automaton.make_automaton()

    def hits(self, text: str) -> tuple[_Folded, list[tuple[int, int, str]]]:
        """Accepted (folded start, folded end, official id), leftmost-longest, not overlapping."""
        folded = _fold_text(text)
        found: list[tuple[int, int, str]] = []
        for last, (length, entries) in self.automaton.iter(folded.text):
            start = last + 1 - length
            for form, cut in entries:
                end = _accept(form, cut, folded, text, start, last + 1)
                if end is not None:
                    found.append((start, end, form.official_id))
                    break
        found.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
        kept: list[tuple[int, int, str]] = []
        for hit in found:
            if not kept or hit[0] >= kept[-1][1]:
                kept.append(hit)
        # "Bun Rany Hun Sen" (Hun Sen's wife) outlasted "Hun Sen" above; now it goes too
        return folded, [hit for hit in kept if hit[2] != _NOBODY]


def _accept(form: _Form, cut: str | None, folded: _Folded, text: str, start: int, end: int) -> int | None:
    """Where the mention ends in folded text (after any Russian case ending), or None: not this official."""
    if not form.spaced:
        return end
    ftext = folded.text
    if start > 0 and _is_word_char(ftext[start - 1]):
        return None
    if form.cyrillic:
        suffix = _RU_SUFFIX.match(ftext, end)
        assert suffix is not None  # {0,3} always matches
        if not _suffix_ok(cut, suffix.group()):
            return None
        end = suffix.end()
    if end < len(ftext) and _is_word_char(ftext[end]):
        return None
    words = _words_of(text[folded.orig(start) : folded.orig(end - 1) + 1])
    if len(words) != len(form.words):
        return None
    accented = False
    for alias_word, word in zip(form.words, words, strict=True):
        if alias_word[0].isupper() and not word[0].isupper():
            return None  # "tô lâm" (ordinary words) is not "Tô Lâm"
        marks = _marks(word)
        if marks and marks != _marks(alias_word):
            return None  # other accents: "Tổ" is not "Tô", "Tân Cương" (Xinjiang) is not "Tần Cương"
        accented = accented or bool(marks)
    if not accented and any(_marks(w) for w in form.words):
        return None  # unaccented text matches the unaccented aliases (given in the registry) only
    return end


# --------------------------------------------------------------------------------------------- registry


class Registry:
    """Officials by id, the honorifics that may precede their names, other people's names that contain an
    official's (``others``: "Bun Rany Hun Sen" is not Hun Sen), and a matcher built on first use."""

    def __init__(
        self, officials: Mapping[str, Official], honorifics: tuple[str, ...] = (), others: tuple[str, ...] = ()
    ) -> None:
        self.officials: dict[str, Official] = dict(officials)
        self.honorifics = honorifics
        self.others = others
        self._honorific_keys = sorted({_fold(h) for h in honorifics} - {""}, key=len, reverse=True)
        self._cache: _Matcher | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"officials": self.officials, "honorifics": self.honorifics, "others": self.others}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["officials"], state["honorifics"], state["others"])  # type: ignore[misc]

    @classmethod
    def load(cls, user_file: Path | None = None) -> Registry:
        """The package registry, then ``user_file`` on top (its entries replace those with the same id, new
        ids are added). A file that cannot be read or is malformed raises SearchError naming it."""
        text = resources.files("search.data").joinpath("officials.toml").read_text(encoding="utf-8")
        officials, honorifics, others = _parse(text, _PACKAGE_FILE)
        origin = dict.fromkeys(officials, _PACKAGE_FILE)
        if user_file is not None:
            path = Path(user_file)
            try:
                user_text = path.read_text(encoding="utf-8")
            except OSError as e:
                raise SearchError(f"{path}: cannot read the officials registry ({e.strerror})") from e
            except UnicodeDecodeError as e:
                raise SearchError(f"{path}: the officials registry is not UTF-8 text") from e
            theirs, their_honorifics, their_others = _parse(user_text, str(path))
            officials.update(theirs)
            origin.update(dict.fromkeys(theirs, str(path)))
            honorifics += their_honorifics
            others += their_others
        _check_aliases(officials, origin)
        return cls(officials, tuple(dict.fromkeys(honorifics)), tuple(dict.fromkeys(others)))

    def _matcher(self) -> _Matcher:
        if self._cache is None:
            self._cache = _Matcher(self.officials, self.others)
        return self._cache

    def find(self, text: str, date: str | None = None) -> list[Mention]:
        """Officials named in ``text``, in order of first mention; roles as of ``date`` (None: current)."""
        folded, hits = self._matcher().hits(text)
        counts = Counter(official_id for _, _, official_id in hits)
        first: dict[str, int] = {}
        for start, _, official_id in hits:
            first.setdefault(official_id, folded.orig(start))
        mentions = []
        for official_id, pos in first.items():
            official = self.officials[official_id]
            roles = official.role_at(date)
            mentions.append(Mention(official_id, official.name, counts[official_id], pos, roles))
        return sorted(mentions, key=lambda m: m.first_pos)

    def resolve(self, name: str) -> Official | None:
        """The official any of whose names this is, in any script, ignoring accents, case, honorifics and
        Russian case endings: "H.E. Hun Manet", "ហ៊ុន​ម៉ាណែត", "洪玛奈", "Хун Манетом" -> hun-manet."""
        entries = self._matcher().entries
        for key in self._without_honorifics(_fold(name)):
            for split in range(len(key), max(len(key) - 4, 0), -1):  # Russian endings: up to 3 letters
                for form, cut in entries.get(key[:split], ()):
                    if form.official_id != _NOBODY and _suffix_ok(cut, key[split:]):
                        return self.officials[form.official_id]
        return None

    def _without_honorifics(self, key: str) -> Iterator[str]:
        """"samdech techo hun sen" -> itself, then "hun sen" (the whole string is tried first, so a name that
        starts like an honorific is never cut)."""
        yield key
        stripped = True
        while stripped:
            stripped = False
            for honorific in self._honorific_keys:
                rest = key[len(honorific) :]
                if key.startswith(honorific) and rest and (rest[0] == " " or _UNSPACED_CHAR.match(rest[0])):
                    key = rest.strip()
                    stripped = True
                    yield key
                    break


# ------------------------------------------------------------------------------------ loading and checks


def _parse(text: str, source: str) -> tuple[dict[str, Official], list[str], list[str]]:
    """One registry file -> (officials by id, honorifics, others). Every problem names the file and entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SearchError(f"{source}: not valid TOML: {e}") from e
    unknown = set(data) - {"honorifics", "others", "official"}
    if unknown:
        raise SearchError(f"{source}: unknown top-level key(s) {sorted(unknown)}",
                          hint="Expected `others`, [honorifics] and [[official]] entries.")
    others = _strings(data.get("others", []), f"{source}: others")
    honorifics: list[str] = []
    raw_honorifics = data.get("honorifics", {})
    groups = raw_honorifics.values() if isinstance(raw_honorifics, dict) else [raw_honorifics]
    for group in groups:
        honorifics += _strings(group, f"{source}: honorifics")
    entries = data.get("official", [])
    if not isinstance(entries, list):
        raise SearchError(f"{source}: `official` must be an array of tables ([[official]])")
    officials: dict[str, Official] = {}
    for number, entry in enumerate(entries, start=1):
        official = _official(entry, f"{source}: official #{number}")
        if official.id in officials:
            raise SearchError(f"{source}: id {official.id!r} is defined twice")
        officials[official.id] = official
    return officials, honorifics, others


def _official(entry: object, where: str) -> Official:
    if not isinstance(entry, dict):
        raise SearchError(f"{where}: must be a table")
    if isinstance(entry.get("id"), str):
        where = f"{where} ({entry['id']})"
    unknown = set(entry) - {"id", "country", "name", "aliases", "roles", "sources"}
    if unknown:
        raise SearchError(f"{where}: unknown key(s) {sorted(unknown)}",
                          hint="Keys are id, country, name, aliases, roles and sources.")
    for key in ("id", "country", "name"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise SearchError(f"{where}: `{key}` is missing or not a non-empty string")
    if not _SLUG.fullmatch(entry["id"]):
        raise SearchError(f"{where}: id {entry['id']!r} is not a lowercase slug like 'hun-manet'")
    if not _COUNTRY.fullmatch(entry["country"]):
        raise SearchError(f"{where}: country {entry['country']!r} is not an ISO alpha-2 code or 'ASEAN'")
    aliases = _strings(entry.get("aliases", []), f"{where}: aliases")
    _strings(entry.get("sources", []), f"{where}: sources")
    for alias in [entry["name"], *aliases]:
        if not _UNSPACED_CHAR.search(alias) and " " not in alias.strip() and len(alias) < _MIN_SINGLE_WORD:
            raise SearchError(f"{where}: alias {alias!r} is a single short word; it would match common words",
                              hint="Give the full name.")
    raw_roles = entry.get("roles", [])
    if not isinstance(raw_roles, list):
        raise SearchError(f"{where}: roles must be a list of {{ title, start, end }} tables")
    roles = tuple(_role(role, f"{where}: role #{i}") for i, role in enumerate(raw_roles, start=1))
    name = unicodedata.normalize("NFC", entry["name"].strip())
    return Official(entry["id"], name, entry["country"], tuple(aliases), roles)


def _role(raw: object, where: str) -> Role:
    if not isinstance(raw, dict):
        raise SearchError(f"{where}: must be a table {{ title, start, end }}")
    unknown = set(raw) - {"title", "start", "end"}
    if unknown:
        raise SearchError(f"{where}: unknown key(s) {sorted(unknown)}")
    title, start, end = raw.get("title"), raw.get("start"), raw.get("end")
    if not isinstance(title, str) or not title.strip():
        raise SearchError(f"{where}: `title` is missing or empty")
    if not isinstance(start, str) or not _MONTH.fullmatch(start):
        raise SearchError(f"{where}: start {start!r} is not YYYY-MM")
    if end is not None and not (isinstance(end, str) and _MONTH.fullmatch(end)):
        raise SearchError(f"{where}: end {end!r} is not YYYY-MM (leave it out while the role is held)")
    if end is not None and end < start:
        raise SearchError(f"{where}: ends ({end}) before it starts ({start})")
    return Role(title.strip(), start, end)


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SearchError(f"{where}: must be a list of non-empty strings")
    return [unicodedata.normalize("NFC", v.strip()) for v in value]


def _check_aliases(officials: Mapping[str, Official], origin: Mapping[str, str]) -> None:
    """One spelling, one person: a registry that gives a name (folded, in any of the spellings the matcher
    accepts for it: "ហ៊ុន សែន" is also "ហ៊ុនសែន") to two officials is refused."""
    owner: dict[str, str] = {}
    for official in officials.values():
        for alias in official.names:
            others = {owner.setdefault(key, official.id) for key, _ in _keys(alias)} - {official.id}
            if others:
                other = others.pop()
                raise SearchError(
                    f"{origin[official.id]}: {official.id}: alias {alias!r} already names {other!r}"
                    f" (in {origin[other]})",
                    hint="Remove it from one of them, or override that official's entry by its id.",
                )


# ----------------------------------------------------------------------------------------- candidates

_CLOSING = ",.;:!?)]}\"'»”’"
_TOKEN = re.compile(r"\S+")
_ACRONYM = re.compile(r"[^\W\d_]*[A-ZĐ][^\W\d_]*[A-ZĐ&][^\W_]*")  # UBND, TP, GD&ĐT: bodies, not names


@dataclass(frozen=True, slots=True)
class _TitleTable:
    automaton: Any  # folded title -> (length, spaced); None when the language has only Russian titles
    russian: re.Pattern[str] | None  # Russian titles decline: a regex allows an ending on each word
    between: tuple[str, ...]  # folded, longest first


@lru_cache(maxsize=32)
def _title_table(lang: str | None) -> _TitleTable:
    import ahocorasick

    data = tomllib.loads(resources.files("search.data").joinpath("titles.toml").read_text(encoding="utf-8"))
    rows = [data[lang]] if lang in data else list(data.values())
    titles = {_fold(t) for row in rows for t in row["titles"]}
    between = {_fold(b) for row in rows for b in row["between"]}
    automaton = ahocorasick.Automaton()
    russian = []
    for title in titles:
        if re.search("[а-яё]", title):  # "премьер-министра"
            russian.append(r"\s+".join(re.escape(w) + "[а-яё]{0,3}" for w in title.split()))
        else:
            automaton.add_word(title, (len(title), not _UNSPACED_CHAR.search(title)))
    automaton.make_automaton()
    if len(automaton) == 0:
        automaton = None
    pattern = re.compile(rf"(?<![^\W_])(?:{'|'.join(russian)})(?![^\W_])") if russian else None
    return _TitleTable(automaton, pattern, tuple(sorted(between, key=len, reverse=True)))


def _titles_in(ftext: str, table: _TitleTable) -> list[tuple[int, int]]:
    """Title spans in folded text, leftmost then longest, not overlapping, whole words in spaced scripts."""
    spans = []
    for last, (length, spaced) in table.automaton.iter(ftext) if table.automaton is not None else ():
        start, end = last + 1 - length, last + 1
        glued = start > 0 and _is_word_char(ftext[start - 1]) or end < len(ftext) and _is_word_char(ftext[end])
        if spaced and glued:
            continue
        spans.append((start, end))
    if table.russian is not None and re.search("[а-яё]", ftext):
        spans += [m.span() for m in table.russian.finditer(ftext)]
    spans.sort(key=lambda span: (span[0], span[0] - span[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def find_candidates(text: str, lang: str | None, registry: Registry) -> list[Candidate]:
    """Names after a title ("Perdana Menteri X", "Prime Minister X", "Thủ tướng X") that ``registry`` does not
    resolve, first occurrence of each. ``lang`` picks the title list (None or unknown: all of them)."""
    table = _title_table(lang)
    folded = _fold_text(text)
    found: dict[str, Candidate] = {}
    for t_start, t_end in _titles_in(folded.text, table):
        pos = _skip_fillers(text, folded, t_end, table.between, registry)
        span = _name_after(text, folded, pos)
        if span is None:
            continue
        o_start, o_end = span
        name = " ".join(_words_of(text[o_start:o_end]))
        key = _fold(name)
        if key in found or registry.resolve(name) is not None:
            continue
        title_start, title_end = folded.orig(t_start), folded.orig(t_end - 1) + 1
        context = " ".join(text[max(0, title_start - 60) : o_end + 60].split())
        found[key] = Candidate(name, " ".join(text[title_start:title_end].split()), context)
    return list(found.values())


def _skip_fillers(text: str, folded: _Folded, pos: int, between: tuple[str, ...], registry: Registry) -> int:
    """Past spaces, country words, honorifics and acronyms of bodies:
    "chu tich| ubnd tp ha noi |chu ngoc anh", "perdana menteri| kamboja samdech |hun manet"."""
    ftext = folded.text
    fillers = sorted((*between, *registry._honorific_keys), key=len, reverse=True)
    skipped = True
    while skipped:
        while pos < len(ftext) and ftext[pos] == " ":
            pos += 1
        skipped = False
        for filler in fillers:
            stop = pos + len(filler)
            if ftext.startswith(filler, pos) and (
                stop == len(ftext) or not _is_word_char(ftext[stop]) or _UNSPACED_CHAR.match(filler[-1])
            ):
                pos, skipped = stop, True
                break
        else:
            token = _TOKEN.match(ftext, pos)
            if token and _ACRONYM.fullmatch(text[folded.orig(pos) : folded.orig(token.end() - 1) + 1]):
                pos, skipped = token.end(), True
    return pos


def _name_after(text: str, folded: _Folded, pos: int) -> tuple[int, int] | None:
    """Original-text span of the name starting at folded ``pos``: 2-6 capitalised words in cased scripts,
    two words in Khmer, Lao and Thai (they have no capitals), None when there is no such name."""
    ftext = folded.text
    words: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(ftext, pos):
        if words and m.start() != words[-1][1] + 1:
            break  # the name is one run of single-space separated words
        o_start, o_end = folded.orig(m.start()), folded.orig(m.end() - 1) + 1
        word = text[o_start:o_end]
        bare = word.rstrip(_CLOSING)
        if _UNSPACED_CHAR.match(bare):
            words.append((m.start(), m.end()))
            if len(words) == 2:
                break
            continue
        if not bare or not bare[0].isupper() or not bare[0].isalpha() or _ACRONYM.fullmatch(bare):
            break
        words.append((m.start(), m.start() + len(m.group().rstrip(_CLOSING))))
        if bare != word or len(words) == 6:
            break
    if len(words) < 2:
        return None
    return folded.orig(words[0][0]), folded.orig(words[-1][1] - 1) + 1
