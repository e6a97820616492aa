/**
 * The demo roster: fictional students, their birth dates, and the learner profile each one
 * plays in the synthetic history. Pure data.
 */

/** A fictional student's name. */
export interface DemoStudentName {
  givenName: string;
  familyName: string;
}

/** 40 fictional students. Any resemblance to real people is a coincidence. */
export const DEMO_STUDENT_NAMES: readonly DemoStudentName[] = [
  ['Amara', 'Okonkwo'],
  ['Mateo', 'Alvarez'],
  ['Priya', 'Raman'],
  ['Liam', 'Byrne'],
  ['Sofia', 'Rossi'],
  ['Kenji', 'Watanabe'],
  ['Zainab', 'Haddad'],
  ['Noah', 'Fischer'],
  ['Leilani', 'Kahale'],
  ['Dmitri', 'Volkov'],
  ['Aaliyah', 'Johnson'],
  ['Tomas', 'Herrera'],
  ['Mei', 'Chen'],
  ['Oskar', 'Lindqvist'],
  ['Fatima', 'Benali'],
  ['Ethan', 'Park'],
  ['Chiara', 'Esposito'],
  ['Kwame', 'Mensah'],
  ['Ines', 'Carvalho'],
  ['Arjun', 'Mehta'],
  ['Hana', 'Novak'],
  ['Samuel', 'Adeyemi'],
  ['Yara', 'Nasser'],
  ['Lucas', 'Moreau'],
  ['Ingrid', 'Solberg'],
  ['Diego', 'Ramirez'],
  ['Nia', 'Thompson'],
  ['Ravi', 'Iyer'],
  ['Elif', 'Yilmaz'],
  ['Jonah', 'Weiss'],
  ['Camila', 'Torres'],
  ['Tariq', 'Rahman'],
  ['Freya', 'MacLeod'],
  ['Hiroshi', 'Tanaka'],
  ['Malia', 'Fonoti'],
  ['Emeka', 'Eze'],
  ['Lucia', 'Navarro'],
  ['Omar', 'Siddiqui'],
  ['Greta', 'Vogel'],
  ['Kai', 'Nakamura'],
].map(([givenName, familyName]) => ({ givenName, familyName }) as DemoStudentName);

/** Ages are computed against this calendar year. */
export const DEMO_REFERENCE_YEAR = 2026;

/** Roster indices of the students aged 11–12 in the reference year (under 13, for COPPA). */
export const DEMO_UNDER_13_INDICES: readonly number[] = [4, 17, 29];

/**
 * Birth date (ISO `YYYY-MM-DD`) of the student at roster `index`. Students in
 * `DEMO_UNDER_13_INDICES` are born in 2014 (11–12 years old during 2026); everyone else in 2011
 * or 2012 (13–15 years old during 2026).
 */
export function demoBirthDate(index: number): string {
  const year = DEMO_UNDER_13_INDICES.includes(index) ? 2014 : index % 3 === 0 ? 2011 : 2012;
  const month = 1 + ((index * 5) % 12);
  const day = 1 + ((index * 11) % 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The kind of learner a synthetic student plays:
 * - `strong`: high ability, steady, few hints;
 * - `average`: middling ability and engagement;
 * - `struggling`: low ability and one objective where they wheel-spin (many wrong attempts);
 * - `disengaged`: stopped coming in the last week;
 * - `guesser`: answers within seconds, correct about as often as chance.
 */
export type DemoProfile = 'strong' | 'average' | 'struggling' | 'disengaged' | 'guesser';

/** The profile of the student at roster `index` (fixed, so the demo looks the same every time). */
export function demoProfileOf(index: number): DemoProfile {
  if (index === 7) {
    return 'guesser';
  }
  if (index === 5 || index === 18) {
    return 'disengaged';
  }
  if (index % 6 === 2) {
    return 'struggling';
  }
  if (index % 5 === 0) {
    return 'strong';
  }
  return 'average';
}
