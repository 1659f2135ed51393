/* Thai and Lao spelling normalisation, the rules of search/lang/thai.py (see its table), on the same patterns
 * (tables.thaiLao): one string for spellings that render alike. Then NS.normalizeSpelling, search/lang/spelling.py:
 * Khmer (khmer.js), Thai and Lao, half-width katakana, what the engine applies before segmenting or folding.
 *
 *   NS.normalizeSpelling("សម្ដេច น้ํา") -> "សម្តេច น้ำ"     NS.normalizeSpellingMapped(text) -> [normalized, origins|null]
 */
(function (NS) {
  "use strict";
  const THAI_LAO = /[\u0e00-\u0eff]/, KHMER = /[\u1780-\u17ff]/;
  // spelling.py HALF_KANA, _kana: a half-width katakana letter and its voiced mark -> NFKC when that is one letter
  // (ｶﾞ -> ガ), else the letter's NFKC and the mark as it was (ﾗﾞ); a mark alone is kept.
  const HALF_KANA = /[\uff66-\uff9d][\uff9e\uff9f]?/g, ANY_HALF_KANA = /[\uff66-\uff9d]/;
  // spelling.py MYANMAR_SIGNS: Burmese signs that render alike in any order, in one order (tables.myanmarOrder).
  const MYANMAR = /[\u1000-\u109f]/;
  let signs = null;
  const myanmar = (text) => {
    const order = NS.text.tables.myanmarOrder;
    if (signs === null) signs = new RegExp("[" + Object.keys(order).sort().join("") + "]{2,}", "gu");
    return text.replace(signs, (m) => Array.from(m).sort((a, b) => order[a] - order[b]).join(""));
  };
  const kana = (m) => {
    const form = m[0].normalize("NFKC");
    return form.length === 1 ? form : m[0][0].normalize("NFKC") + m[0].slice(1);
  };
  const HO = {"\u0e99": "\u0edc", "\u0ea1": "\u0edd", "\u0ea5": "\u0eab\u0ebc"};
  // What replaces a match of each rule (thai.py _RULES), by name; m: the match array.
  const REPLACE = {
    ZW: () => "",
    DUP: (m) => m[1],
    EE: (m) => String.fromCharCode(m[0].charCodeAt(0) + 1),
    ORD: (m) => m[2] + m[1],
    AM: (m) => m.slice(1).map((g) => g || "").join("") + (m[0] < "\u0e80" ? "\u0e33" : "\u0eb3"),
    HO: (m) => HO[m[1]],
  };
  let rules = null, any = null;
  function init() {
    if (rules === null) {
      rules = NS.text.tables.thaiLao.map(([name, source]) => [new RegExp(source, "gu"), REPLACE[name]]);
      any = new RegExp(NS.text.tables.thaiLao.map(([, source]) => "(?:" + source + ")").join("|"), "u");
    }
  }

  // search/lang/thai.py mapped_sub: text with each match of rx (global) replaced, and origins carried over.
  function mappedSub(rx, replace, text, origins) {
    rx.lastIndex = 0;
    if (!rx.test(text)) return [text, origins];
    rx.lastIndex = 0;
    let out = "", pos = 0, m;
    const next = [];
    while ((m = rx.exec(text)) !== null) {
      const a = m.index, b = a + m[0].length;
      out += text.slice(pos, a);
      for (let i = pos; i < a; i++) next.push(origins[i]);
      const r = replace(m);
      out += r;
      for (let k = 0; k < r.length; k++) next.push(origins[a + Math.min(k, b - a - 1)]);
      pos = b;
    }
    out += text.slice(pos);
    for (let i = pos; i <= text.length; i++) next.push(origins[i]);
    return [out, next];
  }

  // search/lang/thai.py normalize_thai_lao_mapped (and, without the origins, normalize_thai_lao).
  function normalizeMapped(text) {
    init();
    if (!THAI_LAO.test(text) || !any.test(text)) return [text, null];
    const length = text.length;
    let origins = Array.from({length: length + 1}, (_, i) => i);
    for (let pass = 0; pass < 8; pass++) {
      const before = text;
      for (const [rx, replace] of rules) [text, origins] = mappedSub(rx, replace, text, origins);
      if (text === before) break;
    }
    return [text, text.length === length ? null : origins];
  }
  NS.normalizeThaiLao = (text) => normalizeMapped(text)[0];

  // search/lang/thai.py lao_older_spellings: a Lao run in the canonical spelling in the older spellings of its AM
  // letters, its HO letters and both (those it has), each with starts (offset in the run of each character, -1
  // inside what stands for one character of the run, and the end).
  const LAO_AM_OLDER = /[\u0ec8-\u0ecb]?\u0eb3/g, LAO_HO_OLDER = /[\u0edc\u0edd]|\u0eab\u0ebc/g;
  const LAO_BOTH_OLDER = /[\u0ec8-\u0ecb]?\u0eb3|[\u0edc\u0edd]|\u0eab\u0ebc/g;
  const OLDER = {"\u0edc": "\u0eab\u0e99", "\u0edd": "\u0eab\u0ea1", "\u0eab\u0ebc": "\u0eab\u0ea5"};
  NS.hasLaoOlder = (run) => /[\u0eb3\u0edc\u0edd]|\u0eab\u0ebc/.test(run);
  NS.laoOlderSpellings = function (run) {
    const out = [];
    for (const rx of [LAO_AM_OLDER, LAO_HO_OLDER, LAO_BOTH_OLDER]) {
      if (rx === LAO_BOTH_OLDER && out.length < 2) break;
      rx.lastIndex = 0;
      if (!rx.test(run)) continue;
      rx.lastIndex = 0;
      let text = "", pos = 0, m;
      const starts = [];
      while ((m = rx.exec(run)) !== null) {
        const a = m.index, b = a + m[0].length;
        text += run.slice(pos, a);
        for (let i = pos; i < a; i++) starts.push(i);
        const f = m[0];
        const older = f[f.length - 1] === "\u0eb3" ? "\u0ecd" + f.slice(0, -1) + "\u0eb2" : OLDER[f];
        text += older;
        starts.push(a);
        for (let k = 1; k < older.length; k++) starts.push(-1);
        pos = b;
      }
      text += run.slice(pos);
      for (let i = pos; i <= run.length; i++) starts.push(i);
      out.push([text, starts]);
    }
    return out;
  };

  // search/lang/spelling.py normalize_spelling, normalize_spelling_mapped.
  NS.normalizeSpelling = function (text) {
    if (KHMER.test(text)) text = NS.normalizeKhmer(text);
    if (THAI_LAO.test(text)) text = normalizeMapped(text)[0];
    if (MYANMAR.test(text)) text = myanmar(text);
    if (ANY_HALF_KANA.test(text)) text = text.replace(HALF_KANA, (...m) => kana(m));
    return text;
  };
  NS.normalizeSpellingMapped = function (text) {
    let origins = null;
    if (KHMER.test(text)) [text, origins] = NS.normalizeKhmerMapped(text);
    if (THAI_LAO.test(text)) {
      let more;
      [text, more] = normalizeMapped(text);
      if (more !== null) origins = origins === null ? more : more.map((i) => origins[i]);
    }
    if (MYANMAR.test(text)) text = myanmar(text);  // reordered within a cluster: every character keeps its place
    if (ANY_HALF_KANA.test(text)) {
      const length = text.length;
      let mapped;
      [text, mapped] = mappedSub(HALF_KANA, kana, text, Array.from({length: length + 1}, (_, i) => i));
      if (text.length !== length) origins = origins === null ? mapped : mapped.map((i) => origins[i]);
    }
    return [text, origins];
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
