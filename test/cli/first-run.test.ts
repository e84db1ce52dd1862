// A newcomer's first run (`npm start` = serve --demo): readable logs and a banner naming the
// demo site and the command that creates the first admin; JSON lines when nobody reads them in
// a terminal; the demo article opening with its conversation, written once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import { chooseLogFormat, prettyLine } from '../../src/server/log-format.ts';
import { banner } from '../../src/server/banner.ts';
import { CONVERSATION } from '../../demo/conversation.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));

function siteId(dataDir: string): string {
  const r = spawnSync(process.execPath, [bin, 'site', 'list'], {
    env: { ...process.env, PARLEY_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\t')[0];
}

async function until(s: ServerProcess, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!s.output().includes(text)) {
    if (Date.now() > deadline) assert.fail(`"${text}" never printed:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('PARLEY_LOG_FORMAT=pretty: readable lines and a banner with the demo site and the admin command', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-first-run-'));
  const s = await startServer({ env: { PARLEY_LOG_FORMAT: 'pretty', PARLEY_LOG_LEVEL: 'info', PARLEY_DATA_DIR: dir } });
  try {
    await until(s, 'First admin');
    const id = siteId(dir);
    const out = s.output();
    assert.match(out, new RegExp(`Demo newsroom +${s.url}/\\n`));
    assert.match(out, new RegExp(`Dashboard +${s.url}/admin\\n`));
    assert.match(
      out,
      new RegExp(
        `First admin +(node bin/parley\\.mjs|parley) admin create --site ${id} --email you@example\\.com --role admin\\n`,
      ),
    );
    assert.match(out, /^\d\d:\d\d:\d\d info {2}Parley is ready backend=sqlite .*demo=true/m);
    assert.doesNotMatch(out, /^\{/m, 'no JSON line');
    // What a commenter gives stays out of the readable log as out of the JSON one.
    const res = await fetch(`${s.url}/api/v1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        thread: `${s.url}/news/rail-strike-weekend`,
        name: 'Reader',
        email: 'first.run@example.org',
        body: 'A considered comment.',
      }),
    });
    assert.ok(res.status < 300, String(res.status));
    await until(s, 'request completed');
    assert.equal(s.output().includes('first.run@example.org'), false);
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('not in a terminal: JSON lines, the same facts in the ready line, no banner', async () => {
  const s = await startServer({ env: { PARLEY_LOG_LEVEL: 'info' } });
  try {
    await until(s, 'Parley is ready');
    await new Promise((r) => setTimeout(r, 200));
    const lines = s.output().split('\n').filter(Boolean);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const ready = records.find((r) => r.msg === 'Parley is ready')!;
    assert.equal(ready.site, siteId(s.dataDir));
    assert.equal(ready.dashboard, `${s.url}/admin`);
    assert.equal(s.output().includes('First admin'), false);
  } finally {
    await s.stop();
  }
});

test('the demo article opens with its conversation, written once across restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-demo-seed-'));
  try {
    for (let run = 0; run < 2; run++) {
      const s = await startServer({ env: { PARLEY_DATA_DIR: dir } });
      try {
        const front = await (await fetch(`${s.url}/`)).text();
        assert.match(front, new RegExp(`france-russia-syria">${CONVERSATION.length} Comments<`), `run ${run + 1}`);
        const article = await (await fetch(`${s.url}/news/france-russia-syria`)).text();
        for (const line of CONVERSATION) assert.ok(article.includes(line.name), line.name);
        assert.equal(article.match(/class="parley-badge"/g)?.length, 1, 'one moderator answer, with its badge');
      } finally {
        await s.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the log format: auto follows the terminal; a pino line reads as time, level, message, fields', () => {
  assert.equal(chooseLogFormat('auto', true), 'pretty');
  assert.equal(chooseLogFormat('auto', false), 'json');
  assert.equal(chooseLogFormat('json', true), 'json');
  assert.equal(chooseLogFormat('pretty', undefined), 'pretty');
  const time = new Date(2026, 10, 27, 9, 5, 7).getTime();
  const line = prettyLine(
    JSON.stringify({
      level: 40,
      time,
      pid: 1,
      hostname: 'h',
      msg: 'slow',
      job: 'retention',
      purged: { discards: 2 },
      note: 'two words',
    }),
  );
  assert.equal(line, '09:05:07 warn  slow job=retention purged.discards=2 note="two words"\n');
  assert.equal(prettyLine('not json'), 'not json\n');
  const withStack = prettyLine(
    JSON.stringify({
      level: 50,
      time,
      msg: 'failed',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' },
    }),
  );
  assert.match(
    withStack,
    /^09:05:07 error failed err\.type=Error err\.message=boom\n {4}Error: boom\n {4}at x \(y\.ts:1:1\)\n$/,
  );
});

test('the banner without the demo still names the dashboard and the admin command', () => {
  const text = banner({
    url: 'https://comments.example.com',
    demo: false,
    siteId: 'SITE1',
    script: '/usr/lib/node_modules/parley/bin/parley.mjs',
    cwd: '/home/me',
  });
  assert.match(text, /Server +https:\/\/comments\.example\.com\/\n/);
  assert.match(text, /Dashboard +https:\/\/comments\.example\.com\/admin\n/);
  assert.match(text, /First admin +parley admin create --site SITE1 --email you@example\.com --role admin\n/);
});
