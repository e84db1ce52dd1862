// `parley mail test` through a real SMTP server, signing with DKIM: the signature is checked
// here with node:crypto as a receiver would (relaxed/relaxed canonicalization, RSA-SHA256),
// and it must cover the unsubscribe headers; and the relay's answer is printed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { newId } from '../../src/core/ids.ts';
import { newMailRow } from '../../src/core/mail/outbox.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { flush, mailEnv } from './mail-flow.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The header fields of a raw message, unfolded only where the canonicalization says. */
function headerFields(raw: string): { name: string; line: string }[] {
  const head = raw.split('\r\n\r\n')[0];
  return head.split(/\r\n(?![ \t])/).map((line) => ({ name: line.slice(0, line.indexOf(':')).toLowerCase(), line }));
}

const relaxedHeader = (line: string): string => {
  const i = line.indexOf(':');
  const value = line
    .slice(i + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${line.slice(0, i).trim().toLowerCase()}:${value}`;
};

function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

/** Verifies the message's DKIM-Signature with the public key; returns its tags. */
function verifyDkim(raw: string, publicPem: string): Record<string, string> {
  const fields = headerFields(raw);
  const sig = fields.find((f) => f.name === 'dkim-signature');
  assert.ok(sig, 'a DKIM-Signature header');
  const tags = Object.fromEntries(
    relaxedHeader(sig.line)
      .slice('dkim-signature:'.length)
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1).replace(/\s+/g, '')]),
  );
  assert.equal(tags.c, 'relaxed/relaxed');
  assert.equal(tags.a, 'rsa-sha256');
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  assert.equal(createHash('sha256').update(relaxedBody(body)).digest('base64'), tags.bh, 'body hash');
  const used = new Map<string, number>();
  const signed = tags.h.split(':').map((name) => {
    const all = fields.filter((f) => f.name === name.toLowerCase());
    const n = used.get(name.toLowerCase()) ?? 0;
    used.set(name.toLowerCase(), n + 1);
    // Repeated names are taken from the bottom up; an absent one signs as nothing.
    const f = all[all.length - 1 - n];
    return f ? `${relaxedHeader(f.line)}\r\n` : '';
  });
  const unsigned = relaxedHeader(sig.line).replace(/b=[^;]*$/, 'b=');
  const data = signed.join('') + unsigned;
  const ok = verify('sha256', Buffer.from(data), createPublicKey(publicPem), Buffer.from(tags.b, 'base64'));
  assert.ok(ok, 'the signature verifies');
  return tags;
}

describe('DKIM signing and parley mail test', () => {
  let smtp: TestSmtp;
  let dir: string;
  let env: Record<string, string>;
  let publicPem: string;
  let t: TestApp;
  before(async () => {
    smtp = await startSmtp();
    dir = mkdtempSync(join(tmpdir(), 'parley-dkim-'));
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    writeFileSync(join(dir, 'dkim.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    env = {
      ...mailEnv(smtp.url),
      PARLEY_DKIM_DOMAIN: 'news.example.com',
      PARLEY_DKIM_SELECTOR: 'parley2026',
      PARLEY_DKIM_KEY_FILE: join(dir, 'dkim.pem'),
    };
    t = await testApp(env, { build: { mailPollMs: 0 } });
  });
  after(async () => {
    await t.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a notification mail is signed for the domain, over the unsubscribe headers, and verifies', async () => {
    const now = t.clock.now();
    const address = await t.store.saveMailAddress({
      id: newId(),
      site_id: t.siteId,
      email: 'signed@example.org',
      confirmed_at: null,
      created_at: now,
      active_at: now,
    });
    await t.store.enqueueMail(
      newMailRow({
        siteId: t.siteId,
        recipient: address.email,
        kind: 'confirm',
        domain: 'news.example.com',
        data: { addressId: address.id },
        ipHash: null,
        now,
      }),
    );
    await flush(t);
    const [r] = await smtp.waitFor(1);
    const tags = verifyDkim(r.raw.toString('utf8'), publicPem);
    assert.deepEqual([tags.d, tags.s], ['news.example.com', 'parley2026']);
    const h = tags.h.toLowerCase().split(':');
    for (const name of ['from', 'to', 'subject', 'date', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post'])
      assert.ok(h.includes(name), `h= covers ${name}`);
    // Negative control: an unsubscribe link altered in transit no longer verifies.
    const tampered = r.raw.toString('utf8').replace('/mail/unsubscribe?t=', '/mail/unsubscribe?x=');
    assert.notEqual(tampered, r.raw.toString('utf8'));
    assert.throws(() => verifyDkim(tampered, publicPem), /signature verifies/);
  });

  it('parley mail test sends at once and prints the relay’s answer', async () => {
    const before = smtp.received.length;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/parley.mjs', 'mail', 'test', 'ops@example.org'],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env, PARLEY_DATA_DIR: dir, PARLEY_LOG_LEVEL: 'silent' },
        timeout: 30_000,
      },
    );
    assert.match(stdout, /^sent: 250 /);
    await smtp.waitFor(before + 1);
    const r = smtp.received[before];
    assert.deepEqual(r.to, ['ops@example.org']);
    verifyDkim(r.raw.toString('utf8'), publicPem);
  });
});
