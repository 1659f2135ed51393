/* Query text -> a small syntax tree, leniently (search/query/syntax.py, the same grammar and notes).
 *
 *   NS.parse('Hun Manet -Vietnam lang:km')
 *   -> {node: {t: "and", nodes: [word Hun, word Manet, {t: "not", node: word Vietnam}, field lang km]}, notes: []}
 *
 * Nodes: {t: "word", text, prefix, fuzzy}, {t: "phrase", text}, {t: "field", name, value, quoted},
 * {t: "not", node}, {t: "and", nodes}, {t: "or", nodes}. A web address typed as a word
 * (https://dantri.com.vn/the-gioi) is the field url:<it>, not a field named "https".
 */
(function (NS) {
  "use strict";
  const Q = NS.syntax = {};
  // search/query/syntax.py FIELDS: the facets' names come from meta.js (query/facets.py).
  Q.FIELDS = ["date", "title", "url", "lang", "year", "month", "source", "official", "country", "role"];
  Q.setFacets = function (names) { Q.FIELDS = ["date", "title", "url", ...names]; };

  // search/query/syntax.py: work per query is bounded (the same limits, the same errors).
  Q.MAX_QUERY_CHARS = 4000;
  Q.MAX_DEPTH = 32;
  Q.MAX_TERMS = 256;
  Q.MAX_FUZZY = 10;
  const fuzzyWords = (n) => (n === null ? 0 : n.t === "word" ? (n.fuzzy ? 1 : 0) : n.t === "not" ? fuzzyWords(n.node)
    : n.t === "and" || n.t === "or" ? n.nodes.reduce((sum, c) => sum + fuzzyWords(c), 0) : 0);
  // search/query/syntax.py is_filter: a node made of filters only (name:value but title:, under OR, NOT, groups).
  Q.isFilter = (n) => (n.t === "field" ? n.name !== "title" : n.t === "not" ? Q.isFilter(n.node)
    : n.t === "and" || n.t === "or" ? n.nodes.length > 0 && n.nodes.every(Q.isFilter) : false);
  const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");  // Python's f"{n:,}"

  const SP = NS.text.PY_SPACE;
  const MINUS = new RegExp("(?<![^" + SP + "(])[\u2212\uff0d\ufe63](?![\\p{Nd}" + SP + "])", "gu");  // not −5
  // syntax.py QUOTES: the straight quote and the typographic ones that open or close a phrase (“a b”, „a b“, « a b »,
  // 「a b」), after a field name too (official:“Hun Manet”: no escapes, closed by any of them; "..." by " alone).
  const QU = Q.QUOTES = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\uff02\u300c\u300d\u300e\u300f";
  const LEX = new RegExp("[" + SP + "]*(?:(\\()|(\\))|(https?://[^" + SP + "()\"]+)|" +
    "([A-Za-z_]+):(?:\"((?:[^\"\\\\]|\\\\[^\\n])*)\"?|[" + QU.slice(1) + "]([^" + QU + "]*)[" + QU + "]?|([^" + SP +
    "()\"]*))|" +
    "[" + QU + "]([^" + QU + "]*)([" + QU + "]?)|(-\\+*(?=[(" + QU + "]|[A-Za-z_]+:)|-+\\+*(?=[A-Za-z_]+:))|" +
    "(\\++(?=[(" + QU + "]|[A-Za-z_]+:))|((?:[^" + SP +
    "()" + QU + "]|(?<=\\p{Nd})[\\u00a0\\u202f\\u2009\\u2007](?=\\p{Nd}))+))", "uy");
  // Python's repr() of a string, as the engine's notes quote words: its quotes, backslashes, \t \n \r, and
  // \x.. \u.... \U........ for what Python does not print (controls, formats, separators but the space,
  // surrogates, private use, unassigned).
  const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
  const ESCAPES = new Map([["\\", "\\\\"], ["\t", "\\t"], ["\n", "\\n"], ["\r", "\\r"]]);
  const hex = (n, width) => n.toString(16).padStart(width, "0");
  const repr = (s) => {
    const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
    let out = quote;
    for (const ch of s) {
      const cp = ch.codePointAt(0);
      if (ESCAPES.has(ch)) out += ESCAPES.get(ch);
      else if (ch === quote) out += "\\" + ch;
      else if (ch !== " " && UNPRINTABLE.test(ch)) out += cp < 0x100 ? "\\x" + hex(cp, 2) : cp < 0x10000 ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
      else out += ch;
    }
    return out + quote;
  };
  Q.repr = repr;

  // numbers.py unpunctuated: without the punctuation before and after it, not a percent sign (10%, -> 10%), and
  // without a sign (+10% -> 10%: NUMBER_SIGNS, review-numbers-7)
  NS.unpunctuated = function (typed) {
    const {percent, signs} = NS.text.tables.numbers;
    const chars = Array.from(typed);
    const punct = (c) => (/^\p{P}$/u.test(c) || signs.includes(c)) && !percent.includes(c);
    let start = 0, end = chars.length;
    while (start < end && punct(chars[start])) start++;
    while (end > start && punct(chars[end - 1])) end--;
    return chars.slice(start, end).join("");
  };
  const unpunctuated = NS.unpunctuated;

  // syntax.py _number_words: how many of the words before w it is one number with, the most first; null for none
  const MAX_NUMBER_WORDS = 6;
  function numberWords(toks, w) {
    for (let n = Math.min(MAX_NUMBER_WORDS, toks.length); n > 0; n--) {
      const last = toks.slice(-n);
      const after = n < toks.length && toks[toks.length - n - 1].kind === "word" ? toks[toks.length - n - 1].text + " " : "";
      if (last.every((t) => t.kind === "word" && !t.extra) && NS.typedNumber(unpunctuated(last.map((t) => t.text).concat([w]).join(" ")), after) !== null) return n;
    }
    return null;
  }

  // compile.py phrase_numbers: the keys of the numbers a quoted phrase's words write, read as numberWords joins
  // words typed unquoted (1 234,5 millions: 1234.5; giá 12 100%: 12100%; tháng 12 100%: 100%)
  NS.phraseNumbers = function (pieces) {
    let spans = [];
    for (let j = 0; j < pieces.length; j++) {
      for (let n = Math.min(MAX_NUMBER_WORDS, j); n >= 0; n--) {
        const key = NS.typedNumber(unpunctuated(pieces.slice(j - n, j + 1).join(" ")), j - n ? pieces[j - n - 1] + " " : "");
        if (key !== null) {
          spans = spans.filter((s) => s[0] < j - n).concat([[j - n, key]]);
          break;
        }
      }
    }
    return spans.map((s) => s[1]);
  };

  function lex(q, notes) {
    const toks = [];
    let pos = 0;
    while (pos < q.length) {
      LEX.lastIndex = pos;
      const m = LEX.exec(q);
      if (!m || LEX.lastIndex === pos) break;
      pos = LEX.lastIndex;
      if (m[1]) toks.push({kind: "lpar", text: "("});
      else if (m[2]) toks.push({kind: "rpar", text: ")"});
      else if (m[3]) toks.push({kind: "field", text: "url", extra: m[3], quoted: false});
      else if (m[4] !== undefined) {
        const name = m[4].toLowerCase();
        const quoted = m[5] !== undefined || m[6] !== undefined;
        // In quotes, \" is a quote and \\ a backslash: a facet value that holds them can be fed back
        const value = m[5] !== undefined ? m[5].replace(/\\(.)/gsu, "$1") : m[6] !== undefined ? m[6] : m[7];
        if (!Q.FIELDS.includes(name)) {
          notes.push("unknown field " + repr(name) + " (fields: " + Q.FIELDS.join(", ") + "); searched as words");
          toks.push({kind: "word", text: NS.text.strip(m[4] + " " + (value || ""))});
        } else if (!NS.text.strip(value || "")) {
          notes.push("empty value for " + name + ": ignored");
        } else {
          const boost = quoted ? null : BOOST.exec(value);  // title:Cambodge^2
          if (boost !== null) notes.push(boostNote(boost[0]));
          toks.push({kind: "field", text: name, extra: NS.text.strip(boost === null ? value : value.slice(0, boost.index)), quoted});
        }
      } else if (m[10]) {  // -"a phrase", -(a group), -field:value: excluded, as -word is
        toks.push({kind: "not", text: "-"});
      } else if (m[11]) {  // +"a phrase", +field:value: required, as every term is
      } else if (m[8] !== undefined) {
        if (!m[9]) notes.push("unclosed quote: read as a phrase up to the end");
        if (NS.text.strip(m[8])) toks.push({kind: "phrase", text: NS.text.strip(m[8])});
        else notes.push('empty phrase "" ignored');
      } else {
        const w = m[12];
        const last = toks.length ? toks[toks.length - 1] : null;
        if (last !== null && SUFFIX.test(w) && suffixes(last, w)) suffix(last, w, notes);
        else if (w === "OR" || w === "||") toks.push({kind: "or", text: w});
        else if (w === "AND" || w === "&&") toks.push({kind: "and", text: w});
        else if (w === "NOT") toks.push({kind: "not", text: w});
        else if (w.startsWith("-") && w.length > 1) {
          toks.push({kind: "not", text: "-"});
          toks.push({kind: "word", text: w.slice(1)});
        } else {
          const joined = numberWords(toks, w);  // 10 %, 1 234,5, 10 000 %: one number (syntax.py _number_words)
          if (joined !== null) toks.splice(toks.length - joined, joined, {kind: "word", text: toks.slice(-joined).map((t) => t.text).concat([w]).join(" ")});
          else toks.push({kind: "word", text: w});
        }
      }
    }
    return toks;
  }

  // syntax.py _BOOST, _SUFFIX, _suffixes, _suffix: a boost is ignored with a note, proximity after a phrase is
  // refused, typed against the term or after a space ("a b" ~2, Laos ^2), as Lucene reads them.
  const BOOST = /\^[0-9]*(?:\.[0-9]*)?$/u;
  const SUFFIX = /^[~^][0-9]*(?:\.[0-9]*)?$/u;
  const boostNote = (boost) => "boost " + boost + " ignored: boosts are not supported (they order the results, the articles found are the same)";
  const suffixes = (tok, text) => tok.kind === "phrase" || tok.kind === "rpar" || (tok.kind === "field" && tok.quoted) ||
    (text.startsWith("^") && (tok.kind === "word" || tok.kind === "field"));
  function suffix(tok, text, notes) {
    if (text.startsWith("^")) { notes.push(boostNote(text)); return; }
    if (tok.kind === "rpar") { notes.push(text + " after ')' ignored: ~ makes a word fuzzy (Sokhon~), not a group"); return; }
    const typed = tok.kind === "phrase" ? '"' + tok.text + '"' : tok.text + ':"' + tok.extra + '"';
    const anywhere = tok.kind === "phrase" ? ", or " + tok.text + " for the words anywhere in the article"
      : tok.text === "title" ? ", or " + NS.text.strip(tok.extra).split(new RegExp("[" + SP + "]+")).map((w) => "title:" + w).join(" ") +
        " for the words anywhere in the title" : "";
    throw new NS.QueryError("proximity (" + typed + text + ": words near each other) is not supported",
      "Search " + typed + " for the words side by side in this order" + anywhere + ".");
  }

  class Parser {
    constructor(toks, notes) { this.toks = toks; this.i = 0; this.notes = notes; this.depth = 0; }
    peek() { return this.i < this.toks.length ? this.toks[this.i] : null; }
    take() { return this.toks[this.i++]; }
    query() {
      const parts = [];
      const first = this.conj();
      if (first !== null) parts.push(first);
      let t;
      while ((t = this.peek()) !== null && t.kind === "or") {
        this.take();
        const nxt = this.conj();
        if (nxt === null) this.notes.push("OR with nothing after it: ignored");
        else if (!parts.length) { this.notes.push("OR with nothing before it: ignored"); parts.push(nxt); }
        else parts.push(nxt);
      }
      if (!parts.length) return null;
      return parts.length === 1 ? parts[0] : {t: "or", nodes: parts};
    }
    conj() {
      const parts = [];
      let t;
      while ((t = this.peek()) !== null) {
        if (t.kind === "or") break;
        if (t.kind === "rpar") {
          if (this.depth) break;
          this.take();
          this.notes.push("unmatched ')' ignored");
          continue;
        }
        if (t.kind === "and") {
          this.take();
          const p = this.peek();
          if (!parts.length || p === null || p.kind === "or" || p.kind === "rpar") {
            this.notes.push("AND without a term on both sides: ignored");
          }
          continue;
        }
        const node = this.unary();
        if (node !== null) parts.push(node);
      }
      if (!parts.length) return null;
      if (parts.every((p) => p.t === "not") && !parts.every(Q.isFilter)) {  // syntax.py: filters excluded stay
        this.notes.push("a query made only of exclusions matches nothing: exclusions ignored");
        return null;
      }
      return parts.length === 1 ? parts[0] : {t: "and", nodes: parts};
    }
    unary() {
      const t = this.take();
      if (t.kind === "not" || t.kind === "lpar") {
        this.depth += 1;
        if (this.depth > Q.MAX_DEPTH) {
          throw new NS.QueryError("parentheses and NOT nested more than " + Q.MAX_DEPTH + " levels deep",
            "Simplify the query: (a OR b) -c needs no more than two levels.");
        }
        try {
          return this.nested(t);
        } finally {
          this.depth -= 1;
        }
      }
      if (t.kind === "phrase") return {t: "phrase", text: t.text};
      if (t.kind === "field") return {t: "field", name: t.text, value: t.extra, quoted: t.quoted};
      return word(t.text, this.notes);
    }
    nested(t) {
      if (t.kind === "not") {
        const nxt = this.peek();
        if (nxt === null || nxt.kind === "or" || nxt.kind === "rpar" || nxt.kind === "and") {
          this.notes.push(t.text + " with nothing after it: ignored");
          return null;
        }
        const inner = this.unary();
        return inner !== null ? {t: "not", node: inner} : null;
      }
      const inner = this.query();
      const nxt = this.peek();
      if (nxt !== null && nxt.kind === "rpar") this.take();
      else this.notes.push("unclosed '(': closed at the end");
      if (inner === null) this.notes.push("empty parentheses ignored");
      return inner;
    }
  }

  function word(text, notes) {
    let fuzzy = 0, prefix = false;
    const boost = BOOST.exec(text.slice(1));  // Sokhon^2, Sokhon~2^3 (Lucene's order)
    if (boost !== null) {
      notes.push(boostNote(boost[0]));
      text = text.slice(0, boost.index + 1);
    }
    const m = /^(.+?)~([0-9]+(?:\.[0-9]*)?)?$/su.exec(text);
    if (m) {
      text = m[1];
      const given = m[2];
      fuzzy = given === undefined ? 1 : Math.min(2, Math.trunc(parseFloat(given)));
      if (given !== undefined && given !== String(fuzzy)) notes.push("fuzzy distance " + given + " read as " + fuzzy + " (0, 1 or 2 edits)");
    }
    else if (text.endsWith("*")) { text = text.replace(/\*+$/, ""); prefix = true; }
    if (text.includes("*") || text.includes("?")) {
      notes.push("wildcards are supported only at the end of a word: " + repr(text) + " searched without them");
      text = text.replace(/\*/g, "").replace(/\?/g, "");
    }
    if (prefix && Array.from(text).length < 2) {
      notes.push("prefix " + repr(text + "*") + " is too short (2 letters at least): ignored");
      return null;
    }
    if (!/[\p{L}\p{N}_]/u.test(text)) {
      if (NS.text.strip(text)) notes.push(repr(text) + " has no letters or digits: ignored");
      return null;
    }
    return {t: "word", text, prefix, fuzzy};
  }

  // search/lang/invisible.py repair_words: invisible characters inside words removed, Ð and ð (eth) beginning a
  // Vietnamese word made Đ and đ, as the articles were at indexing.
  let inside = null;
  const PLAIN_SYLLABLE = "[aeiouyAEIOUY]+(?:[cC][hH]|[nN][hH]|[nN][gG]|[cCmMnNpPtT])?(?![\\p{L}\\p{N}])";
  let eth = null;
  function ethWord() {  // invisible.py _ETH_WORD
    if (eth === null) {
      const vi = NS.text.tables.viMarked, marked = "[a-zA-Z" + vi + "]*[" + vi + "]";
      const before = "(?<![\\p{L}\\p{Nl}\\p{No}])", after = "(?![\\p{L}\\p{Nl}\\p{No}])";
      // a word in capitals holding Ð, none next to a vowel or after R (HÐQT, VNÐ, Ð.; not EIÐUR, SIGURÐUR);
      // Ð or ð before a Vietnamese syllable but a plain one between slashes or brackets (IPA /ðen/); ð after a number
      eth = new RegExp(before + "(?:(?![A-Z\u0110\u00d0]*(?:[AEIOUYR]\u00d0|\u00d0[AEIOUY]))" +
        "[A-Z\u0110]*\u00d0[A-Z\u0110\u00d0]*" + after + "|\u00d0(?=" + marked + "|[A-Z]{2,})|\u00f0(?=" + marked +
        ")|(?<![/\\[])[\u00d0\u00f0](?=" + PLAIN_SYLLABLE + ")|(?<=[/\\[])[\u00d0\u00f0](?=" + PLAIN_SYLLABLE +
        "(?![/\\]])))|(?:(?<=\\p{Nd})|(?<=\\p{Nd}[ \u00a0]))\u00f0" + after, "gu");
    }
    return eth;
  }
  function insideWords() {
    const t = NS.text.tables;
    if (inside === null) {
      inside = new RegExp(t.insideWord, "gu");  // invisible.py INSIDE_WORD
    }
    return inside;
  }
  Q.repairWords = function (text) {
    return text.replace(insideWords(), "").replace(ethWord(), (m) => m.replace(/\u00d0/g, "\u0110").replace(/\u00f0/g, "\u0111"));
  };
  // analyzer.py analyze: each offset of the repaired text -> its offset in ``text`` (UTF-16 units; the invisible
  // characters are in the BMP), or null when repairing removes nothing.
  Q.keptOffsets = function (text) {
    const removed = new Set();
    for (const m of text.matchAll(insideWords())) for (let i = m.index; i < m.index + m[0].length; i++) removed.add(i);
    if (!removed.size) return null;
    const kept = [];
    for (let i = 0; i < text.length; i++) if (!removed.has(i)) kept.push(i);
    return kept;
  };

  NS.parse = function (query) {
    const chars = Array.from(query).length;  // code points, as Python's len()
    if (chars > Q.MAX_QUERY_CHARS) {
      throw new NS.QueryError("the query is " + grouped(chars) + " characters long; at most " +
        grouped(Q.MAX_QUERY_CHARS) + " are read", "Search for the few words that matter, or a short quoted phrase.");
    }
    query = Q.repairWords(query.normalize("NFC")).replace(MINUS, "-");  // syntax.py _MINUS: −Laos, －老挝
    const notes = [];
    const toks = lex(query, notes);
    const terms = toks.filter((t) => t.kind === "word" || t.kind === "phrase" || t.kind === "field").length;
    if (terms > Q.MAX_TERMS) {
      throw new NS.QueryError("the query has " + grouped(terms) + " words and phrases; at most " + Q.MAX_TERMS +
        " are searched", "Search for the words that matter; a long question finds its best matches with a dozen of them.");
    }
    const parser = new Parser(toks, notes);
    const node = parser.query();
    while (parser.peek() !== null) {
      const t = parser.take();
      if (t.kind === "rpar") notes.push("unmatched ')' ignored");
    }
    notes.push(...oneSideFilters(node));
    const fuzzy = fuzzyWords(node);
    if (fuzzy > Q.MAX_FUZZY) {
      throw new NS.QueryError("the query has " + fuzzy + " fuzzy words (word~); at most " + Q.MAX_FUZZY + " are searched",
        "Put ~ after the few words whose spelling is uncertain (Sokhon~): each one is compared with every word of the index.");
    }
    return {node, notes: [...new Set(notes)]};  // syntax.py: said once
  };

  // search/query/syntax.py _one_side_filters: filters typed on one side of an OR at the top, beside words,
  // narrow that side only: said, with the query that narrows all of it.
  function oneSideFilters(node) {
    if (node === null || node.t !== "or") return [];
    const notes = [];
    node.nodes.forEach((side, i) => {
      if (side.t !== "and") return;
      const filters = side.nodes.filter(Q.isFilter), words = side.nodes.filter((n) => !Q.isFilter(n));
      if (!filters.length || !words.length) return;
      const rest = {t: "or", nodes: [...node.nodes.slice(0, i), words.length === 1 ? words[0] : {t: "and", nodes: words},
        ...node.nodes.slice(i + 1)]};
      const typed = filters.map((f) => (f.t === "field" || f.t === "not" ? Q.unparse(f) : unit(f))).join(" ");
      notes.push(typed + " narrows one side of OR only (" + Q.unparse(side) + "); to narrow the whole query: (" +
        Q.unparse(rest) + ") " + typed);
    });
    return notes;
  }

  // search/query/syntax.py narrowed: the query with a clause narrowing all of it (a facet link), in
  // parentheses when it is an OR at its top ("a OR b year:2021" narrows b alone).
  // (and as it was read when its reading ignored something: "kinh tế NOT", an unclosed quote)
  Q.narrowed = (query, clause) => narrowable(query) + " " + clause;

  // syntax.py _narrowable: the query as narrowed puts it before a clause, read once for all of a page's facet
  // links (a Cranfield question has 200 of them, and a parse of its twenty words took 0.5 ms: 100 ms a page).
  let lastNarrowable = [null, ""];
  function narrowable(query) {
    if (lastNarrowable[0] === query) return lastNarrowable[1];
    let parsed = null;
    try { parsed = NS.parse(query); } catch (e) { parsed = null; }
    let text = query;
    if (parsed !== null && parsed.node !== null) {
      text = parsed.notes.length ? Q.unparse(parsed.node) : query;
      if (parsed.node.t === "or") text = "(" + text + ")";
    }
    lastNarrowable = [query, text];
    return text;
  }

  // search/query/syntax.py unparse and quote_value.
  const BARE_VALUE = new RegExp("^[^" + SP + "\"()\\\\" + QU + "]+$", "u");  // “Wire” is quoted: "“Wire”"
  Q.quoteValue = (value) => (BARE_VALUE.test(value) ? value : '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"');
  const unit = (n) => (n.t === "word" || n.t === "phrase" || n.t === "field" ? Q.unparse(n) : "(" + Q.unparse(n) + ")");
  Q.unparse = function (n) {
    if (n.t === "word") return n.text + (n.prefix ? "*" : "") + (n.fuzzy ? "~" + n.fuzzy : "");
    if (n.t === "phrase") return '"' + n.text + '"';
    if (n.t === "field") {
      const value = Q.quoteValue(n.value);
      return n.name + ":" + (value.startsWith('"') || !n.quoted ? value : '"' + value + '"');
    }
    if (n.t === "not") return "-" + unit(n.node);
    if (n.t === "and") return n.nodes.map((c) => (c.t === "or" ? unit(c) : Q.unparse(c))).join(" ");
    return n.nodes.map(Q.unparse).join(" OR ");  // words bind tighter than OR: a OR b c is a OR (b c)
  };

  // The words and phrases a user typed (title: values included).
  Q.texts = function texts(node) {
    if (node === null) return [];
    if (node.t === "word" || node.t === "phrase") return [node.text];
    if (node.t === "field") return node.name === "title" ? [node.value] : [];
    if (node.t === "not") return texts(node.node);
    return node.nodes.flatMap(texts);
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
