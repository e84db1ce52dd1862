import type { Check } from '../check.ts';

// The investment-scam testimonial ("i invested $1 000 and got $15 000 with @x, thank you for your
// honesty") and its cousin the giveaway ("paying 3 grands to the first 20 people who message me"):
// money the writer says they made, with someone named by a handle to thank for it. Readers talk
// of money too, of prices and of their savings, so the amount and the gain alone count little;
// the handle credited for it is what sells.

/** Words as the check reads them: amounts ("$70", "1.5", "12k"), handles ("@x", "#x_y"), words. */
const TOKEN = /[@#][\p{L}\p{N}_.]+|[$€£₽]?\p{N}+(?:[.,]\p{N}+)*k?|[$€£₽]|\p{L}+/gu;

const SIGNS = '$€£₽';
const MAY_TESTIFY = /[\p{N}@#$€£₽]/u;
const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));
const stems = (list: string) => list.split(/\s+/).filter(Boolean);

/** Money named after a number ("5 grands", "1.5 btc", "500 рублей"). */
const CURRENCY = stems('k grand usd usdt btc eth bnb dollar euro pound buck € $ £ долл евро руб тыс бакс биткоин');
const FIRST_PERSON = words("i im i'm my me we our j je mon ma mes moi я мне меня мой моя моё мои мы");
/** Money made or moved: the gain a testimonial reports, or the payout a giveaway promises. */
const GAIN = stems(`made make earn got receiv cash withdr profit return invest deposit paid paying payout doubl
  gagn reçu retir investi bénéf rapport заработ получ вывел вывод прибыл вложил инвест доход выплат`);
/** Thanks and trust given to a person: what turns a story of money into an advertisement. */
const CREDIT = stems(`thank grate bless help mentor coach trader honest trust transparen legit integrity
  recommend genuine reliable merci grâce recommand confian honnête спасиб благодар помог рекоменд честн довер`);
/** The giveaway's bait: the first so many people to write get money. */
const GIVEAWAY =
  /\bfirst\s+\(?\d+\)?\s+(?:people|persons|person|followers)\b|\bpremi[eè]res?\s+\d+\s+personnes\b|\bпервы[мх]\s+\d+/iu;

const startsAny = (w: string, list: readonly string[]) => list.some((s) => w.startsWith(s));

const GAINED = 1;
const CREDITED = 2;
/** The gain and credit stems by their first three letters: a word is compared with the few that share them. */
const STEMS = new Map<string, { stem: string; kind: number }[]>();
for (const [list, kind] of [
  [GAIN, GAINED],
  [CREDIT, CREDITED],
] as const)
  for (const stem of list) {
    const key = stem.slice(0, 3);
    STEMS.set(key, [...(STEMS.get(key) ?? []), { stem, kind }]);
  }
/** What a lowercased word says: money gained, credit given, or nothing (0). */
function kindOf(w: string): number {
  const found = w.length >= 3 ? STEMS.get(w.slice(0, 3))?.find((s) => w.startsWith(s.stem)) : undefined;
  return found?.kind ?? 0;
}
/** A hashtag that names a person or an account ("#jane__doe__", "#coach_marta7"), not a topic ("#covid19"). */
const personTag = (t: string) => t.startsWith('#') && t.includes('_', 1);

export type Testimony = {
  amount: boolean;
  gain: boolean;
  self: boolean;
  credit: boolean;
  handle: boolean;
  giveaway: boolean;
};

/** What of a testimonial a comment has. */
export function readTestimony(body: string): Testimony {
  const t: Testimony = { amount: false, gain: false, self: false, credit: false, handle: false, giveaway: false };
  let prevNumber = false;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(body); m; m = TOKEN.exec(body)) {
    const raw = m[0];
    const c = raw[0];
    if (c === '@' || c === '#') {
      if (c === '@' ? raw.length > 2 : personTag(raw)) t.handle = true;
      prevNumber = false;
      continue;
    }
    if (SIGNS.includes(c)) {
      // "$70", or a sign after its number ("500 €").
      if (raw.length > 1 || prevNumber) t.amount = true;
      prevNumber = raw.length > 1;
      continue;
    }
    if (/\p{N}/u.test(c)) {
      if (raw.endsWith('k')) t.amount = true;
      prevNumber = true;
      continue;
    }
    const w = raw.toLowerCase();
    if (prevNumber && startsAny(w, CURRENCY)) t.amount = true;
    prevNumber = false;
    if (FIRST_PERSON.has(w)) {
      t.self = true;
      continue;
    }
    const kind = kindOf(w);
    if (kind === GAINED) t.gain = true;
    else if (kind === CREDITED) t.credit = true;
  }
  t.giveaway = GIVEAWAY.test(body);
  return t;
}

/**
 * Money the writer says they made, credited to someone named by a handle: 3 points (a hold);
 * the money story alone 1, the handle thanked or trusted alone 1.5, a giveaway to the first
 * writers 2. Never spam on its own: with the contact check's handle and money talk, it is.
 */
export const testimonial: Check = {
  name: 'testimonial',
  wording: true,
  explained: 'whether the comment tells of money made, credited to an account or a person to contact',
  run(ctx) {
    // No number, sign or handle: no amount, no one credited, nothing to read.
    if (!MAY_TESTIFY.test(ctx.body)) return null;
    const t = readTestimony(ctx.body);
    const story = t.amount && t.gain && t.self;
    const credited = t.handle && (t.credit || (t.gain && t.amount));
    const parts: string[] = [];
    let points = 0;
    if (story) {
      points += 1;
      parts.push('tells of money made');
    }
    if (credited) {
      points += story ? 2 : 1.5;
      parts.push('credits an account named by a handle');
    }
    if (t.giveaway && (t.amount || t.gain)) {
      points += 2;
      parts.push('money to the first people to write');
    }
    if (points === 0) return null;
    return { score: Math.min(3, points), reason: parts.join('; ') };
  },
};
