"""Measuring one child process: wall time and the peak RSS of its process tree (sampled from /proc, because
an indexer that forks workers is bigger than its largest process).

Why not ``wait4``'s ``ru_maxrss``: on Linux a child inherits the parent's high-water mark through fork/exec,
so every child of a 180 MB parent "peaks" at 180 MB. The child reports its own exact peak instead
(``peak_rss_self``, VmHWM, which starts afresh at exec)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True, slots=True)
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    tree_rss: int  # bytes, the largest sampled sum over the child and its descendants

    def check(self, what: str) -> ChildRun:
        if self.returncode != 0:
            tail = "\n".join(self.stderr.strip().splitlines()[-8:])
            raise ChildFailedError(f"{what} failed (exit {self.returncode}):\n{tail}")
        return self


class ChildFailedError(Exception):
    pass


def _tree_rss(root: int) -> int:
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(entry.name)
        parent[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE
    total = 0
    for pid, size in rss.items():
        p = pid
        while p > 1 and p != root:
            p = parent.get(p, 0)
        if p == root:
            total += size
    return total


def run_child(args: list[str], cwd: Path, sample_every: float = 0.2) -> ChildRun:
    """Run ``args`` to completion; nothing is measured inside the child except what it prints."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(sample_every):
                try:
                    peak[0] = max(peak[0], _tree_rss(proc.pid))
                except OSError:
                    pass

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status = os.waitpid(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(proc.returncode, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), seconds, peak[0])


def peak_rss_self() -> int:
    """This process's peak resident set (VmHWM) in bytes; 0 where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def disk_usage(path: Path) -> int:
    """Bytes of the files under ``path`` (apparent size, as ``du --apparent-size``)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total
