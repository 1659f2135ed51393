/* search.html: the query in the URL (?q=...&page=2), results in rank order, facets that narrow the query in
 * place, pages of ten. Every value shown comes from the data files and goes into the page as text
 * (textContent), except snippets, which the engine escaped itself and whose only markup is <mark>.
 *
 * For checks: each hit carries data-id="<article id>", one element data-total="<total>" (data-error when
 * the query cannot run), <html data-rendered="<ms>"> says when the results were put in the page, and the
 * Element Timing entry "results" (that element's elementtiming) when they were first painted (benchmarks).
 */
(function (NS) {
  "use strict";
  if (typeof document === "undefined") return;
  const PER_PAGE = 10;
  const $ = (sel) => document.querySelector(sel);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (attrs[k] === null || attrs[k] === undefined) continue;
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  // A snippet from the engine: its text escaped, <mark> added; anything else is shown as text.
  function snippet(html, lang) {
    const p = el("p", {class: "snippet", lang, dir: "auto"});
    if (html.replace(/<\/?mark>/g, "").includes("<")) p.textContent = html; else p.innerHTML = html;
    return p;
  }

  // 1234567 -> "1,234,567" (toLocaleString builds a number formatter on every call: 5 ms each, cold).
  const number = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const count = (n, noun) => number(n) + " " + noun + (n === 1 ? "" : "s");
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  function humanDate(date) {
    if (!date) return "no date";
    const p = date.split("-");
    const month = p.length > 1 ? MONTHS[parseInt(p[1], 10) - 1] || "" : "";
    if (p.length === 3) return parseInt(p[2], 10) + " " + month + " " + p[0];
    return (month + " " + p[0]).trim();
  }
  function langName(code) {
    const row = NS.meta.tables.languages[code.toLowerCase()];
    return row ? row.name : code === "und" ? "Undetermined" : code;
  }
  function label(name, value) {
    if (name === "lang") return langName(value) + " (" + value + ")";
    if (name === "month") return humanDate(value);
    if (name === "official") return NS.officials.data.names[value] || value;
    return value;
  }
  const quoted = (value) => NS.syntax.quoteValue(value);  // search/query/syntax.py quote_value
  // search/site/filters.py web_url: only http(s) addresses become links (not javascript:, data:, file:).
  const webUrl = (u) => (u && /^https?:\/\/[^\s/]/i.test(u) && !/[\s<>"']/.test(u) ? u : null);

  function url(q, page) {
    return "search.html?q=" + encodeURIComponent(q) + (page > 1 ? "&page=" + page : "");
  }

  function renderHit(h) {
    const li = el("li", {"data-id": h.id});
    li.append(el("a", {class: "hit-title", href: h.href, lang: h.lang, dir: "auto", text: h.title || h.id}));
    // The date, the language, then what the CLI's hit shows: the source, section and author; the original.
    const meta = el("span", {class: "meta"},
      humanDate(h.date) + (h.date && h.dateInferred ? " (date inferred)" : "") +
      (h.date && h.dateFuture ? " (after the date the article was indexed)" : "") + " · " + langName(h.lang));
    for (const value of [h.source, h.section, h.author]) if (value) meta.append(" · ", el("span", {dir: "auto", text: value}));
    if (h.words !== null) meta.append(" · " + h.words + " of the words");
    const original = webUrl(h.url);
    if (original) meta.append(" · ", el("a", {class: "external", href: original, rel: "noopener noreferrer nofollow", text: "original"}));
    li.append(meta);
    for (const s of h.snippets) li.append(snippet(s, h.lang));
    if (h.officials.length) {
      li.append(el("span", {class: "meta", text: "Officials: " + h.officials.map((o) => o[1]).join(", ")}));
    }
    return li;
  }

  function renderFacets(results, q) {
    const aside = el("aside", {class: "facets", "aria-labelledby": "facets"}, el("h2", {id: "facets", text: "Refine"}));
    let any = false;
    const listed = results.total + results.partial;
    for (const f of NS.meta.facets) {
      const rows = results.facets[f.name] || [];
      // the articles the year and month facets do not count (records.py Results.undated), last: no link
      const missing = {year: "undated", month: "no month"}[f.name];
      const left = missing && f.name in results.facets ? listed - rows.reduce((sum, [, n]) => sum + n, 0) : 0;
      if (!rows.length && !left) continue;
      any = true;
      aside.append(el("h3", {text: f.label}));
      const ul = el("ul");
      for (const [value, n] of rows) {
        const typed = f.name + ":" + quoted(value);
        const li = el("li", {"data-facet": f.name, "data-value": value});
        li.append(el("a", {href: url(NS.syntax.narrowed(q, typed), 1), text: label(f.name, value)}));
        li.append(el("span", {class: "count", text: number(n)}));
        ul.append(li);
      }
      if (left > 0) {
        const li = el("li", {"data-facet": f.name, "data-undated": ""});
        li.append(el("span", {text: missing}), el("span", {class: "count", text: number(left)}));
        ul.append(li);
      }
      aside.append(ul);
    }
    return any ? aside : null;
  }

  function renderPaging(results, q, page) {
    const shown = results.total + results.partial;
    const pages = Math.ceil(shown / PER_PAGE);
    if (pages <= 1) return null;
    const nav = el("nav", {class: "paging", "aria-label": "Result pages"});
    if (page > 1) nav.append(el("a", {href: url(q, page - 1), rel: "prev", text: "‹ Previous"}));
    nav.append(el("span", {text: " Page " + page + " of " + pages + " "}));
    if (page < pages) nav.append(el("a", {href: url(q, page + 1), rel: "next", text: "Next ›"}));
    return nav;
  }

  // The newest search: one typed before it that ends after it (its files slower to come) writes nothing, where it
  // put its results (of the query no longer in the box) over the newer one's.
  let latest = 0;

  async function run(q, page) {
    const mine = ++latest;
    const out = $("#results");
    out.replaceChildren(el("p", {class: "muted", text: "Searching…"}));
    if (!q.trim()) {  // the CLI's answer to an empty query: nothing, 0 articles
      out.replaceChildren(el("p", {class: "muted", "data-total": "0", elementtiming: "results", text: "Type a query above."}));
      return;
    }
    let results;
    try {
      const ahead = early !== null && early.q === q && early.page === page ? early.results : null;
      early = null;
      results = await (ahead || NS.search(q, {limit: PER_PAGE, offset: (page - 1) * PER_PAGE}));
    } catch (e) {
      if (mine !== latest) return;
      const message = e instanceof NS.QueryError ? e.message + (e.hint ? " " + e.hint : "") : "The search failed: " + e.message;
      out.replaceChildren(el("p", {class: "error", role: "alert", "data-error": e.message, elementtiming: "results", text: message}));
      if (!(e instanceof NS.QueryError)) console.error(e);
      return;
    }
    if (mine !== latest) return;
    const last = Math.ceil((results.total + results.partial) / PER_PAGE);
    if (!results.hits.length && page > last && last >= 1) {
      // A page past the last one (a bookmark from before articles were removed, a typed page=99): the last
      // page, not "29 articles match" over "No article matches" and "Page 99 of 3".
      history.replaceState(null, "", url(q, last));
      return run(q, last);
    }
    const from = results.offset + 1, to = results.offset + results.hits.length;
    let lead = count(results.total, "article") + (results.total === 1 ? " matches" : " match");
    if (results.hits.length) lead += "; " + from + "–" + to + " shown";
    if (results.partial) lead += " (" + number(results.partial) + " more have most of the words)";
    const section = el("section", {class: "results", "aria-labelledby": "hits"}, el("h2", {id: "hits", class: "visually-hidden", text: "Results"}));
    const ol = el("ol", {class: "hits", start: String(from)});
    for (const h of results.hits) ol.append(renderHit(h));
    section.append(results.hits.length ? ol : el("p", {text: "No article matches."}));
    const paging = renderPaging(results, q, page);
    if (paging) section.append(paging);
    const notes = results.notes.length ? el("ul", {class: "notes"}, ...results.notes.map((n) => el("li", {text: n}))) : null;
    const suggestion = results.suggestion ? el("p", {"data-suggestion": results.suggestion}, "Did you mean ",
      el("a", {href: url(results.suggestion, 1), dir: "auto", text: results.suggestion}), "?") : null;
    out.replaceChildren(el("p", {class: "lead", "data-total": String(results.total), "data-took": results.tookMs.toFixed(1), elementtiming: "results", text: lead}),
      suggestion || "", notes || "", el("div", {class: "with-facets"}, section, renderFacets(results, q) || ""));
    document.title = q + " · Search · News search";
    document.documentElement.dataset.rendered = performance.now().toFixed(1);
  }

  function fromUrl() {
    const params = new URLSearchParams(location.search);
    const q = params.get("q") || "";
    const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    return [q, page];
  }

  function start() {
    const form = $("#search-form");
    if (!form || !$("#results")) return;
    const [q, page] = fromUrl();
    const input = form.querySelector("input[name=q]");
    input.value = q;
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      history.pushState(null, "", url(input.value, 1));
      run(input.value, 1);
    });
    window.addEventListener("popstate", () => { const [q2, p2] = fromUrl(); input.value = q2; run(q2, p2); });
    run(q, page);
  }

  // The engine runs while the page is still being parsed (search.html has it in its head): the query in the
  // address is searched at once, its files load meanwhile, and the results are shown once the page is there.
  let early = null;
  if (document.readyState === "loading") {
    const [q, page] = fromUrl();
    if (q.trim()) {
      early = {q, page, results: NS.search(q, {limit: PER_PAGE, offset: (page - 1) * PER_PAGE})};
      early.results.catch(() => {});  // run() reports it
    }
    document.addEventListener("DOMContentLoaded", start);
  } else start();
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
