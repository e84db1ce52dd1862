// Legitimate comments with the fields a comment form asks for: the Civil Comments readers' texts
// (body only in the data) given a reader's name, for about a fifth a website of their own, and a
// news headline as the page. Only the spam corpus (wordpress) carries names and websites, so a
// check on those fields would otherwise meet no legitimate name and show no false positive by
// construction. Seeded: the same seed gives the same readers.
//
// The names and addresses are made up from the lists below, in the proportions readers use on
// news sites as we imagine them: full names, first names, initials, nicknames and handles, in
// English, French, Russian and other cultures; websites on their own name, on blogging and social
// platforms, and their small businesses (whose keyword-like names are the hard case).
import type { Example } from '../src/spam/classifier/data.ts';

const FIRST: Record<string, string[]> = {
  en: 'James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Susan Richard Jessica Joseph Sarah Thomas Karen Chris Nancy Daniel Lisa Matthew Betty Mark Sandra Paul Ashley Steven Donna Andrew Emily Kevin Michelle Brian Carol George Amanda Ed Melissa Tim Deborah Ron Stephanie Jason Rebecca Gary Laura Larry Sharon Frank Cynthia Scott Kathleen Eric Amy Ray Shirley Greg Angela Art Grace Hope Rich Faith Sunny Rocky Candy Penny Crystal Amber Jade Ruby Summer Destiny'.split(
    ' ',
  ),
  fr: 'Jean Marie Pierre Nathalie Michel Isabelle Philippe Sylvie Alain Catherine Nicolas Françoise Christophe Sandrine Laurent Véronique Julien Céline Sébastien Aurélie Jean-Pierre Marie-Claire Thierry Hélène Stéphane Élodie Olivier Camille Benoît Chloé'.split(
    ' ',
  ),
  ru: 'Александр Елена Сергей Ольга Дмитрий Татьяна Андрей Наталья Алексей Ирина Михаил Светлана Иван Анна Николай Мария Владимир Екатерина Павел Юлия'.split(
    ' ',
  ),
  ruLatin:
    'Alexander Elena Sergei Olga Dmitry Tatiana Andrei Natalia Alexei Irina Mikhail Svetlana Ivan Anna Nikolai Maria Vladimir Ekaterina Pavel Yulia'.split(
      ' ',
    ),
  other:
    'Carlos Lucía Hans Ingrid Giulia Marco João Ana Piotr Katarzyna Mehmet Ayşe Priya Rahul Wei Mei Hiroshi Yuki Ahmed Fatima Chinedu Ngozi Loan Linh Sven Astrid Kofi Ama Siobhan Tane'.split(
      ' ',
    ),
};
const LAST: Record<string, string[]> = {
  en: 'Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Price Cash Law Hunter Rich Field Holiday Banks Bond Gold Diamond Money Sterling Sale Travers Fish'.split(
    ' ',
  ),
  fr: 'Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François Martinez'.split(
    ' ',
  ),
  ru: 'Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров Морозов Волков Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев'.split(
    ' ',
  ),
  ruLatin:
    'Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev'.split(
      ' ',
    ),
  other:
    'García Fernández Müller Schmidt Rossi Bianchi Silva Santos Kowalski Nowak Yılmaz Kaya Sharma Patel Wang Li Tanaka Sato Hassan Ali Okafor Adeyemi Tran Pham Lindqvist Nielsen Mensah Asante Murphy Ngata'.split(
      ' ',
    ),
};
/** Nicknames readers pick on news sites: some are words a keyword list might also hold. */
const NICKNAMES =
  'Concerned Citizen|Sports Fan|Dog Lover|Health Nut|Tax Payer|Retired Teacher|Old Timer|Free Thinker|Realist|Anchorage Resident|Local Mom|Small Business Owner|Travel Bug|Night Owl|Bookworm|Fisherman|Music Lover|Veteran|Grandma Jo|Lurker|Skeptic|Common Sense|Voter|Hockey Dad|Garden Gnome|Mountain Man|Coffee Addict|Science Teacher|Island Girl|Home Cook|Old School|Citoyen Lambda|Un lecteur|Lectrice fidèle|Марсианин|Читатель|Пенсионер|Старожил|Kiwi Dave|Desert Rat'.split(
    '|',
  );
const HANDLE_WORDS = 'wolf bear kiwi blue river north fox raven hawk mango pixel rusty sunny oak maple cedar'.split(
  ' ',
);
const TOWNS = 'anchorage eugene honolulu denver toronto halifax lyon nantes lille kazan tver perm bristol leeds'.split(
  ' ',
);
/** What a reader's small business does, as it would appear in its domain. */
const TRADES =
  'plumbing bakery autorepair dental law realty insurance photography design farm yoga construction landscaping consulting catering fitness accounting roofing cleaning petgrooming florist'.split(
    ' ',
  );
const FR_TRADES = 'boulangerie plomberie renovation immobilier photographe avocat fleuriste'.split(' ');
const RU_TRADES = 'remont foto dizain stroy'.split(' ');
/** Headlines written for this bench, standing for the articles (the comments were written under others). */
const HEADLINES = [
  'Council approves harbour budget after a second vote',
  'Wildfire forces evacuation of two valley towns',
  'School board weighs later start times',
  'Legislature passes oil tax credit repeal',
  'Transit fares rise for the first time in a decade',
  'Police chief defends response to downtown protest',
  'Salmon returns fall short of forecasts',
  'New clinic opens in the north end',
  'Premier promises inquiry into missing funds',
  'Mayor vetoes short-term rental ordinance',
  'Court strikes down limits on campaign donations',
  'Hospital workers vote to strike',
  'Ferry service cut over winter months',
  'Pipeline review delayed again',
  'University tuition freeze ends',
  'City hall debates homeless shelter location',
  'Election turnout hits record low',
  'Trade deal talks stall over dairy',
  'Minimum wage increase takes effect',
  'Storm damage estimates top 40 million',
];

type Rng = () => number;
/** A small seeded generator (mulberry32): the same seed, the same readers. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

const ASCII: Record<string, string> = { ç: 'c', é: 'e', è: 'e', ê: 'e', ë: 'e', à: 'a', â: 'a', î: 'i', ï: 'i' };
/** A name as it goes into an address: lowercase Latin letters. */
function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[çéèêëàâîïış]/g, (c) => ASCII[c] ?? 'i')
    .replace(/[^a-z0-9]+/g, '');
}

type Person = { culture: string; first: string; last: string; latinFirst: string; latinLast: string };

function person(rng: Rng): Person {
  const r = rng();
  const culture = r < 0.45 ? 'en' : r < 0.6 ? 'fr' : r < 0.75 ? 'ru' : 'other';
  const script = culture === 'ru' && rng() < 0.4 ? 'ruLatin' : culture;
  const i = Math.floor(rng() * FIRST[script].length);
  const j = Math.floor(rng() * LAST[script].length);
  const latin = culture === 'ru' ? 'ruLatin' : script;
  return {
    culture,
    first: FIRST[script][i],
    last: LAST[script][j],
    latinFirst: FIRST[latin][i % FIRST[latin].length],
    latinLast: LAST[latin][j % LAST[latin].length],
  };
}

/** The name a reader types, in one of the styles people use. */
export function readerName(rng: Rng, p: Person): string {
  const r = rng();
  if (r < 0.4) return `${p.first} ${p.last}`;
  if (r < 0.5) return p.first;
  if (r < 0.6) return `${p.first} ${p.last[0]}.`;
  if (r < 0.65) return rng() < 0.5 ? `${p.first[0]}.${p.last[0]}.` : `${p.first[0]}${p.last[0]}`;
  if (r < 0.8) return pick(rng, NICKNAMES);
  if (r < 0.95) {
    const f = slug(p.latinFirst);
    const l = slug(p.latinLast);
    const n = Math.floor(rng() * 100);
    return pick(rng, [`${f[0]}${l}`, `${f}.${l}`, `${f}${n}`, `${pick(rng, HANDLE_WORDS)}_${f}`, `${l}${f[0]}`]);
  }
  return `${pick(rng, ['Dr.', 'Mrs.', 'Mr.', 'Prof.'])} ${p.last}`;
}

/** A website of the reader's own: their name, a platform page, a profile, or their small business. */
export function readerWebsite(rng: Rng, p: Person): string {
  const f = slug(p.latinFirst);
  const l = slug(p.latinLast);
  const handle = pick(rng, [`${f}${l}`, `${f[0]}${l}`, `${f}_${l}`, `${l}${Math.floor(rng() * 90) + 10}`]);
  const tld = p.culture === 'fr' ? 'fr' : p.culture === 'ru' ? 'ru' : pick(rng, ['com', 'com', 'net', 'org', 'ca']);
  const r = rng();
  if (r < 0.2) return pick(rng, [`https://${f}${l}.${tld}`, `http://www.${f}-${l}.com`, `https://${l}.${tld}/`]);
  if (r < 0.45)
    return pick(rng, [
      `https://${f}${l}.blogspot.com/`,
      `https://${handle}.wordpress.com`,
      `https://${handle}.substack.com`,
      `https://${handle.replace(/_/g, '-')}.github.io/`,
      `https://medium.com/@${handle}`,
      `https://${handle}.tumblr.com`,
    ]);
  if (r < 0.7)
    return pick(rng, [
      `https://www.linkedin.com/in/${f}-${l}-${Math.floor(rng() * 9000) + 1000}`,
      `https://twitter.com/${handle}`,
      `https://x.com/${handle}`,
      `https://www.facebook.com/${f}.${l}`,
      `https://instagram.com/${handle}`,
      `https://vk.com/id${Math.floor(rng() * 9e6)}`,
    ]);
  if (r < 0.92) {
    if (p.culture === 'fr') return `https://www.${pick(rng, FR_TRADES)}-${l}.fr`;
    if (p.culture === 'ru') return `http://${pick(rng, RU_TRADES)}-${l}.ru`;
    const trade = pick(rng, TRADES);
    return pick(rng, [
      `https://www.${l}${trade}.com`,
      `http://${pick(rng, TOWNS)}${trade}.com`,
      `https://${pick(rng, TOWNS)}-${trade}.com/`,
      `https://www.${f}s${trade}.${tld}`,
      `https://${l}andsons${trade}.com`,
    ]);
  }
  return pick(rng, [`https://${f}${l}.me`, `https://${handle.replace(/_/g, '')}.dev`, `https://${l}.io`]);
}

/** Each comment with a reader's name, a website for `websiteShare` of them, and a headline as the page. */
export function withAuthors(examples: readonly Example[], seed = 2017, websiteShare = 0.2): Example[] {
  const rng = seeded(seed);
  return examples.map((e, i) => {
    const p = person(rng);
    const headline = pick(rng, HEADLINES);
    const website = rng() < websiteShare ? readerWebsite(rng, p) : undefined;
    const slugged = headline.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return {
      ...e,
      author: { name: readerName(rng, p), email: `reader${i}@example.org`, ...(website ? { website } : {}) },
      extras: { context: headline, permalink: `https://news.example.com/2017/${slugged}`, authorUrl: website ?? null },
    };
  });
}
