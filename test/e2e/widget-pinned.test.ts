// A pinned comment in Chromium: the widget shows it first with a "Pinned" badge, in the same
// place as the server-rendered page (which shows the badge too, without JavaScript), and the
// comment is not repeated further down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditLog } from '../../src/core/audit/audit-log.ts';
import { Moderation } from '../../src/core/moderation/moderation.ts';
import { comment, testApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { freePort } from '../helpers/server-process.ts';
import { ensureWidget, mounted } from '../helpers/widget.ts';

test('a pinned comment leads the thread in the widget and on the plain page', { timeout: 120_000 }, async (t) => {
  await ensureWidget();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const h = await testApp({ PARLEY_FLOOD_SECONDS: '0', PARLEY_PUBLIC_URL: base }, { demo: true, origins: [base] });
  t.after(() => h.close());
  await h.app.listen({ port, host: '127.0.0.1' });

  const thread = `${base}/news/rail-strike-weekend`;
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      remoteAddress: `198.51.100.${i + 1}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(
        comment({
          thread,
          name: `Reader ${i}`,
          email: `r${i}@example.com`,
          body: `Point ${i} about the strike timetable.`,
        }),
      ),
    });
    assert.equal(res.statusCode, 201, res.body);
    ids.push(res.json().id);
  }
  const moderation = new Moderation({
    store: h.store,
    clock: h.clock,
    events: h.app.parley.events,
    review: h.app.parley.review,
    spam: h.app.parley.spam,
    audit: new AuditLog({ store: h.store, clock: h.clock }),
  });
  await moderation.pin({ id: 'u1', email: 'desk@example.com' }, h.siteId, ids[2], true);

  const order = async (js: boolean) => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: js });
    context.setDefaultTimeout(15_000);
    t.after(() => context.close());
    const page = await context.newPage();
    await page.goto(`${base}/news/rail-strike-weekend`);
    if (js) await mounted(page, '#comments');
    const scope = js ? page.locator('.parley-widget') : page.locator('#comments');
    const items = scope.locator('.parley-list > li');
    await items.first().waitFor();
    const list = await items.evaluateAll((els) =>
      els.map((el) => ({ id: el.id, pinned: !!el.querySelector(':scope > article .parley-pinned') })),
    );
    const badge = await scope.locator('.parley-pinned').first().textContent();
    return { list, badge };
  };

  for (const js of [false, true]) {
    const { list, badge } = await order(js);
    const where = js ? 'widget' : 'server-rendered page';
    assert.deepEqual(
      list.map((x) => x.id),
      [ids[2], ids[0], ids[1], ids[3]].map((id) => `comment-${id}`),
      `${where}: pinned first, shown once`,
    );
    assert.deepEqual(
      list.map((x) => x.pinned),
      [true, false, false, false],
      `${where}: only it carries the badge`,
    );
    assert.equal(badge, 'Pinned', where);
  }
});
