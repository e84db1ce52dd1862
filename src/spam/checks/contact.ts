import type { Check } from '../check.ts';
import { skeleton, skeletonWords } from '../confusables.ts';
import { findChatLinks, findEmails, findPhones, spelledEmail, type Found, type Handle } from '../contact-scan.ts';
import { findPhrases, type Hit, type Kind } from '../contact-words.ts';

/** How far (in characters) an invitation may stand from the number or address it invites to. */
const NEAR = 80;
/** Money talk counts across a whole short testimonial ("I invested… thanks to @x"). */
const MONEY_NEAR = 400;

type Channel = { what: string; found: Found[] };

export type ContactFindings = {
  channels: Channel[];
  hits: Hit[];
  /** Handles ("@name") only count when something around them asks to write there. */
  handles: (Found & Handle)[];
};

/** Account names that sell returns: "@trade_with_x", "@x.fx", "@earnwithx". */
const MONEY_NAME = /fx|forex|trad(?:e|ing)|invest|invst|earn|wealth|crypto|profit|capital|financ|bitcoin|btc|signals/;

/**
 * The first phrase of a kind within `dist` characters of something found. Both lists are in
 * text order and walked once together: a comment of a thousand handles and a thousand
 * invitations costs two thousand steps, not a million.
 */
function near(found: readonly { at: number }[], hits: readonly Hit[], kind: Kind, dist: number): Hit | undefined {
  let j = 0;
  for (const h of hits) {
    if (h.kind !== kind) continue;
    while (j < found.length && found[j].at < h.at - dist) j++;
    if (j === found.length) return undefined;
    if (found[j].at <= h.at + dist) return h;
  }
  return undefined;
}

/** Whether an invitation comes just before the i-th phrase ("call … support", "обращайтесь в поддержку"). */
function afterInvite(hits: readonly Hit[], i: number): boolean {
  // The hits are in text order, one per word at most: only a few can stand within reach.
  for (let j = i - 1; j >= 0 && hits[i].at - hits[j].at <= 30; j--) if (hits[j].kind === 'invite') return true;
  return false;
}

const inOrder = <T extends { at: number }>(xs: T[]) => xs.sort((a, b) => a.at - b.at);

export function contactFindings(body: string): ContactFindings | null {
  const s = skeleton(body);
  const ws = skeletonWords(body);
  const hits = findPhrases(ws);
  const { emails, handles } = findEmails(s);
  const spelled = spelledEmail(ws.map((w) => w.text));
  if (spelled >= 0) emails.push({ at: ws[spelled].at, disguised: true });
  const channels: Channel[] = [
    { what: 'a phone number', found: findPhones(s) },
    { what: 'an e-mail address', found: inOrder(emails) },
    { what: 'a messenger link', found: inOrder(findChatLinks(s)) },
  ].filter((c) => c.found.length > 0);
  return { channels, hits, handles: handles.map((h) => ({ ...h, disguised: false })) };
}

type Scored = { score: number; reason: string };

/** The strongest reading of what was found: points and words for the moderator. */
function score(f: ContactFindings): Scored | null {
  const money = (found: Found[]) => near(found, f.hits, 'money', MONEY_NEAR);
  const invite = (found: Found[]) =>
    near(found, f.hits, 'invite', NEAR) ??
    near(found, f.hits, 'private', NEAR) ??
    near(found, f.hits, 'messenger', NEAR);
  let best: Scored | null = null;
  const consider = (score: number, reason: string) => {
    if (!best || score > best.score) best = { score, reason };
  };
  // "support" alone may be a reader's backing; right after "call" or "contact" it is a support line.
  const lines = f.hits.filter((h, i) => h.kind === 'support' || (h.kind === 'help' && afterInvite(f.hits, i)));
  for (const c of f.channels) {
    const line = near(c.found, lines, 'support', NEAR) ?? near(c.found, lines, 'help', NEAR);
    const m = money(c.found);
    const help = near(c.found, f.hits, 'help', NEAR);
    const i = invite(c.found);
    let points: number;
    let reason: string;
    // A support line next to a number or link is how tech-support scams read; by e-mail it is rarer.
    if (line) [points, reason] = [c.what === 'an e-mail address' ? 3 : 5, `${c.what} with "${line.label}"`];
    else if (m) [points, reason] = [3, `${c.what} with money talk ("${m.label}")`];
    else if (help ?? i) [points, reason] = [2, `${c.what} with "${(help ?? i)!.label}"`];
    else [points, reason] = [1, c.what];
    if (c.found.some((x) => x.disguised)) consider(points + 1, `${reason}, written to dodge filters`);
    else consider(points, reason);
  }
  // A reply to "@another_reader" is ordinary; "contact @x", "@x on Telegram" or "@x" closing an
  // earnings story is a way out of the site.
  if (f.handles.length) {
    const m = money(f.handles);
    const i = invite(f.handles);
    const support = near(f.handles, lines, 'support', NEAR) ?? near(f.handles, lines, 'help', NEAR);
    const named = f.handles.find((h) => MONEY_NAME.test(h.name));
    if (support) consider(4, `an @handle with "${support.label}"`);
    else if (m && i) consider(3, `an @handle with "${i.label}" and money talk ("${m.label}")`);
    else if (m && named) consider(3, `an @handle named for money, with money talk ("${m.label}")`);
    else if (m) consider(2, `an @handle with money talk ("${m.label}")`);
    else if (i) consider(2, `an @handle with "${i.label}"`);
    else if (named) consider(1, 'an @handle named for money');
  }
  // Asked to write in private or on a messenger, without the number or handle: it may be in the profile.
  if (!best) {
    const ms = near(
      f.hits.filter((h) => h.kind === 'invite'),
      f.hits,
      'messenger',
      30,
    );
    const pm = f.hits.find((h) => h.kind === 'private');
    if (ms) consider(1, `asks to write on ${ms.label}`);
    else if (pm) consider(1, `asks to write "${pm.label}"`);
  }
  return best;
}

/**
 * Phone numbers, e-mail addresses, messenger links and handles, weighed by what surrounds them:
 * alone a number is weak (readers cite an office's number), with "call support" it is how
 * tech-support scams read, with money talk how investment scams do.
 */
export const contact: Check = {
  name: 'contact',
  wording: true,
  explained:
    'phone numbers, e-mail addresses and messenger contacts in the comment, and words inviting readers to use them',
  run(ctx) {
    const f = contactFindings(ctx.body);
    if (!f) return null;
    const s = score(f);
    return s ? { score: Math.min(6, s.score), reason: s.reason } : null;
  },
};
