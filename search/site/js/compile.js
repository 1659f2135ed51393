/* The query's syntax tree -> a query plan, each word analysed with the analyzers of the languages searched:
 * search/query/compile.py, rule for rule (read its docstring for the why). Plan nodes are the ones of
 * search/query/plan.py as objects: {t: "term", field, text, boost}, {t: "spellings", field, terms, loose,
 * spelled, boost}, {t: "phrase", field, words, slop}, {t: "prefix", field, prefix, terms}, {t: "or"|"and"|
 * "dismax", parts}, {t: "andmaybe", required, optional}, {t: "andnot", positive, negative}, {t: "not", node},
 * {t: "constant", node, score}, {t: "boost", node, factor}, {t: "values", field, values},
 * {t: "daterange", lo, hi}, {t: "every"}.
 *
 * Compiling is asynchronous only because it may load data (a word's group, a stem, the lexicon); the rules
 * are the engine's.
 */
(function (NS) {
  "use strict";
  const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2a6df}]/u;  // han.py has_han
  const R = NS.reader;
  const P = NS.plan = {};
  P.anyOf = (parts) => (parts.length === 1 ? parts[0] : {t: "or", parts});
  P.allOf = (parts) => (parts.length === 1 ? parts[0] : {t: "and", parts});
  P.spellings = (field, terms, loose, spelled, boost) =>
    ({t: "spellings", field, terms, loose: loose || [], spelled: spelled || [], boost: boost === undefined ? 1 : boost});
  P.phraseOf = (field, words, slop) => ({t: "phrase", field, words: words.map((w) => P.spellings(field, [w])), slop: slop || 1});
  P.phrases = function phrases(n) {
    if (n.t === "phrase") return [n];
    if (n.t === "or" || n.t === "and" || n.t === "dismax") return n.parts.flatMap(phrases);
    if (n.t === "andmaybe") return phrases(n.required).concat(phrases(n.optional));
    if (n.t === "andnot") return phrases(n.positive).concat(phrases(n.negative));
    if (n.t === "not" || n.t === "constant" || n.t === "boost") return phrases(n.node);
    return [];
  };

  // The [field, term] pairs whose postings a plan reads (the scorer's R.postings calls).
  P.terms = function terms(n) {
    switch (n.t) {
      case "term": return [[n.field, n.text]];
      case "spellings": return [...n.terms, ...n.loose, ...n.spelled.map((k) => k.slice(0, k.indexOf(" ")))]
        .map((t) => [n.field, t]).concat(n.spelled.map((k) => ["exact", k]));  // score.js parts()
      case "phrase": return n.words.flatMap(terms);
      // score.js: a prefix typed with diacritics also reads, for each spelling's key, the folded word and the key
      case "prefix": return [...n.terms, ...n.spelled].map((t) => [n.field, t])
        .concat(n.keys.flatMap((k) => [[n.field, k.slice(0, k.indexOf(" "))], ["exact", k]]));
      case "or": case "and": case "dismax": return n.parts.flatMap(terms);
      case "andmaybe": return terms(n.required).concat(terms(n.optional));
      case "andnot": return terms(n.positive).concat(terms(n.negative));
      case "not": case "constant": case "boost": return terms(n.node);
      default: return [];
    }
  };

  class QueryError extends Error {
    constructor(message, hint) { super(message); this.hint = hint || ""; }
  }
  NS.QueryError = QueryError;

  // What a highlighter looks for (search/query/snippets.py QueryTerms).
  class QueryTerms {
    constructor() { this.folded = new Set(); this.spellings = new Set(); this.stems = new Set(); this.prefixes = []; this.spelledPrefixes = []; this.sequences = [];
      this.strict = new Set(); this.loose = new Set(); this.runSpellings = new Map();
      this.names = new Set(); this.hiding = []; this.acronyms = new Set(); this.words = new Set(); this.numbers = new Map();
      this.local = new Map(); }  // snippets.py QueryTerms.local: a sequence (joined with \u0001) -> its languages
    add(token, accented, cap) {  // snippets.py QueryTerms.add
      this.words.add(token.folded);
      this.acronyms.delete(token.folded);
      this.addForms(token, accented, cap);
    }
    typedWords() { return new Set(this.words); }
    addAcronym(token, accented, typed) {  // snippets.py QueryTerms.add_acronym: US marked where written in capitals
      if (typed !== undefined && !typed.has(token.folded)) this.words.delete(token.folded);
      if (!this.words.has(token.folded)) this.acronyms.add(token.folded);
      this.addForms(token, accented, false);
    }
    addForms(token, accented, cap) {
      const digits = NS.digitSpellings(token.folded);  // a number, in every script's digits
      for (const f of digits.length ? digits : [token.folded]) { this.folded.add(f); this.numbers.delete(f); }
      if (accented) this.spellings.add(token.text);
      if (accented && NS.marked(token.text, token.folded) && !cap) {
        if (!this.loose.has(token.folded)) this.strict.add(token.folded);
      } else {
        this.loose.add(token.folded);
        this.strict.delete(token.folded);
      }
    }
    any() { return this.folded.size > 0 || this.stems.size > 0 || this.prefixes.length > 0 || this.sequences.length > 0; }
    inLang(lang) {  // snippets.py QueryTerms.in_lang: without the sequences local to other languages
      if (![...this.local.values()].some((langs) => !langs.includes(lang))) return this;
      const sequences = this.sequences.filter((q) => (this.local.get(q.join("\u0001")) || [lang]).includes(lang));
      return Object.assign(Object.create(Object.getPrototypeOf(this)), this, {sequences, local: new Map()});
    }
  }
  NS.QueryTerms = QueryTerms;

  const DATE_PART = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;
  const codes = (value) => value.split(",").map((c) => NS.text.strip(c).toLowerCase()).filter((c) => c);

  function checkDate(value, what, example) {
    if (!DATE_PART.test(value)) throw new QueryError("bad " + what + " " + NS.syntax.repr(value), "Write " + example + " (YYYY, YYYY-MM or YYYY-MM-DD).");
    const [y, m, d] = value.split("-").map((x) => parseInt(x, 10));
    const mm = m || 1, dd = d || 1;
    const date = new Date(Date.UTC(y, mm - 1, dd));
    if (y < 1 || mm < 1 || mm > 12 || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) {
      throw new QueryError("impossible " + what + " " + NS.syntax.repr(value), "Write " + example + ".");
    }
  }

  P.dateRange = function (value) {
    value = NS.text.strip(value);
    if (value.includes("..")) {
      const at = value.indexOf("..");
      const lo = value.slice(0, at), hi = value.slice(at + 2);
      if (!(lo || hi)) {
        throw new QueryError("bad date range " + NS.syntax.repr(value), "Write date:2024-11..2024-12 (YYYY, YYYY-MM or " +
          "YYYY-MM-DD on each side; one side may be empty).");
      }
      for (const side of [lo, hi]) if (side) checkDate(side, "date", "date:2024-11..2024-12");
      if (lo && hi && lo > hi + "~") {
        throw new QueryError("date range " + NS.syntax.repr(value) + " ends before it starts", "Write the earlier date first: date:" + hi + ".." + lo + ".");
      }
      return {t: "daterange", lo: rangeStart(lo), hi: rangeEnd(hi)};
    }
    checkDate(value, "date", "date:2024, date:2024-12 or date:2024-12-06");
    return {t: "daterange", lo: rangeStart(value), hi: rangeEnd(value)};
  };

  // A range's first and last days written as short as they go (compile.py: range_start, range_end).
  function rangeStart(lo) {
    if (lo.length === 10 && lo.endsWith("-01")) lo = lo.slice(0, 7);
    if (lo.length === 7 && lo.endsWith("-01")) lo = lo.slice(0, 4);
    return lo;
  }

  function rangeEnd(hi) {
    if (hi.length === 10) {
      const [y, m, d] = hi.split("-").map((x) => parseInt(x, 10));
      if (new Date(Date.UTC(y, m, 0)).getUTCDate() === d) hi = hi.slice(0, 7);
    }
    if (hi.length === 7 && hi.endsWith("-12")) hi = hi.slice(0, 4);
    return hi;
  }

  // compile.py facet_values: the values of a facet as the index holds them that typed values name, whatever
  // their case or accents left out: one typed as the index holds it is that value alone, or with ``rows`` (the
  // source facet, whose values differing only in case are one row) every value so spelled in any case ("Tass":
  // "Tass" and "TASS"); one typed in another case every value so spelled; a value that names none stays as
  // typed (it finds nothing, with a note)
  function facetValues(typed, known, rows) {
    const byCase = new Map(), byLetters = new Map();
    const add = (map, key, v) => { if (!map.has(key)) map.set(key, []); map.get(key).push(v); };
    for (const v of known) {
      add(byCase, v.normalize("NFC").toLowerCase(), v);
      add(byLetters, NS.fold(v), v);
    }
    const out = [];
    for (const t of typed) {
      const v = t.normalize("NFC");
      // typed without accents, the values so spelled with theirs ("dan tri": "Dân trí"), as official: reads a name
      const byCaseOf = byCase.get(v.toLowerCase()) || [];
      const bare = NS.fold(v) === v.toLowerCase() ? (byLetters.get(v.toLowerCase()) || []) : [];
      let same = [...new Set([...byCaseOf, ...bare])];  // "dan tri": "Dan tri" and "Dân trí" alike
      if (!same.length) same = [v];
      for (const x of byCaseOf.includes(v) ? (rows ? byCaseOf : [v]) : same) if (!out.includes(x)) out.push(x);
    }
    return out;
  }

  function checkValue(name, value) {
    const C = R.meta;
    // compile.py _check_value: a code the index holds (und: no language detected) is one of its languages
    const code = value.toLowerCase();
    if (name === "lang" && !(code in C.tables.languages) && code !== "und" && !C.languages.includes(code)) {
      throw new QueryError("unknown language code " + NS.syntax.repr(value),
        "Languages in this index: " + (C.languages.join(", ") || "none") + "; every code the " +
        "engine knows: search analyze --help. Several: lang:vi,km");
    }
    if (name === "year" && !/^\d{4}$/.test(value)) throw new QueryError("bad year " + NS.syntax.repr(value), "Write year:2024.");
    if (name === "month") {  // the form first (compile.py)
      if (!/^\d{4}-\d{2}$/.test(value)) throw new QueryError("bad month " + NS.syntax.repr(value), "Write month:2024-11.");
      checkDate(value, "month", "month:2024-11");
    }
  }

  // compile.py joined_run: runs of a script without spaces with nothing but (zero-width) spaces between them,
  // as one run (ជន\u200bរង\u200bគ្រោះ pasted from an article, "ជន រង គ្រោះ" quoted); null for any other text
  const GAPS = new RegExp("[" + NS.text.PY_SPACE + "\\u200b]+", "u");
  NS.joinedRun = function (text) {
    const parts = text.split(GAPS).filter((part) => part.length > 0);
    return parts.length && parts.every(NS.isSegmented) ? parts.join("") : null;
  };

  // compile.py _glued_pair: nodes i and i + 1 are two plain words, a number and a word of letters, an article
  // may write glued; a number goes with the word after it first (dài 20 km: 20km, not dài20).
  const plainWord = (n) => n !== undefined && n.t === "word" && !n.prefix && !n.fuzzy && !NS.isSegmented(n.text);
  const gluedPair = (nodes, i) => {
    const a = nodes[i], b = nodes[i + 1], after = nodes[i + 2];
    if (!plainWord(a) || !plainWord(b) || !NS.glued(a.text, b.text)) return false;
    return NS.isNumber(a.text) || !plainWord(after) || !NS.glued(b.text, after.text);
  };

  // compile.py _time_words: nodes i to i + 2 are three plain words that are a time of day (10 giờ 30).
  const timeWords = (nodes, i) => {
    const words = nodes.slice(i, i + 3).filter((n) => n.t === "word" && !n.prefix && !n.fuzzy).map((n) => n.text);
    return words.length === 3 ? NS.timeOf(words, [" ", " "]) : null;
  };

  // A plan or a node as text, its objects' keys in order: equal nodes, the same text (however they were built)
  function canonical(value) {
    return JSON.stringify(value, (k, v) => (v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((name) => [name, v[name]])) : v));
  }

  // compile.py _covers: the tokens stand one against the next and cover the whole of text (offsets, not text)
  function covers(text, tokens) {
    if (!tokens.length || tokens[0].start !== 0 || tokens[tokens.length - 1].end !== text.length) return false;
    return tokens.every((t, i) => i === 0 || tokens[i - 1].end === t.start);
  }

  // compile.py _spaceless: the tokens are the whole of the text, in a script without spaces and its digits
  function isSpaceless(text, tokens) {
    return covers(text, tokens) && tokens.some((t) => NS.isSegmented(t.text))
      && tokens.every((t) => NS.isSegmented(t.text) || NS.digitSpellings(t.folded).length > 0);
  }

  // compile.py best_first: the first limit choices of one option from each list of sizes options, by the sum of
  // their ranks, then in itertools.product's order
  function bestFirst(sizes, limit) {
    const out = [];
    const summing = (k, left, acc) => {
      if (out.length >= limit) return;
      if (k === sizes.length) { if (left === 0) out.push(acc); return; }
      for (let i = 0; i <= Math.min(left, sizes[k] - 1); i++) summing(k + 1, left - i, acc.concat([i]));
    };
    const most = sizes.reduce((a, b) => a + b, 0) - sizes.length;
    for (let total = 0; total <= most && out.length < limit; total++) summing(0, total, []);
    return out;
  }

  // compile.py phrase_gaps: the empty positions before each word of ``way`` (punctuation between two words of a
  // script without spaces), or null for none.
  function phraseGaps(typed, way) {
    const gaps = [0];
    for (let i = 1; i < way.length; i++) {
      let last = 0, first = null;
      for (const t of typed) {
        if (t.start < way[i - 1].end) last = Math.max(last, t.pos);
        if (t.end > way[i].start) first = first === null ? t.pos : Math.min(first, t.pos);
      }
      if (first === null) first = last + 1;
      gaps.push(Math.max(0, first - last - 1));
    }
    return gaps.some((g) => g > 0) ? gaps : null;
  }

  // compile.py _hyphens_only: every gap of ``way`` made by hyphens only
  function hyphensOnly(text, way, gaps) {
    for (let i = 1; i < way.length; i++) {
      if (gaps[i] && !/^[-\u2010\u2011 ]*$/.test(text.slice(way[i - 1].end, way[i].start))) return false;
    }
    return true;
  }

  function capital(typed, tok) { return NS.text.isUpper(String.fromCodePoint(typed.codePointAt(tok.start) || 32)); }

  // compile.py split_number_keys: the exact keys of the numbers a way splits into their groups of three (12100 ->
  // 12 100: the pieces of one word typed, at its one position); none for the words as typed
  function splitNumberKeys(way) {
    const out = [];
    for (let i = 0, j; i < way.length; i = j) {
      for (j = i + 1; j < way.length && way[j].pos === way[i].pos && NS.isNumber(way[j].text);) j++;
      const pieces = way.slice(i, j).map((t) => t.text);
      const groups = NS.numberGroups(pieces.join(""));
      if (j - i > 1 && NS.isNumber(pieces[0]) && groups.length === pieces.length && groups.every((g, k) => g === pieces[k])) {
        const key = NS.text.tables.numbers.mark + NS.asciiDigits(pieces.join(""));
        out.push(key + " " + key);
      }
    }
    return out;
  }

  class Compiler {
    constructor(languages) {
      const C = R.meta.constants;
      this.C = C;
      this.languages = languages;  // analyzer languages, in order
      this.out = {query: null, terms: new QueryTerms(), notes: [], words: [], adjacent: null, exact: null,
        filters: [], filterLabels: [], parts: [], excluded: null};
      // compile.py: what an exclusion names is never highlighted (back to the query's under a second NOT).
      this.highlighted = this.out.terms;
      this.aside = new QueryTerms();
      this.accented = false;
      this.shouted = false;  // compile.py: typed in capitals throughout, no word of it is an acronym
      this.lowerCuts = true;  // compile.py lower_cuts: a word typed joined in lower case is cut into syllables
    }

    // The first analyzer's tokens (Token: text, folded, lower, start, end, pos); language-free but stems.
    tokens(text) {
      return NS.positionedWords(text).map(([word, start, end, pos]) => {
        const [exact, folded, lower] = NS.forms(word);
        return {text: exact, folded, lower, start, end, pos};
      });
    }

    async compile(parsed) {
      this.out.notes.push(...parsed.notes);
      const node = parsed.node;
      const nodes = node === null ? [] : node.t === "and" ? node.nodes.slice() : [node];
      const rest = [];
      for (const child of nodes) {
        if (child.t === "field" && child.name !== "title") {
          const f = await this.field(child);
          if (f !== null) {
            this.out.filters.push(f);
            const unresolved = child.name === "official" && officialsNamed(child.value) === null;
            this.out.filterLabels.push(unresolved ? "" : child.quoted ? child.name + ':"' + child.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"' : child.name + ":" + child.value);
          }
        } else if (NS.syntax.isFilter(child)) {
          // compile.py: a group of filters only is a document set too, not a scored clause nor a word.
          const f = await this.node(child);
          if (f !== null) {
            this.out.filters.push(f);
            this.out.filterLabels.push("");
          }
        } else {
          rest.push(child);
        }
      }
      if (!rest.length) return this.out;
      this.out.adjacent = this.adjacency(rest, ["body"]);
      this.out.exact = await this.exactness(rest);
      const expanded = this.spacedRuns(this.officials(rest));
      if (expanded.length === 1) this.out.query = await this.node(expanded[0]);
      else this.out.query = await this.conjunction(expanded, ["body"], false);
      if (expanded.length > 1 && expanded.every((n) => n.t === "word" || n.t === "not" || n.t === "or")) {
        const words = this.out.words.length, notes = this.out.notes.length;
        const excluded = [];
        const parts = await this.distinctWords(expanded);
        for (const n of expanded) {
          if (n.t === "not") { const q = await this.negated(n.node); if (q !== null) excluded.push(q); }
        }
        // Python compiles the parts, then the exclusions: the same plans either way.
        this.out.parts = parts;
        this.out.excluded = excluded.length ? P.anyOf(excluded) : null;
        this.out.words.length = words;
        this.out.notes.length = notes;
      }
      return this.out;
    }

    // compile.py distinct_words: a word typed twice (or as Có/có, NFC/NFD, hoà/hòa) is one of the words of
    // "most of the words"; its plans that differ, one word matched by either (dismax).
    async distinctWords(nodes) {
      const groups = [];  // each word's plans, and their text
      const found = new Map();  // "k" + a word's key, "p" + each of its plans: its group
      for (const n of nodes) {
        if (n.t === "not") continue;
        const q = await this.node(n);
        if (q === null) continue;
        const key = "k" + canonical(this.wordKey(n)), plan = "p" + canonical(q);
        let g = found.has(key) ? found.get(key) : found.get(plan);
        if (g === undefined) { g = groups.length; groups.push({plans: [], texts: []}); }
        if (!groups[g].texts.includes(plan)) { groups[g].plans.push(q); groups[g].texts.push(plan); }
        if (!found.has(key)) found.set(key, g);
        if (!found.has(plan)) found.set(plan, g);
      }
      return groups.map((g) => (g.plans.length === 1 ? g.plans[0] : {t: "dismax", parts: g.plans}));
    }

    // compile.py word_key: a node as its analysed terms
    wordKey(n) {
      if (n.t === "word") return ["word", Boolean(n.prefix), n.fuzzy || 0, this.tokens(n.text).map((t) => t.text)];
      if (n.t === "phrase") return ["phrase", this.tokens(n.text).map((t) => t.text)];
      if (n.t === "and" || n.t === "or") return [n.t, n.nodes.map((c) => this.wordKey(c))];
      if (n.t === "not") return ["not", this.wordKey(n.node)];
      return n;
    }

    officials(nodes) {
      const out = [];
      let i = 0;
      while (i < nodes.length) {
        let found = null;
        // compile.py name_words: as many words as the longest name after two honorifics (Registry.name_words)
        const longest = NS.officials.data.nameWords || this.C.MAX_NAME_WORDS;
        for (let j = Math.min(nodes.length, i + longest); j > i; j--) {
          const span = nodes.slice(i, j);
          if (span.every((w) => w.t === "word" && !w.prefix && !w.fuzzy)) {
            const text = span.map((w) => w.text).join(" ");
            const official = NS.officials.resolve(text);
            if (official !== null) { found = [j, official, text]; break; }
          }
        }
        if (found === null) { out.push(this.namesInside(nodes[i])); i += 1; continue; }
        const [j, official, text] = found;
        const words = nodes.slice(i, j);
        out.push({t: "or", nodes: [words.length === 1 ? words[0] : {t: "and", nodes: words},
          {t: "field", name: "official", value: official.id, quoted: false}]});
        this.out.notes.push(NS.syntax.repr(text) + " names " + official.name + " (" + official.id + "): the articles tagged " +
          "with this official, in any spelling or script, are included; to search the words only, put them in " +
          'quotes: "' + text + '"');
        i = j;
      }
      return out;
    }

    // compile.py spaced_runs: words of a script without spaces typed with spaces between them, also as one word;
    // so are a number and a word of letters typed apart (_glued_pair: 20 km is also 20km).
    spacedRuns(nodes) {
      const out = [];
      let i = 0;
      while (i < nodes.length) {
        let j = i;
        while (j < nodes.length && nodes[j].t === "word" && !nodes[j].prefix && !nodes[j].fuzzy && NS.joinedRun(nodes[j].text) !== null) j++;
        const clock = j - i < 2 ? timeWords(nodes, i) : null;
        if (clock !== null) {  // 10 giờ 30: also 10h30, as 10h30 is also 10 giờ 30 (lang/pieces.py time_of)
          const word = {t: "word", text: clock[0] + "h" + String(clock[1]).padStart(2, "0"), prefix: false, fuzzy: 0};
          out.push({t: "or", nodes: [{t: "and", nodes: nodes.slice(i, i + 3)}, word]});
          i += 3;
          continue;
        }
        if (j - i < 2 && i + 1 < nodes.length && gluedPair(nodes, i)) j = i + 2;  // 20 km: also 20km
        if (j - i < 2) { out.push(nodes[i]); i += 1; continue; }
        const words = nodes.slice(i, j);
        out.push({t: "or", nodes: [{t: "and", nodes: words}, {t: "word", text: words.map((w) => w.text).join(""), prefix: false, fuzzy: 0}]});
        i = j;
      }
      return out;
    }

    // compile.py _names_inside: names inside a group, an OR or an exclusion, found as at the top.
    namesInside(n) {
      if (n.t === "and") {
        const inner = this.spacedRuns(this.officials(n.nodes));
        return inner.length === 1 ? inner[0] : {t: "and", nodes: inner};
      }
      if (n.t === "or") return {t: "or", nodes: n.nodes.map((c) => this.officials([c])[0])};
      if (n.t === "not") return {t: "not", node: this.officials([n.node])[0]};
      return n;
    }

    async exactness(nodes) {
      const spelled = {t: "values", field: "spelled", values: ["exact"]};
      const terms = [];
      for (const c of nodes) {
        if (c.t !== "word" || c.prefix || c.fuzzy) continue;
        const cut = this.cuts(c.text).length > 0;  // typed joined (Vietnam): written so before its syllables apart
        for (const t of this.tokens(c.text)) {
          if (t.text !== t.folded) terms.push({t: "or", parts: [spelled, {t: "term", field: "exact", text: t.folded + " " + t.text, boost: 1}]});
          else if (cut) {  // compile.py exactness: the word as word() matches it, its stems too (not English lines below line)
            const stems = (await this.stemKeys(c.text.slice(t.start, t.end))).map(([key]) => ({t: "term", field: "stem", text: key, boost: 1}));
            terms.push(P.anyOf([{t: "term", field: "body", text: t.folded, boost: 1}, {t: "term", field: "title", text: t.folded, boost: 1}, ...stems]));
          }
        }
      }
      return terms.length ? P.allOf(terms) : null;
    }

    adjacency(nodes, fields) {
      const plain = nodes.filter((c) => c.t === "word" && !c.prefix && !c.fuzzy).map((c) => c.text);
      if (plain.length < 2) return null;
      const tokens = [];
      for (const w of plain) for (const t of this.tokens(w)) tokens.push([t, capital(w, t)]);
      return P.anyOf(fields.map((f) => ({t: "phrase", field: f, words: tokens.map(([t, cap]) => this.spellings(t, f, cap)), slop: 1})));
    }

    variants(folded) {
      return R.exactKeys(folded).slice(0, this.C.MAX_SPELLINGS).map((k) => k.slice(k.indexOf(" ") + 1));
    }

    spellings(tok, field, cap, boost) {
      boost = boost === undefined ? 1 : boost;
      const digits = NS.digitSpellings(tok.folded);
      if (digits.length) return P.spellings(field, digits, [], [], boost);  // compile.py: 2024 is also ២០២៤
      if (this.accented) {
        if (!NS.marked(tok.text, tok.folded)) return P.spellings(field, [tok.folded], [], [], boost);
        if (cap) return P.spellings(field, [tok.text], [tok.folded], [], boost);
        return P.spellings(field, [tok.text], [], [tok.folded + " " + tok.text], boost);
      }
      return P.spellings(field, [tok.folded, ...this.variants(tok.folded)], [], [], boost);
    }

    async node(n, fields) {
      fields = fields || ["body"];
      if (n.t === "word") {
        const found = await this.word(n, fields);
        return n.prefix || n.fuzzy ? found : this.timed(n.text, fields, found);
      }
      if (n.t === "phrase") return this.timed(n.text, fields, await this.phrase(n.text, fields));
      if (n.t === "field") return this.field(n);
      if (n.t === "not") {
        const inner = await this.negated(n.node, fields);
        return inner !== null ? {t: "not", node: inner} : null;
      }
      if (n.t === "or") {
        const parts = [];
        for (const c of n.nodes) { const q = await this.node(c, fields); if (q !== null) parts.push(q); }
        return parts.length ? P.anyOf(parts) : null;
      }
      return this.conjunction(n.nodes, fields, true);
    }

    // compile.py negated: the plan of what a NOT excludes, its words kept out of the highlighted terms.
    async negated(n, fields) {
      const kept = this.out.terms;
      this.out.terms = kept === this.highlighted ? this.aside : this.highlighted;
      try {
        return await this.node(n, fields);
      } finally {
        this.out.terms = kept;
      }
    }

    async conjunction(nodes, fields, bonus) {
      const positive = [], negative = [];
      const joins = await this.joins(nodes, fields);
      // compile.py conjunction: a word typed again is one word, found by the joins of either place
      const keys = nodes.map((c) => (c.t === "not" || !joins.some((j) => j.length) ? null : canonical(this.wordKey(c))));
      for (const key of new Set(keys.filter((x, i) => x !== null && keys.indexOf(x) !== i))) {
        const merged = [];
        const seen = new Set();
        keys.forEach((other, k) => {
          if (other === key) for (const j of joins[k]) if (!seen.has(canonical(j))) { seen.add(canonical(j)); merged.push(j); }
        });
        keys.forEach((other, k) => { if (other === key) joins[k] = merged; });
      }
      for (const [k, c] of nodes.entries()) {
        let q = c.t === "not" ? await this.negated(c.node, fields) : await this.node(c, fields);
        if (q !== null && joins[k].length) q = {t: "or", parts: [q, {t: "constant", node: P.anyOf(joins[k]), score: 0}]};
        if (q !== null) (c.t === "not" ? negative : positive).push(q);
      }
      if (!positive.length) return null;
      let result = P.allOf(positive);
      const adjacent = bonus ? this.adjacency(nodes, fields) : null;
      if (adjacent !== null) result = {t: "andmaybe", required: result, optional: {t: "boost", node: adjacent, factor: this.C.ADJACENCY_BONUS}};
      if (negative.length) result = {t: "andnot", positive: result, negative: P.anyOf(negative)};
      return result;
    }

    // compile.py joins: two or three plain words in a row, each a Vietnamese syllable without its diacritics, are
    // also the one word they make, folded (Việt Nam: vietnam), found but not scored.
    async joins(nodes, fields) {
      const folded = nodes.length > this.C.MAX_JOIN_WORDS ? [] : nodes.map((n) => {
        if (n.t !== "word" || n.prefix || n.fuzzy || (NS.typedAcronym(n.text) !== null && !this.shouted)) return null;
        const tokens = this.tokens(n.text);
        return tokens.length === 1 && covers(n.text, tokens) && NS.joinable(tokens[0].folded) ? tokens[0].folded : null;
      });
      const out = nodes.map(() => []);
      const windows = [];
      for (let size = 2; size <= this.C.MAX_JOINED; size++) {
        for (let i = 0; i + size <= folded.length; i++) {
          // compile.py joins: not a join that is a syllable itself (gì ảo: giao), nor a word joined with itself (tố tố)
          const words = folded.slice(i, i + size);
          if (words.every((w) => w !== null) && new Set(words).size === size && !NS.isFoldedSyllable(words.join(""))) {
            windows.push([i, size, this.tokens(words.join(""))[0]]);
          }
        }
      }
      await R.groupsOf(windows.map(([, , tok]) => tok.folded));
      for (const [i, size, tok] of windows) {
        this.out.terms.add(tok, this.accented, false);
        const joined = P.anyOf(fields.map((f) => this.spellings(tok, f, false)));
        for (let k = i; k < i + size; k++) out[k].push(joined);
      }
      return out;
    }

    // compile.py cuts: a plain word's syllables, typed joined without diacritics (Vietnam: viet nam)
    cuts(text) {
      const tokens = this.tokens(text);
      const ok = tokens.length === 1 && tokens[0].text === tokens[0].folded && covers(text, tokens);
      return ok && (this.lowerCuts || capital(text, tokens[0])) ? NS.syllableCuts(tokens[0].folded) : [];
    }

    // compile.py syllables: a word typed joined (Vietnam) as its syllables side by side (Việt Nam), each written with a
    // capital (a name's key: Honda is not hơn đã); typed in lower case, a word no article writes joined (kinhte) also
    // as its syllables in any case, in the articles of SYLLABLE_LANGS only (into is not English in to)
    async syllables(text, fields, cap) {
      const cuts = this.cuts(text);
      if (!cuts.length) return null;
      const joined = cuts[0].join(""), key = NS.nameKey(joined), body = fields.length === 1 && fields[0] === "body";
      await R.group(key.slice(0, key.indexOf(" ")));
      const apart = !cap && !(R.docFrequency("body", joined) || this.variants(joined).length);
      if (apart) this.out.notes.push(NS.syntax.repr(text) + " is one word in no article: also searched as " +
        cuts.map((cut) => NS.syntax.repr(cut.join(" "))).join(" or ") + " (its syllables side by side, in " +
        this.C.SYLLABLE_LANGS.map((c) => "lang:" + c).join(" ") + " articles)");
      for (const cut of cuts) {
        if (!this.out.terms.sequences.some((q) => q.length === cut.length && q.every((x, i) => x === cut[i]))) {
          this.out.terms.sequences.push(cut);
          if (apart) this.out.terms.local.set(cut.join("\u0001"), [...this.C.SYLLABLE_LANGS]);  // marked where matched
        } else if (!apart) this.out.terms.local.delete(cut.join("\u0001"));  // typed as a name too: everywhere
      }
      // vietnamese.py initial_key: the run where it begins a sentence, when an article writes it so mid-sentence too
      const initialKey = NS.initialKey(joined);
      let name = {t: "term", field: "exact", text: key, boost: 1};
      if (R.docFrequency("exact", key)) {
        await R.group(initialKey.slice(0, initialKey.indexOf(" ")));
        name = P.spellings("exact", [key, initialKey]);  // one word of two keys (compile.py)
      }
      if (body && !apart) return name;
      await R.groupsOf(cuts.flat());
      const found = P.anyOf(cuts.flatMap((cut) => fields.map((f) =>
        ({t: "phrase", field: f, words: cut.map((piece) => this.spellings(this.tokens(piece)[0], f, cap)), slop: 1}))));
      const named = body ? name : {t: "and", parts: [name, found]};
      return apart ? P.anyOf([named, {t: "and", parts: [found, {t: "values", field: "lang", values: [...this.C.SYLLABLE_LANGS]}]}]) : named;
    }

    async stemKeys(typed) {
      // compile.py stem_keys: what a.forms(typed)[2] gives for each analyzer language, as ["lang:stem", weight]
      // pairs, then, for a query typed without any diacritic, the other stems of the spellings the index has.
      const lower = NS.compat(typed).toLowerCase();  // NS.forms: ＡＳＥＡＮ, ﬁnance
      // Only languages the index has stems of: another language's stem keys match nothing (lang:de on an
      // index without German), as in the engine, and need no stemmer here.
      const stemmed = this.languages.filter((code) => code in R.meta.stemmers);
      if (!stemmed.length) return [];
      const folded = NS.forms(typed)[1];
      const group = await R.group(folded);
      const known = knownStems(group, lower);
      const keys = new Map();
      if (known !== null) {
        for (const code of stemmed) for (const k of known) if (k.startsWith(code + ":")) keys.set(k, this.C.STEM_WEIGHT);
      } else {
        await NS.stemmerReady();  // a word the collection does not have: its stems, from Snowball itself
        for (const code of stemmed) keys.set(code + ":" + NS.stem(code, lower), this.C.STEM_WEIGHT);
      }
      if (!this.accented) {
        for (const k of variantStems(group, folded, stemmed, this)) if (!keys.has(k)) keys.set(k, this.C.VARIANT_STEM_WEIGHT);
      }
      await Promise.all(Array.from(keys.keys(), R.stem));
      return Array.from(keys);
    }

    // cuttable: compile.py word (not a quoted word: "Bacon" is not ba con)
    async word(w, fields, cuttable = true) {
      const joined = (w.prefix || w.fuzzy) ? NS.joinedRun(w.text) : null;  // compile.py word: zero-width spaces unseen
      if (joined !== null && joined !== w.text) {
        const whole = await this.word({t: "word", text: joined, prefix: w.prefix, fuzzy: w.fuzzy}, fields);
        const toks = this.tokens(w.text);
        if (w.fuzzy || toks.length < 2 || Array.from(toks[toks.length - 1].folded).length < 2) return whole;
        // compile.py word: or where they were typed, the parts side by side, the last one beginning a word
        // (សកម្មជន\u200bនយោ*: the run alone is cut សកម្ម|ជ|នន|យោ)
        const pieces = [];
        for (const t of toks.slice(0, -1)) {
          pieces.push(await this.word({t: "word", text: w.text.slice(t.start, t.end), prefix: false, fuzzy: 0}, fields));
        }
        const tok = toks[toks.length - 1];
        const last = await this.prefix(tok.folded, fields, this.accented && NS.marked(tok.text, tok.folded) ? tok.text : "");
        const parts = P.allOf([...pieces.filter((q) => q !== null), last,
          {t: "constant", node: await this.prefixPhrases(w.text, toks, fields), score: 0}]);
        return whole !== null ? P.anyOf([whole, parts]) : parts;
      }
      const tokens = this.tokens(w.text);
      if (!tokens.length) { this.out.notes.push(NS.syntax.repr(w.text) + " has nothing searchable: ignored"); return null; }
      const whole = !(w.prefix || w.fuzzy) && fields.length === 1 && fields[0] === "body";
      const key = whole ? NS.typedNumber(NS.unpunctuated(w.text)) : null;  // numbers-7: 10%, is 10%
      if (key !== null) return this.number(w.text, key);  // 3,5, 10%: compile.py number
      const letters = !(w.prefix || w.fuzzy || this.shouted) ? NS.typedAcronym(w.text) : null;
      if (letters !== null) {  // US, U.S.: compile.py acronym; title:US, compile.py acronym_phrase
        return fields.length === 1 && fields[0] === "body" ? this.acronym(w.text, letters, fields) : this.acronymPhrase(w.text, fields);
      }
      // compile.py word: with punctuation inside (a gap in the positions), a phrase
      const gapless = tokens[tokens.length - 1].pos - tokens[0].pos === tokens.length - 1;
      if (NS.isSegmented(w.text) && !w.prefix && !w.fuzzy && gapless) return this.segmented(w.text, fields);
      // a hyphenated word: its parts must stand together; runs with zero-width spaces: see phrase
      if ((tokens.length > 1 || NS.joinedRun(w.text) !== null) && !w.prefix && !w.fuzzy) return this.phrase(w.text, fields);
      this.out.words.push(w.text);
      const tok = w.prefix ? tokens[tokens.length - 1] : tokens[0];
      if (w.prefix) {  // compile.py word: covid-19*, the pieces before the last one are words of the query too
        // a run of a script without spaces (ស្ថិរភាព*): also the word itself, under every segmentation, and a
        // word beginning with all of it
        // the whole of what was typed, by the tokens' offsets (compile.py _covers): their text is normalised
        const run = NS.isSegmented(w.text) && covers(w.text, tokens);
        const spaceless = tokens.length > 1 && isSpaceless(w.text, tokens);  // compile.py _spaceless
        const short = Array.from(tok.folded).length < 2;
        const pieces = [];
        for (const t of run && short ? [] : tokens.slice(0, -1)) {
          pieces.push(await this.word({t: "word", text: w.text.slice(t.start, t.end), prefix: false, fuzzy: 0}, fields));
        }
        let last = null;
        if (short) {
          if (!run && !spaceless) this.out.notes.push("prefix " + NS.syntax.repr(tok.text + "*") + " is too short (2 letters at least): ignored");
        } else {
          const typed = this.accented && NS.marked(tok.text, tok.folded) ? tok.text : "";
          // compile.py: hoà*, the tone where it was typed too (hoàn, hoàng), not only where the word alone has it (hòa)
          const spelled = typed && tok.lower !== typed ? [typed, tok.lower] : [typed];
          const parts = [];
          for (const s of spelled) parts.push(await this.prefix(tok.folded, fields, s));
          last = P.anyOf(parts);
        }
        const found = [...pieces, last].filter((q) => q !== null);
        // compile.py word: the pieces side by side, the last one beginning a word (a filter of score 0)
        if (spaceless && (last !== null || !run)) found.push({t: "constant", node: await this.prefixPhrases(w.text, tokens, fields), score: 0});
        if (run) {
          const whole = [await this.segmented(w.text, fields)];
          if (tokens.length > 1) whole.push(await this.prefix(tokens.map((t) => t.folded).join(""), fields));
          // the word cut where the article's words may fall, its last piece beginning a word (ជាទី* finds ជា ទីក្រុង)
          for (const way of await this.alternatives(w.text)) {
            if (way.length < 2 || Array.from(way[way.length - 1]).length < 2) continue;
            for (const f of fields) {
              whole.push({t: "phrase", field: f, words: [...way.slice(0, -1).map((piece) => P.spellings(f, [piece])),
                await this.phrasePrefix(f, way[way.length - 1])], slop: 1});
            }
          }
          return P.anyOf(last !== null ? [...whole, P.allOf(found)] : whole);
        }
        return found.length ? P.allOf(found) : null;
      }
      if (w.fuzzy) {  // compile.py word: every piece (Hun-Manet~), each within the distance
        const pieces = [];
        for (const t of tokens) pieces.push(await this.fuzzy(t.folded, w.fuzzy, fields));
        return P.allOf(pieces);
      }
      const cap = capital(w.text, tok);
      this.out.terms.add(tok, this.accented, cap);
      await R.groupsOf([tok.folded, ...NS.digitSpellings(tok.folded)]);
      let matched = P.anyOf(fields.map((f) => this.spellings(tok, f, cap)));
      const ways = this.ways(w.text, tokens).slice(1);
      if (ways.length) matched = P.anyOf([matched, ...await this.runs(w.text, ways, fields)]);  // 1000 is also 1.000, Covid19 Covid-19
      const split = cuttable ? await this.syllables(w.text, fields, cap) : null;  // Vietnam: also Việt Nam
      if (split !== null) matched = P.anyOf([matched, split]);
      const stems = [];
      if (fields.length === 1 && fields[0] === "body") {
        const typed = w.text.slice(tok.start, tok.end);
        for (const [key, boost] of await this.stemKeys(typed)) {
          this.out.terms.stems.add(key);
          stems.push({t: "term", field: "stem", text: key, boost: boost});
        }
      }
      if (stems.length) matched = {t: "dismax", parts: [matched, P.anyOf(stems)]};
      const bonuses = [];
      const exact = this.exactBonus(tok.text, tok.folded, fields);
      if (exact !== null) bonuses.push(exact);
      if (fields.length === 1 && fields[0] === "body" && this.C.TITLE_BONUS) {
        bonuses.push(this.spellings(tok, "title", cap, this.C.TITLE_BONUS));
      }
      if (!bonuses.length) return matched;
      return {t: "andmaybe", required: matched, optional: P.anyOf(bonuses)};
    }

    // compile.py acronym: a word typed as an acronym (US, U.S.) is its exact key, not the lower-case word (us); one
    // longer than MAX_SHORT letters is also the word in any case (NATO finds Nato).
    async acronym(typed, letters, fields) {
      this.out.words.push(typed);
      const lower = letters.toLowerCase();
      const word = this.tokens(lower)[0];
      const short = Array.from(letters).length <= NS.text.tables.acronymLetters[3];
      if (short) this.out.terms.addAcronym(word, this.accented); else this.out.terms.add(word, this.accented, false);
      const spaced = this.tokens(Array.from(letters).join(" ")).map((t) => t.folded);  // U.S.: the letters side by side
      if (!this.out.terms.sequences.some((q) => q.length === spaced.length && q.every((x, i) => x === spaced[i]))) this.out.terms.sequences.push(spaced);
      const key = NS.acronymKey(letters);
      await R.group(key.slice(0, key.indexOf(" ")));
      const found = {t: "term", field: "exact", text: key, boost: 1};
      const plain = short ? null : await this.word({t: "word", text: lower, prefix: false, fuzzy: 0}, fields);
      if (plain === null && typed === letters) this.out.notes.push(NS.syntax.repr(typed) + " in capitals is searched as an acronym: type " + NS.syntax.repr(typed.toLowerCase().replace(/i\u0307/g, "i")) + " for the word");  // İLA: ila, as compile.py
      return plain !== null ? P.anyOf([found, plain]) : found;
    }

    // compile.py number: a word typed as a decimal or a percentage (3,5, 3.5, 10%) is its exact key, not its digits
    // wherever they stand (3, 5; every 10).
    // compile.py timed: a word or phrase typed that is a time of day (10h30, 10:30, 10 giờ 30) is also its key
    async timed(text, fields, found) {
      if (found === null || fields.length !== 1 || fields[0] !== "body") return found;
      const tokens = this.tokens(text);
      const runs = NS.timeRuns(text, tokens.map((t) => [text.slice(t.start, t.end), t.start, t.end]));
      if (runs.length !== 1 || runs[0][0] !== 0 || runs[0][1] !== tokens.length) return found;
      const key = NS.timeKey(...runs[0][2]);
      if (!this.out.terms.numbers.has(key)) this.out.terms.numbers.set(key, new Set());
      this.out.terms.numbers.get(key).add(key);  // marked where the text writes it (snippets.js)
      await R.group(key.slice(0, key.indexOf(" ")));
      return P.anyOf([found, {t: "term", field: "exact", text: key, boost: 1}]);
    }

    async number(typed, key) {
      this.out.words.push(typed);
      const tokens = this.tokens(typed), terms = this.out.terms;
      let shown = [];
      if (tokens.length > 1) {  // compile.py number: in any script's digits (៣,៥)
        for (const r of NS.digitRuns(tokens.map((t) => t.folded))) {
          if (!terms.sequences.some((q) => q.length === r.length && q.every((x, i) => x === r[i]))) { terms.sequences.push(r); shown.push(r.join("")); }
        }
      } else {
        const spellings = NS.digitSpellings(tokens[0].folded);
        shown = (spellings.length ? spellings : [tokens[0].folded]).filter((f) => !terms.folded.has(f));
        terms.add(tokens[0], this.accented, false);
      }
      for (const f of shown) {  // marked where the text writes that number (snippets.py QueryTerms.numbers)
        if (!terms.numbers.has(f)) terms.numbers.set(f, new Set());
        terms.numbers.get(f).add(key);
      }
      await R.group(key.slice(0, key.indexOf(" ")));
      return {t: "term", field: "exact", text: key, boost: 1};
    }

    // compile.py acronym_phrase: a phrase with words typed as acronyms ("U.S. economy", title:US): each acronym
    // written either way (us economy, u s economy), in an article with the keys of the short ones (a filter)
    async acronymPhrase(text, fields) {
      const pieces = NS.text.split(text);
      const letters = pieces.map((piece) => NS.typedAcronym(piece));
      if (letters.every((x) => x === null)) return null;
      const options = pieces.map((piece, i) => (letters[i] === null ? [piece] : [letters[i].toLowerCase(), Array.from(letters[i].toLowerCase()).join(" ")]));
      const chosen = [];  // itertools.product, in its order, the first MAX_WAYS
      const pick = (k, way) => {
        if (chosen.length >= this.C.MAX_WAYS) return;
        if (k === options.length) { chosen.push(way.join(" ")); return; }
        for (const option of options[k]) pick(k + 1, [...way, option]);
      };
      pick(0, []);
      const typed = this.out.terms.typedWords();
      const ways = [];
      for (const way of chosen) ways.push(await this.phrase(way, fields));
      const keys = [];
      for (const x of new Set(letters)) {
        if (x === null || Array.from(x).length > NS.text.tables.acronymLetters[3]) continue;
        this.out.terms.addAcronym(this.tokens(x.toLowerCase())[0], this.accented, typed);  // as matched
        const key = NS.acronymKey(x);
        await R.group(key.slice(0, key.indexOf(" ")));
        keys.push({t: "constant", node: {t: "term", field: "exact", text: key, boost: 1}, score: 0});
      }
      return P.allOf([P.anyOf(ways.filter((q) => q !== null)), ...keys]);
    }

    exactBonus(exact, folded, fields) {
      if (exact !== folded) return {t: "constant", node: {t: "term", field: "exact", text: folded + " " + exact, boost: 1}, score: this.C.EXACT_BONUS};
      if (R.docFrequency(fields[0], folded) > this.C.COMMON_SHARE * R.meta.docs.count) return null;
      const variants = R.exactKeys(folded);
      if (!variants.length) return null;
      const plain = P.anyOf(fields.map((f) => ({t: "term", field: f, text: folded, boost: 1})));
      const accented = P.anyOf(variants.slice(0, this.C.MAX_EXPANSION).map((v) => ({t: "term", field: "exact", text: v, boost: 1})));
      return {t: "constant", node: {t: "andnot", positive: plain, negative: accented}, score: this.C.EXACT_BONUS};
    }

    async phrase(text, fields, forms = true) {
      // compile.py phrase: "10 phần trăm từ" is also 10% từ (text.js signPhrases), with that phrase's own forms, the
      // phrase as typed once among them
      const signed = forms && fields.length === 1 && fields[0] === "body" ? NS.signPhrases(text) : [];
      if (signed.length) {
        await Promise.all([NS.segmentReady(signed[0]), NS.segmentReady(NS.normalizeSpelling(signed[0]))]);
        const nodes = [await this.phrase(signed[0], fields)];
        // compile.py phrase: not when signPhrases only spaced it and the phrase as typed writes the same percentages
        const spaced = signed[0].replace(/ /g, "") === text.replace(/ /g, "") &&
          NS.phraseNumbers(NS.text.split(signed[0])).every((k) => NS.numbersWritten(text, new Set([k])).length);
        if (!NS.percentPhrases(signed[0], await this.percentWords()).includes(text) && !spaced) nodes.push(await this.phrase(text, fields, false));
        const found = nodes.filter((n) => n !== null);
        return found.length ? P.anyOf(found) : null;
      }
      const tokens = this.tokens(text);
      if (!tokens.length) { this.out.notes.push('"' + text + '" has nothing searchable: ignored'); return null; }
      // compile.py phrase: punctuation between two words leaves an empty position in the articles (phraseGaps)
      const joined = tokens[tokens.length - 1].pos - tokens[0].pos === tokens.length - 1 ? NS.joinedRun(text) : null;
      if (joined !== null && (tokens.length === 1 || NS.isSegmented(NS.text.strip(text)))) return this.segmented(joined, fields);
      // compile.py phrase: a quoted word is not cut ("Bacon")
      if (tokens.length === 1) return this.word({t: "word", text, prefix: false, fuzzy: 0}, fields, false);
      const stripped = NS.text.strip(text);  // "U.S.": the acronym (compile.py phrase)
      // "3,5%": the number (compile.py phrase: in body only; in a title they are words, and word() sends them here)
      const whole = fields.length === 1 && fields[0] === "body" &&
        ((NS.typedAcronym(stripped) !== null && !this.shouted) || NS.typedNumber(stripped) !== null);
      if (whole) return this.word({t: "word", text: stripped, prefix: false, fuzzy: 0}, fields);
      const withAcronym = this.shouted ? null : await this.acronymPhrase(text, fields);
      if (withAcronym !== null) return withAcronym;
      if (this.accented) {  // snippets.py run_spellings: spelled as typed in an article indexed so
        const key = tokens.map((t) => t.folded).join("\u0001");
        if (!this.out.terms.runSpellings.has(key)) this.out.terms.runSpellings.set(key, new Set());
        this.out.terms.runSpellings.get(key).add(tokens.map((t) => t.text).join("\u0001"));
      }
      // compile.py: 1.000 is also 1000, Wi-Fi also wifi, Covid19 also Covid 19 (lang/pieces.py)
      let match = P.anyOf(await this.runs(text, this.ways(text, tokens), fields));
      if (tokens[tokens.length - 1].pos - tokens[0].pos !== tokens.length - 1) {
        const cuts = await this.passageCuts(text, tokens, fields);
        if (cuts.length) match = P.anyOf([match, ...cuts]);
      }
      // compile.py phrase: runs with (zero-width) spaces between them are also the one run they make
      if (joined !== null) match = P.anyOf([await this.segmented(joined, fields), match]);
      // compile.py phrase: a word typed as a percentage or a decimal ("tăng 10%") is its digits in the phrase, in
      // an article that writes that number so (its key, a filter)
      if (fields.length === 1 && fields[0] === "body") {
        // compile.py phrase: not a percentage the phrase itself, read as an article is, says is none (%2 puan)
        const keys = [...new Set(NS.phraseNumbers(NS.text.split(text)))].filter((k) => !k.endsWith("%") || NS.numbersWritten(text, new Set([k])).length);
        if (keys.some((k) => k.endsWith("%"))) {
          // compile.py phrase: "10% từ" is also 10 phần trăm từ (a percent word of the index's languages)
          const written = [];
          for (const alt of NS.percentPhrases(text, await this.percentWords()).concat(NS.hanPhrases(text))) {  // 百分之五 的
            // the dictionary entries of its words (ភាគរយ, パーセント), as NS.search loads the query's before it compiles
            await Promise.all([NS.segmentReady(alt), NS.segmentReady(NS.normalizeSpelling(alt))]);
            written.push(await this.phrase(alt, fields, false));
          }
          match = P.anyOf([match, ...written.filter((w) => w !== null)]);
        }
        for (const key of keys) await R.group(key.slice(0, key.indexOf(" ")));
        if (keys.length) match = P.allOf([match, ...keys.map((key) => ({t: "constant", node: {t: "term", field: "exact", text: key, boost: 1}, score: 0}))]);
      }
      const bonus = tokens.filter((t) => t.text !== t.folded).map((t) => ({t: "term", field: "exact", text: t.folded + " " + t.text, boost: this.C.EXACT_BONUS}));
      return bonus.length ? {t: "andmaybe", required: match, optional: P.anyOf(bonus)} : match;
    }

    // compile.py percent_words: the percent words of the index's languages whose every word the bodies have
    async percentWords() {
      const words = [];
      for (const w of NS.percentWords(this.languages)) {
        await NS.segmentReady(w);
        words.push([w, this.tokens(w)]);
      }
      await R.groupsOf(words.flatMap(([, ts]) => ts.map((t) => t.folded)));  // a term is in its folded word's group
      const have = (term) => R.hasWord(term) && R.docFrequency("body", term) > 0;
      return words.filter(([, ts]) => ts.length && ts.every((t) => have(t.text) || have(t.folded))).map(([w]) => w);
    }

    // compile.py passage_cuts: a passage quoted with punctuation, each stretch between its punctuation that is
    // runs of a script without spaces cut every way the collection's words allow, the stretches in order with
    // the punctuation's gap between them (the cuts as typed aside: runs has them)
    async passageCuts(text, tokens, fields) {
      const stretches = [[tokens[0]]];
      for (let i = 1; i < tokens.length; i++) {
        if (tokens[i].pos - tokens[i - 1].pos > 1) stretches.push([]);
        stretches[stretches.length - 1].push(tokens[i]);
      }
      const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
      const options = [];
      for (const stretch of stretches) {
        const typed = stretch.map((t) => t.folded);
        const run = NS.joinedRun(text.slice(stretch[0].start, stretch[stretch.length - 1].end));
        const option = [typed];
        for (const cut of run !== null ? await this.alternatives(run) : []) {
          if (!option.some((o) => same(o, cut))) option.push(cut);
        }
        options.push(option);
      }
      if (options.every((o) => o.length === 1)) return [];
      const out = [];
      for (const combo of bestFirst(options.map((o) => o.length), this.C.MAX_PASSAGE_WAYS + 1).slice(1)) {
        const chosen = combo.map((i, k) => options[k][i]);
        for (const cut of chosen) {
          if (cut.length > 1 && !this.out.terms.sequences.some((q) => same(q, cut))) this.out.terms.sequences.push(cut);
        }
        const gaps = [];
        chosen.forEach((cut, k) => {
          gaps.push(k ? stretches[k][0].pos - stretches[k - 1][stretches[k - 1].length - 1].pos - 1 : 0);
          for (let j = 1; j < cut.length; j++) gaps.push(0);
        });
        for (const f of fields) out.push({t: "phrase", field: f, words: chosen.flat().map((piece) => P.spellings(f, [piece])), slop: 1, gaps});
      }
      return out;
    }

    // compile.py ways: as typed, then each number typed in groups or word typed with hyphens joined, and each
    // number of four digits or more or word of letters and digits split, in every combination (at most
    // MAX_WAYS); a joined or split word keeps its offsets.
    ways(text, tokens) {
      const spans = tokens.map((t) => [text.slice(t.start, t.end), t.start, t.end]);
      const options = [];
      const own = (t) => {  // the word as typed, then its splits (the exact form: hợp37 is hợp 37)
        const option = [[t]];
        for (const pieces of NS.wordSplits(t.text)) {
          const split = pieces.map((piece) => this.tokens(piece));
          if (!split.every((s) => s.length === 1)) continue;
          let at = t.start;
          option.push(split.map((s, k) => {
            const x = at;
            at += pieces[k].length;
            return {...s[0], start: x, end: x + s[0].text.length, pos: t.pos};
          }));
        }
        return option;
      };
      // a time of day as typed (a word also split), then in each other spelling (lang/pieces.py time_spellings)
      const time = (a, b, hour, minute) => {
        const option = b - a === 1 ? own(tokens[a]) : [tokens.slice(a, b)];
        const typed = tokens.slice(a, b).map((t) => t.text).join("\u0001");
        for (const spelling of NS.timeSpellings(hour, minute, b - a === 2)) {  // 8:30: also 08:30
          const words = spelling.map((word) => this.tokens(word));
          if (spelling.join("\u0001") === typed || !words.every((w) => w.length === 1)) continue;
          option.push(words.map((w) => ({...w[0], start: tokens[a].start, end: tokens[b - 1].end, pos: tokens[a].pos})));
        }
        return option;
      };
      // A time of day first (10 giờ 30: not the number 10 glued to giờ), the rest joined or split.
      const runs = [];
      let i = 0;
      for (const [a, b, clock] of [...NS.timeRuns(text, spans), [tokens.length, tokens.length, null]]) {
        for (const [x, y, joined] of NS.joinedRuns(text, spans.slice(i, a))) runs.push([x + i, y + i, joined, null]);
        if (clock !== null) runs.push([a, b, "", clock]);
        i = b;
      }
      i = 0;
      for (const [a, b, joined, clock] of [...runs, [tokens.length, tokens.length, "", null]]) {
        for (const t of tokens.slice(i, a)) options.push(own(t));
        if (clock !== null) {
          options.push(time(a, b, clock[0], clock[1]));
        } else if (a < b) {
          const one = this.tokens(joined);
          const gap = text.slice(tokens[a].end, tokens[a + 1].start);
          // a number and a word typed apart (1000 người): each also split as typed alone, or glued
          const option = b - a === 2 && gap.length === 1 && NS.text.tables.glueSpaces.includes(gap)
            ? own(tokens[a]).flatMap((x) => own(tokens[a + 1]).map((y) => [...x, ...y])) : [tokens.slice(a, b)];
          if (one.length === 1) {
            option.push([{...one[0], start: tokens[a].start, end: tokens[b - 1].end, pos: tokens[a].pos}]);
            const groups = b - a === 2 ? NS.numberGroups(tokens[a].text) : [];
            const last = groups.length ? this.tokens(groups[groups.length - 1] + tokens[b - 1].text) : [];
            const pieces = groups.slice(0, -1).map((g) => this.tokens(g));
            if (last.length === 1 && pieces.every((x) => x.length === 1)) {
              // 1000 km: also 1.000km, its last group glued to the word (1 000km)
              const at = [tokens[a].start];
              for (const g of groups) at.push(at[at.length - 1] + g.length);
              option.push([...pieces.map((x, k) => ({...x[0], start: at[k], end: at[k + 1], pos: tokens[a].pos})),
                {...last[0], start: at[at.length - 2], end: tokens[b - 1].end, pos: tokens[a].pos}]);
            }
          }
          options.push(option);
        }
        i = b;
      }
      // itertools.product, in its order, the first MAX_WAYS
      const ways = [];
      const pick = (k, way) => {
        if (ways.length >= this.C.MAX_WAYS) return;
        if (k === options.length) { ways.push(way.flat()); return; }
        for (const option of options[k]) pick(k + 1, [...way, option]);
      };
      pick(0, []);
      return ways;
    }

    // compile.py runs: what each way matches, the words side by side, in each field; highlighted where they
    // stand together (a number in any script's digits).
    async runs(text, ways, fields) {
      await R.groupsOf(ways.flat().flatMap((t) => [t.folded, ...NS.digitSpellings(t.folded)]));
      const out = [];
      const typed = this.tokens(text);
      for (const way of ways) {
        if (way.length === 1) {
          this.out.terms.add(way[0], this.accented, capital(text, way[0]));
          for (const f of fields) out.push(this.spellings(way[0], f, capital(text, way[0])));
          continue;
        }
        for (const r of NS.digitRuns(way.map((t) => t.folded))) {
          if (!this.out.terms.sequences.some((q) => q.length === r.length && q.every((x, i) => x === r[i]))) this.out.terms.sequences.push(r);
        }
        const gaps = phraseGaps(typed, way);
        // compile.py runs: 12100 split into 12 100 side by side only where the article writes that number (its key)
        const keys = splitNumberKeys(way);
        for (const key of keys) await R.group(key.slice(0, key.indexOf(" ")));
        const keyTerm = (key) => ({t: "term", field: "exact", text: key, boost: 1});
        if (keys.length && fields.includes("body") && way.every((t) => t.pos === way[0].pos && NS.isNumber(t.text))) {
          out.push(keyTerm(keys[0]));  // 12100 alone: its key (12.100đ too)
          continue;
        }
        // compile.py runs: a hyphen between two words, as written (its gap kept) or without it
        for (const kept of gaps && hyphensOnly(text, way, gaps) ? [gaps, null] : [gaps]) {
          for (const f of fields) {
            const ph = {t: "phrase", field: f, words: way.map((t) => this.spellings(t, f, capital(text, t))), slop: 1};
            if (kept) ph.gaps = kept;
            out.push(keys.length ? P.allOf([ph, ...keys.map((key) => ({t: "constant", node: keyTerm(key), score: 0}))]) : ph);
          }
        }
      }
      return out;
    }

    // compile.py alternatives: the ways whose every piece the collection has (in body or title)
    async alternatives(text) {
      await R.groupsOf(NS.segmentationPieces(text).map(NS.fold));
      const documents = R.meta.docs.count;
      const cost = (piece) => {
        const key = NS.fold(piece);  // the index's term (a traditional Chinese piece: its simplified form)
        return R.hasWord(key)
          ? NS.pieceCost(Math.max(R.docFrequency("body", key), R.docFrequency("title", key)), documents) : null;
      };
      return NS.segmentations(text, 24, cost).map((way) => way.map(NS.fold));
    }

    // compile.py prefix_phrases: the tokens side by side, the last one beginning a word, each of the others
    // under any of its segmentations or a number in any digits (at most MAX_PREFIX_WAYS ways, as
    // itertools.product orders them)
    async prefixPhrases(text, tokens, fields) {
      const each = [];
      for (const t of tokens.slice(0, -1)) {
        const digits = NS.digitSpellings(t.folded);
        each.push(digits.length ? [[digits]] : (await this.alternatives(text.slice(t.start, t.end))).map((way) => way.map((piece) => [piece])));
      }
      const ways = [];
      const walk = (i, acc) => {
        if (ways.length >= this.C.MAX_PREFIX_WAYS) return;
        if (i === each.length) { ways.push(acc); return; }
        for (const part of each[i]) walk(i + 1, acc.concat(part));
      };
      walk(0, []);
      const last = tokens[tokens.length - 1].folded;
      const parts = [];
      for (const way of ways) {
        for (const f of fields) parts.push({t: "phrase", field: f, words: [...way.map((terms) => P.spellings(f, terms)), await this.phrasePrefix(f, last)], slop: 1});
      }
      return P.anyOf(parts);
    }

    // A prefix as the last word of a phrase (compile.py p.Prefix(field, folded)): not one of the query's
    // prefixes (QueryTerms); its terms are read with their positions (score.js parts)
    async phrasePrefix(field, folded) {
      // one letter (ទី១*: the ១ after ទី): every term of its first letter (reader.js expandPrefix reads two)
      const expand = (f) => (Array.from(folded).length < 2 ? R.termsStartingWith(f, folded) : R.expandPrefix(f, folded));
      const terms = await expand(field);
      const all = field === "body" || field === "title" ? await expand("exact") : [];
      const spelled = all.map((k) => k.slice(k.indexOf(" ") + 1));
      await R.groupsOf(terms.concat(spelled).map(NS.fold));
      return {t: "prefix", field, prefix: folded, terms, spelled, keys: []};
    }

    async segmented(text, fields) {
      // compile.py segmented: the ways whose every piece the collection has (alternatives)
      const alternatives = await this.alternatives(text);
      for (const pieces of alternatives) this.out.terms.sequences.push(pieces);
      const parts = [];
      for (const pieces of alternatives) {
        for (const f of fields) parts.push(pieces.length > 1 ? P.phraseOf(f, pieces) : {t: "term", field: f, text: pieces[0], boost: 1});
      }
      const match = P.anyOf(parts);
      if (!HAN.test(text)) return match;
      // Chinese: simplified and traditional characters are one word (han.py), the spelling typed first
      const bonuses = this.tokens(text).map((t) => this.exactBonus(t.text, t.folded, fields)).filter((b) => b !== null);
      return bonuses.length ? {t: "andmaybe", required: match, optional: P.anyOf(bonuses)} : match;
    }

    // compile.py prefix; typed: the prefix as typed with diacritics (kính*), or "": only the spellings typed
    async prefix(folded, fields, typed = "") {
      this.out.terms.prefixes.push(folded);
      this.out.terms.spelledPrefixes.push(typed);
      const parts = [];
      for (const f of fields) {
        const terms = typed ? [] : await R.expandPrefix(f, folded);
        const all = f === "body" || f === "title" ? await R.expandPrefix("exact", folded) : [];
        const keys = all.filter((k) => k.slice(k.indexOf(" ") + 1).startsWith(typed));
        const spelled = keys.map((k) => k.slice(k.indexOf(" ") + 1));
        await R.groupsOf(terms.concat(spelled).map(NS.fold));
        parts.push({t: "prefix", field: f, prefix: folded, terms, spelled, keys: typed ? keys : []});
      }
      return P.anyOf(parts);
    }

    async fuzzy(folded, maxdist, fields) {
      const variants = new Set();
      for (const f of fields) {
        for (const term of await termsWithin(f, folded, maxdist)) {
          variants.add(term);
          if (variants.size >= this.C.MAX_EXPANSION) break;
        }
      }
      variants.add(folded);
      for (const v of variants) this.out.terms.folded.add(v);
      const sorted = Array.from(variants).sort(NS.text.compare);
      await R.groupsOf(sorted.map(NS.fold));  // a term's postings are in its folded word's group (dẻo: deo)
      const parts = [];
      for (const f of fields) for (const v of sorted) parts.push(P.spellings(f, [v, ...this.variants(v)]));
      return P.anyOf(parts);
    }

    async field(n) {
      // compile.py field: a date in any script's digits is that date (date:２０２４-１１)
      if (n.name === "date" || n.name === "year" || n.name === "month") n = {...n, value: NS.asciiDigits(n.value)};
      if (n.name === "date") return P.dateRange(n.value);
      if (n.name === "url") {
        const parts = [];
        for (const prefix of urlPrefixes(n.value)) {
          parts.push({t: "prefix", field: "url", prefix, terms: await R.urlsStartingWith(prefix), spelled: [], keys: []});
        }
        return P.anyOf(parts);
      }
      if (n.name === "title") {
        const inner = NS.parse(n.quoted ? '"' + n.value + '"' : n.value);
        this.out.notes.push(...inner.notes);
        return inner.node !== null ? this.node(inner.node, ["title"]) : null;
      }
      const facet = R.meta.facets.find((f) => f.name === n.name);
      // compile.py field: an empty value in a comma-separated list is no value (year:2024,); none at all: a note
      const named = n.name === "lang" ? codes(n.value) : n.value.split(",").map(NS.text.strip).filter((v) => v);
      if (!named.length) {
        this.out.notes.push("empty value for " + n.name + ": ignored");
        return null;
      }
      if (facet.coded) {
        for (const v of named) checkValue(n.name, v);
        // compile.py: a source as the facet shows it, in any case ("dân trí" is "Dân trí")
        const values = n.name === "source" ? facetValues(named, R.meta.docs.coded.source.live, true) : named;
        return {t: "values", field: n.name, values};
      }
      await R.keywords([n.name]);
      if (n.name === "official") {
        const officials = officialsNamed(n.value);
        if (officials !== null) {
          // compile.py: the officials' names, highlighted where an article writes them; their words as the
          // engine splits them, shipped by the export (no dictionary to load here).
          await NS.officials.loadRuns();
          const seqs = this.out.terms.sequences, hiding = this.out.terms.hiding;
          const same = (run) => (s) => s.length === run.length && s.every((x, i) => x === run[i]);
          for (const official of officials) {
            for (const run of NS.officials.runs(official.id)) {
              if (!seqs.some(same(run))) seqs.push(run);
              this.out.terms.names.add(run.join(""));
            }
            for (const run of NS.officials.hidingRuns(official.id)) if (!hiding.some(same(run))) hiding.push(run);
          }
          const ids = [...new Set(officials.map((o) => o.id))];
          return P.anyOf(ids.map((id) => ({t: "term", field: "official", text: id, boost: 1})));
        }
        this.out.notes.push("official " + NS.syntax.repr(n.value) + " is not in the registry: matched as text");
        return this.phrase(n.value, ["body"]);
      }
      // country:KH,VN: either, as lang:fr,id (compile.py)
      const values = facetValues(named.map((v) => (n.name === "country" ? v.toUpperCase() : v)), R.fieldTerms(n.name));
      return P.anyOf(values.map((v) => ({t: "term", field: n.name, text: v, boost: 1})));
    }
  }

  // compile.py officials_named: one official (any alias, or the id), or several separated by commas (either).
  function officialsNamed(value) {
    const official = NS.officials.resolve(value);
    if (official !== null) return [official];
    const names = value.split(",").map(NS.text.strip).filter((v) => v);
    const found = names.map((v) => NS.officials.resolve(v)).filter((o) => o !== null);
    return value.includes(",") && names.length && found.length === names.length ? found : null;
  }

  // search.query.compile.url_prefixes: the spellings of a web address the articles' URLs may start with,
  // either scheme, with or without "www." (https://dantri.com.vn/ -> http://dantri.com.vn, https://www...).
  function urlPrefixes(value) {
    let rest = NS.text.strip(value).replace(/^(?:https?:)?\/\//iu, "").replace(/\/+$/, "");
    rest = rest.replace(/^www\./iu, "");
    if (!rest) throw new QueryError("bad url " + NS.syntax.repr(value), "Write url:https://example.org/section (a prefix of the URLs).");
    const slash = rest.indexOf("/");
    rest = slash < 0 ? rest.toLowerCase() : rest.slice(0, slash).toLowerCase() + rest.slice(slash);
    const out = [];
    for (const scheme of ["https", "http"]) for (const www of ["", "www."]) out.push(scheme + "://" + www + rest);
    return out;
  }
  NS.urlPrefixes = urlPrefixes;

  // index/reader.py terms_within(field, text, maxdist, prefix=1): terms that share the first letter, within
  // ``maxdist`` edits (insertions, deletions, substitutions, swaps), in term order.
  async function termsWithin(field, text, maxdist) {
    const chars = Array.from(text);
    const out = [];
    for (const term of await R.termsStartingWith(field, chars[0])) {
      if (edits(chars, Array.from(term), maxdist) <= maxdist) out.push(term);
    }
    return out;
  }
  NS.termsWithin = termsWithin;

  // Edits between two words, two neighbours swapped being one, as the index counts them (index/reader.py
  // _within_automaton; before, Whoosh counted a swap as one edit in an index of several segments, two in one).
  function edits(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    let before = null;
    let prev = Array.from({length: b.length + 1}, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] && a[i - 1] !== b[j - 1]) {
          cur[j] = Math.min(cur[j], before[j - 2] + 1);
        }
      }
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // The words a query's filters and text need, loaded together before compiling (they load in parallel).
  async function prefetch(parsed, compiler) {
    const texts = NS.syntax.texts(parsed.node);
    (function fields(n) {
      if (n === null) return;
      if (n.t === "field" && n.name === "official") texts.push(n.value);
      if (n.t === "not") fields(n.node);
      if (n.t === "and" || n.t === "or") n.nodes.forEach(fields);
    })(parsed.node);
    const folded = [];
    for (const text of texts) {
      for (const t of compiler.tokens(text)) folded.push(t.folded, ...NS.digitSpellings(t.folded));
      for (const word of text.split(/\s+/)) if (NS.isSegmented(word)) folded.push(...NS.segmentationPieces(word).map(NS.fold));
      const joined = NS.joinedRun(text);  // compile.py phrase: typed with (zero-width) spaces, also as one run
      if (joined !== null && !NS.isSegmented(text)) folded.push(...NS.segmentationPieces(joined).map(NS.fold));
    }
    // Typed without accents, a word reads every spelling of its group: the whole group, moved spellings
    // included, in one file (R.wholeGroup).
    await (compiler.accented ? R.groupsOf(folded) : R.wholeGroupsOf(folded));
    // The stems of the words (Compiler.stemKeys), together: one word after the other, a 20-word question
    // waited for 15 files in turn (about 100 ms at 5k, benchmarks/SITE-RESULTS.md). A word the collection
    // does not have needs Snowball first (stem.js).
    const stemmed = compiler.languages.filter((code) => code in R.meta.stemmers);
    if (!stemmed.length) return;
    const keys = [], unknown = [];
    for (const text of stemmedWords(parsed.node)) {
      const tokens = compiler.tokens(text);
      if (tokens.length !== 1 || NS.isSegmented(text)) continue;
      const lower = NS.compat(text.slice(tokens[0].start, tokens[0].end)).toLowerCase();
      const known = knownStems(R.groups.get(tokens[0].folded), lower);
      if (known === null) unknown.push(lower);
      else for (const code of stemmed) for (const k of known) if (k.startsWith(code + ":")) keys.push(k);
      if (!compiler.accented) keys.push(...variantStems(R.groups.get(tokens[0].folded), tokens[0].folded, stemmed, compiler));
    }
    const stemmer = unknown.length ? NS.stemmerReady() : null;
    await Promise.all(keys.map(R.stem));
    if (stemmer) {
      await stemmer;
      await Promise.all(unknown.flatMap((lower) => stemmed.map((code) => R.stem(code + ":" + NS.stem(code, lower)))));
    }
  }

  // The words whose stems Compiler.word asks for: plain words searched in the body (not a prefix, not a fuzzy
  // word, not a title: value; a phrase's words have none).
  function stemmedWords(node) {
    if (node === null) return [];
    if (node.t === "word") return node.prefix || node.fuzzy ? [] : [node.text];
    if (node.t === "not") return stemmedWords(node.node);
    if (node.t === "and" || node.t === "or") return node.nodes.flatMap(stemmedWords);
    return [];
  }

  // The stems the collection gives the spellings it has of a folded word (Compiler.variants), each spelling in
  // order, each language in order.
  function variantStems(group, folded, stemmed, compiler) {
    const keys = [];
    for (const spelled of compiler.variants(folded)) {
      const theirs = knownStems(group, spelled) || [];
      for (const code of stemmed) for (const k of theirs) if (k.startsWith(code + ":")) keys.push(k);
    }
    return keys;
  }

  // The stems the collection gives a spelling (lower-cased), or null when it does not have the spelling.
  function knownStems(group, lower) {
    return group && group.s && Object.prototype.hasOwnProperty.call(group.s, lower) ? group.s[lower] : null;
  }

  // index/reader.py side_by_side: the articles where the words stand side by side, in order, each word given as
  // its body terms (its spellings), read as a phrase is (Scorer.phrase: pairs of neighbouring terms where one is
  // common, the positions of the others; searcher.js loadPhrase), every article a candidate.
  async function sideBySide(words) {
    const files = [];
    for (let k = 0; k + 1 < words.length; k++) {
      for (const a of words[k]) for (const b of words[k + 1]) {
        if (R.isCommon(a) || R.isCommon(b)) files.push(R.pairsOf(NS.fold(a) + " " + NS.fold(b)));
        else files.push(R.positionsOf(NS.fold(a)), R.positionsOf(NS.fold(b)));
      }
    }
    const [docs] = await Promise.all([R.docs(), ...files]);
    const scorer = new NS.Scorer(docs);
    const found = scorer.phrase(words.map((terms) => P.spellings("body", terms)), 1, new Uint8Array(scorer.size).fill(1), null);
    return found.reduce((n, x) => n + x, 0);
  }

  // search.query.compile.compile_query
  NS.compileQuery = async function (parsed) {
    const top = parsed.node === null ? [] : parsed.node.t === "and" ? parsed.node.nodes : [parsed.node];
    const langs = [];
    for (const n of top) if (n.t === "field" && n.name === "lang") langs.push(...codes(n.value));
    const compiler = new Compiler(langs.length ? langs : R.meta.languages);
    compiler.accented = NS.syntax.texts(parsed.node).some((text) => compiler.tokens(text).some((t) => NS.marked(t.text, t.folded)));
    // compile.py reads_as_syllables: only a query that reads as Vietnamese without diacritics cuts lower-case words
    compiler.lowerCuts = NS.syntax.texts(parsed.node).every((text) => compiler.tokens(text).every((t) =>
      !/^[a-z]+$/i.test(t.folded) || NS.isFoldedSyllable(t.folded) || NS.syllableCuts(t.folded).length > 0));
    compiler.shouted = await NS.shouted(NS.syntax.texts(parsed.node), async (letters) => {
      const keys = letters.map((x) => NS.acronymKey(x));
      for (const key of keys) await R.group(key.slice(0, key.indexOf(" ")));
      // compile.py written_as_acronyms: in one article, and not far more often as the words side by side
      const acronyms = R.together("exact", keys);
      if (!acronyms) return false;
      const folded = letters.flatMap((x) => compiler.tokens(x).map((t) => t.folded));
      await R.wholeGroupsOf(folded);
      return await sideBySide(folded.map((f) => [f, ...compiler.variants(f)])) <= compiler.C.WORDS_PER_ACRONYM * acronyms;  // compile.py WORDS_PER_ACRONYM
    });
    await prefetch(parsed, compiler);
    return compiler.compile(parsed);
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
