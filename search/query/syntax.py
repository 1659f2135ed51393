"""Query text -> a small syntax tree, leniently: what cannot be understood is dropped and reported.

Grammar (like a web search engine)::

    query   := or ( "OR" or )*
    or      := unary ( ["AND"] unary )*          words are ANDed by default
    unary   := ("NOT" | "-") unary | primary
    primary := "(" query ")" | '"' phrase '"' | field ":" value | word | word* | word~ | word~N (N edits: 0-2)
    A "+" before a term (Lucene's "required") is what every term is already. A boost (word^2, "a phrase"^2)
    is ignored with a note: it changes no count. Proximity ("a phrase"~2) is refused: QueryError.
    field   := date | title | url | a facet (lang, year, month, source, official, country, role: query/facets.py)
               date:2024-12, date:2024-11..2024-12, title:Cambodge, official:"Hun Sen", url:https://dantri.com.vn
    A web address typed as a word (https://dantri.com.vn/the-gioi) is url:<it>, not a field named "https".

    parse('Hun Manet -Vietnam lang:km')
    -> And([Word("Hun"), Word("Manet"), Not(Word("Vietnam")), Field("lang", "km")])
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import QueryError
from ..lang.invisible import repair_words
from ..lang.numbers import typed_number, unpunctuated
from .facets import NAMES as FACET_NAMES

# Work per query is bounded, so that any query is answered (or refused) in well under a second.
MAX_QUERY_CHARS = 4000  # a question is a few hundred characters; more is a pasted document
MAX_DEPTH = 32  # parentheses and NOTs nested inside each other
MAX_TERMS = 256  # words, phrases and filters in one query
# Fuzzy words (word~) in one query: each is compared with the words of the index (0.04-0.08 s a word on
# vi-news; 40 of them took 35 s before their look-ups were shared, 4.6 s after)
MAX_FUZZY = 10

FIELDS = ("date", "title", "url", *FACET_NAMES)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    prefix: bool = False  # coop*
    fuzzy: int = 0  # word~ (1) or word~2 (edit distance)


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Word | Phrase | Field | Not | And | Or


def is_filter(n: Node) -> bool:
    """Whether a node is made of filters only (``name:value`` other than ``title:``, under OR, NOT and groups):
    it restricts the articles, as a filter typed alone does, and has no words."""
    if isinstance(n, Field):
        return n.name != "title"
    if isinstance(n, Not):
        return is_filter(n.node)
    if isinstance(n, And | Or):
        return bool(n.nodes) and all(is_filter(c) for c in n.nodes)
    return False


@dataclass
class Parsed:
    node: Node | None  # None: nothing searchable was left
    notes: list[str] = field(default_factory=list)  # what was ignored, one line each


# The quotes that open or close a phrase: the straight one, and those that keyboards and word processors type for
# it (iOS and macOS "smart punctuation" turn "a b" into “a b”, German „a b“, French « a b »): “Premier ministre”
# was two words, a larger total than the phrase. Chinese and Japanese input methods type corner brackets for them
# (「a b」, 『a b』): read so too, they were words anywhere (718 articles for 「bắt đầu」 in vi-news, 504 for the
# phrase). After a field name too (official:“Hun Manet”, title:«Sơn La»), as a
# bare phrase reads them: no escapes, closed by any of them; a value in straight quotes is closed by " alone, and
# may hold the others.
QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\uff02\u300c\u300d\u300e\u300f'
_LEX = re.compile(
    r"""\s*(?:
        (?P<lpar>\() | (?P<rpar>\)) |
        (?P<url>https?://[^\s()"]+) |
        (?P<field>[A-Za-z_]+):(?:"(?P<fquoted>(?:[^"\\]|\\.)*)"?|[T](?P<ftypo>[^Q]*)[Q]?|(?P<fvalue>[^\s()"]*)) |
        [Q](?P<phrase>[^Q]*)(?P<closed>[Q]?) |
        (?P<minus>-\+*(?=[(Q]|[A-Za-z_]+:)|-+\+*(?=[A-Za-z_]+:)) |
        (?P<plus>\++(?=[(Q]|[A-Za-z_]+:)) |
        (?P<word>(?:[^\s()Q]|(?<=\d)[\u00a0\u202f\u2009\u2007](?=\d))+)
    )""".replace("Q", QUOTES).replace("[T]", "[" + QUOTES.replace('"', "") + "]"),
    re.X,
)


# The minus sign (U+2212) and the full-width and small hyphen-minus (U+FF0D, U+FE63: Chinese and Japanese input
# methods) beginning a term are the exclusion "-": "−Laos" searched Laos, the opposite. Not before a digit: −5 °C
# pasted is a negative number, searched as 5 as it was ("độ −5" found nothing when it excluded 5).
_MINUS = re.compile("(?<![^\\s(])[\u2212\uff0d\ufe63](?![\\d\\s])")
# A word goes on across a no-break space between two digits: 1 000 (French digit grouping, lang/pieces.py) is
# one number, as typed.
_UNESCAPE = re.compile(r"\\(.)", re.S)


def quote_value(value: str) -> str:
    """A field value as typed in a query (a facet link): bare when it is one word, else in quotes, with its
    quotes and backslashes escaped (a value holding a typographic quote is in straight quotes: “Wire” bare would be
    read as the value Wire)."""
    if re.fullmatch(f'[^\\s"()\\\\{QUOTES}]+', value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # lpar rpar or and not word phrase field
    text: str
    extra: str = ""
    quoted: bool = False


MAX_NUMBER_WORDS = 6  # words before one that a number typed with spaces may take (1 234 567 890,5: 4)


def _number_words(toks: list[_Tok], w: str) -> int | None:
    """How many of the words before ``w`` it is one number with (``lang/numbers.py``), the most first: 10 % (French)
    is the percentage, 1 234,5 and 10 000 % the grouped number, not 234,5 or 000 %, nor 12 100% after tháng (the
    word before, as numbers.py reads the text); None when it is none."""
    for n in range(min(MAX_NUMBER_WORDS, len(toks)), 0, -1):
        words = toks[-n:]
        after = toks[-n - 1].text + " " if n < len(toks) and toks[-n - 1].kind == "word" else ""
        if all(t.kind == "word" and not t.extra for t in words) and \
                typed_number(unpunctuated(" ".join([*(t.text for t in words), w])), after):
            return n
    return None


def _lex(q: str, notes: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    while pos < len(q):
        m = _LEX.match(q, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m["lpar"]:
            toks.append(_Tok("lpar", "("))
        elif m["rpar"]:
            toks.append(_Tok("rpar", ")"))
        elif m["url"]:
            toks.append(_Tok("field", "url", m["url"]))
        elif m["field"] is not None:
            name = m["field"].lower()
            quoted = m["fquoted"] is not None or m["ftypo"] is not None
            # In quotes, \" is a quote and \\ a backslash: a facet value that holds them can be fed back
            value = (_UNESCAPE.sub(r"\1", m["fquoted"]) if m["fquoted"] is not None
                     else m["ftypo"] if m["ftypo"] is not None else m["fvalue"])
            if name not in FIELDS:
                notes.append(f"unknown field {name!r} (fields: {', '.join(FIELDS)}); searched as words")
                toks.append(_Tok("word", f"{m['field']} {value or ''}".strip()))
            elif not (value or "").strip():
                notes.append(f"empty value for {name}: ignored")
            else:
                if not quoted and (boost := _BOOST.search(value)):  # title:Cambodge^2
                    notes.append(_boost_note(boost[0]))
                    value = value[:boost.start()]
                toks.append(_Tok("field", name, value.strip(), quoted))
        elif m["minus"]:  # -"a phrase", -(a group), -field:value: excluded, as -word is (--source:x, -+"a b" too)
            toks.append(_Tok("not", "-"))
        elif m["plus"]:  # +"a phrase", +field:value: required, as every term is (+lang:km was the words lang km)
            pass
        elif m["phrase"] is not None:
            if not m["closed"]:
                notes.append("unclosed quote: read as a phrase up to the end")
            if m["phrase"].strip():
                toks.append(_Tok("phrase", m["phrase"].strip()))
            else:
                notes.append('empty phrase "" ignored')
        else:
            w = m["word"]
            if toks and _SUFFIX.fullmatch(w) and _suffixes(toks[-1], w):
                _suffix(toks[-1], w, notes)
            elif w in ("OR", "||"):
                toks.append(_Tok("or", w))
            elif w in ("AND", "&&"):
                toks.append(_Tok("and", w))
            elif w == "NOT":
                toks.append(_Tok("not", w))
            elif w.startswith("-") and len(w) > 1:
                toks.append(_Tok("not", "-"))
                toks.append(_Tok("word", w[1:]))
            elif (joined := _number_words(toks, w)) is not None:
                toks[-joined:] = [_Tok("word", " ".join([*(t.text for t in toks[-joined:]), w]))]
            else:
                toks.append(_Tok("word", w))
    return toks


# Lucene's suffixes: a boost (^2) changes the order of the results, never which articles are found: ignored with
# a note. Proximity after a phrase ("bắt đầu"~2: its words within 2 positions) would find other articles than
# the phrase: refused, never searched as something else (it was the phrase and the word 2: 302 articles of
# vi-news where the phrase is in 504, without a note).
_BOOST = re.compile(r"\^[0-9]*(?:\.[0-9]*)?$")
_SUFFIX = re.compile(r"[~^][0-9]*(?:\.[0-9]*)?")


def _boost_note(boost: str) -> str:
    return f"boost {boost} ignored: boosts are not supported (they order the results, the articles found are the same)"


def _suffixes(tok: _Tok, suffix: str) -> bool:
    """Whether ``suffix`` (``~N`` or ``^N``, a token of its own) is the suffix of the token before it, typed
    against it or after a space, as Lucene reads it (it skips spaces): ``"a b" ~2`` and ``Laos ^2`` were the word
    2 beside the phrase or the word, a smaller count without a note. A ``~500`` after a word (about 500) or an
    unquoted value stays a word: Lucene's reading (``Laos~500``) would be a fuzzy word nobody meant."""
    return tok.kind in ("phrase", "rpar") or tok.kind == "field" and tok.quoted or (
        suffix.startswith("^") and tok.kind in ("word", "field"))


def _suffix(tok: _Tok, suffix: str, notes: list[str]) -> None:
    """A ``~N`` or ``^N`` typed after a phrase, a field's value, a word or a group (``tok``: ``_suffixes``)."""
    if suffix.startswith("^"):
        notes.append(_boost_note(suffix))
    elif tok.kind == "rpar":
        notes.append(f"{suffix} after ')' ignored: ~ makes a word fuzzy (Sokhon~), not a group")
    else:
        typed = f'"{tok.text}"' if tok.kind == "phrase" else f'{tok.text}:"{tok.extra}"'
        anywhere = (f", or {tok.text} for the words anywhere in the article" if tok.kind == "phrase"
                    else f", or {' '.join('title:' + w for w in tok.extra.split())} for the words anywhere in the title"
                    if tok.text == "title" else "")
        raise QueryError(f"proximity ({typed}{suffix}: words near each other) is not supported",
                         hint=f"Search {typed} for the words side by side in this order{anywhere}.")


class _Parser:
    def __init__(self, toks: list[_Tok], notes: list[str]) -> None:
        self.toks = toks
        self.i = 0
        self.notes = notes
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def query(self) -> Node | None:
        parts: list[Node] = []
        first = self.conj()
        if first is not None:
            parts.append(first)
        while (t := self.peek()) is not None and t.kind == "or":
            self.take()
            nxt = self.conj()
            if nxt is None:
                self.notes.append("OR with nothing after it: ignored")
            elif not parts:
                self.notes.append("OR with nothing before it: ignored")
                parts.append(nxt)
            else:
                parts.append(nxt)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def conj(self) -> Node | None:
        parts: list[Node] = []
        while (t := self.peek()) is not None:
            if t.kind == "or":
                break
            if t.kind == "rpar":
                if self.depth:
                    break
                self.take()
                self.notes.append("unmatched ')' ignored")
                continue
            if t.kind == "and":
                self.take()
                if not parts or self.peek() is None or self.peek().kind in ("or", "rpar"):  # type: ignore[union-attr]
                    self.notes.append("AND without a term on both sides: ignored")
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        if all(isinstance(p, Not) for p in parts) and not all(is_filter(p) for p in parts):
            # Words excluded from nothing (-Laos) match nothing, as in Lucene; filters excluded (-lang:km,
            # NOT year:2021) are the articles outside them, as a filter alone (lang:km) lists the articles in it.
            self.notes.append("a query made only of exclusions matches nothing: exclusions ignored")
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        t = self.take()
        if t.kind in ("not", "lpar"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(f"parentheses and NOT nested more than {MAX_DEPTH} levels deep",
                                 hint="Simplify the query: (a OR b) -c needs no more than two levels.")
            try:
                return self._nested(t)
            finally:
                self.depth -= 1
        return self._primary(t)

    def _nested(self, t: _Tok) -> Node | None:
        if t.kind == "not":
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "rpar", "and"):
                self.notes.append(f"{t.text} with nothing after it: ignored")
                return None
            inner = self.unary()
            return Not(inner) if inner is not None else None
        if t.kind == "lpar":
            inner = self.query()
            nxt = self.peek()
            if nxt is not None and nxt.kind == "rpar":
                self.take()
            else:
                self.notes.append("unclosed '(': closed at the end")
            if inner is None:
                self.notes.append("empty parentheses ignored")
            return inner
        return self._primary(t)

    def _primary(self, t: _Tok) -> Node | None:
        if t.kind == "phrase":
            return Phrase(t.text)
        if t.kind == "field":
            return Field(t.text, t.extra, t.quoted)
        return _word(t.text, self.notes)


def _word(text: str, notes: list[str]) -> Word | None:
    fuzzy = 0
    prefix = False
    if boost := _BOOST.search(text[1:]):  # Sokhon^2, Sokhon~^2, Sokhon~2^3 (Lucene's order)
        notes.append(_boost_note(boost[0]))
        text = text[:boost.start() + 1]
    m = re.fullmatch(r"(.+?)~([0-9]+(?:\.[0-9]*)?)?", text)
    if m:
        text, given = m[1], m[2]
        fuzzy = 1 if given is None else min(2, int(float(given)))  # as Lucene: at most 2 edits
        if given is not None and given != str(fuzzy):
            notes.append(f"fuzzy distance {given} read as {fuzzy} (0, 1 or 2 edits)")
    elif text.endswith("*"):
        text, prefix = text.rstrip("*"), True
    if "*" in text or "?" in text:
        notes.append(f"wildcards are supported only at the end of a word: {text!r} searched without them")
        text = text.replace("*", "").replace("?", "")
    if prefix and len(text) < 2:
        notes.append(f"prefix {text + '*'!r} is too short (2 letters at least): ignored")
        return None
    if not re.search(r"\w", text):
        if text.strip():
            notes.append(f"{text!r} has no letters or digits: ignored")
        return None
    return Word(text, prefix=prefix, fuzzy=fuzzy)


def parse(query: str) -> Parsed:
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,} are read",
                         hint="Search for the few words that matter, or a short quoted phrase.")
    query = unicodedata.normalize("NFC", query)  # decomposed accents, as some keyboards type them
    query = repair_words(query)  # as the articles were (a word pasted from a web page with a soft hyphen)
    query = _MINUS.sub("-", query)  # −Laos, －老挝 (not −5): a formula's or a CJK input method's minus excludes
    notes: list[str] = []
    toks = _lex(query, notes)
    terms = sum(1 for t in toks if t.kind in ("word", "phrase", "field"))
    if terms > MAX_TERMS:
        raise QueryError(f"the query has {terms:,} words and phrases; at most {MAX_TERMS} are searched",
                         hint="Search for the words that matter; a long question finds its best matches "
                              "with a dozen of them.")
    parser = _Parser(toks, notes)
    node = parser.query()
    while parser.peek() is not None:  # stray ')' at top level, or text after it
        t = parser.take()
        if t.kind == "rpar":
            notes.append("unmatched ')' ignored")
    notes += _one_side_filters(node)
    if (fuzzy := _fuzzy_words(node)) > MAX_FUZZY:
        raise QueryError(f"the query has {fuzzy} fuzzy words (word~); at most {MAX_FUZZY} are searched",
                         hint="Put ~ after the few words whose spelling is uncertain (Sokhon~): each one is "
                              "compared with every word of the index.")
    return Parsed(node, list(dict.fromkeys(notes)))  # said once: `((` left two parentheses unclosed, one note


def _one_side_filters(node: Node | None) -> list[str]:
    """Notes for filters typed on one side of an OR at the top of a query, beside words: AND binds tighter than
    OR, so ``Mỹ OR Trung Quốc lang:km`` narrows ``Trung Quốc`` alone (690 articles on the real news, where the
    lang facet of ``Mỹ OR Trung Quốc`` said km 1): said, with the query that narrows all of it."""
    if not isinstance(node, Or):
        return []
    notes = []
    for i, side in enumerate(node.nodes):
        if not isinstance(side, And):
            continue
        filters = [n for n in side.nodes if is_filter(n)]
        words = [n for n in side.nodes if not is_filter(n)]
        if not filters or not words:
            continue
        rest = Or((*node.nodes[:i], words[0] if len(words) == 1 else And(tuple(words)), *node.nodes[i + 1:]))
        typed = " ".join(unparse(f) if isinstance(f, Field | Not) else _unit(f) for f in filters)
        notes.append(f"{typed} narrows one side of OR only ({unparse(side)}); to narrow the whole query: "
                     f"({unparse(rest)}) {typed}")
    return notes


def _fuzzy_words(node: Node | None) -> int:
    if isinstance(node, Word):
        return 1 if node.fuzzy else 0
    if isinstance(node, Not):
        return _fuzzy_words(node.node)
    if isinstance(node, And | Or):
        return sum(map(_fuzzy_words, node.nodes))
    return 0


def narrowed(query: str, clause: str) -> str:
    """``query`` with ``clause`` (``year:2021``) typed after it so that it narrows the whole query, as a facet
    link does: in parentheses when the query is an OR at its top (``a OR b year:2021`` narrows ``b`` alone);
    as it was read when its reading ignored something (``kinh tế NOT`` + ``lang:vi`` would exclude Vietnamese,
    ``"Phnom Penh`` + ``lang:en`` would put the filter inside the phrase)."""
    return f"{_narrowable(query)} {clause}"


@functools.lru_cache(maxsize=256)
def _narrowable(query: str) -> str:
    """``query`` as ``narrowed`` puts it before a clause (read once for all of a page's facet links)."""
    try:
        parsed = parse(query)
    except QueryError:
        return query
    top = parsed.node
    if top is None:
        return query
    text = unparse(top) if parsed.notes else query
    return f"({text})" if isinstance(top, Or) else text


def unparse(node: Node) -> str:
    """A parsed query as text that reads back as the same query."""
    if isinstance(node, Word):
        return node.text + ("*" if node.prefix else "") + (f"~{node.fuzzy}" if node.fuzzy else "")
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Field):
        value = quote_value(node.value)
        return f"{node.name}:{value if value.startswith(chr(34)) or not node.quoted else chr(34) + value + chr(34)}"
    if isinstance(node, Not):
        return "-" + _unit(node.node)
    if isinstance(node, And):
        return " ".join(_unit(n) if isinstance(n, Or) else unparse(n) for n in node.nodes)
    return " OR ".join(map(unparse, node.nodes))  # words bind tighter than OR: a OR b c is a OR (b c)


def _unit(node: Node) -> str:
    return unparse(node) if isinstance(node, Word | Phrase | Field) else f"({unparse(node)})"


def with_filters(parsed: Parsed, filters: list[Field]) -> Parsed:
    """The query with filters (CLI flags, API ``filters=``) added at the top, exactly as if they had been typed
    as ``name:value`` in it: one path from a user's words to a query."""
    if not filters:
        return parsed
    nodes: tuple[Node, ...] = tuple(filters)
    if parsed.node is not None:
        nodes = (*parsed.node.nodes, *nodes) if isinstance(parsed.node, And) else (parsed.node, *nodes)
    return Parsed(nodes[0] if len(nodes) == 1 else And(nodes), parsed.notes)


def texts(node: Node | None) -> list[str]:
    """The words and phrases a user typed (title: values included), for deciding how they are matched."""
    if node is None:
        return []
    if isinstance(node, Word | Phrase):
        return [node.text]
    if isinstance(node, Field):
        return [node.value] if node.name == "title" else []
    if isinstance(node, Not):
        return texts(node.node)
    return [t for n in node.nodes for t in texts(n)]
