// The conversation the demo article opens with, so that a first visit shows threads, a reply
// and a moderator's answer rather than an empty form. Written for Parley; the names are made up.
import type { CommentRow, SiteRow } from '../src/core/records.ts';
import { newId } from '../src/core/ids.ts';
import { threadKey, threadUrl } from '../src/core/threads/thread-key.ts';
import { renderComment } from '../src/render/markdown.ts';
import type { AppContext } from '../src/server/app-context.ts';
import { articleThread } from './demo.routes.ts';
import { ARTICLES } from './articles.ts';

type Line = { name: string; email: string; body: string; minutesAgo: number; replyTo?: number; moderator?: true };

// One thread (a first page of a few top-level comments still has room for readers' own);
// replyTo is the index of the comment answered.
export const CONVERSATION: Line[] = [
  {
    name: 'Marguerite Lenoir',
    email: 'marguerite@example.com',
    body: 'Sharing target information is the least two air forces over the same country can do. The harder question is the one in the last paragraph: **who checks what was hit?**',
    minutesAgo: 190,
  },
  {
    name: 'Tomasz Król',
    email: 'tomasz@example.com',
    body: 'Agreed. A public log of strikes, released after a short delay for safety, would answer most of it without giving anything away.',
    minutesAgo: 150,
    replyTo: 0,
  },
  {
    name: 'The Courier desk',
    email: 'desk@example.com',
    body: 'Thank you both. Our Paris bureau has asked both ministries how strikes will be verified; their answers will be added to the article.\n\nSources are welcome here, personal attacks are not.',
    minutesAgo: 95,
    replyTo: 1,
    moderator: true,
  },
  {
    name: 'Jonas Weber',
    email: 'jonas@example.com',
    body: 'A map of the air corridors mentioned would help readers who do not follow the region closely.',
    minutesAgo: 40,
    replyTo: 0,
  },
];

function defaultSite(sites: SiteRow[]): SiteRow | undefined {
  return sites.find((s) => s.is_default) ?? sites[0];
}

/** Writes the conversation once: an article that already has a thread is left as it is. */
export async function seedConversation(ctx: AppContext): Promise<void> {
  const site = defaultSite(await ctx.store.listSites());
  const article = ARTICLES[0];
  const key = threadKey(articleThread(ctx, article));
  if (!site || !key || (await ctx.store.getThreadByKey(site.id, key))) return;
  const now = ctx.clock.now();
  const thread = {
    id: newId(now),
    siteId: site.id,
    key,
    url: threadUrl(key),
    title: article.title,
    createdAt: now - 200 * 60_000,
  };
  const rows: CommentRow[] = [];
  for (const line of CONVERSATION) {
    const at = now - line.minutesAgo * 60_000;
    const parent = line.replyTo === undefined ? null : rows[line.replyTo];
    const row = commentRow(ctx, site, line, { id: newId(at), at, threadId: thread.id, parent });
    row.body_html = await renderComment(line.body);
    const result = await ctx.store.insertComment({ comment: row, thread });
    if (!result.ok) return;
    row.thread_id = result.threadId;
    thread.id = result.threadId;
    rows.push(row);
  }
}

function commentRow(
  ctx: AppContext,
  site: SiteRow,
  line: Line,
  at: { id: string; at: number; threadId: string; parent: CommentRow | null },
): CommentRow {
  const { parent } = at;
  return {
    id: at.id,
    site_id: site.id,
    thread_id: at.threadId,
    parent_id: parent?.id ?? null,
    root_id: parent ? (parent.root_id ?? parent.id) : null,
    depth: parent ? parent.depth + 1 : 0,
    author_name: line.name,
    author_email: line.email,
    author_website: null,
    avatar: ctx.comments.avatarOf(site, line.email),
    body: line.body,
    body_html: '',
    status: 'approved',
    created_at: at.at,
    edited_at: null,
    edit_token_hash: null,
    // Written by us, not posted: no client data to keep.
    ip_hash: null,
    user_agent: null,
    dedupe_key: null,
    body_hash: null,
    spam_score: null,
    spam_reasons: null,
    moderator: line.moderator ? true : null,
    moderator_edited_at: null,
  };
}
