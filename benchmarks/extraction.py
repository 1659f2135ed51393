"""Main-text extraction from web pages: trafilatura (``search/ingest/html.py``) against our old rules.

    python -m benchmarks.extraction [--data ../shared/data] [--aeb DIR] [--limit N]

Two extractors on the same pages:

- ``trafilatura``: what ``search index`` does with a ``.html`` file now (``extract_page``);
- ``old rules``: what it would do without a page extractor: the page's visible text (scripts and styles
  dropped, one line per block element) with the trailing boilerplate lines removed (``strip_boilerplate``).

Two measures per page, on case-folded word tokens (letters, marks and digits; U+200B separates):

- **body kept**: the share of the article's own words (the known text) found in the extracted text;
- **furniture removed**: the share of the page's other visible words (navigation, share buttons, related
  links, footers, comments) absent from it.

Pages:

- ``seeds``, ``vi``, ``km``: the two seed articles and 30 each of the Vietnamese and Khmer news sets
  (``../shared/data``), rendered in this script as news pages: navigation, cookie banner, share bars, a
  "read also" box and an ad inside the article, tags, related headlines with teasers, reader comments, a
  sidebar and a footer, in the article's language, in four layouts (with and without ``<article>``,
  JSON-LD, Open Graph). The known text is the article's.
- ``aeb``: the ScrapingHub article-extraction benchmark (181 real pages with their true article text), when a
  copy is given with ``--aeb`` (folder with ``ground-truth.json`` and ``html/*.html.gz``; MIT licence, not
  in this repository). Its own F1 (4-word shingles) is printed too.

Missing data sets are skipped with a message.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_TOKEN = re.compile(r"[^\W_]+|[\u0E00-\u0FFF\u1780-\u17FF\u0300-\u036F\u1000-\u109F]+")
_SHINGLE = re.compile(r"\w+")
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "header", "footer", "nav",
           "aside", "ul", "ol", "tr", "td", "th", "br", "blockquote", "figcaption", "dd", "dt", "pre", "form",
           "table", "main", "body", "title"}


@dataclass(frozen=True)
class Page:
    set: str
    name: str
    html: str
    gold: str  # the article's own text
    url: str | None = None


def tokens(text: str | None) -> Counter[str]:
    if not text:
        return Counter()
    text = unicodedata.normalize("NFC", text).casefold().replace("\u200b", " ")
    return Counter(_TOKEN.findall(text))


# --- extractors ----------------------------------------------------------------------------------------------
def with_trafilatura(page: Page) -> str:
    from search.ingest.html import extract_page

    found = extract_page(page.html.encode("utf-8"), url=page.url)
    return found.fields.get("body", "") if found else ""


def visible_text(markup: str) -> str:
    import lxml.html

    tree = lxml.html.fromstring(markup)
    for bad in tree.xpath("//script|//style|//noscript|//template|//head/meta|//head/link"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el: object) -> None:
        tag = getattr(el, "tag", "")
        block = isinstance(tag, str) and tag.lower() in _BLOCKS
        if block:
            parts.append("\n")
        if getattr(el, "text", None):
            parts.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(tree)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def with_old_rules(page: Page) -> str:
    from search.ingest.boilerplate import strip_boilerplate

    return strip_boilerplate(visible_text(page.html))[0]


EXTRACTORS: dict[str, Callable[[Page], str]] = {"trafilatura": with_trafilatura, "old rules": with_old_rules}


# --- pages ---------------------------------------------------------------------------------------------------
FURNITURE = {
    "fr": dict(nav=["Accueil", "Monde", "Économie", "Sport", "Culture", "Asie"], cookie="Ce site utilise des "
               "cookies pour améliorer votre expérience. Accepter", share="Partager Facebook Twitter E-mail "
               "Imprimer", read="Lire aussi : Le Laos inaugure un nouveau pont sur le Mékong", ad="Publicité",
               tags="Mots-clés : diplomatie, Asie du Sud-Est", related="Articles liés", comments="Commentaires",
               comment="Très bon article, merci pour ces informations.", most="Les plus lus",
               footer="© 2024 Le Courrier de l'Asie. Tous droits réservés. 12 rue des Lilas, Paris. Contact"),
    "id": dict(nav=["Beranda", "Dunia", "Ekonomi", "Olahraga", "Budaya", "Asia"], cookie="Situs ini menggunakan "
               "cookie untuk pengalaman Anda. Setuju", share="Bagikan Facebook Twitter Email Cetak",
               read="Baca juga: Laos resmikan jembatan baru di Sungai Mekong", ad="Iklan",
               tags="Tag: diplomasi, Asia Tenggara", related="Berita terkait", comments="Komentar",
               comment="Artikel yang sangat bagus, terima kasih atas informasinya.", most="Terpopuler",
               footer="© 2024 Kabar Asia. Hak cipta dilindungi. Jalan Merdeka 12, Jakarta. Kontak"),
    "vi": dict(nav=["Trang chủ", "Thế giới", "Kinh doanh", "Thể thao", "Văn hóa", "Châu Á"],
               cookie="Trang web sử dụng cookie để cải thiện trải nghiệm. Đồng ý", share="Chia sẻ Facebook "
               "Zalo Email In bài", read="Xem thêm: Lào khánh thành cây cầu mới trên sông Mê Kông",
               ad="Quảng cáo", tags="Từ khóa: ngoại giao, Đông Nam Á", related="Tin liên quan",
               comments="Bình luận", comment="Bài viết rất hay, cảm ơn tác giả đã chia sẻ thông tin.",
               most="Đọc nhiều", footer="© 2024 Báo Tin Tức Châu Á. Giữ bản quyền. Số 12 phố Hàng Bài, Hà Nội. "
               "Liên hệ"),
    "km": dict(nav=["ទំព័រដើម", "ពិភពលោក", "សេដ្ឋកិច្ច", "កីឡា", "វប្បធម៌", "អាស៊ី"],
               cookie="គេហទំព័រនេះប្រើខូគី។ យល់ព្រម", share="ចែករំលែក Facebook Telegram",
               read="អានបន្ថែម៖ ឡាវសម្ពោធស្ពានថ្មីលើទន្លេមេគង្គ", ad="ពាណិជ្ជកម្ម", tags="ស្លាក៖ ការទូត អាស៊ាន",
               related="ព័ត៌មានទាក់ទង", comments="មតិយោបល់", comment="អត្ថបទល្អណាស់ សូមអរគុណ",
               most="អានច្រើនបំផុត", footer="© ២០២៤ កាសែតអាស៊ី។ រក្សាសិទ្ធិ។ ភ្នំពេញ។ ទំនាក់ទំនង"),
}
HEADLINES = {
    "fr": ["Les exportations de riz atteignent un record", "Un nouveau musée ouvre à Hué",
           "La saison des pluies commence tôt", "Le tourisme reprend à Siem Reap"],
    "id": ["Ekspor beras capai rekor baru", "Museum baru dibuka di Yogyakarta", "Musim hujan datang lebih awal",
           "Pariwisata Bali kembali ramai"],
    "vi": ["Xuất khẩu gạo đạt kỷ lục mới", "Bảo tàng mới mở cửa tại Huế", "Mùa mưa đến sớm hơn mọi năm",
           "Du lịch Siem Reap phục hồi mạnh"],
    "km": ["ការនាំចេញអង្ករកើនឡើងខ្ពស់", "សារមន្ទីរថ្មីបើកនៅសៀមរាប", "រដូវវស្សាមកដល់មុន", "ទេសចរណ៍ងើបឡើងវិញ"],
}


def render(title: str, paragraphs: list[str], lang: str, layout: int, rng: random.Random) -> str:
    """A news page around the article, with every kind of furniture, in one of four layouts."""
    f = FURNITURE[lang]
    e = html.escape
    body = [f"<p>{e(p)}</p>" for p in paragraphs]
    body.insert(min(2, len(body)), f'<div class="read-also"><a href="/r">{e(f["read"])}</a></div>')
    body.insert(min(4, len(body)), f'<div class="ad"><script>show_ad()</script>{e(f["ad"])}</div>')
    related = "".join(f'<li><a href="/n{i}">{e(h)}</a><p>{e(h)}. {e(f["comment"])}</p></li>' if i < 2
                      else f'<li><a href="/n{i}">{e(h)}</a></li>' for i, h in enumerate(HEADLINES[lang]))
    head = f"<title>{e(title)} - Asia News</title>"
    if layout in (0, 1):
        head += ('<script type="application/ld+json">' + json.dumps(
            {"@type": "NewsArticle", "headline": title, "datePublished": "2024-11-06T08:00:00+07:00"},
            ensure_ascii=False) + "</script>")
    if layout in (0, 2):
        head += f'<meta property="og:title" content="{e(title)}"><meta property="og:site_name" content="Asia News">'
    main = f"<h1>{e(title)}</h1>" + "".join(body)
    main = f"<article>{main}</article>" if layout in (0, 2) else f'<div class="content">{main}</div>'
    nav = "".join(f'<a href="/{i}">{e(n)}</a> ' for i, n in enumerate(f["nav"]))
    share = f'<div class="share">{e(f["share"])}</div>'
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}<style>.x{{color:red}}</style>'
            f'</head><body><header><nav>{nav}</nav></header><div class="cookie">{e(f["cookie"])}</div>'
            f'<main>{share}{main}{share}<div class="tags">{e(f["tags"])}</div>'
            f'<section class="related"><h3>{e(f["related"])}</h3><ul>{related}</ul></section>'
            f'<section class="comments"><h3>{e(f["comments"])} (2)</h3><div class="comment"><p>{e(f["comment"])}'
            f'</p></div><div class="comment"><p>{e(f["comment"])}</p></div></section></main>'
            f'<aside><h3>{e(f["most"])}</h3><ol>{"".join(f"<li>{e(h)}</li>" for h in HEADLINES[lang])}</ol></aside>'
            f'<footer><p>{e(f["footer"])}</p></footer><script>track({rng.random()})</script></body></html>')


def rendered_pages(data: Path, per_set: int) -> Iterator[Page]:
    rng = random.Random(13)
    seeds = [("000_64ee10f01e38a171.txt", "fr"), ("004_9f476f2407ec2705.txt", "id")]
    for name, lang in seeds:
        text = (REPO / "seeds" / name).read_text(encoding="utf-8").strip().split("\n")
        title = text[0].strip().split(" ", 2)[2] if text[0].strip().startswith("date ") else text[0][:80]
        from search.ingest.boilerplate import strip_boilerplate

        body = strip_boilerplate("\n".join(text[1:]))[0]
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
        for layout in range(4):
            yield Page("seeds", f"{name}#{layout}", render(title, paragraphs, lang, layout, rng), "\n".join(paragraphs))
    for set_name, lang in (("vi-news", "vi"), ("km-news", "km")):
        folder = data / set_name / "docs"
        if not folder.is_dir():
            print(f"no {folder}: {lang} pages skipped", file=sys.stderr)
            continue
        files = sorted(folder.glob("*.txt"))
        for i, path in enumerate(random.Random(5).sample(files, min(per_set, len(files)))):
            lines = [line for line in path.read_text(encoding="utf-8").split("\n") if not line.startswith("# ")]
            lines = [line.strip() for line in lines if line.strip()]
            title, paragraphs = lines[0], lines[1:]
            yield Page(lang, path.name, render(title, paragraphs, lang, i % 4, rng), "\n".join(paragraphs))


def aeb_pages(folder: Path, limit: int) -> Iterator[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in sorted(truth.items())[:limit]:
        path = folder / "html" / f"{key}.html.gz"
        if path.exists():
            raw = gzip.decompress(path.read_bytes())
            yield Page("aeb", key, raw.decode("utf-8", "replace"), item.get("articleBody") or "", item.get("url"))


# --- measures ------------------------------------------------------------------------------------------------
def measure(page: Page, text: str) -> tuple[float, float]:
    gold, out, visible = tokens(page.gold), tokens(text), tokens(visible_text(page.html))
    furniture = visible - gold
    kept = sum((gold & out).values()) / max(1, sum(gold.values()))
    leaked = sum(((out - gold) & furniture).values())
    removed = 1 - leaked / max(1, sum(furniture.values()))
    return kept, removed


def shingle_f1(gold: str, text: str, n: int = 4) -> tuple[float, float]:
    def shingles(t: str) -> Counter[tuple[str, ...]]:
        words = _SHINGLE.findall(t)
        return Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)) if words[i:i + n])

    a, b = shingles(gold), shingles(text)
    tp = sum((a & b).values())
    return (tp / max(1, sum(b.values())), tp / max(1, sum(a.values())))  # precision, recall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--aeb", type=Path, default=None,
                        help="a copy of the ScrapingHub article-extraction benchmark (ground-truth.json, html/)")
    parser.add_argument("--per-set", type=int, default=30, help="Vietnamese and Khmer pages rendered")
    parser.add_argument("--limit", type=int, default=1000, help="real pages at most")
    args = parser.parse_args(argv)

    pages = list(rendered_pages(args.data, args.per_set))
    if args.aeb is not None:
        if (args.aeb / "ground-truth.json").is_file():
            pages += list(aeb_pages(args.aeb, args.limit))
        else:
            print(f"no ground-truth.json in {args.aeb}: real pages skipped", file=sys.stderr)
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    shingles: dict[str, list[tuple[float, float]]] = {}
    seconds: dict[str, float] = {}
    for name, extract in EXTRACTORS.items():
        start = time.perf_counter()
        for page in pages:
            text = extract(page)
            results.setdefault((page.set, name), []).append(measure(page, text))
            if page.set == "aeb":
                shingles.setdefault(name, []).append(shingle_f1(page.gold, text))
        seconds[name] = time.perf_counter() - start
    print("| pages | extractor | body kept: mean, median (min) | furniture removed: mean, median (min) |")
    print("|---|---|---|---|")
    for (set_name, name), rows in results.items():
        kept = [k for k, _ in rows]
        removed = [r for _, r in rows]
        print(f"| {set_name} ({len(rows)}) | {name} | {statistics.mean(kept):.3f}, {statistics.median(kept):.3f} "
              f"({min(kept):.3f}) | {statistics.mean(removed):.3f}, {statistics.median(removed):.3f} "
              f"({min(removed):.3f}) |")
    for name, rows in shingles.items():
        p = statistics.mean(x for x, _ in rows)
        r = statistics.mean(y for _, y in rows)
        print(f"aeb {name}: shingle precision {p:.3f}, recall {r:.3f}, F1 {2 * p * r / (p + r):.3f}")
    for name, s in seconds.items():
        print(f"{name}: {s / max(1, len(pages)) * 1000:.0f} ms per page ({len(pages)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
