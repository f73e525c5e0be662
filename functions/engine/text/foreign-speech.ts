// The words of reported speech in French, German and Spanish news: verbs that attribute a quotation (the
// forms news writes: "a déclaré", "sagte", "dijo", inverted after the quotation or before a colon), the
// auxiliaries and reflexives around them, pronouns, determiners, titles, and the capitalised words that open a
// sentence or a noun phrase without naming anyone ("Il", "Le", "Les", "Die", "El"). quotes/foreign.ts reads
// attribution with them.
import type { Language } from './language.js';

export type ForeignLanguage = Exclude<Language, 'en' | 'other'>;

export interface ForeignLexicon {
  /** Finite verbs and past participles of saying, lower case. */
  readonly verbs: ReadonlySet<string>;
  /** Auxiliaries before a past participle ("a déclaré", "ha dicho", "hat gesagt"). */
  readonly auxiliaries: ReadonlySet<string>;
  /** Reflexive pronouns before a verb ("se quejaba", "s'est félicité", "s'interroge"). */
  readonly reflexives: ReadonlySet<string>;
  /** Object pronouns before an inverted verb or its auxiliary: "lui a répondu X", "le dijo X", "nous a confié". */
  readonly clitics: ReadonlySet<string>;
  /** Subject pronouns, with the gender they point to. */
  readonly pronouns: ReadonlyMap<string, 'male' | 'female'>;
  /** Words that introduce a source: "selon", "laut", "según"; German "so" after a quotation. */
  readonly according: ReadonlySet<string>;
  /**
   * Words that introduce a viewpoint when they open the sentence and a comma leads to the quotation:
   * "Pour X, « … »", "Para el Dr. X, investigador …, “…”". Not German "Für": "Für X ist das …" states a
   * view in the writer's words, and a quotation in it is a fragment read with its sentence's subject.
   */
  readonly viewpoints: ReadonlySet<string>;
  /**
   * Nouns for words said, opening the sentence after a quotation that stands alone and naming who said it:
   * "« On tiendra. » Deux mots, lâchés par X", "«…» Palabras de X", "«…» Diesen Satz wiederholte X".
   */
  readonly wordNouns: ReadonlySet<string>;
  /** Words right before the sayer in such a sentence: "de X", "par X", "von X", "que X répète". */
  readonly agentMarkers: ReadonlySet<string>;
  /** Determiners of a description ("le ministre", "die Ministerin"), with the gender they mark. */
  readonly determiners: ReadonlyMap<string, 'male' | 'female' | 'unknown'>;
  /** Indefinite articles: "dit un habitant" brings in someone unnamed, never a person named before. */
  readonly indefinites: ReadonlySet<string>;
  /** Prepositions and contractions: a name after one is an object or a place, not a speaker. */
  readonly prepositions: ReadonlySet<string>;
  /** Titles before a name, dropped from it ("M.", "Mme", "Herr", "Sra."). */
  readonly titles: ReadonlySet<string>;
  /** Lower-case particles inside a name ("de", "von", "del"). */
  readonly particles: ReadonlySet<string>;
  /** Capitalised words that never name anyone: pronouns, determiners, conjunctions, sentence openers. */
  readonly functionWords: ReadonlySet<string>;
  /** Words for organisations and places: a capitalised run holding one is not a person. */
  readonly orgWords: ReadonlySet<string>;
  /** Whether nouns are capitalised (German): a capital alone does not make a name. */
  readonly capitalisedNouns: boolean;
  /**
   * Endings of capitalised role nouns written before a name in German ("Landwirtschaftsminister Cem Öztürk",
   * "Anwohnerin Gertrud Maier"): the two words after one name a person even when the first name is unknown.
   */
  readonly roleEndings: readonly string[];
}

function words(...lists: string[]): Set<string> {
  return new Set(
    lists
      .join(' ')
      .split(/\s+/)
      .filter((w) => w !== ''),
  );
}

const FRENCH: ForeignLexicon = {
  verbs: words(
    'dit déclaré ajouté expliqué indiqué précisé assuré affirmé souligné rappelé estimé insisté martelé lancé',
    'réagi confié reconnu regretté analysé promis prévenu observé tempéré lâché fustigé plaidé conclu poursuivi',
    'dénoncé averti répondu commenté confirmé admis ironisé tranché résumé noté jugé déploré salué écrit demandé',
    'raconté témoigné nuancé relevé glissé soufflé félicité exclamé emporté insurgé étonné inquiété',
    'réjoui défendu justifié annoncé répété détaillé argumenté avancé protesté concédé objecté rétorqué souri',
    'déclare ajoute explique indique précise assure affirme souligne rappelle estime insiste martèle lance',
    'réagit confie reconnaît regrette analyse promet prévient observe tempère lâche fustige plaide conclut',
    'poursuit dénonce avertit répond commente confirme admet ironise tranche résume note juge déplore salue écrit',
    'demande raconte témoigne nuance relève glisse souffle soupire interroge exclame félicite dit-il dit-elle',
    'déclara ajouta expliqua indiqua précisa assura affirma souligna rappela estima insista lança répondit',
    // Common in news too: attacks, jabs, annoyance, summaries, retorts, warnings, pleas, praise.
    'attaqué attaque taclé tacle agacé agace tonné tonne renchéri renchérit enchaîné enchaîne asséné assène',
    'complété complète abondé abonde corrigé corrige coupé coupe interrompu interrompt cinglé cingle raillé',
    'raille moqué moque indigné indigne alerté alerte signalé signale rassuré rassure avoué avoue menacé',
    'menace juré jure balayé balaie minimisé minimise relativisé relativise dédramatisé dédramatise pointé',
    'pointe accusé accuse critiqué critique reproché reproche remercié remercie espéré espère souhaité',
    'souhaite prédit interpellé interpelle plaisanté plaisante amusé amuse désolé désole défend réjouit',
    'inquiète étonne insurge emporte répliqué réplique murmuré murmure chuchoté chuchote remarqué remarque',
    'constaté constate insisté expliqué décrit décrypté décrypte reprend repris continué continue maintenu',
    'maintient martelé clamé clame proclamé proclame revendiqué revendique réclamé réclame exigé exige',
    'suggéré suggère conseillé conseille recommandé recommande exhorté exhorte alarmé alarme pesté peste',
    'fulminé fulmine persisté persiste certifié certifie garanti garantit soutenu soutient résumé',
  ),
  auxiliaries: words('a ont avait avaient aura est sont était'),
  reflexives: words("se s’ s'"),
  clitics: words("lui leur nous vous me te m’a m'a t’a t'a m’avait m'avait"),
  pronouns: new Map([
    ['il', 'male'],
    ['elle', 'female'],
  ]),
  according: words("selon d’après d'après"),
  viewpoints: words('pour'),
  wordNouns: words('mots mot phrase phrases paroles propos formule'),
  agentMarkers: words("de d’ d' par que qu’ qu'"),
  determiners: new Map([
    ['le', 'male'],
    ['la', 'female'],
    ['l’', 'unknown'],
    ["l'", 'unknown'],
    ['un', 'male'],
    ['une', 'female'],
    ['son', 'unknown'],
    ['sa', 'female'],
    ['ce', 'male'],
    ['cette', 'female'],
    ['leur', 'unknown'],
  ]),
  indefinites: words('un une'),
  prepositions: words(
    'de du des à au aux en dans par pour sur sous avec sans chez vers contre entre depuis pendant après avant',
    "d’ d' auprès lors",
  ),
  titles: words('m. m mme mlle me maître dr pr docteur professeur monsieur madame mgr'),
  particles: words("de du des la le d’ d' van von"),
  functionWords: words(
    "le la les l’ l' un une des du de d’ d' il elle ils elles on nous vous je tu ce cet cette ces son sa ses",
    'leur leurs mon ma mes ton ta tes et ou mais donc or ni car si quand lorsque comme puis alors ainsi aussi',
    'selon pour par dans sur sous avec sans chez en au aux à après avant depuis pendant entre vers contre',
    'qui que quoi dont où lui eux y cela ça ceci celui celle ceux celles tout tous toute toutes aucun aucune',
    'plusieurs chaque certains certaines autre autres même très plus moins encore déjà toujours jamais',
    'monsieur madame côté face interrogé interrogée deuxième troisième premier première dernier dernière',
    'lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août',
    'septembre octobre novembre décembre',
  ),
  orgWords: words(
    'institut université société stade association ong syndicat fédération ministère gouvernement préfecture',
    'mairie région département conseil commission agence banque groupe entreprise parti assemblée sénat',
    'tribunal cour police gendarmerie hôpital école lycée collège club équipe ligue union confédération',
    'france paris lyon marseille europe afrique sahel mali sénégal belgique suisse québec canada',
  ),
  capitalisedNouns: false,
  roleEndings: [],
};

const GERMAN: ForeignLexicon = {
  verbs: words(
    'sagte sagt gesagt erklärte erklärt betonte betont meinte meint kritisierte kritisiert versprach verspricht',
    'warnte warnt fügte fügt räumte räumt erzählte erzählt berichtete berichtet sprach spricht forderte fordert',
    'kündigte kündigt schrieb schreibt ergänzte ergänzt fragte fragt antwortete antwortet bestätigte bestätigt',
    'unterstrich unterstreicht teilte teilt lobte lobt bekräftigte bekräftigt mahnte mahnt klagte klagt',
    'beklagte beklagt verteidigte verteidigt zitierte sagten erklärten bilanzierte resümierte',
    // Common in news too: summing up, criticising, explaining, replying, assuring, complaining, joking.
    'bilanziert resümiert kritisierten erläuterte erläutert präzisierte präzisiert relativierte relativiert',
    'versicherte versichert beteuerte beteuert gestand gesteht schilderte schildert erinnerte erinnert',
    'argumentierte argumentiert begründete begründet entgegnete entgegnet erwiderte erwidert konterte kontert',
    'widersprach widerspricht urteilte urteilt folgerte folgert prophezeite prophezeit prognostizierte',
    'prognostiziert vermutete vermutet schätzte schätzt appellierte appelliert verlangte verlangt monierte',
    'moniert bemängelte bemängelt freute freut ärgerte ärgert wunderte wundert empörte empört jubelte jubelt',
    'stöhnte stöhnt seufzte seufzt scherzte scherzt witzelte witzelt spottete spottet polterte poltert',
    'schimpfte schimpft wetterte wettert drohte droht findet fand gewarnt gefordert gelobt gemahnt gemeint',
    'erläutert versichert entgegnet erwidert kritisiert wiederholte wiederholt',
  ),
  auxiliaries: words('hat hatte haben hatten'),
  reflexives: words('sich'),
  clitics: words(),
  pronouns: new Map([
    ['er', 'male'],
    ['sie', 'female'],
  ]),
  according: words('laut zufolge so'),
  viewpoints: words(),
  wordNouns: words('satz sätze worte wort'),
  agentMarkers: words('von'),
  determiners: new Map([
    ['der', 'male'],
    ['die', 'female'],
    ['das', 'unknown'],
    ['ein', 'male'],
    ['eine', 'female'],
    ['dessen', 'unknown'],
    ['deren', 'unknown'],
    ['sein', 'male'],
    ['seine', 'female'],
    ['ihr', 'male'],
    ['ihre', 'female'],
  ]),
  indefinites: words('ein eine'),
  prepositions: words(
    'von vom zu zum zur in im am an auf aus bei beim mit nach für über unter vor hinter gegenüber seit durch',
    'gegen ohne um ab bis während wegen trotz laut',
  ),
  titles: words('herr frau dr dr. prof prof. professor professorin'),
  // Not "vom": "Simon Brändli vom Tiefbauamt" is a name and where he works.
  particles: words('von van der de zu'),
  functionWords: words(
    'der die das den dem des ein eine einer einem einen eines er sie es wir ihr ich du man und oder aber doch',
    'denn sondern wenn weil als wie so auch noch schon nur nicht kein keine dieser diese dieses jener jene',
    'sein seine ihre ihr unser unsere mein meine dessen deren wer was wo wann warum damit dabei dazu darum',
    'laut von vom zu zum zur in im am an auf aus bei beim mit nach für über unter vor seit durch gegen ohne',
    'um bis während wegen trotz zugleich zuletzt damals jetzt heute gestern morgen dann danach deshalb',
    'montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz april mai juni juli',
    'august september oktober november dezember',
  ),
  orgWords: words(
    'bahn gewerkschaft partei regierung ministerium bundestag landtag stadt verband bund institut universität',
    'gericht landgericht polizei staatsanwaltschaft feuerwehr bundeswehr unternehmen konzern werk verein klub',
    'fc sc bvb spd cdu csu fdp afd grüne linke ig metall verdi dpa sky zdf ard orf srf presse-agentur',
    'deutschland österreich schweiz bayern berlin hamburg münchen köln frankfurt wien zürich passau',
  ),
  capitalisedNouns: true,
  roleEndings: [
    'minister',
    'ministerin',
    'präsident',
    'präsidentin',
    'chef',
    'chefin',
    'sprecher',
    'sprecherin',
    'leiter',
    'leiterin',
    'meister',
    'meisterin',
    'trainer',
    'trainerin',
    'kapitän',
    'politiker',
    'politikerin',
    'direktor',
    'direktorin',
    'vorstand',
    'vorsitzende',
    'vorsitzender',
    'sekretär',
    'sekretärin',
    'anwalt',
    'anwältin',
    'richter',
    'richterin',
    'wohner',
    'wohnerin',
    'rentner',
    'rentnerin',
    'bauer',
    'bäuerin',
    'forscher',
    'forscherin',
    'experte',
    'expertin',
    'rat',
    'rätin',
  ],
};

const SPANISH: ForeignLexicon = {
  verbs: words(
    'dijo afirmó aseguró explicó añadió agregó señaló declaró indicó sostuvo comentó contó relató lamentó',
    'subrayó denunció advirtió apuntó precisó insistió recalcó destacó manifestó expresó reconoció admitió',
    'respondió escribió concluyó ironizó criticó defendió anunció confesó reiteró puntualizó matizó',
    'dice afirma asegura explica añade agrega señala declara indica sostiene comenta cuenta relata lamenta',
    'subraya denuncia advierte apunta precisa insiste recalca destaca manifiesta expresa reconoce admite',
    'responde escribe concluye ironiza critica defiende anuncia confiesa reitera quejaba queja quejó',
    'recordó recuerda replicó replica insistió bromeó resumió zanjó',
    'dicho afirmado asegurado explicado añadido agregado señalado declarado indicado sostenido comentado',
    'contado relatado lamentado subrayado denunciado advertido apuntado precisado insistido recalcado',
    // Common in news too: summing up, settling, stressing, clarifying, asking, replying, warning, praising.
    'resume sentenció sentencia zanja remarcó remarca enfatizó enfatiza aclaró aclara completó completa',
    'detalló detalla bromea reclamó reclama exigió exige pidió pide propuso propone repitió repite cuestionó',
    'cuestiona opinó opina consideró estimó valoró celebró celebra alertó alerta avisó avisa prometió promete',
    'garantizó garantiza remató remata razonó razona argumentó argumenta justificó justifica narró narra',
    'rememoró rememora evocó evoca confió confía reveló revela desveló desvela informó informa comunicó',
    'comunica especificó especifica matiza corrigió corrige contestó contesta retrucó retruca espetó espeta',
    'soltó suelta deslizó desliza susurró susurra exclamó exclama gritó grita clamó clama protestó protesta',
    'acusó acusa reprochó reprocha agradeció agradece elogió elogia reivindicó reivindica aceptó acepta',
    'asumió asume concedió concede prosiguió prosigue continuó continúa puntualiza',
    'resumido sentenciado remarcado enfatizado aclarado detallado reclamado exigido pedido propuesto',
    'opinado celebrado alertado prometido garantizado concluido reconocido admitido respondido replicado',
    'criticado defendido anunciado reiterado confesado revelado informado matizado puntualizado',
  ),
  auxiliaries: words('ha han había habían'),
  reflexives: words('se'),
  clitics: words('le les me nos te'),
  pronouns: new Map([
    ['él', 'male'],
    ['ella', 'female'],
  ]),
  according: words('según'),
  viewpoints: words('para'),
  wordNouns: words('palabras palabra frase frases'),
  agentMarkers: words('de del por que'),
  determiners: new Map([
    ['el', 'male'],
    ['la', 'female'],
    ['un', 'male'],
    ['una', 'female'],
    ['su', 'unknown'],
    ['este', 'male'],
    ['esta', 'female'],
  ]),
  indefinites: words('un una'),
  prepositions: words(
    'de del en a al por para con sin desde hasta hacia sobre entre tras ante bajo contra durante según',
  ),
  titles: words('sr sr. sra sra. srta don doña dr dr. dra dra.'),
  particles: words('de del la las los dal y'),
  functionWords: words(
    'el la los las lo un una unos unas de del al a en y o u e ni pero sino que qué quien quién cual cuál',
    'cuando como donde si no ya más menos muy también tampoco todo toda todos todas otro otra otros otras',
    'este esta estos estas ese esa esos esas aquel aquella su sus mi mis tu tus nuestro nuestra él ella ellos',
    'ellas nosotros usted ustedes se según por para con sin desde hasta sobre entre tras ante durante',
    'lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto',
    'septiembre octubre noviembre diciembre',
  ),
  orgWords: words(
    'gobierno ministerio ayuntamiento consejo congreso senado tribunal universidad instituto agencia sindicato',
    'asociación confederación partido empresa banco club equipo policía guardia generalitat junta comisión',
    'organización fundación federación liga real consejo españa madrid barcelona valencia sevilla méxico',
    'argentina chile colombia perú venezuela bolivia cusco',
  ),
  capitalisedNouns: false,
  roleEndings: [],
};

const LEXICONS: Readonly<Record<ForeignLanguage, ForeignLexicon>> = { fr: FRENCH, de: GERMAN, es: SPANISH };

export function foreignLexicon(language: ForeignLanguage): ForeignLexicon {
  return LEXICONS[language];
}

/** Function words of every language we read, for the check that no speaker is one ("Il", "Le", "Die"). */
export function isFunctionWordInAnyLanguage(word: string): boolean {
  const w = word.toLowerCase();
  return FRENCH.functionWords.has(w) || GERMAN.functionWords.has(w) || SPANISH.functionWords.has(w);
}
