// Words that open sentences: they tell a boundary after a doubtful full stop, a caption glued to a story, a lead.

/** Words that typically open a sentence; after a doubtful abbreviation they mark a boundary. */
export const OPENERS: ReadonlySet<string> = new Set(
  (
    'A An The He She It They We I You His Her Its Their Our My Your This That These Those There Here ' +
    'But And Or So Yet Now Then However Meanwhile Still Also In On At For From With Without After ' +
    'Before When While As If Although Though Because Since Some Many Most Several Few One Two Three ' +
    'Police Officials Authorities Mr Mrs Ms Dr What Why How Who Where Which Despite During Last Earlier ' +
    'Later Today Yesterday Tomorrow According Under Over About Among Both Each Every No Not Nor Only ' +
    'Other Such Instead Indeed Overall Finally First Second Third Rather Even Just'
  ).split(' '),
);

/** Words that open a sentence; glued after a caption without punctuation they betray the join. */
export const GLUE_OPENERS = new Set(
  'The An He She They We His Her Its Their This These Those But However Ever Now Meanwhile Police Officials'.split(
    ' ',
  ),
);

/** Words of quantity that open a lead ("Hundreds of farmers drove ..."). */
export const QUANTITY_OPENERS = new Set([
  'hundreds',
  'thousands',
  'millions',
  'dozens',
  'several',
  'nearly',
  'almost',
]);

/** Sentence openers that also open names ("The Hague", "Mr Johnson", "First Lady", "One Nation"). */
export const NAME_OPENERS = new Set([
  'the',
  'mr',
  'mrs',
  'ms',
  'dr',
  'one',
  'two',
  'three',
  'first',
  'second',
  'third',
  'last',
]);
