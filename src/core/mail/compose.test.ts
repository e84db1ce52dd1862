// The HTML part of every kind of email passes our own comment sanitizer unchanged: it is built
// only of markup the sanitizer keeps (so a mail can show nothing a thread could not), even with
// hostile names and titles and a reply that uses every construct the renderer produces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderComment } from '../../render/markdown.ts';
import { sanitizeHtml } from '../../render/sanitize.ts';
import type { CommentRow, ThreadRow } from '../records.ts';
import { composeConfirm, composeReplies, composeTest } from './compose.ts';
import { composeAlert } from './moderator-mail.ts';

const links = { publicUrl: 'https://comments.example.com', key: 'k' };
const site = { id: 'S1', name: 'The "Paper" <&> O’Neil', lang: 'en' as const };
const thread = {
  id: 'T1',
  site_id: 'S1',
  key: 'a',
  url: 'https://paper.example/2026/rail roads?x=1&y=<2>',
  title: 'Rail & <roads> "today"',
} as ThreadRow;

async function reply(id: string, body: string, status = 'approved'): Promise<CommentRow> {
  return {
    id,
    site_id: 'S1',
    thread_id: 'T1',
    parent_id: null,
    root_id: null,
    depth: 0,
    author_name: 'Bob <b>"the builder"</b> & co',
    author_email: 'bob@example.net',
    author_website: null,
    avatar: 'a',
    body,
    body_html: await renderComment(body),
    status,
    created_at: 1,
    edited_at: null,
    edit_token_hash: null,
    ip_hash: 'h',
    user_agent: 'UA',
    dedupe_key: null,
    spam_reasons: [{ check: 'links', reason: 'too many <links> & "quotes"', score: 2 }],
  } as CommentRow;
}

const BODY = [
  'A **bold** and _em_ reply with `code`, ~~del~~ and a link: https://example.org/a?b=1&c=<2>',
  '',
  '> quoted',
  '',
  '1. one',
  '2. two',
  '',
  '- x',
  '',
  '```',
  'pre <block>',
  '```',
].join('\n');

test('for each kind of email, sanitizing the HTML part changes nothing', async () => {
  const a = await reply('C1', BODY);
  const b = await reply('C2', 'Second [link](https://example.org/x "t") <script>alert(1)</script>');
  const mails = {
    confirmation: composeConfirm(site, links, 'A1', 'mc1.A1.zz.mac'),
    reply: composeReplies(site, links, 'A1', thread, [{ comment: a, toMe: true }]),
    digest: composeReplies(site, links, 'A1', thread, [
      { comment: a, toMe: true },
      { comment: b, toMe: false },
    ]),
    'moderator alert': composeAlert(site, links, 'U1', [{ kind: 'held', comment: a, thread, reports: [] }], 1),
    'moderator digest': composeAlert(
      site,
      links,
      'U1',
      [
        { kind: 'held', comment: a, thread, reports: [] },
        { kind: 'report', comment: b, thread: undefined, reports: [] },
      ],
      1,
    ),
    test: composeTest('fr'),
    'reply in a thread with a hostile URL': composeReplies(
      site,
      links,
      'A1',
      { ...thread, url: 'javascript:alert(1)' } as ThreadRow,
      [{ comment: a, toMe: false }],
    ),
  };
  for (const [kind, mail] of Object.entries(mails)) {
    assert.equal(sanitizeHtml(mail.html), mail.html, kind);
    if (kind !== 'test') assert.match(mail.html, /<a href="https:\/\//, `${kind} keeps its links`);
  }
  // Not vacuous: the reply's own markup and the footer's links are there.
  assert.match(mails.digest.html, /<blockquote><p>A <strong>bold<\/strong>[\s\S]*<ol>[\s\S]*<pre>/);
  assert.match(mails.reply.html, /Bob &lt;b&gt;&quot;the builder&quot;&lt;\/b&gt; &amp; co replied/);
  assert.match(mails.reply.html, /\/mail\/unsubscribe\?t=[^"]+" rel="nofollow ugc noopener">/);
  assert.doesNotMatch(mails['reply in a thread with a hostile URL'].html, /javascript:/);
});
