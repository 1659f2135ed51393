/* Officials by name, in any spelling or script (search/officials/registry.py Registry.resolve): a name is
 * folded (accents, case, zero-width spaces and name dots aside), honorifics are taken off its front, and
 * Russian case endings off its end, then looked up among the registry's folded names (search/officials.js);
 * a typed accent must be the spelling's, as in an article ("Tân Cương", Xinjiang, is not Qin Gang's Tần Cương).
 *
 *   NS.officials.resolve("Samdech Hun Manet") -> {id: "hun-manet", name: "Hun Manet"}
 */
(function (NS) {
  "use strict";
  const O = NS.officials = {};
  const ZERO = "\u200b\u200c\u200d\u2060\ufeff\u00b7\u2027\u30fb\uff65";
  O.DROPPED = ZERO;  // match.py DROPPED: what a name may hold inside that matching drops (snippets.js nameRuns)

  NS.initOfficials = function (data, tables) {
    O.data = data;
    const word = "[" + NS.text.WORD_CLASS + "]";
    HYPHEN = new RegExp(`(?<=${word})[-\u2010\u2011](?=${word})|(?<=(?<![.]|${word})\\p{L}[.])[-\u2010\u2011](?=${word}{2})`,
      "gu");
    O.stroked = new Set(Array.from(data.stroked));
    O.unspaced = new RegExp("^[" + tables.namesInsideWords + "]", "u");
  };

  function isSpace(ch) { return ch.codePointAt(0) < 0x3001 && NS.text.isSpace.test(ch); }
  // search.officials.match._unhyphenated: a hyphen between two word characters (letters, digits, marks:
  // Python's isalnum() or a mark, NS.text.WORD_CLASS), or after an initial's dot before a word of two characters
  // or more ("j.-trump", not "j.-y."), is a space, "hun-sen" -> "hun sen"
  let HYPHEN = null;

  // search.officials.match.fold_name: fold_mapped's steps (NS.fold's, with spaces " " and zero-width characters
  // and name dots "\0"): spelling normalized; when the text has diacritics, NFC, each character folded, then the
  // accents left without a letter removed (after folding, as NS.fold: "Ａ\u0301" is "a"); else each character folded
  O.foldName = function (text) {
    text = NS.text.strip(text);
    text = NS.normalizeSpelling(text);  // Khmer, Thai, Lao (thai.js)
    const accents = NS.text.DIACRITICS.test(text);
    if (accents) text = text.normalize("NFC");
    let out = "";
    for (const ch of text) {
      if (isSpace(ch)) out += " ";
      else if (ZERO.includes(ch)) out += "\u0000";
      else out += NS.text.foldChar(ch);
    }
    if (accents) out = out.replace(NS.text.STRAY, "");
    out = out.includes("\u0000") ? out.replace(/ [ \u0000]+|\u0000+/g, (m) => (m[0] === " " ? " " : "")) : out.replace(/ {2,}/g, " ");
    return NS.text.strip(out.replace(HYPHEN, " "));
  };

  function* withoutHonorifics(key) {
    yield key;
    let stripped = true;
    while (stripped) {
      stripped = false;
      for (const h of O.data.honorifics) {
        const rest = key.slice(h.length);
        if (key.startsWith(h) && rest && (rest[0] === " " || O.unspaced.test(rest))) {
          key = NS.text.strip(rest);
          stripped = true;
          yield key;
          break;
        }
      }
    }
  }

  const suffixOk = (cut, suffix) => (cut === null ? suffix === "" : (O.data.endings[cut] || []).includes(suffix));

  // search.officials.match.words_of: the words of a name as written (NFC, zero-width characters and name dots
  // removed, a hyphen between two word characters a space)
  function wordsOf(text) {
    let cleaned = "";
    for (const ch of text.normalize("NFC")) {
      if (!ZERO.includes(ch)) cleaned += ch;
    }
    cleaned = cleaned.replace(HYPHEN, " ");
    const words = [];
    let word = "";
    for (const ch of cleaned) {
      if (NS.text.isSpace.test(ch)) { if (word) words.push(word); word = ""; } else word += ch;
    }
    if (word) words.push(word);
    return words;
  }

  // search.officials.match.mark_signature: the accents on the Latin letters of a word, in code point order,
  // a stroke ("đ") as "/"; those NFC leaves apart count too ("Hò" + U+0302 + "ng" is "Hồng" typed tone first)
  const COMBINING = /^\p{M}$/u;  // Python's unicodedata.combining(c) != 0 for the marks after Latin letters
  function signature(word) {
    const marks = [];
    let latin = false;
    for (const ch of word.toLowerCase().normalize("NFD")) {
      if (COMBINING.test(ch)) {
        if (latin) marks.push(ch);
        continue;
      }
      const o = ch.codePointAt(0);
      latin = /\p{L}/u.test(ch) && (o < 0x250 || (o >= 0x1e00 && o <= 0x1eff));
      if (O.stroked.has(ch)) marks.push("/");
    }
    return marks.sort().join("");
  }

  // search.officials.registry._spelled / match.accents_agree: each typed word (the last ones: honorifics come
  // first) carries the spelling's accents or none, and words without any accent spell unaccented spellings only
  function spelled(sig, typed) {
    if (sig === null || typed.length < sig.length) return true;
    const words = typed.slice(typed.length - sig.length);
    let accented = false;
    for (let i = 0; i < sig.length; i++) {
      const marks = signature(words[i]);
      if (marks && marks !== sig[i]) return false;
      accented = accented || marks !== "";
    }
    return accented || !sig.some((m) => m !== "");
  }

  // compile.py field(): an official's names (Registry.name_keys) and someone else's longer names that hold
  // them (Registry.hiding_keys), as runs of folded words the way the engine splits them (engine.registry_runs),
  // in a file of their own: most queries name no official. Asked for as soon as a name is resolved (O.resolve),
  // so that it loads while the query is compiled; O.runs and O.hidingRuns once O.loadRuns() has resolved.
  let runs = null, runsLoaded = null;
  O.loadRuns = function () {
    if (runsLoaded === null) runsLoaded = NS.load("officials/runs").then((data) => { runs = data; });
    return runsLoaded;
  };
  O.runs = (id) => runs.runs[id] || [];
  O.hidingRuns = (id) => runs.hiding[id] || [];

  // The registered official a name (any alias, any script) or an id stands for, or null.
  O.resolve = function (name) {
    const entries = O.data.entries;
    // The words as typed, only for a key the registry has: a question of twenty words asks for every run of
    // up to nameWords of its words (compile.js officials), and few runs are anyone's name.
    let typed = null;
    for (const key of withoutHonorifics(O.foldName(name))) {
      const chars = Array.from(key);
      for (let split = chars.length; split > Math.max(chars.length - 4, 0); split--) {
        const head = chars.slice(0, split).join(""), tail = chars.slice(split).join("");
        for (const [id, cut, sig] of entries[head] || []) {
          if (!suffixOk(cut, tail)) continue;
          if (typed === null) typed = wordsOf(name);
          if (spelled(sig, typed)) return found(id);
        }
      }
    }
    const id = NS.text.strip(name);
    return Object.prototype.hasOwnProperty.call(O.data.names, id) ? found(id) : null;
  };
  function found(id) {
    O.loadRuns().catch(() => {});  // on its way (compile.js waits for it; a failure is reported there)
    return {id, name: O.data.names[id]};
  }
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
