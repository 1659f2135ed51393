"""A throwaway OpenSearch on 127.0.0.1, for the tests, the benchmarks and trying the backend out.

    with DevCluster(nodes=1) as cluster:          # fetched from Maven Central by opensearch/pom.xml if needed
        build_cluster_index(["seeds"], cluster.url, "news")
    python -m search.cluster.devnode 3            # three nodes in the foreground; Ctrl-C stops them

Every node is the real server (``bin/opensearch`` of the integ-test distribution, ``opensearch/pom.xml``) in
its own JVM, with its own config, data and log folders in a temporary run folder, on free ports of
127.0.0.1. OpenSearch refuses to run as root: when we are root (CI), the JVM runs as ``nobody`` (``setpriv``),
so the run folder is made under /tmp and world-traversable. One node is ``discovery.type=single-node``;
several find each other through their transport ports. ``stop()`` (also on leaving the ``with`` block) ends
every node it started, by pid: SIGTERM, then SIGKILL after 30 s.

``DevNodeUnavailable`` says why no node can be had here (no Java 11-23, no Maven, no network for the first
fetch); a node that is started but does not come up is an error, with the end of its log.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = "2.19.6"
REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "opensearch"  # pom.xml and the analysis-common descriptor; target/ is what Maven unpacks
JAVA_VERSIONS = range(11, 24)  # OpenSearch 2.19 runs on Java 11-23 (24+: its jvm.options enable the security manager)
JVM_OPTIONS = "-XX:-AlwaysPreTouch -XX:TieredStopAtLevel=1"  # ~270 MB instead of ~430 MB RSS; 40% less CPU to start


class DevNodeUnavailable(Exception):
    """No OpenSearch can be started on this machine (the reason says what is missing)."""


def home() -> Path:
    """OPENSEARCH_HOME: ``SEARCH_OPENSEARCH_HOME``, else what ``opensearch/pom.xml`` unpacks."""
    env = os.environ.get("SEARCH_OPENSEARCH_HOME")
    return Path(env) if env else DIST / "target" / f"opensearch-{VERSION}"


def fetch(timeout: float = 900) -> Path:
    """The distribution, fetched from Maven Central (56 MB, once) when it is not unpacked yet."""
    where = home()
    if (where / "bin" / "opensearch").exists():
        return where
    if not (DIST / "pom.xml").exists():
        raise DevNodeUnavailable(f"no {where} and no {DIST / 'pom.xml'} to fetch it with (not a repository checkout?)")
    mvn = shutil.which("mvn")
    if mvn is None:
        raise DevNodeUnavailable("Maven (mvn) is not installed: it fetches OpenSearch from Maven Central")
    env = {**os.environ, "JAVA_HOME": str(java_home())}
    try:
        done = subprocess.run([mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(DIST / "pom.xml"), "package"],
                              capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise DevNodeUnavailable(f"fetching OpenSearch from Maven Central took over {timeout:.0f} s") from None
    if done.returncode != 0 or not (where / "bin" / "opensearch").exists():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise DevNodeUnavailable(f"mvn could not fetch OpenSearch {VERSION} (exit {done.returncode}):\n{tail}")
    return where


def _java_major(java: Path) -> int | None:
    try:
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if m is None:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def java_home() -> Path:
    """A JDK that OpenSearch 2.19 runs on: ``SEARCH_OPENSEARCH_JAVA_HOME``, ``JAVA_HOME``, or one in /usr/lib/jvm."""
    candidates = [os.environ.get("SEARCH_OPENSEARCH_JAVA_HOME"), os.environ.get("JAVA_HOME")]
    jvm = Path("/usr/lib/jvm")
    if jvm.is_dir():
        candidates += [str(p) for p in sorted(jvm.iterdir(), key=lambda p: ("17" not in p.name, p.name))]
    which = shutil.which("java")
    if which:
        candidates.append(str(Path(os.path.realpath(which)).parents[1]))
    tried = []
    for c in candidates:
        if not c:
            continue
        java = Path(c) / "bin" / "java"
        if java.exists():
            major = _java_major(java)
            tried.append(f"{c} ({major})")
            if major in JAVA_VERSIONS:
                return Path(c)
    raise DevNodeUnavailable("no Java 11-23 found for OpenSearch 2.19 (tried: " + (", ".join(tried) or "none")
                             + "); set SEARCH_OPENSEARCH_JAVA_HOME")


def free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


@dataclass
class Node:
    name: str
    http_port: int
    transport_port: int
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = (self.folder / "stdout.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])


class DevCluster:
    """``nodes`` OpenSearch nodes on 127.0.0.1 (one: single-node discovery), stopped by ``stop()``."""

    def __init__(self, nodes: int = 1, heap: str = "256m", name: str | None = None,
                 java_options: str = JVM_OPTIONS) -> None:
        self.size = nodes
        self.heap = heap
        self.java_options = java_options  # benchmarks: "-XX:-AlwaysPreTouch" (the full JIT, slower to start)
        self.name = name or f"search-test-{os.getpid()}-{int(time.time() * 1000) % 10**6}"
        self.nodes: list[Node] = []
        self.run_dir: Path | None = None
        self.home: Path | None = None
        self.java: Path | None = None

    @property
    def url(self) -> str:
        """The HTTP address of the first node still running."""
        for node in self.nodes:
            if node.alive():
                return node.url
        return self.nodes[0].url

    @property
    def urls(self) -> list[str]:
        return [n.url for n in self.nodes]

    def __enter__(self) -> DevCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 240) -> DevCluster:
        self.java = java_home()
        self.home = fetch()
        # Not pytest's tmp_path: /tmp/pytest-of-root is 0700, and the JVM may run as nobody.
        self.run_dir = Path(tempfile.mkdtemp(prefix="search-opensearch-", dir="/tmp"))
        self.run_dir.chmod(0o755)
        if os.geteuid() == 0 and not _reachable_by_others(self.home):
            # A clone inside a 0700 folder (mktemp -d, a home directory): nobody cannot run the distribution
            # there, so it runs from a copy in the cluster's own folder (61 MB, about a second; removed by stop).
            copy = self.run_dir / "home"
            shutil.copytree(self.home, copy, symlinks=True)
            self.home = copy
        ports = free_ports(2 * self.size)
        self.nodes = [Node(f"node-{i + 1}", ports[2 * i], ports[2 * i + 1], self.run_dir / f"node-{i + 1}")
                      for i in range(self.size)]
        try:
            for node in self.nodes:
                self._launch(node)
            self.wait(self.size, timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _launch(self, node: Node) -> None:
        assert self.home is not None and self.java is not None and self.run_dir is not None
        for sub in ("data", "logs", "tmp"):
            (node.folder / sub).mkdir(parents=True, exist_ok=True)
        config = node.folder / "config"
        shutil.rmtree(config, ignore_errors=True)  # a restarted node keeps its data, not its old config
        shutil.copytree(self.home / "config", config)
        options = (config / "jvm.options").read_text(encoding="utf-8")
        # The shipped jvm.options says 1 GB and writes gc.log, heap dumps and crash files relative to
        # OPENSEARCH_HOME: one heap per node, and every file in the node's own folder.
        for old, new in ((r"^-Xms.*$", f"-Xms{self.heap}"), (r"^-Xmx.*$", f"-Xmx{self.heap}"),
                         (r"file=logs/gc\.log", f"file={node.folder}/logs/gc.log"),
                         (r"filecount=32,filesize=64m", "filecount=2,filesize=8m"),
                         (r"HeapDumpPath=data", f"HeapDumpPath={node.folder}/data"),
                         (r"ErrorFile=logs/", f"ErrorFile={node.folder}/logs/")):
            options = re.sub(old, new, options, flags=re.MULTILINE)
        (config / "jvm.options").write_text(options, encoding="utf-8")
        settings = [
            f"cluster.name={self.name}", f"node.name={node.name}", "network.host=127.0.0.1",
            f"http.port={node.http_port}", f"transport.port={node.transport_port}",
            f"path.data={node.folder / 'data'}", f"path.logs={node.folder / 'logs'}",
            "cluster.routing.allocation.disk.threshold_enabled=false",  # a full shared disk must not block tests
        ]
        if self.size == 1:
            settings.append("discovery.type=single-node")
        else:
            settings.append("discovery.seed_hosts=" + ",".join(f"127.0.0.1:{n.transport_port}" for n in self.nodes))
            settings.append("cluster.initial_cluster_manager_nodes=" + ",".join(n.name for n in self.nodes))
        wrap: list[str] = []
        if os.geteuid() == 0:  # "can not run opensearch as root": the JVM runs as nobody
            for path in (node.folder, *node.folder.rglob("*")):
                os.chown(path, _uid("nobody"), _gid())
            wrap = ["setpriv", "--reuid=nobody", f"--regid={_gid()}", "--clear-groups"]
        env = {**os.environ, "JAVA_HOME": str(self.java), "OPENSEARCH_PATH_CONF": str(config),
               "OPENSEARCH_TMPDIR": str(node.folder / "tmp"), "OPENSEARCH_JAVA_OPTS": self.java_options}
        env.pop("OPENSEARCH_HOME", None)
        command = [*wrap, str(self.home / "bin" / "opensearch"), *(f"-E{s}" for s in settings)]
        with open(node.folder / "stdout.log", "wb") as log:
            # A session of its own: Ctrl-C in a terminal reaches us, and we stop the node (by pid).
            # bin/opensearch execs java, so the pid is the JVM's.
            node.process = subprocess.Popen(command, cwd=node.folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)

    def wait(self, nodes: int, timeout: float = 120, status: str = "green") -> dict[str, Any]:
        """Until the cluster has ``nodes`` nodes and is ``status`` (asked of any node still running)."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            for node in self.nodes:
                if node.process is not None and not node.alive() and node.process.returncode not in (None, -9):
                    raise RuntimeError(f"OpenSearch {node.name} exited with {node.process.returncode}:\n"
                                       f"{node.log_tail()}")
            for node in self.nodes:
                if not node.alive():
                    continue
                try:
                    with urllib.request.urlopen(f"{node.url}/_cluster/health?wait_for_status={status}"
                                                f"&wait_for_nodes={nodes}&timeout=1s", timeout=5) as r:
                        health: dict[str, Any] = json.loads(r.read())
                except OSError as e:  # not listening yet, or 408 while waiting
                    last = str(e)
                    continue
                if not health.get("timed_out") and health.get("number_of_nodes") == nodes:
                    return health
                last = f"{health.get('status')} with {health.get('number_of_nodes')} node(s)"
                break
            time.sleep(0.3)
        tails = "\n".join(f"--- {n.name}:\n{n.log_tail()}" for n in self.nodes)
        raise RuntimeError(f"OpenSearch not {status} with {nodes} node(s) after {timeout:.0f} s ({last}):\n{tails}")

    def kill(self, index: int) -> Node:
        """``kill -9`` of one node (failure tests)."""
        node = self.nodes[index]
        if node.process is not None and node.alive():
            node.process.send_signal(signal.SIGKILL)
            node.process.wait(timeout=30)
        return node

    def restart(self, index: int, timeout: float = 180) -> Node:
        """Start a node again (after ``kill``), on its ports and with its data, and wait for it to rejoin."""
        node = self.nodes[index]
        if node.alive():
            return node
        self._launch(node)
        self.wait(self.size, timeout, status="yellow")
        return node

    def stop(self) -> None:
        for node in self.nodes:
            if node.alive():
                assert node.process is not None
                node.process.send_signal(signal.SIGTERM)
        for node in self.nodes:
            if node.process is None:
                continue
            try:
                node.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                node.process.kill()
                node.process.wait(timeout=30)
        if self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            self.run_dir = None


def _reachable_by_others(path: Path) -> bool:
    """Whether a user other than the owner (``nobody``) can reach ``path``: every folder on the way traversable
    by others, the distribution's files readable by them."""
    try:
        return all(p.stat().st_mode & stat.S_IXOTH for p in (path, *path.parents)) and bool(
            (path / "bin" / "opensearch").stat().st_mode & stat.S_IROTH)
    except OSError:
        return False


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


def _gid() -> int:
    import grp

    for name in ("nogroup", "nobody"):
        try:
            return grp.getgrnam(name).gr_gid
        except KeyError:
            continue
    return 65534


def main(argv: list[str]) -> int:
    """``python -m search.cluster.devnode [NODES]``: start, print the address, wait for Ctrl-C, stop."""
    nodes = int(argv[0]) if argv else 1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill stops the nodes we started (finally)
    try:
        cluster = DevCluster(nodes=nodes, heap=os.environ.get("SEARCH_OPENSEARCH_HEAP", "512m")).start()
    except DevNodeUnavailable as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    try:
        print(f"OpenSearch {VERSION}, {nodes} node(s): {' '.join(cluster.urls)}  (Ctrl-C stops)", flush=True)
        print(f"export SEARCH_OPENSEARCH_URL={cluster.url}", flush=True)
        while all(n.alive() for n in cluster.nodes):
            time.sleep(1)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
