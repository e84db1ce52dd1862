// `parley spam eval` describes what the server does (issue 12): a comment read from a file gets
// the verdict the server gives the same comment posted through the API. The checks about the
// act of posting (form, honeypot, repeats, pace, history) have nothing to read in a file, so they
// are off on both sides; everything else (the context builder, the settings, the page, the
// classifier's view) must agree, reasons and score included.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckContext } from '../../src/spam/check.ts';
import type { Example } from '../../src/spam/classifier/data.ts';
import { loadFile, parseFileSpec } from '../../src/spam/eval-files.ts';
import { shippedModel } from '../../src/spam/classifier/model.ts';
import type { TextExtras } from '../../src/spam/classifier/features.ts';
import { SpamEngine } from '../../src/spam/engine.ts';
import type { Verdict } from '../../src/spam/pipeline.ts';
import { decisionOf, NOT_FROM_A_FILE, policyDecisions, policyVerdicts } from '../../src/spam/policy-eval.ts';
import { post, testApp } from '../helpers/app.ts';

type Row = { name: string; email: string; website: string; title: string; body: string };

// Each on its own article, so that its page is the title it was posted with ("{page}" in a body
// is its address). The last two are judged by their page: a compliment naming what the page is
// about, and a link back to the page itself (either would be held where the page was lost).
const ROWS: Row[] = [
  {
    name: 'Anne Martin',
    email: 'anne@example.org',
    website: '',
    title: 'Council approves harbour budget after a second vote',
    body: 'The council should publish the full budget before Thursday’s vote; last year’s overrun was never explained.',
  },
  {
    name: 'cheap airline flights',
    email: 'deals@example.net',
    website: 'https://cheap-flights.example.com',
    title: 'Wildfire forces evacuation of two valley towns',
    body: 'Great post! I will bookmark your blog and come back for more.',
  },
  {
    name: 'Support',
    email: 'help@example.net',
    website: '',
    title: 'Crypto exchange hit by outage',
    body: 'Wallet locked? Call Coinbase customer support +1 (888) 555-0142 now',
  },
  {
    name: 'x',
    email: 'x@example.net',
    website: '',
    title: 'School board weighs later start times',
    body: 'https://twitter.com/someone_photo',
  },
  {
    name: 'Работа',
    email: 'job@example.net',
    website: '',
    title: 'Transit fares rise for the first time in a decade',
    body: 'Пpивeт! Зapaбoтoк oт 800$ в нeдeлю, пишитe @job_x в телеграм',
  },
  {
    name: 'Jean Dupont',
    email: 'jean@example.fr',
    website: 'https://jeandupont.example.fr',
    title: 'Le conseil municipal adopte le budget du port',
    body: 'Le conseil a voté deux fois sur le budget du port, en mars et en juin, et rien n’a changé.',
  },
  {
    name: 'Mary Smith',
    email: 'mary@example.org',
    website: '',
    title: 'Hospital workers vote to strike',
    body: 'Both agencies reported it: https://a.example/report and https://b.example/story, worth comparing.',
  },
  {
    name: 'Jane Roe',
    email: 'jane@example.org',
    website: '',
    title: 'Council approves harbour budget after a second vote',
    body: 'Nice article about the harbour budget vote, I bookmarked it.',
  },
  {
    name: 'Tom Baker',
    email: 'tom@example.org',
    website: '',
    title: 'Ferry service cut over winter months',
    body: 'Read the whole thing before commenting: {page}',
  },
];

const articleOf = (i: number) => `https://news.example.com/2026/12/story-${i}`;
const bodyOf = (i: number) => ROWS[i].body.replace('{page}', articleOf(i));
const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The rows as a file `parley spam eval` reads: the author's fields, the page and the text. */
function asFile(): string {
  const lines = ROWS.map((r, i) =>
    [r.name, r.email, r.website, r.title, articleOf(i), bodyOf(i), 'ham'].map(csvField).join(','),
  );
  return ['name,email,website,title,permalink,body,label', ...lines].join('\n');
}

test('a comment from a file gets the verdict the server gives it posted through the API', async () => {
  // What the server's engine returns, in posting order.
  const served: Verdict[] = [];
  const original = SpamEngine.prototype.moderate;
  SpamEngine.prototype.moderate = async function (ctx: Omit<CheckContext, 'classifier'>, extras?: TextExtras) {
    const verdict = await original.call(this, ctx, extras);
    served.push(verdict);
    return verdict;
  };
  const t = await testApp({ PARLEY_FLOOD_SECONDS: '0', PARLEY_SPAM_DISABLED_CHECKS: NOT_FROM_A_FILE.join(',') });
  try {
    for (const [i, r] of ROWS.entries()) {
      const res = await post(t.app, {
        thread: articleOf(i),
        title: r.title,
        name: r.name,
        email: r.email,
        ...(r.website ? { website: r.website } : {}),
        body: bodyOf(i),
      });
      assert.ok(res.statusCode === 201 || res.statusCode === 202, `${bodyOf(i)}: ${res.statusCode} ${res.body}`);
      assert.equal(served.length, i + 1, 'one verdict per comment');
    }
  } finally {
    SpamEngine.prototype.moderate = original;
    await t.close();
  }

  // The file read as `parley spam eval FILE` reads it.
  const dir = mkdtempSync(join(tmpdir(), 'parley-eval-'));
  let examples: Example[];
  try {
    const file = join(dir, 'comments.csv');
    writeFileSync(file, asFile());
    examples = loadFile(parseFileSpec(file)).examples;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(examples.length, ROWS.length);
  const model = shippedModel();
  // The decisions `parley spam eval` counts.
  assert.deepEqual(policyDecisions(model, examples, ['en']), served.map(decisionOf));
  // And the verdicts behind them, reason by reason.
  const verdicts = policyVerdicts(model, examples, ['en']);
  for (const [i, verdict] of verdicts.entries()) assert.deepEqual(verdict, served[i], bodyOf(i));
  // The comments are no formality: they meet approval, holds and the spam folder.
  assert.deepEqual([...new Set(served.map((v) => v.outcome))].sort(), ['approve', 'hold', 'spam']);
});
