"""The officials registry: the package's TOML, then the user's file on top; who is who, and since when.

    Registry.load().find("Thủ tướng Phạm Minh Chính tiếp Samdech Hun Manet", "2024-11")
    -> [Mention("pham-minh-chinh", "Phạm Minh Chính", count=1, first_pos=10, roles=("Prime Minister",)),
        Mention("hun-manet", "Hun Manet", count=1, first_pos=39, roles=("Prime Minister",))]

Every fact in ``search/officials/data/officials.toml`` has a source. A user's file (``search index
--registry mine.toml``) replaces entries with the same id and adds new ones; the index keeps a copy.
Matching itself is ``search.officials.match``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import SearchError
from .digest import registry_digest
from .match import (
    NOBODY,
    UNSPACED_CHAR,
    Form,
    Matcher,
    NamedAfter,
    accents_agree,
    declined,
    fold_name,
    keys,
    suffix_ok,
    words_of,
)

_PACKAGE_FILE = "search/officials/data/officials.toml"
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


def _month(date: str) -> str:
    m = _DATE.fullmatch(date)
    if m is None:
        raise SearchError(f"date {date!r} is not YYYY-MM or YYYY-MM-DD")
    return m.group(1)


# --------------------------------------------------------------------------------------------- registry


class Registry:
    """Officials by id, the honorifics that may precede their names, other people's names that contain an
    official's (``others``: "Bun Rany Hun Sen" is not Hun Sen), and a matcher built on first use."""

    def __init__(
        self, officials: Mapping[str, Official], honorifics: tuple[str, ...] = (), others: tuple[str, ...] = (),
        named_after: tuple[tuple[str, ...], ...] = ((), (), ()),
    ) -> None:
        self.officials: dict[str, Official] = dict(officials)
        self.honorifics = honorifics
        self.others = others
        # words before a name, and after it, that make it a place's, a school's or a prize's, and words that end
        # like one of the first and are no place ("môi trường", environment: ``NamedAfter``)
        self.named_after = named_after
        # longest first, then in a fixed order (not a set's, which changes with each run: exports are repeatable)
        self.honorific_keys = sorted({fold_name(h) for h in honorifics} - {""}, key=lambda k: (-len(k), k))
        # One C-level match instead of a Python loop over every honorific: the first that matches in this
        # order, followed by a space or a letter of a script written without spaces (as the loop it replaced).
        self._honorific = re.compile("(?:" + "|".join(map(re.escape, self.honorific_keys)) + ")"
                                     + f"(?= |{UNSPACED_CHAR.pattern})") if self.honorific_keys else None
        self._cache: Matcher | None = None
        self._keys: dict[str, list[str]] | None = None  # name_keys, by official
        self._hiding: dict[str, list[str]] = {}  # hiding_keys, by official
        self._resolved: dict[str, Official | None] = {}  # the registry never changes: names resolved so far
        # The most words of a query a name ``resolve`` knows may take: the longest name, after two of the
        # longest honorifics ("H.E. Samdech Akka Moha Sena Padei Techo Hun Sen": 9 words).
        self.name_words = (max((len(n.split()) for o in self.officials.values() for n in o.names), default=1)
                           + 2 * max((len(h.split()) for h in honorifics), default=0))

    def __getstate__(self) -> dict[str, Any]:
        return {"officials": self.officials, "honorifics": self.honorifics, "others": self.others,
                "named_after": self.named_after}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["officials"], state["honorifics"], state["others"],  # type: ignore[misc]
                      state["named_after"])

    @classmethod
    def load(cls, user_file: Path | None = None) -> Registry:
        """The package registry, then ``user_file`` on top (its entries replace those with the same id, new
        ids are added). A file that cannot be read or is malformed raises SearchError naming it."""
        text = resources.files("search.officials").joinpath("data", "officials.toml").read_text(encoding="utf-8")
        officials, honorifics, others, before, after, compounds = _parse(text, _PACKAGE_FILE)
        origin = dict.fromkeys(officials, _PACKAGE_FILE)
        if user_file is not None:
            path = Path(user_file)
            try:
                user_text = path.read_text(encoding="utf-8")
            except OSError as e:
                raise SearchError(f"{path}: cannot read the officials registry ({e.strerror})") from e
            except UnicodeDecodeError as e:
                raise SearchError(f"{path}: the officials registry is not UTF-8 text") from e
            theirs, their_honorifics, their_others, their_before, their_after, their_compounds = _parse(
                user_text, str(path))
            officials.update(theirs)
            origin.update(dict.fromkeys(theirs, str(path)))
            honorifics += their_honorifics
            others += their_others
            before += their_before
            after += their_after
            compounds += their_compounds
        _check_aliases(officials, origin)
        return cls(officials, tuple(dict.fromkeys(honorifics)), tuple(dict.fromkeys(others)),
                   (tuple(dict.fromkeys(before)), tuple(dict.fromkeys(after)), tuple(dict.fromkeys(compounds))))

    def matcher(self) -> Matcher:
        """The Aho-Corasick matcher of every spelling, built on first use (the search page ships its entries)."""
        if self._cache is None:
            before, after, *rest = self.named_after
            self._cache = Matcher(self.officials, self.others,
                                  NamedAfter(before, after, self.honorifics, *rest) if before or after else None)
        return self._cache

    def name_keys(self, official_id: str) -> list[str]:
        """The matcher's keys of one official (folded names, every script), a Russian stem with each case ending
        it takes ("хун манетом"; the stem alone, "хун сен" of "Хун Сена", was left out, and so no Russian name
        was ever marked): what the highlighter marks where an article names them (the page gets the same keys,
        as runs: site/engine.py)."""
        if self._keys is None:
            self._keys = {}
            for key, values in self.matcher().entries.items():
                for form, cut in values:
                    if form.official_id:
                        found = self._keys.setdefault(form.official_id, [])
                        found += [k for k in declined(key, cut) if k not in found]
        return self._keys.get(official_id, [])

    def hiding_keys(self, official_id: str) -> list[str]:
        """The keys of the names that hide one of this official's inside them and name someone else
        (``others``: 'bun rany hun sen' is not Hun Sen): no highlight of the official there."""
        if official_id not in self._hiding:
            mine = self.name_keys(official_id)
            found: list[str] = []
            for key, values in self.matcher().entries.items():
                if any(form.official_id == NOBODY and cut is None for form, cut in values) \
                        and any(k in key and k != key for k in mine) and key not in found:
                    found.append(key)
            self._hiding[official_id] = found
        return self._hiding[official_id]

    def find(self, text: str, date: str | None = None) -> list[Mention]:
        """Officials named in ``text``, in order of first mention; roles as of ``date``. Without a date there
        is no role at the date: an undated 2019 text calling Hun Sen Prime Minister must not say he presides
        over the Senate, as he does today."""
        folded, hits = self.matcher().hits(text)
        counts = Counter(official_id for _, _, official_id in hits)
        first: dict[str, int] = {}
        for start, _, official_id in hits:
            first.setdefault(official_id, folded.orig(start))
        mentions = []
        for official_id, pos in first.items():
            official = self.officials[official_id]
            roles = official.role_at(date) if date else ()
            mentions.append(Mention(official_id, official.name, counts[official_id], pos, roles))
        return sorted(mentions, key=lambda m: m.first_pos)

    def may_name(self, words: Sequence[str]) -> bool:
        """Whether a run of ``words`` (a query's plain words, in order) may be a name ``resolve`` knows, or an
        official's id. A name it resolves holds one of the matcher's spellings in its folded form (honorifics
        and Russian endings only take letters away), and a run's folded form lies within that of all the words
        joined: one scan of them instead of resolving every run of a long question (about 1.3 ms)."""
        if any(w.strip() in self.officials for w in words):
            return True
        return next(iter(self.matcher().automaton.iter(fold_name(" ".join(words)))), None) is not None

    def resolve(self, name: str) -> Official | None:
        """The official any of whose names this is, in any script, ignoring case, honorifics, Russian case
        endings and missing accents: "H.E. Hun Manet", "ហ៊ុន​ម៉ាណែត", "洪玛奈", "Хун Манетом" -> hun-manet,
        "bùi thanh son" -> bui-thanh-son. Accents that are typed must be the name's, as the matcher requires
        in text: "Tân Cương" (Xinjiang) and "luống cuống" (flustered) name nobody."""
        if name in self._resolved:
            return self._resolved[name]
        if len(self._resolved) >= 65_536:  # a long-lived process (the OpenSearch bridge, a notebook): bounded
            self._resolved.clear()
        found = self._resolved[name] = self._resolve(name)
        return found

    def _resolve(self, name: str) -> Official | None:
        entries = self.matcher().entries
        typed = words_of(name)
        for key in self._without_honorifics(fold_name(name)):
            for split in range(len(key), max(len(key) - 4, 0), -1):  # Russian endings: up to 3 letters
                for form, cut in entries.get(key[:split], ()):
                    if form.official_id != NOBODY and suffix_ok(cut, key[split:]) and _spelled(form, typed):
                        return self.officials[form.official_id]
        return None

    def _without_honorifics(self, key: str) -> Iterator[str]:
        """"samdech techo hun sen" -> itself, then "hun sen" (the whole string is tried first, so a name that
        starts like an honorific is never cut)."""
        yield key
        if self._honorific is None:
            return
        while (m := self._honorific.match(key)) is not None:
            key = key[m.end():].strip()
            yield key


def _spelled(form: Form, typed: list[str]) -> bool:
    """Whether the words of a typed name (its last words: honorifics come first) carry the accents the
    matcher requires of that spelling in text (``accents_agree``; capitals aside, a query is typed in any
    case): "Tân Cương" (Xinjiang) does not name Qin Gang (Tần Cương), any more than in an article."""
    n = len(form.words)
    return not form.spaced or len(typed) < n or accents_agree(form.words, typed[-n:])


# ------------------------------------------------------------------------------------ loading and checks


def _parse(text: str, source: str
           ) -> tuple[dict[str, Official], list[str], list[str], list[str], list[str], list[str]]:
    """One registry file -> (officials by id, honorifics, others, named_after words written before a name and
    after it, words ending like the first that are no place). Every problem names the file and entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SearchError(f"{source}: not valid TOML: {e}") from e
    unknown = set(data) - {"honorifics", "others", "official", "named_after", "named_after_trailing", "namesakes",
                           "not_named_after"}
    if unknown:
        raise SearchError(f"{source}: unknown top-level key(s) {sorted(unknown)}",
                          hint="Expected `others`, [honorifics], [named_after], [named_after_trailing],"
                               " [not_named_after], [namesakes] and [[official]] entries.")
    others = _strings(data.get("others", []), f"{source}: others")
    honorifics, before, after, namesakes, compounds = (
        _grouped(data.get(key, {}), f"{source}: {key}") for key in
        ("honorifics", "named_after", "named_after_trailing", "namesakes", "not_named_after"))
    before += namesakes  # the same rule: a word right before the name says it is not the official
    entries = data.get("official", [])
    if not isinstance(entries, list):
        raise SearchError(f"{source}: `official` must be an array of tables ([[official]])")
    officials: dict[str, Official] = {}
    for number, entry in enumerate(entries, start=1):
        official = _official(entry, f"{source}: official #{number}")
        if official.id in officials:
            raise SearchError(f"{source}: id {official.id!r} is defined twice")
        officials[official.id] = official
    return officials, honorifics, others, before, after, compounds


def _grouped(raw: object, where: str) -> list[str]:
    """Words given per language ({ en = [...], km = [...] }) or as one list."""
    found: list[str] = []
    for group in raw.values() if isinstance(raw, dict) else [raw]:
        found += _strings(group, where)
    return found


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
        if not UNSPACED_CHAR.search(alias) and " " not in alias.strip() and len(alias) < _MIN_SINGLE_WORD:
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
            others = {owner.setdefault(key, official.id) for key, _ in keys(alias)} - {official.id}
            if others:
                other = others.pop()
                raise SearchError(
                    f"{origin[official.id]}: {official.id}: alias {alias!r} already names {other!r}"
                    f" (in {origin[other]})",
                    hint="Remove it from one of them, or override that official's entry by its id.",
                )


_registries: dict[tuple[str, str], tuple[Registry, str]] = {}


def load_registry(user_file: Path | None = None) -> tuple[Registry, str]:
    """The officials registry (the package's, with ``user_file`` on top) and a digest of its text: a
    document indexed with another registry must be tagged again. Loaded once per process and text: the file
    is read each time (a few kilobytes), since the same name can hold another registry (the index's copy,
    ``index/registry.toml``, after ``--registry`` gave another one; a file edited)."""
    digest = registry_digest(user_file)
    key = (str(user_file or ""), digest)
    if key not in _registries:
        _registries[key] = (Registry.load(user_file), digest)
    return _registries[key]


def default_registry() -> Registry:
    return load_registry(None)[0]
