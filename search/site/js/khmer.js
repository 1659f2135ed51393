/* Khmer spelling normalisation, the rules of search/lang/khmer.py (see its table): one string for spellings
 * that render alike. Only Khmer is touched; the result is the engine's, character for character.
 *
 *   NS.normalizeKhmer("សម្ដេច") -> "សម្តេច"        NS.normalizeKhmerMapped(text) -> [normalized, origins|null]
 */
(function (NS) {
  "use strict";
  const COENG = "\u17d2", RO = "\u179a", BA = "\u1794";
  const BASE = "\u1780-\u17b3";
  const MARK = "\u17b4-\u17d1\u17d3\u17dd";
  const ZW = "\u200c\u200d\u2060\ufeff\u00ad\u2063";
  const DEP = [["\u17a3", "\u17a2"], ["\u17a4", "\u17a2\u17b6"], ["\u17a8", "\u17a7\u1780"], ["\u17d8", "\u17d4\u179b\u17d4"]];
  const ANY_KHMER = /[\u1780-\u17ff]/;
  const ZW_RX = new RegExp("[" + ZW + "]+", "g");
  const ZWSP_RX = /\u200b(?=[\u17b4-\u17d3\u17dd])/g;
  const COENG_ZW_RX = new RegExp("\u17d2[\u200b" + ZW + "]+(?=[" + BASE + "])", "g");
  const CLUSTER_RX = new RegExp("[" + BASE + "](?:\u17d2+[" + BASE + "]?|[" + MARK + "])*", "y");
  const CHUNK_RX = new RegExp("\u17d2+[" + BASE + "]?|[\\s\\S]", "gu");
  const CAND_RX = /[\u17b6-\u17d3\u17dd][\u17b6-\u17d3\u17dd]|\u17d2[\u1780-\u17b3][\u17cc\u17d2]/g;
  const isKhmer = (c) => c >= "\u1780" && c <= "\u17ff";

  const CAT = {"\u17cc": 2, "\u17c9": 5, "\u17ca": 5};
  for (const c of "\u17be\u17bf\u17c0\u17c1\u17c2\u17c3\u17c4\u17c5") CAT[c] = 7;  // before the base
  for (const c of "\u17bb\u17bc\u17bd") CAT[c] = 8;  // below
  for (const c of "\u17b7\u17b8\u17b9\u17ba") CAT[c] = 9;  // above
  CAT["\u17b6"] = 10;  // after
  for (const c of "\u17c6\u17cb\u17cd\u17ce\u17cf\u17d0\u17d1\u17d3\u17dd") CAT[c] = 11;  // other signs
  CAT["\u17c7"] = CAT["\u17c8"] = 12;  // spacing signs last
  CAT["\u17b4"] = CAT["\u17b5"] = 13;
  const cat = (c) => (c in CAT ? CAT[c] : 14);
  const UPPER = new Set("\u17b7\u17b8\u17b9\u17ba\u17be\u17bf\u17d0\u17dd");
  const SERIES1 = new Set("\u1780\u1781\u1785\u1786\u178a\u178b\u178e\u178f\u1790\u1794\u1795\u179d\u179e\u179f\u17a0\u17a1\u17a2");
  let VOWELS = "";
  for (let c = 0x17b6; c < 0x17c6; c++) VOWELS += String.fromCharCode(c);
  const MARKS_ALL = [];
  for (let c = 0x17b6; c < 0x17d4; c++) MARKS_ALL.push(String.fromCharCode(c));
  MARKS_ALL.push("\u17dd");

  function badPair(a, b) {
    if (a === b) return true;
    if (b === COENG) return a !== "\u17cc";
    if (a === COENG) return false;
    if (VOWELS.includes(a) && VOWELS.includes(b)) return true;
    if ("\u17bb\u17c9\u17ca".includes(a) && UPPER.has(b)) return true;
    return cat(a) > cat(b);
  }
  const BAD_PAIRS = new Set();
  for (const a of MARKS_ALL) for (const b of MARKS_ALL) if (badPair(a, b)) BAD_PAIRS.add(a + b);
  const SHIFT_AA = new Set(["\u17c9\u17b6", "\u17ca\u17b6", "\u17bb\u17b6"]);

  function removeZw(text) {
    if ([...ZW].some((z) => text.includes(z))) {
      const src = text;
      text = src.replace(ZW_RX, (m, a) => {
        const b = a + m.length;
        return a && b < src.length && isKhmer(src[a - 1]) && isKhmer(src[b]) ? "" : m;
      });
    }
    if (text.includes("\u200b")) {
      for (;;) {
        const src = text;
        const next = src.replace(ZWSP_RX, (m, a) => (a && isKhmer(src[a - 1]) ? "" : m));
        if (next === text) break;
        text = next;
      }
      if (text.includes("\u17d2\u200b")) text = text.replace(COENG_ZW_RX, "\u17d2");
    }
    return text;
  }

  function rightShifter(text, i) {
    if (i < 1) return false;
    const b = text[i - 1];
    if (!(b >= "\u1780" && b <= "\u17b3") || (i >= 2 && text[i - 2] === COENG)) return false;
    if (b === BA) return true;
    return text[i] === (SERIES1.has(b) ? "\u17ca" : "\u17c9");
  }

  function isBad(text, m) {
    const g = m[0];
    if (g.length === 2) {
      if (BAD_PAIRS.has(g)) {
        if ("\u17c9\u17ca".includes(g[0]) && UPPER.has(g[1])) return !rightShifter(text, m.index);
        return true;
      }
      return SHIFT_AA.has(g) && text.startsWith("\u17c6", m.index + 2) &&
        !(g[0] !== "\u17bb" && rightShifter(text, m.index));
    }
    return g[2] === "\u17cc" || g[1] === RO || text.startsWith(g[1], m.index + 3);
  }

  function chunkKey(chunk) {
    if (chunk[0] === COENG) return chunk[chunk.length - 1] === RO ? 4 : 3;
    return cat(chunk);
  }
  const sortChunks = (chunks) => chunks.slice().sort((a, b) => chunkKey(a) - chunkKey(b));

  function dedupe(chunks) {
    const out = [chunks[0]];
    for (const ch of chunks.slice(1)) if (ch !== out[out.length - 1]) out.push(ch);
    return out;
  }

  function shifterUpper(base, body) {
    const hasUpper = [...body].some((c) => UPPER.has(c)) || body.includes("\u17b6\u17c6");
    if (!hasUpper || ![...body].some((c) => "\u17bb\u17c9\u17ca".includes(c))) return body;
    let consonants = base;
    for (let i = 0; i < body.length - 1; i++) if (body[i] === COENG) consonants += body[i + 1];
    let target;
    if (consonants.includes(BA)) target = null;
    else if ([...consonants].some((c) => SERIES1.has(c))) target = "\u17ca";
    else target = "\u17c9";
    let out = "";
    for (const c of body) {
      if (c === "\u17bb") out += target || "\u17c9";
      else if ("\u17c9\u17ca".includes(c) && target !== null) out += target;
      else out += c;
    }
    return out;
  }

  const chunksOf = (s) => s.match(CHUNK_RX) || [];

  function fixCluster(cluster) {
    const base = cluster[0];
    let chunks = chunksOf(cluster.slice(1));
    chunks = chunks.map((ch) => {
      if (ch.length >= 2 && ch[1] === COENG) {  // COENG COENG (...) -> COENG
        const k = ch.length - ch.replace(/^\u17d2+/, "").length - 1;
        return ch.slice(k);
      }
      return ch;
    });
    chunks = sortChunks(chunks);
    if (chunks.length > 1) chunks = dedupe(chunks);
    let body = chunks.join("");
    body = body.replace(/\u17be\u17b6/g, "\u17c4\u17b8");
    body = body.replace(/\u17c1([\u17bb-\u17bd]?)\u17b8/g, "\u17be$1");
    body = body.replace(/\u17c1([\u17bb-\u17bd]?)\u17b6/g, "\u17c4$1");
    body = shifterUpper(base, body);
    chunks = sortChunks(chunksOf(body));
    if (chunks.length > 1) chunks = dedupe(chunks);
    return base + chunks.join("");
  }

  function nextBad(text, pos) {
    CAND_RX.lastIndex = pos;
    let m = CAND_RX.exec(text);
    while (m !== null && !isBad(text, m)) {
      CAND_RX.lastIndex = m.index + 1;
      m = CAND_RX.exec(text);
    }
    return m;
  }

  function fixClusters(text) {
    let bad = nextBad(text, 0);
    if (bad === null) return text;
    const out = [];
    let pos = 0;
    while (bad !== null) {
      const s = bad.index;
      let i = s;
      while (i >= pos) {
        const c = text[i];
        if (c >= "\u1780" && c <= "\u17b3" && (i === 0 || text[i - 1] !== COENG)) break;
        if (!((c >= "\u1780" && c <= "\u17d3") || c === "\u17dd")) { i = -1; break; }
        i -= 1;
      }
      if (i < pos) { bad = nextBad(text, bad.index + 1); continue; }
      CLUSTER_RX.lastIndex = i;
      const m = CLUSTER_RX.exec(text);
      const end = i + m[0].length;
      out.push(text.slice(pos, i));
      out.push(fixCluster(m[0]));
      pos = end;
      bad = nextBad(text, end);
    }
    out.push(text.slice(pos));
    return out.join("");
  }

  const COENG_ATTHACAN = new RegExp("\u17d2(\u17dd+)([" + BASE + "])", "g");

  NS.normalizeKhmer = function (text) {
    if (!ANY_KHMER.test(text)) return text;
    text = removeZw(text);
    text = text.replace(/[\u17b4\u17b5]/g, "");
    for (const [a, b] of DEP) if (text.includes(a)) text = text.split(a).join(b);
    text = text.replace(/\u17b2/g, "\u17b1");
    text = text.replace(/\u17d2\u178a/g, "\u17d2\u178f");
    if (text.includes("\u17d2\u17dd")) text = text.replace(COENG_ATTHACAN, "\u17d2$2$1");
    return fixClusters(text);
  };

  // The text after a syllable (spaces, Latin words...) is a piece of its own: it maps back exactly.
  const SYLLABLE_START = new RegExp("(?<![\u17d2" + ZW + "\u200b])[" + BASE + "]|(?<=[\u1780-\u17ff" + ZW +
    "\u200b])[^\u1780-\u17ff" + ZW + "\u200b]", "g");
  // A consonant that follows a COENG once what lies between them is gone or moved (ZW, INH, ATTHACAN): the
  // COENG's subscript, not a syllable (search/lang/khmer.py _SUBSCRIPT_AFTER).
  const SUBSCRIPT_AFTER = new RegExp("\u17d2[" + ZW + "\u200b\u17b4\u17b5\u17dd]+[" + BASE + "]", "g");
  // Cuts no rule crosses: around every character that is not Khmer, ZW or ZWSP (khmer.py _WORD_START).
  const WORD_START = new RegExp("(?<![\u1780-\u17ff" + ZW + "\u200b])[\u1780-\u17ff" + ZW + "\u200b]|[^\u1780-\u17ff" +
    ZW + "\u200b]", "g");

  function matchStarts(rx, text) {
    const out = [];
    rx.lastIndex = 0;
    let m;
    while ((m = rx.exec(text)) !== null) out.push(m.index);
    return out;
  }

  function syllableStarts(text) {
    const joined = new Set();
    if (text.includes(COENG)) {
      SUBSCRIPT_AFTER.lastIndex = 0;
      let m;
      while ((m = SUBSCRIPT_AFTER.exec(text)) !== null) joined.add(m.index + m[0].length - 1);
    }
    return matchStarts(SYLLABLE_START, text).filter((i) => !joined.has(i));
  }

  // search/lang/khmer.py _piece_origins: where each character of piece (the normalized original) starts in
  // the text; the unchanged start and end keep their offsets, a changed character starts where the shortest
  // beginning of the original whose normalized form reaches it ends.
  function pieceOrigins(original, piece, at) {
    const n = original.length, m = piece.length;
    let p = 0;
    while (p < Math.min(n, m) && original[p] === piece[p]) p++;
    let s = 0;
    while (s < Math.min(n, m) - p && original[n - 1 - s] === piece[m - 1 - s]) s++;
    const out = [];
    for (let i = 0; i < (p < m - s ? p + 1 : p); i++) out.push(at + i);
    let wanted = p + 1;
    for (let k = p + 1; k <= n - s; k++) {
      if (wanted >= m - s) break;
      const prefix = NS.normalizeKhmer(original.slice(0, k));
      let reached = p;
      while (reached < Math.min(prefix.length, m - s) && prefix[reached] === piece[reached]) reached++;
      while (wanted < m - s && wanted <= reached) { out.push(at + k); wanted++; }
    }
    while (out.length < m - s) out.push(at + n - s);
    for (let i = n - s; i < n; i++) out.push(at + i);
    return out;
  }

  // Each piece text.slice(starts[k], starts[k + 1]) normalized, and the map of each into its own span.
  function mapPieces(text, starts) {
    const pieces = [], origins = [];
    for (let k = 0; k < starts.length; k++) {
      const a = starts[k], b = k + 1 < starts.length ? starts[k + 1] : text.length;
      const piece = NS.normalizeKhmer(text.slice(a, b));
      pieces.push(piece);
      for (const o of pieceOrigins(text.slice(a, b), piece, a)) origins.push(o);
    }
    return [pieces.join(""), origins];
  }

  // [normalized, origins]: normalizeKhmer(text) and origins[i], the offset in text of normalized character i
  // (length + 1 entries, never decreasing), or null when the length did not change (search/lang/khmer.py
  // normalize_mapped: the text is normalizeKhmer's own; the map is built on syllables, or if they ever made
  // another text, on cuts no rule crosses, then on the whole text).
  NS.normalizeKhmerMapped = function (text) {
    const normalized = NS.normalizeKhmer(text);
    if (normalized.length === text.length) return [normalized, null];
    const starts = syllableStarts(text);
    if (!starts.length || starts[0] !== 0) starts.unshift(0);
    let [joined, origins] = mapPieces(text, starts);
    if (joined !== normalized) {
      [joined, origins] = mapPieces(text, matchStarts(WORD_START, text));
      if (joined !== normalized) origins = pieceOrigins(text, normalized, 0);
    }
    origins.push(text.length);
    return [normalized, origins];
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
