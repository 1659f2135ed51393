/* Characters: the one folding function (search/lang/fold.py), Python's idea of whitespace, HTML escaping.
 *
 *   NS.fold("Bùi Thanh Sơn") -> "bui thanh son"     NS.fold("Đà Nẵng") -> "da nang"
 *   NS.fold("ได้ ពង្រឹង") -> unchanged (Thai and Khmer signs are vowels)
 *
 * The tables (combining marks, scripts whose marks are accents, special letters) come from search/lang in
 * meta.js, so the page folds with the same rules as the engine; NS.initText(tables) builds the expressions.
 */
(function (NS) {
  "use strict";
  const T = NS.text = {};
  // Python's str.isspace(): what str.strip() removes.
  const PY_SPACE = T.PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const STRIP = new RegExp("^[" + PY_SPACE + "]+|[" + PY_SPACE + "]+$", "g");
  T.strip = (s) => s.replace(STRIP, "");
  const SPLIT = new RegExp("[" + PY_SPACE + "]+");
  T.split = (s) => T.strip(s).split(SPLIT).filter((w) => w);  // str.split()
  T.isSpace = new RegExp("^[" + PY_SPACE + "]+$");
  T.DIACRITICS = /[\u0300-\u036f\u0640\u064b-\u0652\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/u;
  T.SPELLING = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\uff66-\uff9f]/;  // spelling.py HAS_NORMALIZED

  NS.initText = function (tables) {
    T.tables = tables;
    T.special = tables.special;
    T.accentBase = "\\x00-\\u024f" + tables.accented;
    T.ACCENT_BASE = new RegExp("^[" + T.accentBase + "]", "u");
    T.STRAY = new RegExp("(?<=[" + T.accentBase + "])[" + tables.marks + "]+|" + tables.optionalMarks, "gu");
    T.OPTIONAL = new RegExp(tables.optionalMarks, "gu");  // fold.py OPTIONAL_MARKS
    T.MARK = new RegExp("^[" + tables.marks + "]$", "u");
    // A letter, digit or mark: Python's category L, N or M (names.py is_word_char, suggest.py _wordlike), its marks
    // from the CLI's table, not the browser's \p{M} (a later Unicode: 135 code points more in Chromium 156).
    T.WORD_CLASS = "\\p{L}\\p{N}" + tables.marks;
    T.WORDLIKE = new RegExp("^[" + T.WORD_CLASS + "]$", "u");
    T.LETTERS = new RegExp("^[\\p{L}" + tables.marks + "]+$", "u");  // pieces.py _word_of_letters: category L or M
    T.zeros = Array.from(tables.digitZeros, (z) => z.codePointAt(0));  // code points of the digit zeros
    T.cache = new Map();
    // search/lang/han.py: traditional Chinese character -> simplified (the table shipped only to a collection
    // with Chinese characters; one character for one, in the BMP).
    const pairs = (both) => {
      const m = new Map();
      if (both) { const from = Array.from(both[0]), to = Array.from(both[1]); from.forEach((c, i) => m.set(c, to[i])); }
      return m;
    };
    T.hanS = pairs(tables.hanSimplified);
  };

  // search.lang.han.simplify: traditional Chinese characters in their simplified form (the same length).
  NS.simplify = function (text) {
    if (!T.hanS.size || !HAN.test(text)) return text;
    let out = "";
    for (const ch of text) out += T.hanS.get(ch) || ch;
    return out;
  };
  const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2a6df}]/u;
  const ALL_HAN = new RegExp(`^${HAN.source}+$`, "u");  // one home for the ranges, as han.py _ALL_HAN
  NS.allHan = (text) => ALL_HAN.test(text);  // search.lang.han.all_han

  // Python's unicodedata.combining(c) != 0, for the marks that follow Latin and Greek letters in NFD.
  const COMBINING = /\p{M}/u;

  function foldChar(ch) {
    const simple = T.hanS.get(ch);
    if (simple) return simple;  // a traditional Chinese character: no case, no accent
    const arabic = T.tables.arabicLetters[ch];  // fold.py ARABIC_LETTERS: Persian ی ک are Arabic ي ك
    if (arabic) return arabic;
    let out = "";
    for (let low of (T.tables.compat[ch] || ch).toLowerCase()) {
      low = T.special[low] || low;
      const decomposed = Array.from(low.normalize("NFD"));
      if (decomposed.length > 1 && T.ACCENT_BASE.test(decomposed[0])) {
        low = (T.special[decomposed[0]] || decomposed[0]) +
          decomposed.slice(1).filter((c) => !COMBINING.test(c)).join("");
      }
      out += low;
    }
    return out.replace(T.STRAY, "");
  }

  T.foldChar = function (ch) {
    let f = T.cache.get(ch);
    if (f === undefined) { f = foldChar(ch); T.cache.set(ch, f); }
    return f;
  };

  function translate(text) {
    let out = "";
    for (const ch of text) out += T.foldChar(ch);
    return out;
  }

  // search.lang.fold.fold
  NS.fold = function (text) {
    if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
    if (T.SPELLING.test(text)) text = NS.normalizeSpelling(text);  // Khmer, Thai, Lao, half-width kana (thai.js)
    if (T.DIACRITICS.test(text)) return translate(text.normalize("NFC")).replace(T.STRAY, "");
    return translate(text);
  };

  // search.lang.fold.without_optional_marks: Cyrillic stress, Arabic harakat and tatweel removed ("замо́к" -> "замок").
  NS.withoutOptionalMarks = (word) => (/[\u0300\u0301\u0307\u0640\u064b-\u0652\u0670]/.test(word) ? word.replace(T.OPTIONAL, "") : word);

  // search.lang.fold.compat: full-width ＡＳＥＡＮ, the ligature ﬁ... in their Latin or Greek form.
  NS.compat = function (word) {
    let out = "";
    for (const ch of word) out += T.tables.compat[ch] || ch;
    return out;
  };

  // search.lang.fold.DIGIT_VALUES: a digit of tables.digitZeros -> its value; -1 for any other character.
  function digitValue(ch) {
    const cp = ch.codePointAt(0);
    const zero = T.zeros.find((z) => cp >= z && cp < z + 10);
    return zero === undefined ? -1 : cp - zero;
  }

  // search.lang.fold.digit_spellings: a number in the digits of tables.digitZeros -> the same number in each of
  // them, the word first; [] for any other word.
  NS.digitSpellings = function (word) {
    const values = Array.from(word, digitValue);
    if (!values.length || values.some((v) => v < 0)) return [];
    const out = [word];
    for (const z of T.zeros) out.push(values.map((v) => String.fromCodePoint(z + v)).join(""));
    return Array.from(new Set(out));
  };

  // search.lang.fold.ascii_digits: the digits of tables.digitZeros made ASCII ("２０２４-１１" -> "2024-11").
  NS.asciiDigits = function (text) {
    return Array.from(text, (ch) => {
      const v = digitValue(ch);
      return v < 0 ? ch : String(v);
    }).join("");
  };

  // search.lang.fold.digit_runs: a phrase's words, then the same with every number in each script's digits.
  NS.digitRuns = function (words) {
    if (!words.some((w) => NS.digitSpellings(w).length)) return [words];
    const out = [words];
    for (const z of T.zeros) {
      out.push(words.map((w) => (NS.digitSpellings(w).length
        ? Array.from(w, (ch) => String.fromCodePoint(z + digitValue(ch))).join("")
        : w)));
    }
    const seen = new Set();
    return out.filter((r) => { const k = r.join("\u0001"); if (seen.has(k)) return false; seen.add(k); return true; });
  };

  // search.lang.pieces.number_groups: "1000" -> ["1", "000"]; [] for a word that is not a number of
  // tables.minGrouped digits or more, or that starts with 0.
  const isNumber = NS.isNumber = (word) => word.length > 0 && Array.from(word).every((ch) => digitValue(ch) >= 0);
  NS.numberGroups = function (word) {
    if (word.length < T.tables.minGrouped || !isNumber(word) || digitValue(word[0]) === 0) return [];
    const head = word.length % 3 || 3;
    const out = [word.slice(0, head)];
    for (let i = head; i < word.length; i += 3) out.push(word.slice(i, i + 3));
    return out;
  };

  // search.lang.pieces.word_splits: a number's groups, or a word of letters and digits cut at some of its
  // boundaries between letters and digits, each way, fewest cuts first ("covid19" -> [["covid", "19"]]).
  NS.wordSplits = function (word) {
    const groups = NS.numberGroups(word);
    if (groups.length) return [groups];
    const chars = Array.from(word);
    const cuts = [];
    for (let k = 1; k < chars.length; k++) if ((digitValue(chars[k]) >= 0) !== (digitValue(chars[k - 1]) >= 0)) cuts.push(k);
    if (!cuts.length || cuts.length > T.tables.maxCuts) return [];
    const ways = [];
    for (let mask = 1; mask < 1 << cuts.length; mask++) ways.push(cuts.filter((c, i) => (mask >> i) & 1));
    ways.sort((x, y) => x.length - y.length);  // stable, as Python's sort
    const out = ways.map((way) => [0, ...way].map((a, i) => chars.slice(a, i < way.length ? way[i] : chars.length).join("")));
    // _lone_digit: a piece of one digit only with a word of letters after it (tables.minAfterDigit letters or
    // more: 8GB, or a unit of tables.unitLetters: 2m) or before it (tables.minBeforeDigit: CoV2); not B1, 5G, CO2.
    const wordOf = (piece, min) => piece !== undefined && Array.from(piece).length >= min &&
      Array.from(piece).every((ch) => digitValue(ch) < 0);
    const lone = (way, k) => Array.from(way[k]).length === 1 && digitValue(way[k]) >= 0 &&
      !(wordOf(way[k + 1], T.tables.minAfterDigit) || (way[k + 1] !== undefined &&
        T.tables.unitLetters.includes(way[k + 1].toLowerCase())) || wordOf(way[k - 1], T.tables.minBeforeDigit));
    const kept = out.filter((way) => !way.some((_, k) => lone(way, k)));
    if (cuts.length === 1 && kept.length && NS.numberGroups(kept[0][0]).length) {
      // 1000km: the number in groups too, apart from its word or glued to it (1.000 km, 1.000km: 1 000km)
      const [number, rest] = kept[0];
      const groups = NS.numberGroups(number);
      kept.push([...groups, rest], [...groups.slice(0, -1), groups[groups.length - 1] + rest]);
    }
    return kept;
  };

  // search.lang.vietnamese.is_folded_syllable, syllable_cuts: a word of letters typed without diacritics as
  // Vietnamese syllables written joined (vietnam -> [["viet", "nam"]]), two if it can be, else three, each of
  // tables.minCut letters or more; none for a word that is one syllable itself.
  let syllableRx = null;
  NS.isFoldedSyllable = function (word) {
    syllableRx = syllableRx || new RegExp("^(?:" + T.tables.foldedSyllable + ")$");
    return syllableRx.test(word);
  };
  // search.lang.vietnamese.joinable: a syllable a word typed joined is cut into (minCut letters or more), so that
  // words typed apart are joined (ha + noi, not English a + long)
  NS.joinable = (word) => Array.from(word).length >= T.tables.minCut && NS.isFoldedSyllable(word);
  const cutsOf = (word, parts) => {
    if (parts === 1) return NS.joinable(word) ? [[word]] : [];
    const out = [];
    for (let k = T.tables.minCut; k <= Math.min(word.length - T.tables.minCut, T.tables.longestSyllable); k++) {
      if (!NS.isFoldedSyllable(word.slice(0, k))) continue;
      for (const rest of cutsOf(word.slice(k), parts - 1)) out.push([word.slice(0, k), ...rest]);
    }
    return out;
  };
  NS.syllableCuts = function (word) {
    if (!/^[A-Za-z]+$/.test(word) || word.length > T.tables.maxSyllables * T.tables.longestSyllable ||
        NS.isFoldedSyllable(word)) return [];
    for (let parts = 2; parts <= T.tables.maxSyllables; parts++) {
      const found = cutsOf(word, parts);
      if (found.length) return found;
    }
    return [];
  };

  // search.lang.pieces.glued: a number and a word of letters (either first) typed apart are also the one word
  // glued when that word is also them side by side (20 km is 20km; not 5 g, B 1, có 2).
  NS.glued = function (first, second) {  // letters and marks: the CLI's (T.LETTERS), not the browser's \p{M}
    if (!(isNumber(first) && T.LETTERS.test(second) || T.LETTERS.test(first) && isNumber(second))) return false;
    return NS.wordSplits(first + second).some((way) => way.length === 2 && way[0] === first && way[1] === second);
  };

  // search.lang.pieces.time_of: [hour, minutes] if words (gaps[k] between word k and k + 1) are a time of day
  // (10h30; 10 and 30 with a colon between; 10 giờ 30), else null.
  const numberValue = (word) => Number(Array.from(word, (ch) => String(digitValue(ch))).join(""));
  const hourOf = (word) => {
    if (Array.from(word).length > 2 || !isNumber(word)) return null;
    const v = numberValue(word);
    return v <= T.tables.lastHour ? v : null;
  };
  const minuteOf = (word) => {
    if (Array.from(word).length !== 2 || !isNumber(word)) return null;
    const v = numberValue(word);
    return v < 60 ? v : null;
  };
  const spaceGap = (gap) => gap.length === 1 && T.tables.glueSpaces.includes(gap);
  NS.timeOf = function (words, gaps) {
    let hour = null, minute = null;
    if (words.length === 1) {
      const m = /^([0-9]{1,2})[hH]([0-9]{2})$/.exec(words[0]);
      if (m) { hour = hourOf(m[1]); minute = minuteOf(m[2]); }
    } else if (words.length === 2 && gaps[0] === ":") {
      hour = hourOf(words[0]); minute = minuteOf(words[1]);
    } else if (words.length === 3 && spaceGap(gaps[0]) && spaceGap(gaps[1]) &&
               T.tables.hourWords.includes(words[1].toLowerCase())) {
      hour = hourOf(words[0]); minute = minuteOf(words[2]);
    }
    return hour !== null && minute !== null ? [hour, minute] : null;
  };

  // search.lang.pieces.time_spellings: 10h30 (9h30 and 09h30), 10 giờ 30 (9 and 09 giờ 30), as the index holds
  // them; typed with a colon, also the hour and minutes (8:30 is 08:30).
  NS.timeSpellings = function (hour, minute, colon) {
    const mm = String(minute).padStart(2, "0");
    const hours = hour < 10 ? [String(hour), "0" + hour] : [String(hour)];
    return [...hours.map((h) => [h + "h" + mm]), ...hours.map((h) => [h, "giờ", mm]),
      ...(colon ? hours.map((h) => [h, mm]) : [])];
  };

  // search.lang.pieces.time_key: the exact key every spelling of a time has ("#10h30 #10h30": no colon, which stems' keys hold)
  NS.timeKey = function (hour, minute) {
    const key = T.tables.numbers.mark + hour + "h" + String(minute).padStart(2, "0");
    return key + " " + key;
  };

  // search.analysis.terms.times_written: where text writes a time with one of keys, however written ([start, end,
  // key], UTF-16 offsets)
  NS.timesWritten = function (text, keys) {
    if (!/\p{Nd}[h:]\p{Nd}|\p{Nd}\s+gi[ờo]\s+\p{Nd}/iu.test(text)) return [];  // terms.py _CLOCK
    const spans = NS.splitWords(text);
    return NS.timeRuns(text, spans).map(([a, b, clock]) => [spans[a][1], spans[b - 1][2], NS.timeKey(...clock)])
      .filter((t) => keys.has(t[2]));
  };

  // search.lang.pieces.time_runs: the runs of spans that are a time of day, [i, j, [hour, minutes]]; not numbers
  // joined by colons that go on (1:10:30).
  NS.timeRuns = function (text, spans) {
    const between = (k) => text.slice(spans[k - 1][2], spans[k][1]);
    const out = [];
    let i = 0;
    while (i < spans.length) {
      for (const j of [i + 3, i + 2, i + 1]) {
        if (j > spans.length) continue;
        const gaps = [];
        for (let k = i + 1; k < j; k++) gaps.push(between(k));
        const found = NS.timeOf(spans.slice(i, j).map((s) => s[0]), gaps);
        const colons = j - i === 2 && ((i > 0 && between(i) === ":") || (j < spans.length && between(j) === ":"));
        if (found !== null && !colons) {
          out.push([i, j, found]);
          i = j - 1;
          break;
        }
      }
      i += 1;
    }
    return out;
  };

  // search.lang.acronyms: a query word typed as an acronym, in capitals (US, TƯ) or with dots in any case (U.S.,
  // u.s., T.Ư): its letters (typedAcronym), and the exact field's key of them ("US US", acronymKey).
  const acronymLetter = "[\\p{L}\\p{Nl}\\p{No}]";  // Python's [^\W\d_]
  const upperOnly = (s) => s === s.toUpperCase() && s !== s.toLowerCase();
  const toned = (letters) => /[\u0300\u0301\u0303\u0309\u0323]/.test(letters.normalize("NFD"));  // LÀO, not an acronym
  NS.typedAcronym = function (typed) {
    const [least, capitals, dotted] = T.tables.acronymLetters;
    const n = Array.from(typed).length;
    if (n >= least && n <= capitals && /^\p{L}+$/u.test(typed) && upperOnly(typed) && !toned(typed)) return typed;
    const m = new RegExp(`^((?:${acronymLetter}\\.){${least - 1},${dotted - 1}}${acronymLetter})\\.?$`, "u").exec(typed);
    return m && !toned(m[1]) ? m[1].replace(/\./g, "") : null;
  };
  // search.lang.acronyms.shouted: a query in capitals throughout, of two words or more, one of them no acronym or
  // whose acronyms no article writes together (written(letters) false: HA NOI, CO THE).
  NS.shouted = async function (texts, written) {
    const words = texts.flatMap((text) => NS.text.split(text)).filter((w) => Array.from(w).some((ch) => /^\p{L}$/u.test(ch)));
    if (words.length < 2 || !words.every(upperOnly)) return false;
    const letters = words.map((w) => NS.typedAcronym(w));
    if (letters.some((x) => x === null)) return true;
    return !(await written(letters));
  };
  NS.acronymKey = function (letters) {
    const upper = NS.fold(NS.compat(letters)).toUpperCase();
    return upper + " " + upper;
  };
  // search.lang.vietnamese.name_key: the exact key of capitalised syllables side by side ("^vietnam ^vietnam")
  NS.isNameKey = (key) => key[0] === T.tables.nameMark;
  NS.nameKey = (joined) => (joined = T.tables.nameMark + joined) + " " + joined;
  // search.lang.vietnamese.initial_key: such a run from a sentence's first word ("^^theopham ^^theopham")
  NS.initialKey = (joined) => (joined = T.tables.initialMark + joined) + " " + joined;

  // search.lang.numbers.typed_number: the exact key a query word typed as a decimal or a percentage searches
  // ("3,5" and "3.5" -> "#3.5 #3.5", "10%" and "10 %" -> "#10% #10%"); null for any other (10, 1.000, 12.03.2024).
  // numbers.py's patterns, from the tables (built once)
  let NUM = null;
  function numberPatterns() {
    if (NUM !== null) return NUM;
    const {points, percent, spaces, group, words, first, before, glue, maxGlue, pointWords} = T.tables.numbers;
    // numbers.py GROUPS: the spaces between groups of three digits and the Swiss marks (12'100.5, numbers-7)
    const groups = T.tables.numbers.groups + T.tables.numbers.groupMarks;
    const esc = (s) => s.replace(/[\]\\^\-]/g, "\\$&");
    const digit = "[" + T.zeros.map((z) => String.fromCodePoint(z) + "-" + String.fromCodePoint(z + 9)).join("") + "]";
    const nonzero = "[" + T.zeros.map((z) => String.fromCodePoint(z + 1) + "-" + String.fromCodePoint(z + 9)).join("") + "]";
    const sep = "[" + esc(points) + "]";
    const glued = `[${esc(glue)}]{0,${maxGlue}}`;
    const word = "[\\p{L}\\p{N}_]";  // Python's \w
    // numbers.py _AFTER and _FIRST: a percent word of a script with spaces after (before) one space, in any case;
    // one of a script without spaces glued or after a few spaces
    // numbers-7: a word read in any case (the "i" flag) takes i, ı, I and İ for one another, as Python's (?i) does
    // (MİLYONU, YILLIK, KİŞİ, PUANI: Turkish capitals, and English-style ones, MILYONU); JavaScript's case folding
    // takes İ and ı for no other letter, so the page read 10 in yüzde 5 ila 10 MİLYONU as 10%, the CLI did not
    const caseless = (pattern) => pattern.replace(/[iıİI]/gu, "[iıİI]");
    const spelled = (list, together) => caseless(NS.wordsPattern(list, together));
    const after = `(?:[${esc(spaces)}](?:${spelled(words, false)})(?!${word}))|(?:${glued}(?:${spelled(words, true)}))`;
    const firstRe = `(?:(?<!${word})(?:${spelled(first, false)})[${esc(spaces)}])|(?:(?:${spelled(first, true)})${glued})`;
    // numbers.py _POINT: a percent sign or word followed by a word for "point" (3%p, 2 %-Punkte, パーセントポイント);
    // one of one letter (p) only glued to the sign, none before a dot, & or / and a letter (5% p.a., 10% P&G)
    const longer = spelled(pointWords.filter((w) => w.length > 1), false);
    const letter = spelled(pointWords.filter((w) => w.length === 1), false);
    const pointWord = `(?:[${esc(spaces)}-]?(?:${longer})|(?:${letter}))(?!${word})(?![.&/]${word})|${glued}(?:${spelled(pointWords, true)})`;
    const point = `(?!${pointWord})`;
    const {rangeUnits, rangeInflected} = T.tables.numbers;
    NUM = {
      caseless,  // rangePatterns: range words in any case
      sep, percent, groups, before, group, digit, esc, points, glued, digits: new Set(T.zeros.flatMap((z) => Array.from({length: 10}, (_, v) => String.fromCodePoint(z + v)))),
      head: `${nonzero}${digit}{0,2}(?:[${esc(groups)}]${digit}{${group}})+(?!${digit})`,
      typed: new RegExp(`^(${digit}+(?:${sep}${digit}+)*)([${esc(spaces)}]?[${esc(percent)}])?$`, "u"),
      // numbers.py NUMBER, at a place (sticky); the words in any case
      at: new RegExp(`(?<!${digit})(?<!${digit}${sep})(${digit}+(?:${sep}${digit}+)*)(?!${sep}?${digit})` +
        `((?:(?:[${esc(spaces)}]?[${esc(percent)}])|${after})${point})?`, "iuy"),
      firstEnd: new RegExp(`(?:${firstRe})$`, "iu"),  // numbers.py _FIRST_END
      // numbers.py _WORD_AFTER and _WORD_FIRST: a percent word after a number (not of a point), or before it
      wordAfter: new RegExp(`(?<=${digit})(?:${after})${point}`, "giu"),
      wordFirst: new RegExp(`(?:${firstRe})(${digit}+(?:${sep}${digit}+)*)(?!${sep}?${digit})`, "giu"),
      pointNext: new RegExp(`(?:${pointWord})`, "iuy"),  // numbers.py _POINT_NEXT: %2 puan
      // numbers.py _RANGE_UNIT: a magnitude or a count after a range's last end (ร้อยละ 5 ถึง 10 ล้านคน; Turkish's
      // inflected, yüzde 5 ila 10 milyonu: RANGE_INFLECTED)
      rangeUnit: new RegExp(`(?:[${esc(spaces)}](?:${spelled(rangeUnits, false)}|${caseless(rangeInflected)})(?!${word}))|` +
        `(?:${glued}(?:${spelled(rangeUnits, true)}))`, "iuy"),
      groupTail: new RegExp(`${digit}{${group}}(?!${digit})`, "uy"),
    };
    return NUM;
  }
  // numbers.py words_pattern: the alternation of words of scripts written without spaces (glued) or with, the
  // longest first
  NS.wordsPattern = function (words, glued) {
    const segmented = new RegExp("^[" + T.tables.segmented + "]", "u");
    const chosen = words.filter((w) => segmented.test(w) === glued).map((w, i) => [w, i]);
    chosen.sort((a, b) => Array.from(b[0]).length - Array.from(a[0]).length || a[1] - b[1]);
    const inside = glued ? "\u200b?" : "";  // numbers.py: a zero width space may stand inside (១០​ភាគ​រយ)
    return chosen.map(([w]) => Array.from(w).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(inside)).join("|") || "(?!)";
  };
  const numberKey = (value) => T.tables.numbers.mark + value + " " + T.tables.numbers.mark + value;

  // numbers.py _value: a run of digits and separators -> [its value in ASCII digits with a dot, whether a decimal];
  // null for no one number (12.03.2024) or an ambiguous one (1.000)
  function decimalValue(run) {
    const {sep, group} = numberPatterns();
    const parts = NS.asciiDigits(run).split(new RegExp(`(${sep})`, "u"));
    const numbers = parts.filter((_, i) => i % 2 === 0), seps = parts.filter((_, i) => i % 2 === 1);
    const whole = (digits) => digits.replace(/^0+/, "") || "0";  // numbers.py _whole: 05% is 5%
    if (!seps.length) return [whole(numbers[0]), false];
    const grouping = seps.slice(0, -1);
    if (grouping.some((s) => s !== seps[0]) || numbers.slice(1, -1).some((n) => n.length !== group)) return null;
    if (grouping.length && (numbers[0].length > group || numbers[0][0] === "0")) return null;
    const last = numbers[numbers.length - 1];
    if (seps[seps.length - 1] === seps[0] && grouping.length) {  // 1.000.000: a whole number in groups
      return last.length === group ? [whole(numbers.join("")), false] : null;
    }
    if (!grouping.length && last.length === group) return null;  // 1.000, 6,497: ambiguous
    const fraction = last.replace(/0+$/, "");  // 3,50 is 3,5; 3,0 is 3
    return [whole(numbers.slice(0, -1).join("")) + (fraction ? "." + fraction : ""), true];
  }
  const ungroup = (s) => Array.from(s).filter((c) => !numberPatterns().groups.includes(c)).join("");

  // search.lang.numbers.typed_number: the exact key a query word typed as a decimal or a percentage searches
  // ("3,5" and "3.5" -> "#3.5 #3.5", "10%" and "10 %" -> "#10% #10%"); null for any other (10, 1.000, 12.03.2024).
  NS.typedNumber = function (typed, after = "") {
    const N = numberPatterns();
    const before = typed !== "" && N.percent.includes(Array.from(typed)[0]);  // %10 (Turkish)
    let run = before ? typed.slice(Array.from(typed)[0].length) : typed;
    const head = new RegExp("^" + N.head, "u").exec(run);  // numbers.py _HEAD: 1 234,5 (words joined by syntax.js)
    if (head !== null && !NS.groupingAfter(after)) return null;  // 12 100% after tháng
    if (head !== null) run = ungroup(head[0]) + run.slice(head[0].length);
    const m = N.typed.exec(run);
    if (m === null || (before && m[2] !== undefined)) return null;  // %10% is no number
    const found = decimalValue(m[1]);
    if (found === null) return null;
    if (m[2] !== undefined || before) return numberKey(found[0] + "%");
    return found[1] ? numberKey(found[0]) : null;
  };

  // numbers.py _head: where a number grouped with spaces begins when the run at ``begin`` is its last group
  function groupsHead(text, begin) {
    const N = numberPatterns();
    let head = begin;
    for (;;) {
      N.groupTail.lastIndex = head;
      if (!(N.groupTail.test(text) && head > 1 && N.groups.includes(text[head - 1]) && N.digits.has(text[head - 2]))) break;
      let first = head - 1;
      while (first && N.digits.has(text[first - 1])) first -= 1;
      if (head - 1 - first > N.group) break;
      head = first;
    }
    if (head === begin || digitValue(text[head]) === 0 || (head > 1 && N.points.includes(text[head - 1]) && N.digits.has(text[head - 2]))) {
      return begin;  // numbers.py _head: 0 000,5; 5,1 050,3
    }
    return NS.groupingAfter(text.slice(Math.max(0, head - T.tables.numbers.maxBefore), head)) ? head : begin;
  }

  // numbers.py grouping_after: whether a number grouped with spaces may begin after before (not A52 256GB,
  // 0904 130 130, tháng 12 100%)
  NS.groupingAfter = function (before) {
    if (before === "") return true;
    const segmented = new RegExp("^[" + T.tables.segmented + "]", "u");
    const last = Array.from(before).pop();
    if (/[\p{L}\p{M}\p{N}\p{Pe}]/u.test(last) && !segmented.test(last)) return false;
    const groups = T.tables.numbers.groups;
    let end = before.length;
    while (end && groups.includes(before[end - 1])) end -= 1;
    const spaced = before.slice(0, end);
    if (end < before.length && end && digitValue(Array.from(spaced).pop()) >= 0) return false;
    const dot = spaced.endsWith(".") ? "." : "";  // Sept. 12 100 (DATE_WORDS' abbreviations)
    const word = (/[\p{L}\p{M}]+$/u.exec(spaced.slice(0, spaced.length - dot.length)) || [""])[0].toLowerCase() + dot;
    return !T.tables.numbers.dates.some((d) => word === d || (segmented.test(d) && word.endsWith(d)));
  };

  // search.lang.numbers.keys_at: the keys of the number written exactly at text[start:end] (UTF-16 offsets; the
  // digits concerned are all in the BMP); none for a part of a number (the 3 and 5 of 3, 5, the 10 of 10 000 %).
  // search.lang.numbers.numbers_written: where text writes a number with one of keys, however written
  // ([start, end, key], UTF-16 offsets), the longest from each place.
  NS.numbersWritten = function (text, keys) {
    const N = numberPatterns();
    if (N.run === undefined) N.run = new RegExp(`${N.digit}+(?:(?:${N.sep}|[${N.esc(N.groups)}])${N.digit}+)*`, "gu");
    const out = [];
    for (const m of text.matchAll(N.run)) {
      const from = m.index, to = m.index + m[0].length;
      const cuts = [];
      for (let i = from; i < to; i++) if (N.groups.includes(text[i])) cuts.push(i);
      const ends = cuts.concat([to]).reverse();
      let at = from;
      for (const start of [from].concat(cuts.map((c) => c + 1))) {
        if (start < at) continue;
        for (const end of ends) {
          const found = end > start ? [...NS.numberKeysAt(text, start, end)].filter((k) => keys.has(k)).sort() : [];
          if (found.length) { out.push([start, end, found[0]]); at = end; break; }
        }
      }
    }
    return out;
  };

  NS.numberKeysAt = function (text, start, end) {
    const N = numberPatterns();
    const head = new RegExp(N.head, "uy");
    head.lastIndex = start;
    const h = head.exec(text);
    let last = null, m = null;
    for (const at of h !== null ? [start + h[0].length - N.group, start] : [start]) {  // numbers.py keys_at
      N.at.lastIndex = at;
      m = N.at.exec(text);
      if (m !== null && at + m[1].length === end && groupsHead(text, at) === start) { last = at; break; }
    }
    if (last === null) return new Set();
    const found = decimalValue(ungroup(text.slice(start, last)) + m[1]);
    if (found === null) return new Set();
    const after = m.index + m[0].length;
    const before = start > 0 && N.percent.includes(text[start - 1]) && m[2] === undefined &&
      !/^[\p{L}\p{N}]/u.test(text.slice(after, after + 1)) && (start === 1 || T.isSpace.test(text[start - 2]) || N.before.includes(text[start - 2])) ||
      N.firstEnd.test(text.slice(Math.max(0, start - T.tables.numbers.maxBefore), start)) || rangeFirst(text, start, end);
    const counted = before && !pointed(text, end);  // numbers.py keys_at: %2 puan is no percentage
    const out = new Set();
    if (found[1]) out.add(numberKey(found[0]));
    if (m[2] !== undefined || counted || rangeLow(text, start, end)) out.add(numberKey(found[0] + "%"));
    return out;
  };

  // numbers.py _range_start: the first end of a range whose last, of value high, begins at begin (10-15%):
  // [start, end, value], or null
  function rangePatterns() {
    const N = numberPatterns();
    if (N.range === undefined) {  // numbers.py _RANGE, _RANGE_NEXT
      const {rangeDashes, rangeWords} = T.tables.numbers;
      // review-numbers-7: a range word in any case, as numbers.py's (?i:) (YÜZDE 5 ILA 10, 10 TO 20 PERCENT): the
      // "i" flag over the whole pattern, whose other parts (digits, points, dashes, glue) have no case, and i, ı, I, İ
      // one letter (caseless)
      const between = `(?: ?[${N.esc(rangeDashes)}] ?| (?:${N.caseless(NS.wordsPattern(rangeWords, false))}) ` +
        `|${N.glued}(?:${NS.wordsPattern(rangeWords, true)})${N.glued})`;
      N.range = new RegExp(`(?<!${N.digit})(?<!${N.digit}${N.sep})(?<!${N.digit}[${N.esc(rangeDashes)}])` +
        `(${N.digit}+(?:${N.sep}${N.digit}+)*)${between}$`, "iu");
      N.rangeNext = new RegExp(`${between}(?=${N.digit})`, "iuy");
      // numbers.py _RANGE_TAIL: a number and a range's dash or word, at the end
      N.rangeTail = new RegExp(`(${N.digit}+(?:${N.sep}${N.digit}+)*)${between}$`, "iu");
    }
    return N;
  }
  function rangeStart(text, begin, high) {
    const N = rangePatterns();
    const m = N.range.exec(text.slice(Math.max(0, begin - T.tables.numbers.maxBefore), begin));
    if (m === null) return null;
    const found = decimalValue(m[1]);
    if (found === null || parseFloat(found[0]) > parseFloat(high)) return null;
    const start = begin - m[0].length;
    return [start, start + m[1].length, found[0]];
  }

  // numbers.py _range_low: whether the number at text[start:end] is the first end of a range of percentages
  function rangeLow(text, start, end) {
    const N = rangePatterns();
    N.rangeNext.lastIndex = end;
    const dash = N.rangeNext.exec(text);
    if (dash === null) return false;
    const after = end + dash[0].length;
    N.at.lastIndex = after;
    const m = N.at.exec(text);
    if (m === null || m[2] === undefined || groupsHead(text, after) !== after) return false;
    const found = decimalValue(m[1]);
    const low = found !== null ? rangeStart(text, after, found[0]) : null;
    return low !== null && low[0] === start && low[1] === end;
  }

  // search.lang.numbers.percent_phrases: a quoted phrase typed with a percent sign after a number, written with a
  // percent word of languages instead ("10% từ" -> "10 phần trăm từ"), glued and after a space in a script without
  // spaces (១០ភាគរយ នៃ, ១០ ភាគរយ នៃ)
  NS.percentWords = (languages) => [...new Set(languages.flatMap((code) => T.tables.numbers.wordsOf[code] || []))];
  NS.percentPhrases = function (text, words) {
    const N = numberPatterns();
    const sign = new RegExp(`(?<=${N.digit})[${N.esc(T.tables.numbers.spaces)}]?[${N.esc(N.percent)}]`, "gu");
    if (!text.match(sign)) return [];
    const segmented = new RegExp("^[" + T.tables.segmented + "]", "u");
    const out = [];
    for (const word of words) {
      for (const space of segmented.test(word) ? ["", " "] : [" "]) out.push(text.replace(sign, () => space + word));
    }
    return [...new Set(out)];
  };

  // search.lang.numbers.han_value: Chinese numerals -> their value in ASCII digits with a dot ("二十五" -> "25",
  // "三点五" -> "3.5", "百" -> "100"); null for a run that is no one number (十十, 十三五)
  function hanValue(numerals) {
    const {hanDigits, hanUnits, hanPoints} = T.tables.numbers;
    for (const point of hanPoints) numerals = numerals.split(point).join(hanPoints[0]);
    const at = numerals.indexOf(hanPoints[0]);
    const whole = Array.from(at < 0 ? numerals : numerals.slice(0, at));
    const fraction = at < 0 ? "" : numerals.slice(at + 1);
    if (!whole.length) return null;
    let total;
    if (!whole.some((c) => c in hanUnits)) {
      total = whole.map((c) => String(hanDigits[c])).join("").replace(/^0+(?=.)/, "");  // 二〇: digit by digit
    } else {
      let sum = 0, current = 0, last = 10 * Math.max(...Object.values(hanUnits)), previous = "";
      for (const c of whole) {
        if (c in hanDigits) {
          if (previous in hanDigits && hanDigits[previous]) return null;  // 十三五: two digits side by side
          current = hanDigits[c];  // 零 holds a place (一千零五)
        } else {
          if (hanUnits[c] >= last) return null;  // 十十, 五十百
          sum += (current || 1) * hanUnits[c];
          current = 0;
          last = hanUnits[c];
        }
        previous = c;
      }
      total = String(sum + current);
    }
    const decimals = Array.from(fraction).map((c) => String(hanDigits[c])).join("").replace(/0+$/, "");
    return total + (decimals ? "." + decimals : "");
  }

  // search.lang.numbers.han_numerals: the ways Chinese writes value ("25" -> ["二十五"], "3.5" -> ["三点五", "三點五"],
  // "100" -> ["一百", "百"]); [] for a value of maxHan or more
  function hanNumerals(value) {
    const {hanNames, hanPoints, maxHan} = T.tables.numbers;
    const [whole, fraction = ""] = value.split(".");
    if (!/^[0-9]+$/.test(whole) || Number(whole) >= maxHan || (fraction && !/^[0-9]+$/.test(fraction))) return [];
    const number = Number(whole);
    let out = "", zero = false;
    for (const [unit, name] of [[1000, "千"], [100, "百"], [10, "十"], [1, ""]]) {
      const digit = Math.floor(number / unit) % 10;
      if (digit) {
        out += (zero ? "零" : "") + (unit === 10 && number < 20 ? "" : hanNames[digit]) + name;
        zero = false;
      } else if (out) zero = true;
    }
    const wholes = [out || "零"].concat(number === 100 ? ["百"] : []);
    if (!fraction) return wholes;
    const tail = Array.from(fraction).map((c) => hanNames[Number(c)]).join("");
    return wholes.flatMap((w) => Array.from(hanPoints).map((point) => w + point + tail));
  }

  // search.lang.numbers.han_phrases: a quoted phrase holding Chinese with a number and the sign, written with 百分之
  // and the number's numerals in their place ("5% 的" -> ["百分之五 的"]); [] for a phrase without Han
  NS.hanPhrases = function (text) {
    const N = numberPatterns();
    const signed = new RegExp(`(?<!${N.digit})(?<!${N.digit}${N.sep})(${N.digit}+(?:${N.sep}${N.digit}+)?)` +
      `[${N.esc(T.tables.numbers.spaces)}]?[${N.esc(N.percent)}]`, "gu");
    if (!/[\u4e00-\u9fff]/u.test(text) || !signed.test(text)) return [];
    const out = [];
    for (const way of [0, 1]) {
      out.push(text.replace(signed, (m, run) => {
        const found = decimalValue(run);
        const forms = found !== null ? hanNumerals(found[0]) : [];
        return forms.length ? "百分之" + forms[Math.min(way, forms.length - 1)] : m;
      }));
    }
    return [...new Set(out)].filter((p) => p !== text);
  };

  // search.lang.numbers.sign_phrases: a quoted phrase typed with a percent word after a number or before it, written
  // with the sign after the number instead ("10 phần trăm từ" -> ["10% từ"], "ร้อยละ 5 ของ" -> ["5% ของ"]), a space
  // after the sign where a letter is glued to it (១០ភាគរយនៃ and ១០%នៃ -> ១០% នៃ)
  NS.signPhrases = function (text) {
    const N = numberPatterns();
    const spaces = T.tables.numbers.spaces;
    const spaced = (string, end, written) => written + (end >= string.length || spaces.includes(string[end]) ? "" : " ");
    let out = text.replace(N.wordAfter, (m, offset, string) => spaced(string, offset + m.length, "%"));
    out = out.replace(N.wordFirst, (m, run, offset, string) => spaced(string, offset + m.length, run + "%"));
    // review-numbers-5: 百分之 then Chinese numerals (百分之五的 -> 5% 的), as numbers.py _han_keys reads them
    out = out.replace(new RegExp(T.tables.numbers.hanPercent, "gu"), (m, run, offset, string) => {
      const value = hanValue(run);
      return value === null ? m : spaced(string, offset + m.length, value + "%");
    });
    const sign = new RegExp(`(?<=${N.digit})[${N.esc(spaces)}]?[${N.esc(N.percent)}]`, "gu");
    const letter = (string, at) => at < string.length && /^\p{L}/u.test(String.fromCodePoint(string.codePointAt(at)));
    out = out.replace(sign, (m, offset, string) => m + (letter(string, offset + m.length) ? " " : ""));
    return out !== text ? [out] : [];
  };

  // numbers.py _range_end: the value of the last end of a range whose first, of value low, ends at end after a
  // percent word before it (ร้อยละ 5 ถึง 10), or null
  function rangeEnd(text, end, low) {
    const N = rangePatterns();
    N.rangeNext.lastIndex = end;
    const dash = N.rangeNext.exec(text);
    if (dash === null) return null;
    const after = end + dash[0].length;
    N.at.lastIndex = after;
    const m = N.at.exec(text);
    const head = new RegExp(N.head, "uy");
    head.lastIndex = after;
    if (m === null || m[2] !== undefined || head.exec(text) !== null || otherQuantity(text, after + m[1].length)) return null;
    const found = decimalValue(m[1]);
    return found !== null && lastEnd(low, found[0]) ? found[0] : null;
  }
  // numbers.py _last_end: no smaller than low, and not over maxPercent when low is not (ร้อยละ 5 ถึง 2568)
  function lastEnd(low, high) {
    const max = T.tables.numbers.maxPercent;
    return parseFloat(low) <= parseFloat(high) && (parseFloat(high) <= max || parseFloat(low) > max);
  }
  // numbers.py _other_quantity: a magnitude, a count or a point after the number ending at end
  function otherQuantity(text, end) {
    const N = numberPatterns();
    N.rangeUnit.lastIndex = end;
    N.pointNext.lastIndex = end;
    return N.rangeUnit.test(text) || N.pointNext.test(text);
  }
  // numbers.py _pointed: the number ending at end, a percentage from before it, is a point (%2 puan), or the first
  // end of a range of them (yüzde 2 ila 3 puan)
  function pointed(text, end) {
    const N = rangePatterns();
    N.pointNext.lastIndex = end;
    if (N.pointNext.test(text)) return true;
    N.rangeNext.lastIndex = end;
    const dash = N.rangeNext.exec(text);
    if (dash === null) return false;
    N.at.lastIndex = end + dash[0].length;
    const m = N.at.exec(text);
    if (m === null || m[2] !== undefined) return false;
    N.pointNext.lastIndex = end + dash[0].length + m[1].length;
    return N.pointNext.test(text);
  }

  // numbers.py _range_first: whether the number at text[start:end] is the last end of a range after a percent word
  function rangeFirst(text, start, end) {
    const N = rangePatterns();
    const window = Math.max(0, start - T.tables.numbers.maxBefore);
    const m = N.rangeTail.exec(text.slice(window, start));
    if (m === null || !N.firstEnd.test(text.slice(Math.max(0, window + m.index - T.tables.numbers.maxBefore), window + m.index))) return false;
    const low = decimalValue(m[1]);
    if (low === null || rangeEnd(text, window + m.index + m[1].length, low[0]) === null) return false;
    N.at.lastIndex = start;
    const n = N.at.exec(text);
    return n !== null && start + n[1].length === end;
  }

  // search.lang.pieces.joined_runs: the runs of spans ([word, start, end] of text) that are one number written
  // in groups (1.000, 1,000, 1 000) or one word written with hyphens (Wi-Fi), or a number and a word of letters
  // typed apart that glued joins (20 km): [i, j, word] for words i to j - 1.
  NS.joinedRuns = function (text, spans) {
    const between = (k) => text.slice(spans[k - 1][2], spans[k][1]);
    const groupsEnd = (i) => {
      const first = spans[i][0];
      if (first.length < 1 || first.length > 3 || !isNumber(first) || digitValue(first[0]) === 0 || i + 1 >= spans.length) return i + 1;
      const sep = between(i + 1);
      if (sep.length !== 1 || !T.tables.groupSeparators.includes(sep)) return i + 1;
      if (i && isNumber(spans[i - 1][0]) && between(i) === sep) return i + 1;  // 5.1.000
      if (T.tables.numbers.groups.includes(sep) && !NS.groupingAfter(text.slice(Math.max(0, spans[i][1] - T.tables.numbers.maxBefore), spans[i][1]))) return i + 1;  // tháng 12 100
      let j = i + 1;
      while (j < spans.length && between(j) === sep && isNumber(spans[j][0])) {
        if (spans[j][0].length !== 3) return i + 1;  // 12.03.2024, 1.000.5
        j += 1;
      }
      return j;
    };
    const hyphenedEnd = (i) => {
      let j = i + 1;
      const letters = (word) => !Array.from(word).some((ch) => digitValue(ch) >= 0);
      const dotted = (word) => Array.from(word).length >= T.tables.minDotted && letters(word);
      while (j < spans.length && ((between(j).length === 1 && T.tables.hyphens.includes(between(j))) ||
        (between(j) === "." && dotted(spans[j - 1][0]) && dotted(spans[j][0])))) j += 1;
      return j;
    };
    // _glued_end: a number and a word of letters typed apart (20 km), the second beginning no longer run.
    const gluedEnd = (i) => {
      if (i + 1 >= spans.length || between(i + 1).length !== 1 || !T.tables.glueSpaces.includes(between(i + 1)) ||
        !NS.glued(spans[i][0], spans[i + 1][0])) return i + 1;
      if (groupsEnd(i + 1) > i + 2 || hyphenedEnd(i + 1) > i + 2) return i + 1;
      if (!isNumber(spans[i][0]) && gluedEnd(i + 1) === i + 3) return i + 1;  // dài 20 km: 20km, not dài20
      return i + 2;
    };
    const out = [];
    let i = 0;
    while (i < spans.length) {
      let j = groupsEnd(i);
      if (j - i < 2) j = hyphenedEnd(i);
      if (j - i < 2 && gluedEnd(i) === i + 2) j = i + 2;
      if (j - i >= 2) {
        out.push([i, j, spans.slice(i, j).map((s) => s[0]).join("")]);
        i = j;
      } else {
        i += 1;
      }
    }
    return out;
  };

  // search.lang.fold.marked: the word differs from its folded form by more than ligatures, ß and ё (and
  // traditional Chinese characters).
  NS.marked = function (exact, folded) {
    if (exact === folded) return false;
    let same = "";
    for (const ch of exact) same += T.tables.sameLetters[ch] || T.tables.arabicLetters[ch] || T.hanS.get(ch) || ch;
    return same !== folded;
  };

  // Python's str.isupper() for one character.
  const UPPER = /^\p{Uppercase}$/u;
  T.isUpper = (ch) => UPPER.test(ch);

  // html.escape(text, quote) of Python.
  T.escape = function (s, quote) {
    s = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    if (quote) s = s.replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
    return s;
  };

  // Offsets: the engine counts code points, JavaScript counts UTF-16 units. Identity without surrogates.
  T.hasSurrogates = (s) => /[\ud800-\udfff]/.test(s);
  T.toUnits = function (s) {  // code point index -> UTF-16 index
    const map = [];
    let i = 0;
    for (const ch of s) { map.push(i); i += ch.length; }
    map.push(i);
    return map;
  };
  T.toPoints = function (s) {  // UTF-16 index -> code point index
    const map = new Int32Array(s.length + 1);
    let cp = 0;
    for (let i = 0; i < s.length; i++) {
      map[i] = cp;
      const c = s.charCodeAt(i);
      if (!(c >= 0xd800 && c < 0xdc00 && i + 1 < s.length)) cp++;
    }
    map[s.length] = cp;
    return map;
  };
  // Sort like Python (code points), not like JavaScript (UTF-16 units).
  T.compare = function (a, b) {
    if (!T.hasSurrogates(a) && !T.hasSurrogates(b)) return a < b ? -1 : a > b ? 1 : 0;
    const x = Array.from(a, (c) => c.codePointAt(0)), y = Array.from(b, (c) => c.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  };
})(globalThis.NewsSearch = globalThis.NewsSearch || {});
