/**
 * Demo course, part 3: fractions as decimals and percents, word problems, and an introduction to
 * ratios.
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
import { frac, fractionSpellings, listSpellings, ratioSpellings } from './fraction-text.js';

const R2 = ROUND_2DP_INSTRUCTION;

function decimals(): UnitSpec {
  const table: readonly [string, number, number][] = [
    ['0.4', 40, 0.25],
    ['0.75', 75, 0.3],
    ['0.36', 36, 0.45],
    ['0.06', 6, 0.5],
  ];
  return {
    key: 'frac.decimals',
    title: 'Fractions and decimals',
    description:
      'Convert fractions to decimals by dividing, and decimals to fractions by place value.',
    prerequisites: ['frac.equivalent', 'frac.simplify'],
    video: {
      title: 'A fraction is a division',
      durationSeconds: 270,
      transcript:
        'A fraction is a division: 3/4 means 3 divided by 4, which is 0.75. Going the other way, read the decimal by place value: 0.35 is thirty-five hundredths, 35/100, which simplifies to 7/20. Some fractions never end as decimals: 1/3 is 0.333 and so on, so we round it, for example to 0.33.',
    },
    reading: {
      title: 'Fractions to decimals and back',
      estimatedMinutes: 5,
      body: `**Fraction → decimal.** A fraction is a division: n/d = n ÷ d.

- 3/4 = 3 ÷ 4 = 0.75
- 2/5 = 2 ÷ 5 = 0.4
- 1/3 = 0.333…, which repeats forever; rounded to 2 places it is 0.33.

A quick trick: if the denominator can be turned into 10, 100 or 1000, use equivalent fractions. 3/25 = 12/100 = 0.12.

**Decimal → fraction.** Read the place value, write it as a fraction over 10, 100 or 1000, then simplify.

**Worked example.** Write 0.45 as a fraction in simplest form.

1. 0.45 is "forty-five hundredths": 45/100.
2. GCF(45, 100) = 5, so 45/100 = **9/20**.
3. Check: 9 ÷ 20 = 0.45.

**Rounding.** When asked for "a decimal rounded to 2 places", look at the third decimal digit: 5 or more rounds up. 5/8 = 0.625 rounds to 0.63; 2/7 = 0.2857… rounds to 0.29.

Useful facts to know by heart: 1/2 = 0.5, 1/4 = 0.25, 3/4 = 0.75, 1/5 = 0.2, 1/8 = 0.125, 1/10 = 0.1.`,
    },
    items: [
      mc({
        prompt: 'What is 3/5 as a decimal?',
        choices: [
          { text: '0.6', correct: true },
          { text: '0.35', feedback: 'The digits are not placed side by side. Divide 3 by 5.' },
          { text: '3.5', feedback: '3.5 is 35/10. Divide 3 by 5 instead.' },
          { text: '1.67', feedback: 'That is 5 ÷ 3. Divide the numerator by the denominator.' },
        ],
        difficulty: 0.2,
        hints: ['A fraction is a division.', 'Compute 3 ÷ 5, or write 3/5 as tenths: 6/10.'],
      }),
      mc({
        prompt: 'Which fraction equals 0.125?',
        choices: [
          { text: '1/8', correct: true },
          { text: '1/25', feedback: '1/25 = 4/100 = 0.04.' },
          {
            text: '125/100',
            feedback: '125/100 = 1.25. Three decimal places means thousandths: 125/1000.',
          },
          { text: '1/4', feedback: '1/4 = 0.25.' },
        ],
        difficulty: 0.45,
        hints: ['Three decimal places means thousandths.', 'Write 0.125 as 125/1000 and simplify.'],
      }),
      ...table.map(([shown, hundredths, difficulty]) =>
        text({
          prompt: `Write ${shown} as a fraction in simplest form, like 2/9.`,
          accepted: fractionSpellings(frac(hundredths, 100)),
          difficulty,
          hints: [
            'Read the place value: how many tenths or hundredths?',
            'Write the digits over 10 or 100.',
            'Simplify by dividing the top and the bottom by their greatest common factor.',
          ],
        }),
      ),
      num({
        prompt: 'Write 7/20 as a decimal.',
        value: 0.35,
        tolerance: 0.0001,
        difficulty: 0.35,
        hints: [
          'Turn the denominator into 100 with an equivalent fraction.',
          '20 × 5 = 100, so multiply the top and the bottom by 5.',
        ],
      }),
      num({
        prompt: `Write 2/3 as a decimal. ${R2}`,
        value: 2 / 3,
        tolerance: ROUNDED_2DP,
        difficulty: 0.5,
        hints: [
          'Divide 2 by 3. The digits repeat.',
          '2 ÷ 3 = 0.666…; look at the third decimal digit to round.',
        ],
      }),
      param({
        prompt: 'Write {{n}}/{{d}} as a decimal, rounded to 2 places if needed.',
        parameters: { n: [1, 11], d: [2, 12] },
        constraint: 'n < d',
        expression: 'n / d',
        tolerance: ROUNDED_2DP,
        difficulty: 0.4,
        hints: [
          'A fraction is a division.',
          'Divide the numerator by the denominator and round to two decimal places.',
        ],
      }),
      param({
        prompt: 'Write {{x}} as a fraction in simplest form. Enter its denominator.',
        parameters: { x: [0.05, 0.95, 0.05] },
        expression: '100 / gcd(round(x * 100), 100)',
        difficulty: 0.55,
        hints: [
          'Write the decimal as a number of hundredths.',
          'Simplify the fraction over 100 by dividing the top and the bottom by their greatest common factor; the new bottom number is the answer.',
        ],
      }),
    ],
  };
}

function percents(): UnitSpec {
  return {
    key: 'frac.percents',
    title: 'Fractions, decimals and percents',
    description:
      'Convert between fractions, decimals and percents, and find a percent of a number.',
    prerequisites: ['frac.decimals'],
    video: {
      title: 'Percent means per hundred',
      durationSeconds: 260,
      transcript:
        'Percent means per hundred. 35% is 35 out of 100, the fraction 35/100, which simplifies to 7/20, or the decimal 0.35. To turn a fraction into a percent, make it hundredths, or divide and multiply by 100: 3/8 is 0.375, which is 37.5%.',
    },
    reading: {
      title: 'Three ways to write the same number',
      estimatedMinutes: 5,
      body: `**Percent** means "per hundred". 40% = 40/100 = 0.40.

**Percent → fraction:** write it over 100 and simplify. 40% = 40/100 = **2/5**.

**Percent → decimal:** divide by 100 (move the decimal point two places left). 7% = 0.07.

**Fraction → percent:** make an equivalent fraction with denominator 100, or divide and multiply by 100.

**Worked example 1.** Write 3/20 as a percent. 20 × 5 = 100, so 3/20 = 15/100 = **15%**.

**Worked example 2.** Write 5/8 as a percent. 5 ÷ 8 = 0.625, and 0.625 × 100 = **62.5%**.

**Percent of a number:** 30% of 50 = 30/100 × 50 = 15.

| Fraction | Decimal | Percent |
|---|---|---|
| 1/2 | 0.5 | 50% |
| 1/4 | 0.25 | 25% |
| 1/5 | 0.2 | 20% |
| 1/10 | 0.1 | 10% |
| 1/3 | 0.333… | about 33.3% |

**Careful:** 0.5% is not 50%. 0.5% is half of one percent, which is 0.005.`,
    },
    interactive: {
      title: 'Hundred grid',
      description:
        'Shade squares on a 10 × 10 grid and see the fraction, decimal and percent together.',
      estimatedMinutes: 6,
    },
    items: [
      mc({
        prompt: 'What is 3/4 as a percent?',
        choices: [
          { text: '75%', correct: true },
          { text: '34%', feedback: 'Do not just write the digits side by side. 3/4 = 75/100.' },
          { text: '0.75%', feedback: '0.75 is the decimal; multiply by 100 to get the percent.' },
          {
            text: '43%',
            feedback: 'Make an equivalent fraction with denominator 100: 3/4 = 75/100.',
          },
        ],
        difficulty: 0.2,
        hints: ['Percent means out of 100.', 'Multiply the top and the bottom of 3/4 by 25.'],
      }),
      mc({
        prompt: 'Which are equal to 8%? Select all that apply.',
        choices: [
          { text: '0.08', correct: true },
          { text: '2/25', correct: true },
          { text: '0.8', feedback: '0.8 = 80%.' },
          { text: '8/10', feedback: '8/10 = 80%.' },
        ],
        difficulty: 0.5,
        hints: [
          '8% is 8 out of 100.',
          'Write 8/100 as a decimal, then simplify 8/100 as a fraction.',
        ],
      }),
      text({
        prompt: 'Write 35% as a fraction in simplest form, like 2/9.',
        accepted: fractionSpellings(frac(35, 100)),
        difficulty: 0.35,
        hints: [
          '35% means 35 out of 100.',
          'Simplify 35/100 by dividing the top and the bottom by 5.',
        ],
      }),
      text({
        prompt: 'Write 12% as a fraction in simplest form, like 2/9.',
        accepted: fractionSpellings(frac(12, 100)),
        difficulty: 0.4,
        hints: [
          '12% means 12 out of 100.',
          'Simplify 12/100 by dividing the top and the bottom by 4.',
        ],
      }),
      text({
        prompt: 'Write 9/25 as a percent, like 40%.',
        accepted: ['36%', '36 %', '36 percent'],
        difficulty: 0.35,
        hints: ['What do you multiply 25 by to get 100?', 'Multiply the top and the bottom by 4.'],
      }),
      num({
        prompt: 'What is 15% of 60?',
        value: 9,
        difficulty: 0.35,
        hints: ['10% of 60 is 6. What is 5% of 60?', '15% = 10% + 5%: add 6 and half of 6.'],
      }),
      param({
        prompt:
          'Write {{n}}/{{d}} as a percent. Enter the number only, rounded to the nearest whole percent if needed.',
        parameters: { n: [1, 19], d: [2, 20] },
        constraint: 'n < d',
        expression: '100 * n / d',
        tolerance: 0.5,
        unit: '%',
        difficulty: 0.45,
        hints: [
          'Divide the numerator by the denominator to get a decimal.',
          'Multiply the decimal by 100 and round to the nearest whole number.',
        ],
      }),
      param({
        prompt: 'What is {{p}}% of {{n}}?',
        parameters: { p: [5, 95, 5], n: [20, 200, 20] },
        expression: 'p * n / 100',
        difficulty: 0.4,
        hints: [
          'Write the percent as a fraction over 100.',
          'Multiply the number by the percent, then divide by 100.',
        ],
      }),
      param({
        prompt: 'Write {{p}}% as a fraction in simplest form. Enter its denominator.',
        parameters: { p: [1, 99] },
        expression: '100 / gcd(p, 100)',
        difficulty: 0.45,
        hints: [
          'Write the percent over 100.',
          'Divide the top and the bottom by their greatest common factor; the new bottom number is the answer.',
        ],
      }),
    ],
  };
}

function compareForms(): UnitSpec {
  return {
    key: 'frac.compare-forms',
    title: 'Comparing fractions, decimals and percents',
    description: 'Compare and order numbers written as fractions, decimals and percents.',
    prerequisites: ['frac.percents', 'frac.compare-unlike'],
    video: {
      title: 'One form to compare them all',
      durationSeconds: 230,
      transcript:
        'Which is bigger: 3/5, 0.58 or 62%? Put them in the same form. As decimals, 3/5 is 0.60, 0.58 stays, and 62% is 0.62. Now it is easy: 0.58 is less than 0.60, which is less than 0.62. Decimals are usually the quickest common form.',
    },
    reading: {
      title: 'Converting to compare',
      estimatedMinutes: 4,
      body: `To compare numbers written in different forms, **convert them all to one form** (decimals are usually quickest), then compare.

**Worked example.** Order 0.7, 2/3 and 72% from least to greatest.

1. 0.7 stays 0.70.
2. 2/3 = 2 ÷ 3 = 0.666… ≈ 0.67.
3. 72% = 0.72.
4. Compare: 0.67 < 0.70 < 0.72, so the order is **2/3, 0.7, 72%**.

**Tips**

- Write decimals with the same number of places before comparing: 0.7 = 0.70, so 0.7 > 0.65 even though 65 > 7.
- Percents and hundredths match directly: 43% = 0.43 = 43/100.
- For fractions that don't end as decimals, a couple of decimal places usually settle the comparison. If two numbers are very close, carry more places or compare them as fractions.

**Careful:** a longer decimal is not necessarily bigger. 0.125 < 0.2, because 0.2 = 0.200.`,
    },
    items: [
      mc({
        prompt: 'Which is the greatest: 0.7, 0.65, 2/3 or 68%?',
        choices: [
          { text: '0.7', correct: true },
          { text: '0.65', feedback: '0.65 < 0.70: line up the decimal places before comparing.' },
          { text: '2/3', feedback: '2/3 ≈ 0.67, which is less than 0.70.' },
          { text: '68%', feedback: '68% = 0.68, which is less than 0.70.' },
        ],
        difficulty: 0.45,
        hints: ['Write every number as a decimal.', '0.7 = 0.70, 2/3 ≈ 0.67 and 68% = 0.68.'],
      }),
      mc({
        prompt: 'Which is the least: 0.125, 1/5, 15% or 0.3?',
        choices: [
          { text: '0.125', correct: true },
          { text: '1/5', feedback: '1/5 = 0.2, which is more than 0.125.' },
          { text: '15%', feedback: '15% = 0.15, which is more than 0.125.' },
          { text: '0.3', feedback: '0.3 = 0.300 is the greatest of the four.' },
        ],
        difficulty: 0.4,
        hints: [
          'Write every number as a decimal with three places.',
          '1/5 = 0.200, 15% = 0.150 and 0.3 = 0.300.',
        ],
      }),
      mc({
        prompt: 'Which symbol makes this true? 3/8 __ 40%',
        choices: [
          { text: '<', correct: true },
          { text: '>', feedback: '3/8 = 0.375 and 40% = 0.400.' },
          { text: '=', feedback: '3/8 = 37.5%, not 40%.' },
        ],
        difficulty: 0.45,
        hints: ['Write both as decimals.', '3 ÷ 8 = 0.375 and 40% = 0.40.'],
      }),
      mc({
        prompt:
          'In a survey, 3/5 of Class A and 58% of Class B said they like music. Which class has the larger share of music fans?',
        choices: [
          { text: 'Class A', correct: true },
          { text: 'Class B', feedback: '3/5 = 60%, which is more than 58%.' },
          { text: 'The shares are equal.', feedback: '3/5 = 60%, not 58%.' },
        ],
        difficulty: 0.35,
        hints: ['Write 3/5 as a percent.', '3/5 = 6/10 = 60/100.'],
        also: ['frac.word-problems'],
      }),
      text({
        prompt:
          'Order 0.4, 3/10 and 35% from least to greatest. Write them as given, separated by commas, like 0.1, 1/5, 30%.',
        accepted: listSpellings(['3/10', '35%', '0.4']),
        difficulty: 0.4,
        hints: ['Write each one as a decimal.', '3/10 = 0.30, 35% = 0.35 and 0.4 = 0.40.'],
      }),
      num({
        prompt: 'How many of these numbers are greater than 1/2: 0.55, 45%, 5/8, 0.499, 51%?',
        value: 3,
        difficulty: 0.4,
        hints: [
          'Write 1/2 as 0.5 and 50%.',
          'Compare each number with 0.5: 5/8 = 0.625, 45% = 0.45 and 51% = 0.51.',
        ],
      }),
      param({
        prompt:
          'Which is larger: {{n}}/{{d}} or {{p}}%? Enter 1 if the fraction is larger or 2 if the percent is larger.',
        parameters: { n: [1, 11], d: [2, 12], p: [5, 95] },
        constraint: 'n < d and abs(100 * n / d - p) >= 2',
        expression: '100 * n / d > p ? 1 : 2',
        difficulty: 0.45,
        hints: [
          'Write both numbers in the same form.',
          'Divide the numerator by the denominator and multiply by 100 to get the fraction as a percent.',
        ],
      }),
      param({
        prompt: `What is the difference between {{p}}% and {{n}}/{{d}}? Subtract the smaller from the larger. ${R2}`,
        parameters: { n: [1, 9], d: [2, 10], p: [5, 95, 5] },
        constraint: 'n < d',
        expression: 'abs(p / 100 - n / d)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.55,
        hints: [
          'Write both numbers as decimals.',
          'Subtract the smaller decimal from the larger one and round.',
        ],
      }),
    ],
  };
}

function wordProblems(): UnitSpec {
  const wp = 'frac.word-problems';
  return {
    key: wp,
    title: 'Fraction word problems',
    description:
      'Choose the operation a story calls for, solve with fractions and mixed numbers, and check the answer makes sense.',
    prerequisites: ['frac.add-mixed', 'frac.subtract-mixed', 'frac.multiply', 'frac.divide'],
    video: {
      title: 'Finding the fraction in the story',
      durationSeconds: 340,
      transcript:
        'Word problems hide the operation in the words. "In all" and "altogether" suggest adding. "How much more" and "left" suggest subtracting. "Of" usually means multiply. "How many groups fit" or "shared equally" means divide. Draw a quick picture or a bar model, write the number sentence, then check that the answer makes sense.',
    },
    reading: {
      title: 'A plan for word problems',
      estimatedMinutes: 6,
      body: `A word problem is a story with a calculation hidden inside. A four-step plan helps.

1. **Understand.** What is the whole? What is being asked? Underline the numbers and their units.
2. **Choose the operation.**
   - *Combine* ("in all", "altogether", "total"): add.
   - *Compare or take away* ("how much more", "how much is left"): subtract.
   - *A fraction of an amount* ("3/4 of the class"): multiply.
   - *How many groups fit* or *share equally*: divide.
3. **Solve**, using a picture or bar model if it helps.
4. **Check** that the answer is sensible and has a unit.

**Worked example.** A ribbon is 4 1/2 metres long. Lucy uses 2/3 of it for a gift. How many metres are left?

1. The whole is 4 1/2 m; we want the part *not* used.
2. "2/3 of" → multiply: 2/3 × 4 1/2 = 2/3 × 9/2 = 18/6 = 3 m used.
3. Left: 4 1/2 − 3 = **1 1/2 m**.
4. Check: 1/3 of the ribbon should be left, and 1/3 × 4 1/2 = 1 1/2.

Key words are clues, not rules: always ask what the whole is.`,
    },
    items: [
      mc({
        prompt:
          'A class of 28 students voted on a trip, and 3/4 of them voted for a picnic. How many students voted for the picnic?',
        choices: [
          { text: '21', correct: true },
          {
            text: '7',
            feedback: '7 is 1/4 of the class. Three quarters is three of those groups.',
          },
          { text: '37', feedback: 'Do not add. Find 1/4 of 28, then take 3 of those.' },
          { text: '3/4', feedback: 'The question asks for a number of students, not a fraction.' },
        ],
        difficulty: 0.35,
        hints: ['"3/4 of" the class means multiply.', 'Find 1/4 of 28, then multiply by 3.'],
        also: ['frac.of-a-set'],
      }),
      num({
        prompt:
          'Jon spent 1/3 of an hour reading and 1/4 of an hour on maths. How many minutes did he spend in all?',
        value: 35,
        unit: 'minutes',
        difficulty: 0.5,
        hints: [
          'Work out each part in minutes first: an hour has 60 minutes.',
          'Find 1/3 of 60 and 1/4 of 60, then add.',
        ],
        also: ['frac.add-unlike'],
      }),
      text({
        prompt:
          'A water tank is 5/6 full. After watering the garden it is 1/4 full. What fraction of the tank was used? Give it in simplest form, like 2/9.',
        accepted: fractionSpellings(frac(10 - 3, 12)),
        difficulty: 0.5,
        hints: [
          'The water used is the difference between the two amounts.',
          'Subtract 1/4 from 5/6 using twelfths: 10/12 − 3/12.',
        ],
        also: ['frac.subtract-unlike'],
      }),
      num({
        prompt: 'How many 3/4-hour lessons fit into 6 hours?',
        value: 8,
        unit: 'lessons',
        difficulty: 0.45,
        hints: ['"How many fit" means divide.', 'Compute 6 ÷ 3/4 = 6 × 4/3.'],
        also: ['frac.divide'],
      }),
      text({
        prompt:
          'A recipe needs 2/3 cup of sugar. You make half of the recipe. How much sugar do you need? Give a fraction in simplest form, like 2/9.',
        accepted: fractionSpellings(frac(1, 3)),
        difficulty: 0.45,
        hints: ['Half of the recipe means 1/2 of each amount.', 'Multiply 1/2 × 2/3.'],
        also: ['frac.multiply'],
      }),
      mc({
        prompt:
          'Mina has 3 1/2 pizzas and wants to give each friend 1/2 of a pizza. Which calculation tells how many friends she can feed?',
        choices: [
          { text: '3 1/2 ÷ 1/2', correct: true },
          { text: '3 1/2 × 1/2', feedback: 'That finds half of 3 1/2 pizzas.' },
          { text: '3 1/2 − 1/2', feedback: 'That finds what is left after one friend is served.' },
          { text: '1/2 ÷ 3 1/2', feedback: 'That asks how many groups of 3 1/2 fit into 1/2.' },
        ],
        difficulty: 0.4,
        hints: [
          'The question asks how many halves fit into 3 1/2.',
          '"How many fit" calls for division, with the total first.',
        ],
        also: ['frac.divide-mixed'],
      }),
      num({
        prompt:
          'A plant was 3 1/4 inches tall. Two weeks later it is 5 1/2 inches tall. How many inches did it grow? Give the answer as a decimal.',
        value: 2.25,
        tolerance: 0.001,
        unit: 'inches',
        difficulty: 0.5,
        hints: [
          'How much it grew is the difference between the two heights.',
          'Compute 5 1/2 − 3 1/4 using fourths, then write the result as a decimal.',
        ],
        also: ['frac.subtract-mixed'],
      }),
      mc({
        prompt:
          'Ravi practised piano for 2 1/4 hours on Saturday and 1 3/4 hours on Sunday. How long did he practise in all?',
        choices: [
          { text: '4 hours', correct: true },
          {
            text: '3 4/8 hours',
            feedback: 'Adding tops and bottoms does not work: 1/4 + 3/4 = 4/4 = 1.',
          },
          {
            text: '3 hours',
            feedback: 'Do not forget the fractions: 1/4 + 3/4 makes one more hour.',
          },
          { text: '4 1/2 hours', feedback: '1/4 + 3/4 is exactly 1, not 1 1/2.' },
        ],
        difficulty: 0.35,
        hints: ['Add the whole hours and the fractions separately.', '1/4 + 3/4 = 1 whole hour.'],
        also: ['frac.add-mixed'],
      }),
      param({
        prompt:
          'A tank holds {{c}} litres and is {{a}}/{{b}} full. How many litres of water are in it?',
        parameters: { c: [12, 120, 12], a: [1, 5], b: [2, 6] },
        constraint: 'a < b and mod(c, b) == 0',
        expression: 'c / b * a',
        unit: 'litres',
        difficulty: 0.4,
        hints: [
          'The water is a fraction of the full tank: multiply.',
          'Divide the capacity by the denominator, then multiply by the numerator.',
        ],
        also: ['frac.of-a-set'],
      }),
      param({
        prompt: `{{p}} pizzas are shared equally among {{n}} friends. How much pizza does each friend get? ${R2}`,
        parameters: { p: [1, 9], n: [2, 12] },
        constraint: 'p != n',
        expression: 'p / n',
        tolerance: ROUNDED_2DP,
        unit: 'pizzas',
        difficulty: 0.45,
        hints: [
          'Sharing equally means dividing.',
          'Divide the number of pizzas by the number of friends.',
        ],
        also: ['frac.divide'],
      }),
      param({
        prompt: `A runner trains {{w}} {{a}}/{{b}} miles every day. How many miles does she run in {{n}} days? ${R2}`,
        parameters: { w: [1, 6], a: [1, 3], b: [2, 4], n: [2, 7] },
        constraint: 'a < b',
        expression: '(w + a / b) * n',
        tolerance: ROUNDED_2DP,
        unit: 'miles',
        difficulty: 0.5,
        hints: [
          'The same distance repeated every day calls for multiplication.',
          'Multiply the mixed number by the number of days (as an improper fraction or part by part), then write it as a decimal.',
        ],
        also: ['frac.multiply-mixed'],
      }),
    ],
  };
}

function ratioIntro(): UnitSpec {
  return {
    key: 'frac.ratio-intro',
    title: 'Introduction to ratios',
    description:
      'Write part-to-part and part-to-whole ratios in the right order and in simplest form.',
    prerequisites: ['frac.of-a-set', 'frac.simplify'],
    video: {
      title: 'What is a ratio?',
      durationSeconds: 250,
      transcript:
        'A ratio compares two quantities. If a fruit bowl has 3 apples and 5 oranges, the ratio of apples to oranges is 3 to 5, written 3:5. Order matters: oranges to apples is 5:3. A ratio can also compare a part with the whole: apples to all the fruit is 3:8, and that is the same as saying 3/8 of the fruit is apples.',
    },
    reading: {
      title: 'Comparing with ratios',
      estimatedMinutes: 5,
      body: `A **ratio** compares two quantities. If a class has 12 girls and 10 boys, the ratio of girls to boys is **12 to 10**, written 12:10.

**Order matters.** Boys to girls is 10:12, a different ratio. Always write the quantities in the order the question names them.

**Simplest form.** Divide both numbers by their greatest common factor, just like a fraction: 12:10 = 6:5. For every 6 girls there are 5 boys.

**Part-to-part and part-to-whole.**

- Girls to boys, 12:10, compares one part with another part.
- Girls to the whole class, 12:22 = 6:11, compares a part with the whole. A part-to-whole ratio is the same as a fraction: 6/11 of the class are girls.

**Worked example.** A bag has 8 red and 12 blue beads. Write the ratio of blue beads to all beads in simplest form.

1. Blue: 12. All beads: 8 + 12 = 20.
2. Blue to all: 12:20.
3. GCF(12, 20) = 4, so 12:20 = **3:5**. Three fifths of the beads are blue.

A part-to-part ratio such as 6:5 is not a fraction of the whole: the girls are 6/11 of the class, not 6/5.`,
    },
    interactive: {
      title: 'Ratio mixer',
      description: 'Mix cups of paint in different ratios and compare the colours you get.',
      estimatedMinutes: 6,
    },
    items: [
      mc({
        prompt: 'A farm has 4 cows and 9 sheep. What is the ratio of sheep to cows?',
        choices: [
          { text: '9:4', correct: true },
          { text: '4:9', feedback: 'Order matters: the question names sheep first.' },
          { text: '9:13', feedback: 'That compares the sheep with all the animals.' },
          { text: '4:13', feedback: 'That compares the cows with all the animals.' },
        ],
        difficulty: 0.2,
        hints: [
          'Write the quantities in the order the question names them.',
          'Sheep first, then cows.',
        ],
      }),
      mc({
        prompt: 'Write the ratio 6:8 in simplest form.',
        choices: [
          { text: '3:4', correct: true },
          { text: '4:3', feedback: 'Order matters: keep the 6 part first.' },
          { text: '2:4', feedback: 'Divide both parts by the same number: 6 ÷ 2 = 3.' },
          { text: '1:2', feedback: '6:8 is not the same as 4:8. Divide both parts by 2.' },
        ],
        difficulty: 0.3,
        hints: [
          'Find the greatest common factor of 6 and 8.',
          'Divide both parts of the ratio by 2.',
        ],
      }),
      mc({
        prompt: 'A bag holds 5 red and 3 green apples. What fraction of the apples are red?',
        choices: [
          { text: '5/8', correct: true },
          {
            text: '5/3',
            feedback:
              'That is the ratio of red to green, part to part. Compare red with all the apples.',
          },
          { text: '3/8', feedback: 'That is the fraction that are green.' },
          { text: '3/5', feedback: 'That compares green with red.' },
        ],
        difficulty: 0.35,
        hints: ['How many apples are there in all?', 'Red apples over all apples.'],
      }),
      text({
        prompt:
          'A team won 10 games and lost 6. Write the ratio of wins to losses in simplest form, like 2:3.',
        accepted: ratioSpellings(5, 3),
        difficulty: 0.4,
        hints: ['Start with 10:6.', 'Divide both parts by their greatest common factor, 2.'],
      }),
      text({
        prompt:
          'A class has 14 girls and 16 boys. Write the ratio of girls to all students in simplest form, like 2:3.',
        accepted: ratioSpellings(7, 15),
        difficulty: 0.5,
        hints: [
          'First find the number of students in all.',
          'Girls to all students is 14:30; divide both parts by 2.',
        ],
      }),
      num({
        prompt:
          'A smoothie uses 2 cups of fruit for every 1 cup of yoghurt. How many cups of fruit go with 3 cups of yoghurt?',
        value: 6,
        unit: 'cups',
        difficulty: 0.3,
        hints: ['Each cup of yoghurt needs 2 cups of fruit.', 'Multiply the cups of yoghurt by 2.'],
      }),
      param({
        prompt: `A class has {{g}} girls and {{b}} boys. How many girls are there for every 1 boy? ${R2}`,
        parameters: { g: [8, 18], b: [8, 18] },
        constraint: 'g != b',
        expression: 'g / b',
        tolerance: ROUNDED_2DP,
        difficulty: 0.5,
        hints: [
          'The ratio of girls to boys is girls : boys. Scale it so the boys part is 1.',
          'Divide the number of girls by the number of boys.',
        ],
      }),
      param({
        prompt:
          'A recipe uses {{a}} cups of flour and {{b}} cups of sugar. Written in simplest form, the ratio of flour to sugar is x:y. What is x?',
        parameters: { a: [2, 12], b: [2, 12] },
        constraint: 'a != b and gcd(a, b) > 1',
        expression: 'a / gcd(a, b)',
        difficulty: 0.45,
        hints: [
          'Flour comes first in the ratio.',
          'Divide both numbers by their greatest common factor; x is the new flour number.',
        ],
      }),
    ],
  };
}

function equivalentRatios(): UnitSpec {
  return {
    key: 'frac.equivalent-ratios',
    title: 'Equivalent ratios and unit rates',
    description: 'Scale ratios up and down, complete ratio tables, and find unit rates.',
    prerequisites: ['frac.ratio-intro', 'frac.equivalent'],
    video: {
      title: 'Scaling ratios',
      durationSeconds: 270,
      transcript:
        'Equivalent ratios describe the same relationship. If lemonade uses 2 cups of lemon juice for 5 cups of water, then 4 to 10 and 6 to 15 taste the same. Multiply both parts by the same number. A unit rate compares to one: 150 kilometres in 3 hours is 50 kilometres per hour.',
    },
    reading: {
      title: 'Ratio tables and unit rates',
      estimatedMinutes: 5,
      body: `**Equivalent ratios** describe the same comparison, just like equivalent fractions. Multiply or divide **both** parts by the same number:

2:5 = 4:10 = 6:15 = 20:50

A **ratio table** lists equivalent ratios in columns:

| Lemon juice (cups) | 2 | 4 | 6 | 8 |
|---|---|---|---|---|
| Water (cups) | 5 | 10 | 15 | 20 |

**Unit rate.** A rate compares quantities with different units. A **unit rate** says how much per **one** unit: divide. 120 km in 2 hours → 120 ÷ 2 = **60 km per hour**.

**Worked example.** The ratio of cats to dogs at a shelter is 3:4. There are 18 cats. How many dogs?

1. What turns 3 into 18? 3 × 6 = 18.
2. Do the same to the other part: 4 × 6 = 24.
3. So there are **24 dogs**, and 3:4 = 18:24.

Check: 18 ÷ 3 = 6 and 24 ÷ 4 = 6, the same scale factor.

**Careful:** adding the same amount to both parts does not keep a ratio. 3:4 is not 18:19.`,
    },
    items: [
      mc({
        prompt: 'Which ratio is equivalent to 3:5?',
        choices: [
          { text: '9:15', correct: true },
          { text: '5:7', feedback: 'Adding 2 to both parts changes the ratio. Multiply instead.' },
          { text: '5:3', feedback: 'Order matters: 5:3 is the reverse comparison.' },
          { text: '6:8', feedback: 'Adding 3 to both parts changes the ratio. 3:5 × 2 = 6:10.' },
        ],
        difficulty: 0.3,
        hints: [
          'Equivalent ratios come from multiplying both parts by the same number.',
          'Which choice is 3:5 with both parts multiplied by 3?',
        ],
      }),
      mc({
        prompt: 'Which is the better buy: 6 pencils for $3 or 10 pencils for $4?',
        choices: [
          { text: '10 for $4 ($0.40 per pencil)', correct: true },
          {
            text: '6 for $3 ($0.50 per pencil)',
            feedback: '$0.50 per pencil costs more than $0.40 per pencil.',
          },
          {
            text: 'They cost the same per pencil.',
            feedback: 'Find each unit price: $3 ÷ 6 and $4 ÷ 10.',
          },
        ],
        difficulty: 0.5,
        hints: [
          'Compare the price of one pencil in each deal.',
          'Divide the price by the number of pencils: $3 ÷ 6 and $4 ÷ 10.',
        ],
        also: ['frac.word-problems'],
      }),
      num({
        prompt: 'Complete the equivalent ratios: 4:7 = 12:?',
        value: 21,
        difficulty: 0.3,
        hints: ['What turns 4 into 12?', '4 × 3 = 12, so multiply 7 by 3 as well.'],
      }),
      num({
        prompt:
          'A car travels 180 km in 3 hours at a steady speed. How many kilometres does it travel per hour?',
        value: 60,
        unit: 'km per hour',
        difficulty: 0.25,
        hints: [
          '"Per hour" asks for the distance in 1 hour.',
          'Divide the distance by the number of hours.',
        ],
      }),
      num({
        prompt:
          'The ratio of boys to girls in a club is 2:3. There are 15 girls. How many boys are there?',
        value: 10,
        unit: 'boys',
        difficulty: 0.4,
        hints: [
          'What turns the girls part, 3, into 15?',
          '3 × 5 = 15, so multiply the boys part by 5 as well.',
        ],
      }),
      text({
        prompt: 'Write the ratio 15:25 in simplest form, like 2:3.',
        accepted: ratioSpellings(3, 5),
        difficulty: 0.3,
        hints: [
          'Find the greatest common factor of 15 and 25.',
          'Divide both parts of the ratio by 5.',
        ],
      }),
      param({
        prompt:
          'The ratio of cats to dogs at a shelter is {{a}}:{{b}}. There are {{n}} cats. How many dogs are there?',
        parameters: { a: [2, 5], b: [2, 7], n: [6, 60, 6] },
        constraint: 'a != b and mod(n, a) == 0 and n > a',
        expression: 'n / a * b',
        unit: 'dogs',
        difficulty: 0.45,
        hints: [
          'What do you multiply the cats part of the ratio by to get the number of cats?',
          'Divide the number of cats by the cats part, then multiply the dogs part by that scale factor.',
        ],
      }),
      param({
        prompt:
          'A cyclist rides {{m}} km in {{h}} hours at a steady speed. How many kilometres does she ride per hour?',
        parameters: { m: [24, 120, 6], h: [2, 6] },
        constraint: 'mod(m, h) == 0',
        expression: 'm / h',
        unit: 'km per hour',
        difficulty: 0.35,
        hints: [
          'A unit rate is the amount for one hour.',
          'Divide the distance by the number of hours.',
        ],
      }),
    ],
  };
}

function ratioPartWhole(): UnitSpec {
  return {
    key: 'frac.ratio-part-whole',
    title: 'Ratios and fractions of a whole',
    description:
      'Turn a part-to-part ratio into fractions of the whole, and share a total in a given ratio.',
    prerequisites: ['frac.equivalent-ratios', 'frac.of-a-set'],
    video: {
      title: 'From ratios to fractions',
      durationSeconds: 260,
      transcript:
        'If the ratio of red to blue marbles is 2 to 3, then out of every 5 marbles, 2 are red. So red marbles are 2/5 of the total, and blue ones 3/5. With 40 marbles there are 8 groups of 5, so 16 are red and 24 are blue.',
    },
    reading: {
      title: 'Sharing in a ratio',
      estimatedMinutes: 5,
      body: `A part-to-part ratio hides a fraction of the whole. If red and blue marbles are in the ratio **2:3**, then every group of 2 + 3 = **5** marbles has 2 red and 3 blue:

- red marbles are **2/5** of all the marbles,
- blue marbles are **3/5** of all the marbles.

**Sharing in a ratio.** To split a total in the ratio a:b:

1. Add the parts: a + b.
2. Divide the total by a + b to get the size of one part.
3. Multiply by a and by b.

**Worked example.** Ana and Ben share $45 in the ratio 4:5. How much does each get?

1. Parts: 4 + 5 = 9.
2. One part: $45 ÷ 9 = $5.
3. Ana: 4 × $5 = **$20**. Ben: 5 × $5 = **$25**.

Check: $20 + $25 = $45, and 20:25 simplifies to 4:5.

**Careful:** with a ratio of 4:5, Ana does *not* get 4/5 of the money. Her fraction is 4/(4 + 5) = 4/9.`,
    },
    items: [
      mc({
        prompt: 'Red and blue marbles are in the ratio 2:3. What fraction of the marbles are red?',
        choices: [
          { text: '2/5', correct: true },
          {
            text: '2/3',
            feedback: '2/3 compares red with blue. Compare red with all the marbles.',
          },
          { text: '3/5', feedback: 'That is the fraction that are blue.' },
          {
            text: '1/2',
            feedback: 'There are fewer red marbles than blue ones, so less than half are red.',
          },
        ],
        difficulty: 0.35,
        hints: [
          'How many marbles are in each group of 2 red and 3 blue?',
          'Red parts over all parts: 2 out of 5.',
        ],
      }),
      mc({
        prompt: 'Juice and water are mixed in the ratio 1:4. What percent of the drink is juice?',
        choices: [
          { text: '20%', correct: true },
          { text: '25%', feedback: '1:4 means 1 part juice out of 5 parts in all, not out of 4.' },
          { text: '14%', feedback: 'Juice is 1 of 5 equal parts: 1/5 = 20%.' },
          { text: '40%', feedback: 'Juice is 1 of 5 equal parts: 1/5 = 20%.' },
        ],
        difficulty: 0.5,
        hints: [
          'How many parts are there in all?',
          'Juice is 1 part out of 1 + 4 = 5 parts. Write 1/5 as a percent.',
        ],
      }),
      mc({
        prompt:
          'A paint mix uses blue and yellow in the ratio 2:5. You make 14 litres of paint. How many litres are blue?',
        choices: [
          { text: '4', correct: true },
          { text: '5.6', feedback: 'Blue is 2/7 of the mix, not 2/5.' },
          { text: '10', feedback: 'That is the yellow paint.' },
          { text: '7', feedback: 'That would be half, but the ratio is not 1:1.' },
        ],
        difficulty: 0.55,
        hints: ['There are 2 + 5 = 7 parts in all.', 'One part is 14 ÷ 7 litres; blue is 2 parts.'],
        also: ['frac.word-problems'],
      }),
      text({
        prompt:
          'Boys and girls in a choir are in the ratio 3:4. What fraction of the choir are girls? Write it like 2/9.',
        accepted: fractionSpellings(frac(4, 7)),
        difficulty: 0.4,
        hints: ['How many parts are there in all?', 'Girls are 4 parts out of 3 + 4.'],
      }),
      num({
        prompt: 'Kim and Lee share 36 stickers in the ratio 5:7. How many stickers does Lee get?',
        value: 21,
        unit: 'stickers',
        difficulty: 0.5,
        hints: ['Add the parts: 5 + 7 = 12.', 'One part is 36 ÷ 12 stickers; Lee gets 7 parts.'],
        also: ['frac.word-problems'],
      }),
      num({
        prompt:
          'A bag of 30 sweets has lemon and cherry sweets in the ratio 3:2. How many are cherry?',
        value: 12,
        unit: 'sweets',
        difficulty: 0.45,
        hints: [
          'There are 3 + 2 = 5 parts in all.',
          'One part is 30 ÷ 5 sweets; cherry is 2 parts.',
        ],
      }),
      param({
        prompt: `The ratio of red to blue marbles in a jar is {{a}}:{{b}}. What fraction of the marbles are red? ${R2}`,
        parameters: { a: [1, 7], b: [1, 7] },
        constraint: 'a != b',
        expression: 'a / (a + b)',
        tolerance: ROUNDED_2DP,
        difficulty: 0.45,
        hints: [
          'Add the two parts of the ratio to get the number of parts in all.',
          'Divide the red part by the total number of parts.',
        ],
      }),
      param({
        prompt:
          'Red and blue marbles are in the ratio {{a}}:{{b}}, and there are {{t}} marbles in all. How many are red?',
        parameters: { a: [1, 5], b: [1, 5], t: [12, 120, 12] },
        constraint: 'mod(t, a + b) == 0',
        expression: 't / (a + b) * a',
        unit: 'marbles',
        difficulty: 0.55,
        hints: [
          'Add the parts of the ratio to find how many parts make the whole.',
          'Divide the total by the number of parts, then multiply by the red part.',
        ],
        also: ['frac.word-problems'],
      }),
    ],
  };
}

/** Units 26–32: decimals, percents, word problems and ratios. */
export function applicationUnits(): UnitSpec[] {
  return [
    decimals(),
    percents(),
    compareForms(),
    wordProblems(),
    ratioIntro(),
    equivalentRatios(),
    ratioPartWhole(),
  ];
}
