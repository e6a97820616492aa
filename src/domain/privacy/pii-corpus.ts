/**
 * A seeded generator of a labelled synthetic corpus for the PII redactor: forum posts from a
 * fractions-and-algebra course, some carrying PII at known character spans, many carrying hard
 * negatives (fractions, equations, dates, decimals, times, page and problem numbers, long plain
 * numbers, subtraction chains, and roster names used as ordinary words).
 *
 * The roster (fictional) is part of the corpus: about a quarter of given and family names are
 * also English words (Will, Grace, April, Young, Price, Page…). Names are drawn with realistic
 * variation: given, full, family-only, nickname, lower case, all capitals, possessive, "@"
 * mentions, accents dropped, at the start of a sentence with and without a comma; emails,
 * phones, addresses and ids in several formats (obfuscated emails, international phones, units,
 * P.O. boxes, lower-case streets, UK NI numbers), including cases the redactor is documented to
 * miss or over-redact (bare phone digits without a cue, posts typed all in lower case, greetings
 * without punctuation, textbook word-problem names that equal a roster member's name).
 * Ground truth: a name span excludes a possessive "'s" and a leading "@"; a full name is one
 * span; an email containing a name is one email span. Word-problem names, mathematicians and
 * teachers not on the roster are not PII here.
 *
 * The templates and the redactor's rules were written by the same hand, so the bench measures
 * the rules against the variation listed here, not against real posts.
 */
import type { PiiKind, PiiRosterMember } from './pii-redactor.js';
import { createRng, pick, randomInt, type Rng } from '../random.js';

/** One labelled span: `text.slice(start, end)`, UTF-16 offsets, end exclusive. */
export interface PiiCorpusSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

export interface PiiCorpusPost {
  text: string;
  spans: PiiCorpusSpan[];
}

export interface PiiCorpus {
  roster: PiiRosterMember[];
  /** The institution's student-id format; ids of students not on the roster follow it. */
  studentIdPattern: RegExp;
  posts: PiiCorpusPost[];
}

export interface PiiCorpusProps {
  seed: number;
  /** Number of posts. */
  posts: number;
  /** Roster members; default 240 (a course of several sections). */
  rosterSize?: number;
  /** Share of posts carrying at least one PII sentence, in [0, 1]; default 0.5. */
  piiShare?: number;
}

const GIVEN_PLAIN = `Maya Aarav Priya Sofia Mateo Aisha Omar Zara Ethan Noah Olivia Emma Ava Lucas Mia
  Elijah Marcus Jonas Amara Kwame Yuki Hiroshi Siddharth Ananya Fatima Ibrahim Leila Dmitri Anya Chloe Isaac
  Zoe Ezra Nia Kofi Ingrid Lars Mei Jin Hana Diego Camila Valentina Santiago Thiago Lucia José
  Zoë Siobhan Niamh Eoin Tariq Amir Layla Rania Tomás Björn Anne-Marie Ayesha Arjun Rohan Kavya
  Malik Jamal Imani Keisha DeShawn Xavier Nathaniel William Elizabeth Katherine Robert Alexander
  Samantha Christopher Jennifer Benjamin Margaret Andrew Patricia Michael Sebastian`;
const GIVEN_WORDS = `Will Grace Rose Mark April May June Hope Joy Faith Summer Dawn Ruby Holly Ivy
  Iris Jack Frank Drew Sky River Sage Hunter Mason Chase Penny Max Dean Miles Autumn Hazel Olive
  Violet Amber Crystal Pearl Heather Daisy Lily Sandy Art Ray Bill Pat Rich Grant`;
const FAMILY_PLAIN = `Patel Okafor Nguyen Kowalski García Fernández O'Brien Zhang Haddad Adeyemi
  Ivanova Tanaka Müller Schmidt Rossi Johansson Chen Singh Kumar Hernandez Lopez Gonzalez
  Martinez Rodriguez Petrov Novak Dubois Moreau Silva Santos Costa Oliveira Yamamoto Sato Suzuki
  Choi Mensah Owusu Abubakar Nakamura Horvath Kaur Gupta Sharma Reddy Ali Hassan Mahmoud Cohen
  Levi Friedman Schwartz Anderson Thompson Jackson Harris Robinson Lewis Clark Murphy Kelly
  Sullivan McCarthy Lee-Chen Nowak Lindqvist Achebe Takahashi Volkov Mbeki Quispe`;
const FAMILY_WORDS = `Young Long Price Hill Rice King Brown Green White Black Gray Cook Bell Hall
  Lane Page Wood Stone Banks Field Ford Frost Hunt Love Marsh Moss Park Sharp Snow Swift Wise Day
  Cross Best Small Strong Power Bird Fox Wolf Rivers Waters Wells Baker Cooper Turner Miller
  Fisher Taylor Carter Knight Bishop Little Short`;

const NICKNAMES_USED: Readonly<Record<string, readonly string[]>> = {
  William: ['Will', 'Bill', 'Liam'],
  Elizabeth: ['Liz', 'Beth'],
  Katherine: ['Kate', 'Katie'],
  Robert: ['Rob', 'Bobby'],
  Alexander: ['Alex'],
  Samantha: ['Sam'],
  Christopher: ['Chris'],
  Jennifer: ['Jen', 'Jenny'],
  Benjamin: ['Ben'],
  Margaret: ['Maggie', 'Meg'],
  Andrew: ['Andy', 'Drew'],
  Patricia: ['Pat', 'Trish'],
  Michael: ['Mike'],
  Nathaniel: ['Nate'],
  Sebastian: ['Seb'],
};

/** Names that are not on any roster (mathematicians, tools, teachers): never labelled. */
const OUTSIDERS = [
  'Euler',
  'Pythagoras',
  'Fibonacci',
  'Desmos',
  'Khan Academy',
  'Mr. Henderson',
  'Ms. Alvarez',
  'Dr. Okonkwo',
  'GeoGebra',
  'Google',
];

/**
 * Names in textbook word problems quoted in posts: not PII, never labelled, but some (Sam, Ben,
 * Alex) are nicknames of roster members, so the redactor will take them for names.
 */
const WORD_PROBLEM_NAMES = [
  'Sam',
  'Maria',
  'Juan',
  'Keiko',
  'Darnell',
  'Lena',
  'Raj',
  'Ben',
  'Alex',
];

const STREETS = `Main Oak Maple Elm Cedar Pine Washington Lake Hill Park Sunset Highland Jefferson
  Lincoln River Church Spring Mill Walnut Chestnut Willow Meadow Franklin Madison Forest Valley
  Rose Cherry Ridge Lakeview Orchard Harbor`;
const STREET_SUFFIXES = [
  'Street',
  'St',
  'St.',
  'Avenue',
  'Ave',
  'Ave.',
  'Road',
  'Rd',
  'Boulevard',
  'Blvd',
  'Lane',
  'Ln',
  'Drive',
  'Dr',
  'Court',
  'Ct',
  'Place',
  'Way',
  'Terrace',
  'Circle',
  'Parkway',
];
const CITIES = [
  ['Springfield', 'IL'],
  ['Riverside', 'CA'],
  ['Fairview', 'TX'],
  ['Madison', 'WI'],
  ['Georgetown', 'KY'],
  ['Salem', 'OR'],
  ['Clinton', 'NY'],
  ['Ann Arbor', 'MI'],
  ['Portland', 'ME'],
  ['Franklin', 'TN'],
] as const;
const EMAIL_DOMAINS = [
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'icloud.com',
  'students.riverside.k12.ca.us',
  'student.pathwise-academy.org',
  'mail.example.edu',
  'protonmail.com',
  'school.org.uk',
];
const HANDLES = [
  'mathwhiz',
  'soccer_fan',
  'pi.lover',
  'xXgamerXx',
  'bookworm',
  'skater.kid',
  'quietstorm',
  'fraction_hero',
];

function words(list: string): string[] {
  return list.split(/\s+/).filter((w) => w.length > 0);
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += String(randomInt(rng, 0, 9));
  }
  return s;
}

function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

function asciiFold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z]/g, '');
}

// --- roster ---------------------------------------------------------------------------------

interface Member extends PiiRosterMember {
  givenName: string;
  familyName: string;
  externalId: string;
}

function buildRoster(rng: Rng, size: number): Member[] {
  const givenPlain = words(GIVEN_PLAIN);
  const givenWords = words(GIVEN_WORDS);
  const familyPlain = words(FAMILY_PLAIN);
  const familyWords = words(FAMILY_WORDS);
  const seen = new Set<string>();
  const roster: Member[] = [];
  while (roster.length < size) {
    const givenName = chance(rng, 0.25) ? pick(rng, givenWords) : pick(rng, givenPlain);
    const familyName = chance(rng, 0.25) ? pick(rng, familyWords) : pick(rng, familyPlain);
    const full = `${givenName} ${familyName}`;
    if (seen.has(full)) {
      continue;
    }
    seen.add(full);
    const nick = NICKNAMES_USED[givenName];
    const displayName =
      nick !== undefined && chance(rng, 0.3) ? `${pick(rng, nick)} ${familyName}` : full;
    const externalId = chance(rng, 0.5) ? `S${digits(rng, 7)}` : `RMS-${digits(rng, 5)}`;
    const email = `${asciiFold(givenName)}.${asciiFold(familyName)}@students.riverside.example`;
    roster.push({ givenName, familyName, displayName, email: email.toLowerCase(), externalId });
  }
  return roster;
}

// --- post building --------------------------------------------------------------------------

/** A value for a template slot; `kind` when it is PII (then its whole text is one span). */
interface Piece {
  text: string;
  kind?: PiiKind;
}

class PostBuilder {
  text = '';
  spans: PiiCorpusSpan[] = [];

  add(piece: Piece): void {
    if (piece.kind !== undefined) {
      this.spans.push({
        kind: piece.kind,
        start: this.text.length,
        end: this.text.length + piece.text.length,
      });
    }
    this.text += piece.text;
  }
}

type Slot = (rng: Rng) => Piece;

interface Context {
  roster: readonly Member[];
  slots: Record<string, Slot>;
}

/** Renders "I got {frac} on #{n}" into the builder, filling slots and recording PII spans. */
function render(b: PostBuilder, template: string, ctx: Context, rng: Rng): void {
  const parts = template.split(/\{(\w+)\}/);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i % 2 === 0) {
      b.add({ text: part });
      continue;
    }
    const slot = ctx.slots[part];
    if (slot === undefined) {
      throw new Error(`unknown slot {${part}}`);
    }
    b.add(slot(rng));
  }
}

// --- maths fillers (hard negatives) ---------------------------------------------------------

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function fraction(rng: Rng): string {
  const d = randomInt(rng, 2, 16);
  return `${randomInt(rng, 1, d * 2)}/${d}`;
}

function fractionSum(rng: Rng): string {
  const b = randomInt(rng, 2, 12);
  const d = randomInt(rng, 2, 12);
  const a = randomInt(rng, 1, b);
  const c = randomInt(rng, 1, d);
  const op = pick(rng, ['+', '-', '×', '*', '÷']);
  let num = a * d + c * b;
  let den = b * d;
  if (op === '-') {
    num = a * d - c * b;
  }
  const g = Math.abs(gcd(num, den)) || 1;
  num /= g;
  den /= g;
  const sp = chance(rng, 0.8) ? ' ' : '';
  return `${a}/${b}${sp}${op}${sp}${c}/${d}${sp}=${sp}${num}/${den}`;
}

function equation(rng: Rng): string {
  const a = randomInt(rng, 2, 99);
  const b = randomInt(rng, 2, 99);
  switch (randomInt(rng, 0, 7)) {
    case 0:
      return `${a} x ${b} = ${a * b}`;
    case 1:
      return `${a}*${b}=${a * b}`;
    case 2:
      return `${randomInt(rng, 2, 9)}x + ${a} = ${b}`;
    case 3:
      return `y = ${randomInt(rng, -9, 9)}x - ${a}`;
    case 4:
      return `${a * b} ÷ ${b} = ${a}`;
    case 5: {
      const c = randomInt(rng, 100, 999);
      const d = randomInt(rng, 10, 99);
      const e = randomInt(rng, 1000, 9999);
      return `${e}-${c}-${d} = ${e - c - d}`;
    }
    case 6:
      return `(${a} + ${b})^2 = ${(a + b) * (a + b)}`;
    default:
      return `${a}.${digits(rng, 2)} - ${b}.${digits(rng, 1)} = ?`;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Sept', 'Oct', 'Nov', 'Dec', 'January', 'March', 'October'];

function date(rng: Rng): string {
  const y = randomInt(rng, 2025, 2027);
  const m = randomInt(rng, 1, 12);
  const d = randomInt(rng, 1, 28);
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  switch (randomInt(rng, 0, 6)) {
    case 0:
      return `${y}-${mm}-${dd}`;
    case 1:
      return `${m}/${d}/${y}`;
    case 2:
      return `${mm}/${dd}`;
    case 3:
      return `${pick(rng, MONTHS)} ${d}`;
    case 4:
      return `${d} ${pick(rng, MONTHS)} ${y}`;
    case 5:
      return `${dd}.${mm}.${y}`;
    default:
      return `${pick(rng, ['Monday', 'Tuesday', 'Friday'])} ${m}/${d}`;
  }
}

function time(rng: Rng): string {
  const h = randomInt(rng, 1, 12);
  const min = pick(rng, ['00', '15', '30', '45', '05']);
  return pick(rng, [`${h}:${min}`, `${h}:${min} pm`, `${h}:${min}am`, `${h + 8}:${min}`]);
}

function decimal(rng: Rng): string {
  return pick(rng, [
    `0.${digits(rng, 2)}`,
    `${randomInt(rng, 1, 99)}.${digits(rng, randomInt(rng, 1, 4))}`,
    `3.14159`,
    `0.333...`,
    `${randomInt(rng, 1, 9)}.${digits(rng, 10)}`,
  ]);
}

function bigNumber(rng: Rng): string {
  return pick(rng, [
    `${randomInt(rng, 1, 999)},${digits(rng, 3)},${digits(rng, 3)}`,
    `${randomInt(rng, 1, 9)}${digits(rng, 9)}`,
    `${randomInt(rng, 100, 999)} ${digits(rng, 3)}`,
    `${randomInt(rng, 1, 9)}${digits(rng, 5)}`,
  ]);
}

// --- PII values -----------------------------------------------------------------------------

function nameSurface(rng: Rng, m: Member): string {
  const typed = nameForm(rng, m);
  // Accents are often dropped when typing ("Jose", "Muller").
  return chance(rng, 0.3) ? typed.normalize('NFD').replace(/\p{M}/gu, '') : typed;
}

function nameForm(rng: Rng, m: Member): string {
  const r = rng();
  const nick = NICKNAMES_USED[m.givenName];
  if (r < 0.48) {
    return m.givenName;
  }
  if (r < 0.64) {
    return `${m.givenName} ${m.familyName}`;
  }
  if (r < 0.71) {
    return m.familyName;
  }
  if (r < 0.82) {
    return m.givenName.toLowerCase();
  }
  if (r < 0.85) {
    return `${m.givenName} ${m.familyName}`.toLowerCase();
  }
  if (r < 0.93) {
    return nick === undefined ? m.givenName : pick(rng, nick);
  }
  if (r < 0.95) {
    return m.givenName.toUpperCase();
  }
  return m.givenName;
}

function email(rng: Rng, m: Member): string {
  const g = asciiFold(m.givenName);
  const f = asciiFold(m.familyName);
  const n = String(randomInt(rng, 1, 99));
  const local = pick(rng, [
    `${g}.${f}`,
    `${g.charAt(0)}${f}${n}`,
    `${g}_${f}`,
    `${g}${f}+math`,
    `${f}.${g}`,
    `${pick(rng, HANDLES)}${n}`,
    `${g}${n}`,
  ]);
  const address = `${local}@${pick(rng, EMAIL_DOMAINS)}`;
  const r = rng();
  if (r < 0.15) {
    return address.charAt(0).toUpperCase() + address.slice(1);
  }
  if (r < 0.22) {
    return address.replace(/^([^.@]+)\.?/, (s) => s.toUpperCase());
  }
  return address.toLowerCase();
}

function obfuscatedEmail(rng: Rng, m: Member): string {
  const local = `${asciiFold(m.givenName)}.${asciiFold(m.familyName)}`.toLowerCase();
  const domain = pick(rng, ['gmail', 'yahoo', 'outlook']);
  return pick(rng, [`${local} at ${domain} dot com`, `${local} [at] ${domain} [dot] com`]);
}

function areaCode(rng: Rng): string {
  return `${randomInt(rng, 2, 9)}${digits(rng, 2)}`;
}

function phone(rng: Rng): string {
  const a = areaCode(rng);
  const e = pick(rng, ['555', digits(rng, 3)]);
  const l = digits(rng, 4);
  switch (randomInt(rng, 0, 18)) {
    case 0:
    case 1:
      return `(${a}) ${e}-${l}`;
    case 2:
    case 3:
      return `${a}-${e}-${l}`;
    case 4:
      return `${a}.${e}.${l}`;
    case 5:
      return `${a} ${e} ${l}`;
    case 6:
      return `+1 ${a} ${e} ${l}`;
    case 7:
      return `+1-${a}-${e}-${l}`;
    case 8:
      return `1-${a}-${e}-${l}`;
    case 9:
      return `(${a})${e}-${l}`;
    case 10:
      return `${a}-${e}-${l} ext. ${randomInt(rng, 1, 999)}`;
    case 11:
      return `+44 20 ${digits(rng, 4)} ${digits(rng, 4)}`;
    case 12:
      return `+44 7${digits(rng, 3)} ${digits(rng, 6)}`;
    case 13:
      return `07${digits(rng, 3)} ${digits(rng, 6)}`;
    case 14:
      return `+33 ${randomInt(rng, 1, 9)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`;
    case 15:
      return `+91 ${randomInt(rng, 6, 9)}${digits(rng, 4)} ${digits(rng, 5)}`;
    case 16:
      return `+61 ${randomInt(rng, 2, 8)} ${digits(rng, 4)} ${digits(rng, 4)}`;
    case 17:
      return `${a}${e}${l}`;
    default:
      return `${e}-${l}`;
  }
}

function address(rng: Rng): string {
  const streets = words(STREETS);
  const n = String(randomInt(rng, 1, 9999));
  const street = chance(rng, 0.12)
    ? pick(rng, ['1st', '2nd', '3rd', '5th', '42nd'])
    : chance(rng, 0.15)
      ? `${pick(rng, ['N.', 'S', 'East', 'W.'])} ${pick(rng, streets)}`
      : pick(rng, streets);
  let s = `${n} ${street} ${pick(rng, STREET_SUFFIXES)}`;
  if (chance(rng, 0.25)) {
    s += pick(rng, [`, Apt ${randomInt(rng, 1, 30)}`, ` #${randomInt(rng, 1, 9)}B`, `, Unit 4`]);
  }
  if (chance(rng, 0.3)) {
    const [city, state] = pick(rng, CITIES);
    s += `, ${city}, ${state}${chance(rng, 0.7) ? ` ${digits(rng, 5)}` : ''}`;
  }
  if (chance(rng, 0.08)) {
    return `P.O. Box ${randomInt(rng, 1, 9999)}`;
  }
  if (chance(rng, 0.1)) {
    return s.toLowerCase();
  }
  return s;
}

function ssn(rng: Rng): string {
  const a = String(randomInt(rng, 1, 899)).padStart(3, '0');
  const b = String(randomInt(rng, 1, 99)).padStart(2, '0');
  const c = String(randomInt(rng, 1, 9999)).padStart(4, '0');
  return chance(rng, 0.8) ? `${a}-${b}-${c}` : `${a} ${b} ${c}`;
}

function niNumber(rng: Rng): string {
  const first = pick(rng, ['A', 'B', 'C', 'E', 'H', 'J', 'K', 'L', 'P', 'R', 'S', 'T', 'W']);
  const second = pick(rng, ['A', 'B', 'C', 'E', 'H', 'J', 'L', 'M', 'P', 'R', 'W', 'Y']);
  const sp = chance(rng, 0.5) ? ' ' : '';
  const suffix = pick(rng, ['A', 'B', 'C', 'D']);
  return `${first}${second}${sp}${digits(rng, 2)}${sp}${digits(rng, 2)}${sp}${digits(rng, 2)}${sp}${suffix}`;
}

// --- templates ------------------------------------------------------------------------------

/** Sentences with no PII (slots are maths fillers or outsider names). */
const MATH_SENTENCES = [
  'I got {frac} for question {n}, is that right?',
  'For #{n} I did {fsum}.',
  'Is {fsum} correct?',
  'The answer to {n}b is {dec}.',
  '{eq}',
  'I keep getting {eq} but the key says otherwise.',
  'Homework {n} is due {date}.',
  'The quiz is on {date} at {time}.',
  'Office hours moved to {time} on {date}.',
  'See page {page}, example {n}.',
  'It is on p. {page}, problems {n}-{n2}.',
  'Exercises {n}.{n2}.{n} and {n}.{n2}.{n2} are confusing.',
  'Convert {frac} to a decimal: I got {dec}.',
  'Simplify {frac} to lowest terms.',
  'I scored {n2}/{n3} ({pct}%) on the last quiz.',
  'What is {big} divided by {n}?',
  'Round {dec} to the nearest tenth.',
  'The ratio was {n}:{n2}:{n3} so I scaled it.',
  'Plot the point ({n}, -{n2}) then find the slope.',
  'It costs ${n}.{n2}0 per pound.',
  'Is {frac} bigger than {dec}?',
  'Step 2: multiply both sides by {n}, so {eq}.',
  'Does {n}/{n3} reduce? I think {n}/{n3} = {dec}.',
  '{outsider} has a good video on common denominators.',
  'I used {outsider} to check my graph.',
  'Watch the video from {time} to {time}.',
  'Unit {n} test covers sections {n}.1 to {n}.{n2}.',
  'Class is in room {room}.',
  'We need {n} out of {n3} to pass.',
  'My calculator shows {bigdec}.',
  'The population grew from {big} to {big}.',
  'Why is {n} - {n2} - {n3} not the same as {n} - ({n2} - {n3})?',
  'The ISBN is 978-0-{n3}-{big}-{n}, the blue textbook.',
  'A phone plan costs ${n3} per month plus $0.0{n} per text. How many texts for ${n3}?',
  'If a phone costs ${n3}9.99 and is {n}% off, what is the new price?',
  'A train leaves Chicago at {time} going {n3} mph.',
  'Call the area A and the perimeter P, then A = {n3}.',
  'The sequence goes 2, 4, 8, 16, 32, so the next term is 64.',
  'Prime factorization: 2310 = 2 × 3 × 5 × 7 × 11.',
  '{problemName} has {frac} of a pizza and eats {frac} of it. How much is left?',
  '{problemName} ran {dec} km on Monday and {dec} km on Tuesday.',
  'In the textbook, {problemName} saves ${n} a week for {n3} weeks.',
  'Reviewing from {date} to {date}, {time}-{time}.',
  'Look at www.khanacademy.org/math for practice.',
  'I checked it at desmos.com/calculator and got {dec}.',
  'Tag the TA with @ if you are stuck on {n}b.',
];

/** Sentences using roster words as ordinary words: never labelled. */
const WORD_SENTENCES = [
  'I will try #{n} again tonight.',
  'Will this be on the test?',
  'Will we get partial credit for {frac}?',
  'I lost a mark on question {n}.',
  'Mark the point ({n}, {n2}) on the graph.',
  'Is there a grace period for homework {n}?',
  'The price rose by {frac} of a dollar.',
  'The unit test is on April {n}.',
  'Project is due in April.',
  'May I ask how you got {frac}?',
  'It may be {dec}, not sure.',
  'Finals are in June.',
  'Hope this helps!',
  'I hope it is {frac}.',
  'Summer school starts June {n}.',
  'Long division is so slow.',
  'How long did #{n} take you?',
  'Price per kg is ${n}.50, so {n2} kg costs more.',
  'The price of {n} apples is ${n2}.',
  'The hill is {big} m high.',
  'A stone weighs {dec} kg.',
  'Walk {dec} km to the park and back.',
  'The field is {n}0 m by {n2}0 m.',
  'The bank pays {n}% interest.',
  'Page {page} has the table.',
  'The bell rang at {time}.',
  'I drew a number line from -{n} to {n2}.',
  'She has {n} brown and {n2} green marbles.',
  'The young plants grew {dec} cm.',
  'Frost formed at {n} degrees.',
  'I ran {n} miles with joy.',
  'We had a long day, {n} problems in a row.',
  'A fox runs at {n} km/h.',
  'Keep the best of {n} scores.',
  'The small square has side {frac}.',
  'Grant me {n} more minutes lol.',
  'Check the Mark Scheme for #{n}.',
  'Is the Long Division quiz today?',
  'Chase the decimal point when you multiply by {n}0.',
  'We read the rules on page {page} in May.',
  'Max is {n} and min is -{n2}.',
  'Miles per hour: {n} miles in {frac} hour.',
];

/** Sentences with a roster name ({N}, {N2}). */
const NAME_SENTENCES = [
  '{N} said the answer is {frac}.',
  'I think {N} is right about #{n}.',
  'Thanks {N}!',
  'Thanks, {N}!',
  'Hi {N}, did you get {frac}?',
  'hey {N} did you finish {n}b',
  "{N}'s method for #{n} is easier.",
  "I used {N}'s trick: {fsum}.",
  'Me and {N} got different answers for {eq}.',
  'Can {N} explain step {n}?',
  '@{N} check #{n}',
  '{N} and {N2} worked on the worksheet together.',
  'Ask {N}, they got {dec}.',
  '{N}: I got {frac} too.',
  'Working with {N} on {n}b.',
  '{N} got it wrong, it should be {frac}.',
  '{N} thinks {eq}.',
  '{N} I disagree, it is {frac}.',
  'Sorry {N}, I meant {frac}.',
  '{N} can you share your notes?',
  'Did {N} post the answers?',
  'Shoutout to {N} for the tip about common denominators.',
  '{N}!!! you are a lifesaver',
  'My lab partner is {N}.',
  '{N} wrote {frac} on the board.',
  'I sit next to {N} and {N2}.',
  'Great point {N}.',
  '{N}, {N2} and I are meeting at {time}.',
  '{N} explained it in class on {date}.',
  'According to {N} the key is wrong.',
];

const EMAIL_SENTENCES = [
  'Email me at {E} if you want my notes.',
  'My email is {E}.',
  'Send it to <{E}>',
  'contact: {E}',
  'You can reach me ({E}) after school.',
  'mailto:{E}',
  '{E} is my school email.',
  'I shared the doc with {E}, check your inbox.',
  'Add me: {E}',
];

const PHONE_SENTENCES = [
  'Call me at {P} if you are stuck.',
  'My cell is {P}.',
  'Text {P} if you want to study.',
  'My number: {P}',
  "{P} is my mom's phone, call after {time}.",
  'Reach me on {P}.',
  'WhatsApp {P}',
  'Phone {P} for the study group.',
  'my number is {P}',
  "Here's mine {P} lol",
];

const ADDRESS_SENTENCES = [
  'I live at {A}.',
  'My address is {A}.',
  'The study group is at {A}, come by at {time}.',
  'Send the form to {A}.',
  "We're meeting at {A} on Saturday.",
  '{A} is my house if you want to work on {n}b.',
  'Drop it off at {A} please',
];

const ID_SENTENCES = [
  'My student id is {ID}.',
  'ID: {ID}',
  "I'm {ID} in the gradebook but my score is missing.",
  'student # {ID} - can you fix my grade for #{n}?',
  'The portal says {ID} has no submission.',
  'Login for {ID} does not work.',
];

const GOV_SENTENCES = [
  'The form asked for my SSN {GOV} and I put it in by mistake.',
  'Oops I pasted my social security number {GOV}, please delete.',
  'SSN: {GOV}',
  'My NI number is {NI}.',
  'National Insurance {NI} was on the same page.',
  'ssn is {SSN9}',
];

const GREETINGS = [
  '',
  '',
  '',
  'Hi all, ',
  'Hey everyone! ',
  'Quick question: ',
  'Help! ',
  'Ok so ',
  'Guys ',
  'Sorry if this is obvious ',
];
const SIGNOFFS = ['', '', '', ' Thanks!', ' :)', ' thx', ' Any help appreciated.', ' - confused'];

function makeSlots(roster: readonly Member[]): Record<string, Slot> {
  const member = (rng: Rng) => pick(rng, roster);
  const nameSlot: Slot = (rng) => ({ text: nameSurface(rng, member(rng)), kind: 'name' });
  const plain =
    (f: (rng: Rng) => string): Slot =>
    (rng) => ({ text: f(rng) });
  return {
    N: nameSlot,
    N2: nameSlot,
    E: (rng) => ({
      text: chance(rng, 0.06) ? obfuscatedEmail(rng, member(rng)) : email(rng, member(rng)),
      kind: 'email',
    }),
    P: (rng) => ({ text: phone(rng), kind: 'phone' }),
    A: (rng) => ({ text: address(rng), kind: 'address' }),
    ID: (rng) => ({
      text: chance(rng, 0.7) ? member(rng).externalId : `S${digits(rng, 7)}`,
      kind: 'student_id',
    }),
    GOV: (rng) => ({ text: ssn(rng), kind: 'government_id' }),
    NI: (rng) => ({ text: niNumber(rng), kind: 'government_id' }),
    SSN9: (rng) => ({ text: ssn(rng).replace(/\D/g, ''), kind: 'government_id' }),
    frac: plain(fraction),
    fsum: plain(fractionSum),
    eq: plain(equation),
    dec: plain(decimal),
    bigdec: plain((rng) => `${randomInt(rng, 1, 9)}.${digits(rng, 9)}`),
    date: plain(date),
    time: plain(time),
    big: plain(bigNumber),
    page: plain((rng) => String(randomInt(rng, 1, 480))),
    room: plain((rng) =>
      pick(rng, [String(randomInt(rng, 100, 320)), `${randomInt(rng, 1, 40)}B`]),
    ),
    n: plain((rng) => String(randomInt(rng, 1, 30))),
    n2: plain((rng) => String(randomInt(rng, 2, 60))),
    n3: plain((rng) => String(randomInt(rng, 10, 100))),
    pct: plain((rng) => String(randomInt(rng, 1, 100))),
    outsider: plain((rng) => pick(rng, OUTSIDERS)),
    problemName: plain((rng) => pick(rng, WORD_PROBLEM_NAMES)),
  };
}

const PII_TEMPLATES: readonly (readonly [number, readonly string[]])[] = [
  [0.5, NAME_SENTENCES],
  [0.14, EMAIL_SENTENCES],
  [0.14, PHONE_SENTENCES],
  [0.1, ADDRESS_SENTENCES],
  [0.07, ID_SENTENCES],
  [0.05, GOV_SENTENCES],
];

function pickPiiTemplate(rng: Rng): string {
  let r = rng();
  for (const [weight, list] of PII_TEMPLATES) {
    if (r < weight) {
      return pick(rng, list);
    }
    r -= weight;
  }
  return pick(rng, NAME_SENTENCES);
}

function buildPost(rng: Rng, ctx: Context, piiShare: number): PiiCorpusPost {
  const b = new PostBuilder();
  const sentences: string[] = [];
  const fillers = randomInt(rng, 1, 4);
  for (let i = 0; i < fillers; i++) {
    sentences.push(chance(rng, 0.35) ? pick(rng, WORD_SENTENCES) : pick(rng, MATH_SENTENCES));
  }
  if (chance(rng, piiShare)) {
    const pii = chance(rng, 0.75) ? 1 : randomInt(rng, 2, 3);
    for (let i = 0; i < pii; i++) {
      sentences.splice(randomInt(rng, 0, sentences.length), 0, pickPiiTemplate(rng));
    }
  }
  render(b, pick(rng, GREETINGS), ctx, rng);
  sentences.forEach((s, i) => {
    if (i > 0) {
      b.add({ text: pick(rng, [' ', ' ', ' ', '\n', '  ']) });
    }
    render(b, s, ctx, rng);
  });
  render(b, pick(rng, SIGNOFFS), ctx, rng);
  // Some students type everything in lower case.
  if (chance(rng, 0.05)) {
    const lower = b.text.toLowerCase();
    if (lower.length === b.text.length) {
      return { text: lower, spans: b.spans };
    }
  }
  return { text: b.text, spans: b.spans };
}

/** Generates the roster and `props.posts` labelled posts; the same seed gives the same corpus. */
export function generatePiiCorpus(props: PiiCorpusProps): PiiCorpus {
  const rng = createRng(props.seed);
  const roster = buildRoster(rng, props.rosterSize ?? 240);
  const studentIdPattern = /\bS\d{7}\b/;
  const ctx: Context = { roster, slots: makeSlots(roster) };
  const posts: PiiCorpusPost[] = [];
  for (let i = 0; i < props.posts; i++) {
    posts.push(buildPost(rng, ctx, props.piiShare ?? 0.5));
  }
  return { roster, studentIdPattern, posts };
}
