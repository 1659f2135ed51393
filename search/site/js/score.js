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
      this.dates = R.meta.docs.dates;
      this.langs = R.meta.docs.langs;
    }

    empty() { return {mask: new Uint8Array(this.size), score: new Float64Array(this.size)}; }

    run(node) {
      const out = this.eval(node);
      for (let i = 0; i < this.size; i++) if (!out.mask[i]) out.score[i] = 0;
      return out;
    }
    mask(node) { return this.run(node).mask; }

    eval(q) {
      const n = this.size;
      switch (q.t) {
        case "term": { const p = R.postings(q.field, q.text); return this.bm25(q.field, p.ids, p.tf, q.boost); }
        case "spellings": { const [ids, tf] = this.spellings(q); return this.bm25(q.field, ids, tf, q.boost); }
        case "dismax": {
          const out = this.empty();
          for (const part of q.parts) {
            const s = this.eval(part);
            for (let i = 0; i < n; i++) { out.mask[i] |= s.mask[i]; if (s.score[i] > out.score[i]) out.score[i] = s.score[i]; }
          }
          return out;
        }
        case "or": {
          const out = this.empty();
          for (const part of q.parts) {
            const s = this.eval(part);
            for (let i = 0; i < n; i++) { out.mask[i] |= s.mask[i]; out.score[i] += s.score[i]; }
          }
          return out;
        }
        case "and": {
          if (!q.parts.length) return this.empty();
          const out = this.eval(q.parts[0]);
          for (const part of q.parts.slice(1)) {
            const s = this.eval(part);
            for (let i = 0; i < n; i++) { out.mask[i] &= s.mask[i]; out.score[i] += s.score[i]; }
          }
          for (let i = 0; i < n; i++) if (!out.mask[i]) out.score[i] = 0;
          return out;
        }
        case "andmaybe": {
          const out = this.eval(q.required);
          const opt = this.eval(q.optional);
          for (let i = 0; i < n; i++) out.score[i] += out.mask[i] ? opt.score[i] : 0;
          return out;
        }
        case "andnot": {
          const out = this.eval(q.positive);
          const neg = this.eval(q.negative);
          for (let i = 0; i < n; i++) { if (neg.mask[i]) out.mask[i] = 0; if (!out.mask[i]) out.score[i] = 0; }
          return out;
        }
        case "not": {
          const inner = this.eval(q.node);
          const out = this.empty();
          for (let i = 0; i < n; i++) { out.mask[i] = inner.mask[i] ? 0 : 1; if (out.mask[i]) out.score[i] = 1; }
          return out;
        }
        case "constant": {
          const out = this.eval(q.node);
          for (let i = 0; i < n; i++) out.score[i] = out.mask[i] ? q.score : 0;
          return out;
        }
        case "boost": {
          const out = this.eval(q.node);
          for (let i = 0; i < n; i++) out.score[i] *= q.factor;
          return out;
        }
        case "prefix": {
          const out = this.empty();
          for (const text of q.terms) for (const id of R.postings(q.field, text).ids) out.mask[id] = 1;
          for (const text of q.spelled) for (const id of R.postings(q.field, text).ids) out.mask[id] = 1;
          for (let i = 0; i < n; i++) if (out.mask[i]) out.score[i] = 1;
          return out;
        }
        case "phrase": {
          const out = this.eval({t: "and", parts: q.words});
          if (q.words.length > 1 && out.mask.some((x) => x)) {
            const found = this.phrase(q.words, q.slop, out.mask);
            for (let i = 0; i < n; i++) { out.mask[i] &= found[i]; if (!out.mask[i]) out.score[i] = 0; }
          }
          return out;
        }
        case "values": return this.coded(q.field, (v) => q.values.includes(v));
        case "daterange": {
          const hi = q.hi ? q.hi + "~" : "";
          return this.coded("date", (v) => Boolean(v) && v >= q.lo && (!hi || v <= hi));
        }
        case "every": {
          const out = this.empty();
          out.mask.fill(1);
          out.score.fill(1);
          return out;
        }
      }
      throw new Error("not a query plan node: " + JSON.stringify(q));
    }

    // Articles whose one-valued field has an accepted value (lang, year, month, date, spelled).
    coded(field, accept) {
      const out = this.empty();
      let values, codes;
      if (field === "lang") { values = this.langs; codes = this.groups; }
      else if (field === "spelled") { values = ["", "exact"]; codes = this.docs.exact; }
      else {
        const cut = field === "year" ? 4 : field === "month" ? 7 : 99;
        values = this.dates.map((d) => d.slice(0, cut));
        codes = this.docs.date;
      }
      const wanted = values.map((v) => Boolean(accept(v)));
      for (let i = 0; i < this.size; i++) if (wanted[codes[i]]) { out.mask[i] = 1; out.score[i] = 1; }
      return out;
    }

    // The parts of one query word: [term, where it counts (null: everywhere)].
    parts(sp) {
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
      const tf = new Float64Array(this.size);
      for (const [t, keep] of parts) {
        const p = R.postings(sp.field, t);
        for (let k = 0; k < p.ids.length; k++) {
          const id = p.ids[k];
          if (keep === null || keep[id]) tf[id] += p.tf[k];
        }
      }
      const ids = [], w = [];
      for (let i = 0; i < this.size; i++) if (tf[i]) { ids.push(i); w.push(tf[i]); }
      return [Int32Array.from(ids), Float64Array.from(w)];
    }

    bm25(field, ids, weights, boost) {
      const out = this.empty();
      if (!ids.length) return out;
      for (const id of ids) out.mask[id] = 1;
      if (!SCORABLE.has(field)) {
        for (let k = 0; k < ids.length; k++) out.score[ids[k]] = weights[k] * boost;
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
        out.score[id] = boost * idf * (w * (k1 + 1)) / (w + k1 * ((1 - b) + b * norm));
      }
      return out;
    }

    // Articles among ``candidates`` where the words follow each other, each at most ``slop`` positions
    // after the previous one.
    phrase(words, slop, candidates) {
      const found = new Uint8Array(this.size);
      let ends = new Map();
      for (const [id, places] of this.positions(words[0], candidates)) ends.set(id, new Set(places));
      for (const word of words.slice(1)) {
        if (!ends.size) break;
        const wanted = new Uint8Array(this.size);
        for (const id of ends.keys()) wanted[id] = 1;
        const next = new Map();
        for (const [id, places] of this.positions(word, wanted)) {
          const before = ends.get(id);
          const kept = places.filter((p) => { for (let s = 1; s <= slop; s++) if (before.has(p - s)) return true; return false; });
          if (kept.length) next.set(id, new Set(kept));
        }
        ends = next;
      }
      for (const id of ends.keys()) found[id] = 1;
      return found;
    }

    // article -> sorted positions of a word (all its spellings) in the ``wanted`` articles.
    positions(word, wanted) {
      const out = new Map();
      for (const [t, keep] of this.parts(word)) {
        const p = R.postings(word.field, t);
        const places = R.positions(word.field, t);
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

  NS.Scorer = Scorer;
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
