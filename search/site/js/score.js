/* BM25 over posting arrays, a plan node evaluated for every article at once: search/query/score.py with
 * typed arrays instead of numpy, the same statistics (each article's own language, smoothed towards the
 * whole index by PRIOR_DOCS pseudo-articles, Lucene's idf), the same arithmetic in the same order.
 *
 *   const s = new NS.Scorer(docs); s.run(plan) -> {mask: Uint8Array, score: Float64Array}
 */
(function (NS) {
  "use strict";
  const R = NS.reader;
  const SCORABLE = new Set(["body", "title", "stem", "exact"]);

  class Scorer {
    constructor(docs) {
      const C = R.meta.constants;
      this.k1 = C.K1; this.b = C.B; this.prior = C.PRIOR_DOCS;
      this.docs = docs;
      this.size = docs.size;
      this.groups = docs.group;
      this.groupDocs = R.meta.docs.groupDocs;
      this.avg = R.meta.docs.avg;
      this.totalDocs = this.groupDocs.reduce((a, b) => a + b, 0);
      // Within one query a node met again (a word in the query, its tier, the most-words list) is evaluated
      // once, as the engine does (score.py Scorer._eval): a 20-word question asked 250 evaluations of 110
      // distinct nodes. Results are never changed in place.
      this.memo = new Map();
    }

    // A plan node's result is sparse: the matching articles (ascending) and their scores. The engine keeps two
    // arrays over every article per node (numpy does that in C); a cold page runs its JavaScript before the
    // compiler has warmed up, so touching only the matches is what keeps a query fast. Sums are made in the
    // engine's order, and a part that does not match adds nothing (the engine adds 0.0: the same numbers).
    empty() { return {ids: new Int32Array(0), score: new Float64Array(0)}; }

    run(node) { return this.eval(node); }

    // Dense views for the searcher: a mask and a score per article.
    mask(node) { return this.dense(this.run(node)).mask; }
    dense(s) {
      const mask = new Uint8Array(this.size), score = new Float64Array(this.size);
      for (let k = 0; k < s.ids.length; k++) { mask[s.ids[k]] = 1; score[s.ids[k]] = s.score[k]; }
      return {mask, score};
    }

    eval(q) {
      const key = JSON.stringify(q);
      let done = this.memo.get(key);
      if (done === undefined) { done = this.compute(q); this.memo.set(key, done); }
      return done;
    }

    compute(q) {
      switch (q.t) {
        case "term": { const p = R.postings(q.field, q.text); return this.bm25(q.field, p.ids, p.tf, q.boost); }
        case "spellings": { const [ids, tf] = this.spellings(q); return this.bm25(q.field, ids, tf, q.boost); }
        case "dismax": return q.parts.map((p) => this.eval(p)).reduce((a, b) => union(a, b, Math.max), this.empty());
        case "or": return q.parts.map((p) => this.eval(p)).reduce((a, b) => union(a, b, (x, y) => x + y), this.empty());
        case "and": {
          if (!q.parts.length) return this.empty();
          let out = this.eval(q.parts[0]);
          for (const part of q.parts.slice(1)) out = intersect(out, this.eval(part));
          return out;
        }
        case "andmaybe": {
          const out = this.eval(q.required);
          const opt = this.eval(q.optional);
          const score = Float64Array.from(out.score);
          let j = 0;
          for (let k = 0; k < out.ids.length; k++) {
            while (j < opt.ids.length && opt.ids[j] < out.ids[k]) j++;
            if (j < opt.ids.length && opt.ids[j] === out.ids[k]) score[k] += opt.score[j];
          }
          return {ids: out.ids, score};
        }
        case "andnot": {
          const out = this.eval(q.positive);
          const neg = this.eval(q.negative);
          return filter(out, (id) => !has(neg.ids, id));
        }
        case "not": {
          const inner = this.eval(q.node);
          const ids = [];
          let j = 0;
          for (let i = 0; i < this.size; i++) {
            while (j < inner.ids.length && inner.ids[j] < i) j++;
            if (!(j < inner.ids.length && inner.ids[j] === i)) ids.push(i);
          }
          return {ids: Int32Array.from(ids), score: new Float64Array(ids.length).fill(1)};
        }
        case "constant": {
          const out = this.eval(q.node);
          return {ids: out.ids, score: new Float64Array(out.ids.length).fill(q.score)};
        }
        case "boost": {
          const out = this.eval(q.node);
          return {ids: out.ids, score: out.score.map((x) => x * q.factor)};
        }
        case "prefix": {
          const found = new Set();
          for (const text of q.terms) for (const id of R.postings(q.field, text).ids) found.add(id);
          for (const text of q.spelled) for (const id of R.postings(q.field, text).ids) found.add(id);
          if (q.keys.length) {  // typed with diacritics: articles indexed folded that spell a word so
            const folded = this.folded();
            for (const key of q.keys) {
              const spells = new Set(R.postings("exact", key).ids);
              for (const id of R.postings(q.field, key.slice(0, key.indexOf(" "))).ids) if (folded[id] && spells.has(id)) found.add(id);
            }
          }
          const ids = Int32Array.from(found).sort();
          return {ids, score: new Float64Array(ids.length).fill(1)};
        }
        case "phrase": {
          const out = this.eval({t: "and", parts: q.words});
          if (q.words.length > 1 && out.ids.length) {
            const candidates = new Uint8Array(this.size);
            for (const id of out.ids) candidates[id] = 1;
            const found = this.phrase(q.words, q.slop, candidates, q.gaps);
            return filter(out, (id) => found[id] === 1);
          }
          return out;
        }
        case "values": return this.coded(q.field, (v) => q.values.includes(v));
        case "daterange": {
          const hi = q.hi ? q.hi + "~" : "";
          // ...and "2024" (a year alone) is in "..2024" but not in "..2024-05" (it may be December)
          return this.coded("date", (v) => Boolean(v) && v >= q.lo && (!hi || v + "~" <= hi));
        }
        case "every": {
          const ids = new Int32Array(this.size);
          for (let i = 0; i < this.size; i++) ids[i] = i;
          return {ids, score: new Float64Array(this.size).fill(1)};
        }
      }
      throw new Error("not a query plan node: " + JSON.stringify(q));
    }

    // Articles whose one-valued field has an accepted value (lang, year, month, date, spelled, source).
    coded(field, accept) {
      let values, codes;
      if (field === "spelled") { values = ["", "exact"]; codes = this.docs.exact; }
      else [values, codes] = NS.codedValues(field, this.docs);
      const wanted = values.map((v) => Boolean(accept(v)));
      const ids = [];
      for (let i = 0; i < this.size; i++) if (wanted[codes[i]]) ids.push(i);
      return {ids: Int32Array.from(ids), score: new Float64Array(ids.length).fill(1)};
    }

    // The parts of one query word: [term, where it counts (null: everywhere)].
    parts(sp) {
      if (sp.t === "prefix") return sp.terms.map((t) => [t, null]);  // score.py _parts: a phrase's last word
      const parts = sp.terms.map((t) => [t, null]);
      const folded = this.folded();
      for (const t of sp.loose) parts.push([t, folded]);
      for (const key of sp.spelled) {
        const where = new Uint8Array(this.size);
        for (const id of R.postings("exact", key).ids) where[id] = folded[id];
        parts.push([key.slice(0, key.indexOf(" ")), where]);
      }
      return parts;
    }

    folded() {  // articles indexed with folded words
      if (!this._folded) this._folded = this.docs.exact.map((x) => (x ? 0 : 1));
      return this._folded;
    }

    // A query word's postings: its spellings' (frequencies summed per article).
    spellings(sp) {
      const parts = this.parts(sp);
      if (parts.length === 1 && parts[0][1] === null) {
        const p = R.postings(sp.field, parts[0][0]);
        return [p.ids, p.tf];
      }
      let acc = this.empty();
      for (const [t, keep] of parts) {
        const p = R.postings(sp.field, t);
        const part = keep === null ? {ids: p.ids, score: p.tf} : filter({ids: p.ids, score: p.tf}, (id) => keep[id] === 1);
        acc = union(acc, part, (x, y) => x + y);
      }
      return [acc.ids, acc.score];
    }

    bm25(field, ids, weights, boost) {
      const out = {ids, score: new Float64Array(ids.length)};
      if (!ids.length) return out;
      if (!SCORABLE.has(field)) {
        for (let k = 0; k < ids.length; k++) out.score[k] = weights[k] * boost;
        return out;
      }
      const docs = this.groupDocs;
      const df = new Float64Array(docs.length);
      for (const id of ids) df[this.groups[id]] += 1;
      const share = ids.length / Math.max(this.totalDocs, 1);
      const avg = this.avg[field], lengths = this.docs.lengths[field];
      const k1 = this.k1, b = this.b;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k], g = this.groups[id], w = weights[k];
        const n = docs[g] + this.prior;
        const dfs = df[g] + this.prior * share;
        const idf = Math.log(1 + (n - dfs + 0.5) / (dfs + 0.5));
        const norm = lengths[id] / avg[g];
        out.score[k] = boost * idf * (w * (k1 + 1)) / (w + k1 * ((1 - b) + b * norm));
      }
      return out;
    }

    // Articles among ``candidates`` where the words follow each other, each at most ``slop`` positions
    // after the previous one, and ``gaps[i]`` more before word i (plan.py Phrase.gaps).
    phrase(words, slop, candidates, gaps) {
      if (NS.scorePairs(words, slop, gaps)) return this.phraseByPairs(words, candidates, gaps);
      const found = new Uint8Array(this.size);
      let ends = new Map();
      for (const [id, places] of this.positions(words[0], candidates)) ends.set(id, new Set(places));
      for (let i = 1; i < words.length; i++) {
        const word = words[i], gap = gaps ? gaps[i] : 0;
        if (!ends.size) break;
        const wanted = new Uint8Array(this.size);
        for (const id of ends.keys()) wanted[id] = 1;
        const next = new Map();
        // score.py phrase: the gap is a position punctuation left empty, which the pairs one position apart
        // say (pairs.py; the body holds a title's words at the same positions)
        const apart = gap ? this.neighbours(words[i - 1], word, wanted, gap) : null;
        for (const [id, places] of this.positions(word, wanted)) {
          const before = ends.get(id);
          let kept = places.filter((p) => { for (let s = 1; s <= slop; s++) if (before.has(p - s - gap)) return true; return false; });
          if (apart) { const empty = new Set(apart.get(id) || []); kept = kept.filter((p) => empty.has(p - 1 - gap)); }
          if (kept.length) next.set(id, new Set(kept));
        }
        ends = next;
      }
      for (const id of ends.keys()) found[id] = 1;
      return found;
    }

    // The same from the pairs of neighbouring terms (search/site/pairs.py): the words stand at s, s + 1...
    // when each two neighbours stand at s + i and s + i + 1. ``starts``: article -> the places s so far.
    // With ``gaps`` (one empty position before a word at most: tokenize.py), the pairs one position apart.
    phraseByPairs(words, candidates, gaps) {
      const found = new Uint8Array(this.size);
      let starts = null;
      for (let i = 0; i + 1 < words.length; i++) {
        starts = this.pairStep(words, i, starts, candidates, gaps);
        if (!starts.size) break;
      }
      for (const id of starts.keys()) found[id] = 1;
      return found;
    }

    // One step of phraseByPairs: the places s so far (null before the first step) where words i and i + 1
    // also stand at s + i and s + i + 1 (plus the gaps before them). The page loads the files of each step as
    // it reaches it (searcher.js loadPhrase): a step after one that leaves no article is never read.
    pairStep(words, i, starts, candidates, gaps) {
      let at = i;  // where word i stands from s
      if (gaps) for (let k = 1; k <= i; k++) at += gaps[k];
      const gap = gaps ? gaps[i + 1] : 0;
      let wanted = candidates;
      if (starts !== null) {
        wanted = new Uint8Array(this.size);
        for (const id of starts.keys()) wanted[id] = 1;
      }
      const next = new Map();
      for (const [id, places] of this.neighbours(words[i], words[i + 1], wanted, gap)) {
        const before = starts === null ? null : starts.get(id);
        const kept = new Set();
        for (const p of places) if (before === null || before.has(p - at)) kept.add(p - at);
        if (kept.size) next.set(id, kept);
      }
      return next;
    }

    // article -> places p (not sorted, maybe repeated) where word ``a`` stands at p and ``b`` at p + 1 + gap
    // (gap 0 or 1: with an empty position between), among the ``wanted`` articles: from the pair of each two
    // spellings when one is common or there is a gap (pairs.py), else from the two rare terms' positions.
    neighbours(a, b, wanted, gap) {
      gap = gap || 0;
      const out = new Map();
      const add = (id, p) => { let list = out.get(id); if (!list) out.set(id, list = []); list.push(p); };
      const first = this.parts(a), second = this.parts(b);
      const rareFirst = first.filter(([t]) => !R.isCommon(t)), rareSecond = second.filter(([t]) => !R.isCommon(t));
      if (!gap && rareFirst.length && rareSecond.length) {
        const after = this.positionsOf(rareSecond, b.field, wanted);
        for (const [id, places] of this.positionsOf(rareFirst, a.field, wanted)) {
          const next = after.get(id);
          if (!next) continue;
          const set = new Set(next);
          for (const p of places) if (set.has(p + 1 + gap)) add(id, p);
        }
      }
      for (const [ta, keepA] of first) {
        for (const [tb, keepB] of second) {
          if (!gap && !R.isCommon(ta) && !R.isCommon(tb)) continue;
          const pair = R.pair(ta, tb, gap);
          for (let k = 0; k < pair.ids.length; k++) {
            const id = pair.ids[k];
            if (!wanted[id] || (keepA !== null && !keepA[id]) || (keepB !== null && !keepB[id])) continue;
            for (const p of pair.places[k]) add(id, p);
          }
        }
      }
      return out;
    }

    // article -> sorted positions of a word (all its spellings) in the ``wanted`` articles.
    positions(word, wanted) {
      return this.positionsOf(this.parts(word), word.field, wanted);
    }

    positionsOf(parts, field, wanted) {
      const out = new Map();
      for (const [t, keep] of parts) {
        const p = R.postings(field, t);
        const places = R.positions(field, t);
        for (let k = 0; k < p.ids.length; k++) {
          const id = p.ids[k];
          if (!wanted[id] || (keep !== null && !keep[id])) continue;
          let list = out.get(id);
          if (!list) out.set(id, list = []);
          for (const x of places[k] || []) list.push(x);
        }
      }
      for (const list of out.values()) list.sort((a, b) => a - b);
      return out;
    }
  }

  // Whether a phrase is read from pairs of neighbouring terms (pairs.py): in the body, side by side, or one
  // position apart where the phrase has a gap of one (the only gap the analysis makes).
  NS.scorePairs = (words, slop, gaps) => slop === 1 && (!gaps || gaps.every((g) => g <= 1)) && words.length > 1
    && words[0].field === "body";

  // Sorted-id set operations on {ids, score}.
  function union(a, b, combine) {
    if (!a.ids.length) return b;
    if (!b.ids.length) return a;
    const ids = new Int32Array(a.ids.length + b.ids.length), score = new Float64Array(ids.length);
    let i = 0, j = 0, n = 0;
    while (i < a.ids.length || j < b.ids.length) {
      if (j >= b.ids.length || (i < a.ids.length && a.ids[i] < b.ids[j])) { ids[n] = a.ids[i]; score[n++] = combine(a.score[i++], 0); }
      else if (i >= a.ids.length || b.ids[j] < a.ids[i]) { ids[n] = b.ids[j]; score[n++] = combine(0, b.score[j++]); }
      else { ids[n] = a.ids[i]; score[n++] = combine(a.score[i++], b.score[j++]); }
    }
    return {ids: ids.subarray(0, n), score: score.subarray(0, n)};
  }

  function intersect(a, b) {
    const ids = [], score = [];
    let j = 0;
    for (let i = 0; i < a.ids.length; i++) {
      while (j < b.ids.length && b.ids[j] < a.ids[i]) j++;
      if (j < b.ids.length && b.ids[j] === a.ids[i]) { ids.push(a.ids[i]); score.push(a.score[i] + b.score[j]); }
    }
    return {ids: Int32Array.from(ids), score: Float64Array.from(score)};
  }

  function filter(a, keep) {
    const ids = [], score = [];
    for (let i = 0; i < a.ids.length; i++) if (keep(a.ids[i])) { ids.push(a.ids[i]); score.push(a.score[i]); }
    return {ids: Int32Array.from(ids), score: Float64Array.from(score)};
  }

  function has(sorted, id) {
    let lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < id) lo = mid + 1; else if (sorted[mid] > id) hi = mid - 1; else return true;
    }
    return false;
  }

  NS.Scorer = Scorer;
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
