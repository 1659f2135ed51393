/* One query, start to end: search/query/searcher.py SearchIndex.search — parse, compile, score, filters as
 * article sets, tiers (words side by side first, then the query's own spelling), most-words results for long
 * questions, the page of hits in rank order (ties: newest first, then id: the article numbering), snippets,
 * facet counts over every article found.
 *
 *   await NS.search("Hun Manet", {limit: 10, offset: 0}) -> {total, hits: [{id, title, ...}], facets, notes, ...}
 */
(function (NS) {
  "use strict";
  const R = NS.reader;
  let ready = null;

  // The meta file, and what every query needs: the engine's tables, the officials' names.
  NS.ready = function () {
    if (ready === null) {
      ready = Promise.all([NS.load("meta"), NS.load("officials")]).then(([meta, officials]) => {
        // NS.dataFormat: bundle.py's FORMAT, written with this engine (engine.py: engine_source)
        if (meta.format !== NS.dataFormat) throw new Error("search data of another version: export the site again");
        NS.meta = meta;
        NS.initText(meta.tables);
        NS.initAnalysis(meta.tables);
        NS.initWordBreak(meta.tables.wordBreak);
        NS.initReader(meta);
        NS.initOfficials(officials, meta.tables);
        NS.syntax.setFacets(meta.facets.map((f) => f.name));
        return meta;
      });
    }
    return ready;
  };

  function rint(x) {  // numpy's round half to even
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
  const round6 = (x) => rint(x * 1e6) / 1e6;

  function split(tiers, preferred, size) {
    const out = [];
    for (const docs of tiers) {
      const a = new Uint8Array(size), b = new Uint8Array(size);
      let any = false, anyB = false;
      for (let i = 0; i < size; i++) {
        if (!docs[i]) continue;
        if (preferred[i]) { a[i] = 1; any = true; } else { b[i] = 1; anyB = true; }
      }
      if (any) out.push(a);
      if (anyB) out.push(b);
    }
    return out;
  }

  // The page offset..offset+limit: a tier's hits above the next tier's; by score, ties by article number.
  function top(score, tiers, limit, offset) {
    const want = offset + limit;
    const page = [];
    for (const tier of tiers) {
      const docs = [];
      for (let i = 0; i < tier.length; i++) if (tier[i]) docs.push(i);
      if (!docs.length) continue;
      const keys = new Map(docs.map((d) => [d, -round6(score[d])]));
      docs.sort((x, y) => keys.get(x) - keys.get(y) || x - y);
      page.push(...docs.slice(0, want - page.length));
      if (page.length >= want) break;
    }
    return page.slice(offset, want);
  }

  // Each part's result as the scorer has it (its articles, ascending, and their scores), not as arrays over
  // every article: a question of twenty words made forty of them, most of zeros. Sums in the parts' order,
  // each article's as before (a part that misses it added 0).
  function relax(scorer, compiled, candidates, C) {
    const runs = compiled.parts.map((part) => scorer.run(part));
    const size = scorer.size;
    const counts = new Int32Array(size);
    for (const r of runs) for (let k = 0; k < r.ids.length; k++) counts[r.ids[k]] += 1;
    const present = runs.filter((r) => r.ids.length > 0).length;
    const need = Math.max(2, Math.ceil(present * C.MOST_WORDS));
    const partial = new Uint8Array(size);
    let total = 0;
    const excluded = compiled.excluded !== null ? scorer.mask(compiled.excluded) : null;
    for (let i = 0; i < size; i++) {
      if (candidates[i] && counts[i] >= need && !(excluded && excluded[i])) { partial[i] = 1; total += 1; }
    }
    if (!total) return {total: 0, mask: null};
    const score = new Float64Array(size);
    for (const r of runs) for (let k = 0; k < r.ids.length; k++) score[r.ids[k]] += r.score[k];
    return {total, mask: partial, score, tiers: [partial], words: counts, need};
  }

  // A one-valued field as [its values, each article's index into them] (search/index/docarrays.py codes):
  // the language is the article's group; the year and the month are its date's, as search/index/prepare.py
  // derives them (a date of a year alone has no month); any other (source) has codes of its own.
  NS.codedValues = function (name, docs) {
    const d = R.meta.docs;
    if (name === "lang") return [d.langs, docs.group];
    if (name === "date") return [d.dates, docs.date];
    if (name === "year") return [d.dates.map((v) => v.slice(0, 4)), docs.date];
    if (name === "month") return [d.dates.map((v) => (v.length >= 7 ? v.slice(0, 7) : "")), docs.date];
    if (!(name in d.coded)) throw new Error("no per-article values of " + name + " in the search data");
    return [d.coded[name].values, docs.coded[name]];
  };

  // facets.py case_rows: a source's values that differ only in case are one row, their counts summed, under the
  // spelling the collection has most often (then the first in order); every article of the page is live.
  const CASE_ROWS = ["source"];
  function caseRows(counter, values, codes, size) {
    const totals = new Map();
    for (let i = 0; i < size; i++) { const v = values[codes[i]]; if (v) totals.set(v, (totals.get(v) || 0) + 1); }
    const labels = new Map();
    const byCount = Array.from(totals).sort((a, b) => b[1] - a[1] || NS.text.compare(a[0], b[0]));
    for (const [v] of byCount) { const key = v.normalize("NFC").toLowerCase(); if (!labels.has(key)) labels.set(key, v); }
    const rows = new Map();
    for (const [v, n] of counter) {
      const label = labels.get(v.normalize("NFC").toLowerCase()) || v;
      rows.set(label, (rows.get(label) || 0) + n);
    }
    counter.clear();
    for (const [v, n] of rows) counter.set(v, n);
  }

  // Facet counts over the articles found (search/query/facets.py FacetCounter.counts), as [value, count].
  function facetCounts(listed, names, docs) {
    const out = {};
    for (const name of names) {
      const facet = R.meta.facets.find((f) => f.name === name);
      const counter = new Map();
      if (facet.coded) {
        const [values, codes] = NS.codedValues(name, docs);
        for (const i of listed) { const v = values[codes[i]]; if (v) counter.set(v, (counter.get(v) || 0) + 1); }
        if (CASE_ROWS.includes(name)) caseRows(counter, values, codes, docs.size);
      } else {
        const mask = new Uint8Array(docs.size);
        for (const i of listed) mask[i] = 1;
        for (const term of R.fieldTerms(name)) {
          let n = 0;
          for (const id of R.postings(name, term).ids) n += mask[id];
          if (n) counter.set(term, n);
        }
      }
      const items = Array.from(counter);
      if (facet.newestFirst) items.sort((a, b) => NS.text.compare(b[0], a[0]));
      else items.sort((a, b) => b[1] - a[1] || NS.text.compare(a[0], b[0]));
      out[name] = items;
    }
    return out;
  }

  const spellingsOf = (w) => (w.t === "prefix" ? w.terms  // a phrase's last word, a prefix (score.js parts)
    : [...w.terms, ...w.loose, ...w.spelled.map((k) => k.slice(0, k.indexOf(" ")))]);

  // The files a phrase's words need, for the articles that have every word (``ph.ids``). In the body, the
  // pairs of neighbouring spellings where one is common, the positions of the others (search/site/pairs.py),
  // loaded step by step as Scorer.phraseByPairs reads them: the first FIRST_STEPS steps together, the rest
  // together once those leave some article: the words-together tier of a query whose words meet in an article
  // but not side by side stops there (40 four-word queries at 5k: 1,052 -> 995 files). In titles, positions.
  const FIRST_STEPS = 2;
  async function loadPhrase(scorer, ph) {
    const words = ph.words;
    const apart = (a, b) => R.pairsOf(NS.fold(a) + "  " + NS.fold(b));  // with a gap between: pairs.py
    if (!NS.scorePairs(words, ph.slop, ph.gaps)) {
      const files = words.flatMap((w) => spellingsOf(w).map((t) => R.positionsOf(NS.fold(t))));
      for (let k = 0; ph.gaps && k + 1 < words.length; k++) {
        if (ph.gaps[k + 1]) for (const a of spellingsOf(words[k])) for (const b of spellingsOf(words[k + 1])) files.push(apart(a, b));
      }
      await Promise.all(files);
      return;
    }
    const candidates = new Uint8Array(scorer.size);
    for (const id of ph.ids) candidates[id] = 1;
    const steps = words.length - 1;
    let starts = null, i = 0;
    for (const end of [Math.min(FIRST_STEPS, steps), steps]) {
      const files = [];
      for (let k = i; k < end; k++) {
        const gap = ph.gaps && ph.gaps[k + 1];
        for (const a of spellingsOf(words[k])) for (const b of spellingsOf(words[k + 1])) {
          if (gap) files.push(apart(a, b));
          else if (R.isCommon(a) || R.isCommon(b)) files.push(R.pairsOf(NS.fold(a) + " " + NS.fold(b)));
          else files.push(R.positionsOf(NS.fold(a)), R.positionsOf(NS.fold(b)));
        }
      }
      await Promise.all(files);
      for (; i < end; i++) {
        starts = scorer.pairStep(words, i, starts, candidates, ph.gaps);
        if (!starts.size) return;
      }
    }
  }

  // search.query.searcher.SearchIndex.search, for the query as typed (filters are typed in it).
  NS.search = async function (query, options) {
    options = options || {};
    const limit = options.limit === undefined ? 10 : options.limit;
    const offset = options.offset || 0;
    const started = performance.now();
    const marks = [];
    const mark = (what) => marks.push([what, Math.round((performance.now() - started) * 10) / 10]);
    const early = NS.segmentEarly(query);  // the dictionary entries of the query, while the meta file comes
    early.catch(() => {});  // segmentReady reports it (the same files)
    if (!NS.meta) R.early(query);  // the term files of its words too (reader.js)
    await NS.ready();
    mark("ready");
    const facetNames = options.facets || NS.meta.facets.map((f) => f.name);
    const C = R.meta.constants;
    // The per-article arrays and the keyword facets inflate while the query is segmented and compiled.
    const docsLoading = R.docs();
    const keywordsLoading = R.keywords(facetNames.filter((n) => !R.meta.facets.find((f) => f.name === n).coded));
    const parsed = NS.parse(query);
    await Promise.all([early, NS.segmentReady(query), NS.segmentReady(NS.normalizeSpelling(query))]);
    mark("segmented");
    const compiled = await NS.compileQuery(parsed);
    mark("compiled");
    // Each note once, as first said (records.py Results): one the query repeats is made each time it is met.
    const base = {query, total: 0, partial: 0, hits: [], facets: {}, notes: [...new Set(compiled.notes)], offset, limit,
      suggestion: null, words: compiled.parts.length};
    if (compiled.query === null && !compiled.filters.length) return Object.assign(base, {tookMs: performance.now() - started});
    const plans = [compiled.query, compiled.adjacent, compiled.exact, ...compiled.filters, ...compiled.parts,
      compiled.excluded].filter((x) => x);
    await R.spellingsFor(plans.flatMap(NS.plan.terms));  // the spellings with entries of their own
    const docs = await docsLoading;
    await keywordsLoading;
    // Pairs and positions only for the phrases that have candidates (every word present in some article): a
    // long question's words rarely all stand in one article (loadPhrase).
    const scorer = new NS.Scorer(docs);
    const phrases = [];
    for (const plan of plans) for (const ph of NS.plan.phrases(plan)) {
      if (ph.words.length < 2) continue;
      const ids = scorer.eval({t: "and", parts: ph.words}).ids;
      if (ids.length) phrases.push({words: ph.words, slop: ph.slop, gaps: ph.gaps, ids});
    }
    await Promise.all(phrases.map((ph) => loadPhrase(scorer, ph)));
    mark("loaded");
    const size = docs.size;
    const matched = scorer.dense(scorer.run(compiled.query !== null ? compiled.query : {t: "every"}));
    const allowed = new Uint8Array(size).fill(1);
    compiled.filters.forEach((f, k) => {
      const restricted = scorer.mask(f);
      const label = compiled.filterLabels[k];
      if (label && !restricted.some((x) => x)) compiled.notes.push(label + " matches no article in this index");
      for (let i = 0; i < size; i++) allowed[i] &= restricted[i];
    });
    const mask = new Uint8Array(size);
    let total = 0;
    for (let i = 0; i < size; i++) { mask[i] = matched.mask[i] & allowed[i]; total += mask[i]; }
    let score = matched.score;
    let tiers = [mask];
    if (total && compiled.adjacent !== null) tiers = split(tiers, scorer.mask(compiled.adjacent), size);
    if (total && compiled.exact !== null) tiers = split(tiers, scorer.mask(compiled.exact), size);
    let relaxed = {total: 0, mask: null};
    // searcher.py relaxes(): decided on the query's words, not on the filtered total (a facet fed back).
    let words = 0;
    if (compiled.filters.length && total < C.RELAX_BELOW) for (let i = 0; i < size; i++) words += matched.mask[i];
    if (compiled.parts.length >= C.RELAX_WORDS && total < C.RELAX_BELOW &&
        (!compiled.filters.length || words < C.RELAX_BELOW)) {
      const candidates = new Uint8Array(size);
      for (let i = 0; i < size; i++) candidates[i] = allowed[i] && !mask[i] ? 1 : 0;
      relaxed = relax(scorer, compiled, candidates, C);
      if (relaxed.total) {
        const mixed = new Float64Array(size);
        for (let i = 0; i < size; i++) mixed[i] = mask[i] ? score[i] : relaxed.score[i];
        score = mixed;
        tiers = tiers.concat(relaxed.tiers);
        const n = compiled.parts.length;
        compiled.notes.push(total + " article" + (total !== 1 ? "s" : "") + " contain" + (total === 1 ? "s" : "") +
          " every word; " + relaxed.total + " more with at least " + relaxed.need + " of the " + n + " words follow");
      }
    }
    mark("scored");
    const listed = [];
    for (let i = 0; i < size; i++) if (mask[i] || (relaxed.mask && relaxed.mask[i])) listed.push(i);
    // The page of hits first: their articles' files load while the facets are counted, and each hit's snippets
    // are made as its file arrives (hits()), so that only the last file's are left once it has come.
    const showing = (total || relaxed.total) && limit > 0;
    const page = showing ? top(score, tiers, limit, offset) : [];
    const hitsMade = showing ? hits(page, score, compiled.terms, relaxed.total ? relaxed.words : null, options) : null;
    if (hitsMade) hitsMade.catch(() => {});  // awaited below, which reports a failure
    NS.flushScripts();  // their files on their way before the facets are counted, not after
    const result = Object.assign(base, {total, partial: relaxed.total, facets: facetCounts(listed, facetNames, docs),
      notes: [...new Set(compiled.notes)]});
    if (hitsMade) {
      mark("counted");
      result.hits = await hitsMade;
    }
    if (options.suggest !== false && total < 3 && compiled.words.length <= 4) {
      result.suggestion = await suggest(query, compiled.words, total);
    }
    mark("done");
    result.marks = NS.lastMarks = marks;
    result.tookMs = performance.now() - started;
    return result;
  };

  // "Did you mean" (search/query/suggest.py): a name of an official finds the person; else each word no
  // article has becomes the closest word articles have (one edit before two, then the most frequent), and the
  // corrected query is offered only if it finds more.
  async function suggest(query, words, total) {
    if (!query.includes(":")) {
      const quotes = "[" + NS.syntax.QUOTES + "]+";  // suggest.py: query.strip().strip(QUOTES)
      const bare = NS.text.strip(query).replace(new RegExp("^" + quotes + "|" + quotes + "$", "gu"), "");
      const official = NS.officials.resolve(NS.text.strip(bare));
      if (official !== null) {
        await R.keywords(["official"]);
        if (R.postings("official", official.id).ids.length > total) return 'official:"' + official.name + '"';
      }
    }
    const fixes = [];
    for (const w of words) {
      const tokens = NS.positionedWords(w);
      const [typed, folded] = tokens.length === 1 ? NS.forms(tokens[0][0]) : ["", ""];
      let best = null;
      if (folded && !(await known(folded))) best = await correction(typed, folded);
      if (best !== null && NS.text.isUpper(String.fromCodePoint(w.codePointAt(0)))) best = best[0].toUpperCase() + best.slice(1);
      fixes.push([w, best]);
    }
    if (!fixes.some(([, best]) => best)) return null;
    const corrected = respelled(query, fixes);
    if (corrected === null || corrected.toLowerCase() === query.toLowerCase()) return null;
    const again = await NS.search(corrected, {limit: 0, facets: [], snippets: false, suggest: false});
    return again.total > total ? corrected : null;
  }

  // suggest.py respelled: the query (NFC, invisible characters repaired, as parsed) with each corrected word
  // replaced where it stands as a whole word (its first place not taken yet): its operators, exclusions, quotes
  // and filters stay ("Cambodgx -Laos" -> "Cambodge -Laos"); null when a corrected word is not there as typed.
  function wordlikeAt(text, i) {  // the code point that starts at UTF-16 offset i (or ends there, when i is its low half)
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const high = text.charCodeAt(i - 1);
      if (high >= 0xd800 && high <= 0xdbff) i -= 1;
    }
    return NS.text.WORDLIKE.test(String.fromCodePoint(text.codePointAt(i)));
  }
  function respelled(query, fixes) {
    const text = NS.syntax.repairWords(query.normalize("NFC"));
    const spans = new Map();  // start -> [end, correction]
    for (const [word, best] of fixes) {
      if (best === null) continue;
      let at = text.indexOf(word);
      while (at >= 0 && (spans.has(at) || (at > 0 && wordlikeAt(text, at - 1)) ||
                         (at + word.length < text.length && wordlikeAt(text, at + word.length)))) {
        at = text.indexOf(word, at + 1);
      }
      if (at < 0) return null;
      spans.set(at, [at + word.length, best]);
    }
    let out = "";
    let pos = 0;
    for (const at of [...spans.keys()].sort((a, b) => a - b)) {
      const [end, best] = spans.get(at);
      out += text.slice(pos, at) + best;
      pos = end;
    }
    return out + text.slice(pos);
  }

  async function known(folded) {
    await R.group(folded);
    if (R.docFrequency("body", folded)) return true;
    for (const key of R.exactKeys(folded)) {
      const spelled = key.slice(key.indexOf(" ") + 1);
      if (R.docFrequency("body", spelled)) return true;
    }
    return false;
  }

  // suggest.py correction: nearest first; at each distance the spelling typed (its diacritics are meant), then
  // the folded word.
  async function correction(typed, folded) {
    const long = Array.from(folded).length > 4;
    for (const distance of long ? [1, 2] : [1]) {
      for (const text of typed === folded ? [typed] : [typed, folded]) {
        const found = [];
        for (const c of await NS.termsWithin("body", text, distance)) {
          if (c === text) continue;
          await R.group(NS.fold(c));
          const df = R.docFrequency("body", c);
          if (df >= 1) found.push([df, c]);
        }
        if (found.length) {
          found.sort((a, b) => b[0] - a[0] || NS.text.compare(b[1], a[1]));
          return found[0][1];
        }
      }
    }
    return null;
  }

  // The page's hits in rank order, each made (snippets) when its article's file has come, not once all have.
  function hits(page, score, terms, words, options) {
    const stemWords = new Map();
    for (const key of terms.stems) {
      const entry = R.stems.get(key);
      if (!entry) continue;
      const lang = key.slice(0, key.indexOf(":"));
      if (!stemWords.has(lang)) stemWords.set(lang, new Set());
      for (const w of entry.w) stemWords.get(lang).add(w);
    }
    return Promise.all(page.map((n) => NS.load("art/" + n).then((a) => {
      let snippets = [];
      if (options.snippets !== false) {
        const found = NS.makeSnippets(a, terms, stemWords);
        snippets = found.length ? found : [NS.leadingText(a)];
      }
      return {n, id: a.id, href: a.href, title: a.title, date: a.date, dateInferred: a.di, lang: a.lang,
        score: score[n], snippets, officials: a.off, words: words ? words[n] : null,
        url: a.url === undefined ? null : a.url, source: a.src || null, author: a.au === undefined ? null : a.au,
        section: a.sec === undefined ? null : a.sec, dateFuture: Boolean(a.df)};
    })));
  }
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
