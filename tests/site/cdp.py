"""Debian's headless Chromium driven over the DevTools protocol, with the Python standard library only.

Chromium started with ``--remote-debugging-pipe`` reads protocol commands on its file descriptor 3 and writes
replies and events on 4, one JSON text and a NUL byte each: no port, no websocket package. One browser serves a
whole test module (a page costs about 0.1 s instead of 2 s for a ``chromium --dump-dom`` run), and the protocol
reports what the console does not: failed script loads (``Log.entryAdded``), uncaught errors, console.error.

    with Browser() as browser:
        page = browser.open(Path("site/search.html").resolve().as_uri() + "?q=hun+manet")
        page.ids, page.total, page.console
        browser.evaluate("NewsSearch.analyze('coopération', 'fr')")
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND"]  # the page must not need the network: make sure it has none

# Resolves once the page shows its results (an element with data-total or data-error), or null at the deadline.
WAIT_FOR_RESULTS = """
new Promise((resolve) => {
  const deadline = Date.now() + %(timeout_ms)d;
  (function poll() {
    const total = document.querySelector('[data-total]');
    const error = document.querySelector('[data-error]');
    if (total || error) {
      resolve({total: total ? Number(total.getAttribute('data-total')) : null,
               error: error ? error.getAttribute('data-error') : null,
               ids: Array.from(document.querySelectorAll('[data-id]'), (e) => e.getAttribute('data-id')),
               rendered: Number(document.documentElement.dataset.rendered || 0),
               loaded: (window.NewsSearch && window.NewsSearch.loaded || []).slice()});
    } else if (Date.now() > deadline) {
      resolve(null);
    } else {
      setTimeout(poll, 2);
    }
  })();
})
"""


class CDPError(RuntimeError):
    pass


@dataclass
class Page:
    url: str
    total: int | None  # None: no data-total (an error, or nothing before the timeout)
    ids: list[str]
    error: str | None = None
    console: list[str] = field(default_factory=list)  # console.error/warn, uncaught exceptions, failed loads
    rendered_ms: float = 0.0  # when the results were on screen, from the start of navigation
    loaded: list[str] = field(default_factory=list)  # data files the page loaded
    seconds: float = 0.0


def find_chromium() -> str | None:
    # The real binary, not Debian's /usr/bin/chromium shell wrapper (which only adds desktop flags).
    for path in ("/usr/lib/chromium/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if path and os.path.exists(path):
            return path
    return None


class Browser:
    def __init__(self, executable: str | None = None, timeout: float = 30.0, flags: tuple[str, ...] = ()) -> None:
        found = executable or find_chromium()
        if not found:
            raise FileNotFoundError("no chromium found")
        self.executable = found
        self.timeout = timeout
        self.flags = list(flags)
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []

    # -- process --------------------------------------------------------------------------------------------
    def __enter__(self) -> Browser:
        self._profile = tempfile.TemporaryDirectory(prefix="cdp-profile-")
        self._stderr = open(os.path.join(self._profile.name, "stderr.log"), "wb")  # noqa: SIM115

        def high(fd: int) -> int:  # away from 3 and 4, which the child's ends must become
            new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            return new

        to_chrome_r, self._to_chrome = map(high, os.pipe())
        self._from_chrome, from_chrome_w = map(high, os.pipe())
        # Chromium expects the pipe on fds 3 and 4: bash (dash takes single-digit fds only) moves them there.
        script = f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w} {to_chrome_r}<&- {from_chrome_w}>&-'
        cmd = ["/bin/bash", "-c", script, "bash", self.executable, *FLAGS, *self.flags,
               f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(cmd, pass_fds=(to_chrome_r, from_chrome_w), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=self._stderr, start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                self.call(f"{domain}.enable", session=self.session)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except Exception:  # noqa: S110  (closing anyway)
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the browser and every process it started
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        self._stderr.close()
        self._profile.cleanup()

    # -- protocol -------------------------------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise CDPError("chromium closed the pipe (crashed or exited)")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: str | None = None, timeout: float | None = None, **params: Any) -> Any:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply["result"]
            if "method" in reply:
                self._events.append(reply)

    def wait_event(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, ev in enumerate(self._events):
                if ev["method"] == method:
                    return self._events.pop(i)
            self._events.append(self._read_message(deadline))

    # -- pages ----------------------------------------------------------------------------------------------
    def navigate(self, url: str, timeout: float = 20.0) -> None:
        self._events.clear()
        nav = self.call("Page.navigate", session=self.session, url=url)
        if nav.get("errorText"):
            raise CDPError(f"navigation to {url} failed: {nav['errorText']}")
        self.wait_event("Page.loadEventFired", timeout=timeout)

    def open(self, url: str, timeout: float = 20.0) -> Page:
        """Navigate, wait for the load event and for the results (data-total or data-error); read the DOM."""
        started = time.monotonic()
        self.navigate(url, timeout)
        res = self.call("Runtime.evaluate", session=self.session, awaitPromise=True, returnByValue=True,
                        expression=WAIT_FOR_RESULTS % {"timeout_ms": int(timeout * 1000)}, timeout=timeout + 5)
        value = res["result"].get("value")
        self.call("Runtime.evaluate", session=self.session, expression="0")  # events sent just before
        page = Page(url, None, [])
        if value is not None:
            page = Page(url, value["total"], value["ids"], value["error"], rendered_ms=value["rendered"],
                        loaded=value["loaded"])
        page.console = self.console()
        page.seconds = time.monotonic() - started
        return page

    def console(self) -> list[str]:
        return [line for ev in self._events if (line := _console_line(ev))]

    def evaluate(self, expression: str, timeout: float | None = None) -> Any:
        res = self.call("Runtime.evaluate", session=self.session, expression=expression, awaitPromise=True,
                        returnByValue=True, timeout=timeout)
        if "exceptionDetails" in res:
            details = res["exceptionDetails"]
            raise CDPError(details.get("exception", {}).get("description", details.get("text", "exception")))
        return res["result"].get("value")

    def screenshot(self, path: str, width: int = 1280, height: int = 900) -> None:
        import base64

        self.call("Emulation.setDeviceMetricsOverride", session=self.session, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", session=self.session, format="png",
                         captureBeyondViewport=False)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def _console_line(ev: dict[str, Any]) -> str | None:
    m, p = ev["method"], ev.get("params", {})
    if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
        args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
        return f"console.{p['type']}: {args}"
    if m == "Runtime.exceptionThrown":
        d = p["exceptionDetails"]
        return "uncaught: " + d.get("exception", {}).get("description", d.get("text", "")).splitlines()[0]
    if m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
        e = p["entry"]
        return f"{e['source']}.{e['level']}: {e['text']} {e.get('url', '')}".rstrip()
    return None
