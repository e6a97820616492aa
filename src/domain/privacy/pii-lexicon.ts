/**
 * Word lists used by the PII redactor (`pii-redactor.ts`). Keys are lower case.
 *
 * - `COMMON_WORD_NAMES`: given and family names that are also ordinary English words (or months,
 *   seasons, maths terms). A roster name in this list is "ambiguous" and only redacted with
 *   evidence that it is used as a name (see the name rules in `pii-redactor.ts`). Curated by hand;
 *   a tenant can extend it through `PiiRedactorProps.commonWords`.
 * - `CALENDAR_NAMES`: the subset that are months or seasons, which stay capitalised when used as
 *   words, so capitalisation is no evidence for them.
 * - `NICKNAMES`: common English nicknames per formal given name, so that "Will" or "Liz" is
 *   recognised for a roster "William" or "Elizabeth".
 */

/** Names that are also common English words; lower case. */
export const COMMON_WORD_NAMES: ReadonlySet<string> = new Set(
  `
  will bill rob bob chuck pat sue rich rick mark art drew gene grant guy herb jack frank ray
  sandy rusty penny max dean miles hunter mason chase carter cliff glen dale wade lance norm
  sterling victor ace buck bud chip clay colt dash duke earl fox gray grey hank heath hugh
  jay jean june may april august summer autumn winter dawn hope joy faith grace rose lily
  daisy iris ivy holly heather ruby pearl crystal amber jade olive hazel violet fern sage
  sky river rain storm star angel honey candy sunny cherry ginger misty precious harmony
  destiny trinity patience prudence charity mercy happy merry bliss blessing liberty justice
  august autumn summer young long little price hill rice king brown green white black cook
  bell hall lane page wood woods stone banks bank field fields ford frost hunt love marsh moss
  park parks sharp snow swift wise day cross best small short strong power powers bird lamb
  wolf bush rivers waters wells wall walls post street tower steel shepherd fisher miller
  baker cooper turner walker porter hunter mason farmer gardner gardener taylor carpenter
  weaver potter chandler fuller glover knight law nash cash case page reed read bond moody
  noble rich roach bass pike cole brook brooks lake gale hale bishop pope dean major north
  south west east english french german holland
  mean mode sum prime even odd root base rule line point angle ray lucky tad kit nick dot
  sonny sunny don van bo ed al jo mo ty so stew buddy rocky skip trip tucker tank
  sol mint basil rowan pepper ash birch oak maple cedar willow laurel clove poppy
  `
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** Months and seasons: capitalised even when not a name. */
export const CALENDAR_NAMES: ReadonlySet<string> = new Set([
  'april',
  'may',
  'june',
  'august',
  'summer',
  'autumn',
  'winter',
]);

/** Words that, right before a capitalised token, mark it as a name ("Ms. Brown"). */
export const HONORIFICS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'coach',
  'sir',
  'madam',
]);

/**
 * Words after a capitalised, sentence-initial ambiguous token that mark it as a name
 * ("Will said …", "Grace and I …"). "is"/"was" count only when not followed by a number.
 */
export const NAME_FOLLOWERS: ReadonlySet<string> = new Set([
  'said',
  'says',
  'asked',
  'asks',
  'wrote',
  'writes',
  'thinks',
  'thought',
  'told',
  'tells',
  'explained',
  'explains',
  'posted',
  'posts',
  'mentioned',
  'got',
  'gets',
  'found',
  'finds',
  'showed',
  'shows',
  'solved',
  'solves',
  'helped',
  'helps',
  'answered',
  'replied',
  'agreed',
  'agrees',
  'and',
  'is',
  'was',
  'has',
  'had',
  'did',
  'does',
  'also',
  'just',
  'already',
  'suggested',
  'noticed',
  'forgot',
  'missed',
  'worked',
  'checked',
  'used',
  'uses',
  'made',
  'knows',
  'knew',
  'wants',
  'wanted',
  'needs',
  'needed',
]);

/**
 * Words after a capitalised ambiguous token in mid-sentence that show it is used as a word
 * ("Will this…", "Grant me…", "Price per kg…"): pronouns, "per", "of", "be". Determiners are not
 * in it: "according to Dean the key is wrong" is common.
 */
export const WORD_FOLLOWERS: ReadonlySet<string> = new Set(
  'this these those we you i it they he she me us him them per of be'.split(' '),
);

/**
 * Words after which a capitalised word may start a new clause (informal posts often drop the
 * full stop): discourse markers and greetings' last words ("Hi all, …", "ok so …").
 */
export const DISCOURSE_MARKERS: ReadonlySet<string> = new Set(
  'so ok okay also anyway lol lmao haha hahaha omg um umm hmm well yeah yes no nvm all everyone guys folks yall'.split(
    ' ',
  ),
);

/** "Pat can you …": a sentence-initial word followed by one of these and "you" is addressed. */
export const QUESTION_VERBS: ReadonlySet<string> = new Set([
  'can',
  'could',
  'would',
  'will',
  'do',
  'did',
  'are',
  'have',
]);

/** Verbs after an ambiguous word that make it a name even in lower case ("will said"). */
export const REPORTING_VERBS: ReadonlySet<string> = new Set(
  'said says asked asks wrote writes thinks thought told tells explained explains posted mentioned replied agreed suggested noticed'.split(
    ' ',
  ),
);

/** Greetings and thanks before a name: "hi will", "thanks grace!". */
export const GREETINGS: ReadonlySet<string> = new Set(
  'hi hey hello heya yo dear thanks thx ty cheers congrats sorry'.split(' '),
);

/** Words before a month that make it a date, not a name ("due in April", "by May"). */
export const DATE_PREPOSITIONS: ReadonlySet<string> = new Set([
  'in',
  'on',
  'by',
  'since',
  'until',
  'till',
  'before',
  'after',
  'during',
  'from',
  'through',
  'of',
  'next',
  'last',
  'this',
  'every',
  'early',
  'late',
  'mid',
  'end',
  'since',
  'into',
  'until',
  'for',
  'each',
]);

/** Nicknames per formal given name (lower case). */
export const NICKNAMES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>(
  [
    ['william', ['will', 'bill', 'billy', 'liam', 'willie']],
    ['robert', ['rob', 'bob', 'bobby', 'robbie']],
    ['richard', ['rich', 'rick', 'richie']],
    ['edward', ['ed', 'eddie', 'ted']],
    ['elizabeth', ['liz', 'beth', 'lizzie', 'eliza', 'betty']],
    ['katherine', ['kate', 'katie', 'kat', 'kathy']],
    ['catherine', ['kate', 'katie', 'cat', 'cathy']],
    ['margaret', ['maggie', 'meg', 'peggy']],
    ['michael', ['mike', 'mikey']],
    ['joseph', ['joe', 'joey']],
    ['james', ['jim', 'jimmy', 'jamie']],
    ['john', ['jack', 'johnny']],
    ['jonathan', ['jon', 'jonny']],
    ['andrew', ['andy', 'drew']],
    ['anthony', ['tony']],
    ['rebecca', ['becky', 'becca']],
    ['victoria', ['vicky', 'tori']],
    ['abigail', ['abby']],
    ['isabella', ['bella', 'izzy']],
    ['isabel', ['izzy', 'bella']],
    ['gabriel', ['gabe']],
    ['gabriella', ['gabby', 'ella']],
    ['zachary', ['zach', 'zack']],
    ['joshua', ['josh']],
    ['nathaniel', ['nate', 'nat']],
    ['nathan', ['nate']],
    ['timothy', ['tim', 'timmy']],
    ['steven', ['steve']],
    ['stephen', ['steve']],
    ['susan', ['sue', 'susie']],
    ['deborah', ['deb', 'debbie']],
    ['theodore', ['theo', 'ted']],
    ['olivia', ['liv']],
    ['sophia', ['sophie']],
    ['evelyn', ['evie']],
    ['madeline', ['maddie', 'maddy']],
    ['madison', ['maddie', 'maddy']],
    ['charlotte', ['charlie', 'lottie']],
    ['charles', ['charlie', 'chuck']],
    ['frederick', ['fred', 'freddie']],
    ['gregory', ['greg']],
    ['jacob', ['jake']],
    ['kimberly', ['kim']],
    ['lawrence', ['larry']],
    ['leonard', ['leo', 'len']],
    ['penelope', ['penny']],
    ['ronald', ['ron']],
    ['stephanie', ['steph']],
    ['vincent', ['vince']],
    ['alexander', ['alex', 'xander']],
    ['alexandra', ['alex', 'lexi', 'sasha']],
    ['samuel', ['sam', 'sammy']],
    ['samantha', ['sam', 'sammy']],
    ['christopher', ['chris']],
    ['christina', ['chris', 'tina']],
    ['jessica', ['jess', 'jessie']],
    ['nicholas', ['nick', 'nicky']],
    ['nicole', ['nikki']],
    ['matthew', ['matt']],
    ['benjamin', ['ben', 'benny']],
    ['daniel', ['dan', 'danny']],
    ['thomas', ['tom', 'tommy']],
    ['jennifer', ['jen', 'jenny']],
    ['patricia', ['pat', 'patty', 'trish']],
    ['patrick', ['pat', 'paddy']],
    ['henry', ['hank', 'harry']],
    ['harold', ['harry']],
    ['eleanor', ['ellie', 'nora']],
    ['josephine', ['jo', 'josie']],
    ['cameron', ['cam']],
    ['maxwell', ['max']],
    ['maximilian', ['max']],
    ['oliver', ['ollie']],
    ['valerie', ['val']],
    ['dorothy', ['dot', 'dottie']],
    ['gwendolyn', ['gwen']],
    ['jacqueline', ['jackie']],
    ['natalie', ['nat']],
    ['sebastian', ['seb', 'bash']],
    ['mohammed', ['mo']],
    ['muhammad', ['mo']],
  ],
);
