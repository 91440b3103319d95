/**
 * The words the drafter looks for: the pairs of opposites that writing on leadership and management sets
 * against each other, and the words that mark a contrast. Each pair has two sides; a passage contrasts the
 * pair when it names both. Pure data and patterns.
 */

/** Theme keys from the library's vocabulary, suggested for a pair (see the library's entry format). */
export type SuggestedTheme =
  | 'vision-and-direction'
  | 'planning-and-execution'
  | 'people-vs-things'
  | 'inspiration-vs-implementation'
  | 'change'
  | 'stability-and-order'
  | 'time-horizon'
  | 'influence-without-authority'
  | 'title-and-authority'
  | 'trust-and-followers'
  | 'results-and-metrics'
  | 'decisions';

export interface ContrastPair {
  id: string;
  /** How the pair is named in the draft note: "leading vs managing". */
  label: string;
  /** The two sides, each a pattern of the words that name it (global, case-insensitive, Unicode). */
  sides: readonly [RegExp, RegExp];
  /** How much naming both sides counts: the leadership/management pair itself counts most. */
  weight: number;
  themes: readonly SuggestedTheme[];
}

const NOT_WORD = '[\\p{L}\\p{N}]';

/** Whole words (or phrases) only: `alternatives` may not be glued to a letter or digit on either side. */
function words(alternatives: string): RegExp {
  return new RegExp(`(?<!${NOT_WORD})(?:${alternatives})(?!${NOT_WORD})`, 'giu');
}

/** "led to", "leading into", "which leads some people to wonder" are about causes, not leading people. */
const LEAD_VERB =
  '(?<!(?<![\\p{L}\\p{N}])(?:which|that|this|it|what)\\s+)(?:leads?|leading|led)(?!\\s+(?:to|into)(?![\\p{L}\\p{N}]))';

export const PAIRS: readonly ContrastPair[] = [
  {
    id: 'lead-manage',
    label: 'leading vs managing',
    sides: [
      words(`leaders?|leaderships?|${LEAD_VERB}`),
      // "managment" is a common misspelling; "boss" is the everyday word set against "leader".
      words('manag(?:e|es|ed|ing|er|ers|ement|ements|erial)|managment|boss(?:es)?'),
    ],
    weight: 3,
    themes: [],
  },
  {
    id: 'vision-execution',
    label: 'vision vs execution',
    sides: [
      words('visions?|visionar(?:y|ies)|envision(?:s|ed|ing)?|horizons?|direction|purpose'),
      words(
        'execut(?:e|es|ed|ing|ion)|implement(?:s|ed|ing|ation)?|plan(?:s|ned|ning)?|budget(?:s|ed|ing)?|milestones?|deliver(?:s|ed|ing|y)?',
      ),
    ],
    weight: 2,
    themes: ['vision-and-direction', 'planning-and-execution'],
  },
  {
    id: 'people-things',
    label: 'people vs things',
    sides: [
      words('people|persons?|human beings|humans|relationships?|individuals'),
      words(
        'things|tasks?|systems?|process(?:es)?|resources|inventory|assets|materiel|spreadsheets?|numbers',
      ),
    ],
    weight: 2,
    themes: ['people-vs-things'],
  },
  {
    id: 'inspire-control',
    label: 'inspiring vs controlling',
    sides: [
      words('inspir(?:e|es|ed|ing|ation|ational)|motivat(?:e|es|ed|ing|ion)|encourag(?:e|es|ed|ing|ement)'),
      words(
        'control(?:s|led|ling)?|command(?:s|ed|ing)?|compl(?:y|ies|ied|iance)|enforc(?:e|es|ed|ing)|obe(?:y|ys|yed|dience)|implementation',
      ),
    ],
    weight: 2,
    themes: ['inspiration-vs-implementation'],
  },
  {
    id: 'change-stability',
    label: 'change vs stability',
    sides: [
      words(
        'chang(?:e|es|ed|ing)|transform(?:s|ed|ing|ation)?|innovat(?:e|es|ed|ing|ion)|disrupt(?:s|ed|ing|ion)?',
      ),
      words(
        'stab(?:le|ility)|status quo|complexity|consisten(?:t|cy)|predictab(?:le|ility)|maint(?:ain|ains|ained|aining|enance)|preserv(?:e|es|ed|ing)|routines?',
      ),
    ],
    weight: 2,
    themes: ['change', 'stability-and-order'],
  },
  {
    id: 'future-present',
    label: 'the future vs the present',
    sides: [
      words('future|long[- ]term|tomorrow|years? ahead|long time[- ]spans?'),
      words('present|short[- ]term|today|immediate|day[- ]to[- ]day|here and now'),
    ],
    weight: 2,
    themes: ['time-horizon'],
  },
  {
    id: 'right-things',
    label: 'doing the right things vs doing things right',
    sides: [words('right things?'), words('things? right')],
    weight: 2,
    themes: ['decisions'],
  },
  {
    id: 'influence-authority',
    label: 'influence vs authority',
    sides: [
      words('influenc(?:e|es|ed|ing)|persua(?:de|des|ded|ding|sion)|followers?|followership|earned|granted'),
      words(
        'authority|titles?|rank|appoint(?:s|ed|ing)?|hierarch(?:y|ies|ical)|org chart|subordinates?|promot(?:e|es|ed|ing|ion)',
      ),
    ],
    weight: 2,
    themes: ['influence-without-authority', 'title-and-authority', 'trust-and-followers'],
  },
  {
    id: 'effective-efficient',
    label: 'effectiveness vs efficiency',
    sides: [words('effective(?:ness)?'), words('efficien(?:t|cy)')],
    weight: 2,
    themes: ['results-and-metrics'],
  },
  {
    id: 'strategy-tactics',
    label: 'strategy vs tactics',
    sides: [words('strateg(?:y|ies|ic)'), words('tactic(?:s|al)?|operational')],
    weight: 2,
    themes: ['vision-and-direction', 'planning-and-execution'],
  },
];

/** Words that say outright that two things differ. */
export const STRONG_MARKERS = words(
  'vs\\.?|versus|whereas|on the other hand|rather than|as opposed to|in contrast|by contrast|unlike|not the same|opposites?|instead of|not the other',
);

/** Words that often, not always, introduce a contrast. */
export const WEAK_MARKERS = words(
  'but|while|however|differences?|different|differ|distinctions?|distinguish(?:es|ed)?',
);

/** Words that only join two names into one topic: "leadership and management", "leaders/managers", "Tasks, Manage, and Lead". */
export const JOINER =
  /^\s*,?\s*(?:(?:and|or|and\/or|nor|&|\/|vs\.?|versus|-|–|as well as)\s*(?:(?:a|an|the)\s+)?)?$/i;

/** "the difference between" right before a joined pair names the topic; it does not contrast anything. */
export const TOPIC_LEAD = /^\s+(?:(?:is|are|lies)\s+)?(?:between|of)\s+(?:(?:a|an|the)\s+)?$/i;

/** Where a clause begins: the start, after punctuation that ends a clause, or after a contrasting conjunction. */
export const CLAUSE_START =
  /(?:^[\s"“”'‘’([*•·-]*|[.;:,!?—–(]\s*["“'‘]?\s*|\s-\s|(?<![\p{L}\p{N}])(?:while|whereas|but|and|yet)\s+)$/iu;
