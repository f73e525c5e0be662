// Speakers named by the article: the forms that give a real name where an unknown or wrong one was read before.
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../functions/engine/quotes.js';

/** A case: what it shows, the article's paragraphs, the speaker of each quotation in order. */
type Case = [string, string[], (string | null)[]];

function speakers(...paragraphs: string[]): (string | null)[] {
  return extractQuotes({ title: 'Test', paragraphs }).map((q) => q.speaker);
}

describe('speakers by name', () => {
  it.each<Case>([
    [
      'reads "X himself said" as X',
      [
        'Governor Nora Quill toured the flooded valley on Monday.',
        'Quill himself said on Tuesday that “the dam will hold through the whole of the winter.”',
      ],
      ['Nora Quill'],
    ],
    [
      'links a surname that is also a title ("King said") to the full name given before',
      [
        'The tennis coach Maria Anne King watched the final from the front row.',
        'King says the young champion “plays with the calm of a veteran twice her age.”',
      ],
      ['Maria Anne King'],
    ],
    [
      'reads a sentence that closes on ", X said." as X’s, past a clause after the quotation',
      ['“We will not stop now,” and the march went on past the old bridge, Dana Whitfield said.'],
      ['Dana Whitfield'],
    ],
    [
      'gives a fragment to the name that closes its sentence, not to a verb before it',
      [
        'Parents Against Traffic was founded by Dana Whitfield in May.',
        'The council states that the roads are safe, while parents want more and “a crossing at every school gate,” Whitfield wrote.',
      ],
      ['Dana Whitfield'],
    ],
    [
      'gives a quotation to the outlet cited at the close: ", according to X." (1 of 2)',
      [
        '“The bridge will reopen before the first snow,” Mayor Tom Reyes said, according to the Valley Herald.',
      ],
      ['Valley Herald'],
    ],
    [
      'gives a quotation to the outlet cited at the close: ", X reported." (2 of 2)',
      ['“The bridge will reopen before the first snow,” said Mayor Tom Reyes, Hill Radio reported.'],
      ['Hill Radio'],
    ],
    [
      'reads "states can" and "received offers" as nouns, not as verbs of saying',
      [
        'Senator Ada Brennan said on Friday in Dover, Delaware, that states can set their own rules because “the people closest to the roads know them best.”',
        'Brennan said she had received offers from two firms, but “none of them would build the bridge in time.”',
      ],
      ['Ada Brennan', 'Ada Brennan'],
    ],
    [
      'gives "…, X said, adding, “…”" to X, not to the subject of the reported clause',
      [
        'The mayor and Governor Lena Hart will meet next week, Paul Okafor said, adding, “They need to sit down and settle the budget.”',
      ],
      ['Paul Okafor'],
    ],
    [
      'reads a pull quote signed on the line below it, inside the closing mark',
      [
        '“The harbour will silt up within ten years unless the dredging starts again.',
        'Ines Moreau, Coastal Research Trust.”',
        'The council has not answered.',
      ],
      ['Ines Moreau'],
    ],
    [
      'reads a function word the article gives as a surname ("Ray From", "Tess Will") as the name, not as a verb or a word',
      [
        'The pollster Ray From has studied the county for thirty years.',
        '“Nobody here votes the way their parents did any more,” From said.',
        'From agreed that the turnout would be low. “The weather will keep the older voters at home,” he said.',
        'The columnist Tess Will wrote about the race on Sunday.',
        '“This is the closest contest the valley has seen since the war,” Will wrote.',
      ],
      ['Ray From', 'Ray From', 'Tess Will'],
    ],
    [
      'keeps the function word ending an organisation’s name ("Harbour Watch") and a surname that is a verb ("Lee Read")',
      [
        'Harbour Watch said on Monday that the dredging “has left the east bank without a single breeding pair.”',
        'Chief executive Lee Read spoke to investors on Friday.',
        '“We looked at every rule and every notice before we signed the deal,” Read said.',
      ],
      ['Harbour Watch', 'Lee Read'],
    ],
    [
      'leaves a function word that opens a sentence as a word: "From the start, …"',
      [
        'The pollster Ray From has studied the county for thirty years.',
        'From the start, “nobody in the county believed the count would be over by midnight,” the clerk said.',
      ],
      [null],
    ],
    [
      'gives a sentence that closes on ", said X, who they are." to X, past a clause after the quotation',
      [
        'Polls show the mayor ahead by ten points in the city.',
        '“Many would call that a defeat for the mayor” if she won by less, said Dan Oyelaran, an analyst at the Harbour Institute.',
        '“We have no choice” but to take the lead, says Mia Rook (D-Ohio), a member of the budget committee.',
      ],
      ['Dan Oyelaran', 'Mia Rook'],
    ],
    [
      'reads a tag of a name and any verb in the past after a quotation ("“…?” Rook pressed.") as the name',
      [
        'The host Vera Rook spoke with the mayor, Tom Adeyemi, on Monday night.',
        '“The paper says you told the board something else in private,” Rook started.',
        '“Would the plan change after the vote?” Rook pressed. “Or is it fixed for good?”',
      ],
      ['Vera Rook', 'Vera Rook', 'Vera Rook'],
    ],
    [
      'reads "which X claims affirmed “…”" as X’s, not as a description "claims"',
      [
        'The critic Ruth Ambler praised the speech in Dover, which Ambler claims affirmed “the oldest promise the party ever made.”',
      ],
      ['Ruth Ambler'],
    ],
    [
      'reads an apposition left without its closing comma ("X, who chairs Y said") as X’s',
      [
        '“The ad raises new questions about the mayor’s plan for the harbour,” Katie Ross, who chairs the Bay Fund said in a statement.',
        'Ana Cole, president and CEO of the Harbour Traders Association stated, “It is not a political problem; it is a math problem.”',
        '“The polls are moving toward the mayor again,” Ben Ode, the analyst who founded the Valley Poll tweeted on Wednesday.',
      ],
      ['Katie Ross', 'Ana Cole', 'Ben Ode'],
    ],
    [
      'reads "agrees X", "declares X" and "reacted X" after a quotation as X',
      [
        '“I will be more successful than my parents,” says Dora Pike, 21, a student from Ely.',
        '“Our ideas of success are different from theirs,” agrees Lena Moss, 30, of Hull.',
        '“I am a voter and I read every ballot line,” declares Sam Reyes, 27, a nurse in Leeds.',
        '“What sport is he talking about, and who is he talking to?” reacted Omar Hale.',
      ],
      ['Dora Pike', 'Lena Moss', 'Sam Reyes', 'Omar Hale'],
    ],
    [
      'gives a sentence that opens "According to X," to X, past a verb of saying in it',
      [
        'According to Valley Radio, Councillor Ed Marsh said the “ugliness of the remarks, largely unprompted and undeserved,” stood out.',
        'According to Harbour Watch, one sign on the coast road read, “Slow down, the seals are crossing here.”',
      ],
      ['Valley Radio', 'Harbour Watch'],
    ],
    [
      'reads a capitalised -ly word before the verb as a name ("Kelly said"), not as an adverb skipped',
      [
        'The pollster Tom Skelly and the former astronaut Rose Kelly spoke on Tuesday.',
        '“Elections matter, and this one matters more than most,” Kelly said.',
        'And Skelly called the new manager “a real smart guy. I trust him with the data.”',
      ],
      ['Rose Kelly', 'Tom Skelly'],
    ],
    [
      'skips "yet", "now" and a negated auxiliary between the subject and the verb',
      [
        'Erin Cole, the river campaigner, backed the plan, saying she hadn’t yet called for a ban because she believed “we need to focus all of our energy on the river.”',
        'Councillor Tom Birch used to back the mayor, but now said the rival had “the best chance to bring the town together.”',
      ],
      ['Erin Cole', 'Tom Birch'],
    ],
    [
      'reads "Speaker of the House Rep. X said" as X, not as the title before the phrase',
      [
        'On the radio on Tuesday, Speaker of the Assembly Rep. Nia Ford (D-Kent) said “these images have no place in any campaign.”',
      ],
      ['Nia Ford'],
    ],
    [
      'gives a full quotation that closes the sentence after a comma or a dash to the clause’s subject',
      [
        'Earlier this week, Mayor Rosa Lind shared her worry with donors in Ely, “I do not know which rival will show up.”',
        'Councillor Dev Patel also backed the new levy -- “I think it is the fairest tax we have ever had.”',
      ],
      ['Rosa Lind', 'Dev Patel'],
    ],
    [
      'reads an attribution set between commas inside the sentence (", says X,") as X',
      [
        'The puzzle of the old mayor, says Lena Ortiz, a historian at the town museum, is that she was “one of the most powerful mayors the town ever had.”',
      ],
      ['Lena Ortiz'],
    ],
    [
      'reads "said master of ceremonies X" and "said former secretary of state X" as X',
      [
        '“Thanks, Ely, for welcoming these families to the valley,” said master of ceremonies Omar Haddad, an engineer.',
        '“The first line of defence is the town itself,” said former secretary of state Jane Holt, who spoke last.',
      ],
      ['Omar Haddad', 'Jane Holt'],
    ],
    [
      'reads a transcript label with a role before the name ("Former mayor Jo Reed:“…”") as the name',
      [
        'Councillor Sam Ode:“Who told you that most of the letters were in the archive?”',
        'Former mayor Jo Anne Reed:“We learned that from the archive and its own count of the letters.”',
      ],
      ['Sam Ode', 'Jo Anne Reed'],
    ],
    [
      'gives "X replied on Facebook writing, “…”" to X, not to the medium before the participle',
      [
        'Mayor Rosa Lind replied to the reporter’s question on Facebook writing, “Yes, I will. That was a poor choice of words.”',
      ],
      ['Rosa Lind'],
    ],
    [
      'reads a capitalised adverb before a preposition ("Immediately after the vote, …") as scenery, not a name',
      [
        'Immediately after the vote, Mayor Rosa Lind issued a statement, “Last night, our town chose a new road. I thank every voter.”',
      ],
      ['Rosa Lind'],
    ],
    [
      'gives fragments listed before the one attribution of their sentence to its speaker',
      [
        'The columnist Tess Marlow wrote about the race on Sunday.',
        'From the mayor’s “long and rambling ninety-minute address” in Ely last week to his plan for a “new harbour police force,” Marlow described him as “the least prepared candidate in a generation.”',
      ],
      ['Tess Marlow', 'Tess Marlow'],
    ],
    [
      'gives the verb after an apposition to the name that opens the apposition’s clause, not the sentence’s first',
      [
        'Governor Ada Brennan signed an order on Monday to close the port, while Tom Reyes, the former harbour master, proposed we “open the gates and let the boats in” and said the order should go.',
        'The issue came up on Friday after Mr. Ode, asked about the closure, had said, “I think the port does plenty of harm already.”',
      ],
      ['Tom Reyes', 'Ode'],
    ],
    [
      'takes the name before an auxiliary as the clause’s subject, not a name later in the clause',
      [
        'Senator Rosa Lind is asking whether Mayor Tom Ode would have gone to the Harbour Festival “if it had been held in the old town.”',
      ],
      ['Rosa Lind'],
    ],
    [
      'gives “…” that X can do Y, said Z to Z: after a comma the inverted subject speaks',
      [
        '“He can claim it, but it seems very unlikely” that Senator Ode can catch Mayor Lind, said Tom Birch, a former campaign manager.',
        '“Very good reporter, very good reporter this one,” Governor Ada Brennan, the front-runner, said when Tom Birch asked her a question.',
      ],
      ['Tom Birch', 'Ada Brennan'],
    ],
    [
      'gives "X wrote in a statement to Y explaining why …, “…”" to X, not to the addressee',
      [
        '“Many people are unsure this year,” Ian Cole wrote in a statement to Harbour Weekly explaining why he is speaking, “but most of us agree the town is on the wrong track.”',
      ],
      ['Ian Cole', 'Ian Cole'],
    ],
    [
      'reads a surname that is a place’s name ("Washington, star of …, thanked X for “…”") as the person named before',
      [
        'The actors Kerry Washington and Tom Ode went on the radio to back the mayor.',
        'Washington, star of the show “Harbour Lights,” thanked the mayor for “taking these steps to keep the whole town safe.”',
        'In Washington, officials thanked the mayor for “taking these steps to keep the whole town safe.”',
      ],
      ['Kerry Washington', null],
    ],
    [
      'reads an attribution after a quotation past a title in quotation marks inside it',
      [
        '“We have had far better fairs than this one,” Kent farmer Bill Amos, wearing a straw hat and “Vote Lind” badges, said as the rain came down.',
      ],
      ['Bill Amos'],
    ],
    [
      'gives a fragment followed right away by "X said" to X, and the quotation standing after it too',
      [
        'Delegate Mary Lund wore a red cape with lights on it.',
        'Her friends have mocked the mayor’s campaign, calling him “a very orange buffoon indeed,” Lund said as she turned around.',
        '“But he is our orange buffoon, and we love him!”',
      ],
      ['Mary Lund', 'Mary Lund'],
    ],
    [
      'gives a quotation after "“Word,” said X, who they are." to X, the inverted subject of the sentence before',
      [
        'Voters in Reno named their worries for the coming year, and the governor came up often.',
        '“Jobs,” said Dale Grimm, a retired miner. “Jobs for the whole valley, everybody.”',
      ],
      ['Dale Grimm'],
    ],
    [
      'reads "with X yelling: “…”" as X, the participle’s own subject',
      [
        'At a rally in Ely on Saturday, some of his fans pushed a Harbour Watch protester, with Governor Tom Ode reportedly yelling: “Get him the hell out of here right now!”',
      ],
      ['Tom Ode'],
    ],
    [
      'reads "“…,” as X said on Monday" right after a fragment as X',
      [
        'Still, the fact that the race “is a dead heat right now, and nobody knows the winner,” as Senator Ada Brennan said on the radio on Monday, only raises the stakes.',
      ],
      ['Ada Brennan'],
    ],
    [
      'reads "But X, noting …, said, “…”" as X: a name after "but" or "and" is no scenery',
      [
        'So far the mayor has done little. But Sen. Ada Brennan (D-Kent), noting the size of his list, said, “Let me tell you, he has a heck of a mailing list.”',
        'But Tom Birch, at a firm called Harbour Partners, argues that “its hold on the valley will only grow.”',
      ],
      ['Ada Brennan', 'Tom Birch'],
    ],
  ])('%s', (_what, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});
