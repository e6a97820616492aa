import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LearningEvent } from '../events/learning-event.js';
import {
  CONSENT_PURPOSES,
  DEFAULT_PRIVACY_SETTINGS,
  ageInYears,
  ageStatusOf,
  consentDecision,
  featureAllowed,
  readPrivacySettings,
  type ActiveConsent,
  type AgeStatus,
  type PrivacyFeature,
  type PrivacySettings,
} from './consent-policy.js';

const now = new Date('2026-12-01T12:00:00Z');

describe('age', () => {
  test('counts whole years and turns 13 on the birthday, not before', () => {
    assert.equal(ageInYears('2013-12-01', now), 13);
    assert.equal(ageInYears('2013-12-02', now), 12);
    assert.equal(ageInYears('2014-02-28', now), 12);
    assert.equal(ageInYears('2014-02-30', now), null);
    assert.equal(ageInYears('not a date', now), null);
  });

  test('prefers the birth date over the age band and is unknown with neither', () => {
    assert.equal(ageStatusOf({ birthDate: '2016-01-01', ageBand: '18_plus', now }), 'under_13');
    assert.equal(ageStatusOf({ birthDate: '2010-01-01', ageBand: 'under_13', now }), '13_plus');
    assert.equal(ageStatusOf({ birthDate: null, ageBand: 'under_13', now }), 'under_13');
    assert.equal(ageStatusOf({ birthDate: null, ageBand: '13_17', now }), '13_plus');
    assert.equal(ageStatusOf({ birthDate: null, ageBand: null, now }), 'unknown');
  });
});

describe('tenant privacy settings', () => {
  test('default to everything off and unknown age as 13+', () => {
    assert.deepEqual(readPrivacySettings({}), DEFAULT_PRIVACY_SETTINGS);
    assert.deepEqual(readPrivacySettings({ privacy: { under13: { llm: 'yes' } } }), {
      ...DEFAULT_PRIVACY_SETTINGS,
    });
  });

  test('read the switches that are set to true', () => {
    const s = readPrivacySettings({
      privacy: { unknownAgeAs: 'under_13', under13: { llm: true, thirdPartyAnalytics: true } },
    });
    assert.deepEqual(s, {
      unknownAgeAs: 'under_13',
      under13: { llm: true, lrsForwarding: false, thirdPartyAnalytics: true },
    });
  });
});

describe('featureAllowed over the whole matrix', () => {
  const ages: AgeStatus[] = ['under_13', '13_plus', 'unknown'];
  const consentCases: { name: string; consents: ActiveConsent[] }[] = [
    { name: 'none', consents: [] },
    { name: 'school, educational', consents: [{ kind: 'school', scope: ['educational'] }] },
    { name: 'school, every purpose', consents: [{ kind: 'school', scope: CONSENT_PURPOSES }] },
    { name: 'parental, educational', consents: [{ kind: 'parental', scope: ['educational'] }] },
    { name: 'parental, every purpose', consents: [{ kind: 'parental', scope: CONSENT_PURPOSES }] },
  ];
  const features: PrivacyFeature[] = [
    'collect_free_text',
    'collect_behavioural',
    'llm',
    'lrs_forwarding',
    'third_party_analytics',
  ];
  const settingCases: PrivacySettings[] = [false, true].flatMap((on) =>
    (['13_plus', 'under_13'] as const).map((unknownAgeAs) => ({
      unknownAgeAs,
      under13: { llm: on, lrsForwarding: on, thirdPartyAnalytics: on },
    })),
  );

  // The rules, written out as a table of what each consent case permits for an under-13 student.
  const permitted: Record<string, { collection: boolean; outbound: PrivacyFeature[] }> = {
    none: { collection: false, outbound: [] },
    'school, educational': { collection: true, outbound: [] },
    'school, every purpose': { collection: true, outbound: ['llm', 'lrs_forwarding'] },
    'parental, educational': { collection: true, outbound: [] },
    'parental, every purpose': {
      collection: true,
      outbound: ['llm', 'lrs_forwarding', 'third_party_analytics'],
    },
  };

  for (const age of ages) {
    for (const settings of settingCases) {
      for (const { name, consents } of consentCases) {
        for (const feature of features) {
          const tenantOn = settings.under13.llm;
          const title = `${age} × ${name} × tenant ${tenantOn ? 'on' : 'off'} (unknown as ${settings.unknownAgeAs}) × ${feature}`;
          test(title, () => {
            const effective = age === 'unknown' ? settings.unknownAgeAs : age;
            const rule = permitted[name] as { collection: boolean; outbound: PrivacyFeature[] };
            const collection = feature === 'collect_free_text' || feature === 'collect_behavioural';
            const expected =
              effective !== 'under_13' ||
              (collection ? rule.collection : tenantOn && rule.outbound.includes(feature));
            const got = featureAllowed({ age, consents, settings, feature });
            assert.equal(got.allowed, expected);
            if (effective !== 'under_13') {
              assert.equal(got.reason, 'not_under_13');
            } else if (!collection && !tenantOn) {
              assert.equal(got.reason, 'tenant_disabled');
            }
          });
        }
      }
    }
  }

  test('a revoked consent is simply absent: a consent of another purpose does not help', () => {
    const got = featureAllowed({
      age: 'under_13',
      consents: [{ kind: 'parental', scope: ['llm'] }],
      settings: DEFAULT_PRIVACY_SETTINGS,
      feature: 'collect_free_text',
    });
    assert.deepEqual(got, { allowed: false, reason: 'no_consent' });
  });
});

describe('consentDecision (data minimisation on the hot path)', () => {
  const base = {
    id: 'e1',
    studentId: '00000000-0000-7000-8000-000000000001',
    courseId: '00000000-0000-7000-8000-000000000002',
    timestamp: '2026-11-30T10:00:00Z',
  };
  const item = '00000000-0000-7000-8000-000000000003';
  const shortText = (id: string) => id === item;
  const answer: LearningEvent = {
    ...base,
    type: 'item_attempted',
    itemId: item,
    response: 'my dog Rex likes halves',
    correct: false,
    durationMs: 1000,
    hintsUsed: 0,
    attempt: 1,
  };
  const decide = (event: LearningEvent, age: AgeStatus, consents: ActiveConsent[] = []) =>
    consentDecision({
      event,
      age,
      consents,
      settings: DEFAULT_PRIVACY_SETTINGS,
      isFreeTextItem: shortText,
    });

  test('blanks a typed answer of an under-13 student without consent but keeps the attempt', () => {
    assert.deepEqual(decide(answer, 'under_13'), {
      action: 'strip',
      event: { ...answer, response: '' },
    });
  });

  test('keeps a choice answer and hint requests of an under-13 student without consent', () => {
    assert.deepEqual(decide({ ...answer, response: 'b' }, 'under_13', []).action, 'strip');
    const choice = consentDecision({
      event: { ...answer, response: 'b' },
      age: 'under_13',
      consents: [],
      settings: DEFAULT_PRIVACY_SETTINGS,
      isFreeTextItem: () => false,
    });
    assert.deepEqual(choice, { action: 'keep' });
    assert.deepEqual(
      decide({ ...base, type: 'hint_requested', itemId: item, hintIndex: 0 }, 'under_13'),
      {
        action: 'keep',
      },
    );
  });

  test('withholds behavioural events and refuses forum posts without consent', () => {
    const video: LearningEvent = {
      ...base,
      type: 'video_progressed',
      contentId: item,
      positionSeconds: 10,
      durationSeconds: 60,
    };
    assert.deepEqual(decide(video, 'under_13'), { action: 'withhold' });
    assert.deepEqual(decide({ ...base, type: 'session_started' }, 'under_13'), {
      action: 'withhold',
    });
    const post: LearningEvent = { ...base, type: 'forum_posted', text: 'hello' };
    assert.equal(decide(post, 'under_13').action, 'refuse');
  });

  test('keeps everything with a school consent for the educational purpose, or at 13+', () => {
    const school: ActiveConsent[] = [{ kind: 'school', scope: ['educational'] }];
    const post: LearningEvent = { ...base, type: 'forum_posted', text: 'hello' };
    for (const e of [answer, post, { ...base, type: 'session_ended' } as LearningEvent]) {
      assert.deepEqual(decide(e, 'under_13', school), { action: 'keep' });
      assert.deepEqual(decide(e, '13_plus'), { action: 'keep' });
    }
  });
});
