// The vocabulary the praise check sorts a comment's words with, in English, French and Russian.
// Words are matched lowercased and split at apostrophes and hyphens ("j'aime" is "j" + "aime",
// "write-up" is "write" + "up"). A stem (`~` at the end) matches any word it begins, for the
// endings French and Russian put on adjectives and nouns; a stem is tried only when the word
// itself is not listed. Phrases are matched on the words in a row, punctuation ignored.

/** Says something good about what was read: the compliment itself. */
export const PRAISE = 1;
/** Names the post, the blog, the site or its writer: what the compliment is about. */
export const POST = 2;
/** The blog-reader's routine (bookmarks, feeds, search engines, coming back): a compliment's setting, not its content. */
export const ROUTINE = 4;
/** Grammar and vague everyday words: neither content nor compliment. */
export const PLAIN = 8;
/** Says something bad: a comment that disapproves is no empty compliment, whatever else it says. */
export const DISAPPROVAL = 16;

const EN_PRAISE = `great good nice excellent awesome amazing fantastic wonderful superb brilliant outstanding terrific
  fabulous marvelous marvellous magnificent lovely beautiful cool informative helpful useful valuable interesting
  insightful impressive impressed enjoyed enjoy enjoying enjoyable loved love appreciate appreciated appreciation
  thank thanks thankyou thx grateful gratitude kudos bravo congrats congratulations perfect pleasant remarkable
  fascinating inspiring inspired incredible stunning quality neat super glad happy pleased delighted recommend
  worthwhile praise compliment compliments stylish tasteful exceptional helped enlightening educational liked smart
  intelligent bright clever talented skilled skills expertise passionate admire admiration favorite favourite handy
  invaluable beneficial splendid absorbing auspicious attractive educative motivating motivational awsome
  delightful admirable commendable phenomenal spectacular pleasing fastidious`;
const FR_PRAISE = `merci super bravo chapeau top parfait parfaite sympa chouette adore adoré aime apprécie apprécié
  belle bel beau bon bonne superbe génial géniale géniaux excellent excellente formidable magnifique utile utiles
  agréable incroyable félicitations intéressant~ passionn~ instructi~ enrichiss~ captiv~ impressionn~ merveill~
  remarquabl~ qualité ravi ravie plaisir`;
const RU_PRAISE = `спасиб~ благодар~ отличн~ замечательн~ прекрасн~ интересн~ полезн~ познавательн~ информативн~
  классн~ супер круто крут~ понрав~ нрав~ хорош~ молодец молодц~ браво респект шикарн~ великолепн~ качественн~
  увлекательн~ здорово восхитительн~ потрясающ~ любопытн~ годн~ лучш~ рад рада приятн~ актуальн~`;

const EN_POST = `post posts posting article articles blog blogs weblog site sites website websites web webpage page
  pages writing writings writeup write written writer writers author content contents info information
  informations topic topics subject piece read reading story column editorial material details tips advice ideas
  points knowledge resource layout theme template design paragraph paragraphs presentation blogpost webblog
  weblogs submit person individual`;
const FR_POST = `article articles billet billets blog blogs site sites post auteur auteure autrice contenu sujet
  lecture texte textes page pages information informations info infos partage rédaction écrit écrits papier
  publication chronique conseils idées`;
const RU_POST = `стать~ статейк~ блог~ сайт~ пост поста посте посту постом постов автор~ материал~ информац~ тема
  тему темы теме темой текст~ заметк~ публикац~ ресурс~ страниц~ контент~ чтени~ прочитал~ прочтени~ пишете пишите
  советы`;

const EN_ROUTINE = `bookmark bookmarked bookmarking bookmarks rss feed feeds subscribe subscribed subscribing
  subscription newsletter blogger bloggers blogging blogroll webmaster webmasters surfing browsing googling google
  yahoo bing msn wordpress revisit stumbled sharing`;
const FR_ROUTINE = `favoris signet abonné abonnée abonner abonnement flux rss reviendrai repasserai partager
  blogueur blogueuse blogueurs webmaster google continuation hâte`;
const RU_ROUTINE = `закладк~ подписал~ подпиш~ подписк~ вернусь заход~ загляну загляд~ продолжайте продолжай держать
  делит~ поделил~ блогер~ вебмастер~ гугл~ яндекс~ рсс`;

// Two and three words that are a compliment's stock phrases though no single word of them is.
const PHRASES: Record<string, number> = {
  'keep it up': PRAISE,
  'keep up': PRAISE,
  'well done': PRAISE,
  'well written': PRAISE,
  'good job': PRAISE,
  'good work': PRAISE,
  'good read': PRAISE,
  'great job': PRAISE,
  'nice job': PRAISE,
  'great work': PRAISE,
  'nice work': PRAISE,
  'i like': PRAISE,
  'really like': PRAISE,
  'marque page': ROUTINE,
  'bon travail': PRAISE,
  'beau travail': PRAISE,
  'отличная работа': PRAISE,
  'keep writing': PRAISE,
  'keep working': PRAISE,
  'made my day': PRAISE,
  'new reader': ROUTINE,
  'regular visitor': ROUTINE,
  'the favor': ROUTINE,
  'put up': POST,
  'came across': ROUTINE,
  'check back': ROUTINE,
  // Said of elections and jobs as much as of a blog's next post: neither content nor routine.
  'come back': PLAIN,
  'coming back': PLAIN,
  'look forward': PLAIN,
  'looking forward': PLAIN,
  'search engine': ROUTINE,
  'search engines': ROUTINE,
  'my site': ROUTINE,
  'my blog': ROUTINE,
  'my website': ROUTINE,
  'très bien': PRAISE,
  'bien écrit': PRAISE,
  'bon courage': PRAISE,
  'à bientôt': ROUTINE,
  'mon site': ROUTINE,
  'mon blog': ROUTINE,
  'так держать': PRAISE,
  'мой сайт': ROUTINE,
  'мой блог': ROUTINE,
};

const EN_PLAIN = `a an the and or but if so as at by for from in into of on onto to with without about over under
  up down out off than then too very really just also even still yet again ever never always already here there where
  when what which who whom whose why how this that these those it its i m ve ll d s t re me my mine myself you your
  yours yourself yourselves we us our they them their he him his she her is are was were be been being am do does did
  done doing have has had having will would shall should can could may might must not no yes all any some every each
  many much more most lot lots such own same other another one ones only because while though although however since
  until like well quite rather pretty truly definitely certainly surely actually simply indeed anyway right now today
  day days time times hour hours week thing things stuff something anything everything nothing someone anyone
  everyone everybody people way ways get got getting make made making find found finding see seen saw look looked
  looking know knew think thought say said want wanted need needed go going went gone come came take took give gave
  keep let put try tried new next last first little bit sure able ok okay hi hello hey dear friend friends man guys
  cheers bye regards lol wow oh ah please don doesn didn isn wasn aren won can couldn wouldn shouldn haven hasn
  tell told guess feel felt seems seem enough whole part kind sort learn learned learnt internet online web net
  search searching searched visit visited visiting visitors share shared loading`;
const FR_PLAIN = `le la les l de des du d un une et est c que qu qui en dans pour pas sur au aux il elle nous vous
  ils elles ce cet cette ces avec mais ou plus sont été par son sa ses leur leurs on ne n se s je j tout tous toute
  toutes comme fait faire être a y très bien beaucoup trop vraiment aussi encore déjà toujours jamais ici là me m moi
  te t toi mon ma mes ton ta tes votre vos notre nos lui cela ça ceci donc alors car si quand comment pourquoi où quoi
  ai as avez avons ont suis es sommes êtes était peu plein chose choses gens fois jour aujourd hui temps heure heures
  bonjour salut cordialement vais va vas vont lire lu trouvé trouve sais savoir rien ceux celle celui internet web
  visite visiter recherche revenir repasser partagé`;
const RU_PLAIN = `и в во не на что с со по это как к ко но он она оно они мы вы я из у за от о об же так все всё для
  был была было были его её ее их то бы только уже или да нет если при когда этот эта эти этом этой этого эту вам
  вас вами ваш ваша вашу ваше ваши вашего вашей мне меня мой моя моё мои очень много всем весь вся всех тут здесь там
  сейчас сегодня еще ещё даже тоже также просто вот ну ли лишь чем сам сама самое самый давно всегда никогда теперь
  можно нужно надо буду будет есть день дня время раз всего всё вообще конечно кто где почему зачем свой свою своей
  нашел нашла нашёл нашли читать читаю добавил добавила интернет интернете сети поиск`;

const EN_DISAPPROVAL = `terrible awful horrible horrid nasty vile evil garbage trash~ crap~ bullshit bs biased bias
  propaganda~ lies lie lying liar~ wrong disagree~ stupid~ idiot~ imbecil~ moron~ dumb~ ridicul~ nonsense pathetic~
  disgust~ shame~ worst bad poor misleading fake hate~ sick clickbait joke~ waste~ boring lazy incompetent~ ignoran~
  hypocri~ fail~ sucks disappoint~ outrage~ absurd~ sloppy insult~ shoddy dishonest~ fool~ scum~ lunatic~ troll~
  jerk~ loser~ hack hacks harass~ racist~ sexist~ bigot~ corrupt~ crook~ sad pity unfortunate~ useless silly
  witless shit~ fuck~ damn~ ass arse bitch~ junk spew~ nuts nutjob~ crazy insane deranged unhinged delusion~
  clown~ wacko~ brainwash~ sheeple`;
const FR_DISAPPROVAL = `nul nulle nuls mauvais mauvaise faux fausse mensonge mensonges menteur menteurs biaisé partial
  partiale propagande honte honteux honteuse ridicule stupide idiot idiots débile désaccord dommage déçu déçue
  décevant scandaleux scandaleuse absurde torchon poubelle minable lamentable triste hélas inutile merde putain
  fou folle cinglé~ crétin~ abruti~ guignol~`;
const RU_DISAPPROVAL = `ужасн~ плох~ бред~ чушь ерунд~ ложь лжив~ врет врёт вран~ пропаганд~ позор~ стыд~ глуп~ идиот~
  дурак~ дура туп~ несогласен отврат~ мерзк~ фейк~ заказн~ предвзят~ ахинея чепуха бесполезн~ хрен~ псих~ дебил~
  придур~ ненормальн~ клоун~`;

/** Each listed word with its kinds (bits). */
export const WORDS = new Map<string, number>();
/** Stems by their first three letters, longest first: a word is compared with the few that share its beginning. */
const STEMS = new Map<string, { stem: string; kind: number }[]>();
export const PHRASE_KINDS = new Map<string, number>(Object.entries(PHRASES));
/** The last words of the phrases: only after one of them is a phrase looked up. */
export const PHRASE_ENDS = new Set([...PHRASE_KINDS.keys()].map((p) => p.slice(p.lastIndexOf(' ') + 1)));
const STEM_KEY = 3;

function add(list: string, kind: number): void {
  for (const entry of list.split(/\s+/)) {
    if (!entry) continue;
    if (!entry.endsWith('~')) {
      WORDS.set(entry, (WORDS.get(entry) ?? 0) | kind);
      continue;
    }
    const stem = entry.slice(0, -1);
    const key = stem.slice(0, STEM_KEY);
    const list = STEMS.get(key) ?? [];
    const same = list.find((s) => s.stem === stem);
    if (same) same.kind |= kind;
    else list.push({ stem, kind });
    list.sort((a, b) => b.stem.length - a.stem.length);
    STEMS.set(key, list);
  }
}
for (const [lists, kind] of [
  [[EN_PRAISE, FR_PRAISE, RU_PRAISE], PRAISE],
  [[EN_POST, FR_POST, RU_POST], POST],
  [[EN_ROUTINE, FR_ROUTINE, RU_ROUTINE], ROUTINE],
  [[EN_PLAIN, FR_PLAIN, RU_PLAIN], PLAIN],
  [[EN_DISAPPROVAL, FR_DISAPPROVAL, RU_DISAPPROVAL], DISAPPROVAL],
] as const)
  for (const list of lists) add(list, kind);

/** A lowercased word's kinds: the word itself, else its longest listed beginning; 0 when unknown. */
export function kindOf(word: string): number {
  const exact = WORDS.get(word);
  if (exact !== undefined) return exact;
  if (word.length < STEM_KEY) return 0;
  const stems = STEMS.get(word.slice(0, STEM_KEY));
  if (stems) for (const s of stems) if (word.startsWith(s.stem)) return s.kind;
  return 0;
}
