"""What a folder to index holds at the file-system level: pipes, devices, unreadable files and folders.

Every bad entry is reported and skipped, the rest is indexed, and the run never hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ..conftest import ARTICLES, write_articles


def _index_cli(corpus: Path, index_dir: Path) -> subprocess.CompletedProcess[str]:
    """``search index`` in a process of its own, with a deadline: a hang fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-m", "search", "index", str(corpus), "--index", str(index_dir),
                           "--procs", "1"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})


def test_a_pipe_or_a_device_named_like_an_article_is_skipped_without_hanging(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "c", {"fr1.txt": ARTICLES["fr1.txt"]})
    pipes = ["crawl.warc", "crawl.warc.gz", "wire.jsonl", "story.txt", "page.html.gz"]
    for name in pipes:
        os.mkfifo(corpus / name)  # opening one waits for a writer; reading one never ends
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "nothing.warc").symlink_to("/dev/null")
    done = _index_cli(corpus, tmp_path / "ix")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    for name in [*pipes, "zero.txt", "nothing.warc"]:
        assert f"{name}: not a regular file" in done.stdout
    assert "1 added" in done.stdout and "7 skipped" in done.stdout
