/* The index as the page reads it (search/index/reader.py's role): postings of terms, exact spellings, stems,
 * keyword values, per-article arrays, loaded from the files search/site/bundle.py writes.
 *
 * Loading is asynchronous (ask for a word's group, its stems, its positions: NS.reader.group("son")),
 * reading is synchronous once loaded (R.postings("body", "sơn")), so the compiler and the scorer keep the
 * shape of their Python counterparts.
 */
(function (NS) {
  "use strict";
  const R = NS.reader = {};
  const EMPTY = {ids: new Int32Array(0), tf: new Float64Array(0)};

  NS.initReader = function (meta) {
    if (typeof meta.docs.dates === "string") meta.docs.dates = NS.unfront(meta.docs.dates);  // bundle.py: front-coded
    R.meta = meta;
    R.shards = meta.shards;
    R.groups = new Map();  // folded word -> its group (or null), once loaded
    R.stems = new Map();  // "fr:cooper" -> {p, w}
    R.positionGroups = new Map();
    R.pairGroups = new Map();  // "<folded a> <folded b>" -> {"<a> <b>": pair postings} (or null), once loaded
    R.spellings = new Map();  // spelling -> its entry of its own ({b, t, x: postings}), once loaded
    R.commonSets = new Map();  // folded word -> its common body terms (R.isCommon)
    R.decoded = new Map();
    R.lexicon = new Map();
    R.keywordValues = {};  // field -> Map(value -> postings), once loaded
    R.urlValues = new Map();  // URL -> postings, for the ranges of URLs loaded
    soloList();
  };

  // The terms/ entries with a file of their own, by number (search/site/bundle.py SOLO_MASK): 3 bytes each, in
  // engine.js (NS.early: engine.py engine_source) with the terms/ files' count. Without it (an engine written
  // without ``early``) none is listed: each entry is found through its shard's "@<file>", a round later.
  function soloList() {
    if (R.solo) return;
    const solo = NS.base64(NS.early ? NS.early.solo : "");
    R.soloMask = NS.early ? NS.early.mask : 0;
    R.solo = new Set();
    for (let i = 0; i + 2 < solo.length; i += 3) R.solo.add((solo[i] << 16) | (solo[i + 1] << 8) | solo[i + 2]);
  }

  // The term files of a query's words, asked for as the engine starts (NS.prefetch: read once the meta file
  // is), before the meta file (and the tables that fold and split words) has come: its words as a query in
  // Latin letters folds them (lowercased, marks off), each word's first file as R.group or R.wholeGroup asks. A word folded otherwise here than by
  // the analysis (compile.js prefetch) costs a file, never an answer: the query's own loads ask for their files
  // by name, and NS.load loads a file once. Words of other scripts, with digits or inside filters: none.
  const FOLDED = {"đ": "d", "œ": "oe", "ß": "ss", "ø": "o", "ł": "l"};
  const fold = (word) => word.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đœßøł]/g, (c) => FOLDED[c]);
  R.early = function (query) {
    if (!NS.early || !NS.early.terms) return;
    soloList();
    const words = [], spelled = [];
    let accented = false;
    const pieces = query.split(/\s+/).filter((p) => p);
    for (const piece of pieces) {
      if (piece.includes(":") || /^(OR|AND|NOT)$/.test(piece)) continue;
      for (const word of piece.normalize("NFC").toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) || []) {
        const folded = fold(word);
        if (!/^[a-z]+$/.test(folded)) continue;
        if (folded !== word) accented = true;
        words.push(folded);
        spelled.push(word);
      }
    }
    const shard = (key) => "terms/" + NS.bucket(key, NS.early.terms);
    const file = (folded) => (listed(folded) ? soloFile("terms", folded) : shard(folded));
    for (const folded of new Set(words)) {
      if (!accented && listed("*" + folded)) NS.prefetch(soloFile("terms", "*" + folded));
      else NS.prefetch(file(folded));
    }
    // A query with accents reads each word's own spelling's postings (Trung Quốc: trung and quốc as typed),
    // which a large group keeps in an entry of its own ("~<spelling>", bundle.py _move_spellings), loaded once
    // the query is compiled (R.spellingsFor): a round after its group. When that entry has a file of its own
    // (listed), it is asked for now, with the group.
    if (accented) for (const word of new Set(spelled)) if (listed("~" + word)) NS.prefetch(soloFile("terms", "~" + word));
    // compile.js joins: plain words in a row, each a Vietnamese syllable without its marks, are also the word
    // they make (cao chất lượng: caochat, chatluong, caochatluong), whose group R.group loads. Only a query of
    // such words alone (no quotes, operators, filters, capitals inside a word), as far as it is sure.
    if (!NS.early.joins) return;
    const [syllable, minCut, maxJoined, maxWords] = NS.early.joins;
    const rx = new RegExp("^(?:" + syllable + ")$");
    if (pieces.length < 2 || pieces.length > maxWords) return;
    const plain = pieces.map((p) => p.normalize("NFC")).map((p) => (/^\p{L}[\p{Ll}\p{M}]*$/u.test(p) ? fold(p.toLowerCase()) : null));
    if (plain.some((w) => w === null || Array.from(w).length < minCut || !rx.test(w))) return;
    for (let size = 2; size <= maxJoined; size++) {
      for (let i = 0; i + size <= plain.length; i++) {
        const words = plain.slice(i, i + size), joined = words.join("");
        // compile.js joins: not a join that is a syllable itself, nor a word joined with itself
        if (new Set(words).size === size && !rx.test(joined)) NS.prefetch(file(joined));
      }
    }
  };

  // A key (as hashed) from Thai on in code point order is in the file of its range of sorted keys (bundle.py
  // _ranges: the last whose start is at or before it; none before the first), any other by its hash.
  const RANGED_FROM = "\u0e00";
  // The ranges' starts come in engine.js when the collection's dictionary entries are among them (bundle.py
  // DICT_MARK: segment.js asks for those as the engine starts), in the meta file otherwise.
  function termFile(key) {
    if (key < RANGED_FROM) return "terms/" + NS.bucket(key, R.shards.terms);
    const starts = NS.early && NS.early.ranges ? NS.early.ranges : R.meta.ranges.terms;
    let lo = 0, hi = starts.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (NS.text.compare(starts[mid], key) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at < 0 ? null : "terms/r" + at;
  }
  R.termFile = termFile;
  const soloNumber = (key) => NS.fnv1a(key) & R.soloMask;
  const soloFile = (folder, key) => folder + "/x" + soloNumber(key).toString(16).padStart(6, "0");

  // An entry of a sharded folder (data files are objects without a prototype: ``in`` asks for their own
  // keys). A large entry has a file of its own, which its shard names ("@<file name>"); ``solo``: that file
  // is known to exist, and is asked for first.
  async function entry(folder, key, shardFile, solo) {
    if (solo) {
      const own = await NS.load(soloFile(folder, key));
      if (key in own) return own[key];
    }
    if (shardFile === null) return null;  // before the first range of sorted keys (termFile)
    const shard = await NS.load(shardFile);
    if (!(key in shard)) return null;
    const value = shard[key];
    if (typeof value === "string" && value[0] === "@") return (await NS.load(folder + "/" + value.slice(1)))[key];
    return value;
  }
  const listed = (key) => R.solo.has(soloNumber(key));

  // The group of a folded word: {b: {term: postings}, t: {...}, x: [[spelling, postings]], s: {spelling: [stems]},
  // P: 1 when its positions have a file of their own, W: its positions when small, S: the entries of its
  // spellings' stems}.
  // A name's key ("^vietnam": bundle.py names/) is a group of its own folder.
  R.group = async function (folded) {
    if (R.groups.has(folded)) return R.groups.get(folded);
    if (NS.isNameKey(folded)) return keep(folded, await entry("names", folded, "names/" + NS.bucket(folded, R.shards.names), false));
    return keep(folded, await entry("terms", folded, termFile(folded), listed(folded)));
  };
  R.groupsOf = (words) => Promise.all(Array.from(new Set(words), R.group));

  // The group as it was before its large spellings moved out (bundle.py _move_spellings: "*<folded>", a
  // file of its own), for a query that reads every spelling (typed without accents): one file, one round;
  // a group without one, as R.group has it.
  R.wholeGroup = async function (folded) {
    if (R.groups.has(folded)) return R.groups.get(folded);
    const key = "*" + folded;
    if (listed(key)) {
      const own = await NS.load(soloFile("terms", key));
      if (key in own) return keep(folded, own[key]);
    }
    return R.group(folded);
  };
  R.wholeGroupsOf = (words) => Promise.all(Array.from(new Set(words), R.wholeGroup));

  function keep(folded, value) {
    if (R.groups.has(folded)) return R.groups.get(folded);  // loaded meanwhile, the other way: the same postings
    R.groups.set(folded, value);
    // The entries of its spellings' stems come with it (bundle.py _stems_inside): R.stem finds them here.
    if (value && value.S) for (const k in value.S) if (!R.stems.has(k)) R.stems.set(k, value.S[k]);
    return value;
  }

  R.stem = async function (key) {
    if (R.stems.has(key)) return R.stems.get(key);
    const value = await entry("terms", key, termFile(key.slice(key.indexOf(":") + 1)), listed(key));
    R.stems.set(key, value);
    return value;
  };

  R.positionsOf = async function (folded) {
    if (R.positionGroups.has(folded)) return R.positionGroups.get(folded);
    // A rare word's positions come inside its group (bundle.py INLINE_POSITIONS: "W"), loaded before.
    const group = await R.group(folded);
    const value = group && group.W ? group.W
      : await entry("pos", folded, "pos/" + NS.bucket(folded, R.shards.pos), Boolean(group && group.P));
    R.positionGroups.set(folded, value);
    return value;
  };

  // The pairs of neighbouring terms of two folded words (search/site/pairs.py), for phrases: the file is
  // chosen from the two words' hashes (pairs.py pair_shard).
  R.pairsOf = async function (key) {
    if (R.pairGroups.has(key)) return R.pairGroups.get(key);
    if (!R.shards.pairs) { R.pairGroups.set(key, null); return null; }  // no two terms stand side by side
    const space = key.indexOf(" ");
    const mixed = (NS.fnv1a(key.slice(0, space)) ^ Math.imul(NS.fnv1a(key.slice(space + 1)), 0x01000193)) >>> 0;
    const file = "pairs/" + (R.shards.pairs > 1 ? mixed % R.shards.pairs : 0);
    const value = await entry("pairs", key, file, false);
    R.pairGroups.set(key, value);
    return value;
  };

  // Whether the page reads this body term's places as pairs (it is common: its positions are not written).
  R.isCommon = function (term) {
    const folded = NS.fold(term);
    let set = R.commonSets.get(folded);
    if (!set) {
      const g = R.groups.get(folded);
      R.commonSets.set(folded, set = new Set(g && g.C ? g.C : []));
    }
    return set.has(term);
  };

  // Where two terms stand side by side (gap 1: one position apart, keyed with two spaces): {ids, places} (the
  // places of the first), one entry per article.
  R.pair = function (a, b, gap) {
    const space = gap ? "  " : " ";
    const pairKey = NS.fold(a) + space + NS.fold(b);
    if (!R.pairGroups.has(pairKey)) throw new Error("the pairs of " + pairKey + " were not loaded");
    const g = R.pairGroups.get(pairKey);
    const key = a + space + b;
    const text = g && g[key];
    if (!text) return {ids: [], places: []};
    let v = R.decoded.get("pair\u0000" + key);
    if (!v) { v = NS.pairPlaces(text); R.decoded.set("pair\u0000" + key, v); }
    return v;
  };

  function decoded(key, text) {
    let p = R.decoded.get(key);
    if (!p) { p = NS.postings(text); R.decoded.set(key, p); }
    return p;
  }

  // Postings of a term of a field (body, title, exact, stem, official, country, role); the groups, stems
  // or keywords holding it must have been loaded (R.group / R.stem / R.keywords).
  // A body, title or exact term's postings as its group holds them: their text, or, for a spelling moved
  // to an entry of its own (bundle.py _move_spellings), its number of articles; undefined: none.
  function stored(field, text) {
    if (field === "exact") {
      const space = text.indexOf(" ");
      const g = R.groups.get(text.slice(0, space));
      const spelling = text.slice(space + 1);
      const hit = g && g.x && g.x.find((e) => e[0] === spelling);
      return hit ? hit[1] : undefined;
    }
    const g = R.groups.get(NS.fold(text));
    return g && g[field[0]] ? g[field[0]][text] : undefined;
  }
  // Whether the body or the title has this spelling (its group loaded): IndexReader.doc_frequency > 0.
  R.hasWord = (text) => stored("body", text) !== undefined || stored("title", text) !== undefined;
  const letter = (field) => (field === "exact" ? "x" : field[0]);
  const spellingOf = (field, text) => (field === "exact" ? text.slice(text.indexOf(" ") + 1) : text);

  // The moved spellings among these [field, term] (a query's, once compiled), loaded.
  R.spellingsFor = async function (terms) {
    const wanted = new Set();
    for (const [field, text] of terms) {
      if ((field === "body" || field === "title" || field === "exact") && typeof stored(field, text) === "number") {
        wanted.add(spellingOf(field, text));
      }
    }
    await Promise.all(Array.from(wanted, async (spelled) => {
      if (R.spellings.has(spelled)) return;
      const g = R.groups.get(NS.fold(spelled));
      const own = Boolean(g && g.M && g.M[spelled]);
      R.spellings.set(spelled, await entry("terms", "~" + spelled, termFile("~" + spelled), own));
    }));
  };

  R.postings = function (field, text) {
    if (field === "body" || field === "title" || field === "exact") {
      let p = stored(field, text);
      if (typeof p === "number") {
        const e = R.spellings.get(spellingOf(field, text));
        if (!e) throw new Error("the postings of " + JSON.stringify(text) + " are not loaded");
        p = e[letter(field)];
      }
      return p ? decoded(field + "\u0000" + text, p) : EMPTY;
    }
    if (field === "stem") {
      const s = R.stems.get(text);
      return s ? decoded("stem\u0000" + text, s.p) : EMPTY;
    }
    const values = field === "url" ? R.urlValues : R.keywordValues[field];
    const p = values && values.get(text);
    return p ? decoded(field + "\u0000" + text, p) : EMPTY;
  };

  // The keyword fields' values and their articles: one file for all (a query shows the three facets).
  R.keywords = async function (fields) {
    if (!fields.length) return;
    const loaded = await NS.load("keys");
    for (const f of fields) if (!R.keywordValues[f]) R.keywordValues[f] = new Map(Object.entries(loaded[f] || {}));
  };
  R.fieldTerms = (field) => Array.from((R.keywordValues[field] || new Map()).keys());

  // The articles' URLs that start with ``prefix`` (Whoosh's expand_prefix("url", prefix)). URLs are sorted
  // and cut into ranges (urls/<n>, the first URL of each in urls/index): the ranges that can hold such a URL
  // are the last one starting at or before the prefix, and the following ones whose first URL has the prefix.
  R.urlsStartingWith = async function (prefix) {
    if (!R.meta.urls) return [];
    const firsts = await NS.load("urls/index");
    let lo = 0, hi = firsts.length - 1, at = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (NS.text.compare(firsts[mid], prefix) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const names = ["urls/" + at];
    for (let k = at + 1; k < firsts.length && firsts[k].startsWith(prefix); k++) names.push("urls/" + k);
    const out = [];
    for (const shard of await NS.loadAll(names)) {
      for (const url in shard) {
        R.urlValues.set(url, shard[url]);
        if (url.startsWith(prefix)) out.push(url);
      }
    }
    return out.sort(NS.text.compare);
  };

  // Documents holding a term (Whoosh's count, deleted articles included where the export saw some).
  R.docFrequency = function (field, text) {
    const g = R.groups.get(NS.fold(text));
    const d = g && g.D && g.D[field[0]];
    if (d && text in d) return d[text];
    const p = stored(field, text);
    if (typeof p === "number") return p;
    return R.postings(field, text).ids.length;
  };

  // search.index.reader.together: documents holding every one of the terms (every article of the page is live).
  R.together = function (field, terms) {
    let ids = null;
    for (const text of terms) {
      const found = new Set(R.postings(field, text).ids);
      ids = ids === null ? found : new Set([...ids].filter((d) => found.has(d)));
    }
    return ids === null ? 0 : ids.size;
  };

  // The accented spellings of a folded word ("son" -> ["sơn", "sởn"]), as expand_prefix("exact", "son ").
  R.exactKeys = function (folded) {
    const g = R.groups.get(folded);
    return g && g.x ? g.x.map((e) => folded + " " + e[0]) : [];
  };

  // Positions of a term, per posting (aligned with R.postings(field, text).ids).
  R.positions = function (field, text) {
    const folded = NS.fold(text);
    if (!R.positionGroups.has(folded)) throw new Error("the positions of " + folded + " were not loaded");
    const g = R.positionGroups.get(folded);
    const p = g && g[field[0]] && g[field[0]][text];
    if (!p) return [];
    const key = "pos\u0000" + field + "\u0000" + text;
    let v = R.decoded.get(key);
    if (!v) { v = NS.positions(p); R.decoded.set(key, v); }
    return v;
  };

  // --- the lexicon: terms by their first two letters (prefixes, fuzzy words, suggestions) -------------
  async function lexEntry(key) {
    if (R.lexicon.has(key)) return R.lexicon.get(key);
    const shard = await NS.load("lex/" + NS.bucket(key, R.shards.lex));
    const v = shard[key] || null;
    R.lexicon.set(key, v);
    return v;
  }
  const fieldKey = (field) => (field === "exact" ? "x" : field[0]);

  // Terms of ``field`` that start with ``prefix`` (2 letters or more), sorted as Whoosh sorts them.
  R.expandPrefix = async function (field, prefix) {
    const chars = Array.from(prefix);
    const e = await lexEntry(chars.length >= 2 ? chars.slice(0, 2).join("") : chars[0]);
    const terms = (e && e[fieldKey(field)]) || [];
    return terms.filter((t) => t.startsWith(prefix));
  };

  // Every term of ``field`` that starts with ``first`` (one character).
  R.termsStartingWith = async function (field, first) {
    const head = await lexEntry("^" + first);
    const keys = [first];
    if (head) for (const c of head.n) keys.push(first + c);
    const entries = await Promise.all(keys.map(lexEntry));
    const out = [];
    for (const e of entries) if (e && e[fieldKey(field)]) out.push(...e[fieldKey(field)]);
    return out.sort(NS.text.compare);
  };

  // --- per-article arrays ------------------------------------------------------------------------------
  R.docs = async function () {
    if (R.docArrays) return R.docArrays;
    const d = R.meta.docs;
    const n = d.count;
    const group = new Uint8Array(n), exact = new Uint8Array(n), date = new Uint16Array(n);
    const lengths = {body: new Float64Array(n), title: new Float64Array(n), stem: new Float64Array(n),
      exact: new Float64Array(n)};
    // One-valued facets other than the language and the date's year and month (source): a code per article.
    const coded = {};
    for (const name in d.coded) coded[name] = new Uint32Array(n);
    const names = [];
    for (let k = 0; k < d.chunks; k++) names.push("docs/" + k);
    const chunks = await NS.loadAll(names);
    const blobs = await Promise.all(chunks.map((c) => NS.inflateBytes(c.z)));
    // Each file's columns one after the other, n values each (search/site/bundle.py, above DOC_CHUNK).
    blobs.forEach((all, k) => {
      const at = k * d.chunk, n = chunks[k].n;
      let offset = 0;
      const column = (width) => { const part = all.subarray(offset, offset + width * n); offset += width * n; return part; };
      const g = column(1);
      for (let i = 0; i < n; i++) { group[at + i] = g[i] & 127; exact[at + i] = g[i] >> 7; }
      const dv = column(2);  // each article's date code less the one before's (bundle.py: mostly 0)
      for (let i = 0, d = 0; i < n; i++) date[at + i] = d = (d + (dv[2 * i] | (dv[2 * i + 1] << 8))) & 0xFFFF;
      for (const f of ["body", "title", "stem", "exact"]) {
        const codes = column(1), table = d.lengths[f];
        for (let i = 0; i < n; i++) lengths[f][at + i] = table[codes[i]];
      }
      for (const name in coded) {
        const width = d.coded[name].width, bytes = column(width), codes = coded[name];
        for (let i = 0; i < n; i++) {
          let v = 0;
          for (let b = width - 1; b >= 0; b--) v = v * 256 + bytes[width * i + b];  // little-endian
          codes[at + i] = v;
        }
      }
    });
    R.docArrays = {size: n, group, exact, date, lengths, coded};
    return R.docArrays;
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
