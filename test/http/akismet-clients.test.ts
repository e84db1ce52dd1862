// Real, unmodified Akismet clients from npm against a listening server: akismet-api (the key
// in the host name) and @cedx/akismet (api_key in the body, `baseUrl`). Each verifies its
// key, checks a ham and a spam comment, and submits a correction that changes the next verdict.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import http from 'node:http';
import type { LookupFunction } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Author, Blog, CheckResult, Client, Comment, CommentType } from '@cedx/akismet';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';

type AkismetApiComment = Record<string, unknown>;
type AkismetApiClient = {
  verifyKey(): Promise<boolean>;
  checkSpam(c: AkismetApiComment): Promise<boolean>;
  submitSpam(c: AkismetApiComment): Promise<unknown>;
  submitHam(c: AkismetApiComment): Promise<unknown>;
};
const { AkismetClient } = createRequire(import.meta.url)('akismet-api') as {
  AkismetClient: new (o: Record<string, unknown>) => AkismetApiClient;
};

// akismet-api sends comment-check to `<key>.<host>`, and glibc does not resolve `*.localhost`:
// this process resolves every `…localhost` name to the loopback address, as wildcard DNS
// would for a real deployment. The client itself is untouched.
const loopback: LookupFunction = (hostname, options, callback) => {
  if (hostname !== 'localhost' && !hostname.endsWith('.localhost'))
    return void (callback as (e: Error) => void)(
      Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
    );
  if (options.all)
    return void (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: '127.0.0.1', family: 4 },
    ]);
  callback(null, '127.0.0.1', 4);
};
// superagent asks for a fresh agent per request (`agent: false`), which Node builds from the
// global agent's class: that class carries the resolver.
class LoopbackAgent extends http.Agent {
  constructor(opts: http.AgentOptions = {}) {
    super({ ...opts, lookup: loopback });
  }
}
const originalAgent = http.globalAgent;

const BLOG = 'https://news.example.com';
const HAM = 'I think the minister is wrong about the budget: the figures in the second table do not add up.';
const SPAM = 'Subscribe to my channel for free money!!! http://spam.example';

for (const backend of await apiBackends()) {
  describe(`real Akismet clients against a listening Parley (${backend})`, () => {
    let t: TestApp;
    let port: number;
    before(async () => {
      http.globalAgent = new LoopbackAgent({ keepAlive: true });
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });
    after(async () => {
      http.globalAgent.destroy();
      http.globalAgent = originalAgent;
      await t.close();
    });

    test('akismet-api 6 (key in the host name)', async () => {
      const { key } = await t.app.parley.keys.create(t.siteId, 'akismet', 'akismet-api');
      const client = new AkismetClient({
        key,
        blog: BLOG,
        host: `localhost:${port}`,
        protocol: 'http',
        lang: 'en',
        charset: 'UTF-8',
      });
      assert.equal(await client.verifyKey(), true);
      assert.equal(
        await new AkismetClient({
          key: 'abcdefghijkl',
          blog: BLOG,
          host: `localhost:${port}`,
          protocol: 'http',
        }).verifyKey(),
        false,
      );
      await assert.rejects(
        new AkismetClient({ key: 'abcdefghijkl', blog: BLOG, host: `localhost:${port}`, protocol: 'http' }).checkSpam({
          ip: '203.0.113.5',
          content: HAM,
        }),
        /Invalid API key/,
      );

      const base = {
        useragent: 'Mozilla/5.0',
        referer: `${BLOG}/2026/budget`,
        permalink: `${BLOG}/2026/budget`,
        type: 'comment',
      };
      assert.equal(
        await client.checkSpam({ ...base, ip: '203.0.113.5', name: 'Anne', email: 'anne@example.com', content: HAM }),
        false,
      );
      assert.equal(
        await client.checkSpam({ ...base, ip: '203.0.113.6', name: 'Bob', email: 'bob@example.com', content: SPAM }),
        true,
      );
      assert.equal(await client.checkSpam({ ...base, ip: '203.0.113.6', name: 'viagra-test-123', content: HAM }), true);
      assert.equal(await client.checkSpam({ ...base, ip: '203.0.113.6', role: 'administrator', content: SPAM }), false);
      assert.equal(await client.checkSpam({ ...base, ip: '203.0.113.6', content: HAM, honeypot: 'filled' }), true);

      const missed = 'Cheap loans for everyone, ring Mark today.';
      assert.equal(
        await client.checkSpam({
          ...base,
          ip: '203.0.113.7',
          name: 'Mark',
          email: 'mark@loans.example',
          content: missed,
        }),
        false,
      );
      await client.submitSpam({
        ...base,
        ip: '203.0.113.7',
        name: 'Mark',
        email: 'mark@loans.example',
        content: missed,
      });
      assert.equal(
        await client.checkSpam({
          ...base,
          ip: '198.51.100.20',
          name: 'Marcus',
          email: 'marcus@example.net',
          content: 'Cheap loans for everyone, ring Mark today!',
        }),
        true,
      );
    });

    test('@cedx/akismet 16 (api_key in the body, baseUrl)', async () => {
      const { key } = await t.app.parley.keys.create(t.siteId, 'akismet', '@cedx/akismet');
      const blog = new Blog({ url: BLOG, charset: 'UTF-8', languages: ['en', 'fr'] });
      const client = new Client(key, blog, { baseUrl: `http://127.0.0.1:${port}` });
      assert.equal(await client.verifyKey(), true);
      assert.equal(await new Client('abcdefghijkl', blog, { baseUrl: `http://127.0.0.1:${port}` }).verifyKey(), false);

      const comment = (content: string, name: string, ip: string) =>
        new Comment({
          author: new Author({
            name,
            email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`,
            ipAddress: ip,
            userAgent: 'Mozilla/5.0',
          }),
          content,
          context: ['budget', 'politics'],
          permalink: `${BLOG}/2026/budget`,
          type: CommentType.comment,
        });
      assert.equal(await client.checkComment(comment(HAM, 'Anne', '203.0.113.5')), CheckResult.ham);
      assert.equal(await client.checkComment(comment(SPAM, 'Bob', '203.0.113.6')), CheckResult.spam);

      const falsePositive = 'Subscribe to the Gazette newsletter, it is worth it.';
      assert.equal(await client.checkComment(comment(falsePositive, 'Reader', '203.0.113.8')), CheckResult.spam);
      await client.submitHam(comment(falsePositive, 'Reader', '203.0.113.8'));
      assert.equal(
        await client.checkComment(
          comment('Subscribe to the Gazette newsletter, it is worth it!', 'Other Reader', '2001:db8::7'),
        ),
        CheckResult.ham,
      );

      // isTest: answered, never learned.
      const before = (await t.store.spamCorrections(t.siteId, null)).length;
      const tester = new Client(key, blog, { baseUrl: `http://127.0.0.1:${port}`, isTest: true });
      await tester.submitSpam(comment(HAM, 'Anne', '203.0.113.5'));
      assert.equal((await t.store.spamCorrections(t.siteId, null)).length, before);
      assert.equal(await client.checkComment(comment(HAM, 'Anne', '203.0.113.5')), CheckResult.ham);
    });
  });
}
