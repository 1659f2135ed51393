"""What a query asks of the index, as a tree of small nodes: the compiler (``compile.py``) builds it, the scorer
(``score.py``) evaluates it over posting arrays. Nothing here knows how the index is stored.

    "Bùi Thanh"  ->  And((AndMaybe(Or((Term("body", "bui"), ...)), ...), ...))

Term           a term of a field; BM25 in text fields, its stored weight in keyword fields
Spellings      one query word in a text field: any of its spellings, scored by BM25 as one term (frequencies
               summed); in articles indexed with folded words, ``loose`` terms count anywhere and ``spelled``
               ones (``exact`` field keys "folded exact") where the article has that spelling
Phrase         words (Spellings) at consecutive positions (each within ``slop`` of the previous); the last may
               be a Prefix (a word of the field that starts so: ``ហ៊ុន សែន*`` in a Khmer article)
Prefix         any term of the field starting with ``prefix`` (constant score)
Or / And       union / intersection, scores summed
DisMax         union, the best part's score
AndMaybe       ``required``'s documents; ``optional``'s score added where it matches too
AndNot         ``positive``'s documents without ``negative``'s
Not            every document but ``node``'s (score 1)
Constant       ``node``'s documents, one score
Boost          ``node``'s scores multiplied by ``factor``
Values         documents whose one-valued field (lang, year, month) is one of ``values``
DateRange      documents dated between ``lo`` and ``hi`` (prefixes of YYYY-MM-DD, both included); a date of a
               year or a month alone is in the range when all of it is (``2024`` in ``2024..``, not in ``..2024-05``)
Every          every document
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Spellings:
    field: str
    terms: tuple[str, ...]
    loose: tuple[str, ...] = ()  # folded terms, in articles indexed with folded words (not spelled exactly)
    spelled: tuple[str, ...] = ()  # "folded exact": the folded term where such an article has this spelling
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Phrase:
    field: str
    words: tuple[Spellings | Prefix, ...]  # a Prefix: any term of the field that starts so (the last word)
    slop: int = 1
    # Empty positions before each word (none: ()): punctuation quoted between two words of a script without
    # spaces (``សុថា, ឈ្មោះ``), where the articles leave a position too (analysis/tokenize.py positioned_words)
    gaps: tuple[int, ...] = ()

    @classmethod
    def of(cls, field: str, words: tuple[str, ...] | list[str], slop: int = 1) -> Phrase:
        """A phrase of plain terms: ``Phrase.of("body", ["hun", "manet"])``."""
        return cls(field, tuple(Spellings(field, (w,)) for w in words), slop)


@dataclass(frozen=True, slots=True)
class Prefix:
    field: str
    prefix: str  # folded
    spelled: str = ""  # typed with diacritics in a query typed with them: only the spellings that start so


@dataclass(frozen=True, slots=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class DisMax:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AndMaybe:
    required: Node
    optional: Node


@dataclass(frozen=True, slots=True)
class AndNot:
    positive: Node
    negative: Node


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class Constant:
    node: Node
    score: float


@dataclass(frozen=True, slots=True)
class Boost:
    node: Node
    factor: float


@dataclass(frozen=True, slots=True)
class Values:
    field: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DateRange:
    lo: str  # "" for no lower bound
    hi: str  # "" for no upper bound


@dataclass(frozen=True, slots=True)
class Every:
    pass


Node = (Term | Spellings | Phrase | Prefix | Or | And | DisMax | AndMaybe | AndNot | Not | Constant | Boost | Values
        | DateRange | Every)


def any_of(parts: list[Node]) -> Node:
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


def all_of(parts: list[Node]) -> Node:
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly below ``node`` in the tree (none for a leaf; a phrase's words are not nodes)."""
    if isinstance(node, Or | And | DisMax):
        return node.parts
    if isinstance(node, AndMaybe):
        return node.required, node.optional
    if isinstance(node, AndNot):
        return node.positive, node.negative
    if isinstance(node, Not | Constant | Boost):
        return (node.node,)
    return ()


def phrases(node: Node) -> list[Phrase]:
    """Every phrase in the tree (their words are read with positions)."""
    if isinstance(node, Phrase):
        return [node]
    return [p for child in children(node) for p in phrases(child)]
