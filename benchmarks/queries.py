"""A deterministic query set sampled from the articles' own text, plus the Cranfield queries.

    kind           example sent to the engines      why
    vi-word        thương                           one syllable
    vi-compound    hợp tác                          a multi-syllable word typed without quotes
    vi-name        Nguyễn Xuân Phúc                 2-3 capitalised syllables inside a sentence
    vi-phrase      "thương hiệu hàng đầu"           a quoted phrase of 4 words
    km-word        បរាជ័យ                           one U+200B-delimited word
    km-joined      ការបរាជ័យ                        two adjacent words typed without the U+200B
    km-phrase      "ការបរាជ័យរឿង"                   three adjacent words, joined, quoted
    km-spaced      ហ៊ុនម៉ាណែត                       two words the article separates with a space, typed joined
    vi-accent      lào                              one syllable with diacritics: its total is counted
    en-word        slipstream                       one word from a Cranfield abstract
    en-phrase      "boundary layer"                 2-3 adjacent words, quoted
    cranfield      what similarity laws must ...    the 225 Cranfield queries with graded judgments

``needle`` is the string whose presence in title + body decides a silent miss or a precise hit
(see ``metrics.Matcher``).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from .sources import ZWSP, Article, CranfieldQuery

KINDS = ("vi-word", "vi-compound", "vi-name", "vi-phrase", "vi-accent", "km-word", "km-joined", "km-phrase",
         "km-spaced", "en-word", "en-phrase")
# Kinds whose reported total is compared with the number of articles that contain the needle.
COUNTED = ("vi-accent",)


@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    lang: str
    text: str  # what the user types
    needle: str = ""  # what the text must contain ("" for Cranfield)
    qid: str = ""
    gains: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, obj: dict[str, object]) -> Query:
        return cls(**obj)  # type: ignore[arg-type]


_KHMER_WORD = re.compile(r"[\u1780-\u17B3][\u1780-\u17D3\u17D7\u17DD]+")
_WORD = re.compile(r"\w+")
_SEPARATED = re.compile(r"([\u200b\s]+)")

# A candidate maker gets (tokens, separators, rng) for one paragraph and returns a (text, needle) or None.
Maker = Callable[[list[str], list[str], random.Random], "tuple[str, str] | None"]


def _is_lower(tok: str) -> bool:
    return tok.isalpha() and tok.islower() and len(tok) >= 2


def _is_title(tok: str) -> bool:
    return tok.isalpha() and len(tok) >= 2 and tok[0].isupper() and tok[1:].islower()


def _run(tokens: list[str], seps: list[str], start: int, n: int, ok: Callable[[str], bool],
         sep_ok: Callable[[str], bool] = lambda s: s == " ") -> bool:
    """Are tokens[start:start+n] all ``ok`` and separated only by ``sep_ok`` separators?"""
    if start < 0 or start + n > len(tokens):
        return False
    return all(ok(t) for t in tokens[start:start + n]) and all(sep_ok(s) for s in seps[start:start + n - 1])


def _words(n_choices: tuple[int, ...], ok: Callable[[str], bool], quoted: bool = False) -> Maker:
    def make(tokens: list[str], seps: list[str], rng: random.Random) -> tuple[str, str] | None:
        n = rng.choice(n_choices)
        i = rng.randrange(len(tokens))
        if not _run(tokens, seps, i, n, ok):
            return None
        needle = " ".join(tokens[i:i + n])
        return (f'"{needle}"' if quoted else needle), needle
    return make


def _vi_name(tokens: list[str], seps: list[str], rng: random.Random) -> tuple[str, str] | None:
    """2-3 capitalised syllables, preceded by a lowercase word (not a sentence start) and not followed by
    another capitalised one (the whole name, not a piece of it)."""
    n = rng.choice((2, 3))
    i = rng.randrange(1, max(2, len(tokens)))
    if not (_run(tokens, seps, i, n, _is_title) and _is_lower(tokens[i - 1]) and seps[i - 1] == " "):
        return None
    if i + n < len(tokens) and _is_title(tokens[i + n]) and seps[i + n - 1] == " ":
        return None
    needle = " ".join(tokens[i:i + n])
    return needle, needle


def _km_word(tok: str) -> bool:
    # Some articles leave long stretches unsegmented; a Khmer word is rarely longer than 10 code points.
    return len(tok) <= 10 and bool(_KHMER_WORD.fullmatch(tok))


def _km(n: int, quoted: bool = False) -> Maker:
    """n adjacent U+200B-delimited Khmer words, joined the way people type them: without the U+200B."""
    def make(tokens: list[str], seps: list[str], rng: random.Random) -> tuple[str, str] | None:
        i = rng.randrange(len(tokens))
        if not _run(tokens, seps, i, n, _km_word, lambda s: s == ZWSP):
            return None
        if (i > 0 and seps[i - 1] != ZWSP) or (i + n < len(tokens) and seps[i + n - 1] != ZWSP):
            return None  # delimited on both sides, so it is a whole word and not a piece of a longer run
        needle = "".join(tokens[i:i + n])
        if len(needle) < 3:
            return None
        return (f'"{needle}"' if quoted else needle), needle
    return make


def _km_spaced(tokens: list[str], seps: list[str], rng: random.Random) -> tuple[str, str] | None:
    """Two Khmer words that the article separates with a real space, typed as one word: the needle keeps the
    space (the metric finds "A B"), the query has none."""
    i = rng.randrange(len(tokens))
    if not _run(tokens, seps, i, 2, _km_word, lambda s: s == " "):
        return None
    return tokens[i] + tokens[i + 1], f"{tokens[i]} {tokens[i + 1]}"


MAKERS: dict[str, tuple[str, Maker]] = {
    "vi-word": ("vi", _words((1,), _is_lower)),
    "vi-compound": ("vi", _words((2, 3), _is_lower)),
    "vi-name": ("vi", _vi_name),
    "vi-phrase": ("vi", _words((4,), lambda t: t.isalpha(), quoted=True)),
    "km-word": ("km", _km(1)),
    "km-joined": ("km", _km(2)),
    "km-phrase": ("km", _km(3, quoted=True)),
    "km-spaced": ("km", _km_spaced),
    "vi-accent": ("vi", _words((1,), lambda t: _is_lower(t) and not t.isascii())),
    "en-word": ("en", _words((1,), lambda t: _is_lower(t) and len(t) >= 4)),
    "en-phrase": ("en", _words((2, 3), lambda t: _is_lower(t) and len(t) >= 3, quoted=True)),
}


def _split(paragraph: str) -> tuple[list[str], list[str]]:
    parts = _SEPARATED.split(paragraph.strip(ZWSP + " "))
    return parts[0::2], parts[1::2]


# Adjacent syllables are a word or a name only if they recur: a needle must occur in this many articles.
MIN_ARTICLES = {"vi-compound": 3, "vi-name": 2}


def _ngram_articles(articles: list[Article]) -> Counter[str]:
    """casefolded 2- and 3-syllable sequences -> number of articles containing them."""
    counts: Counter[str] = Counter()
    for a in articles:
        grams: set[str] = set()
        for paragraph in a.paragraphs:
            tokens = _WORD.findall(paragraph.casefold())
            for n in (2, 3):
                grams.update(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        counts.update(grams)
    return counts


def _sample(kind: str, pool: list[Article], count: int, rng: random.Random,
            df: Counter[str]) -> Iterator[Query]:
    lang, make = MAKERS[kind]
    articles = [a for a in pool if a.lang == lang and a.source != "seeds"]
    seen: set[str] = set()
    attempts = 0
    while articles and len(seen) < count and attempts < count * 2000:
        attempts += 1
        article = rng.choice(articles)
        tokens, seps = _split(rng.choice(article.paragraphs))
        made = make(tokens, seps, rng) if tokens else None
        if made and kind in MIN_ARTICLES and df[made[1].casefold()] < MIN_ARTICLES[kind]:
            continue
        if made and made[1].casefold() not in seen:
            seen.add(made[1].casefold())
            yield Query(kind, lang, made[0], made[1])


def sample_queries(pool: list[Article], per_kind: int = 50, seed: int = 7,
                   kinds: tuple[str, ...] = KINDS) -> list[Query]:
    """``per_kind`` distinct queries of each kind, the same ones on every run with the same pool and seed."""
    queries: list[Query] = []
    dfs: dict[str, Counter[str]] = {}
    for kind in kinds:
        lang = MAKERS[kind][0]
        if kind in MIN_ARTICLES and lang not in dfs:
            dfs[lang] = _ngram_articles([a for a in pool if a.lang == lang and a.source != "seeds"])
        rng = random.Random(f"queries:{seed}:{kind}")
        queries.extend(_sample(kind, pool, per_kind, rng, dfs.get(lang, Counter())))
    return queries


def cranfield_queries(queries: list[CranfieldQuery], present: set[str],
                      limit: int | None = None) -> list[Query]:
    """Cranfield queries with judgments restricted to the documents the corpus holds (queries left with no
    relevant document are dropped)."""
    out = []
    for q in queries:
        gains = {doc: g for doc, g in q.gains.items() if doc in present}
        if gains:
            out.append(Query("cranfield", "en", q.text, qid=q.qid, gains=gains))
    return out[:limit] if limit is not None else out
