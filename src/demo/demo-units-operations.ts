/**
 * Demo course, part 2: adding and subtracting (like and unlike denominators, mixed numbers),
 * multiplying, reciprocals and dividing.
 */
import {
  mc,
  num,
  param,
  text,
  ROUNDED_2DP,
  ROUND_2DP_INSTRUCTION,
  type UnitSpec,
} from './course-builders.js';
import {
  addFractions,
  divideFractions,
  frac,
  fractionSpellings,
  mixed,
  multiplyFractions,
  subtractFractions,
  type Fraction,
} from './fraction-text.js';

const R2 = ROUND_2DP_INSTRUCTION;
const properPair = { a: [1, 8], b: [2, 9], c: [1, 8], d: [2, 9] } as const;

/** Accepted spellings of a mixed-number answer (or a whole number). */
const mixedOnly = (f: Fraction) => fractionSpellings(f, { improper: false });

function addLike(): UnitSpec {
  const table: readonly [number, number, number, number][] = [
    [1, 3, 5, 0.1],
    [2, 5, 9, 0.15],
    [3, 4, 10, 0.25],
    [1, 5, 12, 0.4],
    [5, 4, 6, 0.5],
  ];
  return {
    key: 'frac.add-like',
    title: 'Adding fractions with like denominators',
    description:
      'Add fractions with the same denominator: add the numerators, keep the denominator.',
    prerequisites: ['frac.unit-fractions'],
    video: {
      title: 'Adding same-size pieces',
      durationSeconds: 230,
      transcript:
        '2/7 plus 3/7: two sevenths and three more sevenths make five sevenths. Add the numerators, keep the denominator. A very common mistake is to add the denominators too and get 5/14, but the pieces are still sevenths. Adding does not change the size of the pieces.',
    },
    reading: {
      title: 'Add the numerators, keep the denominator',
      estimatedMinutes: 4,
      body: `When two fractions have the **same denominator**, they count pieces of the same size. Adding them just counts the pieces together:

a/d + b/d = (a + b)/d

**Add the numerators; keep the denominator.**

**Worked example.** Add 3/8 + 7/8.

1. Same denominator, 8, so the pieces are eighths.
2. 3 eighths + 7 eighths = 10 eighths: 3/8 + 7/8 = 10/8.
3. Simplify: 10/8 = 5/4 (divide by 2), which is 1 1/4 as a mixed number.

**The classic mistake.** Adding the denominators too gives 3/8 + 7/8 = 10/16. But 10/16 is less than 1, and the two fractions together are clearly more than 1 (7/8 alone is almost 1). The size of the pieces (eighths) does not change when you put them together.

Picture two fraction bars split into eighths: shade 3 on one and 7 on the other, then count the shaded eighths, 10 in all.`,
    },
    items: [
      ...table.map(([a, b, d, difficulty]) => {
        const sum = frac(a + b, d);
        return text({
          prompt:
            sum.n > sum.d
              ? `Add ${a}/${d} + ${b}/${d}. Give the answer in simplest form, as a fraction like 7/4 or a mixed number like 1 3/4.`
              : `Add ${a}/${d} + ${b}/${d}. Give the answer in simplest form, like 2/9.`,
          accepted: fractionSpellings(sum),
          difficulty,
          hints: [
            'The denominators are the same, so the pieces are the same size.',
            'Add the numerators and keep the denominator.',
            'Then simplify if the numerator and the denominator share a factor.',
          ],
        });
      }),
      mc({
        prompt: 'What is 2/7 + 3/7?',
        choices: [
          { text: '5/7', correct: true },
          {
            text: '5/14',
            feedback: 'You added the denominators too. The pieces are still sevenths.',
          },
          { text: '6/7', feedback: 'You multiplied the numerators. Add them: 2 + 3.' },
          { text: '5/49', feedback: 'Keep the denominator: the pieces are still sevenths.' },
        ],
        difficulty: 0.15,
        hints: ['Both fractions count sevenths.', 'Add the numerators and keep the denominator 7.'],
      }),
      mc({
        prompt: 'Which sum equals 1?',
        choices: [
          { text: '3/8 + 5/8', correct: true },
          { text: '1/2 + 1/2 + 1/2', feedback: 'That is 3/2, more than 1.' },
          { text: '2/5 + 2/5', feedback: 'That is 4/5.' },
          { text: '4/9 + 4/9', feedback: 'That is 8/9.' },
        ],
        difficulty: 0.3,
        hints: [
          'A fraction equals 1 when its numerator equals its denominator.',
          'Add each pair. Which one gives the same numerator and denominator?',
        ],
      }),
      num({
        prompt: '2/6 + 5/6 = ?/6. Enter the missing numerator.',
        value: 7,
        difficulty: 0.2,
        hints: ['Both fractions count sixths.', 'Add the numerators; the denominator stays 6.'],
      }),
      param({
        prompt: '{{a}}/{{d}} + {{b}}/{{d}} = ?/{{d}}. Enter the missing numerator.',
        parameters: { d: [5, 15], a: [1, 9], b: [1, 9] },
        constraint: 'a < d and b < d',
        expression: 'a + b',
        difficulty: 0.15,
        hints: [
          'The denominators match, so the pieces are the same size.',
          'Add the two numerators; the denominator stays the same.',
        ],
      }),
      param({
        prompt: `Add {{a}}/{{d}} + {{b}}/{{d}}. ${R2}`,
        parameters: { d: [5, 15], a: [1, 9], b: [1, 9] },
        constraint: 'a < d and b < d',
        expression: '(a + b) / d',
        tolerance: ROUNDED_2DP,
        difficulty: 0.35,
        hints: [
          'First add as fractions: add the numerators and keep the denominator.',
          'Then divide the new numerator by the denominator.',
        ],
      }),
      param({
        prompt: `Maya ran {{a}}/{{d}} of a mile on Monday and {{b}}/{{d}} of a mile on Tuesday. How many miles did she run in all? ${R2}`,
        parameters: { d: [3, 10], a: [1, 9], b: [1, 9] },
        constraint: 'a < d and b < d',
        expression: '(a + b) / d',
        tolerance: ROUNDED_2DP,
        unit: 'miles',
        difficulty: 0.4,
        hints: [
          '"In all" means add the two distances.',
          'Add the numerators over the shared denominator, then divide to get a decimal.',
        ],
        also: ['frac.word-problems'],
      }),
    ],
  };
}

function subtractLike(): UnitSpec {
  const table: readonly [number, number, number, number][] = [
    [5, 2, 7, 0.15],
    [7, 3, 10, 0.3],
    [11, 5, 12, 0.4],
    [13, 4, 15, 0.45],
  ];
  return {
    key: 'frac.subtract-like',
    title: 'Subtracting fractions with like denominators',
    description:
      'Subtract fractions with the same denominator, including subtracting a fraction from a whole number.',
    prerequisites: ['frac.add-like'],
    video: {
      title: 'Taking away same-size pieces',
      durationSeconds: 200,
      transcript:
        'Subtracting works like adding. 7/9 minus 4/9: seven ninths take away four ninths leaves three ninths. Subtract the numerators and keep the denominator. To take a fraction from 1, write 1 with the same denominator first: 1 minus 3/8 is 8/8 minus 3/8, which is 5/8.',
    },
    reading: {
      title: 'Subtract the numerators, keep the denominator',
      estimatedMinutes: 4,
      body: `With the **same denominator**, subtraction takes away pieces of the same size:

a/d − b/d = (a − b)/d

**Subtract the numerators; keep the denominator.**

**Worked example 1.** 7/10 − 3/10 = 4/10, which simplifies to 2/5.

**Subtracting from a whole number.** Rewrite the whole number as a fraction with the same denominator: 1 = 8/8, 2 = 16/8, and so on.

**Worked example 2.** A jug holds 1 litre of juice. You pour out 3/8 of a litre. How much is left?

1. Write 1 in eighths: 1 = 8/8.
2. 8/8 − 3/8 = 5/8.
3. So 5/8 of a litre is left.

Check by adding back: 5/8 + 3/8 = 8/8 = 1. Subtraction and addition undo each other, so this is a quick way to check any answer.

**Careful:** as with addition, the denominator does not change. 7/10 − 3/10 is not 4/0; the pieces are still tenths.`,
    },
    items: [
      ...table.map(([a, b, d, difficulty]) =>
        text({
          prompt: `Subtract ${a}/${d} − ${b}/${d}. Give the answer in simplest form, like 2/9.`,
          accepted: fractionSpellings(frac(a - b, d)),
          difficulty,
          hints: [
            'The denominators are the same, so the pieces are the same size.',
            'Subtract the numerators and keep the denominator.',
            'Then simplify if the numerator and the denominator share a factor.',
          ],
        }),
      ),
      mc({
        prompt: 'What is 1 − 2/5?',
        choices: [
          { text: '3/5', correct: true },
          { text: '1/5', feedback: 'Write 1 as 5/5 first, then subtract: 5/5 − 2/5.' },
          { text: '2/5', feedback: 'That is the amount you took away, not what is left.' },
          { text: '1/4', feedback: 'Subtracting 1 from the top and the bottom does not work.' },
        ],
        difficulty: 0.3,
        hints: ['Write 1 as a fraction with denominator 5.', 'Then compute 5/5 − 2/5.'],
      }),
      mc({
        prompt: 'What is 9/11 − 4/11?',
        choices: [
          { text: '5/11', correct: true },
          {
            text: '5/0',
            feedback:
              'Subtracting the denominators leaves 0, which is not allowed. The pieces are still elevenths.',
          },
          { text: '13/11', feedback: 'You added instead of subtracting.' },
          { text: '5/22', feedback: 'Keep the denominator: the pieces are still elevenths.' },
        ],
        difficulty: 0.15,
        hints: [
          'Both fractions count elevenths.',
          'Subtract the numerators and keep the denominator 11.',
        ],
      }),
      num({
        prompt: '2 − 5/6 = ?/6. Enter the missing numerator.',
        value: 7,
        difficulty: 0.5,
        hints: ['Write 2 in sixths.', '2 = 12/6. Then take away 5 sixths.'],
      }),
      param({
        prompt: '{{a}}/{{d}} − {{b}}/{{d}} = ?/{{d}}. Enter the missing numerator.',
        parameters: { d: [5, 15], a: [2, 14], b: [1, 13] },
        constraint: 'b < a and a < d',
        expression: 'a - b',
        difficulty: 0.15,
        hints: [
          'The denominators match, so the pieces are the same size.',
          'Subtract the numerators; the denominator stays the same.',
        ],
      }),
      param({
        prompt: `A jug is {{a}}/{{d}} full of water. After some is poured out, it is {{b}}/{{d}} full. What fraction of the jug was poured out? ${R2}`,
        parameters: { d: [4, 12], a: [2, 11], b: [1, 10] },
        constraint: 'b < a and a < d',
        expression: '(a - b) / d',
        tolerance: ROUNDED_2DP,
        difficulty: 0.45,
        hints: [
          'The amount poured out is the difference between the two amounts.',
          'Subtract the numerators over the shared denominator, then divide to get a decimal.',
        ],
        also: ['frac.word-problems'],
      }),
      param({
        prompt: '1 − {{a}}/{{d}} = ?/{{d}}. Enter the missing numerator.',
        parameters: { d: [3, 20], a: [1, 19] },
        constraint: 'a < d',
        expression: 'd - a',
        difficulty: 0.3,
        hints: [
          'Write 1 as a fraction with the same denominator.',
          '1 is the denominator over itself. Subtract the numerators.',
        ],
      }),
    ],
  };
}

function addUnlike(): UnitSpec {
  const table: readonly [number, number, number, number, number][] = [
    [1, 2, 1, 3, 0.3],
    [1, 4, 2, 3, 0.4],
    [2, 5, 1, 10, 0.45],
    [3, 8, 1, 6, 0.55],
    [2, 3, 3, 4, 0.65],
  ];
  return {
    key: 'frac.add-unlike',
    title: 'Adding fractions with unlike denominators',
    description:
      'Add fractions with different denominators by rewriting them over a common denominator.',
    prerequisites: ['frac.add-like', 'frac.common-denominator'],
    video: {
      title: 'Adding different-size pieces',
      durationSeconds: 320,
      transcript:
        'You cannot add thirds and fourths directly, just as 1 apple and 1 orange do not make 2 apples. First rename both fractions with a common denominator. For 1/3 plus 1/4, use twelfths: 4/12 plus 3/12 is 7/12. Then add the numerators, keep the common denominator, and simplify if you can.',
    },
    reading: {
      title: 'Adding with a common denominator',
      estimatedMinutes: 5,
      body: `To add fractions with **different denominators**, first make the pieces the same size.

1. Find a **common denominator** (the least common multiple of the denominators is easiest).
2. **Rewrite** each fraction as an equivalent fraction with that denominator.
3. **Add the numerators**, keep the common denominator.
4. **Simplify** the result, and change an improper fraction to a mixed number if asked.

**Worked example.** Add 5/6 + 3/4.

1. Multiples of 6: 6, **12**. 4 divides 12, so the least common denominator is 12.
2. 5/6 = 10/12 (×2/2) and 3/4 = 9/12 (×3/3).
3. 10/12 + 9/12 = 19/12.
4. 19 and 12 share no factor, so 19/12 is in simplest form; as a mixed number it is 1 7/12.

**Sanity check with benchmarks:** 5/6 is a bit less than 1 and 3/4 is between 1/2 and 1, so the sum should be between 1 and 2. 1 7/12 fits.

**The classic mistake** is 5/6 + 3/4 = 8/10. Adding tops and bottoms gives a number smaller than 5/6 alone, which cannot be right.`,
    },
    interactive: {
      title: 'Common denominator builder',
      description:
        'Cut two fraction bars into smaller equal pieces until the pieces match, then add them.',
      estimatedMinutes: 8,
    },
    items: [
      ...table.map(([a, b, c, d, difficulty]) => {
        const sum = addFractions(frac(a, b), frac(c, d));
        return text({
          prompt:
            sum.n > sum.d
              ? `Add ${a}/${b} + ${c}/${d}. Give the answer in simplest form, as a fraction like 7/4 or a mixed number like 1 3/4.`
              : `Add ${a}/${b} + ${c}/${d}. Give the answer in simplest form, like 2/9.`,
          accepted: fractionSpellings(sum),
          difficulty,
          hints: [
            'The pieces are different sizes, so you need a common denominator first.',
            'Find the least common multiple of the denominators and rewrite both fractions with it.',
            'Add the new numerators, keep the common denominator, then simplify.',
          ],
        });
      }),
      mc({
        prompt: 'What is 1/2 + 1/3?',
        choices: [
          { text: '5/6', correct: true },
          {
            text: '2/5',
            feedback:
              'You added the numerators and the denominators. Halves and thirds must first be rewritten as sixths.',
          },
          { text: '2/6', feedback: 'Sixths are right, but 1/2 = 3/6 and 1/3 = 2/6.' },
          { text: '1/6', feedback: '1/6 is 1/2 × 1/3. The question asks for a sum.' },
        ],
        difficulty: 0.35,
        hints: ['Halves and thirds are different sizes; use sixths.', '1/2 = 3/6 and 1/3 = 2/6.'],
      }),
      mc({
        prompt: 'Tariq adds 3/5 + 1/10 and writes 4/15. What went wrong?',
        choices: [
          {
            text: 'He added the denominators; 3/5 = 6/10, so the sum is 7/10.',
            correct: true,
          },
          {
            text: 'He should have multiplied the numerators.',
            feedback: 'Adding never multiplies the numerators. Rewrite 3/5 in tenths.',
          },
          {
            text: 'Nothing: his answer is correct.',
            feedback:
              '4/15 is less than 3/5, but adding a positive number must make the sum bigger.',
          },
        ],
        difficulty: 0.5,
        hints: [
          'Is 4/15 bigger than 3/5? It should be, since you are adding.',
          'Rewrite 3/5 in tenths and add again.',
        ],
      }),
      num({
        prompt: '1/6 + 3/4 = ?/12. Enter the missing numerator.',
        value: 11,
        difficulty: 0.4,
        hints: ['Rewrite each fraction in twelfths.', '1/6 = 2/12 and 3/4 = 9/12.'],
      }),
      param({
        prompt:
          'Add 1/{{a}} + 1/{{b}} by rewriting both fractions over their least common denominator. Before simplifying, what is the numerator of the sum?',
        parameters: { a: [2, 10], b: [2, 10] },
        constraint: 'a < b',
        expression: 'lcm(a, b) / a + lcm(a, b) / b',
        difficulty: 0.55,
        hints: [
          'First find the least common denominator of the two fractions.',
          'Rewrite each unit fraction over that denominator: its new numerator is the common denominator divided by its old denominator. Add the two new numerators.',
        ],
      }),
      param({
        prompt: `Add {{a}}/{{b}} + {{c}}/{{d}}. ${R2}`,
        parameters: properPair,
        constraint: 'a < b and c < d and b != d',
        expression: 'a / b + c / d',
        tolerance: ROUNDED_2DP,
        difficulty: 0.5,
        hints: [
          'Rewrite both fractions with a common denominator.',
          'Add the numerators over the common denominator, then divide to get a decimal.',
        ],
      }),
      param({
        prompt: `A recipe uses {{a}}/{{b}} cup of milk and {{c}}/{{d}} cup of water. How many cups of liquid is that in all? ${R2}`,
        parameters: { a: [1, 3], b: [2, 4], c: [1, 7], d: [2, 8] },
        constraint: 'a < b and c < d and b != d',
        expression: 'a / b + c / d',
        tolerance: ROUNDED_2DP,
        unit: 'cups',
        difficulty: 0.5,
        hints: [
          '"In all" means add the two amounts.',
          'Rewrite both amounts with a common denominator, add them, then divide to get a decimal.',
        ],
        also: ['frac.word-problems'],
      }),
    ],
  };
}

function subtractUnlike(): UnitSpec {
  const table: readonly [number, number, number, number, number][] = [
    [1, 2, 1, 3, 0.3],
    [3, 4, 1, 2, 0.3],
    [5, 6, 1, 4, 0.45],
    [2, 3, 1, 5, 0.5],
    [7, 10, 1, 4, 0.6],
  ];
  return {
    key: 'frac.subtract-unlike',
    title: 'Subtracting fractions with unlike denominators',
    description:
      'Subtract fractions with different denominators by rewriting them over a common denominator.',
    prerequisites: ['frac.subtract-like', 'frac.common-denominator'],
    video: {
      title: 'Subtracting different-size pieces',
      durationSeconds: 280,
      transcript:
        'Subtraction with unlike denominators follows the same plan as addition: common denominator, rewrite, then subtract the numerators. For 3/4 minus 1/6, twelfths work: 9/12 minus 2/12 is 7/12. Check by adding back: 7/12 plus 2/12 gives 9/12, which is 3/4.',
    },
    reading: {
      title: 'Subtracting with a common denominator',
      estimatedMinutes: 5,
      body: `Subtracting fractions with **different denominators** uses the same plan as adding them.

1. Find a **common denominator** (the LCD is easiest).
2. **Rewrite** both fractions with it.
3. **Subtract the numerators**; keep the denominator.
4. **Simplify.**

**Worked example.** Compute 7/8 − 1/6.

1. Multiples of 8: 8, 16, **24**. 6 divides 24, so the LCD is 24.
2. 7/8 = 21/24 (×3/3) and 1/6 = 4/24 (×4/4).
3. 21/24 − 4/24 = 17/24.
4. 17 is prime and does not divide 24, so 17/24 is in simplest form.

**Check** by adding back: 17/24 + 4/24 = 21/24 = 7/8.

**Which is bigger?** Before subtracting, make sure the first fraction is the larger one, or the answer will be negative. Rewriting with a common denominator shows this at once: 21/24 > 4/24.

**The classic mistake** is subtracting tops and bottoms: (7 − 1)/(8 − 6) = 6/2 = 3, far bigger than 7/8 itself. Taking away a positive amount can never give more than you started with.`,
    },
    items: [
      ...table.map(([a, b, c, d, difficulty]) =>
        text({
          prompt: `Subtract ${a}/${b} − ${c}/${d}. Give the answer in simplest form, like 2/9.`,
          accepted: fractionSpellings(subtractFractions(frac(a, b), frac(c, d))),
          difficulty,
          hints: [
            'The pieces are different sizes, so you need a common denominator first.',
            'Find the least common multiple of the denominators and rewrite both fractions with it.',
            'Subtract the new numerators, keep the common denominator, then simplify.',
          ],
        }),
      ),
      mc({
        prompt: 'What is 3/4 − 1/3?',
        choices: [
          { text: '5/12', correct: true },
          {
            text: '2/1',
            feedback: 'That subtracts tops and bottoms. Use twelfths: 9/12 − 4/12.',
          },
          { text: '2/12', feedback: 'Twelfths are right, but 3/4 = 9/12 and 1/3 = 4/12.' },
          { text: '1/12', feedback: '3/4 = 9/12, not 5/12. Multiply the top and the bottom by 3.' },
        ],
        difficulty: 0.45,
        hints: ['Use the common denominator 12.', '3/4 = 9/12 and 1/3 = 4/12.'],
      }),
      mc({
        prompt: 'Which is the best estimate of 11/12 − 1/9?',
        choices: [
          { text: 'About 1', correct: true },
          {
            text: 'About 1/2',
            feedback: '11/12 is close to 1 and 1/9 is close to 0, so the difference is close to 1.',
          },
          { text: 'About 0', feedback: 'You are taking a small amount away from almost 1.' },
          {
            text: 'About 10/3',
            feedback:
              'Subtracting tops and bottoms gives 10/3, which is bigger than what you started with.',
          },
        ],
        difficulty: 0.4,
        hints: ['Round each fraction to 0, 1/2 or 1.', '11/12 is about 1 and 1/9 is about 0.'],
      }),
      mc({
        prompt:
          'A trail is 7/8 of a mile long. Mia has walked 1/2 a mile. How much farther must she walk?',
        choices: [
          { text: '3/8 of a mile', correct: true },
          {
            text: '6/6 of a mile',
            feedback:
              'Subtracting tops and bottoms gives 6/6 = 1 mile, longer than the whole trail.',
          },
          { text: '4/8 of a mile', feedback: '4/8 is the 1/2 mile she has already walked.' },
          { text: '1/4 of a mile', feedback: 'Write 1/2 as 4/8, then subtract: 7/8 − 4/8.' },
        ],
        difficulty: 0.4,
        hints: ['"How much farther" means subtract.', 'Write 1/2 in eighths, then subtract.'],
        also: ['frac.word-problems'],
      }),
      num({
        prompt: '3/4 − 1/6 = ?/12. Enter the missing numerator.',
        value: 7,
        difficulty: 0.4,
        hints: ['Rewrite each fraction in twelfths.', '3/4 = 9/12 and 1/6 = 2/12.'],
      }),
      param({
        prompt: `Subtract {{a}}/{{b}} − {{c}}/{{d}}. ${R2}`,
        parameters: properPair,
        constraint: 'a < b and c < d and b != d and a * d > c * b',
        expression: 'a / b - c / d',
        tolerance: ROUNDED_2DP,
        difficulty: 0.55,
        hints: [
          'Rewrite both fractions with a common denominator.',
          'Subtract the numerators over the common denominator, then divide to get a decimal.',
        ],
      }),
      param({
        prompt:
          'Subtract 1/{{a}} − 1/{{b}} by rewriting both fractions over their least common denominator. Before simplifying, what is the numerator of the difference?',
        parameters: { a: [2, 10], b: [3, 12] },
        constraint: 'a < b',
        expression: 'lcm(a, b) / a - lcm(a, b) / b',
        difficulty: 0.55,
        hints: [
          'First find the least common denominator of the two fractions.',
          'Rewrite each unit fraction over that denominator, then subtract the new numerators.',
        ],
      }),
    ],
  };
}

function improperMixed(): UnitSpec {
  const toMixed: readonly [number, number, number][] = [
    [7, 2, 0.3],
    [11, 4, 0.35],
    [17, 5, 0.4],
    [23, 6, 0.5],
  ];
  const toImproper: readonly [number, number, number, number][] = [
    [1, 2, 3, 0.3],
    [2, 3, 5, 0.35],
    [4, 1, 6, 0.45],
  ];
  return {
    key: 'frac.improper-mixed',
    title: 'Improper fractions and mixed numbers',
    description: 'Convert between improper fractions and mixed numbers.',
    prerequisites: ['frac.number-line'],
    video: {
      title: 'Improper fractions and mixed numbers',
      durationSeconds: 260,
      transcript:
        '11/4 is an improper fraction: the numerator is bigger than the denominator, so it is more than 1. Four fourths make a whole, so 11 fourths is 2 wholes with 3 fourths left over: 2 and 3/4. To go back, multiply the whole number by the denominator and add the numerator: 2 times 4 plus 3 is 11, so 2 3/4 is 11/4.',
    },
    reading: {
      title: 'Converting both ways',
      estimatedMinutes: 5,
      body: `An **improper fraction** has a numerator at least as big as its denominator, such as 7/3 or 12/5. It is worth 1 or more. A **mixed number** writes the same amount as a whole number plus a proper fraction: 2 1/3 means 2 + 1/3.

**Improper → mixed.** Divide the numerator by the denominator. The quotient is the whole-number part; the remainder is the new numerator over the same denominator.

**Mixed → improper.** Multiply the whole number by the denominator, add the numerator, and keep the denominator.

**Worked example 1.** Write 17/5 as a mixed number.

17 ÷ 5 = 3 remainder 2, so 17/5 = **3 2/5**. (Three wholes use 15 fifths; 2 fifths are left.)

**Worked example 2.** Write 4 3/8 as an improper fraction.

4 × 8 = 32 eighths in 4 wholes, plus 3 eighths: 32 + 3 = 35, so 4 3/8 = **35/8**.

Check: 35 ÷ 8 = 4 remainder 3.

**Careful:** the denominator never changes in either direction, because the pieces stay the same size.`,
    },
    items: [
      ...toMixed.map(([n, d, difficulty]) =>
        text({
          prompt: `Write ${n}/${d} as a mixed number, like 2 1/3.`,
          accepted: mixedOnly(frac(n, d)),
          difficulty,
          hints: [
            'How many times does the denominator fit into the numerator?',
            'Divide: the quotient is the whole number and the remainder is the new numerator.',
            'Keep the same denominator for the fraction part.',
          ],
        }),
      ),
      ...toImproper.map(([w, n, d, difficulty]) =>
        text({
          prompt: `Write ${w} ${n}/${d} as an improper fraction, like 7/4.`,
          accepted: fractionSpellings(mixed(w, n, d), { mixed: false }),
          difficulty,
          hints: [
            'How many pieces make each whole? Look at the denominator.',
            'Multiply the whole number by the denominator to count the pieces in the wholes.',
            'Add the numerator and keep the same denominator.',
          ],
        }),
      ),
      mc({
        prompt: 'Which of these is an improper fraction?',
        choices: [
          { text: '9/7', correct: true },
          { text: '7/9', feedback: '7 < 9, so 7/9 is less than 1: a proper fraction.' },
          { text: '1 2/7', feedback: 'That is a mixed number.' },
          { text: '0/7', feedback: '0/7 is 0, a proper fraction.' },
        ],
        difficulty: 0.1,
        hints: [
          'An improper fraction is worth 1 or more.',
          'Look for a numerator that is at least as big as its denominator.',
        ],
      }),
      mc({
        prompt: 'What is 10/3 as a mixed number?',
        choices: [
          { text: '3 1/3', correct: true },
          { text: '1 3/10', feedback: 'Do not swap the numbers. 10 ÷ 3 = 3 remainder 1.' },
          { text: '3 1/10', feedback: 'The denominator stays 3: the pieces are still thirds.' },
          { text: '10 1/3', feedback: 'Ten thirds is not ten wholes. Divide 10 by 3.' },
        ],
        difficulty: 0.3,
        hints: [
          'How many wholes can you make from 10 thirds?',
          '3 wholes use 9 thirds. How many thirds are left?',
        ],
      }),
      param({
        prompt: 'Write {{n}}/{{d}} as a mixed number. Enter the whole-number part.',
        parameters: { n: [5, 40], d: [2, 9] },
        constraint: 'n > d and mod(n, d) != 0',
        expression: 'floor(n / d)',
        difficulty: 0.35,
        hints: [
          'How many times does the denominator fit into the numerator?',
          'Divide the numerator by the denominator; the whole-number part is the quotient without the remainder.',
        ],
      }),
      param({
        prompt: 'Write {{n}}/{{d}} as a mixed number. Enter the numerator of the fraction part.',
        parameters: { n: [5, 40], d: [2, 9] },
        constraint: 'n > d and mod(n, d) != 0',
        expression: 'mod(n, d)',
        difficulty: 0.45,
        hints: [
          'Take out as many wholes as you can.',
          'Divide the numerator by the denominator; the remainder is the numerator of the fraction part.',
        ],
      }),
      param({
        prompt: 'Write {{w}} {{n}}/{{d}} as an improper fraction. Enter its numerator.',
        parameters: { w: [1, 9], n: [1, 11], d: [2, 12] },
        constraint: 'n < d',
        expression: 'w * d + n',
        difficulty: 0.4,
        hints: [
          'Count the pieces in the whole-number part first.',
          'Multiply the whole number by the denominator, then add the numerator.',
        ],
      }),
    ],
  };
}

function addMixed(): UnitSpec {
  const table: readonly (readonly [number, number, number, number, number, number, number])[] = [
    [1, 1, 5, 2, 2, 5, 0.3],
    [2, 1, 4, 1, 1, 2, 0.4],
    [3, 2, 3, 1, 2, 3, 0.5],
    [2, 3, 8, 3, 1, 2, 0.55],
    [1, 5, 6, 2, 1, 4, 0.6],
  ];
  return {
    key: 'frac.add-mixed',
    title: 'Adding mixed numbers',
    description: 'Add mixed numbers, carrying a whole when the fraction parts add up to 1 or more.',
    prerequisites: ['frac.add-unlike', 'frac.improper-mixed'],
    video: {
      title: 'Adding mixed numbers',
      durationSeconds: 300,
      transcript:
        'To add 2 3/4 and 1 1/2, add the whole numbers: 3. Then add the fractions: 3/4 plus 2/4 is 5/4, which is 1 and 1/4. Carry that whole: 3 plus 1 1/4 is 4 1/4. Or turn both into improper fractions: 11/4 plus 6/4 is 17/4, which is also 4 1/4.',
    },
    reading: {
      title: 'Two ways to add mixed numbers',
      estimatedMinutes: 5,
      body: `There are two good ways to add mixed numbers.

**Method 1: wholes and fractions separately.**

1. Add the whole-number parts.
2. Add the fraction parts (with a common denominator if needed).
3. If the fraction part is improper, turn it into a mixed number and carry the whole into the whole-number part.

**Method 2: improper fractions.** Change both mixed numbers to improper fractions, add, and change back.

**Worked example.** Add 2 2/3 + 1 3/4.

*Method 1.* Wholes: 2 + 1 = 3. Fractions: 2/3 + 3/4 = 8/12 + 9/12 = 17/12 = 1 5/12. Carry: 3 + 1 5/12 = **4 5/12**.

*Method 2.* 2 2/3 = 8/3 = 32/12 and 1 3/4 = 7/4 = 21/12. 32/12 + 21/12 = 53/12 = **4 5/12**.

Method 1 keeps the numbers small; Method 2 avoids forgetting to carry. Estimate first: 2 2/3 is about 3 and 1 3/4 is about 2, so the sum is a bit less than 5, and 4 5/12 is reasonable.`,
    },
    items: [
      ...table.map(([w, a, b, v, c, d, difficulty]) =>
        text({
          prompt: `Add ${w} ${a}/${b} + ${v} ${c}/${d}. Give the answer as a mixed number in simplest form, like 2 1/3.`,
          accepted: mixedOnly(addFractions(mixed(w, a, b), mixed(v, c, d))),
          difficulty,
          hints: [
            'Add the whole numbers and the fractions separately.',
            'Use a common denominator for the fraction parts.',
            'If the fraction part comes to 1 or more, carry a whole into the whole-number part.',
          ],
        }),
      ),
      mc({
        prompt: 'What is 1 3/4 + 2 1/2?',
        choices: [
          { text: '4 1/4', correct: true },
          {
            text: '3 4/6',
            feedback:
              'Adding tops and bottoms of the fraction parts does not work: 3/4 + 1/2 = 3/4 + 2/4 = 5/4.',
          },
          { text: '3 1/4', feedback: 'You forgot to carry the whole from 5/4.' },
          { text: '4 1/2', feedback: 'The fraction parts add to 5/4, which is 1 1/4, not 1 1/2.' },
        ],
        difficulty: 0.45,
        hints: [
          'Add the wholes, then add 3/4 + 1/2 using fourths.',
          '3/4 + 2/4 = 5/4 = 1 1/4; carry the 1.',
        ],
      }),
      mc({
        prompt: 'Which is the best estimate of 3 7/8 + 2 1/10?',
        choices: [
          { text: '6', correct: true },
          { text: '5', feedback: '3 7/8 is almost 4, not 3.' },
          { text: '5 8/18', feedback: 'Never add the denominators. Round each number instead.' },
          { text: '7', feedback: '2 1/10 is close to 2, not 3.' },
        ],
        difficulty: 0.3,
        hints: [
          'Round each mixed number to the nearest whole number.',
          '3 7/8 is about 4 and 2 1/10 is about 2.',
        ],
      }),
      num({
        prompt:
          'Ella walked 1 1/2 miles to the park and 2 3/4 miles home by a longer route. How many miles did she walk in all? Give the answer as a decimal.',
        value: 4.25,
        tolerance: 0.001,
        unit: 'miles',
        difficulty: 0.45,
        hints: [
          'Add the two distances.',
          'Add the wholes (1 + 2) and the fractions (1/2 + 3/4 = 5/4), carry, then write the result as a decimal.',
        ],
        also: ['frac.word-problems'],
      }),
      param({
        prompt: `Add {{w}} {{a}}/{{d}} + {{v}} {{b}}/{{d}}. ${R2}`,
        parameters: { w: [1, 6], v: [1, 6], a: [1, 11], b: [1, 11], d: [3, 12] },
        constraint: 'a < d and b < d',
        expression: 'w + v + (a + b) / d',
        tolerance: ROUNDED_2DP,
        difficulty: 0.45,
        hints: [
          'Add the whole numbers, then add the fractions.',
          'Turn the fraction sum into a decimal and add it to the sum of the wholes.',
        ],
      }),
      param({
        prompt: `Add {{w}} {{a}}/{{b}} + {{v}} {{c}}/{{d}}. ${R2}`,
        parameters: { w: [1, 6], v: [1, 6], a: [1, 7], b: [2, 8], c: [1, 7], d: [2, 8] },
        constraint: 'a < b and c < d and b != d',
        expression: 'w + a / b + v + c / d',
        tolerance: ROUNDED_2DP,
        difficulty: 0.6,
        hints: [
          'Add the whole numbers, then add the fractions with a common denominator.',
          'Turn the fraction sum into a decimal and add it to the sum of the wholes.',
        ],
      }),
    ],
  };
}

function subtractMixed(): UnitSpec {
  const table: readonly (readonly [number, number, number, number, number, number, number])[] = [
    [3, 3, 4, 1, 1, 4, 0.3],
    [5, 7, 8, 2, 1, 4, 0.35],
    [4, 1, 5, 1, 3, 5, 0.55],
    [6, 1, 4, 2, 2, 3, 0.65],
  ];
  return {
    key: 'frac.subtract-mixed',
    title: 'Subtracting mixed numbers',
    description:
      'Subtract mixed numbers, regrouping a whole when the first fraction part is too small.',
    prerequisites: ['frac.subtract-unlike', 'frac.improper-mixed'],
    video: {
      title: 'Subtracting mixed numbers and regrouping',
      durationSeconds: 320,
      transcript:
        'Subtracting 3 1/4 minus 1 3/4 is tricky: you cannot take 3/4 from 1/4. Regroup: borrow one whole from the 3 and turn it into 4/4, so 3 1/4 becomes 2 5/4. Now 2 5/4 minus 1 3/4 is 1 2/4, which is 1 1/2. Converting both to improper fractions, 13/4 minus 7/4 is 6/4, gives the same answer.',
    },
    reading: {
      title: 'Regrouping with mixed numbers',
      estimatedMinutes: 5,
      body: `To subtract mixed numbers, subtract the fraction parts and the whole-number parts. The tricky case is when the first fraction part is **smaller** than the second.

**Regrouping (borrowing).** Take 1 from the whole-number part and add it to the fraction part as d/d.

**Worked example.** Compute 5 1/6 − 2 2/3.

1. Common denominator for the fraction parts: 2/3 = 4/6, so the problem is 5 1/6 − 2 4/6.
2. 1/6 is less than 4/6, so regroup: 5 1/6 = 4 + 1 + 1/6 = 4 7/6.
3. Subtract: 4 7/6 − 2 4/6 = 2 3/6 = **2 1/2**.

**Check with improper fractions:** 5 1/6 = 31/6 and 2 2/3 = 16/6. 31/6 − 16/6 = 15/6 = 2 3/6 = 2 1/2.

**Subtracting from a whole number** always needs regrouping: 4 − 1 3/8 = 3 8/8 − 1 3/8 = 2 5/8.

**The classic mistake** is to subtract the smaller fraction from the larger one, whichever comes first: 5 1/6 − 2 4/6 is *not* 3 3/6.`,
    },
    items: [
      ...table.map(([w, a, b, v, c, d, difficulty]) =>
        text({
          prompt: `Subtract ${w} ${a}/${b} − ${v} ${c}/${d}. Give the answer as a mixed number in simplest form, like 2 1/3.`,
          accepted: mixedOnly(subtractFractions(mixed(w, a, b), mixed(v, c, d))),
          difficulty,
          hints: [
            'Rewrite the fraction parts with a common denominator.',
            'If the first fraction part is smaller than the second, regroup: take 1 from the whole number and add it to the fraction.',
            'Subtract the fractions, subtract the wholes, then simplify.',
          ],
        }),
      ),
      text({
        prompt: 'Subtract 4 − 1 3/8. Give the answer as a mixed number, like 2 1/3.',
        accepted: mixedOnly(subtractFractions(frac(4, 1), mixed(1, 3, 8))),
        difficulty: 0.5,
        hints: [
          'There is no fraction part in 4 to subtract 3/8 from.',
          'Regroup: 4 = 3 8/8. Then subtract 1 3/8.',
        ],
      }),
      mc({
        prompt: 'Why do you need to regroup to compute 3 1/5 − 1 4/5?',
        choices: [
          { text: 'Because 1/5 is less than 4/5.', correct: true },
          { text: 'Because the denominators are different.', feedback: 'Both denominators are 5.' },
          {
            text: 'You do not need to; the answer is 2 3/5.',
            feedback: 'That subtracts 1/5 from 4/5, the wrong way round. The answer is 1 2/5.',
          },
        ],
        difficulty: 0.4,
        hints: [
          'Compare the two fraction parts.',
          'You cannot take 4 fifths away from 1 fifth without borrowing a whole.',
        ],
      }),
      param({
        prompt: `Subtract {{w}} {{a}}/{{d}} − {{v}} {{b}}/{{d}}. ${R2}`,
        parameters: { w: [3, 9], v: [1, 5], a: [1, 11], b: [1, 11], d: [3, 12] },
        constraint: 'a < d and b < d and w > v',
        expression: 'w + a / d - (v + b / d)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.55,
        hints: [
          'Regroup if the first fraction part is smaller than the second.',
          'Subtract the fractions and the wholes, then write the result as a decimal.',
        ],
      }),
      param({
        prompt: `Subtract {{w}} − {{v}} {{b}}/{{d}}. ${R2}`,
        parameters: { w: [2, 9], v: [1, 5], b: [1, 9], d: [2, 10] },
        constraint: 'w > v and b < d',
        expression: 'w - (v + b / d)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.5,
        hints: [
          'Regroup one whole from the first number into a fraction with the same denominator.',
          'Subtract the fraction and the whole numbers, then write the result as a decimal.',
        ],
      }),
      param({
        prompt: `A board is {{w}} {{a}}/{{d}} feet long. You cut off {{v}} {{b}}/{{d}} feet. How long is the rest of the board? ${R2}`,
        parameters: { w: [4, 8], v: [1, 3], a: [1, 7], b: [1, 7], d: [2, 8] },
        constraint: 'a < d and b < d',
        expression: 'w + a / d - (v + b / d)',
        tolerance: ROUNDED_2DP,
        unit: 'feet',
        difficulty: 0.6,
        hints: [
          'The rest of the board is the starting length minus the piece cut off.',
          'Subtract the mixed numbers (regroup if needed), then write the result as a decimal.',
        ],
        also: ['frac.word-problems'],
      }),
    ],
  };
}

function multiplyWhole(): UnitSpec {
  const table: readonly [number, number, number, number][] = [
    [3, 1, 4, 0.15],
    [2, 2, 5, 0.2],
    [4, 2, 3, 0.35],
    [5, 3, 10, 0.45],
    [6, 5, 8, 0.5],
  ];
  return {
    key: 'frac.multiply-whole',
    title: 'Multiplying a fraction by a whole number',
    description: 'Multiply a fraction by a whole number as repeated addition.',
    prerequisites: ['frac.add-like', 'frac.of-a-set'],
    video: {
      title: 'Groups of fractions',
      durationSeconds: 240,
      transcript:
        '3 times 2/5 means three groups of 2/5: 2/5 plus 2/5 plus 2/5, which is 6/5. So multiply the whole number by the numerator and keep the denominator. It also works the other way round: 2/5 of 3 is the same 6/5, because multiplication can be done in either order.',
    },
    reading: {
      title: 'Whole number times a fraction',
      estimatedMinutes: 4,
      body: `Multiplying a fraction by a whole number is repeated addition:

4 × 2/7 = 2/7 + 2/7 + 2/7 + 2/7 = 8/7

**Multiply the whole number by the numerator; keep the denominator.** Then simplify or write the result as a mixed number.

**Worked example.** A recipe needs 3/4 cup of oats per batch. How many cups for 6 batches?

1. 6 × 3/4 = 18/4.
2. Simplify: 18/4 = 9/2.
3. As a mixed number: 9/2 = 4 1/2 cups.

**Same as "of".** 6 × 3/4 is the same as 3/4 of 6: split 6 into 4 equal parts (1.5 each) and take 3 of them, which also gives 4.5. Multiplication can be done in either order.

**Simplify first to keep numbers small.** In 6 × 3/4 you can divide 6 and 4 by 2 first: 3 × 3/2 = 9/2.

**Careful:** do not multiply the denominator by the whole number too. 6 × 3/4 is not 18/24; that would make the answer smaller than 3/4.`,
    },
    items: [
      ...table.map(([n, a, d, difficulty]) =>
        text({
          prompt: `Multiply ${n} × ${a}/${d}. Give the answer in simplest form, as a fraction like 7/4 or a mixed number like 1 3/4.`,
          accepted: fractionSpellings(frac(n * a, d)),
          difficulty,
          hints: [
            'Multiplying by a whole number is repeated addition.',
            'Multiply the whole number by the numerator and keep the denominator.',
            'Simplify, and write an improper result as a mixed number if you like.',
          ],
        }),
      ),
      mc({
        prompt: 'What is 3 × 2/7?',
        choices: [
          { text: '6/7', correct: true },
          {
            text: '6/21',
            feedback:
              'Only the numerator is multiplied. 6/21 = 2/7, so nothing would have changed.',
          },
          { text: '5/7', feedback: 'You added 3 and 2 instead of multiplying.' },
          { text: '2/21', feedback: 'Multiply the numerator, not the denominator.' },
        ],
        difficulty: 0.2,
        hints: [
          '3 × 2/7 means 2/7 + 2/7 + 2/7.',
          'Multiply 3 by the numerator and keep the denominator.',
        ],
      }),
      mc({
        prompt: 'Which expression equals 5 × 1/6?',
        choices: [
          { text: '1/6 + 1/6 + 1/6 + 1/6 + 1/6', correct: true },
          { text: '5/30', feedback: 'That multiplies the denominator: 5/30 = 1/6.' },
          { text: '5 + 1/6', feedback: 'That adds instead of multiplying.' },
          {
            text: '1/6 × 1/6 × 1/6 × 1/6 × 1/6',
            feedback: 'That multiplies 1/6 by itself five times.',
          },
        ],
        difficulty: 0.3,
        hints: [
          'Multiplying by a whole number means adding the same amount again and again.',
          '5 × 1/6 means five groups of 1/6.',
        ],
      }),
      param({
        prompt: '{{n}} × {{a}}/{{d}} = ?/{{d}}. Enter the missing numerator (do not simplify).',
        parameters: { n: [2, 9], a: [1, 9], d: [2, 12] },
        constraint: 'a < d',
        expression: 'n * a',
        difficulty: 0.2,
        hints: ['The denominator stays the same.', 'Multiply the whole number by the numerator.'],
      }),
      param({
        prompt: 'Multiply {{a}}/{{d}} × {{n}}. The answer is a whole number: enter it.',
        parameters: { n: [2, 40], a: [1, 5], d: [2, 8] },
        constraint: 'a < d and mod(n * a, d) == 0',
        expression: 'n * a / d',
        difficulty: 0.4,
        hints: [
          'Multiply the whole number by the numerator and keep the denominator.',
          'Then divide the new numerator by the denominator.',
        ],
      }),
    ],
  };
}

function multiply(): UnitSpec {
  const table: readonly [number, number, number, number, number][] = [
    [1, 2, 1, 3, 0.2],
    [3, 5, 1, 2, 0.3],
    [2, 3, 3, 4, 0.35],
    [5, 6, 3, 10, 0.5],
    [5, 8, 2, 3, 0.55],
  ];
  return {
    key: 'frac.multiply',
    title: 'Multiplying fractions',
    description:
      'Multiply two fractions: numerator times numerator over denominator times denominator.',
    prerequisites: ['frac.multiply-whole', 'frac.simplify'],
    video: {
      title: 'A fraction of a fraction',
      durationSeconds: 280,
      transcript:
        'What is 2/3 of 3/4? Multiply the numerators and multiply the denominators: 2 times 3 is 6, 3 times 4 is 12, so 6/12, which simplifies to 1/2. An area model shows why: shade 3/4 of a square one way, then 2/3 of that the other way. The overlap covers 6 of the 12 little rectangles.',
    },
    reading: {
      title: 'Multiplying straight across',
      estimatedMinutes: 5,
      body: `To multiply two fractions, **multiply the numerators and multiply the denominators**:

a/b × c/d = (a × c)/(b × d)

No common denominator is needed.

**Why it works.** 2/3 × 4/5 means "2/3 of 4/5". Draw a square, split it into 5 columns and shade 4 of them (that is 4/5). Split it into 3 rows and take 2 of them. The square now has 3 × 5 = 15 small rectangles, and the part that lies in both the shaded columns and the chosen rows holds 2 × 4 = 8 of them: 8/15.

**Worked example.** Compute 3/8 × 4/9 and simplify.

1. Multiply: (3 × 4)/(8 × 9) = 12/72.
2. Simplify: GCF(12, 72) = 12, so 12/72 = **1/6**.

**Cancel first** to keep numbers small: 3 and 9 share 3, and 4 and 8 share 4, so 3/8 × 4/9 = (1 × 1)/(2 × 3) = 1/6.

**Check the size.** Multiplying by a fraction less than 1 makes a positive number smaller: 1/6 is less than both 3/8 and 4/9.`,
    },
    interactive: {
      title: 'Area model multiplier',
      description:
        'Shade columns for one fraction and rows for the other, and count the overlap to see the product.',
      estimatedMinutes: 8,
    },
    items: [
      ...table.map(([a, b, c, d, difficulty]) =>
        text({
          prompt: `Multiply ${a}/${b} × ${c}/${d}. Give the answer in simplest form, like 2/9.`,
          accepted: fractionSpellings(multiplyFractions(frac(a, b), frac(c, d))),
          difficulty,
          hints: [
            'You do not need a common denominator to multiply.',
            'Multiply the numerators together and the denominators together.',
            'Simplify by dividing the top and the bottom by their greatest common factor.',
          ],
        }),
      ),
      mc({
        prompt: 'What is 2/5 × 3/4?',
        choices: [
          { text: '3/10', correct: true },
          { text: '5/9', feedback: 'That adds the tops and the bottoms.' },
          {
            text: '8/15',
            feedback:
              'That cross-multiplies, as in division. Multiply straight across: 2 × 3 and 5 × 4.',
          },
          { text: '6/9', feedback: 'Multiply the denominators too: 5 × 4 = 20.' },
        ],
        difficulty: 0.3,
        hints: [
          'Multiply the numerators together and the denominators together.',
          '(2 × 3)/(5 × 4) = 6/20; now simplify.',
        ],
      }),
      mc({
        prompt: 'Which statement about 3/4 × 2/3 is true?',
        choices: [
          { text: 'The answer is less than 3/4.', correct: true },
          {
            text: 'The answer is more than 3/4.',
            feedback: 'Taking 2/3 of something gives less than all of it.',
          },
          { text: 'The answer is 5/7.', feedback: 'That adds the tops and the bottoms.' },
        ],
        difficulty: 0.45,
        hints: [
          '3/4 × 2/3 means 2/3 of 3/4.',
          'Is 2/3 of an amount more or less than the whole amount?',
        ],
      }),
      param({
        prompt: `Multiply {{a}}/{{b}} × {{c}}/{{d}}. ${R2}`,
        parameters: properPair,
        constraint: 'a < b and c < d',
        expression: '(a * c) / (b * d)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.4,
        hints: [
          'Multiply the numerators together and the denominators together.',
          'Divide the new numerator by the new denominator to get a decimal.',
        ],
      }),
      param({
        prompt:
          'Multiply {{a}}/{{b}} × {{c}}/{{d}} and write the answer in simplest form. Enter its denominator.',
        parameters: properPair,
        constraint: 'a < b and c < d',
        expression: '(b * d) / gcd(a * c, b * d)',
        difficulty: 0.6,
        hints: [
          'Multiply the numerators together and the denominators together.',
          'Simplify by dividing both by their greatest common factor; the new bottom number is the answer.',
        ],
      }),
      param({
        prompt: `{{a}}/{{b}} of a garden is planted with vegetables, and {{c}}/{{d}} of the vegetable part is tomatoes. What fraction of the whole garden is tomatoes? ${R2}`,
        parameters: properPair,
        constraint: 'a < b and c < d',
        expression: '(a * c) / (b * d)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.55,
        hints: [
          '"A fraction of a fraction" means multiply.',
          'Multiply the two fractions straight across, then divide to get a decimal.',
        ],
        also: ['frac.word-problems'],
      }),
    ],
  };
}

function multiplyMixed(): UnitSpec {
  const table: readonly (readonly [number, number, number, number, number, number, number])[] = [
    [1, 1, 2, 2, 1, 3, 0.4],
    [2, 1, 2, 1, 1, 3, 0.5],
    [1, 1, 4, 2, 2, 5, 0.55],
    [3, 1, 3, 1, 1, 5, 0.6],
  ];
  return {
    key: 'frac.multiply-mixed',
    title: 'Multiplying mixed numbers',
    description: 'Multiply mixed numbers by first writing them as improper fractions.',
    prerequisites: ['frac.multiply', 'frac.improper-mixed'],
    video: {
      title: 'Multiplying mixed numbers',
      durationSeconds: 260,
      transcript:
        'To multiply mixed numbers, first change them to improper fractions. 1 1/2 times 2 2/3 becomes 3/2 times 8/3, which is 24/6, or 4. Do not multiply the wholes and the fractions separately: 1 times 2 plus 1/2 times 2/3 gives 2 1/3, which misses the cross terms.',
    },
    reading: {
      title: 'Improper fractions first',
      estimatedMinutes: 5,
      body: `**Change mixed numbers to improper fractions before multiplying.** Then multiply the numerators and the denominators as usual, simplify, and change back to a mixed number if needed.

**Worked example.** Compute 2 1/4 × 1 1/3.

1. 2 1/4 = 9/4 and 1 1/3 = 4/3.
2. 9/4 × 4/3 = 36/12.
3. Simplify: 36/12 = **3**.

Cancelling first makes it easier: 9 and 3 share 3, and 4 and 4 share 4, leaving 3/1 × 1/1 = 3.

**Why not multiply the parts separately?** It is tempting to do (2 × 1) + (1/4 × 1/3) = 2 1/12. But 2 1/4 × 1 1/3 means (2 + 1/4) × (1 + 1/3), and multiplying out gives four products:

2 × 1 + 2 × 1/3 + 1/4 × 1 + 1/4 × 1/3 = 2 + 2/3 + 1/4 + 1/12 = 3.

The shortcut drops the two middle products.

**Estimate to check.** 2 1/4 is a bit more than 2 and 1 1/3 is a bit more than 1, so the product should be a bit more than 2. 3 is reasonable.`,
    },
    items: [
      ...table.map(([w, a, b, v, c, d, difficulty]) =>
        text({
          prompt: `Multiply ${w} ${a}/${b} × ${v} ${c}/${d}. Give the answer as a whole number or a mixed number in simplest form, like 2 1/3.`,
          accepted: mixedOnly(multiplyFractions(mixed(w, a, b), mixed(v, c, d))),
          difficulty,
          hints: [
            'Change each mixed number to an improper fraction first.',
            'Multiply the numerators together and the denominators together.',
            'Simplify, then write the result as a whole or mixed number.',
          ],
        }),
      ),
      text({
        prompt: 'Multiply 3 × 2 1/2. Give the answer as a mixed number, like 2 1/3.',
        accepted: mixedOnly(multiplyFractions(frac(3, 1), mixed(2, 1, 2))),
        difficulty: 0.35,
        hints: [
          'Three groups of 2 1/2.',
          'Write 2 1/2 as 5/2 and multiply by 3, or add 2 1/2 three times.',
        ],
      }),
      mc({
        prompt: 'What is 1 1/2 × 1 1/2?',
        choices: [
          { text: '2 1/4', correct: true },
          {
            text: '1 1/4',
            feedback:
              'Multiplying the wholes (1 × 1) and the fractions (1/2 × 1/2) separately misses the middle products.',
          },
          { text: '3', feedback: 'That is 1 1/2 + 1 1/2; the question asks for a product.' },
          { text: '2 1/2', feedback: 'Write both as 3/2: 3/2 × 3/2 = 9/4.' },
        ],
        difficulty: 0.45,
        hints: [
          'Write 1 1/2 as an improper fraction.',
          '3/2 × 3/2 = 9/4; write it as a mixed number.',
        ],
      }),
      mc({
        prompt: 'Which is the best estimate of 4 7/8 × 2 1/10?',
        choices: [
          { text: '10', correct: true },
          { text: '8', feedback: '4 7/8 is almost 5, not 4.' },
          { text: '7', feedback: 'That estimate adds instead of multiplying.' },
          { text: '15', feedback: '2 1/10 is close to 2, not 3.' },
        ],
        difficulty: 0.35,
        hints: [
          'Round each mixed number to the nearest whole number.',
          '4 7/8 is about 5 and 2 1/10 is about 2.',
        ],
      }),
      param({
        prompt: `Multiply {{w}} {{a}}/{{b}} × {{n}}. ${R2}`,
        parameters: { w: [1, 5], a: [1, 7], b: [2, 8], n: [2, 9] },
        constraint: 'a < b',
        expression: '(w + a / b) * n',
        tolerance: ROUNDED_2DP,
        difficulty: 0.45,
        hints: [
          'Write the mixed number as an improper fraction, or multiply the whole part and the fraction part separately and add.',
          'Multiply, then divide to get a decimal.',
        ],
      }),
      param({
        prompt: `Multiply {{w}} {{a}}/{{b}} × {{v}} {{c}}/{{d}}. ${R2}`,
        parameters: { w: [1, 4], v: [1, 4], a: [1, 5], b: [2, 6], c: [1, 5], d: [2, 6] },
        constraint: 'a < b and c < d',
        expression: '(w + a / b) * (v + c / d)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.6,
        hints: [
          'Change each mixed number to an improper fraction first.',
          'Multiply straight across, then divide to get a decimal.',
        ],
      }),
    ],
  };
}

function reciprocal(): UnitSpec {
  const rows: readonly { prompt: string; value: Fraction; difficulty: number; hints: string[] }[] =
    [
      {
        prompt: 'What is the reciprocal of 3/8? Write it like 7/4.',
        value: frac(8, 3),
        difficulty: 0.15,
        hints: ['Reciprocals multiply to 1.', 'Swap the numerator and the denominator.'],
      },
      {
        prompt: 'What is the reciprocal of 5? Write it as a fraction, like 1/4.',
        value: frac(1, 5),
        difficulty: 0.2,
        hints: [
          'Write 5 as a fraction first.',
          '5 = 5/1. Now swap the numerator and the denominator.',
        ],
      },
      {
        prompt: 'What is the reciprocal of 1/7? Write it as a whole number.',
        value: frac(7, 1),
        difficulty: 0.25,
        hints: [
          'Swap the numerator and the denominator.',
          '1/7 flipped is 7/1. What whole number is that?',
        ],
      },
      {
        prompt: 'What is the reciprocal of 9/4? Write it like 2/9.',
        value: frac(4, 9),
        difficulty: 0.3,
        hints: ['Reciprocals multiply to 1.', 'Swap the numerator and the denominator.'],
      },
      {
        prompt: 'What is the reciprocal of 1 2/3? Write it like 2/9.',
        value: frac(3, 5),
        difficulty: 0.55,
        hints: [
          'Change the mixed number to an improper fraction first.',
          '1 2/3 = 5/3. Now swap the numerator and the denominator.',
        ],
      },
    ];
  return {
    key: 'frac.reciprocal',
    title: 'Reciprocals',
    description: 'Find the reciprocal of a fraction, whole number or mixed number.',
    prerequisites: ['frac.multiply'],
    video: {
      title: 'Flip it: reciprocals',
      durationSeconds: 190,
      transcript:
        'Two numbers are reciprocals when their product is 1. Flip a fraction to get its reciprocal: the reciprocal of 3/5 is 5/3, because 3/5 times 5/3 is 15/15, which is 1. A whole number like 4 is 4/1, so its reciprocal is 1/4. Zero has no reciprocal: nothing times 0 gives 1.',
    },
    reading: {
      title: 'Numbers that multiply to 1',
      estimatedMinutes: 4,
      body: `Two numbers are **reciprocals** (multiplicative inverses) when their product is **1**.

**To find the reciprocal of a fraction, swap the numerator and the denominator.**

- The reciprocal of 2/7 is 7/2, because 2/7 × 7/2 = 14/14 = 1.
- A whole number n is n/1, so its reciprocal is 1/n. The reciprocal of 6 is 1/6.
- A unit fraction 1/n has reciprocal n. The reciprocal of 1/9 is 9.
- **0 has no reciprocal**: 0 times any number is 0, never 1.

**Worked example.** Find the reciprocal of 2 3/4.

1. Change the mixed number to an improper fraction: 2 3/4 = 11/4.
2. Swap: the reciprocal is **4/11**.
3. Check: 11/4 × 4/11 = 44/44 = 1.

Note that the reciprocal of 2 3/4 is *not* 2 4/3: always convert a mixed number to an improper fraction before flipping.

Reciprocals are the key to dividing fractions: dividing by a number is the same as multiplying by its reciprocal.`,
    },
    items: [
      ...rows.map((r) =>
        text({
          prompt: r.prompt,
          accepted: [
            ...fractionSpellings(r.value, { mixed: false }),
            ...(r.value.d === 1 ? [`${r.value.n}/1`] : []),
          ],
          difficulty: r.difficulty,
          hints: r.hints,
        }),
      ),
      mc({
        prompt: 'What is the reciprocal of 0?',
        choices: [
          { text: '0 has no reciprocal.', correct: true },
          { text: '0', feedback: '0 × 0 = 0, not 1.' },
          { text: '1', feedback: '0 × 1 = 0, not 1.' },
          { text: '1/0', feedback: 'Dividing by 0 is undefined, so 1/0 is not a number.' },
        ],
        difficulty: 0.5,
        hints: [
          'A number times its reciprocal must equal 1.',
          'What do you get when you multiply 0 by any number?',
        ],
      }),
      mc({
        prompt: 'Which pair of numbers are reciprocals?',
        choices: [
          { text: '4/5 and 5/4', correct: true },
          { text: '4/5 and −4/5', feedback: 'Those add to 0. Reciprocals multiply to 1.' },
          { text: '4/5 and 1/5', feedback: '4/5 × 1/5 = 4/25, not 1.' },
          { text: '4/5 and 4/5', feedback: '4/5 × 4/5 = 16/25, not 1.' },
        ],
        difficulty: 0.2,
        hints: ['Reciprocals multiply to 1.', 'Multiply each pair and see which gives 1.'],
      }),
      mc({
        prompt: 'The product of a non-zero number and its reciprocal is always…',
        choices: [
          { text: '1', correct: true },
          { text: '0', feedback: 'Numbers that add to 0 are opposites, not reciprocals.' },
          {
            text: 'the number itself',
            feedback: 'Only multiplying by 1 leaves a number unchanged.',
          },
          { text: '2', feedback: 'Try it: 2/3 × 3/2 = 6/6.' },
        ],
        difficulty: 0.15,
        hints: ['Try an example: 2/3 × 3/2.', 'Multiply straight across: 6/6. What is that?'],
      }),
      param({
        prompt: `What is the reciprocal of {{a}}/{{b}}? ${R2}`,
        parameters: { a: [1, 9], b: [2, 12] },
        constraint: 'a != b and gcd(a, b) == 1',
        expression: 'b / a',
        tolerance: ROUNDED_2DP,
        difficulty: 0.3,
        hints: [
          'Swap the numerator and the denominator.',
          'Divide the new numerator by the new denominator to get a decimal.',
        ],
      }),
      param({
        prompt: `What is the reciprocal of {{w}} {{a}}/{{b}}? ${R2}`,
        parameters: { w: [1, 5], a: [1, 7], b: [2, 8] },
        constraint: 'a < b',
        expression: 'b / (w * b + a)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.55,
        hints: [
          'Change the mixed number to an improper fraction first.',
          'Swap its numerator and denominator, then divide to get a decimal.',
        ],
      }),
    ],
  };
}

function divide(): UnitSpec {
  const table: readonly [number, number, number, number, number][] = [
    [1, 2, 1, 4, 0.3],
    [2, 3, 1, 6, 0.4],
    [3, 4, 1, 2, 0.45],
    [2, 5, 4, 7, 0.5],
    [5, 6, 2, 9, 0.6],
  ];
  return {
    key: 'frac.divide',
    title: 'Dividing fractions',
    description:
      'Divide by a fraction by multiplying by its reciprocal, and interpret the quotient.',
    prerequisites: ['frac.reciprocal'],
    video: {
      title: 'How many fit? Dividing fractions',
      durationSeconds: 330,
      transcript:
        'How many 1/4-cup scoops fit in 3/4 of a cup? Three. That is 3/4 divided by 1/4. The rule: keep the first fraction, change division to multiplication, and flip the second fraction. 3/4 divided by 1/4 becomes 3/4 times 4/1, which is 12/4, or 3. Dividing by a fraction less than 1 gives a bigger answer, because many small pieces fit.',
    },
    reading: {
      title: 'Keep, change, flip',
      estimatedMinutes: 5,
      body: `**To divide by a fraction, multiply by its reciprocal.**

a/b ÷ c/d = a/b × d/c

A common way to remember it: **keep** the first fraction, **change** ÷ to ×, **flip** the second fraction.

**What division means.** 2 ÷ 1/3 asks "how many thirds fit in 2?" Each whole holds 3 thirds, so 2 holds 6: 2 ÷ 1/3 = 2 × 3 = 6. Dividing by a number less than 1 gives an answer *larger* than the number you started with.

**Worked example.** Compute 5/6 ÷ 2/9.

1. Keep 5/6, change to ×, flip 2/9 to 9/2: 5/6 × 9/2.
2. Multiply: 45/12.
3. Simplify: GCF(45, 12) = 3, so 45/12 = 15/4 = **3 3/4**.

Check: 15/4 × 2/9 = 30/36 = 5/6.

**Careful:** flip the *second* fraction (the divisor), not the first. Flipping the first gives 6/5 × 2/9 = 12/45, a different number.`,
    },
    items: [
      ...table.map(([a, b, c, d, difficulty]) =>
        text({
          prompt: `Divide ${a}/${b} ÷ ${c}/${d}. Give the answer in simplest form: a whole number, a fraction like 2/9 or 7/4, or a mixed number like 1 3/4.`,
          accepted: fractionSpellings(divideFractions(frac(a, b), frac(c, d))),
          difficulty,
          hints: [
            'Dividing by a fraction is the same as multiplying by its reciprocal.',
            'Keep the first fraction, change ÷ to ×, and flip the second fraction.',
            'Multiply straight across, then simplify.',
          ],
        }),
      ),
      mc({
        prompt: 'What is 3/5 ÷ 1/2?',
        choices: [
          { text: '6/5', correct: true },
          {
            text: '3/10',
            feedback: 'You multiplied by 1/2 instead of dividing. Flip the divisor: 3/5 × 2/1.',
          },
          { text: '5/6', feedback: 'You flipped the first fraction instead of the second.' },
          {
            text: '3/7',
            feedback: 'Division does not add the denominators. Multiply by the reciprocal of 1/2.',
          },
        ],
        difficulty: 0.35,
        hints: ['What is the reciprocal of 1/2?', 'Compute 3/5 × 2/1.'],
      }),
      mc({
        prompt: 'Without calculating, is 4 ÷ 2/3 more or less than 4?',
        choices: [
          { text: 'More than 4', correct: true },
          {
            text: 'Less than 4',
            feedback:
              'Dividing by a number less than 1 gives a larger answer: more than 4 pieces of size 2/3 fit in 4.',
          },
          { text: 'Equal to 4', feedback: 'Only dividing by 1 leaves a number unchanged.' },
        ],
        difficulty: 0.45,
        hints: [
          '4 ÷ 2/3 asks how many pieces of size 2/3 fit into 4.',
          'Each piece is smaller than 1. Do more or fewer than 4 of them fit?',
        ],
      }),
      param({
        prompt: `Divide {{a}}/{{b}} ÷ {{c}}/{{d}}. ${R2}`,
        parameters: properPair,
        constraint: 'a < b and c < d',
        expression: '(a * d) / (b * c)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.5,
        hints: [
          'Multiply the first fraction by the reciprocal of the second.',
          'Multiply straight across, then divide to get a decimal.',
        ],
      }),
      param({
        prompt:
          'How many pieces of size {{c}}/{{d}} fit exactly into {{n}}? The answer is a whole number.',
        parameters: { n: [1, 6], c: [1, 5], d: [2, 8] },
        constraint: 'c < d and mod(n * d, c) == 0',
        expression: 'n * d / c',
        difficulty: 0.45,
        hints: [
          '"How many fit" is a division: the whole number divided by the fraction.',
          'Multiply the whole number by the reciprocal of the fraction.',
        ],
      }),
      param({
        prompt:
          'You have {{n}} cups of flour. Each batch of muffins needs {{a}}/{{b}} cup. How many full batches can you make?',
        parameters: { n: [2, 8], a: [1, 3], b: [2, 4] },
        constraint: 'a < b',
        expression: 'floor(n * b / a)',
        unit: 'batches',
        difficulty: 0.6,
        hints: [
          'How many times does the amount for one batch fit into the flour you have? That is a division.',
          'Divide the cups of flour by the fraction per batch (multiply by its reciprocal), then round down to count only full batches.',
        ],
        also: ['frac.word-problems'],
      }),
    ],
  };
}

function divideMixed(): UnitSpec {
  const rows: readonly { shown: string; x: Fraction; y: Fraction; difficulty: number }[] = [
    { shown: '3 1/2 ÷ 1 3/4', x: mixed(3, 1, 2), y: mixed(1, 3, 4), difficulty: 0.5 },
    { shown: '2 1/4 ÷ 3', x: mixed(2, 1, 4), y: frac(3, 1), difficulty: 0.45 },
    { shown: '1 1/3 ÷ 2 2/3', x: mixed(1, 1, 3), y: mixed(2, 2, 3), difficulty: 0.55 },
    { shown: '4 2/3 ÷ 2', x: mixed(4, 2, 3), y: frac(2, 1), difficulty: 0.5 },
  ];
  return {
    key: 'frac.divide-mixed',
    title: 'Dividing with mixed and whole numbers',
    description: 'Divide mixed numbers and whole numbers by rewriting them as fractions first.',
    prerequisites: ['frac.divide', 'frac.improper-mixed'],
    video: {
      title: 'Dividing mixed numbers',
      durationSeconds: 280,
      transcript:
        'To divide 3 1/2 by 1 3/4, write both as improper fractions, 7/2 and 7/4, then multiply by the reciprocal: 7/2 times 4/7 is 28/14, which is 2. Two pieces of 1 3/4 make 3 1/2. With a whole number, write it over 1: 6 divided by 3/4 is 6/1 times 4/3, which is 8.',
    },
    reading: {
      title: 'Prepare, then divide',
      estimatedMinutes: 5,
      body: `Dividing with mixed numbers and whole numbers uses the same rule as dividing fractions. Prepare the numbers first:

1. Write every **mixed number as an improper fraction**.
2. Write every **whole number over 1**.
3. **Multiply by the reciprocal** of the divisor, then simplify.

**Worked example 1.** 4 1/2 ÷ 1 1/2.

4 1/2 = 9/2 and 1 1/2 = 3/2. So 9/2 × 2/3 = 18/6 = **3**. Three pieces of 1 1/2 make 4 1/2.

**Worked example 2.** 2 2/3 ÷ 4.

2 2/3 = 8/3 and 4 = 4/1. So 8/3 × 1/4 = 8/12 = **2/3**. Sharing 2 2/3 pizzas among 4 people gives each 2/3 of a pizza.

**Worked example 3.** 5 ÷ 1 1/4.

5 = 5/1 and 1 1/4 = 5/4, so 5/1 × 4/5 = 20/5 = **4**.

**Estimate first:** 4 1/2 ÷ 1 1/2 is somewhere between 4 ÷ 2 = 2 and 5 ÷ 1 = 5, so the answer 3 is reasonable.`,
    },
    items: [
      ...rows.map((r) =>
        text({
          prompt: `Divide ${r.shown}. Give the answer in simplest form: a whole number, a fraction like 2/9, or a mixed number like 1 3/4.`,
          accepted: fractionSpellings(divideFractions(r.x, r.y)),
          difficulty: r.difficulty,
          hints: [
            'Write mixed numbers as improper fractions and whole numbers over 1.',
            'Multiply the first number by the reciprocal of the second.',
            'Simplify, and write the result as a whole or mixed number.',
          ],
        }),
      ),
      mc({
        prompt: 'What is 6 ÷ 1 1/2?',
        choices: [
          { text: '4', correct: true },
          { text: '9', feedback: 'That is 6 × 1 1/2.' },
          { text: '6 1/2', feedback: 'Write 1 1/2 as 3/2, then multiply 6 by 2/3.' },
          { text: '1/4', feedback: 'That is 1 1/2 ÷ 6, the division done backwards.' },
        ],
        difficulty: 0.4,
        hints: [
          'How many pieces of 1 1/2 fit into 6?',
          'Write 1 1/2 as 3/2 and multiply 6 by 2/3.',
        ],
      }),
      mc({
        prompt: 'Sam works out 2 1/2 ÷ 1/2 as 2 × 2 + 1/2 = 4 1/2. What is the correct answer?',
        choices: [
          { text: '5', correct: true },
          { text: '4 1/2', feedback: 'Write 2 1/2 as 5/2 first: 5/2 × 2/1 = 5.' },
          { text: '1 1/4', feedback: 'That multiplies by 1/2 instead of dividing.' },
          { text: '2', feedback: 'How many halves are in 2 1/2? Count them.' },
        ],
        difficulty: 0.5,
        hints: [
          'How many halves are in 2 1/2?',
          'Write 2 1/2 as an improper fraction, then multiply by the reciprocal of 1/2.',
        ],
      }),
      num({
        prompt:
          'A rope 7 1/2 feet long is cut into pieces that are each 1 1/4 feet long. How many pieces are there?',
        value: 6,
        unit: 'pieces',
        difficulty: 0.55,
        hints: [
          'How many pieces of 1 1/4 feet fit into 7 1/2 feet? That is a division.',
          'Write 7 1/2 = 15/2 and 1 1/4 = 5/4, then multiply 15/2 by 4/5.',
        ],
        also: ['frac.word-problems'],
      }),
      param({
        prompt: `Divide {{w}} {{a}}/{{b}} ÷ {{n}}. ${R2}`,
        parameters: { w: [1, 9], a: [1, 7], b: [2, 8], n: [2, 9] },
        constraint: 'a < b',
        expression: '(w + a / b) / n',
        tolerance: ROUNDED_2DP,
        difficulty: 0.5,
        hints: [
          'Write the mixed number as an improper fraction and the whole number over 1.',
          'Multiply by the reciprocal of the whole number, then divide to get a decimal.',
        ],
      }),
      param({
        prompt: `Divide {{w}} {{a}}/{{b}} ÷ {{v}} {{c}}/{{d}}. ${R2}`,
        parameters: { w: [1, 5], v: [1, 5], a: [1, 5], b: [2, 6], c: [1, 5], d: [2, 6] },
        constraint: 'a < b and c < d',
        expression: '(w + a / b) / (v + c / d)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.65,
        hints: [
          'Write both mixed numbers as improper fractions.',
          'Multiply the first by the reciprocal of the second, then divide to get a decimal.',
        ],
      }),
    ],
  };
}

/** Units 13–25: the four operations on fractions and mixed numbers. */
export function operationUnits(): UnitSpec[] {
  return [
    addLike(),
    subtractLike(),
    addUnlike(),
    subtractUnlike(),
    improperMixed(),
    addMixed(),
    subtractMixed(),
    multiplyWhole(),
    multiply(),
    multiplyMixed(),
    reciprocal(),
    divide(),
    divideMixed(),
  ];
}
