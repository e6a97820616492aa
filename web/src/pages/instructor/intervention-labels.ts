/** Words for intervention types, actions and evidence, as the review queue shows them. */
import type { ActionKind, Intervention, InterventionType } from '../../api/api-types';

export const INTERVENTION_TYPE_NAMES: Record<InterventionType, string> = {
  wheel_spinning: 'Wheel-spinning',
  failure_run: 'Run of failures',
  rapid_guessing: 'Rapid guessing',
  hint_abuse: 'Hint abuse',
  disengagement: 'Disengagement',
  declining_mastery: 'Declining mastery',
};

export const ACTION_KIND_NAMES: Record<ActionKind, string> = {
  next_hint: 'Next hint',
  alternate_explanation: 'Alternate explanation',
  prerequisite_review: 'Prerequisite review',
  instructor_alert: 'Alert for you',
  student_message: 'Message to the student',
};

const QUEUE_REASONS: Record<NonNullable<Intervention['queueReason']>, string> = {
  low_confidence: 'confidence below 0.7',
  rate_limit: 'hourly limit of automatic interventions reached',
};

/** Why an intervention waits for review, e.g. "confidence below 0.7". */
export function queueReasonText(reason: Intervention['queueReason']): string | null {
  return reason === null ? null : QUEUE_REASONS[reason];
}

/** "wheel_spinning" → "Wheel-spinning"; unknown codes are made readable, never hidden. */
export function typeName(type: string): string {
  return (INTERVENTION_TYPE_NAMES as Record<string, string>)[type] ?? humanize(type);
}

/** "activeMinutesLast7Days" → "Active minutes last 7 days"; "min_fall" → "Min fall". */
export function humanize(code: string): string {
  const words = code
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([0-9])([a-zA-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The evidence as label/value pairs for a description list: numbers rounded to 3 significant
 * digits, booleans as yes/no, nested values as JSON. Keys in the order the detector wrote them.
 */
export function evidenceEntries(
  evidence: Record<string, unknown>,
): { label: string; value: string }[] {
  return Object.entries(evidence).map(([key, value]) => ({
    label: humanize(key),
    value: formatEvidenceValue(value),
  }));
}

function formatEvidenceValue(value: unknown): string {
  if (value === null || value === undefined) {
    return '–';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
  }
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  if (typeof value === 'string') {
    return humanize(value);
  }
  return JSON.stringify(value);
}
