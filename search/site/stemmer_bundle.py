"""Build ``js/vendor/snowball-stem.js``, the search page's Snowball stemmers, from the npm package
``multilingual-stemmer@2.1.1`` (Snowball 3.1.1 compiled to WebAssembly; 0 differences from PyStemmer 3.1.0 on
1.89 million words in all 34 languages, /work/proto/browser/REPORT.md, and tests/site/test_search_analysis.py).

The package is an ES module that fetches its .wasm file: both are blocked on file://. This turns it into one
classic script with the WebAssembly inlined as base64, exposing ``SnowballStem.stem(algorithm, word)`` with
PyStemmer's algorithm names. The output is committed (the export needs no Node and no network); rebuild it with

    npm pack multilingual-stemmer@2.1.1        # or: make stemmer
    python -m search.site.stemmer_bundle multilingual-stemmer-2.1.1.tgz

The tarball must have the pinned integrity (``INTEGRITY``, as ``npm view multilingual-stemmer@2.1.1
dist.integrity`` prints it); the edits fail loudly if the package's glue code ever changes shape.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
import tarfile
from pathlib import Path

PACKAGE = "multilingual-stemmer@2.1.1"
INTEGRITY = "sha512-fY+XKW/i83Q7YJc2oEmc9zzxfQJaKc5s7Bebae4dx99DsqBeu8hWGNhkj4UvRWuSC/26yj2uGcRTCIvxkxouRQ=="
OUT = Path(__file__).resolve().parent / "js" / "vendor" / "snowball-stem.js"

_EDITS = [  # the wasm-bindgen glue's module syntax -> plain declarations
    (r"^/\* @ts-self-types=.*\*/\n", ""),
    (r"^export const Languages", "const Languages"),
    (r"^export class Stemmer", "class Stemmer"),
    (r"^export \{ initSync, __wbg_init as default \};\s*$", ""),
    (r"new URL\('index_bg\.wasm', import\.meta\.url\)", "undefined /* always given the bytes */"),
]

_WRAPPER = """/* snowball-stem.js: Snowball 3.1.1 stemmers (34 languages) for a classic <script>, built by
 * search/site/stemmer_bundle.py from %(package)s (%(integrity)s).
 * multilingual-stemmer: MIT licence, (c) 2019 Vladislav Tupikin (LICENSE-multilingual-stemmer.txt).
 * The stemmers are generated from the Snowball algorithms: BSD licence, (c) 2001-2006 Dr Martin Porter and
 * Richard Boulton (LICENSE-snowball.txt). */
(function (global) {
'use strict';
%(glue)s
var WASM_BASE64 = '%(wasm)s';
function decode(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
  var bin = atob(b64), bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
var bytes = decode(WASM_BASE64);
var ready;
try {
  initSync({ module: bytes });
  ready = Promise.resolve();
} catch (e) {
  ready = __wbg_init({ module_or_path: bytes }).then(function () {});
}
var cache = Object.create(null);
function stemmerFor(algorithm) {
  var s = cache[algorithm];
  if (!s) {
    var name = algorithm.charAt(0).toUpperCase() + algorithm.slice(1);
    if (typeof Languages[name] !== 'number') throw new Error('no Snowball stemmer for ' + algorithm);
    s = cache[algorithm] = new Stemmer(Languages[name]);
  }
  return s;
}
global.SnowballStem = {
  version: '%(package)s (Snowball 3.1.1)',
  ready: ready,
  stem: function (algorithm, word) { return stemmerFor(algorithm).stem(word); }
};
})(globalThis);
"""


def build(tarball: Path) -> str:
    data = tarball.read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"{tarball}: integrity {digest} is not the pinned {INTEGRITY}")
    with tarfile.open(tarball) as tar:
        def read(name: str) -> bytes:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"{tarball}: no {name}")
            return member.read()

        glue = read("dist/browser/index.js").decode("utf-8")
        wasm = read("dist/browser/index_bg.wasm")
    for pattern, replacement in _EDITS:
        glue, n = re.subn(pattern, replacement, glue, count=1, flags=re.M)
        if n != 1:
            raise SystemExit(f"the package's glue changed: {pattern!r} no longer applies")
    if re.search(r"\b(?:import|export)\b", re.sub(r"//.*$", "", glue, flags=re.M)):
        raise SystemExit("module syntax left in the glue")
    return _WRAPPER % {"package": PACKAGE, "integrity": INTEGRITY, "glue": glue,
                       "wasm": base64.b64encode(wasm).decode("ascii")}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    OUT.write_text(build(Path(argv[0])), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
