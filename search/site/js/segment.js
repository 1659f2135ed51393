/* Words of scripts written without spaces, as the engine's ICU (PyICU 77) finds them, and the engine's
 * segmentations() of a query word (search/analysis/tokenize.py).
 *
 * The browser's own word segmenter uses a smaller ICU dictionary (Khmer: 94 KB against 446 KB) and splits
 * differently, so this file reproduces ICU's dictionary break engines (ICU 77, dictbe.cpp). Khmer, Lao,
 * Burmese and Thai: a run of the script is cut into dictionary words by maximal matching with a look-ahead
 * of three words (prefer the candidate after which two more dictionary words follow), a stretch that is no
 * dictionary word is resynchronised at the next place where a word could begin, and marks never start a
 * word. Chinese and Japanese (ideographs and kana): the run, in NFKC, is cut where the words' costs add up
 * to the least (dynamic programming; a character that starts no one-character word costs 255, and a run
 * of katakana is also offered as one word at a cost by its length). The word lists are ICU's
 * (search/site/icudict.py), loaded by their first characters: NS.segmentReady(text) loads what a text
 * needs, then NS.segment(run) is synchronous.
 *
 *   NS.segment("ហ៊ុនម៉ាណែត") -> [[0, 4], [4, 7], [7, 9], [9, 10]]   (ហ៊ុន|ម៉ា|ណែ|ត)
 *   NS.segmentations("ហ៊ុនម៉ាណែត") -> [["ហ៊ុន", "ម៉ា", "ណែ", "ត"], ...two-part cuts...]
 *   NS.segmentations(run, 24, cost) -> the same and three-part cuts where the collection has every piece,
 *                                       then the cheapest cuts by cost(piece) (NS.pieceCost, null: lacking)
 */
(function (NS) {
  "use strict";
  // asked: the names of the files asked for dictionary entries (of their own, or among the word groups by ranges)
  const S = NS.seg = {engines: [], dict: new Map(), leaves: new Map(), asked: new Set()};
  // What matches() found, by engine, limit and the text it may read: segmentations() segments every part of
  // a run again (partPieces), reading the same places many times (a long Khmer phrase: most of its CPU).
  // Emptied whenever entries arrive: an answer holds only for the entries at hand.
  const found = new Map();
  const LOOKAHEAD = 3, ROOT_COMBINE = 3, PREFIX_COMBINE = 3, MAX_WORDS = 20;

  function inRanges(ranges, cp) {
    let lo = 0, hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < ranges[mid][0]) hi = mid - 1;
      else if (cp > ranges[mid][1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  // The collection's engines come in engine.js itself (NS.engines: engine.py engine_source), set up as the
  // engine runs, before the meta file has come: NS.segmentEarly can ask for the dictionary entries of the
  // query in the address while start.js is still on its way. ICU's word break classes come with the meta file.
  function initSegment(engines) {
    found.clear();
    S.engines = engines.map((e) => {
      const eng = {script: e.script, folder: e.folder, count: e.count,
        chars: (c) => inRanges(e.sets.chars, c), marks: (c) => c === 0x20 || inRanges(e.sets.marks, c)};
      // Ranges in order (inRanges searches them by halves): ICU adds Lao's prefix vowels after its digraphs.
      const begin = {Khmer: [[0x1780, 0x17b3]], Lao: [[0x0e81, 0x0eae], [0x0ec0, 0x0ec4], [0x0edc, 0x0edd]],
        Myanmar: [[0x1000, 0x102a]], Thai: [[0x0e01, 0x0e2e], [0x0e40, 0x0e44]]}[e.script];
      const notEnd = {Khmer: [[0x17d2, 0x17d2]], Lao: [[0x0ec0, 0x0ec4]], Myanmar: [],
        Thai: [[0x0e31, 0x0e31], [0x0e40, 0x0e44]]}[e.script];
      eng.begin = (c) => inRanges(begin, c);
      // A character no dictionary word begins with needs no entry: it is looked up as absent (not loaded).
      eng.starts = e.sets.starts ? (c) => inRanges(e.sets.starts, c) : () => true;
      eng.end = (c) => eng.chars(c) && !inRanges(notEnd, c);
      // The prefixes of two characters or more that are splits (icudict.py splits): their longer prefixes
      // are asked for with the rest, in one round.
      eng.splits = new Set(e.splits ? e.splits.split(" ").slice(0, -1) : []);
      // The one-character entries come with the engine (icudict.py firsts), not in a file each.
      for (const k in e.firsts || {}) S.dict.set(e.folder + k, e.firsts[k]);
      eng.thai = e.script === "Thai";
      eng.costs = Boolean(e.costs);
      // Its entries (two characters or more) are members "%<prefix>" of the word groups' files by ranges
      // (bundle.py DICT_MARK), beside the groups of the words they begin: no files of their own.
      eng.ranged = Boolean(e.ranged);
      return eng;
    });
  }
  initSegment(NS.engines);
  NS.initWordBreak = function (wordBreak) { S.wordBreak = wordBreak; };

  const engineOf = (cp) => S.engines.find((e) => e.chars(cp));

  // --- the dictionaries ----------------------------------------------------------------------------------
  // A prefix's entry: [is a word, "next characters"] (a split), or its words front-coded (a leaf).
  function files(eng, keys) {
    if (eng.ranged) return keys.map((k) => NS.reader.termFile(k)).filter((f) => f !== null);
    return keys.map((k) => eng.folder + "/" + NS.bucket(k, eng.count));
  }

  // Load every dictionary entry a text can reach: the prefixes starting at each of its characters.
  NS.segmentReady = async function (text) {
    // NS.segment looks words up in other spellings of a run too: Chinese in its simplified form, Lao in its
    // older spellings.
    const forms = [text, NS.simplify(text), ...(NS.hasLaoOlder(text) ? NS.laoOlderSpellings(text).map(([t]) => t) : [])];
    await Promise.all([...new Set(forms.filter((t) => t))].map(load));
  };

  // The entries the text as typed reaches, asked for before the meta file has come (NS.search): its tables
  // (other spellings of a run) are not needed for these; segmentReady asks for the rest, and for none of
  // these again (NS.load keeps each file's promise), and the files are those it would ask for alone.
  NS.segmentEarly = (text) => load(text);

  async function load(text) {
    const byEngine = new Map();
    const cps = Array.from(text, (c) => c.codePointAt(0));
    const chars = Array.from(text);
    for (let i = 0; i < cps.length; i++) {
      const eng = engineOf(cps[i]);
      if (!eng) continue;
      let run = byEngine.get(eng);
      if (!run) byEngine.set(eng, run = []);
      let j = i;
      while (j < cps.length && eng.chars(cps[j])) j++;
      const piece = chars.slice(i, j).join("");
      run.push(eng.costs ? piece.normalize("NFKC") : piece);  // the CJK engine looks its words up in NFKC
      i = j - 1;
    }
    await Promise.all(Array.from(byEngine, async ([eng, runs]) => {
      // Every entry at once: a prefix of two characters or more that is a split (eng.splits) needs the next
      // longer one too (icudict.py shards), which the page knows before any file has come.
      // An entry at hand (one character: engine.js) says which longer prefix exists: none past a leaf or
      // an absent prefix, the next only if the split lists its character.
      const wanted = new Set();
      for (const r of runs) {
        for (let i = 0; i < r.length; i++) {
          if (!eng.starts(r.charCodeAt(i))) continue;
          for (let n = 1; i + n <= r.length; n++) {
            const key = r.slice(i, i + n);
            const known = S.dict.get(eng.folder + key);
            if (known === undefined) {
              wanted.add(key);
              if (n > 1 && !eng.splits.has(key)) break;
            } else if (known === null || typeof known[0] !== "number" || !known[1].includes(r[i + n] || "\0")) break;
          }
        }
      }
      const missing = [...wanted].filter((k) => !S.dict.has(eng.folder + k));
      const names = files(eng, missing);
      for (const name of names) S.asked.add(name);
      const loaded = await NS.loadAll(names);
      if (loaded.length) found.clear();
      for (const content of loaded) {
        if (!eng.ranged) for (const k in content) S.dict.set(eng.folder + k, content[k]);
        else for (const k in content) if (k[0] === "%") S.dict.set(eng.folder + k.slice(1), content[k]);
      }
      for (const k of missing) if (!S.dict.has(eng.folder + k)) S.dict.set(eng.folder + k, null);
    }));
  };

  function leafWords(eng, key, coded) {
    let words = S.leaves.get(key);
    if (!words) {
      words = [];
      let prev = "";
      for (const c of coded) {
        const comma = eng.costs ? c.lastIndexOf(",") : -1;  // ",cost" ends the words of a list with costs
        const cost = comma > 0 ? Number(c.slice(comma + 1)) : 0;
        const rest = prev.slice(0, NS.ALPHABET.indexOf(c[0])) + (comma > 0 ? c.slice(1, comma) : c.slice(1));
        words.push([rest, cost]);
        prev = rest;
      }
      S.leaves.set(key, words);
    }
    return words;
  }

  // ICU's DictionaryMatcher.matches(): the dictionary words that start at ``start`` (lengths, at most
  // ``most``, within ``maxLength``; their costs) and how many characters the dictionary followed (one past
  // the last match).
  function matches(eng, text, start, maxLength, most) {
    most = most || MAX_WORDS;
    // No dictionary word is longer than LONGEST_PIECE (all in the BMP): the answer depends on that much text.
    const reads = Math.min(maxLength, LONGEST_PIECE + 1);
    const key = eng.folder + " " + most + " " + reads + " " + text.slice(start, start + reads);
    let m = found.get(key);
    if (m === undefined) {
      m = match(eng, text, start, maxLength, most);
      if (found.size > 100000) found.clear();
      found.set(key, m);
    }
    return m;
  }

  function match(eng, text, start, maxLength, most) {
    const lengths = [], costs = [];
    let matched = 0, leaf = null, leafKey = "", lo = 0, hi = 0;
    for (let k = 1; start + k <= text.length; k++) {
      matched = k;
      const prefix = text.slice(start, start + k);
      let cost = -1, longer = false;
      if (leaf === null) {
        const node = S.dict.get(eng.folder + prefix);
        if (node == null) break;
        if (typeof node[0] === "number") {
          cost = node[0] - 1;
          longer = node[1].length > 0;
        } else {
          leaf = leafWords(eng, eng.folder + prefix, node);
          leafKey = prefix;
          hi = leaf.length;
        }
      }
      if (leaf !== null) {
        // The leaf's words that start with ``rest``: a run of the sorted list, inside the previous one (rest
        // is one unit longer), its shortest first; narrowed rather than the whole leaf read at every length
        // (a leaf holds up to LEAF_BYTES of words: a long Khmer query spent 25 ms here).
        const rest = prefix.slice(leafKey.length);
        while (lo < hi && !leaf[lo][0].startsWith(rest)) lo++;
        let end = lo;
        while (end < hi && leaf[end][0].startsWith(rest)) end++;
        hi = end;
        if (lo === hi) break;
        if (leaf[lo][0].length === rest.length) cost = leaf[lo][1];
        longer = hi - lo > (cost >= 0 ? 1 : 0);
      }
      if (cost >= 0) {
        if (lengths.length < most) { lengths.push(k); costs.push(cost); }
        if (!longer) break;
      }
      if (k >= maxLength) break;
    }
    return {lengths, costs, prefix: matched};
  }

  // ICU's PossibleWord: the candidate words at one place, longest first, and the one marked as best.
  class Candidates {
    constructor() { this.offset = -1; this.lengths = []; this.prefix = 0; this.current = 0; this.mark = 0; }
    find(state) {
      const start = state.pos;
      if (start !== this.offset) {
        this.offset = start;
        const m = matches(state.eng, state.text, start, state.end - start);
        this.lengths = m.lengths;
        this.prefix = m.prefix;
      }
      const count = this.lengths.length;
      if (count > 0) state.pos = start + this.lengths[count - 1];
      this.current = count - 1;
      this.mark = this.current;
      return count;
    }
    accept(state) { state.pos = this.offset + this.lengths[this.mark]; return this.lengths[this.mark]; }
    backUp(state) {
      if (this.current > 0) { state.pos = this.offset + this.lengths[--this.current]; return true; }
      return false;
    }
    markCurrent() { this.mark = this.current; }
    marked() { return this.lengths[this.mark]; }
  }

  const cpAt = (text, i) => text.codePointAt(i);

  // The breaks a dictionary engine puts inside [rangeStart, rangeEnd) (none at rangeEnd).
  function divide(eng, text, rangeStart, rangeEnd) {
    const breaks = [];
    if (eng.thai ? rangeStart + 4 >= rangeEnd : rangeEnd - rangeStart < 4) return breaks;
    const state = {eng, text, end: rangeEnd, pos: rangeStart};
    const words = [new Candidates(), new Candidates(), new Candidates()];
    let found = 0;
    while (state.pos < rangeEnd) {
      const current = state.pos;
      let length = 0, cpLength = 0;
      const here = words[found % LOOKAHEAD];
      const count = here.find(state);
      if (count === 1) {
        length = here.accept(state);
        cpLength = here.marked();
        found += 1;
      } else if (count > 1) {
        // The candidate after which the most dictionary words follow (up to two), longest first.
        search: if (state.pos < rangeEnd) {
          do {
            const second = words[(found + 1) % LOOKAHEAD];
            if (second.find(state) > 0) {
              here.markCurrent();
              if (state.pos >= rangeEnd) break search;
              do {
                if (words[(found + 2) % LOOKAHEAD].find(state)) { here.markCurrent(); break search; }
              } while (second.backUp(state));
            }
          } while (here.backUp(state));
        }
        length = here.accept(state);
        cpLength = here.marked();
        found += 1;
      }
      // Not followed by a dictionary word: join what follows, up to a place where a word could begin.
      if (state.pos < rangeEnd && cpLength < ROOT_COMBINE) {
        const next = words[found % LOOKAHEAD];
        if (next.find(state) <= 0 && (length === 0 || next.prefix < PREFIX_COMBINE)) {
          let remaining = rangeEnd - (current + length);
          let chars = 0;
          for (;;) {
            const pc = cpAt(text, state.pos);
            state.pos += 1;
            chars += 1;
            remaining -= 1;
            if (remaining <= 0) break;
            const uc = cpAt(text, state.pos);
            if (eng.end(pc) && eng.begin(uc)) {
              const candidates = words[(found + 1) % LOOKAHEAD].find(state);
              state.pos = current + length + chars;
              if (candidates > 0) break;
            }
          }
          if (length <= 0) found += 1;
          length += chars;
        } else {
          state.pos = current + length;
        }
      }
      // Never stop before a combining mark.
      while (state.pos < rangeEnd && eng.marks(cpAt(text, state.pos))) {
        state.pos += 1;
        length += 1;
      }
      if (eng.thai && state.pos < rangeEnd && length > 0) {
        let uc;
        if (words[found % LOOKAHEAD].find(state) <= 0 && (uc = cpAt(text, state.pos)) !== undefined &&
            (uc === 0x0e2f || uc === 0x0e46)) {
          if (uc === 0x0e2f) {
            const before = cpAt(text, state.pos - 1);
            if (before !== 0x0e2f && before !== 0x0e46) {
              state.pos += 1;
              length += 1;
              uc = cpAt(text, state.pos);
            }
          }
          if (uc === 0x0e46 && cpAt(text, state.pos - 1) !== 0x0e46) {
            state.pos += 1;
            length += 1;
          }
        } else {
          state.pos = current + length;
        }
      }
      if (length > 0) breaks.push(current + length);
    }
    if (breaks.length && breaks[breaks.length - 1] >= rangeEnd) breaks.pop();
    return breaks;
  }

  // --- ICU's CJK engine (CjkBreakEngine::divideUpDictionaryRange, without phrase breaking) -------------
  const MAX_CJ_WORD = 20, MAX_COST = 255, KATAKANA_COST = [8192, 984, 408, 240, 204, 252, 300, 372, 480];
  const MAX_KATAKANA = 8, MAX_KATAKANA_GROUP = 20;
  const isKatakana = (c) => (c >= 0x30a1 && c <= 0x30fe && c !== 0x30fb) || (c >= 0xff66 && c <= 0xff9f);
  // A character that normalization may join to the one before: a mark as the CLI's table has it (NS.text.MARK).
  const noBoundaryBefore = (ch) => NS.text.MARK.test(String.fromCodePoint(ch.normalize("NFKD").codePointAt(0)));

  // The range in NFKC, as code points, and for each of them (and the end) the UTF-16 offset in ``text``
  // where its normalization chunk starts (ICU maps every position of a chunk to the chunk's start).
  function normalizedRange(text, rangeStart, rangeEnd) {
    const slice = text.slice(rangeStart, rangeEnd);
    const points = [], origin = [];
    if (slice.normalize("NFKC") === slice) {
      let at = rangeStart;
      for (const ch of slice) { points.push(ch); origin.push(at); at += ch.length; }
    } else {
      const chars = Array.from(slice);
      let at = rangeStart;
      for (let i = 0; i < chars.length;) {
        let fragment = chars[i], j = i + 1;
        while (j < chars.length && noBoundaryBefore(chars[j])) fragment += chars[j++];
        for (const ch of fragment.normalize("NFKC")) { points.push(ch); origin.push(at); }
        at += fragment.length;
        i = j;
      }
    }
    origin.push(rangeEnd);
    return {text: points.join(""), points, origin};
  }

  function divideCJ(eng, text, rangeStart, rangeEnd) {
    if (rangeStart >= rangeEnd) return [];
    const {points, origin} = normalizedRange(text, rangeStart, rangeEnd);
    const n = points.length;
    const units = [0];  // code point -> UTF-16 offset in the normalized text
    for (const p of points) units.push(units[units.length - 1] + p.length);
    const joined = points.join("");
    const best = new Array(n + 1).fill(Infinity), prev = new Int32Array(n + 1).fill(-1);
    best[0] = 0;
    let prevKatakana = false;
    for (let i = 0; i < n; i++) {
      if (best[i] === Infinity) continue;
      const m = matches(eng, joined, units[i], MAX_CJ_WORD, n);
      // lengths in UTF-16 units of the normalized text: the dictionary's words are all in the BMP
      const lengths = m.lengths.slice(), costs = m.costs.slice();
      if (!lengths.length || lengths[0] !== 1) { lengths.push(1); costs.push(MAX_COST); }
      for (let k = 0; k < lengths.length; k++) {
        const to = i + lengths[k], cost = best[i] + costs[k];
        if (to <= n && cost < best[to]) { best[to] = cost; prev[to] = i; }
      }
      const katakana = isKatakana(points[i].codePointAt(0));
      if (!prevKatakana && katakana) {
        let run = 1;
        while (i + run < n && run < MAX_KATAKANA_GROUP && isKatakana(points[i + run].codePointAt(0))) run++;
        if (run < MAX_KATAKANA_GROUP) {
          const cost = best[i] + (run > MAX_KATAKANA ? KATAKANA_COST[0] : KATAKANA_COST[run]);
          if (cost < best[i + run]) { best[i + run] = cost; prev[i + run] = i; }
        }
      }
      prevKatakana = katakana;
    }
    const ends = [];
    if (best[n] === Infinity) ends.push(n);
    else for (let i = n; i > 0; i = prev[i]) ends.push(i);
    const breaks = [];
    let last = -1;
    for (let k = ends.length - 1; k >= 0; k--) {
      const at = origin[ends[k]];
      if (at > last && at !== rangeStart) breaks.push(at);
      last = Math.max(last, at);
    }
    return breaks;  // the end of the range included, as ICU's CJK engine gives it
  }

  // --- word-break rules of the run, then the dictionaries inside each rule segment ---------------------
  function wordClass(cp) {
    const w = S.wordBreak;
    if (inRanges(w.extend, cp)) return "E";
    if (inRanges(w.letter, cp)) return "L";
    if (inRanges(w.number, cp)) return "N";
    return "O";
  }

  // [start, end) of each word of a run (UTF-16 offsets), as search.analysis.tokenize.segment: a repetition
  // mark (tables.repeatMarks: ៗ ๆ ໆ) is a word of its own, and the letters on either side of it are segmented
  // apart (tokenize.py _Segmenter._split).
  // A run of Chinese characters is segmented in its simplified form and as written (kept: the fewest words
  // between the boundaries both have), so that a text and its other spelling give the same words; not Japanese
  // (a run with kana), whose kanji are its own (tokenize.py _Segmenter.split).
  const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
  NS.segment = function (run) {
    const simple = KANA.test(run) ? run : NS.simplify(run);
    return simple === run ? segmentRun(run) : fewestWords([segmentRun(simple), segmentRun(run)]);
  };

  function segmentRun(run) {
    const marks = NS.text.tables.repeatMarks;
    const out = [];
    let start = 0;
    const part = (end) => { for (const [a, b] of icuWords(run.slice(start, end))) out.push([start + a, start + b]); };
    for (let k = 0; k < run.length; k++) {
      if (!marks.includes(run[k])) continue;
      if (k > start) part(k);
      out.push([k, k + 1]);
      start = k + 1;
    }
    if (start === 0) return icuWords(run);
    if (start < run.length) part(run.length);
    return out;
  };

  // tokenize.py _Segmenter._icu: a Lao run with letters ICU's dictionary has in either spelling (ຳ ໜ ໝ ຫຼ) is
  // segmented in each spelling too, and between the boundaries all share, the fewest words are kept.
  function icuWords(run) {
    if (!NS.hasLaoOlder(run)) return icuSpans(run);
    const found = [icuSpans(run)];
    for (const [older, starts] of NS.laoOlderSpellings(run)) found.push(spansBack(icuSpans(older), starts));
    return fewestWords(found);
  }

  // tokenize.py _spans_back: words of another spelling -> words of the run (a boundary inside what stands for
  // one of its characters is none).
  function spansBack(spans, starts) {
    const out = [];
    let joined = false;
    for (const [s, e] of spans) {
      if (joined && out.length && out[out.length - 1][1] === s) out[out.length - 1] = [out[out.length - 1][0], e];
      else out.push([s, e]);
      joined = starts[e] < 0;
    }
    return out.filter(([s, e]) => starts[s] >= 0 && starts[e] >= 0).map(([s, e]) => [starts[s], starts[e]]);
  }

  // tokenize.py fewest_words.
  function fewestWords(ways) {
    const sets = ways.map((way) => new Set(way.flat()));
    const common = [...sets[0]].filter((x) => sets.every((set) => set.has(x))).sort((a, b) => a - b);
    common.push(Math.max(...ways.filter((w) => w.length).map((w) => w[w.length - 1][1])));
    const out = [];
    const at = ways.map(() => 0);
    for (const hi of common) {
      let best = null;
      ways.forEach((way, k) => {
        const i = at[k];
        let j = i;
        while (j < way.length && way[j][1] <= hi) j++;
        at[k] = j;
        if (best === null || j - i < best.length) best = way.slice(i, j);
      });
      out.push(...(best || []));
    }
    return out;
  }

  // What ICU's word iterator gives with a status of 100 or more (words and numbers; punctuation is dropped).
  function icuSpans(run) {
    const out = [];
    const n = run.length;
    const next = (k) => k + (cpAt(run, k) > 0xffff ? 2 : 1);  // a character outside the BMP takes two units
    let i = 0;
    while (i < n) {
      const start = i;
      const cls = wordClass(cpAt(run, i));
      i = next(i);
      if (cls === "L" || cls === "N") {
        while (i < n && wordClass(cpAt(run, i)) !== "O") i = next(i);
      } else {
        while (i < n && wordClass(cpAt(run, i)) === "E") i = next(i);
        continue;  // a segment without a letter or digit: not a word
      }
      const breaks = [];
      let k = start;
      while (k < i) {
        const eng = engineOf(cpAt(run, k));
        if (!eng) { k = next(k); continue; }
        let j = k;
        while (j < i && eng.chars(cpAt(run, j))) j = next(j);
        breaks.push(...(eng.costs ? divideCJ(eng, run, k, j) : divide(eng, run, k, j)));
        k = j;
      }
      let from = start;
      for (const b of breaks) { if (b > from && b < i) { out.push([from, b]); from = b; } }
      out.push([from, i]);
    }
    return out;
  }

  const pieces = (s) => NS.segment(s).map(([a, b]) => s.slice(a, b));
  const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  const TWO_CUTS_UP_TO = 12;  // tokenize.py TWO_CUTS_UP_TO
  const CUT_WAYS = 16, ANY_CUTS_UP_TO = 80, LONGEST_PIECE = 40, HAN_WHOLE_PART = 6;  // tokenize.py, the same names

  // tokenize.py _cut_points: every character boundary but inside a cluster (nor a surrogate pair). A mark as the
  // CLI's Unicode has it (NS.text.MARK, lang/marks.py), not the browser's \p{M}: Lao's U+0ECE is one in Chromium.
  function cutPoints(run) {
    const joiners = NS.text.tables.joiners;
    const cuts = [];
    for (let k = 1; k < run.length; k++) {
      const cp = run.codePointAt(k);
      if (!((cp >= 0xdc00 && cp <= 0xdfff) || NS.text.MARK.test(String.fromCodePoint(cp)) || joiners.includes(run[k - 1]))) cuts.push(k);
    }
    return cuts;
  }

  // tokenize.py _ways: the run's pieces whole, cut in two at each cut point, then (three, and a run of at most
  // TWO_CUTS_UP_TO cut points) cut in three.
  function* ways(run, three) {
    const memo = new Map();
    const piecesOf = (s) => { if (!memo.has(s)) memo.set(s, pieces(s)); return memo.get(s); };
    yield piecesOf(run);
    const cuts = cutPoints(run);
    for (const k of cuts) yield piecesOf(run.slice(0, k)).concat(piecesOf(run.slice(k)));
    if (!three || cuts.length > TWO_CUTS_UP_TO) return;
    for (let i = 0; i < cuts.length; i++) {
      for (let j = i + 1; j < cuts.length; j++) {
        const a = cuts[i], b = cuts[j];
        yield piecesOf(run.slice(0, a)).concat(piecesOf(run.slice(a, b)), piecesOf(run.slice(b)));
      }
    }
  }

  // The bounds of a run's parts (its ends and cut points), and the code points before each (LONGEST_PIECE
  // counts code points, as Python does).
  function bounds(run) {
    const out = [0, ...cutPoints(run), run.length];
    let points = 0, at = 0;
    const before = out.map((k) => {
      for (; at < k; at++) { const c = run.charCodeAt(at); if (!(c >= 0xdc00 && c <= 0xdfff)) points++; }
      return points;
    });
    return [out, before];
  }

  // tokenize.py _part_pieces: the ICU pieces of every part of at most LONGEST_PIECE code points, and a part
  // of two to HAN_WHOLE_PART Chinese characters whole (a traditional compound the simplified dictionary cuts).
  function* partPieces(run) {
    const [b, before] = bounds(run);
    if (b.length > ANY_CUTS_UP_TO + 2) return;
    for (let i = 0; i < b.length; i++) {
      for (let j = i + 1; j < b.length; j++) {
        const length = before[j] - before[i];
        if (length > LONGEST_PIECE) break;
        const part = run.slice(b[i], b[j]);
        yield* pieces(part);
        if (length >= 2 && length <= HAN_WHOLE_PART && NS.allHan(part)) yield part;
      }
    }
  }

  // search.analysis.tokenize.segmentation_pieces: every piece segmentations(run, limit, cost) may use.
  NS.segmentationPieces = function (run) {
    run = NS.normalizeSpelling(run);
    const out = new Set();
    for (const way of ways(run, true)) for (const p of way) out.add(p);
    for (const p of partPieces(run)) out.add(p);
    return Array.from(out);
  };

  // tokenize.py piece_cost: about -log2 of the share of articles holding a piece, plus one (an integer).
  NS.pieceCost = function (frequency, documents) {
    const x = Math.floor(Math.max(documents, 1) / Math.max(frequency, 1));
    return (x === 0 ? 0 : 32 - Math.clz32(x)) + 1;
  };

  // tokenize.py _cheapest: the k cheapest ways to write the run as pieces side by side, cheapest first.
  function cheapest(run, cost, k) {
    const allowed = new Set(NS.segmentationPieces(run));
    const [b, before] = bounds(run);
    if (b.length > ANY_CUTS_UP_TO + 2) return [];
    const best = new Map([[run.length, [[0, []]]]]);
    for (let i = b.length - 2; i >= 0; i--) {
      const found = [];
      for (let j = i + 1; j < b.length; j++) {
        if (before[j] - before[i] > LONGEST_PIECE) break;
        const piece = run.slice(b[i], b[j]);
        const c = allowed.has(piece) ? cost(piece) : null;
        if (c === null || c === undefined) continue;
        for (const [rest, way] of best.get(b[j]) || []) found.push([c + rest, [piece, ...way]]);
      }
      found.sort((x, y) => x[0] - y[0]);  // stable: ties keep their order
      best.set(b[i], found.slice(0, k));
    }
    return best.get(0).map((x) => x[1]);
  }

  // search.analysis.tokenize.segmentations: the ICU pieces of the run, then those of the run cut in two at
  // each character boundary; given cost(piece) (pieceCost, null for a piece the collection lacks), a way
  // with a piece the collection lacks is left out (the whole run's aside), the run is cut in three too, at
  // most CUT_WAYS of those, then the run's cheapest cuts in any number of parts; at most limit ways.
  NS.segmentations = function (run, limit, cost) {
    limit = limit || 24;
    run = NS.normalizeSpelling(run);
    const known = cost ? (piece) => cost(piece) !== null : null;
    const seen = [];
    const first = cost ? Math.min(limit, CUT_WAYS) : limit;
    for (const way of ways(run, Boolean(known))) {
      if (seen.length >= first) break;
      if (seen.length && (seen.some((s) => sameList(s, way)) || (known && !way.every(known)))) continue;
      seen.push(way);
    }
    for (const way of cost ? cheapest(run, cost, limit) : []) {
      if (seen.length >= limit) break;
      if (!seen.some((s) => sameList(s, way))) seen.push(way);
    }
    return seen.filter((s) => s.length);
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
