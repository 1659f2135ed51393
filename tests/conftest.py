"""Shared fixtures: tiny inline corpora, index builders, and the larger data sets in ../shared/data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# Every answer of the no-op replay (search/index/noop.py) in the suite is checked against an ordinary run.
pytest_plugins = ["tests.noop_crosscheck"]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path inside ../shared/data, or skip the test (a user's clone has no ../shared)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the test data set {path} (present in CI and on the team's machines only)")
    return path


@pytest.fixture(autouse=True)
def _edits_a_tick_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test writes a file and indexes it within a few milliseconds, where a person's edits are seconds apart:
    the indexer would take it as changed in the tick of the clock it looked at it in (``walk.changed_since``) and
    read it again next run, which the tests of what a run reads do not expect. That rule is tested on its own
    (``tests/index/test_build.py``, which sets the tick)."""
    import importlib

    walk = importlib.import_module("search.ingest.walk")
    monkeypatch.setattr(walk, "RACY_NS", 0)
    monkeypatch.setattr(walk, "RACY_COARSE_NS", 0)


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@contextmanager
def opened_articles(folder: Path, articles: dict[str, str]) -> Iterator[object]:
    """An index of ``articles`` (``write_articles``) built in ``folder``, opened."""
    from search import build_index, open_index

    docs = write_articles(folder / "docs", articles)
    build_index([docs], folder / "index", procs=1)
    with open_index(folder / "index") as opened:
        yield opened


def hit_ids(ix: object, query: str) -> set[str]:
    """The ids of every article ``query`` finds (up to 100), without facets or snippets."""
    return {h.id for h in ix.search(query, limit=100, facets=[], snippets=False).hits}  # type: ignore[attr-defined]


# One small article per language, each with a distinctive word or name the tests look for.
ARTICLES = {
    "fr1.txt": " date 2024-12-12 Coopération entre le Vietnam et le Cambodge\n\n"
               "Le ministre Bùi Thanh Sơn a souligné la coopération bilatérale. Les deux pays veulent coopérer.",
    "fr2.txt": " date 2024-11-20 Visite au Laos\n\n"
               "Bùi Thanh Son a rencontré son homologue laotien. Ils ont parlé de commerce et de coopérations.",
    "id1.txt": " date 2024-11-06 Kerja sama Vietnam dan Kamboja\n\n"
               "Perdana Menteri Pham Minh Chinh bertemu Hun Manet. Kedua negara sepakat memperkuat kerja sama "
               "pertahanan.",
    "en1.txt": " date 2024-10-01 Ministers meet in Vientiane\n\n"
               "Bui Thanh Son met the ministers of Laos. The ministers discussed cooperation and trade.",
    "vi1.txt": " date 2024-09-15 Tỉnh Sơn La phát triển du lịch\n\n"
               "Tỉnh Sơn La đang phát triển du lịch. Bộ trưởng Bùi Thanh Sơn thăm Sơn La.",
    "vi2.txt": " date 2024-09-16 Sơn môi là nghề truyền thống\n\n"
               "Nghề sơn mài là nghề truyền thống. Sơn môi là một loại sơn, còn La là tên riêng.",
    "km1.txt": " date 2024-08-01 ហ៊ុន​ម៉ាណែត\n\n"
               "សម្តេច​ហ៊ុន​ម៉ាណែត នាយក​រដ្ឋមន្ត្រី​កម្ពុជា បាន​ជួប​ជាមួយ​នាយក​រដ្ឋមន្ត្រី​វៀតណាម ។",
    "km2.txt": " date 2024-08-02 ព័ត៌មាន\n\n"
               "ម៉ា​ណែត ជា​ឈ្មោះ ហ៊ុន ជា​នាមត្រកូល ។ រដ្ឋមន្ត្រី​ក្រសួង​ការបរទេស ។",
    "zh1.txt": " date 2024-07-01 越南总理会见柬埔寨首相\n\n越南总理范明政会见柬埔寨首相洪玛奈。两国同意加强合作。",
}


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("corpus"), ARTICLES)


@pytest.fixture(scope="session")
def corpus_index(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from search import build_index

    index_dir = tmp_path_factory.mktemp("index")
    report = build_index([corpus_dir], index_dir, procs=1)
    assert report.added == len(ARTICLES), report.skipped
    return index_dir


@pytest.fixture()
def open_corpus(corpus_index: Path) -> Iterator[object]:
    from search import open_index

    with open_index(corpus_index) as ix:
        yield ix


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from search import build_index

    index_dir = tmp_path_factory.mktemp("seeds-index")
    build_index([SEEDS], index_dir, procs=1)
    return index_dir


Builder = Callable[[dict[str, str]], Path]
