// Webhooks end to end, on SQLite and PostgreSQL: a site's admin adds an endpoint (the secret
// answered once), each lifecycle step reaches a receiver on 127.0.0.1 once, signed as
// docs/webhooks.md shows receivers to check, with no email address, IP address or hash of
// either in it; failed attempts are retried and counted, a silent receiver times out, a
// rotated secret signs beside the old one for a day. What goes wrong beyond a receiver's answer
// (private addresses, shutdowns, restarts) is in webhooks-faults.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WebhookDeliveryView } from '../../src/contracts/webhooks.ts';
import { staffRequests } from '../helpers/admin-api.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { postAs, startReceiver, until, verifyParley, type Receiver } from '../helpers/webhook-receiver.ts';

const MINUTE = 60_000;
type Delivery = WebhookDeliveryView;

function webhookTests(backend: 'sqlite' | 'postgres') {
  describe(`webhooks (${backend})`, () => {
    let t: TestApp;
    let rx: Receiver;
    let admin: Awaited<ReturnType<ReturnType<typeof staffRequests>['login']>>;
    const { login, call } = staffRequests(() => t);
    const hooks = () => `/admin/api/sites/${t.siteId}/webhooks`;
    const log = async (id: string): Promise<Delivery[]> =>
      (await call(admin, 'GET', `${hooks()}/${id}/deliveries`)).json().deliveries;
    const create = async (events: string[]) => {
      const res = await call(admin, 'POST', hooks(), { url: rx.url, events });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { endpoint: { id: string }; secret: string };
    };
    const remove = async (id: string) =>
      assert.equal((await call(admin, 'DELETE', `${hooks()}/${id}`)).statusCode, 204);
    const fresh = () => {
      rx.received.length = 0;
      rx.answer = () => 204;
    };

    before(async () => {
      t = await testApp(
        { PARLEY_FLOOD_SECONDS: '0', PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true', PARLEY_WEBHOOK_TIMEOUT_SECONDS: '1' },
        { backend, build: { webhookPollMs: 0 } },
      );
      await staffSites(t);
      rx = await startReceiver();
      admin = await login('admin@example.com');
    });
    after(async () => {
      await rx.close();
      await t.close();
    });

    test('only the site’s admins manage its webhooks; the secret is answered once; bad input names the field', async () => {
      const mod = await login('mod@example.com');
      const other = await login('other@example.com');
      assert.equal((await call(mod, 'GET', hooks())).json().error.code, 'FORBIDDEN');
      assert.equal((await call(other, 'GET', hooks())).statusCode, 404);
      assert.equal((await call(null, 'GET', hooks())).statusCode, 401);
      assert.equal((await call(mod, 'POST', hooks(), { url: rx.url, events: ['comment.created'] })).statusCode, 403);
      const { endpoint, secret } = await create(['comment.created']);
      assert.match(secret, /^whsec_[\w-]{43}$/);
      const listed = await call(admin, 'GET', hooks());
      assert.equal(listed.statusCode, 200);
      assert.ok(!listed.body.includes(secret), 'the secret is never listed');
      assert.deepEqual(
        listed.json().endpoints.map((e: { id: string; events: string[] }) => [e.id, e.events]),
        [[endpoint.id, ['comment.created']]],
      );
      const codes = async (payload: unknown) => {
        const res = await call(admin, 'POST', hooks(), payload);
        assert.equal(res.statusCode, 422, res.body);
        return Object.fromEntries(
          Object.entries(res.json().error.fields).map(([k, v]) => [k, (v as { code: string }).code]),
        );
      };
      assert.deepEqual(await codes({ url: 'ftp://hooks.example', events: ['comment.nope'] }), {
        url: 'URL_SCHEME',
        events: 'INVALID_VALUE',
      });
      assert.deepEqual(await codes({ url: 'https://u:p@hooks.example/', events: [] }), {
        url: 'INVALID_URL',
        events: 'REQUIRED',
      });
      assert.deepEqual(await codes({ url: 12, events: 'comment.created', secret: 'mine' }), {
        secret: 'UNKNOWN_FIELD',
      });
      assert.deepEqual(await codes({ events: ['comment.created'], enabled: 'yes' }), {
        url: 'REQUIRED',
        enabled: 'INVALID_TYPE',
      });
      const patched = await call(admin, 'PATCH', `${hooks()}/${endpoint.id}`, {
        enabled: false,
        events: ['report.created'],
      });
      assert.deepEqual([patched.json().enabled, patched.json().events], [false, ['report.created']]);
      assert.equal((await call(admin, 'PATCH', `${hooks()}/nope`, { enabled: true })).statusCode, 404);
      const unchanged = await call(admin, 'PATCH', `${hooks()}/${endpoint.id}`, {});
      assert.deepEqual([unchanged.statusCode, unchanged.json().enabled], [200, false]);
      await remove(endpoint.id);
      assert.equal((await call(admin, 'DELETE', `${hooks()}/${endpoint.id}`)).statusCode, 404);
    });

    test('each event reaches the receiver once, signed, without email, IP or their hashes', async () => {
      fresh();
      const { endpoint, secret } = await create([
        'comment.created',
        'comment.published',
        'comment.held',
        'comment.spam',
        'comment.deleted',
        'report.created',
      ]);
      const one = await postAs(t, 1, 'First, and *published*.');
      const settings = (patch: object) => call(admin, 'PATCH', `/admin/api/sites/${t.siteId}/settings`, patch);
      assert.equal((await settings({ premoderation: 'all' })).statusCode, 200);
      const two = await postAs(t, 2, 'Second, held for a moderator.');
      assert.equal(two.status, 'held');
      assert.equal((await settings({ premoderation: 'none' })).statusCode, 200);
      const three = await postAs(t, 3, 'Third, reported then deleted.');
      const act = (id: string, action: string) =>
        call(admin, 'POST', `/admin/api/sites/${t.siteId}/comments/${id}/actions`, { action });
      assert.equal((await act(one.id, 'spam')).statusCode, 200);
      const report = await t.app.inject({
        method: 'POST',
        url: `/api/v1/comments/${three.id}/reports`,
        remoteAddress: '198.51.100.9',
        headers: { 'content-type': 'application/json', origin: 'https://news.example.com' },
        payload: JSON.stringify({ reason: 'abuse' }),
      });
      assert.ok(report.statusCode < 300, report.body);
      assert.equal((await act(three.id, 'delete')).statusCode, 200);
      const got = await rx.waitFor(9);
      await new Promise((ok) => setTimeout(ok, 100));
      assert.equal(rx.received.length, 9, 'no event twice');
      const events = got.map((r) => {
        assert.ok(
          verifyParley(String(r.headers['parley-signature']), r.body, secret, t.clock.now() / 1000),
          'signature',
        );
        const p = JSON.parse(r.body);
        assert.equal(r.headers['parley-event'], p.type);
        assert.equal(r.headers['content-type'], 'application/json');
        return [p.comment.id, p.type] as const;
      });
      const expected = [
        [one.id, 'comment.created'],
        [one.id, 'comment.published'],
        [two.id, 'comment.created'],
        [two.id, 'comment.held'],
        [three.id, 'comment.created'],
        [three.id, 'comment.published'],
        [one.id, 'comment.spam'],
        [three.id, 'report.created'],
        [three.id, 'comment.deleted'],
      ];
      assert.deepEqual([...events].sort(), [...expected].sort());
      const bodyOf = (id: string, type: string) =>
        JSON.parse(got.find((r) => r.body.includes(`"type":"${type}"`) && r.body.includes(id))!.body);
      const published = bodyOf(one.id, 'comment.published');
      assert.deepEqual(Object.keys(published).sort(), ['comment', 'createdAt', 'id', 'site', 'thread', 'type']);
      assert.deepEqual(published.site, { id: t.siteId });
      assert.equal(published.thread.url, 'https://news.example.com/2026/11/france-russia-syria');
      assert.deepEqual(published.comment.author, { name: 'Reader 1', website: 'https://reader1.example' });
      assert.match(published.comment.html, /<em>published<\/em>/);
      assert.equal(published.comment.status, 'approved');
      assert.equal(published.comment.parent, null);
      assert.ok(!('reasons' in published.comment));
      const held = bodyOf(two.id, 'comment.held');
      assert.ok(
        held.comment.reasons.some((r: { check: string }) => r.check === 'premoderation'),
        JSON.stringify(held),
      );
      assert.deepEqual(bodyOf(three.id, 'report.created').report, { reason: 'abuse' });
      assert.equal(bodyOf(three.id, 'comment.deleted').comment.html, null);
      // Nothing that names or locates a commenter, in any body or header.
      const rows = await Promise.all([one, two, three].map((c) => t.store.getComment(c.id)));
      const secrets = rows
        .flatMap((r) => [r!.author_email, r!.ip_hash!, r!.avatar])
        .concat(['203.0.113.', '198.51.100.9']);
      for (const r of got) {
        const raw = `${JSON.stringify(r.headers)}\n${r.body}`;
        for (const s of secrets) assert.ok(!raw.includes(s), `"${s}" in a delivery`);
        assert.ok(!/email|"ip/i.test(r.body), r.body);
      }
      // The dashboard's log: each delivered at the first attempt, with the receiver's status.
      const entries = await log(endpoint.id);
      assert.equal(entries.length, 9);
      for (const e of entries) assert.deepEqual([e.state, e.attempts, e.lastStatus], ['delivered', 1, 204]);
      await remove(endpoint.id);
    });

    test('a receiver answering 500 twice then 200: three attempts counted, one delivery, the same id and body', async () => {
      fresh();
      rx.answer = (n) => (n < 2 ? 500 : 200);
      const { endpoint } = await create(['comment.created']);
      await postAs(t, 4, 'Retried until it is taken.');
      await rx.waitFor(1);
      const first = await until('the first attempt logged', async () => {
        const [d] = await log(endpoint.id);
        return d?.attempts === 1 ? d : undefined;
      });
      assert.deepEqual([first.state, first.lastStatus, first.lastError], ['queued', 500, 'HTTP 500']);
      // Nothing is due before its time.
      await t.app.parley.webhookSender.run();
      assert.equal(rx.received.length, 1);
      t.clock.advance(2 * MINUTE);
      await t.app.parley.webhookSender.run();
      t.clock.advance(6 * MINUTE);
      await t.app.parley.webhookSender.run();
      assert.equal(rx.received.length, 3);
      const [d] = await log(endpoint.id);
      assert.deepEqual([d.state, d.attempts, d.lastStatus, d.lastError], ['delivered', 3, 200, null]);
      assert.equal(new Set(rx.received.map((r) => r.headers['parley-delivery'])).size, 1);
      assert.equal(rx.received[0].headers['parley-delivery'], d.id);
      assert.equal(new Set(rx.received.map((r) => r.body)).size, 1);
      // Sent again from the dashboard: the same delivery, once more.
      const again = await call(admin, 'POST', `${hooks()}/${endpoint.id}/deliveries/${d.id}/redeliver`);
      assert.equal(again.statusCode, 202, again.body);
      await rx.waitFor(4);
      assert.equal(rx.received[3].headers['parley-delivery'], d.id);
      await remove(endpoint.id);
    });

    test('a receiver that never answers: the attempt fails at the timeout and waits for a retry', async () => {
      fresh();
      rx.answer = () => 'hang';
      const { endpoint } = await create(['comment.created']);
      const started = Date.now();
      await postAs(t, 5, 'Nobody is listening.');
      const d = await until('the timed-out attempt logged', async () => {
        const [x] = await log(endpoint.id);
        return x?.attempts === 1 ? x : undefined;
      });
      const took = Date.now() - started;
      assert.equal(d.state, 'queued');
      assert.equal(d.lastStatus, null);
      assert.match(d.lastError ?? '', /timed out after 1 s/);
      assert.ok(took >= 900 && took < 5000, `took ${took} ms`);
      await remove(endpoint.id);
    });

    test('after a rotation both secrets sign for a day, then only the new one', async () => {
      fresh();
      const { endpoint, secret: old } = await create(['comment.created']);
      const rotated = await call(admin, 'POST', `${hooks()}/${endpoint.id}/rotate`);
      assert.equal(rotated.statusCode, 200);
      const { secret } = rotated.json();
      assert.notEqual(secret, old);
      assert.ok(rotated.json().endpoint.previousSecretUntil);
      await postAs(t, 6, 'Signed twice.');
      const [during] = await rx.waitFor(1);
      const now = () => t.clock.now() / 1000;
      const header = String(during.headers['parley-signature']);
      assert.equal(header.split(',').filter((p) => p.startsWith('v1=')).length, 2);
      assert.ok(verifyParley(header, during.body, secret, now()));
      assert.ok(verifyParley(header, during.body, old, now()));
      t.clock.advance(25 * 60 * MINUTE);
      await postAs(t, 7, 'Signed once.');
      const [, later] = await rx.waitFor(2);
      const header2 = String(later.headers['parley-signature']);
      assert.equal(header2.split(',').filter((p) => p.startsWith('v1=')).length, 1);
      assert.ok(verifyParley(header2, later.body, secret, now()));
      assert.ok(!verifyParley(header2, later.body, old, now()));
      // A tampered body or an old time fails the receiver's check.
      assert.ok(!verifyParley(header2, later.body.replace('Signed once', 'Signed twice'), secret, now()));
      assert.ok(!verifyParley(header2, later.body, secret, now() + 600));
      admin = await login('admin@example.com'); // the session did not outlast the day
      const listed = (await call(admin, 'GET', hooks())).json().endpoints[0];
      assert.equal(listed.previousSecretUntil, null);
      await remove(endpoint.id);
    });
  });
}

for (const backend of await apiBackends()) webhookTests(backend);
