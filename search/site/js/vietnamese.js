/* Vietnamese tone placement, the rules of search/lang/vietnamese.py: "hoà" and "hòa" are one spelling
 * (the old placement, as vi-news writes it, is canonical).
 *
 *   NS.normalizeViTones("hoà") -> "hòa"     NS.normalizeViTones("Thuỷ") -> "Thủy"
 */
(function (NS) {
  "use strict";
  const CANONICAL = "old";
  const TONES = "\u0300\u0301\u0303\u0309\u0323";
  const QUALITY = "\u0302\u0306\u031b";
  const VOWELS = "aeiouy";
  const ONSETS = ["ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""];
  const FINALS = ["ch", "nh", "ng", "c", "m", "n", "p", "t", ""];
  const AMBIGUOUS = new Set(["oa", "oe", "uy"]);
  const COMBINING = /^\p{M}$/u;

  function units(nfd) {
    const out = [];
    for (const ch of nfd) {
      if (COMBINING.test(ch)) {
        if (!out.length) return null;
        out[out.length - 1].push(ch);
      } else {
        out.push([ch]);
      }
    }
    return out;
  }

  const isAlpha = (s) => /^\p{L}+$/u.test(s);

  function parse(word) {
    const u = units(word.normalize("NFD"));
    if (!u || !u.length) return null;
    const bases = u.map((x) => x[0]).join("").toLowerCase();
    if (!isAlpha(bases)) return null;
    const b = Array.from(bases);
    for (const onset of ONSETS) {
      if (!bases.startsWith(onset)) continue;
      const rest = Array.from(onset).length;
      if ((onset === "gi" || onset === "qu") && (rest >= b.length || !VOWELS.includes(b[rest]))) continue;
      if (onset && u[rest - 1].slice(1).some((m) => TONES.includes(m) || QUALITY.includes(m)) && onset !== "đ") continue;
      let end = rest;
      while (end < b.length && VOWELS.includes(b[end])) end += 1;
      if (end === rest) return null;
      const fin = b.slice(end).join("");
      if (!FINALS.includes(fin)) return null;
      if (u.slice(end).some((x) => x.length > 1)) return null;
      return [u.slice(0, rest), u.slice(rest, end), u.slice(end), fin];
    }
    return null;
  }

  function toneOf(nucleus) {
    const found = [];
    nucleus.forEach((x, i) => x.slice(1).forEach((m) => { if (TONES.includes(m)) found.push([i, m]); }));
    return found.length === 1 ? found[0] : null;
  }

  function tonePlacement(word) {
    const p = parse(word);
    if (p === null) return null;
    const nucleus = p[1], fin = p[3];
    if (nucleus.length !== 2) return null;
    if (!AMBIGUOUS.has(nucleus.map((x) => x[0]).join("").toLowerCase())) return null;
    if (nucleus.some((x) => x.slice(1).some((m) => QUALITY.includes(m)))) return null;
    const t = toneOf(nucleus);
    if (t === null) return null;
    if (fin) return t[0] === 0 ? "misplaced" : null;
    return t[0] === 0 ? "old" : "new";
  }

  const T = {o: "òóỏõọ", u: "ùúủũụ", a: "àáảãạ", e: "èéẻẽẹ", y: "ỳýỷỹỵ"};
  const TU = {};
  for (const k in T) TU[k] = T[k].toUpperCase();
  const CAND = new RegExp("[" + T.o + TU.o + "][aeAE]|[oO][" + T.a + T.e + TU.a + TU.e + "]" +
    "|[" + T.u + TU.u + "][yY]|[uU][" + T.y + TU.y + "]");

  function repairMarks(nfc) {
    const u = units(nfc.normalize("NFD"));
    if (u === null) return nfc;
    const out = u.map((x) => {
      const marks = [];
      for (const m of x.slice(1)) if (!marks.includes(m)) marks.push(m);
      const keyed = marks.map((m, i) => [QUALITY.includes(m) ? 0 : 1, i, m]);
      keyed.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      return x[0] + keyed.map((k) => k[2]).join("");
    });
    return out.join("").normalize("NFC");
  }

  const cache = new Map();
  NS.normalizeViTones = function (word) {
    let hit = cache.get(word);
    if (hit !== undefined) return hit;
    hit = normalize(word);
    if (cache.size > 100000) cache.clear();
    cache.set(word, hit);
    return hit;
  };

  function normalize(word) {
    let nfc = word.normalize("NFC");
    if (/[\u0300-\u036f]/.test(nfc)) nfc = repairMarks(nfc);
    if (!CAND.test(nfc)) return nfc;
    if (parse(nfc) === null) {  // vietnamese.py: syllables typed together, a foreign word: the last syllable
      const chars = Array.from(nfc);
      for (let i = 1; i < chars.length; i++) {
        const tail = chars.slice(i).join("");
        if (parse(tail) !== null) return chars.slice(0, i).join("") + normalize(tail);
      }
      return nfc;
    }
    const place = tonePlacement(nfc);
    if (place === null || place === CANONICAL) return nfc;
    const parsed = parse(nfc);
    const toneAt = parsed !== null ? toneOf(parsed[1]) : null;
    if (parsed === null || toneAt === null) return nfc;
    const nucleus = parsed[1].map((x) => x.slice());
    const [i, tone] = toneAt;
    nucleus[i].splice(nucleus[i].indexOf(tone), 1);
    nucleus[1 - i].push(tone);
    const out = [parsed[0], nucleus, parsed[2]].map((part) => part.map((x) => x.join("")).join("")).join("");
    return out.normalize("NFC");
  }
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
