import type { Check } from '../check.ts';

// The investment-scam testimonial ("i invested $1 000 and got $15 000 with @x, thank you for your
// honesty") and its cousin the giveaway ("paying 3 grands to the first 20 people who message me"):
// money the writer says they made, with someone named by a handle to thank for it. Readers talk
// of money too, of prices and of their savings, so the amount and the gain alone count little;
// the handle credited for it is what sells.

/** Words as the check reads them: amounts ("$70", "1.5", "12k"), handles ("@x", "#x_y"), words. */
// Every quantifier is the last of its branch or followed by what it cannot match, so that no
// text makes a branch retry from each position (a run of letters with no underscore once did).
const TOKEN = /[@#][\p{L}\p{N}_.]+|_[\p{L}\p{N}_]*|[$€£₽]?\p{N}+(?:[.,]\p{N}+)*k?|[$€£₽]|\p{L}+(?:_[\p{L}\p{N}_]*)?/gu;

const SIGNS = '$€£₽';
const MAY_TESTIFY = /[\p{N}@#$€£₽_]|\bfirst\b|premi|перв/iu;
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
  recommend genuine reliable saved miracle testimon merci grâce recommand confian honnête спасиб благодар помог рекоменд честн довер`);
/** The giveaway's bait: the first so many people to write get money. */
// JavaScript's \b knows ASCII letters only: French and Russian words are bounded by lookarounds.
const FR_COUNT = '(?:\\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|cinquante|cent)';
const GIVEAWAY = new RegExp(
  [
    String.raw`\bfirst\s+\(?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|fifty|hundred)\)?\s+(?:people|persons|person|followers|ones)\b`,
    `(?<![\\p{L}\\p{N}])${FR_COUNT}\\s+premi[eè]res?\\s+personnes(?!\\p{L})`,
    `(?<!\\p{L})premi[eè]res?\\s+${FR_COUNT}\\s+personnes(?!\\p{L})`,
    String.raw`(?<!\p{L})первы[мх]\s+(?:\d+|двум|тр[её]м|четыр[её]м|пяти|десяти|двадцати|пятидесяти|ста)`,
  ].join('|'),
  'iu',
);
/** The giveaway's real ask: write to me. */
const WRITE_ME =
  /(?<!\p{L})(?:message|msg|dm|pm|inbox|text|hmu|hit me up|contact|écri\p{L}*|contacte\p{L}*|напиш\p{L}*|пиш\p{L}*)(?!\p{L})/iu;

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
/**
 * A bare name with underscores is an account when it is padded with them ("emma_lee_") or named
 * for money ("nora_fx_signals"); code's identifiers (max_connections, work_mem) are neither.
 */
const ACCOUNT_NAME = /^_|_$|fx|forex|trad|invest|crypto|coin|btc|profit|wealth|capital|financ|signal|earn|money|cash/i;
/** A hashtag that names a person or an account ("#jane__doe__", "#coach_marta7"), not a topic ("#covid19"). */
const personTag = (t: string) => t.startsWith('#') && t.includes('_', 1);
/**
 * A handle padded with underscores ("@emma_lee__", "#__sara_g", "#anna_fx_"): how an account
 * that was reported comes back under nearly the same name. Of the corpora's comments, a quarter
 * of Instagram's scams have one, and no news reader's comment.
 */
const PADDED = /^[@#](?:_|.*(?:__|_$))/u;
/** Python's and JavaScript's special names ("#__init__", "@__proto__") are code, not accounts. */
const DUNDER = /^[@#]__[a-z]+__$/;

export type Testimony = {
  amount: boolean;
  gain: boolean;
  self: boolean;
  credit: boolean;
  handle: boolean;
  /** A handle padded with underscores: an account that came back under nearly the same name. */
  paddedHandle: boolean;
  /** A bare account name ("anna_trades_fx"): read as a handle only when thanked for money made. */
  bareHandle: boolean;
  giveaway: boolean;
  /** The giveaway asks to be written to: the point of it. */
  writeMe: boolean;
};

/** What of a testimonial a comment has. */
export function readTestimony(body: string): Testimony {
  const t: Testimony = {
    amount: false,
    gain: false,
    self: false,
    credit: false,
    handle: false,
    paddedHandle: false,
    bareHandle: false,
    giveaway: false,
    writeMe: false,
  };
  let prevNumber = false;
  let prevSign = false;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(body); m; m = TOKEN.exec(body)) {
    const raw = m[0];
    const c = raw[0];
    if (c === '@' || c === '#') {
      if (c === '@' ? raw.length > 2 : personTag(raw)) {
        t.handle = true;
        if (PADDED.test(raw) && !DUNDER.test(raw)) t.paddedHandle = true;
      }
      prevNumber = false;
      continue;
    }
    if (SIGNS.includes(c)) {
      // "$70", or a sign after its number ("500 €"), or before it ("$ 800").
      if (raw.length > 1 || prevNumber) t.amount = true;
      prevNumber = raw.length > 1;
      prevSign = raw.length === 1;
      continue;
    }
    if (/\p{N}/u.test(c)) {
      if (raw.endsWith('k') || prevSign) t.amount = true;
      prevNumber = true;
      prevSign = false;
      continue;
    }
    prevSign = false;
    if (raw.includes('_')) {
      if (ACCOUNT_NAME.test(raw)) t.bareHandle = true;
      prevNumber = false;
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
  t.writeMe = t.giveaway && WRITE_ME.test(body);
  return t;
}

/**
 * Money the writer says they made, credited to someone named by a handle: 4 points (a hold);
 * the money story alone 1, the handle thanked or trusted alone 1.5, a giveaway to the first
 * writers 2, or 3 when it asks them to write. A bare account name ("anna_trades_fx", no @)
 * counts as a handle only when thanked and with money in the story: people do not write
 * underscores, but code does. Never spam on its own: with the contact check's handle and money
 * talk, or a classifier that agrees, it is.
 */
export const testimonial: Check = {
  name: 'testimonial',
  wording: true,
  explained: 'whether the comment tells of money made, credited to an account or a person to contact',
  run(ctx) {
    // No number, sign, handle or underscore: no amount, no one credited, nothing to read.
    if (!MAY_TESTIFY.test(ctx.body)) return null;
    const t = readTestimony(ctx.body);
    const story = t.amount && t.gain && t.self;
    const credited =
      (t.handle && (t.credit || (t.gain && t.amount))) ||
      (t.bareHandle && t.credit && (t.gain || t.amount)) ||
      // A padded handle beside a word of money or of the writer's own story is credited for it.
      (t.paddedHandle && (t.gain || t.self));
    const parts: string[] = [];
    let points = 0;
    if (story) {
      points += 1;
      parts.push('tells of money made');
    }
    if (credited) {
      // Thanks to a padded handle need no money story: the name itself is the evasion.
      points += story || t.paddedHandle ? 3 : 1.5;
      parts.push(
        t.paddedHandle
          ? 'credits an account named by a handle padded with underscores'
          : 'credits an account named by a handle',
      );
    }
    if (t.giveaway && (t.amount || t.gain || t.writeMe)) {
      points += t.writeMe ? 3 : 2;
      parts.push(t.writeMe ? 'money to the first people to write in' : 'money to the first people to write');
    }
    if (points === 0) return null;
    return { score: Math.min(4, points), reason: parts.join('; ') };
  },
};
