// Speakers: who said each quotation, as the full name the article gives, from the forms news uses.
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../functions/engine/quotes.js';

/** A case: what it shows, the article's paragraphs, the speaker of each quotation in order. */
type Case = [string, string[], (string | null)[]];

function speakers(...paragraphs: string[]): (string | null)[] {
  return extractQuotes({ title: 'Test', paragraphs }).map((q) => q.speaker);
}

describe('attribution forms', () => {
  it.each<Case>([
    [
      'reads "…," X said and "…," said X (1 of 2)',
      ['“The river has never been this low in living memory,” Maria Lopez said.'],
      ['Maria Lopez'],
    ],
    [
      'reads "…," X said and "…," said X (2 of 2)',
      ['“The river has never been this low in living memory,” said Maria Lopez.'],
      ['Maria Lopez'],
    ],
    [
      'reads X said: "…" and X told reporters "…" (1 of 2)',
      ['Maria Lopez said: “The river has never been this low in living memory.”'],
      ['Maria Lopez'],
    ],
    [
      'reads X said: "…" and X told reporters "…" (2 of 2)',
      ['Maria Lopez told reporters, “The river has never been this low in living memory.”'],
      ['Maria Lopez'],
    ],
    [
      'reads according to X, X added and X wrote (1 of 3)',
      ['According to Maria Lopez, “the river has never been this low in living memory.”'],
      ['Maria Lopez'],
    ],
    [
      'reads according to X, X added and X wrote (2 of 3)',
      ['“And it will only get worse from here on,” Maria Lopez added.'],
      ['Maria Lopez'],
    ],
    [
      'reads according to X, X added and X wrote (3 of 3)',
      ['Maria Lopez wrote on Twitter: “The river has never been this low in living memory.”'],
      ['Maria Lopez'],
    ],
    [
      'skips an appositive between the name and the verb',
      [
        '“We were there under legitimate pretenses,” Daryl Kimball, executive director of the Arms Control Association, said.',
      ],
      ['Daryl Kimball'],
    ],
    [
      'reads a name signed after a dash',
      ['“He represents our greatest shame as a country.” ― Sonya Herridge'],
      ['Sonya Herridge'],
    ],
    [
      'reads the speaker of a transcript line',
      [
        'Gov. Mike Pence spoke to Chris Wallace.',
        '"PENCE: Gennifer Flowers will not be attending the debate tomorrow night."',
      ],
      ['Mike Pence'],
    ],
    [
      'takes a colon-introduced paragraph from the sentence before it',
      ['Caddell continued:', '"The health issue overall is very much a partisan issue, he argued."'],
      ['Caddell'],
    ],
    [
      'gives an unattributed paragraph of quotation the speaker of the one before it',
      [
        '“In historical terms, China has been at its strongest on land,” said Niva Yau, prior to the summit.',
        '“Whenever we see that China has major issue with Taiwan, we see China pivoting to central Asia.”',
      ],
      ['Niva Yau', 'Niva Yau'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('names', () => {
  it.each<Case>([
    [
      'links a surname to the full name given earlier',
      [
        'Vladimir Putin thanked Xi Jinping for his support.',
        '“We highly value the balanced position of our Chinese friends,” Putin said.',
      ],
      ['Vladimir Putin'],
    ],
    [
      'strips titles, party tags and possessives',
      [
        '“This is a disgusting day for the country,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus.',
        '“We cannot accept any of this any longer,” said Prime Minister Keir Starmer.',
        '“Our rivers deserve far better than this,” councillor Priya Shah said.',
        '“The evidence on this is very clear,” Dr. Anne Smith said.',
        '“The vote will go ahead as planned next week,” Sen. Bernie Sanders (Vt.) told reporters.',
        '“We owe them an answer within the month,” said President Barack Obama.',
      ],
      ['G.K. Butterfield', 'Keir Starmer', 'Priya Shah', 'Anne Smith', 'Bernie Sanders', 'Barack Obama'],
    ],
    [
      'uses the full name for Mr and Ms',
      [
        'John D. Podesta leads the climate effort.',
        '"It will be first-order business for the next administration," Mr. Podesta said.',
      ],
      ['John D. Podesta'],
    ],
    [
      'takes the person, not the organisation, from "a spokeswoman, Name," and "host Name"',
      [
        'A White House spokeswoman, Karine Jean-Pierre, said the president would sign the bill "as soon as it reaches his desk."',
        '“I thought that Mike Pence did all the things right tonight,” said MSNBC host Chris Matthews.',
      ],
      ['Karine Jean-Pierre', 'Chris Matthews'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('organisations', () => {
  it.each<Case>([
    [
      'resolves "the company" to the organisation named before',
      [
        'In a statement, Harlow Steel said: “We deeply regret the impact this will have on our employees.” The company said it would “work tirelessly with the council to find new jobs for every worker”.',
      ],
      ['Harlow Steel', 'Harlow Steel'],
    ],
    [
      'takes an organisation that speaks for itself',
      [
        'Northbrook Water said in a statement that it “accepts the court’s decision in full and apologises”.',
        'The New York Post reports that the team avoided the hospital “to keep the details of her treatment under wraps.”',
        '“The ultimate impact of the vote remains very unclear for now,” the IMF report stated.',
      ],
      ['Northbrook Water', 'The New York Post', 'IMF'],
    ],
    [
      'takes the organisation a spokesman speaks for when he is not named',
      ['“We are reviewing the decision with our lawyers,” said a spokesman for Northbrook Water.'],
      ['Northbrook Water'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('pronouns and descriptions', () => {
  it.each<Case>([
    [
      'resolves he and she by gender',
      [
        'Donald Trump attacked Hillary Clinton over her emails on Monday.',
        '“She should never have been allowed to run for anything,” he said.',
        '“He is temperamentally unfit to be commander in chief,” she said.',
      ],
      ['Donald Trump', 'Hillary Clinton'],
    ],
    [
      'prefers the subject of the sentence to the last name seen',
      [
        'Kerr Putney, the police chief, said the video did not give "absolute definitive visual evidence of a gun," but he said it supported the officers, according to Roy Cooper.',
      ],
      ['Kerr Putney'],
    ],
    [
      'resolves "the minister" to the person the article ties the role to',
      [
        'The environment minister, Emma Clarke, visited the site on Monday with the mayor.',
        '‘Water companies cannot treat our rivers as an open sewer,’ the minister said.',
      ],
      ['Emma Clarke'],
    ],
    [
      'resolves a title to the person who holds it',
      [
        'Sen. Bernie Sanders of Vermont spoke in Iowa.',
        'The senator said there were still "some people" who feel that way, "but not among the vast majority of them."',
      ],
      ['Bernie Sanders'],
    ],
    [
      'prefers a sitting office-holder to a former one for "the governor"',
      [
        'Gov. Maria Alvarez signed the school funding bill on Thursday.',
        'Former Gov. Richard Hale wrote on Twitter: “Throwing money at schools has never fixed them and never will.”',
        '“He had eight years to fix the schools and he didn’t,” the governor said.',
      ],
      ['Richard Hale', 'Maria Alvarez'],
    ],
    [
      'reads "she said" after a sentence about "the governor" as the governor',
      [
        'Gov. Maria Alvarez signed the bill after meeting union leader Linda Cho.',
        '“It is a good start for the schools,” Cho said.',
        'The governor said she would travel the state next week. “I want parents to know what this means,” she said.',
      ],
      ['Linda Cho', 'Maria Alvarez'],
    ],
    [
      'reads "a spokesman" as someone new, not a spokesman named earlier',
      [
        'White House spokeswoman Karine Jean-Pierre spoke first.',
        '“We will not comment on the case at this time,” a Downing Street spokeswoman said.',
      ],
      ['Downing Street'],
    ],
    [
      'takes a surname that is also an organisation word for a person when a first name opens it',
      [
        'Smith’s lawyer, Jane Roe, said: “My client will be cleared of every charge.”',
        'Margaret Hill, 62, from Leeds, said: “I have lived here all my life and never seen flooding like it.”',
        '“We will fight this decision in every court in the land,” she said.',
      ],
      ['Jane Roe', 'Margaret Hill', 'Margaret Hill'],
    ],
    [
      'takes "a spokesperson for the regulator" to speak for the regulator named before',
      [
        'The Information Commissioner’s Office said it was investigating. A spokesperson for the regulator said: "Organisations must take the security of personal information seriously."',
      ],
      ['Information Commissioner’s Office'],
    ],
    [
      'drops a common noun that opens the sentence before a name',
      ['Patient Helen Ward, 71, said: “Nobody from the hospital has called me about it.”'],
      ['Helen Ward'],
    ],
    [
      'gives null when the speaker is unknown (1 of 2)',
      ['“We will not comment on an ongoing investigation,” one official said.'],
      [null],
    ],
    [
      'gives null when the speaker is unknown (2 of 2)',
      ['“We will not comment on an ongoing investigation at all.”'],
      [null],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('a colon after the writer’s clause', () => {
  it.each<Case>([
    // "X put it bluntly: ‘…’" has no verb of saying, yet the colon hands the quotation to the clause's subject.
    [
      'gives the quotation to the subject of the clause the colon ends',
      [
        'The state’s health commissioner, Dr. Alan Whitaker, put it bluntly: “Measles is not a mild illness at all.”',
      ],
      ['Alan Whitaker'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('subjects, roles and titles', () => {
  it.each<Case>([
    // A clause after a name ("was furious that Mbeki…") is not a qualifier: the name is the subject.
    [
      'keeps a name as subject when a verb, not a noun, follows it',
      [
        'Tom Whitlock scored twice for the visitors.',
        'Castleford manager Ian Thwaite was furious that Mbeki’s winner stood, saying the defender had pushed goalkeeper Rhys Pryce.',
        '‘Everybody in the ground saw it apart from the three people paid to see it,’ he said.',
      ],
      ['Ian Thwaite'],
    ],
    // "The MP for Wyre Forest" is a role, not a person called "for Wyre Forest".
    [
      'ties "the MP" to the person named after "The MP for …,"',
      [
        'The MP for Wyre Forest, Lucy Brennan, visited a rest centre in Kidderminster.',
        '‘People here have been flooded three times in five years,’ the MP said.',
      ],
      ['Lucy Brennan'],
    ],
    // A titled one-word name ("Baroness Caldwell") learns its role from the words around it too.
    [
      'ties "the minister" to a one-word titled name',
      [
        'The health minister, Baroness Caldwell, said the government would look at the evidence.',
        '‘Early diagnosis is at the heart of our cancer plan, and we will back the science,’ the minister said.',
      ],
      ['Caldwell'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('descriptions of a person by age or family', () => {
  it.each<Case>([
    // "the 24-year-old", "the grandmother-of-four" stand for the person in view, like a pronoun would.
    [
      'resolves "the 24-year-old said" to the person just named',
      [
        'Summit guard Andre Lyle, who scored 27, was less forgiving. “We got comfortable, and you cannot do that in this league,” the 24-year-old said.',
      ],
      ['Andre Lyle'],
    ],
    [
      'resolves "the grandmother-of-four said" to the woman just named',
      [
        'Maureen Quigley said she had been rejected by 37 literary agents.',
        '‘I kept every one of the rejection letters in a shoebox,’ the grandmother-of-four said.',
      ],
      ['Maureen Quigley'],
    ],
    // A relative clause about the subject ("who managed Rovers") names someone else, not the speaker.
    [
      'skips the names in a relative clause after the description',
      [
        'Declan O’Neill said his Ashby Rovers side had shown character.',
        'The 61-year-old, who managed Rovers in the ’90s before returning last year, added: ‘It was a bit of rock ’n’ roll football in the end.’',
      ],
      ['Declan O’Neill'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('the words before a name', () => {
  it.each<Case>([
    // "the minister told Sky News": "told" and "minister" describe the speaker, not Sky News.
    [
      'does not take a verb and its subject as roles of the name after them',
      [
        '‘We have built more homes in the last year than in any year since the 1970s,’ the minister told Sky News.',
      ],
      [null],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('police ranks in capitals', () => {
  it.each<Case>([
    // DI, DS, PC, DCI are titles only as written in capitals: "Di" is part of Luigi Di Maio's name.
    [
      'keep a name that holds a rank abbreviation in ordinary case',
      ['"We will study the ruling carefully before we decide anything," said Luigi Di Maio.'],
      ['Luigi Di Maio'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('names of places', () => {
  it.each<Case>([
    // A one-word name the article only ever puts after "in" or "at" (or joined to one that is) is a place: "she"
    // may not fall to it, however few people the sentence offers.
    [
      'never give "she" to a name seen only after in, at or "and" after one',
      [
        'The river burst its banks in Shropshire and Worcestershire. A pensioner was carried from her bungalow in Bewdley at 3am.',
        '‘The water came up through the floorboards so fast I had no time,’ she said.',
      ],
      [null],
    ],
    [
      'count "outside", "across" and the like as words of place too',
      [
        'Supporters gathered outside Anfield and across Merseyside before the match.',
        '"We have waited thirty years for a night like this one," she said.',
      ],
      [null],
    ],
    [
      'still give "she" to a name seen after in and also on its own',
      [
        'Flood water reached the house of Mrs Okafor in Bewdley. Okafor moved upstairs with her dog.',
        '‘The water came up through the floorboards so fast I had no time,’ she said.',
      ],
      ['Okafor'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('ages', () => {
  it.each<Case>([
    // "Gareth Pryce, 52," is who "the 52-year-old" means, even when someone else was named since.
    [
      'tie "the 52-year-old" to the person given that age, not to the last person named',
      [
        'Gareth Pryce, 52, of Swansea, denies two counts of fraud. His former colleague Elin Morgan gave evidence against him on Tuesday.',
        'Ms Morgan said she had warned the firm in 2019.',
        '‘I never took a penny that was not owed to me and I will prove it,’ the 52-year-old told the jury.',
      ],
      ['Gareth Pryce'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('organisations described by their head noun', () => {
  it.each<Case>([
    // An acronym inside an organisation's name is part of it, not trailing clutter, so "the trust" finds it.
    [
      'find "the trust" named earlier with an acronym inside its name',
      [
        'Patients are waiting at hospitals run by the Northfield Teaching Hospitals NHS Trust, according to data.',
        'A report by the Health Foundation found that the region had the slowest recovery.',
        'The trust said in a statement that it was ‘working closely with partners to reduce the longest waits’.',
      ],
      ['Northfield Teaching Hospitals NHS Trust'],
    ],
    // "Northern Museum of Art" is an organisation (its museum governs "of Art"), not a place for "Northern".
    [
      'find "the museum" whose name has the head before an of-phrase',
      [
        'A lost sketchbook has been bought by the Northern Museum of Art in Bradford.',
        'The museum said in a statement that the book would be ‘digitised in full so anyone can turn its pages’.',
      ],
      ['Northern Museum of Art'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('organisations over people with the same word in their role', () => {
  it.each<Case>([
    // "union president Keisha Monroe" has the role word "union", but "the union" is the union named before.
    [
      'give "the union said" to the union, not its president',
      [
        'The strike by the Lakeshore Transit Union began at 4 a.m. after talks broke down.',
        '“They are not going to accept a contract that asks them to work longer for less,” said union president Keisha Monroe.',
        'The union said in a statement that its members were “ready to return to work the moment a fair contract is on the table.”',
      ],
      ['Keisha Monroe', 'Lakeshore Transit Union'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('numbers in organisation names', () => {
  it.each<Case>([
    // A branch number after an organisation's name is part of it, not clutter and not the end of the run.
    [
      'keep "Local 1422" in a union branch’s name',
      [
        'Amalgamated Transit Union Local 1422 said its members were “ready to return to work the moment a fair contract is on the table.”',
      ],
      ['Amalgamated Transit Union Local 1422'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('sentence-opening participles', () => {
  it.each<Case>([
    // "Giving evidence on Wednesday," is a participial phrase, not a name: the subject is after it.
    [
      'skip a participial phrase before the subject',
      [
        'Giving evidence on Wednesday, the agency’s former flood manager, Richard Cole, said the failure was ‘a mistake I will regret for the rest of my life’.',
      ],
      ['Richard Cole'],
    ],
    // A surname ending in -ing keeps its place: it has a verb of its own, or the article names it elsewhere.
    [
      'keep surnames in -ing at the start of a sentence (1 of 2)',
      ['Manning said: ‘We were second best for most of the afternoon and we know it.’'],
      ['Manning'],
    ],
    [
      'keep surnames in -ing at the start of a sentence (2 of 2)',
      [
        'Raheem Sterling was the star of the night.',
        'Sterling scored twice before half-time, and the crowd sang his name. ‘It was one of those nights when everything goes in,’ he said.',
      ],
      ['Raheem Sterling'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('unnamed people', () => {
  it.each<Case>([
    // "she" after "One engineer, who asked not to be named, …" is the engineer: no name, rather than the
    // last woman the article named.
    [
      'give null to a pronoun whose antecedent is someone unnamed',
      [
        'The chief financial officer, Dana Kowalski, told analysts that the company expected to save $310 million a year.',
        'Workers were notified by email. One engineer, who asked not to be named because she feared losing her severance, said her badge stopped working. “I found out I was fired from a turnstile,” she said.',
      ],
      [null],
    ],
    [
      'still give the pronoun to the named person when she is mentioned after the unnamed one',
      [
        'One engineer, who asked not to be named, said the badges stopped working at dawn.',
        'The chief financial officer, Dana Kowalski, told analysts the cuts were needed. “We are not shrinking as a company, we are reallocating,” she said.',
      ],
      ['Dana Kowalski'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('British police and judicial titles', () => {
  it.each<Case>([
    // Abbreviated ranks are titles, kept as roles: the speaker is the person, and "the inspector" finds her.
    [
      'strip Det Insp, DCI and their kin from the name (1 of 2)',
      [
        'Det Insp Rhian Evans, of South Wales Police, said outside court: ‘This was an entirely preventable tragedy.’',
      ],
      ['Rhian Evans'],
    ],
    [
      'strip Det Insp, DCI and their kin from the name (2 of 2)',
      [
        'DCI Mark Bell said the inquiry was continuing.',
        '‘We will not rest until we find whoever did this,’ the inspector said.',
      ],
      ['Mark Bell'],
    ],
    [
      'give "the judge" to Mr Justice X',
      [
        'Sentencing him on Friday, Mr Justice Kendrick said Pryce had shown no remorse at all.',
        '‘You knew the building was a death trap,’ the judge told him.',
      ],
      ['Kendrick'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('speaker names as shown', () => {
  it.each<Case>([
    // "Council Member" is a title and a role, not part of the name.
    [
      'drop "Council Member" before a name',
      [
        'Council Member James O’Connell, who voted no, said the budget “balances the books on the backs of library users.”',
      ],
      ['James O’Connell'],
    ],
    // A body's "The" is the writer's article; a newspaper's belongs to its title.
    [
      'drop a leading "The" from an organisation but not from a newspaper',
      [
        'The National Weather Service said gusts were “likely to continue through Monday evening across the higher terrain.”',
        'The Fresno Herald reported that crews were “stretched thinner than at any point this decade.”',
      ],
      ['National Weather Service', 'The Fresno Herald'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('"and" inside an organisation name', () => {
  it.each<Case>([
    [
      'keep "Gas and Electric" and "Disease Control and Prevention" whole',
      [
        'Pacific Gas and Electric said it would restore power “as soon as it is safe to do so, and not a minute before.”',
        'The Centers for Disease Control and Prevention said the virus was “spreading faster than in any previous season.”',
      ],
      ['Pacific Gas and Electric', 'Centers for Disease Control and Prevention'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });

  it('still part a person from the organisation before them', () => {
    expect(
      speakers(
        'A letter from the Department of Health and Sarah Jones, the chief nurse, said wards were “as full as they have ever been this winter.”',
      ),
    ).not.toContain('Department of Health and Sarah Jones');
  });
});

describe('organisations by their first word', () => {
  it.each<Case>([
    // The speaker is the full name as the article gives it, for organisations as for people.
    [
      'give "Halvorsen said" the full name of Halvorsen Pharmaceuticals, but never a titled person’s words (1 of 2)',
      [
        'Halvorsen Pharmaceuticals, based in Princeton, is pulling 34 lots of tablets.',
        'Halvorsen said in a statement that it had "identified the source of the impurity at a supplier of raw materials."',
      ],
      ['Halvorsen Pharmaceuticals'],
    ],
    [
      'give "Halvorsen said" the full name of Halvorsen Pharmaceuticals, but never a titled person’s words (2 of 2)',
      [
        'The Trump Organization owns the hotel.',
        '"We will build a great wall and Mexico will pay for it," Mr. Trump said.',
      ],
      ['Trump'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('organisations by their acronym', () => {
  it.each<Case>([
    // "The FDA said" after "the Food and Drug Administration": the full name, as for people.
    [
      'give an acronym the full name of the organisation it stands for, "and" inside it kept',
      [
        'A drugmaker is recalling tablets after tests found a probable carcinogen, the Food and Drug Administration said.',
        'The FDA said patients "should not stop taking their medication without first talking to their doctor."',
      ],
      ['Food and Drug Administration'],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

// An unnamed speaker whose description carries a name of its own is given in the writer's words: it is how
// the article identifies them, and never a wrong guess. A bare role ("one official") stays unknown.
describe('speakers described, not named', () => {
  it.each<Case>([
    [
      'gives an inverted description with a name in it',
      ['“We have a great deal of work to do before the caucuses,” said a senior Harlan adviser.'],
      ['a senior Harlan adviser'],
    ],
    [
      'gives "one senior Democrat said"',
      ['“The campaign has been slow to answer any of it,” one senior Democrat said.'],
      ['one senior Democrat'],
    ],
    [
      'keeps the complement that names whom they serve',
      [
        '“She cut the preparation time down to a single afternoon,” said one longtime adviser to Ruth Okafor.',
      ],
      ['one longtime adviser to Ruth Okafor'],
    ],
    [
      'reads past an abbreviation inside the description',
      [
        '“It was handled far too lightly for an offence like that,” said a former U.S. intelligence official who asked not to be named.',
      ],
      ['a former U.S. intelligence official'],
    ],
    [
      'gives a definite description with a place in it as written',
      [
        'Sen. Dana Whitfield of Vermont spoke in Iowa.',
        'The Vermont senator said the plan was "a promise that the country can keep for everyone."',
      ],
      ['the Vermont senator'],
    ],
    [
      'never takes a verb into the description',
      [
        'Mara Quinn’s campaign manager rallied supporters, saying, “We have to be ready to stop him in every state.”',
      ],
      [null],
    ],
    [
      'leaves a bare role unknown',
      ['“We will not comment on an ongoing investigation,” said a senior official.'],
      [null],
    ],
  ])('%s', (_, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('a report of a report', () => {
  it('gives the document a full quotation is cited from, in the writer’s words', () => {
    expect(
      speakers(
        '“They do not care about politics at all, and neither do I,” Mayor Ortega said of the families, according to a City Hall pool report.',
      ),
    ).toEqual(['a City Hall pool report']);
  });
});

describe('a quotation signed on a dashed line under it', () => {
  it('gives the name on the line, whatever follows its comma', () => {
    expect(
      speakers(
        '“Every family on this street has paid twice for the same bridge.”',
        '- Marta Keane, at the council meeting.',
        '“The bridge will open in the spring, and not a day later.”',
        '-Mayor Ortega.',
      ),
    ).toEqual(['Marta Keane', 'Ortega']);
  });
});

describe('descriptions that open with a possessive name', () => {
  it('gives "Ortega’s campaign" and never a clause run on past it', () => {
    expect(
      speakers(
        'Mayor Ortega refused to comment.',
        'Ortega’s campaign answered the charge on Tuesday, telling reporters, “Nobody on this team has ever asked for that endorsement.”',
        'Ortega’s campaign shrugged off the charge, telling reporters, “Nobody on this team has ever asked for anything at all.”',
      ),
    ).toEqual(['Ortega’s campaign', null]);
  });
});

describe('more descriptions in the writer’s words', () => {
  it('reads "According to the Ortega campaign, “…”"', () => {
    expect(
      speakers(
        'According to the Ortega campaign, “The speech will be given at the old mill on Monday night.”',
      ),
    ).toEqual(['the Ortega campaign']);
  });

  it('keeps two roles joined by "and"', () => {
    expect(
      speakers(
        '“The island is run by a man who has been building his arsenal for years,” the Vermont senator and Democratic presidential candidate said.',
      ),
    ).toEqual(['the Vermont senator and Democratic presidential candidate']);
  });

  it('leaves "According to the official" to the people it may point back at', () => {
    expect(
      speakers('According to the official, “The speech will be given at the old mill on Monday night.”'),
    ).toEqual([null]);
  });
});

describe('a relative clause or a complement between the speaker and the verb', () => {
  it('gives what "who" follows, not the clause’s last noun', () => {
    expect(
      speakers(
        'Jane Okafor who chaired the inquiry for two years said, "We have been waiting for this bridge for ten long years."',
      ),
    ).toEqual(['Jane Okafor']);
  });

  it('gives the name in apposition after a description and its complement', () => {
    expect(
      speakers(
        '“It may have been his first real statement,” said his best friend at Lehigh, Bruce Turry, who was there.',
      ),
    ).toEqual(['Bruce Turry']);
  });
});

describe('a sentence after a quotation that introduces the next one', () => {
  it('is not the first quotation’s attribution', () => {
    expect(
      speakers(
        'After the vote, Mara Quinn firmly declared at a press conference, “I did not move any money from that fund. There is no money missing.” The council leader repeated: “Every figure has been checked twice by the auditors.”',
      )[0],
    ).toBe('Mara Quinn');
  });
});

describe('a subject after "And then"', () => {
  it('is the participle’s subject, not scenery', () => {
    expect(
      speakers(
        'Mara Quinn thanked the volunteers. And then Quinn went fully on the attack, saying, “Is the council going to finally fix the bridge this year?”',
      ),
    ).toEqual(['Mara Quinn']);
  });
});

describe('a description before a colon', () => {
  it('gives an organisation in the writer’s words', () => {
    expect(
      speakers(
        'Here is what the Ortega campaign committee said about the plan: “Every family on this street has paid twice for the same bridge.”',
      ),
    ).toEqual(['the Ortega campaign committee']);
  });

  it('never a clause that runs into a verb', () => {
    expect(
      speakers(
        'The Daily Courier focuses on the numbers: “Every family on this street has paid twice for the same bridge.”',
      ),
    ).toEqual([null]);
  });
});

describe('someone counted among many', () => {
  it('gives "one man", "another commenter" as the round-up writes them', () => {
    expect(
      speakers(
        'The council page filled with replies within the hour.',
        'One man wrote, “The bridge has been shut for two years and nobody at the council seems to care at all.”',
        'Another commenter said, “Every family on this street has paid twice for the same bridge by now.”',
      ),
    ).toEqual(['one man', 'another commenter']);
  });

  it('leaves a bare "one official" unknown', () => {
    expect(speakers('“We will not comment on an ongoing investigation,” one official said.')).toEqual([null]);
  });
});

describe('text that lost its spaces or its subordinate clauses', () => {
  it('reads "said.Quinn" as the end of one sentence and the start of the next', () => {
    expect(
      speakers(
        '“The council has complete control over the bridge,” Quinn said.Quinn claimed she learned it from the engineers.',
      ),
    ).toEqual(['Quinn']);
  });

  it('gives "the Republican said" as written', () => {
    expect(
      speakers(
        'Presidential candidate Dana Whitfield spoke in Ohio.',
        '“It might surprise you, but one of the things would be to cut the rules,” the Republican said this week.',
      ),
    ).toEqual(['the Republican']);
  });

  it('gives the subject of an "as" clause right before a participle', () => {
    expect(
      speakers(
        "It was a potent punch, as Mara Quinn echoed the criticism, saying the mayor ''reminds us every day that he is not in it for the town.''",
      ),
    ).toEqual(['Mara Quinn']);
  });
});
