// What a moderator's alert email says: for each comment waiting (held by the filter, or
// reported), its article, its author's display name, its text as the dashboard shows it (the
// stored, sanitized HTML; a text part too), why it waits, and signed links to approve, mark as
// spam or delete it, each opening a confirmation page. Never the author's address or network:
// the dashboard link shows those to a signed-in moderator. In English, like the dashboard.
import type { CommentRow, ReportRow, ThreadRow } from '../records.ts';
import {
  anchor,
  commentLink,
  type Composed,
  esc,
  footerHtml,
  htmlToText,
  type LinkBase,
  type MailSite,
} from './compose.ts';
import { type AlertKind, alertsOffToken, type MailedAction, moderateToken } from './mail-tokens.ts';

export type AlertItem = { kind: AlertKind; comment: CommentRow; thread: ThreadRow | undefined; reports: ReportRow[] };

const ACTION_LABELS: Record<MailedAction, string> = { approve: 'Approve', spam: 'Mark as spam', delete: 'Delete' };

/** A reason in words, with anything that would name the author's address or network taken out. */
function scrubbed(text: string, c: CommentRow): string {
  let out = text;
  const email = c.author_email.trim();
  if (email) out = out.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), 'the author’s address');
  if (c.ip_hash) out = out.split(c.ip_hash).join('the author’s network');
  return out;
}

function why(item: AlertItem): string[] {
  if (item.kind === 'report') {
    const reasons = [...new Set(item.reports.map((r) => r.reason))];
    return [`Reported by ${item.reports.length} reader(s): ${reasons.join(', ') || 'no reason given'}`];
  }
  const reasons = (item.comment.spam_reasons ?? []).map((r) => `${r.check}: ${scrubbed(r.reason, item.comment)}`);
  return reasons.length ? reasons : ['Held for review by the site’s settings'];
}

function dashboardLink(links: LinkBase, siteId: string, item: AlertItem): string {
  const queue = item.kind === 'held' ? 'pending' : 'reported';
  return `${links.publicUrl}/admin?site=${encodeURIComponent(siteId)}&queue=${queue}`;
}

function one(site: MailSite, links: LinkBase, userId: string, item: AlertItem, now: number) {
  const { comment: c, thread } = item;
  const title = thread?.title || thread?.key || '(untitled article)';
  const article = thread ? commentLink(links.publicUrl, site.id, thread, c.id) : null;
  const heading = item.kind === 'held' ? 'Held for review' : 'Reported by readers';
  const actions = (['approve', 'spam', 'delete'] as const).map((a) => ({
    label: ACTION_LABELS[a],
    url: `${links.publicUrl}/mail/moderate?t=${moderateToken(links.key, userId, c.id, a, now)}`,
  }));
  const dashboard = dashboardLink(links, site.id, item);
  const reasons = why(item);
  const text =
    `${heading}: ${title}\n${article ? `${article}\n` : ''}By ${c.author_name}\n\n${htmlToText(c.body_html)}\n\n` +
    `Why:\n${reasons.map((r) => `- ${r}`).join('\n')}\n\n` +
    `${actions.map((a) => `${a.label}: ${a.url}`).join('\n')}\nIn the dashboard: ${dashboard}\n`;
  const html =
    `<p><strong>${esc(heading)}: ${article ? anchor(article, title) : esc(title)}</strong></p>` +
    `<p>By <strong>${esc(c.author_name)}</strong></p><blockquote>${c.body_html}</blockquote>` +
    `<p>Why:</p><ul>${reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` +
    `<p>${actions.map((a) => anchor(a.url, a.label)).join(' · ')} · ${anchor(dashboard, 'Open the dashboard')}</p>`;
  return { text, html };
}

/** One waiting comment, or several as a digest, for one moderator of one site. */
export function composeAlert(
  site: MailSite,
  links: LinkBase,
  userId: string,
  items: AlertItem[],
  now: number,
): Composed {
  const parts = items.map((item) => one(site, links, userId, item, now));
  const kinds = [...new Set(items.map((i) => i.kind))];
  const off = `${links.publicUrl}/mail/alerts/off?t=${alertsOffToken(links.key, userId, site.id, kinds)}`;
  const first = items[0];
  const subject =
    items.length > 1
      ? `${items.length} comments wait for moderation on ${site.name}`
      : `${first.kind === 'held' ? 'Held for review' : 'Reported'}: ${first.thread?.title || first.thread?.key || site.name}`;
  const footer = `You receive this email because you asked for moderation alerts on ${site.name}.`;
  const expiry = 'The action links work for 7 days and ask you to confirm before anything is done.';
  return {
    subject,
    text: `${parts.map((p) => p.text).join('\n----\n\n')}\n--\n${expiry}\n${footer}\nTurn these alerts off: ${off}\n`,
    html: `${parts.map((p) => p.html).join('')}${footerHtml([esc(expiry), esc(footer), anchor(off, 'Turn these alerts off')])}`,
    headers: {
      'List-Unsubscribe': `<${off}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': 'en',
    },
  };
}
