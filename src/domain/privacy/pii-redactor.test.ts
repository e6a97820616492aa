import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createPiiRedactor,
  mergePiiFindings,
  type PiiFinding,
  type PiiKind,
  type PiiRedactorProps,
} from './pii-redactor.js';

const roster: PiiRedactorProps['roster'] = [
  {
    givenName: 'Maya',
    familyName: 'Patel',
    displayName: 'Maya Patel',
    email: 'maya.patel@students.example',
    externalId: 'RMS-10234',
  },
  { givenName: 'Will', familyName: 'Okafor', externalId: 'S1234567' },
  { givenName: 'Grace', familyName: 'Lee' },
  { givenName: 'April', familyName: 'Young' },
  { givenName: 'José', familyName: "O'Brien" },
  { givenName: 'Anne-Marie', familyName: 'Price' },
  { givenName: 'William', familyName: 'Turner', displayName: 'Liam Turner' },
  { givenName: null, familyName: null, displayName: 'Rose Mark' },
];
const redactor = createPiiRedactor({ roster, studentIdPattern: /\bS\d{7}\b/ });

/** The findings as [kind, covered text] pairs, for readable assertions. */
function spans(text: string, findings: readonly PiiFinding[] = redactor.redact(text).findings) {
  return findings.map((f) => [f.kind, text.slice(f.start, f.end)] as [PiiKind, string]);
}

describe('names', () => {
  test('redacts given, family and full names of roster members as whole words', () => {
    const text = 'Maya said patel got 3/4, and Maya Patel agreed with Mayan art.';

    assert.deepEqual(spans(text), [
      ['name', 'Maya'],
      ['name', 'patel'],
      ['name', 'Maya Patel'],
    ]);
    assert.equal(
      redactor.redact(text).text,
      '[name] said [name] got 3/4, and [name] agreed with Mayan art.',
    );
  });

  test('keeps a possessive outside the span', () => {
    const text = "Maya's method and O'Brien's method both give 5/8.";

    assert.deepEqual(spans(text), [
      ['name', 'Maya'],
      ['name', "O'Brien"],
    ]);
    assert.equal(redactor.redact(text).text, "[name]'s method and [name]'s method both give 5/8.");
  });

  test('matches accents loosely and hyphenated names whole or by part', () => {
    assert.deepEqual(spans('Jose and José, Anne-Marie and Anne'), [
      ['name', 'Jose'],
      ['name', 'José'],
      ['name', 'Anne-Marie'],
      ['name', 'Anne'],
    ]);
  });

  test('matches display names, and nicknames only when asked', () => {
    const text = 'Liam and Bill and William';
    const withNicknames = createPiiRedactor({ roster, nicknames: true });

    assert.deepEqual(spans(text), [
      ['name', 'Liam'],
      ['name', 'William'],
    ]);
    assert.deepEqual(spans(text, withNicknames.redact(text).findings), [
      ['name', 'Liam'],
      ['name', 'Bill'],
      ['name', 'William'],
    ]);
  });

  test('leaves roster names that are common words alone when used as words', () => {
    const negatives = [
      'I will try #4 again and mark the answer.',
      'Will this be on the test?',
      'Is there a grace period for homework 3?',
      'The price rose by 3/4 of a dollar.',
      'Project is due in April, quiz on April 14.',
      'Hope this helps! Young plants grow 2.5 cm.',
      'Grace period ends Friday.',
      'Price is $3 per pound.',
      'Mark the point (2, 3).',
      'Ok so Will we get partial credit?',
      'I WILL get this right.',
      'Check the Mark Scheme for #11.',
    ];
    for (const text of negatives) {
      assert.deepEqual(spans(text), [], text);
    }
  });

  test('redacts common-word names given evidence of a name', () => {
    const cases: [string, string][] = [
      ['Will said the answer is 3/4.', 'Will'],
      ['I asked Grace about #5.', 'Grace'],
      ["Mark's trick works.", 'Mark'],
      ['Will, did you get 5/8?', 'Will'],
      ['April and I got 0.75.', 'April'],
      ['Ask Ms. Young for the key.', 'Young'],
      ['@will check #3', 'will'],
      ['Pat can you help? April can you share?', 'April'],
    ];
    for (const [text, name] of cases) {
      assert.deepEqual(spans(text), [['name', name]], text);
    }
  });

  test('redacts a common-word name in lower case only with strong evidence', () => {
    assert.deepEqual(spans('will said 3/4, thanks mark! hey rose did you get it?'), [
      ['name', 'will'],
      ['name', 'mark'],
      ['name', 'rose'],
    ]);
    assert.deepEqual(spans('thanks, hope this helps. hey will you check #2? ask grace'), []);
  });

  test('redacts a full name in lower case even when its parts are common words', () => {
    assert.deepEqual(spans('i think grace lee and april young are right'), [
      ['name', 'grace lee'],
      ['name', 'april young'],
    ]);
  });

  test('uses an adjacent unambiguous name as evidence', () => {
    assert.deepEqual(spans('Will Okafor got it.'), [['name', 'Will Okafor']]);
  });
});

describe('emails', () => {
  test('redacts plain, tagged, upper-case and obfuscated emails', () => {
    const text =
      'Mail me: Maya.Patel+math@School.k12.ca.us. Or <x_y@mail.example.org>, ' +
      'or maya.patel at gmail dot com, or maya [at] yahoo [dot] com';

    assert.deepEqual(spans(text), [
      ['email', 'Maya.Patel+math@School.k12.ca.us'],
      ['email', 'x_y@mail.example.org'],
      ['email', 'maya.patel at gmail dot com'],
      ['email', 'maya [at] yahoo [dot] com'],
    ]);
  });

  test('leaves websites and @ mentions alone', () => {
    assert.deepEqual(
      spans('Look at www.khanacademy.org and ping @TA at desmos.com/calculator'),
      [],
    );
  });
});

describe('phones', () => {
  test('redacts US and international formats', () => {
    const phones = [
      '(555) 123-4567',
      '555-123-4567',
      '555.123.4567',
      '555 123 4567',
      '+1 555 123 4567',
      '+1-555-123-4567',
      '1-555-123-4567',
      '(555)123-4567',
      '555-123-4567 ext. 12',
      '+44 20 7946 0958',
      '+44 7700 900123',
      '07700 900123',
      '020 7946 0958',
      '+33 1 23 45 67 89',
      '+91 98765 43210',
    ];
    for (const phone of phones) {
      assert.deepEqual(spans(`reach me: ${phone}.`), [['phone', phone]], phone);
    }
  });

  test('redacts bare digits only after a phone cue', () => {
    assert.deepEqual(spans('text me at 5551234567 or call 555-0123'), [
      ['phone', '5551234567'],
      ['phone', '555-0123'],
    ]);
    assert.deepEqual(spans('What is 5551234567 divided by 7?'), []);
  });

  test('leaves maths, dates, decimals, times and plain numbers alone', () => {
    const negatives = [
      '3/4 + 1/2 = 5/4',
      '12 x 34 = 408',
      '2026-11-25',
      '11/25/2026 and 25.11.2026',
      '0.75 and 3.14159 and 2.718281828',
      '10:30 am to 11:45',
      'page 212, problems 1-20, exercise 3.2.1',
      '1,234,567 and 1234567890',
      'ratio 3:4:5 and (3, -4)',
      '$12.50 per pound',
      '6.02 x 10^23',
      '555-123-4567 = -4135',
      '123-456-7890',
      'The ISBN is 978-0-13-468599-1.',
      'A phone plan costs $35 per month plus $0.05 per text.',
    ];
    for (const text of negatives) {
      assert.deepEqual(spans(text), [], text);
    }
  });
});

describe('addresses', () => {
  test('redacts street addresses with unit, city, state and ZIP, and P.O. boxes', () => {
    const text =
      'I live at 123 Main Street, Springfield, IL 62704. Send it to 45 Oak Ave, Apt 3 or ' +
      'P.O. Box 1234, or 789 N. Elm St. #4B, or 1600 Pennsylvania Avenue NW.';

    assert.deepEqual(spans(text), [
      ['address', '123 Main Street, Springfield, IL 62704'],
      ['address', '45 Oak Ave, Apt 3'],
      ['address', 'P.O. Box 1234'],
      ['address', '789 N. Elm St. #4B'],
      ['address', '1600 Pennsylvania Avenue NW.'],
    ]);
  });

  test('accepts lower-case streets only after a locative cue', () => {
    assert.deepEqual(spans('my address is 12 maple drive'), [['address', '12 maple drive']]);
    assert.deepEqual(spans('if 12 people drive to school'), []);
  });

  test('leaves distances and maths phrases alone', () => {
    const negatives = [
      'I drove 20 miles down the road.',
      'Round to 1 decimal place.',
      'Draw 1 unit circle and 4 perfect squares.',
      'Frost formed at 30 degrees.  Dr. Okonkwo explained it.',
    ];
    for (const text of negatives) {
      assert.deepEqual(spans(text), [], text);
    }
  });

  test('redacts a street address that contains a roster word as one address', () => {
    assert.deepEqual(spans('meet at 12 Rose Street'), [['address', '12 Rose Street']]);
  });
});

describe('student and government ids', () => {
  test('redacts roster ids, pattern ids and ids after a cue', () => {
    const text = 'I am rms-10234, my friend is S7654321, student id: 4471823';

    assert.deepEqual(spans(text), [
      ['student_id', 'rms-10234'],
      ['student_id', 'S7654321'],
      ['student_id', '4471823'],
    ]);
  });

  test('accepts a pattern with or without the global flag', () => {
    const sticky = createPiiRedactor({ roster: [], studentIdPattern: /\bX\d{3}\b/gy });

    assert.deepEqual(spans('X123 and X456', sticky.redact('X123 and X456').findings), [
      ['student_id', 'X123'],
      ['student_id', 'X456'],
    ]);
  });

  test('redacts SSNs, UK National Insurance numbers and Luhn-valid Canadian SINs', () => {
    const text =
      'SSN 123-45-6789, ssn is 123456789, NI AB 12 34 56 C and QQ123456C, SIN 046 454 286, SIN 046 454 287';

    assert.deepEqual(spans(text), [
      ['government_id', '123-45-6789'],
      ['government_id', '123456789'],
      ['government_id', 'AB 12 34 56 C'],
      ['government_id', '046 454 286'],
    ]);
  });

  test('leaves invalid SSN shapes alone', () => {
    assert.deepEqual(spans('000-12-3456 and 123-00-4567 and 666-12-3456'), []);
  });
});

describe('merging and offsets', () => {
  test('merges a name inside an email into one email finding', () => {
    const text = 'write to maya.patel@students.example now';
    const { findings } = redactor.redact(text);

    assert.deepEqual(findings, [{ kind: 'email', start: 9, end: 36 }]);
    assert.equal(redactor.redact(text).text, 'write to [email] now');
  });

  test('merges overlapping findings, taking the kind of the longest part', () => {
    const text = 'abcdefghijklmnop';
    const merged = mergePiiFindings(text, [
      { kind: 'name', start: 0, end: 4 },
      { kind: 'phone', start: 2, end: 12 },
      { kind: 'name', start: 11, end: 14 },
      { kind: 'email', start: 15, end: 16 },
    ]);

    assert.deepEqual(merged, [
      { kind: 'phone', start: 0, end: 14 },
      { kind: 'email', start: 15, end: 16 },
    ]);
  });

  test('reports offsets into the input and rebuilds the text from them', () => {
    const text = 'Hi Maya 👋, call (555) 123-4567 or mail maya@x.org. SSN 123-45-6789!';
    const { text: redacted, findings } = redactor.redact(text);

    assert.deepEqual(spans(text, findings), [
      ['name', 'Maya'],
      ['phone', '(555) 123-4567'],
      ['email', 'maya@x.org'],
      ['government_id', '123-45-6789'],
    ]);
    assert.equal(redacted, 'Hi [name] 👋, call [phone] or mail [email]. SSN [government-id]!');
    for (let i = 1; i < findings.length; i++) {
      assert.ok((findings[i - 1] as PiiFinding).end <= (findings[i] as PiiFinding).start);
    }
  });

  test('returns the text unchanged when there is nothing to redact', () => {
    const text = 'For #3 I got 5/8 + 1/8 = 3/4 on 2026-11-25 at 10:30.';

    assert.deepEqual(redactor.redact(text), { text, findings: [] });
  });

  test('stays fast on adversarial input', () => {
    const inputs = [
      '1 '.repeat(5000),
      '1-'.repeat(5000),
      'a.'.repeat(5000) + '@',
      `${'Main '.repeat(2000)}Street`,
      '+1 '.repeat(3000),
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      redactor.redact(text);
      assert.ok(performance.now() - t0 < 250, `slow on ${text.slice(0, 12)}…`);
    }
  });
});
