/**
 * PII redaction for free text (forum posts, short answers, anything bound for an LLM), run before
 * the text is stored or leaves the process. Pure and synchronous: `createPiiRedactor` compiles the
 * roster once; `redact` scans a post in tens of microseconds (`bench/pii.bench.ts`).
 *
 * Offsets are UTF-16 code-unit indices into the input, `end` exclusive. Replacement tokens are
 * `PII_REPLACEMENTS` (`[name]`, `[email]`, …).
 *
 * ## Rules
 * **Names** (roster only). Every roster member contributes its given-name, family-name and
 * display-name words (hyphenated names also by part: "Anne-Marie" gives "anne-marie", "anne",
 * "marie"), and, when `nicknames` is set, common nicknames of the given name (`NICKNAMES`).
 * Matching is by whole word (letters, inner apostrophes and hyphens), case- and
 * accent-insensitive ("jose" matches "José"), and a trailing possessive is left outside the span
 * ("[name]'s"). A word that is also an ordinary English word (`COMMON_WORD_NAMES`, extendable by
 * `commonWords`; every word of 2 letters or fewer counts as one) is *ambiguous* and is a name only
 * with evidence, in this order:
 * 1. it follows "@", or it forms a roster member's "given family" pair with the adjacent word
 *    (in any case: "grace lee");
 * 2. in lower case or all capitals it is a name only before a reporting verb ("will said") or
 *    right after a greeting, ending the phrase ("thanks mark!", "hey will did you…");
 *    otherwise it must be capitalised ("Grace"), and then it is a name if
 *    possessive ("Mark's"), after an honorific ("Ms. Brown"), or next to a capitalised,
 *    unambiguous roster word ("Will Okafor");
 * 3. months and seasons (`CALENDAR_NAMES`: April, May, June, August, Summer…) are rejected in a
 *    date context: after "in/on/by/since/next/…", next to a number or next to another month;
 *    any ambiguous word followed by "is"/"was" and a number is rejected ("Max is 19");
 * 4. at the start of a clause (after `.!?:;`, a line break or the start of the text; after a
 *    number; after a discourse marker or a greeting's last word from `DISCOURSE_MARKERS`, as in
 *    "ok so …", "Hi all, …", "lol …") capitalisation proves nothing, so it needs a following
 *    comma, colon or "!" ("Will, did you…", "Sky!!! thanks"), a following word from
 *    `NAME_FOLLOWERS` ("Will said", "Grace and I") or "can/could/do/… you" ("Pat can you…");
 * 5. capitalised elsewhere, it is a name ("ask Grace", "according to Dean the key…") unless a
 *    number, a word from `WORD_FOLLOWERS` (pronouns, "per", "of": "Will this…", "Grant me…") or
 *    a capitalised non-roster word (a title: "Mark Scheme") follows.
 * Adjacent name findings separated only by spaces merge into one ("[name]" for "Maya Patel").
 *
 * **Emails**: `local@domain.tld` (Unicode letters allowed); obfuscated forms with a bracketed
 * "(at)"/"[at]" or a spelled " at … dot tld".
 *
 * **Phones**: NANP `(555) 123-4567`, `555-123-4567`, `555.123.4567`, `555 123 4567` (one
 * separator used throughout), optional `+1`/`1-` prefix and `x123`/`ext. 123` extension;
 * international `+CC …` with 8–15 digits; UK-style national numbers starting with 0 (10–11
 * digits, e.g. `020 7946 0958`, `07700 900123`). Bare 10–11 digit runs and 7-digit `123-4567`
 * only with a phone cue in the same sentence, up to 30 characters before or 25 after ("call",
 * "text", "cell", "my number", "… is my mom's phone"). NANP area codes start with 2–9, so
 * `123-456-7890` stays. A match touching `=`, `+`, `*`, `×`, `÷`, `^`, `<`, `>` (or followed
 * by `/`) is taken for arithmetic and dropped. Dates (`2026-11-25`, `11/25/2026`), fractions,
 * decimals, times and ranges never have the 3-3-4 shape.
 *
 * **Addresses** (US style): house number, 1–3 street words (optional directional), a street
 * suffix (Street, St, Ave, Rd, Blvd, Ln, Dr, Ct, Pl, Way, …), an optional post-directional,
 * unit ("Apt 3", "Suite 200", "#4B") and ", City, ST 12345"; P.O. boxes; and a standalone
 * "City, ST 12345". Lower-case street words only with the common suffixes (street, st, avenue,
 * road, drive, lane, court, terrace, …; not place/way/circle: "to 1 decimal place") and after a
 * locative cue ("at", "on", "address", "live", …), so "if 12 people drive" stays. Street words
 * may not be stopwords ("20 miles down the road") and the city/state part is upper case.
 *
 * **Student ids**: the roster's `externalId`s (case-insensitive, whole token, 4+ characters);
 * `studentIdPattern` when given; and any id-like token after "student id", "student #", "ID no."…
 *
 * **Government ids**: US SSN `123-45-6789` / `123 45 6789` (not area 000/666, group 00, serial
 * 0000), or 9 bare digits after "SSN"/"social security"; UK National Insurance number
 * (`AB 12 34 56 C`, upper case, valid prefix letters); Canadian SIN (`046 454 286`) only after
 * "SIN"/"social insurance" and Luhn-valid.
 *
 * Overlapping findings merge into one; the merged finding takes the kind of its longest part
 * (ties: email, government_id, student_id, phone, address, name).
 *
 * ## Known limits
 * - Names outside the roster (parents, teachers not on it) are not detected; neither are
 *   misspellings, or nicknames that are not the roster's `displayName` (unless `nicknames`).
 * - A roster name is redacted wherever it appears as a name, including a textbook word problem
 *   quoted in a post ("Sam has 3/4 of a pizza" when a student goes by Sam): the main source of
 *   name false positives on the bench.
 * - A roster name that is a common word but absent from `COMMON_WORD_NAMES` is matched in any
 *   case ("chase" the verb for a student "Chase" if the lexicon lacked it); an ambiguous name
 *   typed in lower case or all capitals ("ask grace", "grace and i") is missed, and so is one opening a
 *   sentence without evidence ("Sky I disagree"); a capitalised common word opening a clause
 *   after no punctuation we recognise ("Sorry if this is obvious Mark the point", "…@mail.com
 *   Chase the decimal point") is redacted.
 * - Phone formats beyond those above (e.g. `555-1234567`, national formats other than UK-style)
 *   are missed; a subtraction written as `250-125-1000` is taken for a phone.
 * - Addresses need a house number and a known suffix: "I live on Main Street" is missed; non-US
 *   formats are mostly missed.
 * - Numeric roster ids collide with the same number written in maths ("1001").
 */
import {
  CALENDAR_NAMES,
  COMMON_WORD_NAMES,
  DATE_PREPOSITIONS,
  DISCOURSE_MARKERS,
  GREETINGS,
  HONORIFICS,
  NAME_FOLLOWERS,
  NICKNAMES,
  QUESTION_VERBS,
  REPORTING_VERBS,
  WORD_FOLLOWERS,
} from './pii-lexicon.js';

/** The kinds of personal data the redactor finds. */
export type PiiKind = 'name' | 'email' | 'phone' | 'address' | 'student_id' | 'government_id';

/** One detected span: `text.slice(start, end)` in the input (UTF-16 offsets, end exclusive). */
export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
}

/** The redacted text and the spans replaced, in input order, non-overlapping. */
export interface PiiRedaction {
  text: string;
  findings: PiiFinding[];
}

/** The fields of a roster member the redactor uses. */
export interface PiiRosterMember {
  givenName?: string | null;
  familyName?: string | null;
  displayName?: string;
  /** Not needed (every address is redacted by its shape); accepted so a user row can be passed. */
  email?: string | null;
  /** The institution's student id (SIS id); redacted as `student_id` when 4+ characters. */
  externalId?: string | null;
}

export interface PiiRedactorProps {
  /** People whose names are redacted: a section's or a tenant's students and staff. */
  roster: readonly PiiRosterMember[];
  /** The institution's student-id format, e.g. `/\bS\d{7}\b/`; flags other than `g`/`y` kept. */
  studentIdPattern?: RegExp;
  /** Extra lower-case words that are ambiguous as names (added to `COMMON_WORD_NAMES`). */
  commonWords?: Iterable<string>;
  /**
   * Also match nicknames of roster given names (`NICKNAMES`: William → Will, Bill, Liam); default
   * false. A preferred name belongs in `displayName`, which is always matched; expanding every
   * nickname triples the vocabulary and collides with textbook names ("Sam has 3/4 of a pizza"):
   * on the bench it buys ~0.5 points of name recall for ~4 points of precision.
   */
  nicknames?: boolean;
}

/** A compiled redactor; `redact` is pure and safe to call concurrently. */
export interface PiiRedactor {
  redact(text: string): PiiRedaction;
}

/** The token each kind is replaced by. */
export const PII_REPLACEMENTS: Readonly<Record<PiiKind, string>> = Object.freeze({
  name: '[name]',
  email: '[email]',
  phone: '[phone]',
  address: '[address]',
  student_id: '[student-id]',
  government_id: '[government-id]',
});

const KIND_PRIORITY: Readonly<Record<PiiKind, number>> = {
  email: 6,
  government_id: 5,
  student_id: 4,
  phone: 3,
  address: 2,
  name: 1,
};

// --- shared helpers -------------------------------------------------------------------------

const WORD_RE = /\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu;
const NON_ASCII_RE = /[\u0080-\uffff]/;
const MARKS_RE = /\p{M}/gu;

/** Lower case, ’ → ', accents stripped. */
function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (!NON_ASCII_RE.test(lower)) {
    return lower;
  }
  return lower.replace(/’/g, "'").normalize('NFD').replace(MARKS_RE, '');
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  if (first === first.toLowerCase()) {
    return false;
  }
  return word.length === 1 || word !== word.toUpperCase();
}

function withGlobalFlag(pattern: RegExp): RegExp {
  const flags = pattern.flags.replace(/[gy]/g, '');
  return new RegExp(pattern.source, `${flags}g`);
}

// --- names ----------------------------------------------------------------------------------

interface NameEntry {
  ambiguous: boolean;
  calendar: boolean;
}

interface NameIndex {
  words: Map<string, NameEntry>;
  /** "given family" pairs (folded), including nickname pairs and consecutive display words. */
  pairs: Set<string>;
}

function wordsOf(value: string | null | undefined): string[] {
  if (!value) {
    return [];
  }
  const out: string[] = [];
  for (const m of value.matchAll(WORD_RE)) {
    const key = foldWord(m[0]);
    if (HONORIFICS.has(key)) {
      continue;
    }
    out.push(key);
  }
  return out;
}

function buildNameIndex(props: PiiRedactorProps): NameIndex {
  const common = new Set(COMMON_WORD_NAMES);
  for (const w of props.commonWords ?? []) {
    common.add(foldWord(w));
  }
  const useNicknames = props.nicknames ?? false;
  const words = new Map<string, NameEntry>();
  const pairs = new Set<string>();
  const add = (key: string) => {
    if (key.length < 2 || words.has(key)) {
      return;
    }
    words.set(key, {
      ambiguous: key.length <= 2 || common.has(key),
      calendar: CALENDAR_NAMES.has(key),
    });
  };
  const addWithParts = (key: string) => {
    add(key);
    if (key.includes('-')) {
      for (const part of key.split('-')) {
        add(part);
      }
    }
  };
  for (const member of props.roster) {
    const given = wordsOf(member.givenName);
    const family = wordsOf(member.familyName);
    const display = wordsOf(member.displayName);
    const givenForms = [...given];
    if (useNicknames) {
      for (const g of given) {
        givenForms.push(...(NICKNAMES.get(g) ?? []));
      }
    }
    for (const key of [...givenForms, ...family, ...display]) {
      addWithParts(key);
    }
    const firstFamily = family[0];
    if (firstFamily !== undefined) {
      for (const g of givenForms) {
        pairs.add(`${g} ${firstFamily}`);
      }
    }
    for (let i = 0; i + 1 < display.length; i++) {
      pairs.add(`${display[i]} ${display[i + 1]}`);
    }
  }
  return { words, pairs };
}

interface WordToken {
  start: number;
  /** End of the name part (before a possessive 's). */
  end: number;
  key: string;
  possessive: boolean;
}

const SPACES_ONLY_RE = /^[ \t]+$/;
/** A comma, colon or "!" after a sentence-initial word marks address: "Grace, …", "Sky!!! …". */
const VOCATIVE_RE = /^[ \t]*(?:,|!|:(?![ \t]*[\d$]))/;
const HONORIFIC_GAP_RE = /^\.?[ \t]+$/;
const SENTENCE_SKIP = new Set([' ', '\t', '\r', '"', "'", '“', '‘', '(', '[', '*', '_', '>', '-']);
const SENTENCE_END = new Set(['.', '!', '?', ':', ';', '…', '\n']);

function isSentenceStart(text: string, start: number): boolean {
  let j = start - 1;
  while (j >= 0) {
    const c = text.charAt(j);
    if (c === '\n') {
      return true;
    }
    if (!SENTENCE_SKIP.has(c)) {
      break;
    }
    j--;
  }
  return j < 0 || SENTENCE_END.has(text.charAt(j));
}

function tokenize(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const start = m.index;
    let end = start + m[0].length;
    const before = text.charCodeAt(start - 1);
    const after = text.charCodeAt(end);
    if (isDigitCode(before) || before === 95 || isDigitCode(after) || after === 95) {
      continue;
    }
    let key = foldWord(m[0]);
    let possessive = false;
    if (key.endsWith("'s") && key.length > 3) {
      possessive = true;
      key = key.slice(0, -2);
      end -= 2;
    } else if (text.charAt(end) === "'" || text.charAt(end) === '’') {
      possessive = key.endsWith('s') && !/\p{L}/u.test(text.charAt(end + 1));
    }
    out.push({ start, end, key, possessive });
  }
  return out;
}

interface NameScan {
  text: string;
  tokens: readonly WordToken[];
  index: NameIndex;
}

function findNames(text: string, index: NameIndex, out: PiiFinding[]): void {
  const scan: NameScan = { text, tokens: tokenize(text), index };
  for (let i = 0; i < scan.tokens.length; i++) {
    const t = scan.tokens[i] as WordToken;
    const entry = index.words.get(t.key);
    if (entry !== undefined && (!entry.ambiguous || isAmbiguousName(scan, i, entry))) {
      out.push({ kind: 'name', start: t.start, end: t.end });
    }
  }
}

/** True when only spaces or tabs separate `a` from `b` (and `a` is not possessive). */
function areAdjacent(text: string, a: WordToken | undefined, b: WordToken | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    !a.possessive &&
    SPACES_ONLY_RE.test(text.slice(a.end, b.start))
  );
}

/** A capitalised roster word that is not ambiguous: evidence for its neighbour. */
function isStrongName(scan: NameScan, t: WordToken | undefined): boolean {
  if (t === undefined) {
    return false;
  }
  const entry = scan.index.words.get(t.key);
  return entry !== undefined && !entry.ambiguous && isCapitalised(scan.text.slice(t.start, t.end));
}

function isDateContext(scan: NameScan, i: number): boolean {
  const { text, tokens } = scan;
  const t = tokens[i] as WordToken;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const isMonth = (n: WordToken | undefined) => n !== undefined && CALENDAR_NAMES.has(n.key);
  return (
    (prev !== undefined &&
      DATE_PREPOSITIONS.has(prev.key) &&
      /^[ \t]+$/.test(text.slice(prev.end, t.start))) ||
    /^[\s,]*\d/.test(text.slice(t.end, t.end + 4)) ||
    /\d(?:st|nd|rd|th)?\s*$/.test(text.slice(Math.max(0, t.start - 6), t.start)) ||
    (areAdjacent(text, prev, t) && isMonth(prev)) ||
    (areAdjacent(text, t, next) && isMonth(next))
  );
}

/** The evidence rules for ambiguous roster words (module comment, rules 1–5). */
function isAmbiguousName(scan: NameScan, i: number, entry: NameEntry): boolean {
  const { text, tokens, index } = scan;
  const t = tokens[i] as WordToken;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const prevAdjacent = areAdjacent(text, prev, t);
  const nextAdjacent = areAdjacent(text, t, next);
  if (text.charAt(t.start - 1) === '@') {
    return true;
  }
  if (prevAdjacent && index.pairs.has(`${(prev as WordToken).key} ${t.key}`)) {
    return true;
  }
  if (nextAdjacent && index.pairs.has(`${t.key} ${(next as WordToken).key}`)) {
    return true;
  }
  if (!isCapitalised(text.slice(t.start, t.end))) {
    return hasStrongEvidence(scan, i);
  }
  if (t.possessive) {
    return true;
  }
  if (
    prev !== undefined &&
    HONORIFICS.has(prev.key) &&
    HONORIFIC_GAP_RE.test(text.slice(prev.end, t.start))
  ) {
    return true;
  }
  if ((prevAdjacent && isStrongName(scan, prev)) || (nextAdjacent && isStrongName(scan, next))) {
    return true;
  }
  if (entry.calendar && isDateContext(scan, i)) {
    return false;
  }
  const rest = text.slice(t.end, t.end + 4);
  if (
    nextAdjacent &&
    next !== undefined &&
    (next.key === 'is' || next.key === 'was') &&
    /^\s*[\d$€£=-]/.test(text.slice(next.end, next.end + 3))
  ) {
    return false;
  }
  if (!isClauseStart(scan, i)) {
    return !(
      /^\s*\d/.test(rest) ||
      (nextAdjacent &&
        next !== undefined &&
        (WORD_FOLLOWERS.has(next.key) || isTitleWord(scan, next)))
    );
  }
  if (VOCATIVE_RE.test(rest)) {
    return true;
  }
  if (nextAdjacent && next !== undefined) {
    if (NAME_FOLLOWERS.has(next.key)) {
      return true;
    }
    const after = tokens[i + 2];
    return (
      QUESTION_VERBS.has(next.key) &&
      areAdjacent(text, next, after) &&
      (after?.key === 'you' || after?.key === 'u')
    );
  }
  return false;
}

/**
 * Evidence strong enough for an ambiguous word in lower case or all capitals: a reporting verb
 * follows ("will said", "GRACE thinks"), or it is greeted or thanked and then ends the phrase
 * ("thanks mark!", "hi rose, …", "hey will did you…").
 */
function hasStrongEvidence(scan: NameScan, i: number): boolean {
  const { text, tokens } = scan;
  const t = tokens[i] as WordToken;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if (areAdjacent(text, t, next) && next !== undefined && REPORTING_VERBS.has(next.key)) {
    return true;
  }
  if (
    prev === undefined ||
    !GREETINGS.has(prev.key) ||
    !/^,?[ \t]+$/.test(text.slice(prev.end, t.start))
  ) {
    return false;
  }
  if (/^[ \t]*(?:[,!?.:;)]|\n|$)/.test(text.slice(t.end, t.end + 2))) {
    return true;
  }
  const after = tokens[i + 2];
  return (
    next !== undefined &&
    QUESTION_VERBS.has(next.key) &&
    areAdjacent(text, t, next) &&
    areAdjacent(text, next, after) &&
    (after?.key === 'you' || after?.key === 'u')
  );
}

/**
 * Where a capitalised word may be capitalised only because a clause starts: a sentence start,
 * after a number ("…555-2322 Mark the point"), or after a discourse marker or greeting
 * ("ok so Max is…", "Hi all, Summer school…", "lol Mark the…").
 */
function isClauseStart(scan: NameScan, i: number): boolean {
  const { text, tokens } = scan;
  const t = tokens[i] as WordToken;
  if (isSentenceStart(text, t.start)) {
    return true;
  }
  const before = text.slice(Math.max(0, t.start - 3), t.start);
  if (/\d[ \t]*$/.test(before)) {
    return true;
  }
  const prev = tokens[i - 1];
  return (
    prev !== undefined &&
    DISCOURSE_MARKERS.has(prev.key) &&
    /^,?[ \t]+$/.test(text.slice(prev.end, t.start))
  );
}

/** A capitalised word that is not a roster word ("Scheme" in "Mark Scheme"): a title phrase. */
function isTitleWord(scan: NameScan, t: WordToken): boolean {
  return (
    t.key !== 'i' && !scan.index.words.has(t.key) && isCapitalised(scan.text.slice(t.start, t.end))
  );
}

// --- emails ---------------------------------------------------------------------------------

const EMAIL_RE =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}-])/gu;
const TLD = '(?:com|org|net|edu|gov|io|co|uk|us|ca|me|info|biz|ac|au|de|fr|in)';
const EMAIL_BRACKET_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+\s*[(\[{<]\s*at\s*[)\]}>]\s*[\p{L}\p{N}-]+` +
    String.raw`(?:(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\.)[\p{L}\p{N}-]+)*?` +
    String.raw`(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\.)${TLD}(?![\p{L}\p{N}])`,
  'giu',
);
const EMAIL_SPELLED_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+\s+at\s+[\p{L}\p{N}-]+` +
    String.raw`(?:\s+dot\s+[\p{L}\p{N}-]+)*?\s+dot\s+${TLD}(?![\p{L}\p{N}])`,
  'giu',
);
const EMAIL_OBFUSCATED_CUE_RE = /\bdot\b|[([{<]\s*at\s*[)\]}>]/i;

function findEmails(text: string, out: PiiFinding[]): void {
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL_RE)) {
      out.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
    }
  }
  if (EMAIL_OBFUSCATED_CUE_RE.test(text)) {
    for (const re of [EMAIL_BRACKET_RE, EMAIL_SPELLED_RE]) {
      for (const m of text.matchAll(re)) {
        out.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
      }
    }
  }
}

// --- phones ---------------------------------------------------------------------------------

const PHONE_BEFORE = String.raw`(?<![\p{L}\p{N}_.\/+=-])`;
const PHONE_AFTER = String.raw`(?![\p{L}\p{N}_\/]|[.,-]\d)`;
const PHONE_NANP_RE = new RegExp(
  PHONE_BEFORE +
    String.raw`(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ .-]?\d{3}[ .-]\d{4}|[2-9]\d{2}([ .-])\d{3}\1\d{4})` +
    String.raw`(?:[ ,]*(?:x|ext\.?|extension)[ ]*\d{1,5})?` +
    PHONE_AFTER,
  'gu',
);
const PHONE_INTL_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_)\].\/+=-])\+(?:\d{1,3}(?:[ .-]?\(\d{1,5}\)|[ .-]\d{1,6}){1,6}|\d{9,14})` +
    PHONE_AFTER,
  'gu',
);
const PHONE_NATIONAL_RE = new RegExp(
  PHONE_BEFORE + String.raw`0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}` + PHONE_AFTER,
  'gu',
);
const PHONE_BARE_RE = new RegExp(
  PHONE_BEFORE + String.raw`(?:\d{10,11}|\d{3}[.-]\d{4})` + PHONE_AFTER,
  'gu',
);
const PHONE_CUE_RE =
  /\b(?:phone|cell|cellphone|mobile|tel|telephone|text|txt|call|ring|whatsapp|signal|contact|reach)\b|\bmy (?:number|#|digits)|\bnum(?:ber)?\s*[:#]/i;
const PHONE_ABBREVIATION_RE = /\b(?:tel|ph|mob)\.?:?\s*$/i;
const SENTENCE_BREAK_RE = /[!?\n]|\.\s/g;
const SENTENCE_BREAK_ONE_RE = /[!?\n]|\.\s/;
const ARITHMETIC_BEFORE_RE = /[=+*×÷^<>]\s*$/;
const ARITHMETIC_AFTER_RE = /^\s*[=+*×÷^<>/]/;

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (isDigitCode(s.charCodeAt(i))) {
      n++;
    }
  }
  return n;
}

function looksArithmetic(text: string, start: number, end: number): boolean {
  return (
    ARITHMETIC_BEFORE_RE.test(text.slice(Math.max(0, start - 3), start)) ||
    ARITHMETIC_AFTER_RE.test(text.slice(end, end + 3))
  );
}

/** A phone cue within 30 characters before `start` or 25 after `end`, in the same sentence. */
function hasPhoneCue(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 30), start);
  let from = 0;
  for (const m of before.matchAll(SENTENCE_BREAK_RE)) {
    from = m.index + m[0].length;
  }
  if (PHONE_CUE_RE.test(before.slice(from)) || PHONE_ABBREVIATION_RE.test(before)) {
    return true;
  }
  const after = text.slice(end, end + 25);
  const stop = after.search(SENTENCE_BREAK_ONE_RE);
  return PHONE_CUE_RE.test(stop < 0 ? after : after.slice(0, stop));
}

function findPhones(text: string, out: PiiFinding[]): void {
  const push = (start: number, end: number) => {
    if (!looksArithmetic(text, start, end)) {
      out.push({ kind: 'phone', start, end });
    }
  };
  for (const m of text.matchAll(PHONE_NANP_RE)) {
    push(m.index, m.index + m[0].length);
  }
  if (text.includes('+')) {
    for (const m of text.matchAll(PHONE_INTL_RE)) {
      const digits = countDigits(m[0]);
      if (digits >= 8 && digits <= 15) {
        push(m.index, m.index + m[0].length);
      }
    }
  }
  for (const m of text.matchAll(PHONE_NATIONAL_RE)) {
    const digits = countDigits(m[0]);
    if (digits >= 10 && digits <= 11) {
      push(m.index, m.index + m[0].length);
    }
  }
  for (const m of text.matchAll(PHONE_BARE_RE)) {
    if (hasPhoneCue(text, m.index, m.index + m[0].length)) {
      push(m.index, m.index + m[0].length);
    }
  }
}

// --- addresses ------------------------------------------------------------------------------

const COMMON_SUFFIXES = 'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|parkway|pkwy';
const OTHER_SUFFIXES =
  'av|court|ct|place|pl|way|terrace|ter|circle|cir|highway|hwy|square|sq|trail|trl|crescent|cres|close|alley|row|loop|plaza|walk';
const STREET_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,\/$#-])\d{1,6}[A-Za-z]?\s+` +
    String.raw`((?:(?:[NSEW]\.?|North|South|East|West)\s+)?(?:(?:\d{1,3}(?:st|nd|rd|th)|\p{L}[\p{L}'-]*)\s+){1,3}?)` +
    String.raw`(${COMMON_SUFFIXES}|${OTHER_SUFFIXES})\b\.?(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b\.?)?`,
  'giu',
);
// Not "place", "way" or "circle": "to 1 decimal place", "is 1 unit circle".
const LOWERCASE_OK_SUFFIX_RE = new RegExp(`^(?:${COMMON_SUFFIXES}|court|ct|terrace|ter)$`, 'i');
const STREET_STOPWORDS: ReadonlySet<string> = new Set(
  `the a an and or of on in at to for by with from down up around over into onto off my your his
  her our their its this that these those is are was were be been times more less than per each
  every if then so but not no all some many few same other another next last first second third
  minutes minute hours hour seconds days weeks miles mile km blocks steps feet ft meters units
  laps people students kids friends cars buses questions problems answers points marks pages`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
const LOCATIVE_CUE_RE =
  /\b(?:at|on|to|from|near|is|address|addr|live|lives|living|house|home|visit|moved|@)[\s:]*$/i;
const UNIT_RE =
  /,?\s*(?:apt|apartment|suite|ste|unit|fl|floor|rm|room|#)\.?\s*#?\s*(?:[A-Za-z]?-?\d[A-Za-z0-9-]{0,5}|[A-Za-z])(?![\p{L}\p{N}])/iuy;
const STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const CITY_STATE_RE = new RegExp(
  String.raw`,?\s+(?:[A-Z][\p{L}.'-]*\s+){0,2}?[A-Z][\p{L}.'-]*,?\s+(?:${STATES})\.?(?:\s+\d{5}(?:-\d{4})?)?(?![\p{L}\p{N}])`,
  'uy',
);
const CITY_STATE_ZIP_RE = new RegExp(
  String.raw`(?<![\p{L}])[A-Z][\p{L}'.-]+(?:\s[A-Z][\p{L}'.-]+){0,2},\s(?:${STATES})\s\d{5}(?:-\d{4})?(?!\d)`,
  'gu',
);
const PO_BOX_RE = /\b(?:p\.?\s?o\.?\s?box|post\s+office\s+box)\s*#?\s*\d{1,6}(?!\d)/giu;

function extendAddress(text: string, end: number): number {
  let e = end;
  UNIT_RE.lastIndex = e;
  const unit = UNIT_RE.exec(text);
  if (unit !== null) {
    e += unit[0].length;
  }
  CITY_STATE_RE.lastIndex = e;
  const city = CITY_STATE_RE.exec(text);
  if (city !== null) {
    e += city[0].length;
  }
  return e;
}

function isStreetName(text: string, start: number, words: string, suffix: string): boolean {
  const parts = words.trim().split(/\s+/);
  let capitalised = true;
  for (const w of parts) {
    const key = w.toLowerCase().replace(/\.$/, '');
    if (STREET_STOPWORDS.has(key)) {
      return false;
    }
    if (!isCapitalised(w.replace(/\.$/, '')) && !/^\d/.test(w)) {
      capitalised = false;
    }
  }
  if (capitalised && isCapitalised(suffix)) {
    return true;
  }
  return (
    LOWERCASE_OK_SUFFIX_RE.test(suffix) &&
    LOCATIVE_CUE_RE.test(text.slice(Math.max(0, start - 12), start))
  );
}

function findAddresses(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(STREET_RE)) {
    if (isStreetName(text, m.index, m[1] ?? '', m[2] ?? '')) {
      out.push({
        kind: 'address',
        start: m.index,
        end: extendAddress(text, m.index + m[0].length),
      });
    }
  }
  for (const m of text.matchAll(PO_BOX_RE)) {
    out.push({ kind: 'address', start: m.index, end: extendAddress(text, m.index + m[0].length) });
  }
  for (const m of text.matchAll(CITY_STATE_ZIP_RE)) {
    out.push({ kind: 'address', start: m.index, end: m.index + m[0].length });
  }
}

// --- student ids ----------------------------------------------------------------------------

const ALNUM_RUN_RE = /[\p{L}\p{N}]+/gu;
const ID_CHAR_RE = /[\p{L}\p{N}_]/u;
const STUDENT_ID_CUE_RE =
  /\b(?:student\s*(?:id|#|no\.?|number|num)|stu\.?\s*id|sid|id\s*(?:#|no\.?|number))\s*(?:is|=|:|#)?\s*[:#]?\s*([A-Za-z]{0,4}-?\d[A-Za-z0-9-]{2,14})(?![A-Za-z0-9])/dgi;

interface IdIndex {
  /** Folded first alphanumeric run → folded ids starting with it. */
  byFirstRun: Map<string, string[]>;
}

function buildIdIndex(roster: readonly PiiRosterMember[]): IdIndex {
  const byFirstRun = new Map<string, string[]>();
  for (const member of roster) {
    const id = member.externalId?.trim().toLowerCase();
    if (!id || id.length < 4) {
      continue;
    }
    const first = id.match(/^[\p{L}\p{N}]+/u)?.[0];
    if (first === undefined) {
      continue;
    }
    const list = byFirstRun.get(first) ?? [];
    if (!list.includes(id)) {
      list.push(id);
      list.sort((a, b) => b.length - a.length);
    }
    byFirstRun.set(first, list);
  }
  return { byFirstRun };
}

function findStudentIds(
  text: string,
  ids: IdIndex,
  pattern: RegExp | undefined,
  out: PiiFinding[],
): void {
  if (ids.byFirstRun.size > 0) {
    for (const m of text.matchAll(ALNUM_RUN_RE)) {
      const candidates = ids.byFirstRun.get(m[0].toLowerCase());
      if (candidates === undefined || ID_CHAR_RE.test(text.charAt(m.index - 1))) {
        continue;
      }
      for (const id of candidates) {
        const end = m.index + id.length;
        if (
          text.slice(m.index, end).toLowerCase() === id &&
          !ID_CHAR_RE.test(text.charAt(end)) &&
          !(text.charAt(end) === '-' && isDigitCode(text.charCodeAt(end + 1)))
        ) {
          out.push({ kind: 'student_id', start: m.index, end });
          break;
        }
      }
    }
  }
  if (pattern !== undefined) {
    for (const m of text.matchAll(pattern)) {
      if (m[0].length > 0) {
        out.push({ kind: 'student_id', start: m.index, end: m.index + m[0].length });
      }
    }
  }
  for (const m of text.matchAll(STUDENT_ID_CUE_RE)) {
    const span = m.indices?.[1];
    if (span !== undefined) {
      out.push({ kind: 'student_id', start: span[0], end: span[1] });
    }
  }
}

// --- government ids -------------------------------------------------------------------------

const SSN_RE =
  /(?<![\p{L}\p{N}_./-])(?!000|666)\d{3}([ -])(?!00)\d{2}\1(?!0000)\d{4}(?![\p{L}\p{N}_/]|[.-]\d)/gu;
const SSN_CUE_RE =
  /\b(?:ssn|ss#|social\s+security(?:\s+(?:number|no\.?|#))?)\s*(?:is|:|#|=)?\s*(\d{9})(?!\d)/dgi;
const UK_NINO_RE =
  /(?<![\p{L}\p{N}])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\p{L}\p{N}])/gu;
const CA_SIN_RE =
  /\b(?:SIN|[Ss]ocial [Ii]nsurance(?: [Nn]umber)?)\s*(?:#|:|is|no\.?)?\s*(\d{3}([ -]?)\d{3}\2\d{3})(?!\d)/dg;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function findGovernmentIds(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(SSN_RE)) {
    if (!looksArithmetic(text, m.index, m.index + m[0].length)) {
      out.push({ kind: 'government_id', start: m.index, end: m.index + m[0].length });
    }
  }
  for (const m of text.matchAll(SSN_CUE_RE)) {
    const span = m.indices?.[1];
    if (span !== undefined) {
      out.push({ kind: 'government_id', start: span[0], end: span[1] });
    }
  }
  for (const m of text.matchAll(UK_NINO_RE)) {
    out.push({ kind: 'government_id', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(CA_SIN_RE)) {
    const span = m.indices?.[1];
    if (span !== undefined && luhnValid((m[1] ?? '').replace(/\D/g, ''))) {
      out.push({ kind: 'government_id', start: span[0], end: span[1] });
    }
  }
}

// --- merging --------------------------------------------------------------------------------

/**
 * Sorts findings and merges overlapping ones (and names separated only by spaces). The merged
 * kind is that of the longest part; ties go to the higher `KIND_PRIORITY`.
 */
export function mergePiiFindings(text: string, findings: readonly PiiFinding[]): PiiFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PiiFinding[] = [];
  let bestLength = 0;
  for (const f of sorted) {
    const last = out[out.length - 1];
    const length = f.end - f.start;
    if (
      last !== undefined &&
      (f.start < last.end ||
        (f.kind === 'name' &&
          last.kind === 'name' &&
          SPACES_ONLY_RE.test(text.slice(last.end, f.start))))
    ) {
      if (
        f.kind !== last.kind &&
        (length > bestLength ||
          (length === bestLength && KIND_PRIORITY[f.kind] > KIND_PRIORITY[last.kind]))
      ) {
        last.kind = f.kind;
      }
      bestLength = Math.max(bestLength, length);
      last.end = Math.max(last.end, f.end);
      continue;
    }
    out.push({ kind: f.kind, start: f.start, end: f.end });
    bestLength = length;
  }
  return out;
}

/** Replaces each finding (sorted, non-overlapping) by its `PII_REPLACEMENTS` token. */
export function applyPiiRedaction(text: string, findings: readonly PiiFinding[]): string {
  if (findings.length === 0) {
    return text;
  }
  let out = '';
  let cursor = 0;
  for (const f of findings) {
    out += text.slice(cursor, f.start) + PII_REPLACEMENTS[f.kind];
    cursor = f.end;
  }
  return out + text.slice(cursor);
}

// --- the redactor ---------------------------------------------------------------------------

const HAS_DIGIT_RE = /\d/;

/**
 * Compiles a redactor for one roster (see the module comment for the rules and their limits).
 * Building costs O(roster size); `redact` is linear in the text for practical inputs.
 */
export function createPiiRedactor(props: PiiRedactorProps): PiiRedactor {
  const names = buildNameIndex(props);
  const ids = buildIdIndex(props.roster);
  const pattern =
    props.studentIdPattern === undefined ? undefined : withGlobalFlag(props.studentIdPattern);
  return {
    redact(text: string): PiiRedaction {
      const found: PiiFinding[] = [];
      findEmails(text, found);
      if (HAS_DIGIT_RE.test(text)) {
        findPhones(text, found);
        findAddresses(text, found);
        findGovernmentIds(text, found);
      }
      findStudentIds(text, ids, pattern, found);
      if (names.words.size > 0) {
        findNames(text, names, found);
      }
      if (found.length === 0) {
        return { text, findings: found };
      }
      const findings = mergePiiFindings(text, found);
      return { text: applyPiiRedaction(text, findings), findings };
    },
  };
}
