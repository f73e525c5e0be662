// Speakers: who said each quotation, as the full name the article gives, from the forms news uses.
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../functions/engine/quotes.js';

function speakers(...paragraphs: string[]): (string | null)[] {
  return extractQuotes({ title: 'Test', paragraphs }).map((q) => q.speaker);
}

describe('attribution forms', () => {
  it('reads "…," X said and "…," said X', () => {
    expect(speakers('“The river has never been this low in living memory,” Maria Lopez said.')).toEqual([
      'Maria Lopez',
    ]);
    expect(speakers('“The river has never been this low in living memory,” said Maria Lopez.')).toEqual([
      'Maria Lopez',
    ]);
  });

  it('reads X said: "…" and X told reporters "…"', () => {
    expect(speakers('Maria Lopez said: “The river has never been this low in living memory.”')).toEqual([
      'Maria Lopez',
    ]);
    expect(
      speakers('Maria Lopez told reporters, “The river has never been this low in living memory.”'),
    ).toEqual(['Maria Lopez']);
  });

  it('reads according to X, X added and X wrote', () => {
    expect(
      speakers('According to Maria Lopez, “the river has never been this low in living memory.”'),
    ).toEqual(['Maria Lopez']);
    expect(speakers('“And it will only get worse from here on,” Maria Lopez added.')).toEqual([
      'Maria Lopez',
    ]);
    expect(
      speakers('Maria Lopez wrote on Twitter: “The river has never been this low in living memory.”'),
    ).toEqual(['Maria Lopez']);
  });

  it('skips an appositive between the name and the verb', () => {
    expect(
      speakers(
        '“We were there under legitimate pretenses,” Daryl Kimball, executive director of the Arms Control Association, said.',
      ),
    ).toEqual(['Daryl Kimball']);
  });

  it('reads a name signed after a dash', () => {
    expect(speakers('“He represents our greatest shame as a country.” ― Sonya Herridge')).toEqual([
      'Sonya Herridge',
    ]);
  });

  it('reads the speaker of a transcript line', () => {
    expect(
      speakers(
        'Gov. Mike Pence spoke to Chris Wallace.',
        '"PENCE: Gennifer Flowers will not be attending the debate tomorrow night."',
      ),
    ).toEqual(['Mike Pence']);
  });

  it('takes a colon-introduced paragraph from the sentence before it', () => {
    expect(
      speakers('Caddell continued:', '"The health issue overall is very much a partisan issue, he argued."'),
    ).toEqual(['Caddell']);
  });

  it('gives an unattributed paragraph of quotation the speaker of the one before it', () => {
    expect(
      speakers(
        '“In historical terms, China has been at its strongest on land,” said Niva Yau, prior to the summit.',
        '“Whenever we see that China has major issue with Taiwan, we see China pivoting to central Asia.”',
      ),
    ).toEqual(['Niva Yau', 'Niva Yau']);
  });
});

describe('names', () => {
  it('links a surname to the full name given earlier', () => {
    expect(
      speakers(
        'Vladimir Putin thanked Xi Jinping for his support.',
        '“We highly value the balanced position of our Chinese friends,” Putin said.',
      ),
    ).toEqual(['Vladimir Putin']);
  });

  it('strips titles, party tags and possessives', () => {
    expect(
      speakers(
        '“This is a disgusting day for the country,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus.',
        '“We cannot accept any of this any longer,” said Prime Minister Keir Starmer.',
        '“Our rivers deserve far better than this,” councillor Priya Shah said.',
        '“The evidence on this is very clear,” Dr. Anne Smith said.',
        '“The vote will go ahead as planned next week,” Sen. Bernie Sanders (Vt.) told reporters.',
        '“We owe them an answer within the month,” said President Barack Obama.',
      ),
    ).toEqual([
      'G.K. Butterfield',
      'Keir Starmer',
      'Priya Shah',
      'Anne Smith',
      'Bernie Sanders',
      'Barack Obama',
    ]);
  });

  it('uses the full name for Mr and Ms', () => {
    expect(
      speakers(
        'John D. Podesta leads the climate effort.',
        '"It will be first-order business for the next administration," Mr. Podesta said.',
      ),
    ).toEqual(['John D. Podesta']);
  });

  it('takes the person, not the organisation, from "a spokeswoman, Name," and "host Name"', () => {
    expect(
      speakers(
        'A White House spokeswoman, Karine Jean-Pierre, said the president would sign the bill "as soon as it reaches his desk."',
        '“I thought that Mike Pence did all the things right tonight,” said MSNBC host Chris Matthews.',
      ),
    ).toEqual(['Karine Jean-Pierre', 'Chris Matthews']);
  });
});

describe('organisations', () => {
  it('resolves "the company" to the organisation named before', () => {
    expect(
      speakers(
        'In a statement, Harlow Steel said: “We deeply regret the impact this will have on our employees.” The company said it would “work tirelessly with the council to find new jobs for every worker”.',
      ),
    ).toEqual(['Harlow Steel', 'Harlow Steel']);
  });

  it('takes an organisation that speaks for itself', () => {
    expect(
      speakers(
        'Northbrook Water said in a statement that it “accepts the court’s decision in full and apologises”.',
        'The New York Post reports that the team avoided the hospital “to keep the details of her treatment under wraps.”',
        '“The ultimate impact of the vote remains very unclear for now,” the IMF report stated.',
      ),
    ).toEqual(['Northbrook Water', 'The New York Post', 'IMF']);
  });

  it('takes the organisation a spokesman speaks for when he is not named', () => {
    expect(
      speakers('“We are reviewing the decision with our lawyers,” said a spokesman for Northbrook Water.'),
    ).toEqual(['Northbrook Water']);
  });
});

describe('pronouns and descriptions', () => {
  it('resolves he and she by gender', () => {
    expect(
      speakers(
        'Donald Trump attacked Hillary Clinton over her emails on Monday.',
        '“She should never have been allowed to run for anything,” he said.',
        '“He is temperamentally unfit to be commander in chief,” she said.',
      ),
    ).toEqual(['Donald Trump', 'Hillary Clinton']);
  });

  it('prefers the subject of the sentence to the last name seen', () => {
    expect(
      speakers(
        'Kerr Putney, the police chief, said the video did not give "absolute definitive visual evidence of a gun," but he said it supported the officers, according to Roy Cooper.',
      ),
    ).toEqual(['Kerr Putney']);
  });

  it('resolves "the minister" to the person the article ties the role to', () => {
    expect(
      speakers(
        'The environment minister, Emma Clarke, visited the site on Monday with the mayor.',
        '‘Water companies cannot treat our rivers as an open sewer,’ the minister said.',
      ),
    ).toEqual(['Emma Clarke']);
  });

  it('resolves a title to the person who holds it', () => {
    expect(
      speakers(
        'Sen. Bernie Sanders of Vermont spoke in Iowa.',
        'The Vermont senator said there were still "some people" who feel that way, "but not among the vast majority of them."',
      ),
    ).toEqual(['Bernie Sanders']);
  });

  it('prefers a sitting office-holder to a former one for "the governor"', () => {
    expect(
      speakers(
        'Gov. Maria Alvarez signed the school funding bill on Thursday.',
        'Former Gov. Richard Hale wrote on Twitter: “Throwing money at schools has never fixed them and never will.”',
        '“He had eight years to fix the schools and he didn’t,” the governor said.',
      ),
    ).toEqual(['Richard Hale', 'Maria Alvarez']);
  });

  it('reads "she said" after a sentence about "the governor" as the governor', () => {
    expect(
      speakers(
        'Gov. Maria Alvarez signed the bill after meeting union leader Linda Cho.',
        '“It is a good start for the schools,” Cho said.',
        'The governor said she would travel the state next week. “I want parents to know what this means,” she said.',
      ),
    ).toEqual(['Linda Cho', 'Maria Alvarez']);
  });

  it('reads "a spokesman" as someone new, not a spokesman named earlier', () => {
    expect(
      speakers(
        'White House spokeswoman Karine Jean-Pierre spoke first.',
        '“We will not comment on the case at this time,” a Downing Street spokeswoman said.',
      ),
    ).toEqual(['Downing Street']);
  });

  it('takes a surname that is also an organisation word for a person when a first name opens it', () => {
    expect(
      speakers(
        'Smith’s lawyer, Jane Roe, said: “My client will be cleared of every charge.”',
        'Margaret Hill, 62, from Leeds, said: “I have lived here all my life and never seen flooding like it.”',
        '“We will fight this decision in every court in the land,” she said.',
      ),
    ).toEqual(['Jane Roe', 'Margaret Hill', 'Margaret Hill']);
  });

  it('takes "a spokesperson for the regulator" to speak for the regulator named before', () => {
    expect(
      speakers(
        'The Information Commissioner’s Office said it was investigating. A spokesperson for the regulator said: "Organisations must take the security of personal information seriously."',
      ),
    ).toEqual(['Information Commissioner’s Office']);
  });

  it('drops a common noun that opens the sentence before a name', () => {
    expect(
      speakers('Patient Helen Ward, 71, said: “Nobody from the hospital has called me about it.”'),
    ).toEqual(['Helen Ward']);
  });

  it('gives null when the speaker is unknown', () => {
    expect(speakers('“We will not comment on an ongoing investigation,” one official said.')).toEqual([null]);
    expect(speakers('“We will not comment on an ongoing investigation at all.”')).toEqual([null]);
  });
});

describe('a colon after the writer’s clause', () => {
  // "X put it bluntly: ‘…’" has no verb of saying, yet the colon hands the quotation to the clause's subject.
  it('gives the quotation to the subject of the clause the colon ends', () => {
    expect(
      speakers(
        'The state’s health commissioner, Dr. Alan Whitaker, put it bluntly: “Measles is not a mild illness at all.”',
      ),
    ).toEqual(['Alan Whitaker']);
  });
});

describe('subjects, roles and titles', () => {
  // A clause after a name ("was furious that Mbeki…") is not a qualifier: the name is the subject.
  it('keeps a name as subject when a verb, not a noun, follows it', () => {
    expect(
      speakers(
        'Tom Whitlock scored twice for the visitors.',
        'Castleford manager Ian Thwaite was furious that Mbeki’s winner stood, saying the defender had pushed goalkeeper Rhys Pryce.',
        '‘Everybody in the ground saw it apart from the three people paid to see it,’ he said.',
      ),
    ).toEqual(['Ian Thwaite']);
  });

  // "The MP for Wyre Forest" is a role, not a person called "for Wyre Forest".
  it('ties "the MP" to the person named after "The MP for …,"', () => {
    expect(
      speakers(
        'The MP for Wyre Forest, Lucy Brennan, visited a rest centre in Kidderminster.',
        '‘People here have been flooded three times in five years,’ the MP said.',
      ),
    ).toEqual(['Lucy Brennan']);
  });

  // A titled one-word name ("Baroness Caldwell") learns its role from the words around it too.
  it('ties "the minister" to a one-word titled name', () => {
    expect(
      speakers(
        'The health minister, Baroness Caldwell, said the government would look at the evidence.',
        '‘Early diagnosis is at the heart of our cancer plan, and we will back the science,’ the minister said.',
      ),
    ).toEqual(['Caldwell']);
  });
});

describe('descriptions of a person by age or family', () => {
  // "the 24-year-old", "the grandmother-of-four" stand for the person in view, like a pronoun would.
  it('resolves "the 24-year-old said" to the person just named', () => {
    expect(
      speakers(
        'Summit guard Andre Lyle, who scored 27, was less forgiving. “We got comfortable, and you cannot do that in this league,” the 24-year-old said.',
      ),
    ).toEqual(['Andre Lyle']);
  });

  it('resolves "the grandmother-of-four said" to the woman just named', () => {
    expect(
      speakers(
        'Maureen Quigley said she had been rejected by 37 literary agents.',
        '‘I kept every one of the rejection letters in a shoebox,’ the grandmother-of-four said.',
      ),
    ).toEqual(['Maureen Quigley']);
  });

  // A relative clause about the subject ("who managed Rovers") names someone else, not the speaker.
  it('skips the names in a relative clause after the description', () => {
    expect(
      speakers(
        'Declan O’Neill said his Ashby Rovers side had shown character.',
        'The 61-year-old, who managed Rovers in the ’90s before returning last year, added: ‘It was a bit of rock ’n’ roll football in the end.’',
      ),
    ).toEqual(['Declan O’Neill']);
  });
});

describe('the words before a name', () => {
  // "the minister told Sky News": "told" and "minister" describe the speaker, not Sky News.
  it('does not take a verb and its subject as roles of the name after them', () => {
    expect(
      speakers(
        '‘We have built more homes in the last year than in any year since the 1970s,’ the minister told Sky News.',
      ),
    ).toEqual([null]);
  });
});

describe('police ranks in capitals', () => {
  // DI, DS, PC, DCI are titles only as written in capitals: "Di" is part of Luigi Di Maio's name.
  it('keep a name that holds a rank abbreviation in ordinary case', () => {
    expect(
      speakers('"We will study the ruling carefully before we decide anything," said Luigi Di Maio.'),
    ).toEqual(['Luigi Di Maio']);
  });
});

describe('names of places', () => {
  // A one-word name the article only ever puts after "in" or "at" (or joined to one that is) is a place: "she"
  // may not fall to it, however few people the sentence offers.
  it('never give "she" to a name seen only after in, at or "and" after one', () => {
    expect(
      speakers(
        'The river burst its banks in Shropshire and Worcestershire. A pensioner was carried from her bungalow in Bewdley at 3am.',
        '‘The water came up through the floorboards so fast I had no time,’ she said.',
      ),
    ).toEqual([null]);
  });

  it('count "outside", "across" and the like as words of place too', () => {
    expect(
      speakers(
        'Supporters gathered outside Anfield and across Merseyside before the match.',
        '"We have waited thirty years for a night like this one," she said.',
      ),
    ).toEqual([null]);
  });

  it('still give "she" to a name seen after in and also on its own', () => {
    expect(
      speakers(
        'Flood water reached the house of Mrs Okafor in Bewdley. Okafor moved upstairs with her dog.',
        '‘The water came up through the floorboards so fast I had no time,’ she said.',
      ),
    ).toEqual(['Okafor']);
  });
});

describe('ages', () => {
  // "Gareth Pryce, 52," is who "the 52-year-old" means, even when someone else was named since.
  it('tie "the 52-year-old" to the person given that age, not to the last person named', () => {
    expect(
      speakers(
        'Gareth Pryce, 52, of Swansea, denies two counts of fraud. His former colleague Elin Morgan gave evidence against him on Tuesday.',
        'Ms Morgan said she had warned the firm in 2019.',
        '‘I never took a penny that was not owed to me and I will prove it,’ the 52-year-old told the jury.',
      ),
    ).toEqual(['Gareth Pryce']);
  });
});

describe('organisations described by their head noun', () => {
  // An acronym inside an organisation's name is part of it, not trailing clutter, so "the trust" finds it.
  it('find "the trust" named earlier with an acronym inside its name', () => {
    expect(
      speakers(
        'Patients are waiting at hospitals run by the Northfield Teaching Hospitals NHS Trust, according to data.',
        'A report by the Health Foundation found that the region had the slowest recovery.',
        'The trust said in a statement that it was ‘working closely with partners to reduce the longest waits’.',
      ),
    ).toEqual(['Northfield Teaching Hospitals NHS Trust']);
  });

  // "Northern Museum of Art" is an organisation (its museum governs "of Art"), not a place for "Northern".
  it('find "the museum" whose name has the head before an of-phrase', () => {
    expect(
      speakers(
        'A lost sketchbook has been bought by the Northern Museum of Art in Bradford.',
        'The museum said in a statement that the book would be ‘digitised in full so anyone can turn its pages’.',
      ),
    ).toEqual(['Northern Museum of Art']);
  });
});

describe('organisations over people with the same word in their role', () => {
  // "union president Keisha Monroe" has the role word "union", but "the union" is the union named before.
  it('give "the union said" to the union, not its president', () => {
    expect(
      speakers(
        'The strike by the Lakeshore Transit Union began at 4 a.m. after talks broke down.',
        '“They are not going to accept a contract that asks them to work longer for less,” said union president Keisha Monroe.',
        'The union said in a statement that its members were “ready to return to work the moment a fair contract is on the table.”',
      ),
    ).toEqual(['Keisha Monroe', 'Lakeshore Transit Union']);
  });
});

describe('numbers in organisation names', () => {
  // A branch number after an organisation's name is part of it, not clutter and not the end of the run.
  it('keep "Local 1422" in a union branch’s name', () => {
    expect(
      speakers(
        'Amalgamated Transit Union Local 1422 said its members were “ready to return to work the moment a fair contract is on the table.”',
      ),
    ).toEqual(['Amalgamated Transit Union Local 1422']);
  });
});

describe('sentence-opening participles', () => {
  // "Giving evidence on Wednesday," is a participial phrase, not a name: the subject is after it.
  it('skip a participial phrase before the subject', () => {
    expect(
      speakers(
        'Giving evidence on Wednesday, the agency’s former flood manager, Richard Cole, said the failure was ‘a mistake I will regret for the rest of my life’.',
      ),
    ).toEqual(['Richard Cole']);
  });

  // A surname ending in -ing keeps its place: it has a verb of its own, or the article names it elsewhere.
  it('keep surnames in -ing at the start of a sentence', () => {
    expect(speakers('Manning said: ‘We were second best for most of the afternoon and we know it.’')).toEqual(
      ['Manning'],
    );
    expect(
      speakers(
        'Raheem Sterling was the star of the night.',
        'Sterling scored twice before half-time, and the crowd sang his name. ‘It was one of those nights when everything goes in,’ he said.',
      ),
    ).toEqual(['Raheem Sterling']);
  });
});

describe('unnamed people', () => {
  // "she" after "One engineer, who asked not to be named, …" is the engineer: no name, rather than the
  // last woman the article named.
  it('give null to a pronoun whose antecedent is someone unnamed', () => {
    expect(
      speakers(
        'The chief financial officer, Dana Kowalski, told analysts that the company expected to save $310 million a year.',
        'Workers were notified by email. One engineer, who asked not to be named because she feared losing her severance, said her badge stopped working. “I found out I was fired from a turnstile,” she said.',
      ),
    ).toEqual([null]);
  });

  it('still give the pronoun to the named person when she is mentioned after the unnamed one', () => {
    expect(
      speakers(
        'One engineer, who asked not to be named, said the badges stopped working at dawn.',
        'The chief financial officer, Dana Kowalski, told analysts the cuts were needed. “We are not shrinking as a company, we are reallocating,” she said.',
      ),
    ).toEqual(['Dana Kowalski']);
  });
});

describe('British police and judicial titles', () => {
  // Abbreviated ranks are titles, kept as roles: the speaker is the person, and "the inspector" finds her.
  it('strip Det Insp, DCI and their kin from the name', () => {
    expect(
      speakers(
        'Det Insp Rhian Evans, of South Wales Police, said outside court: ‘This was an entirely preventable tragedy.’',
      ),
    ).toEqual(['Rhian Evans']);
    expect(
      speakers(
        'DCI Mark Bell said the inquiry was continuing.',
        '‘We will not rest until we find whoever did this,’ the inspector said.',
      ),
    ).toEqual(['Mark Bell']);
  });

  it('give "the judge" to Mr Justice X', () => {
    expect(
      speakers(
        'Sentencing him on Friday, Mr Justice Kendrick said Pryce had shown no remorse at all.',
        '‘You knew the building was a death trap,’ the judge told him.',
      ),
    ).toEqual(['Kendrick']);
  });
});

describe('speaker names as shown', () => {
  // "Council Member" is a title and a role, not part of the name.
  it('drop "Council Member" before a name', () => {
    expect(
      speakers(
        'Council Member James O’Connell, who voted no, said the budget “balances the books on the backs of library users.”',
      ),
    ).toEqual(['James O’Connell']);
  });

  // A body's "The" is the writer's article; a newspaper's belongs to its title.
  it('drop a leading "The" from an organisation but not from a newspaper', () => {
    expect(
      speakers(
        'The National Weather Service said gusts were “likely to continue through Monday evening across the higher terrain.”',
        'The Fresno Herald reported that crews were “stretched thinner than at any point this decade.”',
      ),
    ).toEqual(['National Weather Service', 'The Fresno Herald']);
  });
});

describe('"and" inside an organisation name', () => {
  it('keep "Gas and Electric" and "Disease Control and Prevention" whole', () => {
    expect(
      speakers(
        'Pacific Gas and Electric said it would restore power “as soon as it is safe to do so, and not a minute before.”',
        'The Centers for Disease Control and Prevention said the virus was “spreading faster than in any previous season.”',
      ),
    ).toEqual(['Pacific Gas and Electric', 'Centers for Disease Control and Prevention']);
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
  // The speaker is the full name as the article gives it, for organisations as for people.
  it('give "Halvorsen said" the full name of Halvorsen Pharmaceuticals, but never a titled person’s words', () => {
    expect(
      speakers(
        'Halvorsen Pharmaceuticals, based in Princeton, is pulling 34 lots of tablets.',
        'Halvorsen said in a statement that it had "identified the source of the impurity at a supplier of raw materials."',
      ),
    ).toEqual(['Halvorsen Pharmaceuticals']);
    expect(
      speakers(
        'The Trump Organization owns the hotel.',
        '"We will build a great wall and Mexico will pay for it," Mr. Trump said.',
      ),
    ).toEqual(['Trump']);
  });
});

describe('organisations by their acronym', () => {
  // "The FDA said" after "the Food and Drug Administration": the full name, as for people.
  it('give an acronym the full name of the organisation it stands for, "and" inside it kept', () => {
    expect(
      speakers(
        'A drugmaker is recalling tablets after tests found a probable carcinogen, the Food and Drug Administration said.',
        'The FDA said patients "should not stop taking their medication without first talking to their doctor."',
      ),
    ).toEqual(['Food and Drug Administration']);
  });
});
