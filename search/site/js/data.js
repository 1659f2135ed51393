/* The page's data: script files that hand their value to NewsSearch.data(name, value), loaded on demand.
 *
 * From file:// a page may not fetch() or import() its neighbours, but it may insert <script src> elements
 * (search/site/bundle.py writes the files, search/site/pack.py says how they are packed). Each file is loaded
 * once; files a query needs are inserted together, so they load in parallel.
 *
 *   NS.load("terms/7").then((shard) => ...)      NS.varints("DAi-") -> [3, 0, 40]
 *   NS.postings("...") -> {ids: Int32Array, tf: Float64Array}
 */
(function (NS) {
  "use strict";
  const received = new Map();
  const pending = new Map();
  NS.base = NS.base || "search/";
  NS.loaded = [];  // every file name loaded, in order (benchmarks read it)
  NS.timeline = [];  // [name, asked, arrived, decoded] in ms since the page started, per file (benchmarks)

  const waiting = new Map();  // name -> [resolve, reject] of a file the page itself included, not arrived yet

  NS.data = function (name, value) {
    if (garbled(value) || (value !== null && typeof value === "object" && garbled(value.z))) {
      // Read in another encoding than the element's charset (a server's header): its bytes again (reread)
      const v = reread(including.has(name) ? srcOf(name) : NS.base + name + ".js").then((text) => {
        const got = new Map();
        const data = NS.data;
        NS.data = (n, x) => { got.set(n, x); };  // the file run again, its values kept here
        try { (0, eval)(text); } finally { NS.data = data; }
        const x = got.get(name);
        return typeof x === "string" ? NS.inflate(x).then(JSON.parse) : x;
      });
      v.catch(() => {});  // NS.load reports it
      value = v;
    } else if (including.has(name) && typeof value === "string") {
      // A file the page includes itself comes before the query asks for it (docs/, keys): inflated at once.
      const v = NS.inflate(value).then(JSON.parse);
      v.catch(() => {});  // NS.load reports it
      value = v;
    }
    received.set(name, value);
    const w = waiting.get(name);
    if (w) { waiting.delete(name); w[0](); }
  };

  // A file search.html includes itself (async, in its head: meta, officials) and that has not handed its value
  // over yet: wait for it rather than insert it again. Null when the page has no such script.
  const failed = new Set();  // the src of every script that could not load (error events do not bubble: captured)
  if (typeof document !== "undefined") {
    // A script that ran without handing a value over ends its wait too (NS.load then says so).
    const ended = (ev) => {
      const src = ev.target instanceof HTMLScriptElement ? ev.target.getAttribute("src") : null;
      if (src === null) return;
      if (ev.type === "error") failed.add(src);
      for (const [name, w] of waiting) {
        if (srcOf(name) !== src) continue;
        waiting.delete(name);
        if (ev.type === "error") w[1](new Error("cannot load " + src)); else w[0]();
      }
    };
    document.addEventListener("error", ended, true);
    document.addEventListener("load", ended, true);
  }
  // search.html names them on the engine's own script element (data-with="meta officials"): the engine may
  // run before the page's parser has reached their elements.
  const own = typeof document !== "undefined" && document.currentScript ? document.currentScript.dataset : {};
  const including = new Set(own.with ? own.with.split(" ") : []);
  // They come in one file (data-in="search/start.js", bundle.py: one script element instead of four).
  const srcOf = (name) => own.in || NS.base + name + ".js";
  const ownSrc = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : null;

  // A server that names a charset for scripts (Content-Type: text/javascript; charset=utf-8: GitHub Pages,
  // Netlify, nginx's "charset utf-8;") outranks the elements' charset="x-user-defined": the strings of bytes
  // (pack.py raw_string) come garbled. Served so, fetch() is allowed: the file's bytes, as x-user-defined reads
  // them (0x80-0xFF as U+F780-U+F7FF), to run again. From file:// no header names a charset.
  // (elsewhere, as from file://, such a string is left to NS.bytes, which says why it cannot be read)
  const served = typeof location !== "undefined" && /^https?:$/.test(location.protocol);
  function garbled(text) {
    return served && typeof text === "string" && /[^\x00-\x7f\uf780-\uf7ff]/.test(text);
  }
  const reread = (src) => rereads.get(src) || rereads.set(src, fetch(src).then((r) => {
    if (!r.ok) throw new Error("cannot load " + src);
    return r.arrayBuffer();
  }).then((buffer) => {
    const bytes = new Uint8Array(buffer), parts = [];
    for (let i = 0; i < bytes.length; i += 8192) {
      parts.push(String.fromCharCode(...Array.from(bytes.subarray(i, i + 8192), (b) => b < 0x80 ? b : b + 0xF700)));
    }
    return parts.join("");
  })).get(src);
  const rereads = new Map();  // src -> its text, once asked for (search.html's start file holds four files)
  function included(name) {
    if (!including.has(name)) return null;
    const src = srcOf(name);
    if (failed.has(src)) return Promise.reject(new Error("cannot load " + src));
    return new Promise((resolve, reject) => waiting.set(name, [resolve, reject]));
  }

  // How a file is fetched: a <script> element in a page; tests in other hosts may replace it. The elements
  // asked for in one turn (a query's term files, its hits' articles) go into the page together, in one
  // fragment: inserted one by one, 15 script elements took 9.5 ms of the main thread, in one fragment 4.2
  // (headless Chromium, median of 12 loads of 15 files).
  let batch = null;  // the elements waiting for the end of this turn, or null
  NS.fetchScript = NS.fetchScript || function (name) {
    return new Promise((resolve, reject) => {
      const el = document.createElement("script");
      el.src = NS.base + name + ".js";
      el.charset = "x-user-defined";  // its bytes in strings, a character a byte (NS.bytes)
      el.async = true;
      el.onload = () => { el.remove(); resolve(); };
      el.onerror = () => { el.remove(); reject(new Error("cannot load " + NS.base + name + ".js")); };
      if (batch === null) {
        const mine = batch = document.createDocumentFragment();
        queueMicrotask(() => { if (batch === mine) NS.flushScripts(); });
      }
      batch.appendChild(el);
    });
  };
  // The elements asked for so far in this turn, into the page now rather than at its end: for a caller with
  // work left in the turn (searcher.js: the hits' articles load while the facets are counted; a file takes
  // its time to come whether the page's thread is busy or not).
  NS.flushScripts = function () {
    if (batch === null) return;
    const f = batch;
    batch = null;
    document.head.appendChild(f);
  };

  // A file asked for ahead (NS.prefetch), not yet loaded: name -> [its arrival, when it was asked for].
  const ahead = new Map();
  // Ask for a file the page will load, without reading it yet: its script runs as it comes, and NS.load
  // inflates its value when asked for it (the meta file's own inflating goes first: reader.js R.early).
  NS.prefetch = function (name) {
    if (pending.has(name) || ahead.has(name) || received.has(name) || including.has(name)) return;
    const arrival = NS.fetchScript(name);
    arrival.catch(() => {});  // NS.load reports it
    ahead.set(name, [arrival, performance.now()]);
  };

  NS.load = function (name) {
    let p = pending.get(name);
    if (!p) {
      // A file the page itself included (search.html loads meta and officials with the engine) may have
      // handed its value over already, or be on its way; so may a file asked for ahead.
      const early = ahead.get(name);
      ahead.delete(name);
      const asked = early ? early[1] : performance.now();
      const fetched = received.has(name) ? Promise.resolve() : early ? early[0] : included(name) || NS.fetchScript(name);
      p = fetched.then(() => {
        NS.loaded.push(name);
        const arrived = performance.now();
        const value = received.get(name);
        received.delete(name);
        if (value === undefined) throw new Error("data file " + name + " did not call NewsSearch.data");
        const decoded = value instanceof Promise ? value
          : typeof value === "string" ? NS.inflate(value).then(JSON.parse) : Promise.resolve(value);
        return decoded.then((v) => { NS.timeline.push([name, asked, arrived, performance.now()]); return bare(v); });
      });
      pending.set(name, p);
    }
    return p;
  };

  // A data file's objects without a prototype: their keys are words and names from the articles and the
  // query, and a word such as "constructor" or "__proto__" must not find what every object inherits.
  function bare(v) {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === "object") v[i] = bare(v[i]);
      return v;
    }
    const out = Object.create(null);
    for (const k of Object.keys(v)) out[k] = bare(v[k]);
    return out;
  }

  // The value of a file already loaded, or undefined (for synchronous code that prefetched it).
  const done = new Map();
  NS.cached = function (name) { return done.get(name); };
  NS.loadAll = function (names) {
    return Promise.all(Array.from(new Set(names), (n) => NS.load(n).then((v) => { done.set(n, v); return v; })));
  };

  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const VALUE = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
  NS.ALPHABET = ALPHABET;

  NS.varints = function (text) {
    const out = [];
    let value = 0, scale = 1;
    for (let i = 0; i < text.length; i++) {
      const c = VALUE[text.charCodeAt(i)];
      value += (c & 31) * scale;
      if (c & 32) { scale *= 32; } else { out.push(value); value = 0; scale = 1; }
    }
    return out;
  };

  // pack.py front_coded: "A2024-11-06,J7" -> ["2024-11-06", "2024-11-07"] (each value: how many characters it
  // shares with the one before, as NS.varints, then the rest)
  NS.unfront = function (text) {
    const out = [];
    let before = "";
    for (const piece of text ? text.split(",") : []) {
      let head = 0;
      while (VALUE[piece.charCodeAt(head)] & 32) head++;
      before = before.slice(0, NS.varints(piece.slice(0, head + 1))[0]) + piece.slice(head + 1);
      out.push(before);
    }
    return out;
  };

  // (gap << 1 | tf > 1) [, tf] -> ids ascending, frequencies.
  NS.postings = function (text) {
    const v = NS.varints(text);
    const ids = [], tf = [];
    let id = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      id += Math.floor(x / 2);
      ids.push(id);
      if (x % 2) { tf.push(v[++i]); } else { tf.push(1); }
    }
    return {ids: Int32Array.from(ids), tf: Float64Array.from(tf)};
  };

  // v[i] places as gaps after it -> [the places, where the next value is].
  function places(v, i) {
    const n = v[i++];
    const ps = new Int32Array(n);
    let p = 0;
    for (let k = 0; k < n; k++) { p += v[i++]; ps[k] = p; }
    return [ps, i];
  }

  // Per posting: a count, then position gaps -> an array of Int32Arrays.
  NS.positions = function (text) {
    const v = NS.varints(text);
    const out = [];
    for (let i = 0; i < v.length;) {
      let ps;
      [ps, i] = places(v, i);
      out.push(ps);
    }
    return out;
  };

  // Per article: the gap to the previous one, then its places as NS.positions has them (pairs.py).
  NS.pairPlaces = function (text) {
    const v = NS.varints(text);
    const out = {ids: [], places: []};
    let id = 0;
    for (let i = 0; i < v.length;) {
      id += v[i++];
      let ps;
      [ps, i] = places(v, i);
      out.ids.push(id);
      out.places.push(ps);
    }
    return out;
  };

  NS.fnv1a = function (text) {
    let h = 0x811c9dc5;
    for (const ch of text) {
      h ^= ch.codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  };
  NS.bucket = function (key, count) { return count > 1 ? NS.fnv1a(key) % count : 0; };

  // Raw-deflated bytes -> a stream of the inflated bytes. The bytes go in as a Response's body, not a Blob: each
  // Blob is registered with the browser process, 0.4-0.6 ms of the page's time (60 files of a long question:
  // 28-40 ms through Blobs, 7-13 ms through Responses, measured in headless Chromium).
  // The bytes are written into the DecompressionStream rather than piped from a Response's body: one stream and
  // one pipe fewer a file (20 article files inflated together: 3.3 -> 2.7 ms in headless Chromium, medians of 16
  // fresh pages). A write or close that fails fails the readable side too, which the caller reads: not reported
  // twice.
  const inflated = (text) => {
    const bytes = NS.bytes(text);
    const stream = new DecompressionStream("deflate-raw");
    const writer = stream.writable.getWriter();
    writer.write(bytes).catch(() => {});
    writer.close().catch(() => {});
    return stream.readable;
  };

  // Raw-deflated UTF-8, as a string of bytes (NS.bytes) -> text (search/site/pack.py writes the larger files so).
  NS.inflate = function (text) {
    return new Response(inflated(text)).text();
  };

  // Raw-deflated bytes, as a string of bytes -> the bytes (search/site/bundle.py docs/ files).
  NS.inflateBytes = function (text) {
    return new Response(inflated(text)).arrayBuffer().then((buffer) => new Uint8Array(buffer));
  };

  // The engine itself comes deflated after this file (engine.py: engine_source): run it once inflated.
  NS.boot = function (text) {
    // engine.py engine_source: "...NewsSearch.dataFormat = N;\nNewsSearch.boot(<the string>);\n"
    const rest = !garbled(text) || ownSrc === null ? Promise.resolve(text) : reread(ownSrc).then((file) => {
      const start = file.indexOf("NewsSearch.boot(", file.indexOf("NewsSearch.dataFormat = ")) + 16;
      return (0, eval)(file.slice(start, file.lastIndexOf(")")));
    });
    NS.booted = rest.then(NS.inflate).then((source) => { (0, eval)(source); });
    NS.booted.catch((e) => console.error(e));
  };

  // A string of bytes (pack.py raw_string) -> the bytes. The page reads its search/ scripts as x-user-defined
  // (charset on their script elements), which reads a byte 0x80-0xFF as U+F780-U+F7FF: a character's low byte
  // is the byte. A file read otherwise (as UTF-8: U+FFFD for such bytes) is refused, not inflated to garbage.
  // (one regular expression looks for another character, then a loop without a branch: the engine's 70 KB took
  // 1.65 -> 1.35 ms, medians of 40 fresh pages)
  const NOT_BYTES = /[^\x00-\x7f\uf780-\uf7ff]/;
  NS.bytes = function (text) {
    if (NOT_BYTES.test(text)) throw new Error("search data read in another encoding than x-user-defined");
    const n = text.length, out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = text.charCodeAt(i);  // the low byte (a Uint8Array keeps it alone)
    return out;
  };

  // Base64 inside a JSON value (meta.solo.numbers: the numbers, deflated with the rest of the meta file)
  NS.base64 = function (base64) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(base64);
    const s = atob(base64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
