import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommentRow } from '../records.ts';
import { readModerateToken } from './mail-tokens.ts';
import { composeAlert } from './moderator-mail.ts';

const links = { publicUrl: 'https://c.example.com', key: 'k' };
const site = { id: 'S1', name: 'The Paper', lang: 'en' as const };
const comment: CommentRow = {
  id: 'C1',
  site_id: 'S1',
  thread_id: 'T1',
  parent_id: null,
  root_id: null,
  depth: 0,
  author_name: 'Quentin <Q>',
  author_email: 'Quentin.Author@Mail.example',
  author_website: 'https://q.example',
  avatar: 'a',
  body: 'x',
  body_html: '<p>Quentin’s <em>text</em></p>',
  status: 'pending',
  created_at: 1,
  edited_at: null,
  edit_token_hash: null,
  ip_hash: 'iphash-1234567890',
  user_agent: 'UA',
  dedupe_key: null,
  spam_reasons: [
    { check: 'blocklist', reason: 'blocked email or domain (quentin.author@mail.example)', score: 5 },
    { check: 'velocity', reason: 'iphash-1234567890 posted 9 times', score: 1 },
  ],
};
const thread = { id: 'T1', site_id: 'S1', key: 'k', url: 'https://paper.example/a', title: 'Rail & roads' } as never;

test('an alert quotes the reasons without the author’s address or network hash', () => {
  const mail = composeAlert(site, links, 'U1', [{ kind: 'held', comment, thread, reports: [] }], 1_000);
  for (const part of [mail.subject, mail.text, mail.html, JSON.stringify(mail.headers)]) {
    assert.doesNotMatch(part, /quentin\.author|mail\.example|iphash-1234567890|q\.example/i);
  }
  assert.match(mail.text, /blocked email or domain \(the author’s address\)/);
  assert.match(mail.text, /the author’s network posted 9 times/);
  assert.match(mail.html, /Quentin &lt;Q&gt;/, 'the name is escaped');
  assert.match(mail.html, /<em>text<\/em>/, 'the text is the stored sanitized HTML');
  assert.equal(mail.subject, 'Held for review: Rail & roads');
});

test('its action links are signed for the moderator, the comment and the action, for 7 days', () => {
  const mail = composeAlert(site, links, 'U1', [{ kind: 'held', comment, thread, reports: [] }], 1_000);
  const tokens = [...mail.text.matchAll(/\/mail\/moderate\?t=(\S+)/g)].map((m) => m[1]);
  assert.equal(tokens.length, 3);
  const read = tokens.map((t) => readModerateToken('k', t, 1_000 + 7 * 86_400_000 - 1));
  assert.deepEqual(
    read.map((r) => r && [r.userId, r.commentId, r.action, r.expired]),
    [
      ['U1', 'C1', 'approve', false],
      ['U1', 'C1', 'spam', false],
      ['U1', 'C1', 'delete', false],
    ],
  );
  assert.equal(readModerateToken('k', tokens[0], 1_000 + 7 * 86_400_000)?.expired, true);
  assert.equal(readModerateToken('other key', tokens[0], 1_000), null);
  assert.equal(readModerateToken('k', tokens[0].replace('approve', 'delete'), 1_000), null);
});
