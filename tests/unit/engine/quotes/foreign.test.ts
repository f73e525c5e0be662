// Speakers in French, German and Spanish: the forms those papers use, a name or nothing, and no guess at all
// in a language we do not read.
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../../functions/engine/quotes.js';

function read(...paragraphs: string[]): { text: string; speaker: string | null }[] {
  return extractQuotes({ title: 'Test', paragraphs }).map((q) => ({ text: q.text, speaker: q.speaker }));
}

function speakers(...paragraphs: string[]): (string | null)[] {
  return read(...paragraphs).map((q) => q.speaker);
}

describe('French', () => {
  it('reads an inverted name after "a ajouté"', () => {
    expect(
      speakers(
        'Le gouvernement a présenté mardi son plan pour le Sahel, au lendemain d’une réunion à Dakar.',
        '« La France ne se résignera jamais à voir des civils pris en otage », a ajouté Laurent Fabius.',
      ),
    ).toEqual(['Laurent Fabius']);
  });

  it('resolves "a-t-il ajouté" and "Il a déclaré :" to the man named before, never to "Il"', () => {
    expect(
      speakers(
        'Le ministre des Affaires étrangères, Laurent Fabius, était mardi à Dakar.',
        '« Nous travaillerons avec tous nos partenaires africains dès demain », a-t-il ajouté.',
        'Il a déclaré : « Nous ne céderons jamais devant la menace des groupes armés. »',
      ),
    ).toEqual(['Laurent Fabius', 'Laurent Fabius']);
  });

  it('reads "Selon X," and a description after the verb', () => {
    expect(
      speakers(
        'Le préfet, Olivier Brunet, s’est voulu rassurant devant les sinistrés.',
        '« Aucune famille sinistrée ne sera laissée sans solution de relogement », a promis le préfet.',
        'Selon Karim Benali, « la direction savait depuis des mois et elle a laissé faire ».',
      ),
    ).toEqual(['Olivier Brunet', 'Karim Benali']);
  });

  it('keeps the head of a description with a phrase in it, for a pronoun that follows', () => {
    expect(
      speakers(
        '« C’est une demande que nous entendons depuis des années », a expliqué l’adjointe à la culture, Sarah Lemoine.',
        'L’adjointe assure que des postes seront créés. « Nous avons prévu une enveloppe au budget, je m’y engage », a-t-elle promis.',
      ),
    ).toEqual(['Sarah Lemoine', 'Sarah Lemoine']);
  });

  it('leaves a speaker it cannot name unknown rather than naming a function word', () => {
    expect(
      speakers('« Il faut agir maintenant pour toutes les familles touchées », a dit le ministre.'),
    ).toEqual([null]);
  });
  it('reads the subject after a time and a place that run into it ("a déclaré lundi à Nantes X")', () => {
    expect(
      speakers(
        'Le directeur du port, Yves Kerbrat, a présenté son bilan devant les élus.',
        '« Les quais seront rénovés avant la fin de la saison touristique », a annoncé lundi à Nantes Léa Moreau, secrétaire d’État chargée de la Mer.',
        '« Personne ne sera oublié dans ce plan de relance », a-t-elle ajouté.',
      ),
    ).toEqual(['Léa Moreau', 'Léa Moreau']);
  });

  it('does not cut a person governed by "à" into a place and a name', () => {
    expect(
      speakers(
        'Le maire, Paul Girard, a reçu les riverains mardi soir.',
        '« Nous ne fermerons pas cette école tant que je serai maire », a répondu à Marie Claire Dubois le maire.',
      ),
    ).toEqual(['Paul Girard']);
  });
  it('reads "Pour X, « … »" and names no one after "Pour la première fois,"', () => {
    expect(
      speakers(
        'Le ministre de l’Économie, Bruno Lemaire, a présenté le budget mardi devant les députés.',
        'Pour Sandrine Aubry, économiste à l’université de Rennes, « ce budget repose sur une croissance que personne ne voit venir cette année ».',
        'Pour la première fois, « le déficit passera sous la barre des trois pour cent du produit intérieur brut ».',
      ),
    ).toEqual(['Sandrine Aubry', null]);
  });
  it('leaves someone unnamed ("a dit un habitant de la rue X") unnamed, not the man named before', () => {
    expect(
      speakers(
        'Le maire, Jean Morel, a inauguré le marché samedi matin devant les habitants du quartier.',
        '« On attendait ce marché depuis des années, enfin il est là », a dit un habitant de la rue Victor-Hugo qui préfère rester anonyme.',
      ),
    ).toEqual([null]);
  });
  it('keeps the speaker for "a-t-il ajouté" when a name stands in the appositive after them', () => {
    expect(
      speakers(
        'Le colloque sur l’enseignement s’est tenu mardi à Montpellier.',
        '« Les enseignants manquent partout et les classes débordent », a déclaré Hugo Marchal, proviseur du lycée Victor Duruy, à l’issue du colloque. « Nous ne tiendrons pas une année de plus ainsi », a-t-il ajouté.',
      ),
    ).toEqual(['Hugo Marchal', 'Hugo Marchal']);
  });
  it('reads "lui a répondu Mme X" as the woman named before, and news verbs such as "a taclé" and "s\'agace"', () => {
    expect(
      speakers(
        'La rectrice de l’académie, Juliette Carrère, a présenté la nouvelle carte scolaire mardi.',
        '« Vous fermez des classes là où les familles arrivent chaque année », a taclé Denis Brossard, élu de l’opposition.',
        '« Aucune classe ne fermera sans une concertation avec les maires concernés », lui a répondu Mme Carrère.',
        '« On nous promet des concertations depuis dix ans, et rien ne change », s’agace Denis Brossard.',
      ),
    ).toEqual(['Denis Brossard', 'Juliette Carrère', 'Denis Brossard']);
  });
  it('reads whose words a lone quotation was from the sentence after it ("Quelques mots, lâchés par X"), not from "Ces mots ont choqué Y"', () => {
    expect(
      speakers(
        'Le viticulteur Gérard Poulain a perdu la moitié de sa récolte cette année.',
        '« Nous replanterons tout, parcelle après parcelle. » Quelques mots, lâchés par Gérard Poulain en quittant la cave.',
        '« Personne ne viendra nous aider, il faut le savoir. » Ces mots ont choqué Martine Guérin, maire du village.',
      ),
    ).toEqual(['Gérard Poulain', null]);
  });
});

describe('German', () => {
  it('reads "sagte" with a role noun before the name, and "so X" after', () => {
    expect(
      speakers(
        '„Wir haben monatelang verhandelt und nichts erreicht“, sagte Gewerkschaftschef Klaus Wendler.',
        '„Wenn bis Freitag nichts passiert, legen wir das ganze Wochenende still“, so Wendler.',
      ),
    ).toEqual(['Klaus Wendler', 'Klaus Wendler']);
  });

  it('resolves "sagte die Ministerin" to the minister named before', () => {
    expect(
      speakers(
        'Bauministerin Claudia Weidner verteidigte den Entwurf im Bundestag.',
        'Die Opposition sprach von Chaos. „Niemand wird gezwungen, eine funktionierende Heizung herauszureißen“, sagte die Ministerin.',
      ),
    ).toEqual(['Claudia Weidner']);
  });

  it('reads quotations in »…«', () => {
    expect(
      read(
        '»Kino kann keinen Krieg beenden, aber es kann etwas verhindern«, sagte Festivalleiterin Tricia Hale.',
      ),
    ).toEqual([
      { text: 'Kino kann keinen Krieg beenden, aber es kann etwas verhindern', speaker: 'Tricia Hale' },
    ]);
  });
  it('reads the subject after a time and a place, with a role noun and a title before the name', () => {
    expect(
      speakers(
        'Die Vorsitzende des Vereins, Renate Vogel, begrüßte die Gäste.',
        '„Ohne die Hilfe der Nachbarn hätten wir die Halle nie renoviert“, sagte am Sonntag in Buchfeld Bürgermeister Dr. Torben Lindqvist bei der Feier.',
      ),
    ).toEqual(['Torben Lindqvist']);
  });
  it('reads "Für Prof. X … ist das „…“" and a pronoun after it, with a first name it does not know', () => {
    expect(
      speakers(
        'Der Konzern will in Wetzlar rund 300 Stellen abbauen, wie das Unternehmen am Montag mitteilte.',
        'Für Prof. Wiebke Harmsen von der Universität Gießen ist der Abbau „ein Warnsignal für die ganze Region“. „Wer jetzt nicht umsteuert, verliert in zehn Jahren den Anschluss“, sagte sie.',
      ),
    ).toEqual(['Wiebke Harmsen', 'Wiebke Harmsen']);
  });
  it('leaves someone unnamed ("sagte ein Anwohner aus der X") unnamed, not the man named before', () => {
    expect(
      speakers(
        'Bürgermeister Jan Oberhofer eröffnete am Samstag den Markt vor vielen Gästen.',
        '„Wir haben lange auf diesen Markt gewartet, endlich ist er da“, sagte ein Anwohner aus der Lindenstraße, der seinen Namen nicht nennen wollte.',
      ),
    ).toEqual([null]);
  });
  it('keeps the speaker for "fügte er hinzu" when a name stands in the relative clause after them', () => {
    expect(
      speakers(
        'Die Tagung zur Zukunft der Schulen fand am Dienstag in Kassel statt.',
        '„Uns fehlen überall Lehrkräfte und die Klassen sind übervoll“, sagte Schulleiter Peter Wendt, der lange mit Professor Michael Brandt zusammenarbeitete, nach der Tagung. „So halten wir kein weiteres Jahr durch“, fügte er hinzu.',
      ),
    ).toEqual(['Peter Wendt', 'Peter Wendt']);
  });
  it('reads news verbs such as "resümiert" and "entgegnete"', () => {
    expect(
      speakers(
        '„Wir haben in diesem Jahr mehr erreicht, als wir uns vorgenommen hatten“, resümiert Vereinschefin Helga Brandl.',
        '„Die Zahlen sind geschönt, das weiß jeder im Saal“, entgegnete Schatzmeister Ottmar Zehetner.',
      ),
    ).toEqual(['Helga Brandl', 'Ottmar Zehetner']);
  });
  it('names a speaker whose first name it does not know: set off after a role, then "sagt X" (in «»)', () => {
    expect(
      speakers(
        'Der Präsident des Bauernverbands Thurgau, Reto Gubler, warnt vor den neuen Auflagen.',
        '«Für viele Höfe ist das eine Frage des Überlebens. Wir brauchen Übergangsfristen», sagt Gubler.',
        '«Die Auflagen kommen zu spät und sind zu lasch», entgegnete Kantonsrätin Mirjam Oettli.',
      ),
    ).toEqual(['Reto Gubler', 'Mirjam Oettli']);
  });

  it('names no one for a single unknown word after the verb ("teilte Eisenwerk mit"), not the man named before', () => {
    expect(
      speakers(
        'Betriebsratschef Jonas Weber sprach am Morgen vor der Belegschaft.',
        '„Die Zahlen für das dritte Quartal sind besser als erwartet“, teilte Eisenwerk mit.',
      ),
    ).toEqual([null]);
  });
  it('ends a name before "vom": "Projektleiterin Ines Vogt vom Bauamt" is Ines Vogt', () => {
    expect(
      speakers(
        'Projektleiterin Ines Vogt vom Bauamt hält dagegen: „Wir haben über 300 Einwendungen geprüft und jede beantwortet.“',
      ),
    ).toEqual(['Ines Vogt']);
  });
  it('reads whose words a lone quotation was from the sentence after it ("Diesen Satz wiederholte X")', () => {
    expect(
      speakers(
        'Schulleiterin Karin Seidl stellte am Montag die neuen Pläne vor.',
        '„Wir geben keinen einzigen Schüler auf, niemals.“ Diesen Satz wiederholte Seidl an diesem Abend mehrmals.',
      ),
    ).toEqual(['Karin Seidl']);
  });
});

describe('Spanish', () => {
  it('reads "dijo X" and a pro-drop verb after a person named in the sentence before', () => {
    expect(
      speakers(
        '«Llevamos dos años pidiendo más personal y nada», dijo Raúl Ortega, portavoz del sindicato.',
        'El presidente del club, José Cabrera, pidió calma. «Quedan muchas jornadas y vamos a pelear hasta el final», aseguró.',
      ),
    ).toEqual(['Raúl Ortega', 'José Cabrera']);
  });

  it('reads "recordó X" after the person was named', () => {
    expect(
      speakers(
        '«Es un animal completamente ciego y adaptado a la oscuridad», explicó la entomóloga Lucía Márquez.',
        '«Él nos enseñó estas cuevas y sin su ayuda nunca habríamos llegado», recordó Márquez.',
      ),
    ).toEqual(['Lucía Márquez', 'Lucía Márquez']);
  });

  it('takes a speaker set between dashes out of the quotation', () => {
    expect(
      read(
        '«Mi abuelo pescaba anguilas aquí, y yo seré el último —dice Vicent Martí, de 62 años—. Mis hijos no quieren saber nada.»',
      ),
    ).toEqual([
      {
        text: 'Mi abuelo pescaba anguilas aquí, y yo seré el último. Mis hijos no quieren saber nada.',
        speaker: 'Vicent Martí',
      },
    ]);
  });
  it('reads the subject after a place that runs into a title ("explicó en Salta la Dra. X")', () => {
    expect(
      speakers(
        'La directora del hospital, Inés Fuentes, presentó el informe anual ante la prensa.',
        '«Los casos de dengue se triplicaron durante este verano tan lluvioso», explicó en Salta la Dra. Verónica Ibarguren, epidemióloga del ministerio.',
        'Ibarguren pidió calma. «No hay motivo para el pánico si se toman precauciones», sostuvo.',
      ),
    ).toEqual(['Verónica Ibarguren', 'Verónica Ibarguren']);
  });
  it('reads "Para el Dr. X, investigador …, “…”" and names no one after "Para el Gobierno,"', () => {
    expect(
      speakers(
        'El ministro de Economía, Julio Benítez, presentó el presupuesto ante el Congreso el martes.',
        'Para el Dr. Anselmo Quintana, economista de la Universidad de Córdoba, «el presupuesto es optimista y no resistirá una sequía como la del año pasado».',
        'Para el Gobierno, «este presupuesto marca el camino de la recuperación económica del país».',
      ),
    ).toEqual(['Anselmo Quintana', null]);
  });
  it('takes no name from inside a description ("un vendedor de la calle Rosales"), and keeps the next verb unnamed', () => {
    expect(
      speakers(
        'El alcalde, Jorge Molina, inauguró el mercado el sábado por la mañana.',
        '«Este año los precios están por las nubes y nadie compra como antes», dijo un vendedor de la calle Rosales que pidió no ser identificado.',
        '«Las ventas bajaron casi a la mitad desde que cerraron la fábrica», añadió.',
      ),
    ).toEqual([null, null]);
  });
  it('keeps the speaker for "añadió" and makes no one of a first name inside a body\'s name ("de la Sierra de Mercedes")', () => {
    expect(
      speakers(
        'La cosecha de este año será la peor en décadas en toda la comarca.',
        '«Sin lluvia no hay campaña y sin campaña no hay pueblo», dijo Elena Castaño, presidenta de la Cooperativa Olivarera de la Sierra de Mercedes, tras la asamblea del domingo. «Muchas familias tendrán que emigrar a la ciudad este invierno», añadió.',
      ),
    ).toEqual(['Elena Castaño', 'Elena Castaño']);
  });
  it('reads news verbs such as "resume" and "sentenció", and "le dijo X"', () => {
    expect(
      speakers(
        'El Consejo Escolar se reunió el lunes para decidir el futuro del colegio rural de la comarca.',
        '«Sin niños no hay escuela, y sin escuela no hay pueblo», resume Carmen Aliaga, directora del colegio.',
        '«La decisión ya está tomada y no tiene marcha atrás», sentenció Tomás Ferrando, delegado de Educación.',
        '«Vamos a recurrir esta decisión ante los tribunales si hace falta», le dijo Aliaga al delegado.',
      ),
    ).toEqual(['Carmen Aliaga', 'Tomás Ferrando', 'Carmen Aliaga']);
  });
  it('reads whose words a lone quotation was from the sentence after it ("Palabras de X")', () => {
    expect(
      speakers(
        'La alcaldesa, Marta Ibarra, visitó el lunes la escuela del pueblo.',
        '«Mientras haya un alumno, la escuela seguirá abierta.» Palabras de Marta Ibarra, que no piensa rendirse.',
      ),
    ).toEqual(['Marta Ibarra']);
  });
});

describe('a language we do not read', () => {
  it('finds the quotations and leaves every speaker unknown', () => {
    expect(
      read(
        '«Non cederemo mai davanti a queste minacce», ha detto martedì il ministro Marco Rossi durante una visita a Milano. Il governo presenterà un nuovo disegno di legge prima dell’estate.',
      ),
    ).toEqual([{ text: 'Non cederemo mai davanti a queste minacce', speaker: null }]);
  });
});
