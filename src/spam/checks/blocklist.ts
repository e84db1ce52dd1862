import type { Check } from '../check.ts';

function emailBlocked(email: string, list: readonly string[]): string | null {
  const e = email.toLowerCase();
  const domain = e.slice(e.lastIndexOf('@') + 1);
  for (const raw of list) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('@') && !entry.startsWith('@')) {
      if (e === entry) return entry;
    } else {
      const d = entry.replace(/^@/, '');
      if (domain === d || domain.endsWith(`.${d}`)) return entry;
    }
  }
  return null;
}

/** Moderators' blocks: an email address, an email domain, or an IP hash. */
export const blocklist: Check = {
  name: 'blocklist',
  explained: 'whether your email address, its domain or your network (as a keyed hash) was blocked by a moderator',
  run(ctx) {
    const email = emailBlocked(ctx.email, ctx.settings.blockedEmails);
    if (email) return { score: ctx.settings.spamScore, reason: `blocked email or domain (${email})`, outcome: 'spam' };
    if (ctx.ipHash && ctx.settings.blockedIpHashes.includes(ctx.ipHash))
      return { score: ctx.settings.spamScore, reason: 'blocked network (IP hash)', outcome: 'spam' };
    return null;
  },
};
