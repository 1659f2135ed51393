/* Text -> words with offsets and positions -> tokens with exact, folded and stemmed forms: the engine's
 * search/analysis (tokenize.py, analyzer.py), on the same tables.
 *
 *   NS.positionedWords("Hun Manet ហ៊ុន​ម៉ាណែត") -> [["Hun", 0, 3, 0], ["Manet", 4, 9, 1], ["ហ៊ុន", 10, 14, 2], ...]
 *   NS.forms("Coopération", "fr") -> ["coopération", "cooperation", "coopér"]   (stem: Snowball, stem.js)
 *
 * Offsets are UTF-16 units here; NS.analyze() gives code points, as `search analyze` prints them.
 */
(function (NS) {
  "use strict";
  const A = NS.analysis = {};

  NS.initAnalysis = function (tables) {
    const seg = tables.segmented, marks = tables.marks, apos = tables.apostrophes;  // tokenize.py APOSTROPHES
    A.TOKEN = new RegExp("([" + seg + "]+)|(?:(?![" + seg + apos + "])[\\p{L}\\p{N}]|[" + marks + "])+", "gu");
    A.PLAIN = new RegExp("(?:(?![" + seg + apos + "])[\\p{L}\\p{N}]|[" + marks + "])+", "gu");
    A.HAS_SEG = new RegExp("[" + seg + "]", "u");
    A.ONE_SEG = new RegExp("^[" + seg + "]+$", "u");
    A.languages = tables.languages;
    A.GAP = new RegExp("[^" + NS.text.PY_SPACE + "\\u200b]");
  };
  const HAS_SPELLING = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\uff66-\uff9f]/;  // spelling.py HAS_NORMALIZED: thai.js

  A.hasSegmented = (text) => A.HAS_SEG.test(text);
  // search.analysis.tokenize.is_segmented: one run of a script written without spaces.
  NS.isSegmented = (text) => A.ONE_SEG.test(text);

  // search.analysis.tokenize.positioned_words: [word, start, end, position] (UTF-16 offsets into text).
  // Needs NS.segmentReady(text) first when the text has Khmer, Lao, Thai or Burmese.
  NS.positionedWords = function (text) {
    let origins = null;
    if (HAS_SPELLING.test(text)) [text, origins] = NS.normalizeSpellingMapped(text);
    const back = (s, e) => (origins === null ? [s, e] : [origins[s], origins[e]]);
    const out = [];
    let pos = -1, prevEnd = -1;
    A.TOKEN.lastIndex = 0;
    let m;
    while ((m = A.TOKEN.exec(text)) !== null) {
      if (m[1] === undefined) {
        pos += 1;
        prevEnd = -1;
        out.push([m[0], ...back(m.index, m.index + m[0].length), pos]);
        continue;
      }
      const base = m.index, run = m[0];
      for (const [s, e] of NS.segment(run)) {
        const start = base + s;
        if (prevEnd >= 0 && A.GAP.test(text.slice(prevEnd, start))) pos += 1;
        pos += 1;
        prevEnd = base + e;
        out.push([run.slice(s, e), ...back(start, base + e), pos]);
      }
    }
    return out;
  };

  // search.analysis.tokenize.split_words: [word, start, end].
  NS.splitWords = function (text) {
    if (!A.hasSegmented(text)) {
      const out = [];
      A.PLAIN.lastIndex = 0;
      let m;
      while ((m = A.PLAIN.exec(text)) !== null) out.push([m[0], m.index, m.index + m[0].length]);
      return out;
    }
    return NS.positionedWords(text).map((w) => w.slice(0, 3));
  };

  // --- forms ----------------------------------------------------------------------------------------
  const formCache = new Map();
  // [exact, folded, lower]: the stem is of ``lower`` (the word as written, lower case).
  NS.forms = function (word) {
    let f = formCache.get(word);
    if (f === undefined) {
      const lower = NS.withoutOptionalMarks(NS.compat(word).toLowerCase());  // analyzer.py: ＡＳＥＡＮ, ﬁnance, замо́к
      const exact = NS.normalizeViTones(lower);
      f = [exact, NS.fold(exact), lower];
      if (formCache.size > 300000) formCache.clear();
      formCache.set(word, f);
    }
    return f;
  };

  A.stemmerName = (lang) => { const row = A.languages[lang]; return row ? row.stemmer : null; };

  // Snowball stems, from stem.js (WebAssembly, loaded on demand: NS.stemmerReady()).
  NS.stemmerReady = async function () {
    if (!globalThis.SnowballStem) {
      const source = await NS.load("stem");
      if (!globalThis.SnowballStem) (0, eval)(source);
    }
    if (globalThis.SnowballStem.ready) await globalThis.SnowballStem.ready;
    return globalThis.SnowballStem;
  };
  NS.stem = function (lang, lower) {
    const name = A.stemmerName(lang);
    if (!name) return null;
    return globalThis.SnowballStem.stem(name, lower);
  };

  // search.analysis.analyze: every token with its forms; offsets in code points. Loads what it needs.
  // The text is repaired first, as articles and queries are (NS.syntax.repairWords), offsets into the text given.
  NS.analyze = async function (text, lang) {
    text = text.normalize("NFC");
    const repaired = NS.syntax.repairWords(text);
    const kept = NS.syntax.keptOffsets(text);  // repaired offset -> offset in text; null: nothing removed
    await Promise.all([NS.segmentReady(repaired), NS.segmentReady(NS.normalizeSpelling(repaired))]);
    if (A.stemmerName(lang)) await NS.stemmerReady();
    const points = NS.text.hasSurrogates(text) ? NS.text.toPoints(text) : null;
    const at = (i) => (points ? points[i] : i);
    return NS.positionedWords(repaired).map(([word, start, end]) => {
      const [exact, folded, lower] = NS.forms(word);
      const [s, e] = kept === null ? [start, end] : [kept[start], kept[end - 1] + 1];
      return {text: exact, folded, stem: NS.stem(lang, lower), start: at(s), end: at(e)};
    });
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
