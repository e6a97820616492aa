/**
 * Demo course, part 1: what a fraction is, factors and multiples, equivalence, simplifying,
 * common denominators, comparing and ordering.
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
import { frac, fractionSpellings, listSpellings } from './fraction-text.js';

const spell = (n: number, d: number) => fractionSpellings(frac(n, d));

function meaning(): UnitSpec {
  return {
    key: 'frac.meaning',
    title: 'What a fraction means',
    description:
      'A fraction names equal parts of a whole: the denominator counts the equal parts in the whole, the numerator counts the parts taken.',
    prerequisites: [],
    video: {
      title: 'What is a fraction?',
      durationSeconds: 240,
      transcript:
        'Cut a sandwich into four equal pieces and eat three. You ate three fourths, written 3/4. The bottom number, the denominator, says how many equal pieces make the whole. The top number, the numerator, says how many of those pieces we are talking about. The pieces must be equal: a sandwich cut into one big piece and three small ones is not cut into fourths.',
    },
    reading: {
      title: 'Numerator and denominator',
      estimatedMinutes: 4,
      body: `A **fraction** describes part of a whole that has been split into **equal** parts.

In the fraction 3/5:

- the **denominator** (bottom number, 5) tells how many equal parts make one whole;
- the **numerator** (top number, 3) tells how many of those parts we are counting.

The parts must be the same size. If a cake is cut into 5 pieces of different sizes, one piece is *not* 1/5 of the cake.

**Worked example.** A chocolate bar has 8 equal squares. Lena eats 3 of them. What fraction did she eat, and what fraction is left?

1. The whole is the bar, split into 8 equal squares, so the denominator is 8.
2. She ate 3 squares, so she ate 3/8 of the bar.
3. 8 − 3 = 5 squares are left, so 5/8 of the bar is left.

Check: 3/8 + 5/8 = 8/8, which is one whole bar.

A fraction whose numerator equals its denominator, such as 8/8, is equal to 1. A fraction with numerator 0, such as 0/8, is equal to 0.`,
    },
    interactive: {
      title: 'Fraction bars',
      description:
        'Split a bar into equal parts, shade some of them and watch the fraction change.',
      estimatedMinutes: 6,
    },
    items: [
      mc({
        prompt: 'In the fraction 5/8, what does the 8 tell you?',
        choices: [
          { text: 'The whole is split into 8 equal parts.', correct: true },
          {
            text: '8 parts are shaded.',
            feedback:
              'The number of parts taken is the numerator (top). The bottom number counts the parts in the whole.',
          },
          {
            text: 'There are 8 wholes.',
            feedback: 'A fraction describes parts of one whole; 8 is the number of equal parts.',
          },
          {
            text: 'The fraction is bigger than 5.',
            feedback: '5/8 is less than 1. The 8 is the number of equal parts in the whole.',
          },
        ],
        difficulty: 0.1,
        hints: [
          'The bottom number of a fraction has a special name: the denominator.',
          'The denominator tells how many equal parts make one whole.',
        ],
      }),
      mc({
        prompt:
          'A rectangle is split into 6 equal parts and 1 part is shaded. What fraction is shaded?',
        choices: [
          { text: '1/6', correct: true },
          {
            text: '1/5',
            feedback:
              'You compared shaded parts with unshaded parts. Compare shaded parts with all the parts.',
          },
          { text: '6/1', feedback: 'The number of parts in the whole goes on the bottom.' },
          { text: '5/6', feedback: '5/6 is the unshaded part.' },
        ],
        difficulty: 0.15,
        hints: [
          'Count all the equal parts first: that is the denominator.',
          'Shaded parts go on top: shaded parts / all parts.',
        ],
      }),
      mc({
        prompt:
          'A pizza is cut into 4 pieces: one half of the pizza and three smaller pieces. Tom takes the half. Why is it wrong to say Tom took 1/4 of the pizza?',
        choices: [
          { text: 'The 4 pieces are not equal in size.', correct: true },
          { text: 'Tom took more than one piece.', feedback: 'Tom took exactly one piece.' },
          {
            text: 'A pizza cannot be split into fractions.',
            feedback: 'Any whole can be split into equal parts.',
          },
          {
            text: 'It should be written 4/1.',
            feedback: '4/1 means 4 wholes. The question is about whether the pieces are equal.',
          },
        ],
        difficulty: 0.35,
        hints: [
          'Fractions like 1/4 need the whole to be cut in a special way.',
          'For fourths, all 4 pieces must be the same size. Are they here?',
        ],
      }),
      text({
        prompt:
          'A bag has 7 marbles of the same size: 2 are red and 5 are green. What fraction of the marbles are green? Write it like 2/9.',
        accepted: spell(5, 7),
        difficulty: 0.25,
        hints: [
          'How many marbles are there in total? That is the denominator.',
          'Green marbles go on top: green marbles / all marbles.',
        ],
      }),
      text({
        prompt:
          'A cake is cut into 9 equal slices and all 9 slices are still on the plate. Write the fraction of the cake on the plate with denominator 9, like 2/9.',
        accepted: ['9/9', '9 / 9'],
        difficulty: 0.3,
        hints: [
          'Count the slices on the plate and the slices in the whole cake.',
          'Write slices on the plate over slices in the whole cake.',
        ],
      }),
      num({
        prompt: 'In the fraction 7/12, what is the numerator?',
        value: 7,
        difficulty: 0.05,
        hints: [
          'The numerator is one of the two numbers in the fraction.',
          'The numerator is the top number.',
        ],
      }),
      mc({
        prompt: 'What is the value of 0/5?',
        choices: [
          { text: '0', correct: true },
          { text: '5', feedback: '0/5 means 0 of 5 equal parts are taken.' },
          { text: '1/5', feedback: '1/5 would be one part; here no parts are taken.' },
          {
            text: 'It has no value.',
            feedback: 'Dividing 0 by a number is fine; only dividing by 0 has no value.',
          },
        ],
        difficulty: 0.4,
        hints: [
          'The numerator says how many parts are taken. How many is that here?',
          'If you take 0 of the 5 equal parts, how much do you have?',
        ],
      }),
      param({
        prompt:
          'A fraction bar is split into {{d}} equal parts and {{n}} of them are shaded. The unshaded part is ?/{{d}} of the bar. Enter the missing numerator.',
        parameters: { d: [3, 12], n: [1, 11] },
        constraint: 'n < d',
        expression: 'd - n',
        difficulty: 0.2,
        hints: [
          'The shaded parts and the unshaded parts together make all the parts.',
          'Subtract the number of shaded parts from the total number of parts.',
        ],
      }),
      param({
        prompt:
          'Each pizza is cut into {{d}} equal slices. How many slices are in {{w}} whole pizzas?',
        parameters: { d: [2, 12], w: [2, 6] },
        expression: 'w * d',
        difficulty: 0.3,
        hints: [
          'One whole pizza has as many slices as the denominator.',
          'Multiply the number of pizzas by the number of slices in each pizza.',
        ],
      }),
    ],
  };
}

function unitFractions(): UnitSpec {
  return {
    key: 'frac.unit-fractions',
    title: 'Unit fractions',
    description:
      'Unit fractions (numerator 1) are one equal part of a whole; every fraction is a count of unit fractions.',
    prerequisites: ['frac.meaning'],
    video: {
      title: 'Unit fractions: the building blocks',
      durationSeconds: 200,
      transcript:
        'A unit fraction has numerator 1, like 1/2, 1/3 or 1/10. It is one equal part of a whole. Every other fraction is built from unit fractions: 3/5 is 1/5 + 1/5 + 1/5. And here is a surprise: the bigger the denominator, the smaller the piece. 1/10 of a pizza is smaller than 1/3 of the same pizza, because the pizza is shared among more people.',
    },
    reading: {
      title: 'One piece at a time',
      estimatedMinutes: 4,
      body: `A **unit fraction** has a numerator of 1: 1/2, 1/3, 1/8, 1/100. It names exactly one of the equal parts of a whole.

Unit fractions are building blocks. Any fraction is a count of unit fractions:

- 3/5 = 1/5 + 1/5 + 1/5 (three fifths);
- 7/4 is seven copies of 1/4.

**Bigger denominator, smaller piece.** If you share one pizza among 3 people, each gets 1/3. Share the same pizza among 8 people and each gets 1/8, a smaller slice. So 1/8 < 1/3, even though 8 > 3.

**Worked example.** Which is larger, 1/6 or 1/9? And how many ninths make a whole?

1. Both are unit fractions of the same whole.
2. Sixths come from cutting the whole into 6 parts, ninths from cutting it into 9 parts. Fewer parts means bigger parts.
3. So 1/6 > 1/9.
4. A whole cut into 9 equal parts has 9 of them, so 9 copies of 1/9 make 1: 9/9 = 1.

Remember: comparing unit fractions works backwards from comparing whole numbers.`,
    },
    items: [
      mc({
        prompt: 'Which of these is a unit fraction?',
        choices: [
          { text: '1/7', correct: true },
          {
            text: '7/1',
            feedback: '7/1 equals 7, a whole number. A unit fraction has numerator 1.',
          },
          { text: '2/7', feedback: '2/7 is made of two unit fractions: 1/7 + 1/7.' },
          { text: '7/7', feedback: '7/7 is one whole.' },
        ],
        difficulty: 0.1,
        hints: [
          'Unit fractions have a special numerator.',
          'Look for the fraction whose numerator is 1.',
        ],
      }),
      mc({
        prompt: 'Which is larger: 1/5 or 1/8 of the same whole?',
        choices: [
          { text: '1/5', correct: true },
          {
            text: '1/8',
            feedback:
              '8 is bigger than 5, but cutting a whole into 8 parts makes smaller parts than cutting it into 5.',
          },
          {
            text: 'They are equal.',
            feedback: 'Both are one piece, but the pieces have different sizes.',
          },
        ],
        difficulty: 0.3,
        hints: [
          'Imagine sharing one pizza among 5 friends, then among 8 friends.',
          'The more equal parts a whole is cut into, the smaller each part is.',
        ],
      }),
      mc({
        prompt: '3/8 is the same as how many copies of 1/8?',
        choices: [
          { text: '3', correct: true },
          { text: '8', feedback: '8 copies of 1/8 make a whole, 8/8.' },
          { text: '5', feedback: '5 is how many eighths are missing to make a whole.' },
          { text: '11', feedback: 'Do not add the numerator and the denominator.' },
        ],
        difficulty: 0.2,
        hints: [
          '3/8 is read "three eighths".',
          'The numerator counts how many copies of the unit fraction 1/8 there are.',
        ],
      }),
      text({
        prompt:
          'Write 1/6 + 1/6 + 1/6 + 1/6 + 1/6 as a single fraction, like 2/9. Do not simplify.',
        accepted: ['5/6', '5 / 6'],
        difficulty: 0.2,
        hints: [
          'Each term is one sixth.',
          'Count the sixths: that count is the numerator, and the denominator stays 6.',
        ],
      }),
      text({
        prompt:
          'Order 1/3, 1/10 and 1/2 from smallest to largest. Separate them with commas, like 1/4, 1/5, 1/6.',
        accepted: listSpellings(['1/10', '1/3', '1/2']),
        difficulty: 0.45,
        hints: [
          'All three are unit fractions of the same whole.',
          'The largest denominator gives the smallest piece, so list the denominators from largest to smallest.',
        ],
      }),
      mc({
        prompt:
          'Sam says that 1/4 of a small pizza and 1/4 of a large pizza are the same amount of pizza. Is he right?',
        choices: [
          { text: 'No: 1/4 of a larger whole is a larger amount.', correct: true },
          {
            text: 'Yes: 1/4 is always the same amount.',
            feedback:
              'A fraction is always a fraction of some whole. If the wholes differ, so do the amounts.',
          },
          {
            text: 'No: 1/4 of the small pizza is larger.',
            feedback: 'One fourth of something smaller is smaller.',
          },
        ],
        difficulty: 0.55,
        hints: [
          'A fraction is always a fraction of some whole.',
          'Compare the wholes: if one whole is bigger, what happens to one fourth of it?',
        ],
      }),
      num({
        prompt: 'How many copies of 1/12 make 1 whole?',
        value: 12,
        difficulty: 0.15,
        hints: [
          'A whole split into twelfths has how many parts?',
          'Copies of a unit fraction make 1 when there are as many copies as the denominator.',
        ],
      }),
      param({
        prompt: 'How many copies of 1/{{d}} make {{w}} wholes?',
        parameters: { d: [2, 12], w: [2, 6] },
        expression: 'w * d',
        difficulty: 0.35,
        hints: [
          'First think: how many copies of the unit fraction make one whole?',
          'One whole takes as many copies as the denominator; multiply that by the number of wholes.',
        ],
      }),
      param({
        prompt:
          'You have {{n}} pieces of ribbon, each 1/{{d}} of the whole ribbon. How many more pieces of the same size do you need to make the whole ribbon?',
        parameters: { d: [3, 12], n: [1, 11] },
        constraint: 'n < d',
        expression: 'd - n',
        difficulty: 0.3,
        hints: [
          'How many of these pieces make one whole ribbon? Look at the denominator.',
          'Subtract the pieces you already have from the number of pieces in a whole.',
        ],
      }),
    ],
  };
}

function numberLine(): UnitSpec {
  return {
    key: 'frac.number-line',
    title: 'Fractions on the number line',
    description:
      'Place fractions, including fractions greater than 1, on a number line by counting equal steps.',
    prerequisites: ['frac.meaning', 'frac.unit-fractions'],
    video: {
      title: 'Fractions live on the number line',
      durationSeconds: 260,
      transcript:
        'A fraction is a number, so it has a place on the number line. To find 3/4, split the segment from 0 to 1 into 4 equal jumps. Each jump is 1/4. Count 3 jumps from 0 and you are at 3/4. Keep going past 1 and you reach 5/4, 6/4 and so on: fractions can be bigger than 1.',
    },
    reading: {
      title: 'Placing fractions on a number line',
      estimatedMinutes: 4,
      body: `Every fraction is a **number** with a place on the number line.

To place a fraction n/d:

1. Split the segment from 0 to 1 into d equal parts. Each part has length 1/d.
2. Starting at 0, count n parts to the right.

The same equal steps continue past 1, so fractions greater than 1 (such as 5/4) fit on the line too. Every whole number can be written with the same denominator: 1 = 4/4, 2 = 8/4.

**Worked example.** Place 7/3 on a number line.

1. The denominator is 3, so split each whole into 3 equal parts; each step is 1/3.
2. Count 7 steps from 0: 1/3, 2/3, 3/3 (= 1), 4/3, 5/3, 6/3 (= 2), 7/3.
3. So 7/3 is one step past 2, between 2 and 3, and closer to 2.

The number line also lets you compare: of two fractions, the one farther to the right is larger.`,
    },
    interactive: {
      title: 'Number line explorer',
      description: 'Drag a point along a number line split into equal parts and read its fraction.',
      estimatedMinutes: 5,
    },
    items: [
      mc({
        prompt:
          'A number line from 0 to 1 is split into 5 equal parts. Which fraction is at the second tick mark after 0?',
        choices: [
          { text: '2/5', correct: true },
          { text: '1/2', feedback: 'The segment is split into 5 parts, not 2 parts.' },
          {
            text: '2/6',
            feedback:
              'There are 6 tick marks counting 0 and 1, but only 5 equal parts. Count the parts, not the marks.',
          },
          { text: '5/2', feedback: 'The number of equal parts goes on the bottom.' },
        ],
        difficulty: 0.3,
        hints: [
          'Each equal part of the segment from 0 to 1 has the same length.',
          'With 5 equal parts, each step is 1/5. Count the steps from 0.',
        ],
      }),
      mc({
        prompt: 'Between which two whole numbers is 9/4?',
        choices: [
          { text: '2 and 3', correct: true },
          { text: '9 and 10', feedback: '9/4 is nine fourths, not nine wholes.' },
          { text: '1 and 2', feedback: '8/4 = 2, so 9/4 is past 2.' },
          {
            text: '0 and 1',
            feedback:
              'A fraction whose numerator is larger than its denominator is greater than 1.',
          },
        ],
        difficulty: 0.45,
        hints: [
          'Write some whole numbers as fourths: 1 = 4/4, 2 = 8/4, 3 = 12/4.',
          'Find the two multiples of 4 that 9 falls between.',
        ],
      }),
      mc({
        prompt: 'Which of these points is farthest to the right on a number line?',
        choices: [
          { text: '5/6', correct: true },
          { text: '1/2', feedback: '1/2 is half a whole away from 1; 5/6 is only 1/6 away.' },
          { text: '2/3', feedback: '2/3 is 1/3 away from 1; 5/6 is only 1/6 away.' },
          { text: '3/4', feedback: '3/4 is 1/4 away from 1; 5/6 is only 1/6 away.' },
        ],
        difficulty: 0.55,
        hints: [
          'Farther to the right means larger.',
          'Each of these fractions is exactly one piece short of 1. The smaller the missing piece, the closer the fraction is to 1.',
        ],
      }),
      text({
        prompt:
          'A number line from 0 to 1 is split into 8 equal parts. What fraction is at the 3rd tick mark after 0? Write it like 2/9.',
        accepted: spell(3, 8),
        difficulty: 0.25,
        hints: [
          'How many equal parts is the segment from 0 to 1 split into?',
          'Each step is 1/8; count three steps from 0.',
        ],
      }),
      text({
        prompt: 'Write the whole number 3 as a fraction with denominator 2, like 2/9.',
        accepted: ['6/2', '6 / 2'],
        difficulty: 0.4,
        hints: [
          'How many halves are in 1 whole?',
          'There are 2 halves in each whole; count the halves in 3 wholes.',
        ],
      }),
      num({
        prompt:
          'On a number line where each whole is split into thirds, how many steps of 1/3 are there from 0 to 2?',
        value: 6,
        difficulty: 0.3,
        hints: [
          'How many thirds make 1?',
          'Each whole has 3 steps; two wholes have twice as many.',
        ],
      }),
      mc({
        prompt: 'Where is 3/5 on the number line?',
        choices: [
          { text: 'Between 1/2 and 1', correct: true },
          { text: 'Between 0 and 1/2', feedback: 'Half of 5 is 2.5, and 3 is more than 2.5.' },
          { text: 'Between 1 and 2', feedback: '3/5 is less than 5/5, which is 1.' },
          { text: 'Exactly at 1/2', feedback: '1/2 would need a numerator of 2.5 out of 5.' },
        ],
        difficulty: 0.45,
        hints: [
          'Compare 3/5 with 1/2 and with 1.',
          '1/2 is 2.5 fifths and 1 is 5 fifths. Where does 3 fifths fall?',
        ],
      }),
      param({
        prompt: `A number line from 0 to 3 has each whole split into {{d}} equal parts. Point P is {{n}} parts to the right of 0. What number is at P? ${ROUND_2DP_INSTRUCTION}`,
        parameters: { d: [2, 8], n: [1, 24] },
        constraint: 'n <= 3 * d',
        expression: 'n / d',
        tolerance: ROUNDED_2DP,
        difficulty: 0.5,
        hints: [
          'Each part is one whole divided by the number of parts in each whole.',
          'P is at (number of parts counted) / (parts per whole). Divide to get the decimal.',
        ],
      }),
      param({
        prompt:
          'A number line from 0 to 1 is split into {{d}} equal parts. How many tick marks are there, counting the marks at 0 and at 1?',
        parameters: { d: [2, 12] },
        expression: 'd + 1',
        difficulty: 0.35,
        hints: [
          'Draw a small case: 0 to 1 split into 2 parts has marks at 0, 1/2 and 1.',
          'There is always one more mark than there are parts.',
        ],
      }),
    ],
  };
}

function ofASet(): UnitSpec {
  return {
    key: 'frac.of-a-set',
    title: 'Fractions of a set',
    description:
      'Find a fraction of a group of objects by dividing by the denominator and multiplying by the numerator.',
    prerequisites: ['frac.meaning'],
    video: {
      title: 'Fractions of a group',
      durationSeconds: 230,
      transcript:
        'A fraction can be part of a group, not just part of a shape. To find 2/3 of 12 stickers, split the 12 stickers into 3 equal groups. Each group has 4, so 1/3 of 12 is 4. Two of those groups make 8, so 2/3 of 12 is 8. Divide by the denominator, multiply by the numerator.',
    },
    reading: {
      title: 'Taking a fraction of a number',
      estimatedMinutes: 4,
      body: `Fractions can describe part of a **set** of objects: "3/4 of the class", "2/5 of the marbles".

To find a fraction of a number:

1. **Divide** the number by the denominator. This gives the size of one equal share.
2. **Multiply** by the numerator to take that many shares.

**Worked example.** A team has 20 players and 3/5 of them are on the field. How many players is that?

1. Split 20 players into 5 equal groups: 20 ÷ 5 = 4 players per group. So 1/5 of 20 is 4.
2. Take 3 of the groups: 3 × 4 = 12.
3. So 3/5 of 20 is 12 players, and 20 − 12 = 8 players are on the bench, which is 2/5 of the team.

Check: 12 + 8 = 20, and 3/5 + 2/5 = 5/5, the whole team.

You can also multiply first and divide second (3 × 20 = 60, then 60 ÷ 5 = 12). Dividing first usually keeps the numbers small.`,
    },
    items: [
      mc({
        prompt: 'What is 1/4 of 20?',
        choices: [
          { text: '5', correct: true },
          {
            text: '80',
            feedback: 'You multiplied by 4. To find one fourth, divide into 4 equal groups.',
          },
          {
            text: '4',
            feedback: '4 is the denominator. Split 20 into 4 equal groups and count one group.',
          },
          { text: '16', feedback: '16 is 3/4 of 20 (20 − 5).' },
        ],
        difficulty: 0.15,
        hints: [
          'Finding 1/4 of something means splitting it into 4 equal groups.',
          'Divide 20 by 4.',
        ],
      }),
      mc({
        prompt:
          'A box holds 18 pencils and 2/3 of them are sharpened. How many pencils are sharpened?',
        choices: [
          { text: '12', correct: true },
          { text: '6', feedback: '6 is 1/3 of 18. You need two of those thirds.' },
          { text: '9', feedback: '9 is half of 18.' },
          {
            text: '27',
            feedback:
              'You multiplied 18 by 3 and divided by 2. Divide by the denominator 3 and multiply by the numerator 2.',
          },
        ],
        difficulty: 0.3,
        hints: ['First find 1/3 of 18.', 'Divide 18 by 3, then multiply by 2.'],
        also: ['frac.word-problems'],
      }),
      text({
        prompt:
          'In a class of 24 students, 9 wear glasses. What fraction of the class wears glasses? Give it in simplest form, like 2/9.',
        accepted: spell(9, 24),
        difficulty: 0.5,
        hints: [
          'Write the number of students with glasses over the number in the whole class.',
          '9/24: divide the top and the bottom by their greatest common factor, 3.',
        ],
      }),
      num({
        prompt: 'What is 5/6 of 42?',
        value: 35,
        difficulty: 0.35,
        hints: ['Find 1/6 of 42 first.', '42 ÷ 6 = 7 is one sixth; multiply it by 5.'],
      }),
      num({
        prompt: '3/8 of a number is 15. What is the number?',
        value: 40,
        difficulty: 0.7,
        hints: [
          'If 3 eighths are 15, what is one eighth?',
          'One eighth is 15 ÷ 3 = 5, and the whole number is 8 eighths.',
        ],
      }),
      mc({
        prompt: 'Which is more: 1/2 of 10 or 1/3 of 18?',
        choices: [
          { text: '1/3 of 18', correct: true },
          {
            text: '1/2 of 10',
            feedback:
              '1/2 is the bigger fraction, but 18 is the bigger set. Work out both: 5 and 6.',
          },
          { text: 'They are equal.', feedback: 'Work out each one: 10 ÷ 2 and 18 ÷ 3.' },
        ],
        difficulty: 0.5,
        hints: [
          'A bigger fraction of a smaller set is not always more. Work out each amount.',
          'Compute 10 ÷ 2 and 18 ÷ 3, then compare.',
        ],
      }),
      param({
        prompt: 'What is 1/{{d}} of {{n}}?',
        parameters: { d: [2, 10], n: [6, 60, 6] },
        constraint: 'mod(n, d) == 0',
        expression: 'n / d',
        difficulty: 0.2,
        hints: [
          'One fourth of a number is one of four equal groups; the same idea works for any denominator.',
          'Divide the number by the denominator.',
        ],
      }),
      param({
        prompt: 'What is {{a}}/{{b}} of {{n}}?',
        parameters: { a: [1, 7], b: [2, 8], n: [12, 96, 12] },
        constraint: 'a < b and mod(n, b) == 0',
        expression: 'n / b * a',
        difficulty: 0.4,
        hints: [
          'Start with the unit fraction: one of the equal shares the denominator describes.',
          'Divide the number by the denominator, then multiply by the numerator.',
        ],
      }),
      param({
        prompt:
          'A class has {{n}} students and {{a}}/{{b}} of them walk to school. How many students walk to school?',
        parameters: { n: [12, 36, 2], a: [1, 4], b: [2, 6] },
        constraint: 'a < b and mod(n, b) == 0',
        expression: 'n / b * a',
        unit: 'students',
        difficulty: 0.45,
        hints: [
          'How many students make one equal share of the class? Use the denominator.',
          'Divide the class size by the denominator, then multiply by the numerator.',
        ],
        also: ['frac.word-problems'],
      }),
    ],
  };
}

function factorsMultiples(): UnitSpec {
  return {
    key: 'frac.factors-multiples',
    title: 'Factors, multiples, GCF and LCM',
    description:
      'Find the greatest common factor and the least common multiple of two whole numbers, the tools for simplifying and for common denominators.',
    prerequisites: [],
    video: {
      title: 'Common factors and common multiples',
      durationSeconds: 280,
      transcript:
        'Two tools make fraction work much easier. The greatest common factor, or GCF, of two numbers is the largest number that divides both: the GCF of 12 and 18 is 6. The least common multiple, or LCM, is the smallest number that both divide into: the LCM of 4 and 6 is 12. We use the GCF to simplify fractions and the LCM to find common denominators.',
    },
    reading: {
      title: 'GCF and LCM',
      estimatedMinutes: 5,
      body: `Two ideas about whole numbers do most of the work in fraction arithmetic.

**Factors.** A factor of a number divides it with no remainder. The factors of 12 are 1, 2, 3, 4, 6 and 12. The **greatest common factor (GCF)** of two numbers is the largest factor they share. We use it to simplify fractions.

**Multiples.** The multiples of 4 are 4, 8, 12, 16, 20, … The **least common multiple (LCM)** of two numbers is the smallest number that is a multiple of both. We use it to find common denominators.

**Worked example.** Find the GCF and the LCM of 8 and 12.

1. Factors of 8: 1, 2, 4, 8. Factors of 12: 1, 2, 3, 4, 6, 12. Common factors: 1, 2, 4. The GCF is **4**.
2. Multiples of 8: 8, 16, 24, 32, … Multiples of 12: 12, 24, 36, … The first number in both lists is **24**, so the LCM is 24.
3. Check with a handy fact: GCF × LCM = 4 × 24 = 96 = 8 × 12.

Tip: if one number divides the other (like 3 and 12), the GCF is the smaller number and the LCM is the larger one.`,
    },
    items: [
      mc({
        prompt: 'What is the greatest common factor of 12 and 18?',
        choices: [
          { text: '6', correct: true },
          { text: '3', feedback: '3 is a common factor, but there is a larger one.' },
          {
            text: '36',
            feedback:
              '36 is the least common multiple. A factor divides the number, so it cannot be larger than it.',
          },
          { text: '2', feedback: '2 is a common factor, but not the greatest one.' },
        ],
        difficulty: 0.3,
        hints: [
          'List the factors of each number.',
          'Factors of 12: 1, 2, 3, 4, 6, 12. Which is the largest one that also divides 18?',
        ],
      }),
      mc({
        prompt: 'What is the least common multiple of 6 and 8?',
        choices: [
          { text: '24', correct: true },
          { text: '48', feedback: '48 (6 × 8) is a common multiple, but not the least one.' },
          { text: '2', feedback: '2 is the greatest common factor.' },
          { text: '14', feedback: 'Adding the numbers does not give a multiple of both.' },
        ],
        difficulty: 0.35,
        hints: [
          'List the multiples of 8: 8, 16, 24, …',
          'Find the first multiple of 8 that 6 also divides.',
        ],
      }),
      mc({
        prompt: 'Which number is a factor of both 15 and 25?',
        choices: [
          { text: '5', correct: true },
          { text: '3', feedback: '3 divides 15 but not 25.' },
          { text: '10', feedback: '10 divides neither 15 nor 25 evenly.' },
          { text: '75', feedback: '75 is a common multiple, not a common factor.' },
        ],
        difficulty: 0.2,
        hints: [
          'A factor divides the number with no remainder.',
          'Try dividing both 15 and 25 by each choice.',
        ],
      }),
      num({
        prompt: 'What is the greatest common factor of 7 and 10?',
        value: 1,
        difficulty: 0.4,
        hints: [
          'List the factors of 7; it is a prime number.',
          '7 has only the factors 1 and 7. Does 7 divide 10?',
        ],
      }),
      text({
        prompt: 'List all the factors of 18, smallest first, separated by commas (like 1, 2, 4).',
        accepted: listSpellings(['1', '2', '3', '6', '9', '18']),
        difficulty: 0.35,
        hints: [
          'Find the factors in pairs that multiply to 18.',
          'The pairs are 1 × 18, 2 × 9 and 3 × 6.',
        ],
      }),
      num({
        prompt: 'What is the least common multiple of 5 and 15?',
        value: 15,
        difficulty: 0.25,
        hints: [
          'Does 5 divide 15?',
          'When one number is a multiple of the other, the LCM is the larger number.',
        ],
      }),
      mc({
        prompt: 'Which of these are multiples of 4? Select all that apply.',
        choices: [
          { text: '12', correct: true },
          { text: '20', correct: true },
          { text: '18', feedback: '18 ÷ 4 = 4 remainder 2.' },
          { text: '2', feedback: '2 is a factor of 4, not a multiple.' },
        ],
        difficulty: 0.3,
        hints: [
          'A multiple of 4 is 4 times a whole number.',
          'Check which numbers divide by 4 with no remainder.',
        ],
      }),
      param({
        prompt: 'What is the greatest common factor of {{a}} and {{b}}?',
        parameters: { a: [4, 60], b: [4, 60] },
        constraint: 'a != b and gcd(a, b) > 1',
        expression: 'gcd(a, b)',
        difficulty: 0.5,
        hints: [
          'List the factors of the smaller number, largest first.',
          'Take the largest factor of the smaller number that also divides the larger number.',
        ],
      }),
      param({
        prompt: 'What is the least common multiple of {{a}} and {{b}}?',
        parameters: { a: [2, 12], b: [2, 12] },
        constraint: 'a != b',
        expression: 'lcm(a, b)',
        difficulty: 0.5,
        hints: [
          'List the multiples of the larger number.',
          'Stop at the first multiple of the larger number that the smaller number divides.',
        ],
      }),
    ],
  };
}

function equivalent(): UnitSpec {
  return {
    key: 'frac.equivalent',
    title: 'Equivalent fractions',
    description:
      'Make equivalent fractions by multiplying or dividing the numerator and the denominator by the same number.',
    prerequisites: ['frac.number-line'],
    video: {
      title: 'Same number, different names',
      durationSeconds: 300,
      transcript:
        '1/2, 2/4 and 3/6 all sit at the same point on the number line. They are equivalent fractions. To make an equivalent fraction, multiply the numerator and the denominator by the same number: 1/2 times 3/3 is 3/6. Multiplying by 3/3 is multiplying by 1, so the value does not change, only the size and the number of the pieces.',
    },
    reading: {
      title: 'Equivalent fractions',
      estimatedMinutes: 5,
      body: `**Equivalent fractions** are different names for the same number. 1/2, 2/4, 3/6 and 50/100 all mark the same point on the number line.

**The rule.** Multiply (or divide) the numerator *and* the denominator by the same non-zero number:

n/d = (n × k)/(d × k)

This works because k/k = 1, and multiplying by 1 does not change a number. In pictures: cutting every piece into k smaller pieces gives k times as many pieces, and k times as many of them are shaded.

**Worked example.** Fill in the blank: 3/4 = ?/20.

1. What turns the denominator 4 into 20? 4 × 5 = 20.
2. Do the same to the numerator: 3 × 5 = 15.
3. So 3/4 = 15/20.

Check by cross-multiplying: 3 × 20 = 60 and 4 × 15 = 60. Equal cross products mean equivalent fractions.

**Careful:** adding the same number to the top and the bottom does *not* give an equivalent fraction. 1/2 and (1 + 1)/(2 + 1) = 2/3 are different numbers.`,
    },
    interactive: {
      title: 'Fraction wall',
      description:
        'Line up rows of halves, thirds, fourths and more to find fractions that are the same length.',
      estimatedMinutes: 7,
    },
    items: [
      mc({
        prompt: 'Which fraction is equivalent to 2/3?',
        choices: [
          { text: '8/12', correct: true },
          {
            text: '3/4',
            feedback:
              'Adding 1 to the top and the bottom changes the value. Multiply both by the same number instead.',
          },
          {
            text: '4/9',
            feedback:
              'The top was multiplied by 2 but the bottom by 3. Both must be multiplied by the same number.',
          },
          { text: '2/6', feedback: 'Only the denominator was multiplied: 2/6 = 1/3.' },
        ],
        difficulty: 0.3,
        hints: [
          'Equivalent fractions come from multiplying the top and the bottom by the same number.',
          'Which choice is 2/3 with both numbers multiplied by the same number?',
        ],
      }),
      mc({
        prompt: 'Fill in the blank: 5/6 = ?/18',
        choices: [
          { text: '15', correct: true },
          {
            text: '17',
            feedback:
              'You added 12 to both numbers. Fractions stay equal when you multiply, not add.',
          },
          { text: '5', feedback: 'The denominator changed, so the numerator must change too.' },
          { text: '3', feedback: '3 is what 6 was multiplied by; multiply 5 by it too.' },
        ],
        difficulty: 0.35,
        hints: [
          'What do you multiply 6 by to get 18?',
          '6 × 3 = 18, so multiply the numerator by 3 as well.',
        ],
      }),
      mc({
        prompt: 'Which fractions are equivalent to 1/2? Select all that apply.',
        choices: [
          { text: '4/8', correct: true },
          { text: '7/14', correct: true },
          { text: '2/3', feedback: '2/3 is more than a half: half of 3 is 1.5.' },
          { text: '5/9', feedback: 'Half of 9 is 4.5, not 5.' },
        ],
        difficulty: 0.35,
        hints: [
          'A fraction equals 1/2 when its numerator is half its denominator.',
          'Check each one: is the top exactly half of the bottom?',
        ],
      }),
      mc({
        prompt: 'Kai says 3/5 = 4/6 because he added 1 to the top and to the bottom. Is he right?',
        choices: [
          { text: 'No: 3/5 = 0.6 but 4/6 is about 0.67.', correct: true },
          {
            text: 'Yes: doing the same thing to the top and the bottom keeps a fraction equal.',
            feedback:
              'Only multiplying or dividing the top and the bottom by the same number keeps a fraction equal.',
          },
          {
            text: 'No: 6/10 is the only fraction equivalent to 3/5.',
            feedback:
              '3/5 has endlessly many equivalent fractions (6/10, 9/15, …), but 4/6 is not one of them.',
          },
        ],
        difficulty: 0.55,
        hints: [
          'Test it with cross products: 3 × 6 and 5 × 4.',
          'Equivalent fractions have equal cross products; 18 and 20 are not equal.',
        ],
      }),
      text({
        prompt: 'Write the fraction equivalent to 3/7 that has denominator 21, like 2/9.',
        accepted: ['9/21', '9 / 21'],
        difficulty: 0.3,
        hints: ['What times 7 is 21?', 'Multiply the numerator and the denominator by 3.'],
      }),
      text({
        prompt: 'Write the fraction equivalent to 12/16 that has denominator 4, like 2/9.',
        accepted: spell(12, 16),
        difficulty: 0.4,
        hints: [
          'What do you divide 16 by to get 4?',
          'Divide both the numerator and the denominator by 4.',
        ],
      }),
      num({
        prompt: 'Fill in the blank: 4/9 = 28/?',
        value: 63,
        difficulty: 0.45,
        hints: ['What do you multiply 4 by to get 28?', '4 × 7 = 28, so multiply 9 by 7 as well.'],
      }),
      param({
        prompt: 'Fill in the missing numerator: {{a}}/{{b}} = ?/{{c}}',
        parameters: { a: [1, 9], b: [2, 6], c: [12, 60, 12] },
        constraint: 'a < b and mod(c, b) == 0',
        expression: 'a * c / b',
        difficulty: 0.4,
        hints: [
          'Compare the two denominators. What do you multiply the first by to get the second?',
          'Divide the new denominator by the old one, then multiply the numerator by that number.',
        ],
      }),
      param({
        prompt: 'Fill in the missing denominator: {{a}}/{{b}} = {{c}}/?',
        parameters: { a: [1, 5], b: [2, 9], c: [6, 60, 6] },
        constraint: 'a < b and mod(c, a) == 0',
        expression: 'b * c / a',
        difficulty: 0.5,
        hints: [
          'Compare the two numerators. What do you multiply the first by to get the second?',
          'Divide the new numerator by the old one, then multiply the denominator by that number.',
        ],
      }),
    ],
  };
}

function simplify(): UnitSpec {
  const table: readonly [number, number, number][] = [
    [6, 8, 0.2],
    [10, 15, 0.3],
    [12, 20, 0.35],
    [14, 35, 0.45],
    [18, 24, 0.5],
    [27, 36, 0.6],
  ];
  return {
    key: 'frac.simplify',
    title: 'Simplest form',
    description:
      'Write a fraction in simplest form by dividing the numerator and the denominator by their greatest common factor.',
    prerequisites: ['frac.equivalent', 'frac.factors-multiples'],
    video: {
      title: 'Simplifying fractions',
      durationSeconds: 250,
      transcript:
        'A fraction is in simplest form when the numerator and the denominator have no common factor except 1. To simplify 18/24, find the greatest common factor, 6, and divide both numbers by it: 18/24 = 3/4. You can also divide step by step: by 2 to get 9/12, then by 3 to get 3/4. Either way you land on the same simplest form.',
    },
    reading: {
      title: 'Writing fractions in lowest terms',
      estimatedMinutes: 5,
      body: `A fraction is in **simplest form** (lowest terms) when its numerator and denominator have no common factor other than 1. 3/4 is in simplest form; 6/8 is not, because 6 and 8 are both even.

**To simplify**, divide the numerator and the denominator by a common factor, and repeat until no common factor is left. Dividing by the **greatest** common factor (GCF) does it in one step.

**Worked example.** Simplify 24/36.

1. Factors of 24: 1, 2, 3, 4, 6, 8, 12, 24. Factors of 36: 1, 2, 3, 4, 6, 9, 12, 18, 36.
2. The greatest common factor is 12.
3. 24 ÷ 12 = 2 and 36 ÷ 12 = 3, so 24/36 = **2/3**.

Step by step works too: 24/36 → (÷2) 12/18 → (÷2) 6/9 → (÷3) 2/3.

Simplifying does not change the value of a fraction; it only uses bigger pieces. 24/36 and 2/3 are the same point on the number line.

**Careful:** you may only divide, never subtract. 5/8 is already in simplest form; "taking 4 from both" to get 1/4 changes the value.`,
    },
    items: [
      ...table.map(([n, d, difficulty]) =>
        text({
          prompt: `Write ${n}/${d} in simplest form, like 2/9.`,
          accepted: spell(n, d),
          difficulty,
          hints: [
            'Look for a number that divides both the numerator and the denominator.',
            `Find the greatest common factor of ${n} and ${d}.`,
            'Divide the numerator and the denominator by their greatest common factor.',
          ],
        }),
      ),
      mc({
        prompt: 'Which fraction is in simplest form?',
        choices: [
          { text: '5/12', correct: true },
          { text: '6/9', feedback: '6 and 9 share the factor 3.' },
          { text: '4/10', feedback: '4 and 10 are both even.' },
          { text: '15/25', feedback: '15 and 25 share the factor 5.' },
        ],
        difficulty: 0.3,
        hints: [
          'A fraction is in simplest form when the top and the bottom share no factor except 1.',
          'Check each fraction for a common factor such as 2, 3 or 5.',
        ],
      }),
      mc({
        prompt:
          'Ana simplified 16/40 by dividing the top and the bottom by 4 and got 4/10. What should she do next?',
        choices: [
          { text: 'Divide the top and the bottom by 2 to get 2/5.', correct: true },
          {
            text: 'Nothing: 4/10 is in simplest form.',
            feedback: '4 and 10 are both even, so they still share a factor.',
          },
          {
            text: 'Subtract 2 from both to get 2/8.',
            feedback: 'Subtracting changes the value; only divide.',
          },
        ],
        difficulty: 0.45,
        hints: [
          'Is 4/10 in simplest form? Look for a common factor.',
          '4 and 10 are both divisible by 2.',
        ],
      }),
      param({
        prompt:
          'Write {{n}}/{{d}} in simplest form. Enter the numerator of the simplified fraction.',
        parameters: { n: [2, 30], d: [4, 36] },
        constraint: 'n < d and gcd(n, d) > 1',
        expression: 'n / gcd(n, d)',
        difficulty: 0.45,
        hints: [
          'Find a number that divides both the numerator and the denominator.',
          'Divide the numerator by the greatest common factor of the two numbers.',
        ],
      }),
      param({
        prompt:
          'Write {{n}}/{{d}} in simplest form. Enter the denominator of the simplified fraction.',
        parameters: { n: [2, 30], d: [4, 36] },
        constraint: 'n < d and gcd(n, d) > 1',
        expression: 'd / gcd(n, d)',
        difficulty: 0.5,
        hints: [
          'Find a number that divides both the numerator and the denominator.',
          'Divide the denominator by the greatest common factor of the two numbers.',
        ],
      }),
    ],
  };
}

function commonDenominator(): UnitSpec {
  return {
    key: 'frac.common-denominator',
    title: 'Common denominators',
    description:
      'Rewrite two fractions with a common denominator, preferably the least common denominator.',
    prerequisites: ['frac.equivalent', 'frac.factors-multiples'],
    video: {
      title: 'Finding a common denominator',
      durationSeconds: 270,
      transcript:
        'To add or compare 1/4 and 1/6 we need pieces of the same size. A common denominator is a number that both 4 and 6 divide into. Multiplying them gives 24, which works, but the least common multiple, 12, keeps the numbers smaller. Rewrite each fraction: 1/4 = 3/12 and 1/6 = 2/12. Now both are counted in twelfths.',
    },
    reading: {
      title: 'Making the pieces the same size',
      estimatedMinutes: 5,
      body: `Fractions with different denominators count pieces of different sizes. To compare, add or subtract them, rewrite them so they use the **same** denominator, a **common denominator**.

**Finding one.** A common denominator is any common multiple of the denominators. The product of the denominators always works, but the **least common denominator (LCD)**, the least common multiple of the denominators, keeps the numbers small.

**Worked example.** Rewrite 5/6 and 3/8 with their least common denominator.

1. Multiples of 8: 8, 16, **24**, … 6 divides 24, so the LCD is 24.
2. 6 × 4 = 24, so multiply 5/6 by 4/4: 5/6 = 20/24.
3. 8 × 3 = 24, so multiply 3/8 by 3/3: 3/8 = 9/24.

Now both are counted in twenty-fourths, and you can see at once that 5/6 > 3/8 because 20 > 9.

Using 6 × 8 = 48 would also work (40/48 and 18/48), just with bigger numbers. If one denominator is a multiple of the other, such as 3 and 9, the larger one (9) is the LCD.`,
    },
    items: [
      mc({
        prompt: 'What is the least common denominator of 1/4 and 1/6?',
        choices: [
          { text: '12', correct: true },
          {
            text: '24',
            feedback: '24 works as a common denominator, but it is not the least one.',
          },
          {
            text: '10',
            feedback:
              'Adding the denominators does not work: the common denominator must be a multiple of both.',
          },
          { text: '2', feedback: '2 is the greatest common factor, not a common multiple.' },
        ],
        difficulty: 0.35,
        hints: [
          'The common denominator must be a multiple of both 4 and 6.',
          'List the multiples of 6 and find the first one that 4 divides.',
        ],
      }),
      mc({
        prompt: 'Which pair shows 2/3 and 1/5 rewritten with a common denominator?',
        choices: [
          { text: '10/15 and 3/15', correct: true },
          {
            text: '2/15 and 1/15',
            feedback:
              'Changing only the denominator changes the value. Multiply the numerator too.',
          },
          {
            text: '6/15 and 5/15',
            feedback:
              'Each fraction must be multiplied by its own factor: 2/3 by 5/5 and 1/5 by 3/3.',
          },
          {
            text: '2/8 and 1/8',
            feedback: 'Adding the denominators does not make equivalent fractions.',
          },
        ],
        difficulty: 0.45,
        hints: [
          '15 is a common denominator of 3 and 5.',
          '2/3 = ?/15: multiply the top and the bottom by 5. 1/5 = ?/15: multiply by 3.',
        ],
      }),
      text({
        prompt: 'Rewrite 3/4 with denominator 12, like 2/9.',
        accepted: ['9/12', '9 / 12'],
        difficulty: 0.25,
        hints: ['4 × ? = 12', 'Multiply the top and the bottom by 3.'],
      }),
      num({
        prompt: 'What is the least common denominator of 3/10 and 7/15?',
        value: 30,
        difficulty: 0.5,
        hints: ['List the multiples of 15.', 'Find the first multiple of 15 that 10 also divides.'],
      }),
      num({
        prompt: 'What is the least common denominator of 2/9 and 5/6?',
        value: 18,
        difficulty: 0.45,
        hints: ['List the multiples of 9.', 'Find the first multiple of 9 that 6 also divides.'],
      }),
      mc({
        prompt: 'Is 40 a common denominator of 3/8 and 1/5?',
        choices: [
          { text: 'Yes: 40 is a multiple of both 8 and 5.', correct: true },
          {
            text: 'No: it must be 8 + 5 = 13.',
            feedback: '13 is not a multiple of 8 or of 5.',
          },
          {
            text: 'No: it must be smaller than both denominators.',
            feedback:
              'A common denominator is a multiple, so it is at least as big as each denominator.',
          },
        ],
        difficulty: 0.3,
        hints: [
          'A common denominator is a common multiple of the denominators.',
          'Check: does 8 divide 40? Does 5 divide 40?',
        ],
      }),
      text({
        prompt:
          'Rewrite 1/6 and 3/4 with their least common denominator. Give both, separated by a comma, like 1/8, 3/8.',
        accepted: listSpellings(['2/12', '9/12']),
        difficulty: 0.55,
        hints: [
          'The least common denominator of 6 and 4 is 12.',
          'Multiply 1/6 by 2/2 and 3/4 by 3/3.',
        ],
      }),
      param({
        prompt: 'What is the least common denominator of 1/{{a}} and 1/{{b}}?',
        parameters: { a: [2, 12], b: [2, 12] },
        constraint: 'a < b',
        expression: 'lcm(a, b)',
        difficulty: 0.45,
        hints: [
          'List the multiples of the larger denominator.',
          'Stop at the first multiple of the larger denominator that the smaller one divides.',
        ],
      }),
      param({
        prompt:
          'To rewrite 1/{{a}} and 1/{{b}} over their least common denominator, what do you multiply the top and the bottom of 1/{{a}} by?',
        parameters: { a: [2, 10], b: [2, 10] },
        constraint: 'a != b',
        expression: 'lcm(a, b) / a',
        difficulty: 0.55,
        hints: [
          'First find the least common denominator of the two fractions.',
          "Divide the least common denominator by the first fraction's denominator.",
        ],
      }),
    ],
  };
}

function compareLike(): UnitSpec {
  return {
    key: 'frac.compare-like',
    title: 'Comparing with equal denominators or numerators',
    description:
      'Compare fractions that share a denominator (count the pieces) or share a numerator (compare the piece sizes).',
    prerequisites: ['frac.number-line'],
    video: {
      title: 'Same-size pieces, same number of pieces',
      durationSeconds: 220,
      transcript:
        'When two fractions have the same denominator, the pieces are the same size, so more pieces means more: 5/8 is greater than 3/8. When they have the same numerator, you have the same number of pieces, so the bigger pieces win: 3/5 is greater than 3/8, because fifths are bigger than eighths.',
    },
    reading: {
      title: 'Two comparison shortcuts',
      estimatedMinutes: 4,
      body: `Two shortcuts let you compare many fractions at a glance.

**Same denominator.** The pieces are the same size, so the fraction with more pieces is larger: 7/10 > 3/10 because 7 > 3.

**Same numerator.** You have the same number of pieces, so the fraction with bigger pieces is larger, and bigger pieces come from a *smaller* denominator: 2/5 > 2/9 because fifths are larger than ninths.

Use the symbols < (less than), > (greater than) and = (equal). The open side faces the larger number.

**Worked example.** Compare 4/7 with 4/5, then 4/7 with 6/7.

1. 4/7 and 4/5 have the same numerator, 4. Fifths are bigger than sevenths, so 4/5 is larger: 4/7 < 4/5.
2. 4/7 and 6/7 have the same denominator, 7. Six sevenths is more than four sevenths: 4/7 < 6/7.

A common mistake is to think 4/7 > 4/5 because 7 > 5. Picture the pieces: a whole cut into 7 parts has smaller parts than a whole cut into 5 parts.`,
    },
    items: [
      mc({
        prompt: 'Which symbol makes this true? 5/9 __ 7/9',
        choices: [
          { text: '<', correct: true },
          { text: '>', feedback: 'Same-size pieces: 5 ninths is fewer than 7 ninths.' },
          { text: '=', feedback: 'The numerators differ, so the fractions differ.' },
        ],
        difficulty: 0.15,
        hints: ['Both fractions count ninths.', 'With equal denominators, compare the numerators.'],
      }),
      mc({
        prompt: 'Which symbol makes this true? 3/4 __ 3/10',
        choices: [
          { text: '>', correct: true },
          {
            text: '<',
            feedback: '10 is bigger than 4, but tenths are smaller pieces than fourths.',
          },
          {
            text: '=',
            feedback: 'The same number of pieces, but the pieces have different sizes.',
          },
        ],
        difficulty: 0.35,
        hints: ['Both fractions have 3 pieces.', 'Which pieces are bigger, fourths or tenths?'],
      }),
      mc({
        prompt: 'Which fraction is the largest?',
        choices: [
          { text: '2/3', correct: true },
          { text: '2/5', feedback: 'Fifths are smaller than thirds.' },
          { text: '2/7', feedback: 'Sevenths are smaller than thirds.' },
          {
            text: '2/11',
            feedback: 'The denominator 11 is the largest, which makes the pieces the smallest.',
          },
        ],
        difficulty: 0.35,
        hints: [
          'All the numerators are the same.',
          'The smallest denominator makes the largest pieces.',
        ],
      }),
      text({
        prompt: 'Write the larger of 4/11 and 6/11, like 2/9.',
        accepted: spell(6, 11),
        difficulty: 0.1,
        hints: ['Both fractions count elevenths.', 'More elevenths means a larger fraction.'],
      }),
      text({
        prompt: 'Write the smaller of 5/6 and 5/8, like 2/9.',
        accepted: spell(5, 8),
        difficulty: 0.3,
        hints: ['Both fractions have 5 pieces.', 'Eighths are smaller pieces than sixths.'],
      }),
      num({
        prompt: 'How many fractions with denominator 9 lie strictly between 2/9 and 7/9?',
        value: 4,
        difficulty: 0.5,
        hints: [
          'List the ninths that come after 2/9.',
          'The ninths strictly between them go from 3/9 up to the one before 7/9. Count them.',
        ],
      }),
      mc({
        prompt: 'Jo ate 3/8 of a pizza. Max ate 3/6 of a pizza of the same size. Who ate more?',
        choices: [
          { text: 'Max', correct: true },
          { text: 'Jo', feedback: '8 is more than 6, but eighths are smaller slices than sixths.' },
          {
            text: 'They ate the same amount.',
            feedback: 'Both ate 3 slices, but the slices had different sizes.',
          },
        ],
        difficulty: 0.3,
        hints: ['Both ate 3 slices.', 'Which slices are bigger: sixths or eighths?'],
        also: ['frac.word-problems'],
      }),
      param({
        prompt:
          'Which is greater: {{a}}/{{d}} or {{b}}/{{d}}? Enter the numerator of the greater fraction.',
        parameters: { d: [5, 12], a: [1, 11], b: [1, 11] },
        constraint: 'a != b and a < d and b < d',
        expression: 'max(a, b)',
        difficulty: 0.15,
        hints: [
          'Both fractions have the same denominator, so the pieces are the same size.',
          'The fraction with more pieces is greater: pick the larger numerator.',
        ],
      }),
      param({
        prompt:
          'How many fractions with denominator {{d}} lie strictly between {{b}}/{{d}} and {{a}}/{{d}}?',
        parameters: { d: [6, 15], a: [2, 14], b: [1, 12] },
        constraint: 'a > b + 1 and a < d',
        expression: 'a - b - 1',
        difficulty: 0.55,
        hints: [
          'List the fractions with that denominator that come after the smaller one.',
          'Count the whole numbers strictly between the two numerators: one less than their difference.',
        ],
      }),
    ],
  };
}

function compareUnlike(): UnitSpec {
  return {
    key: 'frac.compare-unlike',
    title: 'Comparing fractions with unlike denominators',
    description: 'Compare any two fractions using a common denominator or cross products.',
    prerequisites: ['frac.compare-like', 'frac.common-denominator'],
    video: {
      title: 'Comparing any two fractions',
      durationSeconds: 290,
      transcript:
        'To compare 3/5 and 2/3, make the pieces the same size. With common denominator 15, 3/5 is 9/15 and 2/3 is 10/15, so 2/3 is bigger. A quick check is cross-multiplying: 3 times 3 is 9, 5 times 2 is 10. The larger cross product sits on the side of the larger fraction.',
    },
    reading: {
      title: 'Common denominators and cross products',
      estimatedMinutes: 5,
      body: `When fractions have different numerators and different denominators, neither shortcut works. Make the denominators the same first.

**Method 1: common denominator.** Rewrite both fractions over a common denominator, then compare the numerators.

**Method 2: cross products.** For a/b and c/d, compare a × d with c × b. The larger product is on the side of the larger fraction. (This is Method 1 with denominator b × d, skipping the writing.)

**Worked example.** Which is larger, 5/8 or 7/12?

1. The least common denominator of 8 and 12 is 24.
2. 5/8 = 15/24 (multiply by 3/3) and 7/12 = 14/24 (multiply by 2/2).
3. 15 > 14, so **5/8 > 7/12**.

Cross-product check: 5 × 12 = 60 and 7 × 8 = 56. 60 > 56, and 60 came from the numerator of 5/8, so 5/8 is larger.

**Careful:** comparing only the numerators (7 > 5) or only the denominators (12 > 8) gives the wrong answer here. A fraction's size depends on both numbers together.`,
    },
    items: [
      mc({
        prompt: 'Which is larger: 2/3 or 3/5?',
        choices: [
          { text: '2/3', correct: true },
          {
            text: '3/5',
            feedback:
              "3/5 has bigger numbers, but that doesn't make it bigger. 2/3 = 10/15 and 3/5 = 9/15.",
          },
          {
            text: 'They are equal.',
            feedback: 'Rewrite both with denominator 15: 10/15 and 9/15.',
          },
        ],
        difficulty: 0.4,
        hints: [
          'Find a common denominator for 3 and 5.',
          'Rewrite both fractions with denominator 15 and compare the numerators.',
        ],
      }),
      mc({
        prompt: 'Which symbol makes this true? 5/12 __ 3/8',
        choices: [
          { text: '>', correct: true },
          { text: '<', feedback: 'With denominator 24: 5/12 = 10/24 and 3/8 = 9/24.' },
          { text: '=', feedback: 'The cross products 5 × 8 = 40 and 3 × 12 = 36 are different.' },
        ],
        difficulty: 0.5,
        hints: [
          'The least common denominator of 12 and 8 is 24.',
          'Rewrite 5/12 and 3/8 in twenty-fourths, then compare.',
        ],
      }),
      mc({
        prompt: 'Lee says 4/9 > 1/2 because 4 > 1 and 9 > 2. What is wrong with this?',
        choices: [
          { text: 'Half of 9 is 4.5, so 4/9 is less than 1/2.', correct: true },
          {
            text: 'Nothing: Lee is right.',
            feedback: 'Compare with cross products: 4 × 2 = 8 and 1 × 9 = 9.',
          },
          { text: '4/9 is equal to 1/2.', feedback: '4/9 = 8/18 but 1/2 = 9/18.' },
        ],
        difficulty: 0.5,
        hints: [
          'Comparing the numerators and the denominators separately does not work.',
          'What numerator would a fraction with denominator 9 need to equal one half?',
        ],
      }),
      text({
        prompt: 'Write the larger of 7/10 and 2/3, like 2/9.',
        accepted: spell(7, 10),
        difficulty: 0.55,
        hints: ['Use the common denominator 30.', '7/10 = 21/30 and 2/3 = 20/30.'],
      }),
      num({
        prompt:
          'To compare 3/7 and 2/5 with cross products, you compute 3 × 5 and 2 × 7. What is the larger cross product?',
        value: 15,
        difficulty: 0.35,
        hints: ['Work out both products.', 'Compare 3 × 5 with 2 × 7 and enter the larger one.'],
      }),
      mc({
        prompt: 'Which fraction is closest to 1?',
        choices: [
          { text: '9/10', correct: true },
          { text: '7/8', feedback: '7/8 is 1/8 away from 1; 9/10 is only 1/10 away.' },
          { text: '4/5', feedback: '4/5 is 1/5 away from 1; 9/10 is only 1/10 away.' },
          { text: '2/3', feedback: '2/3 is 1/3 away from 1; 9/10 is only 1/10 away.' },
        ],
        difficulty: 0.6,
        hints: [
          'Look at how far each fraction is from 1.',
          'Each one is exactly one piece short of 1; the smallest piece means the closest.',
        ],
      }),
      mc({
        prompt: 'Rosa ran 3/4 of a mile and Ben ran 5/6 of a mile. Who ran farther?',
        choices: [
          { text: 'Ben', correct: true },
          { text: 'Rosa', feedback: 'With denominator 12: 3/4 = 9/12 and 5/6 = 10/12.' },
          {
            text: 'They ran the same distance.',
            feedback: '3/4 = 9/12 and 5/6 = 10/12 are different.',
          },
        ],
        difficulty: 0.45,
        hints: ['Use the common denominator 12.', 'Rewrite 3/4 and 5/6 in twelfths and compare.'],
        also: ['frac.word-problems'],
      }),
      param({
        prompt:
          'Compare {{a}}/{{b}} and {{c}}/{{d}}. Enter 1 if the first fraction is larger, 2 if the second is larger, or 0 if they are equal.',
        parameters: { a: [1, 8], b: [2, 9], c: [1, 8], d: [2, 9] },
        constraint: 'a < b and c < d and b != d',
        expression: 'a * d > c * b ? 1 : (a * d < c * b ? 2 : 0)',
        difficulty: 0.5,
        hints: [
          'Rewrite both fractions with a common denominator.',
          'Or compare cross products: the first numerator times the second denominator against the second numerator times the first denominator.',
        ],
      }),
      param({
        prompt:
          'Which is larger, {{a}}/{{b}} or {{c}}/{{d}}? Enter the larger fraction as a decimal rounded to 2 places.',
        parameters: { a: [1, 8], b: [2, 9], c: [1, 8], d: [2, 9] },
        constraint: 'a < b and c < d and b != d and a * d != c * b',
        expression: 'max(a / b, c / d)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.55,
        hints: [
          'Compare the fractions with a common denominator or with cross products.',
          'Once you know which one is larger, divide its numerator by its denominator.',
        ],
      }),
    ],
  };
}

function benchmarks(): UnitSpec {
  const nearBenchmark = (n: string, d: string) =>
    `${n} < ${d} and abs(4 * ${n} / ${d} - 1) > 0.3 and abs(4 * ${n} / ${d} - 3) > 0.3`;
  return {
    key: 'frac.benchmarks',
    title: 'Benchmark fractions and estimation',
    description: 'Estimate with the benchmarks 0, 1/2 and 1, and use them to compare quickly.',
    prerequisites: ['frac.compare-like'],
    video: {
      title: 'Is it closer to 0, 1/2 or 1?',
      durationSeconds: 210,
      transcript:
        'Benchmarks are friendly numbers for estimating: 0, one half and 1. A fraction is close to one half when its numerator is about half its denominator, like 5/9. It is close to 1 when the numerator is almost the denominator, like 11/12, and close to 0 when the numerator is tiny compared with the denominator, like 1/15.',
    },
    reading: {
      title: 'Estimating with 0, 1/2 and 1',
      estimatedMinutes: 4,
      body: `**Benchmark fractions** are easy reference points: 0, 1/2 and 1. Comparing with them lets you estimate quickly without a common denominator.

- **Near 0:** the numerator is very small compared with the denominator (1/12, 2/25).
- **Near 1/2:** the numerator is about half the denominator (4/9, 7/13). Double the numerator and compare with the denominator: 2 × 4 = 8 is just under 9, so 4/9 is just under 1/2.
- **Near 1:** the numerator is almost the denominator (8/9, 19/20).

**Worked example.** Estimate 7/8 + 5/12.

1. 7/8 is one eighth short of 1, so 7/8 ≈ 1.
2. Half of 12 is 6, and 5 is close to 6, so 5/12 ≈ 1/2.
3. The sum is about 1 + 1/2 = 1 1/2.

The exact sum is 21/24 + 10/24 = 31/24 = 1 7/24, about 1.29, so the estimate is in the right range.

Benchmarks also settle comparisons: 3/7 < 1/2 < 5/8, so 3/7 < 5/8 with no arithmetic at all.`,
    },
    items: [
      mc({
        prompt: 'Is 5/11 closest to 0, 1/2 or 1?',
        choices: [
          { text: '1/2', correct: true },
          { text: '0', feedback: '5 is almost half of 11.' },
          { text: '1', feedback: '5 is far from 11.' },
        ],
        difficulty: 0.25,
        hints: [
          'Compare the numerator with half of the denominator.',
          'Half of 11 is 5.5. Is 5 close to that?',
        ],
      }),
      mc({
        prompt: 'Is 11/12 closest to 0, 1/2 or 1?',
        choices: [
          { text: '1', correct: true },
          { text: '1/2', feedback: 'Half of 12 is 6; 11 is much closer to 12.' },
          { text: '0', feedback: '11 of 12 pieces is almost everything.' },
        ],
        difficulty: 0.15,
        hints: ['How far is 11/12 from 12/12?', '11/12 is only one twelfth short of a whole.'],
      }),
      mc({
        prompt: 'Without calculating exactly, which is greater: 3/7 or 5/9?',
        choices: [
          { text: '5/9', correct: true },
          {
            text: '3/7',
            feedback:
              '3/7 is less than one half (half of 7 is 3.5), while 5/9 is more than one half (half of 9 is 4.5).',
          },
          { text: 'They are equal.', feedback: 'One is below one half and the other is above it.' },
        ],
        difficulty: 0.5,
        hints: [
          'Compare each fraction with 1/2.',
          'Half of 7 is 3.5 and half of 9 is 4.5. Which fraction is above one half?',
        ],
      }),
      mc({
        prompt: 'Which is the best estimate of 1/10 + 8/9?',
        choices: [
          { text: 'About 1', correct: true },
          { text: 'About 9/19', feedback: 'Never add the denominators. 1/10 ≈ 0 and 8/9 ≈ 1.' },
          { text: 'About 1/2', feedback: '8/9 alone is already close to 1.' },
          { text: 'About 2', feedback: '1/10 is close to 0, not to 1.' },
        ],
        difficulty: 0.45,
        hints: ['Round each fraction to 0, 1/2 or 1.', '1/10 is close to 0 and 8/9 is close to 1.'],
      }),
      text({
        prompt: 'Which benchmark is 2/15 closest to: 0, 1/2 or 1? Type 0, 1/2 or 1.',
        accepted: ['0'],
        difficulty: 0.2,
        hints: [
          'Compare 2 with half of 15.',
          '2 is much smaller than 7.5, so the fraction is small.',
        ],
      }),
      num({
        prompt:
          'Estimate 6/11 + 9/10 by rounding each fraction to 0, 1/2 or 1. Enter the estimate as a decimal, for example 1.5.',
        value: 1.5,
        difficulty: 0.4,
        hints: [
          'Round each fraction to its nearest benchmark first.',
          '6/11 is about 1/2 and 9/10 is about 1; add the benchmarks.',
        ],
      }),
      param({
        prompt: 'Is {{a}}/{{b}} closest to 0, 1/2 or 1? Enter 0, 0.5 or 1.',
        parameters: { a: [1, 11], b: [5, 12] },
        constraint: nearBenchmark('a', 'b'),
        expression: 'round(2 * a / b) / 2',
        difficulty: 0.35,
        hints: [
          'Compare the numerator with half of the denominator, and with the whole denominator.',
          'Double the numerator: much less than the denominator means near 0, about equal means near 1/2, close to twice the denominator means near 1.',
        ],
      }),
      param({
        prompt:
          'Estimate {{a}}/{{b}} + {{c}}/{{d}} by rounding each fraction to 0, 1/2 or 1. Enter the estimate as a decimal, for example 1.5.',
        parameters: { a: [1, 11], b: [5, 12], c: [1, 11], d: [5, 12] },
        constraint: `${nearBenchmark('a', 'b')} and ${nearBenchmark('c', 'd')}`,
        expression: 'round(2 * a / b) / 2 + round(2 * c / d) / 2',
        difficulty: 0.5,
        hints: [
          'Round each fraction to its nearest benchmark first.',
          'Add the two benchmarks, for example 1/2 + 1 = 1.5.',
        ],
      }),
    ],
  };
}

function order(): UnitSpec {
  const proper = { a: [1, 5], b: [6, 12], c: [1, 5], d: [6, 12], e: [1, 5], f: [6, 12] } as const;
  const distinct = 'a * d != c * b and a * f != e * b and c * f != e * d';
  return {
    key: 'frac.order',
    title: 'Ordering fractions',
    description: 'Put several fractions in order using benchmarks and common denominators.',
    prerequisites: ['frac.compare-unlike', 'frac.benchmarks'],
    video: {
      title: 'Putting fractions in order',
      durationSeconds: 240,
      transcript:
        'To order several fractions, sort them first by benchmarks: which are below one half, which are above? Then settle close calls with a common denominator. For 2/5, 3/4 and 1/3: 1/3 and 2/5 are below one half, 3/4 is above. With denominator 15, 1/3 is 5/15 and 2/5 is 6/15. So the order is 1/3, 2/5, 3/4.',
    },
    reading: {
      title: 'Ordering a list of fractions',
      estimatedMinutes: 4,
      body: `To put several fractions in order:

1. **Sort roughly with benchmarks.** Put each fraction in a group: below 1/2, above 1/2, or above 1.
2. **Settle close calls** inside a group with a common denominator (or cross products).
3. **Write the list** from least to greatest (or as asked) and check each neighbouring pair.

**Worked example.** Order 5/6, 3/8, 7/12 and 1/4 from least to greatest.

1. Below 1/2: 3/8 and 1/4. Above 1/2: 5/6 and 7/12.
2. Below-half group: 1/4 = 2/8 < 3/8. Above-half group: 5/6 = 10/12 > 7/12.
3. Order: **1/4, 3/8, 7/12, 5/6**.

Check with the least common denominator 24: 6/24, 9/24, 14/24, 20/24. The numerators increase, so the order is right.

For many fractions at once, rewriting *all* of them with one common denominator is slower but always works.`,
    },
    items: [
      mc({
        prompt: 'Which list is in order from least to greatest?',
        choices: [
          { text: '1/3, 1/2, 4/5', correct: true },
          { text: '1/2, 1/3, 4/5', feedback: '1/3 is smaller than 1/2.' },
          { text: '4/5, 1/2, 1/3', feedback: 'That list goes from greatest to least.' },
          { text: '1/3, 4/5, 1/2', feedback: '4/5 is greater than 1/2.' },
        ],
        difficulty: 0.25,
        hints: ['Compare each fraction with 1/2.', '1/3 is below one half and 4/5 is above it.'],
      }),
      mc({
        prompt: 'Which fraction is the smallest: 5/8, 3/5, 2/3 or 7/10?',
        choices: [
          { text: '3/5', correct: true },
          { text: '5/8', feedback: '5/8 = 0.625 is bigger than 3/5 = 0.6.' },
          { text: '2/3', feedback: '2/3 ≈ 0.67 is bigger than 3/5 = 0.6.' },
          { text: '7/10', feedback: '7/10 = 0.7 is bigger than 3/5 = 0.6.' },
        ],
        difficulty: 0.6,
        hints: [
          'All four are a bit more than one half, so use a common denominator or decimals.',
          'Write each as a decimal: 5/8 = 0.625, 3/5 = 0.6, 2/3 ≈ 0.67 and 7/10 = 0.7.',
        ],
      }),
      text({
        prompt:
          'Order 3/4, 1/6 and 2/3 from least to greatest. Separate them with commas, like 1/4, 1/3, 1/2.',
        accepted: listSpellings(['1/6', '2/3', '3/4']),
        difficulty: 0.4,
        hints: [
          '1/6 is near 0; the other two are above one half.',
          'Compare 2/3 and 3/4 with the common denominator 12: 8/12 and 9/12.',
        ],
      }),
      text({
        prompt:
          'Order 5/12, 1/3 and 3/8 from greatest to least. Separate them with commas, like 1/2, 1/3, 1/4.',
        accepted: listSpellings(['5/12', '3/8', '1/3']),
        difficulty: 0.6,
        hints: [
          'Use the least common denominator of 12, 3 and 8.',
          'With denominator 24: 5/12 = 10/24, 1/3 = 8/24 and 3/8 = 9/24.',
        ],
      }),
      mc({
        prompt:
          'Four friends each ate part of a pizza; all the pizzas were the same size. Ada ate 2/3, Ben 3/5, Cy 5/6 and Di 1/2. Who ate the most?',
        choices: [
          { text: 'Cy', correct: true },
          {
            text: 'Ada',
            feedback: '2/3 is one third short of a whole; 5/6 is only one sixth short.',
          },
          {
            text: 'Ben',
            feedback: '3/5 is two fifths short of a whole; 5/6 is only one sixth short.',
          },
          { text: 'Di', feedback: '1/2 is the smallest of the four.' },
        ],
        difficulty: 0.35,
        hints: [
          'Which fraction is closest to 1?',
          'Look at how much of a whole pizza each friend did not eat.',
        ],
        also: ['frac.word-problems'],
      }),
      num({
        prompt: 'How many of these fractions are greater than 1/2: 3/7, 5/9, 6/13, 7/12, 4/8?',
        value: 2,
        difficulty: 0.55,
        hints: [
          'Compare each numerator with half of its denominator.',
          'A fraction is greater than 1/2 when twice its numerator is more than its denominator; exactly 1/2 does not count.',
        ],
      }),
      param({
        prompt:
          'Order {{a}}/{{b}}, {{c}}/{{d}} and {{e}}/{{f}} from least to greatest. Enter the middle fraction as a decimal rounded to 2 places.',
        parameters: proper,
        constraint: distinct,
        expression: 'median(a / b, c / d, e / f)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.65,
        hints: [
          'Compare the fractions two at a time, with cross products or a common denominator.',
          'Find the smallest and the largest; the one left over is the middle. Divide its numerator by its denominator.',
        ],
      }),
      param({
        prompt:
          'Which is the smallest: {{a}}/{{b}}, {{c}}/{{d}} or {{e}}/{{f}}? Enter it as a decimal rounded to 2 places.',
        parameters: proper,
        constraint: distinct,
        expression: 'min(a / b, c / d, e / f)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.5,
        hints: [
          'A small numerator over a big denominator makes a small fraction.',
          'Compare pairs with cross products, then divide the numerator of the smallest fraction by its denominator.',
        ],
      }),
    ],
  };
}

/** Units 1–12: fraction sense, equivalence, comparing and ordering. */
export function foundationUnits(): UnitSpec[] {
  return [
    meaning(),
    unitFractions(),
    numberLine(),
    ofASet(),
    factorsMultiples(),
    equivalent(),
    simplify(),
    commonDenominator(),
    compareLike(),
    compareUnlike(),
    benchmarks(),
    order(),
  ];
}
