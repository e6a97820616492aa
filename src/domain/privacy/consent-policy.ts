/**
 * COPPA rules as pure functions (docs/PRIVACY.md). A student under 13 needs a recorded consent —
 * a parent's, or the school's on the parent's behalf for the educational purpose only — before
 * anything beyond running the service is collected, and before their data reaches an LLM or a
 * third party. Every caller that collects, generates or forwards asks these functions; nothing
 * else decides.
 */
import type { AgeBand } from '../records.js';
import type { LearningEvent } from '../events/learning-event.js';

/** Who consented: a parent or guardian, or the school acting for the parent (COPPA §312.5). */
export type ConsentKind = 'parental' | 'school';

/**
 * What a consent covers:
 * - `educational`: collection beyond running the service (free text, behavioural telemetry);
 * - `llm`: sending the student's work to an LLM provider (hints, explanations);
 * - `lrs_forwarding`: forwarding their events to the institution's external LRS;
 * - `third_party_analytics`: exporting their data to a third party for analytics.
 */
export type ConsentPurpose = 'educational' | 'llm' | 'lrs_forwarding' | 'third_party_analytics';
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = [
  'educational',
  'llm',
  'lrs_forwarding',
  'third_party_analytics',
];

/**
 * Purposes a school may consent to on a parent's behalf: only those serving the school's
 * educational purpose. Third-party analytics is not one of them; it needs a parent.
 */
export const SCHOOL_CONSENT_PURPOSES: readonly ConsentPurpose[] = [
  'educational',
  'llm',
  'lrs_forwarding',
];

/** A consent in force (recorded, not revoked). */
export interface ActiveConsent {
  kind: ConsentKind;
  scope: readonly ConsentPurpose[];
}

/** What is known of a student's age: under 13, 13 or older, or nothing. */
export type AgeStatus = 'under_13' | '13_plus' | 'unknown';

/** The tenant's privacy settings, read from `tenants.settings.privacy`. */
export interface PrivacySettings {
  /** How to treat a student with neither birth date nor age band. Default `13_plus`. */
  unknownAgeAs: 'under_13' | '13_plus';
  /** Features the tenant allows for under-13 students who have a consent covering them. */
  under13: { llm: boolean; lrsForwarding: boolean; thirdPartyAnalytics: boolean };
}

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = {
  unknownAgeAs: '13_plus',
  under13: { llm: false, lrsForwarding: false, thirdPartyAnalytics: false },
};

/** Reads `settings.privacy` leniently: anything missing or not of the right type is the default (off). */
export function readPrivacySettings(settings: Record<string, unknown>): PrivacySettings {
  const p = (settings.privacy ?? {}) as Record<string, unknown>;
  const u = (typeof p.under13 === 'object' && p.under13 !== null ? p.under13 : {}) as Record<
    string,
    unknown
  >;
  return {
    unknownAgeAs: p.unknownAgeAs === 'under_13' ? 'under_13' : '13_plus',
    under13: {
      llm: u.llm === true,
      lrsForwarding: u.lrsForwarding === true,
      thirdPartyAnalytics: u.thirdPartyAnalytics === true,
    },
  };
}

/**
 * Whole years between an ISO birth date (YYYY-MM-DD) and `now`, both read in UTC; null when the
 * date is not a valid calendar date.
 */
export function ageInYears(birthDate: string, now: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) {
    return null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const born = new Date(Date.UTC(y, mo - 1, d));
  if (born.getUTCMonth() !== mo - 1 || born.getUTCDate() !== d) {
    return null;
  }
  let age = now.getUTCFullYear() - y;
  const beforeBirthday =
    now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d);
  if (beforeBirthday) {
    age -= 1;
  }
  return age;
}

/** A student's age status: the birth date wins over the age band; neither means `unknown`. */
export function ageStatusOf(props: {
  birthDate: string | null;
  ageBand: AgeBand | null;
  now: Date;
}): AgeStatus {
  if (props.birthDate) {
    const age = ageInYears(props.birthDate, props.now);
    if (age !== null) {
      return age < 13 ? 'under_13' : '13_plus';
    }
  }
  if (props.ageBand) {
    return props.ageBand === 'under_13' ? 'under_13' : '13_plus';
  }
  return 'unknown';
}

/** Features that need a decision: collection beyond running the service, and data leaving us. */
export type PrivacyFeature =
  'collect_free_text' | 'collect_behavioural' | 'llm' | 'lrs_forwarding' | 'third_party_analytics';

export const PRIVACY_FEATURES: readonly PrivacyFeature[] = [
  'collect_free_text',
  'collect_behavioural',
  'llm',
  'lrs_forwarding',
  'third_party_analytics',
];

export interface FeatureDecision {
  allowed: boolean;
  /** Stable code saying why: `not_under_13`, `consented`, `no_consent`, `tenant_disabled`. */
  reason: 'not_under_13' | 'consented' | 'no_consent' | 'tenant_disabled';
}

const purposeOf: Record<PrivacyFeature, ConsentPurpose> = {
  collect_free_text: 'educational',
  collect_behavioural: 'educational',
  llm: 'llm',
  lrs_forwarding: 'lrs_forwarding',
  third_party_analytics: 'third_party_analytics',
};

/** Whether a consent of this kind can cover this purpose at all (school: educational only). */
function covers(consent: ActiveConsent, purpose: ConsentPurpose): boolean {
  if (consent.kind === 'school' && !SCHOOL_CONSENT_PURPOSES.includes(purpose)) {
    return false;
  }
  return consent.scope.includes(purpose);
}

/**
 * The one policy every LLM, forwarding and export path must call for a student. Students 13 or
 * older (or of unknown age, when the tenant treats unknown as 13+) are not restricted here.
 * For an under-13 student:
 * - collection (free text, behavioural) needs a consent whose scope includes `educational`;
 * - `llm`, `lrs_forwarding`, `third_party_analytics` need the tenant to enable the feature for
 *   under-13 students AND a consent whose scope includes it; a school's consent never covers
 *   `third_party_analytics`.
 */
export function featureAllowed(props: {
  age: AgeStatus;
  consents: readonly ActiveConsent[];
  settings: PrivacySettings;
  feature: PrivacyFeature;
}): FeatureDecision {
  const age = props.age === 'unknown' ? props.settings.unknownAgeAs : props.age;
  if (age !== 'under_13') {
    return { allowed: true, reason: 'not_under_13' };
  }
  const enabled: Record<PrivacyFeature, boolean> = {
    collect_free_text: true,
    collect_behavioural: true,
    llm: props.settings.under13.llm,
    lrs_forwarding: props.settings.under13.lrsForwarding,
    third_party_analytics: props.settings.under13.thirdPartyAnalytics,
  };
  if (!enabled[props.feature]) {
    return { allowed: false, reason: 'tenant_disabled' };
  }
  const purpose = purposeOf[props.feature];
  return props.consents.some((c) => covers(c, purpose))
    ? { allowed: true, reason: 'consented' }
    : { allowed: false, reason: 'no_consent' };
}

/**
 * What the guardrail does with one event (data minimisation):
 * - `keep`: store as posted;
 * - `strip`: store `event` (the posted one minus free text), e.g. a short-text answer without
 *   the text — the item, correctness and timing still update mastery;
 * - `withhold`: do not store (behavioural telemetry of an under-13 student without consent);
 * - `refuse`: refuse the request (a forum post by an under-13 student without consent: it is
 *   free text meant to be published, and dropping it silently would mislead the student).
 */
export type ConsentDecision =
  | { action: 'keep' }
  | { action: 'strip'; event: LearningEvent }
  | { action: 'withhold' }
  | { action: 'refuse'; field: string; message: string };

/**
 * The guardrail's COPPA decision for one event. "Running the service" — serving practice and
 * tracking mastery from item answers and hint requests — needs no consent; everything else an
 * under-13 student produces does. `isFreeTextItem` says whether an item takes a typed answer.
 */
export function consentDecision(props: {
  event: LearningEvent;
  age: AgeStatus;
  consents: readonly ActiveConsent[];
  settings: PrivacySettings;
  isFreeTextItem: (itemId: string) => boolean;
}): ConsentDecision {
  const { event } = props;
  const may = (feature: PrivacyFeature) =>
    featureAllowed({ age: props.age, consents: props.consents, settings: props.settings, feature })
      .allowed;
  switch (event.type) {
    case 'item_attempted':
      if (
        typeof event.response === 'string' &&
        props.isFreeTextItem(event.itemId) &&
        !may('collect_free_text')
      ) {
        return { action: 'strip', event: { ...event, response: '' } };
      }
      return { action: 'keep' };
    case 'hint_requested':
      return { action: 'keep' };
    case 'forum_posted':
      return may('collect_free_text')
        ? { action: 'keep' }
        : {
            action: 'refuse',
            field: 'text',
            message: 'forum posts of a student under 13 need a recorded parental or school consent',
          };
    case 'video_started':
    case 'video_progressed':
    case 'video_completed':
    case 'content_viewed':
    case 'session_started':
    case 'session_ended':
      return may('collect_behavioural') ? { action: 'keep' } : { action: 'withhold' };
  }
}
