"""What a data file costs the search page, whatever it holds: ``python -m benchmarks.script_loads``.

The page can only read its data from file:// through ``<script src>`` elements (search/site/js/data.js). This
loads 1, 5, 20 and 50 files of 1.3 KB (the median size of a 5k export's term files) at once, as data.js does,
in a fresh page of headless Chromium each time, and prints the milliseconds until the last one ran (median of
five). Measured here (12-03): 1 file 3.6 ms, 20 files 22.4 ms, 50 files 67.8 ms, 1.1-1.4 ms a file: a long
question that needs 60-80 files spends most of its time there, whatever their size (benchmarks/SITE-RESULTS.md).
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path

from .metrics import median

PAGE = """<!doctype html><html><head><meta charset="utf-8"><script>
const got = new Map();
function data(name, value) { got.set(name, value); }
function load(n) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = "d/" + n + ".js"; el.async = true;
    el.onload = () => { el.remove(); resolve(); }; el.onerror = reject;
    document.head.appendChild(el);
  });
}
window.run = async (n) => {
  const t = performance.now();
  await Promise.all(Array.from({length: n}, (_, i) => load(i)));
  return performance.now() - t;
};
</script></head><body></body></html>"""
COUNTS = (1, 5, 20, 50)
REPS = 5
FILE_BYTES = 1300


def main() -> int:
    from tests.site.cdp import Browser, find_chromium

    if find_chromium() is None:
        print("no Chromium here: `make browser` installs Debian's package")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "d").mkdir()
        for i in range(max(COUNTS)):
            payload = base64.b64encode(os.urandom(FILE_BYTES * 3 // 4)).decode()
            (root / "d" / f"{i}.js").write_text(f'data("{i}", "{payload}");', encoding="ascii")
        (root / "t.html").write_text(PAGE, encoding="utf-8")
        url = (root / "t.html").as_uri()
        with Browser(timeout=60) as browser:
            for n in COUNTS:
                times = []
                for _ in range(REPS):
                    browser.open(url)
                    times.append(float(browser.evaluate(f"run({n})")))
                ms = median(times)
                print(f"{n:3d} files of {FILE_BYTES} bytes: {ms:6.1f} ms (median of {REPS}), {ms / n:.2f} ms a file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
