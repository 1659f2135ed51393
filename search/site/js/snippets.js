/* An article's text + the query's terms -> 1 to 3 highlighted fragments: search/query/snippets.py.
 *
 * The engine analyses the text again to find what the query matched; the page uses the words' offsets the
 * export saved for scripts without spaces (ICU's segmentation, art/<n>.js "seg"), and knows a word's stem
 * through the stems the query loaded, each with the words of the collection that have it. Output is HTML:
 * text escaped, matches in <mark>. Offsets follow the engine's (code points) where widths are counted.
 */
(function (NS) {
  "use strict";
  const T = NS.text;
  let SENTENCE = null;

  function sentences(text) {
    if (SENTENCE === null) {
      const end = T.tables.sentenceEnd.replace(/[\]\\^-]/g, "\\$&");
      // snippets.py _SENTENCE: a full stop with a letter or digit right after it ("16.000") ends no sentence.
      SENTENCE = new RegExp("[^" + end + "\\n]*(?:\\.(?=[\\p{L}\\p{N}])[^" + end + "\\n]*)*(?:[" + end + "]+|\\n|$)", "gu");
    }
    const out = [];
    SENTENCE.lastIndex = 0;
    let m;
    while ((m = SENTENCE.exec(text)) !== null) {
      if (m[0].length === 0) { SENTENCE.lastIndex += 1; if (m.index >= text.length) break; continue; }
      if (T.strip(m[0])) out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  function render(text, start, end, marks) {
    let out = "";
    let pos = start;
    for (let [s, e] of marks) {
      // snippets.py _render: a match longer than the window is marked where the window shows it.
      s = Math.max(s, start, pos);
      e = Math.min(e, end);
      if (s >= e) continue;
      out += T.escape(text.slice(pos, s), false) + "<mark>" + T.escape(text.slice(s, e), false) + "</mark>";
      pos = e;
    }
    out += T.escape(text.slice(pos, end), false);
    return T.strip(out);
  }

  // The text's words: [word, start, end] in UTF-16 offsets (saved offsets are code points).
  function words(article) {
    const text = article.body;
    if (article.seg === undefined) return NS.splitWords(text);
    const flat = NS.varints(article.seg);
    const units = T.hasSurrogates(text) ? T.toUnits(text) : null;
    // tokenize.py split_words: each word as the text's spelling, normalized across the words, reads it (a coeng
    // ending one word and its consonant starting the next: នយន្|ដ reads នយន្|ត, as the query does)
    let normal = text, back = null;
    if (units === null && T.SPELLING.test(text)) {
      const [n, origins] = NS.normalizeSpellingMapped(text);
      normal = n;
      if (origins !== null) {  // each original offset -> the first normalized one that comes from it or after
        back = new Int32Array(text.length + 1);
        for (let k = 0, i = 0; k <= text.length; k++) {
          while (i < n.length && origins[i] < k) i++;
          back[k] = i;
        }
      }
    }
    const out = [];
    let at = 0;
    for (let i = 0; i < flat.length; i += 2) {
      const a = at + flat[i], b = a + flat[i + 1];
      at = b;
      const s = units ? units[a] : a, e = units ? units[b] : b;
      out.push([back ? normal.slice(back[s], back[e]) : normal.slice(s, e), s, e]);
    }
    return out;
  }

  function matches(terms, stemWords, written, exact, folded, lower, lang, exactWords) {
    if (terms.acronyms.has(folded) && NS.typedAcronym(written) !== written) {
      // snippets.py QueryTerms.matches: an acronym's letters in lower case (us): not the acronym
    } else if (exactWords && terms.spellings.size) {
      if (terms.spellings.has(exact)) return true;
    } else if (terms.folded.has(folded) && (!terms.strict.has(folded) || terms.spellings.has(exact))) return true;
    const w = stemWords.get(lang);
    if (w && w.has(lower)) return true;
    // snippets.py QueryTerms.matches: a prefix typed with diacritics (kính*) marks the words spelled so only.
    return terms.prefixes.some((p, i) => folded.startsWith(p) && exact.startsWith(terms.spelledPrefixes[i] || ""));
  }

  // snippets.py _runs; spelled: the tokens' exact forms where a phrase typed with diacritics must be spelled so.
  function runs(sequences, folded, spans, spelled, spellings) {
    const found = [];
    const byFirst = new Map();
    for (const seq of sequences) {
      if (!byFirst.has(seq[0])) byFirst.set(seq[0], []);
      byFirst.get(seq[0]).push(seq);
    }
    folded.forEach((w, i) => {
      for (const seq of byFirst.get(w) || []) {
        if (!seq.every((x, k) => folded[i + k] === x)) continue;
        if (spelled !== null) {
          const allowed = spellings.get(seq.join("\u0001"));
          if (allowed && !allowed.has(spelled.slice(i, i + seq.length).join("\u0001"))) continue;
        }
        found.push([spans[i][0], spans[i + seq.length - 1][1], seq.join("")]);
      }
    });
    return found;
  }

  // snippets.py _name_runs: an official's name with its words cut into more pieces by what the name matcher drops
  // (zero-width spaces, name dots; dropped[j]: only those between token j - 1 and j), each word ending a token.
  function nameRuns(names, folded, spans, dropped) {
    const found = [];
    for (const seq of names) {
      const whole = seq.join("");
      const ends = new Set();
      let sum = 0;
      for (const w of seq) ends.add(sum += w.length);
      folded.forEach((word, i) => {
        if (!word || !whole.startsWith(word)) return;
        let at = word.length, j = i;
        const reached = new Set([at]);
        while (at < whole.length) {
          j += 1;
          if (j === folded.length || !folded[j] || !(ends.has(at) || dropped[j]) || !whole.startsWith(folded[j], at)) break;
          at += folded[j].length;
          reached.add(at);
        }
        if (at === whole.length && [...ends].every((e) => reached.has(e))) found.push([spans[i][0], spans[j][1], whole]);
      });
    }
    return found;
  }

  // snippets.py _passages: the sentences (code points), those a match runs across joined.
  function passages(text, cp, hits) {
    const out = [];
    let reach = -1, hi = 0;
    for (const [us, ue] of sentences(text)) {
      let s = cp(us);
      const e = cp(ue);
      if (out.length && reach > out[out.length - 1][1]) s = out.pop()[0];
      while (hi < hits.length && hits[hi][0] < e) { reach = Math.max(reach, hits[hi][1]); hi += 1; }
      out.push([s, e]);
    }
    return out;
  }

  function leftmostLongest(hits) {
    const kept = [];
    for (const hit of hits.slice().sort((a, b) => a[0] - b[0] || b[1] - a[1])) {
      if (!kept.length || hit[0] >= kept[kept.length - 1][1]) kept.push(hit);
    }
    return kept;
  }

  // snippets.py _GLUE, _joined: a window is not cut inside 1.220, 28/4/2021, Covid-19. ``at`` in code points.
  const GLUE = ".,:-/'\u2019_\u2010\u2011\u2013\u00b7\u02b9\u02bb\u02bc\u02bd";
  const ALNUM = /^[\p{L}\p{N}]$/u;
  // snippets.py _in_cluster: before a mark, an emoji's skin tone or a joiner; after a joiner or a Khmer coeng.
  // A mark as the CLI's Unicode has it (T.MARK, search/lang/marks.py), not the browser's \p{M} (a later Unicode:
  // Lao's U+0ECE is a mark in Chromium, none in the CLI, and the page's windows ended elsewhere).
  const EXTEND = /^[\u200d\u{1f3fb}-\u{1f3ff}]$/u;
  function joinedAt(text, un, size, at) {
    if (!(0 < at && at < size)) return false;
    const ch = (k) => String.fromCodePoint(text.codePointAt(un(k)));
    const alnum = (k) => ALNUM.test(ch(k));
    if (T.MARK.test(ch(at)) || EXTEND.test(ch(at)) || ch(at - 1) === "\u200d" || ch(at - 1) === "\u17d2") return true;
    return (GLUE.includes(ch(at - 1)) && at >= 2 && alnum(at - 2) && alnum(at)) ||
      (GLUE.includes(ch(at)) && at + 1 < size && alnum(at + 1) && alnum(at - 1));
  }

  // Offsets below are code points (cp) where the engine counts widths.
  // snippets.py _in_mark: ``marks`` sorted by start, not overlapping.
  function inMark(marks, at) {
    let lo = 0, hi = marks.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (marks[mid][0] < at) lo = mid + 1; else hi = mid; }
    return lo > 0 && marks[lo - 1][1] > at;
  }

  function windowOf(spans, s, e, first, width, joined, marks) {
    if (e - s <= width) return [s, e];
    const inside = spans.filter((sp) => s <= sp[0] && sp[1] <= e);
    if (!inside.length) return [s, Math.min(e, s + width)];
    const lo = Math.max(s, first - Math.floor(width / 3));
    const starts = inside.map(([a]) => a).filter((a) => a <= first && !joined(a));
    const hit = starts.find((a) => a >= lo);
    let start = hit !== undefined ? hit : starts.length ? starts[starts.length - 1] : inside[0][0];
    if (start - s < 3) start = s;
    const hi = start + width;
    // snippets.py _window: an end that shows the first match, splits no joined word, then no match.
    let clean = null, whole = null, any = null;
    for (const [, b] of inside) {
      if (b > hi) continue;
      if (any === null || b > any) any = b;
      if (b <= first || joined(b)) continue;
      if (whole === null || b > whole) whole = b;
      if (!inMark(marks, b) && (clean === null || b > clean)) clean = b;
    }
    const end = clean !== null ? clean : whole !== null ? whole : any !== null ? any : inside[inside.length - 1][1];
    return [start, Math.max(end, start)];
  }

  // What each word of the articles matches (its folded form, or ""), for the articles of one query: the words
  // an article shares with the others are looked up once. Keyed by the query's terms and stems, then by the
  // article's language and whether its words are matched as spelled (what ``matches`` reads of the article).
  const MATCHED = new WeakMap();
  function matchedWords(terms, stemWords, key) {
    let byStems = MATCHED.get(terms);
    if (byStems === undefined) MATCHED.set(terms, byStems = new WeakMap());
    let byKey = byStems.get(stemWords);
    if (byKey === undefined) byStems.set(stemWords, byKey = new Map());
    let words = byKey.get(key);
    if (words === undefined) byKey.set(key, words = new Map());
    return words;
  }

  // search.query.snippets.make_snippets. ``stemWords``: language -> the words of the query's stems.
  NS.makeSnippets = function (article, terms, stemWords, maxSnippets, width) {
    maxSnippets = maxSnippets || 3;
    width = width || 240;
    const text = article.body;
    if (!text || !terms.any()) return [];
    const original = terms;
    terms = terms.inLang(article.lang);
    const exactWords = article.sp;
    const toCp = T.hasSurrogates(text) ? T.toPoints(text) : null;
    const cp = (i) => (toCp ? toCp[i] : i);
    const units = toCp ? T.toUnits(text) : null;
    const un = (i) => (units ? units[i] : i);
    const size = toCp ? cp(text.length) : text.length;  // the text's length in code points
    const spans = [], folded = [];
    const spelled = exactWords && terms.runSpellings.size ? [] : null;
    const dropped = terms.names.size ? [] : null;  // snippets.py _hits
    const matched = matchedWords(original, stemWords, article.lang + (exactWords ? "|exact" : ""));
    const sequences = terms.sequences.length > 0;
    let hits = [], last = -1;
    // Indexed, not destructured: a fresh page runs this loop over every word of ten articles before the engine
    // is compiled, and the interpreter takes each [word, start, end] apart through an iterator.
    const list = words(article);
    for (let i = 0; i < list.length; i++) {
      const item = list[i], word = item[0], start = item[1], end = item[2];
      if (dropped !== null) {
        const between = last >= 0 ? text.slice(last, start) : "";
        dropped.push(between !== "" && Array.from(between).every((c) => NS.officials.DROPPED.includes(c)));
        last = end;
      }
      const s = toCp ? toCp[start] : start, e = toCp ? toCp[end] : end;
      spans.push([s, e]);
      let found = matched.get(word);
      if (found === undefined) {
        const forms = NS.forms(word);
        found = matches(terms, stemWords, word, forms[0], forms[1], forms[2], article.lang, exactWords) ? forms[1] : "";
        matched.set(word, found);
      }
      if (found) hits.push([s, e, found]);
      if (sequences || spelled !== null) {
        const forms = NS.forms(word);
        if (sequences) folded.push(forms[1]);
        if (spelled !== null) spelled.push(forms[0]);
      }
    }
    if (terms.sequences.length) {
      let found = runs(terms.sequences, folded, spans, spelled, terms.runSpellings);
      if (dropped !== null) found = found.concat(nameRuns(terms.sequences.filter((seq) => terms.names.has(seq.join(""))), folded, spans, dropped));
      if (terms.hiding.length && terms.names.size) {  // snippets.py: not an official's name inside someone else's
        const hidden = runs(terms.hiding, folded, spans, null, null).concat(nameRuns(terms.hiding, folded, spans, dropped));
        found = found.filter((r) => !terms.names.has(r[2]) || !hidden.some(([a, b]) => a <= r[0] && r[1] <= b));
      }
      hits = hits.concat(found);
    }
    if (terms.numbers.size) {  // snippets.py _numbers_written: a number typed (10%, 3,5) where the text writes it
      hits = hits.filter((h) => !terms.numbers.has(h[2]) || [...NS.numberKeysAt(text, un(h[0]), un(h[1]))].some((k) => terms.numbers.get(h[2]).has(k)));
      const label = new Map();
      for (const f of [...terms.numbers.keys()].sort().reverse()) for (const k of terms.numbers.get(f)) label.set(k, f);
      for (const [s, e, k] of NS.numbersWritten(text, new Set(label.keys())).concat(NS.timesWritten(text, new Set(label.keys())))) hits.push([cp(s), cp(e), label.get(k)]);
      hits.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));  // snippets.py: sorted, the least label first
    }
    if (terms.sequences.length || terms.numbers.size) hits = leftmostLongest(hits);
    if (!hits.length) return [];
    const marks = hits.map(([s, e]) => [un(s), un(e)]);
    const scored = [];
    let hi = 0;
    passages(text, cp, hits).forEach(([s, e], idx) => {
      const distinct = new Set();
      let count = 0;
      while (hi < hits.length && hits[hi][0] < e) {
        if (hits[hi][0] >= s) { distinct.add(hits[hi][2]); count += 1; }
        hi += 1;
      }
      if (count) scored.push([-distinct.size, -count, idx, s, e]);
    });
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const out = [];
    // snippets.py _distinct: a sentence the article repeats is shown once.
    const kept = [], seen = new Set();
    for (const item of scored) {
      if (kept.length === maxSnippets) break;
      const sentence = T.strip(text.slice(un(item[3]), un(item[4])));
      if (!seen.has(sentence)) { seen.add(sentence); kept.push(item); }
    }
    for (const [, , , s, e] of kept.sort((a, b) => a[2] - b[2])) {
      const firstHit = hits.find((h) => s <= h[0] && h[0] < e);
      const [ws, we] = windowOf(spans, s, e, firstHit ? firstHit[0] : s, width, (at) => joinedAt(text, un, size, at), hits);
      let frag = render(text, un(ws), un(we), marks);
      if (ws > s) frag = "…" + frag;
      if (we < e) frag = frag + "…";
      out.push(frag);
    }
    return out;
  };

  // search.query.snippets.leading_text, cut where the export measured it (art/<n>.js "lead").
  NS.leadingText = function (article) {
    const text = article.body;
    const [a, b, cut] = article.lead;
    const units = T.hasSurrogates(text) ? T.toUnits(text) : null;
    const piece = units ? text.slice(units[a], units[b]) : text.slice(a, b);
    return T.escape(piece, true) + (cut ? "…" : "");
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
