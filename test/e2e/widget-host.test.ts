// The widget embedded by a news site on another origin, as issue 3 asks of a host page: a
// strict Content-Security-Policy (with Trusted Types), the page's language, the custom
// element, count.js, the dark theme, no third-party requests, no cookies, and axe-core.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer } from '../helpers/server-process.ts';
import { addSite, ensureWidget, hostServer, mounted, postApi } from '../helpers/widget.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Watched = { page: Page; requests: string[]; violations: string[]; errors: string[] };

async function watched(browser: Browser, url: string, opts: { bypassCSP?: boolean } = {}): Promise<Watched> {
  const context = await browser.newContext({
    viewport: { width: 1100, height: 900 },
    bypassCSP: opts.bypassCSP ?? false,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const w: Watched = { page, requests: [], violations: [], errors: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  await page.exposeFunction('__violation', (v: string) => w.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __violation(v: string): void }).__violation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(url);
  return w;
}

async function axe(page: Page, include: string): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async (sel) => {
    const run = (
      window as unknown as {
        axe: {
          run(
            ctx: unknown,
            opts: unknown,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe.run;
    return run({ include: [sel] }, { resultTypes: ['violations'] });
  }, include);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target)).slice(0, 300)}`);
}

test('the widget on a news site of another origin', { timeout: 240_000 }, async (t) => {
  await ensureWidget();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const server = await startServer();
  t.after(() => server.stop());
  const parley = server.url;
  const embed = `<script src="${parley}/embed.js" async></script>`;
  // What docs/widget.md tells a site to allow: the comment server for scripts and for
  // connections; nothing for styles (the widget's sheet is a constructed one), Trusted Types
  // policies by name.
  const STRICT = `default-src 'none'; script-src ${parley}; connect-src ${parley}; img-src 'none'; style-src 'none'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types parley parley-loader`;
  let origin = '';
  const host = await hostServer((path) => {
    const article = `${origin}${path}`;
    switch (path) {
      case '/strict':
        return {
          csp: STRICT,
          body: `<h1>Strict</h1><p>An article.</p><div data-parley-thread="${article}"></div>${embed}`,
        };
      case '/fr':
        return { lang: 'fr', body: `<h1>Article</h1><parley-comments thread="${article}"></parley-comments>${embed}` };
      case '/ru':
        return { lang: 'ru', body: `<h1>Статья</h1><parley-comments thread="${article}"></parley-comments>${embed}` };
      case '/far':
        return {
          body: `<h1>Long read</h1><div style="height:5000px"></div><div data-parley-thread="${origin}/strict"></div>${embed}`,
        };
      case '/dark':
        return {
          body: `<h1>Dark</h1><parley-comments thread="${origin}/strict" data-parley-theme="dark"></parley-comments>${embed}`,
        };
      case '/list':
        return {
          body:
            `<ul><li><a href="/strict">Strict</a> <span data-parley-count="${origin}/strict">…</span></li>` +
            `<li><a href="/fr">FR</a> <span data-parley-count="${origin}/fr">…</span></li>` +
            `<li lang="fr"><span data-parley-count="${origin}/strict">…</span></li>` +
            `<li lang="ru"><span data-parley-count="${origin}/strict">…</span></li></ul>` +
            `<script src="${parley}/count.js" async></script>`,
          csp: STRICT,
        };
      default:
        return null;
    }
  });
  t.after(() => host.close());
  origin = host.origin;
  await addSite(server, origin);

  await t.test(
    'under a strict CSP with Trusted Types: it loads, posts and shows the comment, with no violation',
    async () => {
      const w = await watched(browser, `${origin}/strict`);
      await mounted(w.page);
      const root = w.page.locator('.parley-widget');
      assert.equal(await root.locator('#parley-count').textContent(), '0 Comments');
      // The widget's own stylesheet applies (the avatar's size, the submit button's colour).
      assert.equal(
        await root.locator('.parley-submit').evaluate((b) => getComputedStyle(b).backgroundColor),
        'rgb(11, 87, 208)',
      );
      const shown = Date.now();
      await root.getByLabel(/^Name/).fill('Host Reader');
      await root.getByLabel(/^Email/).fill('host@example.com');
      await root.getByLabel(/^Comment/).fill('Posting from the news site itself, across origins.');
      await new Promise((r) => setTimeout(r, Math.max(0, shown + 3200 - Date.now())));
      const [res] = await Promise.all([
        w.page.waitForResponse((r) => r.request().method() === 'POST'),
        root.getByRole('button', { name: 'Post Comment' }).click(),
      ]);
      assert.equal(res.status(), 201, await res.text());
      await root.locator('.parley-list > li').first().waitFor();
      assert.equal(
        await root.locator('.parley-list .parley-body').first().textContent(),
        'Posting from the news site itself, across origins.\n',
      );
      assert.deepEqual(w.violations, [], 'no CSP violation');
      assert.deepEqual(w.errors, [], 'no console error');
      const foreign = w.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`${parley}/`));
      assert.deepEqual(foreign, [], 'no third-party request');
      assert.ok(
        w.requests.some((u) => u.startsWith(`${parley}/widget/widget.`)),
        'the widget came from the comment server',
      );
      assert.deepEqual(await w.page.context().cookies(), [], 'no cookies');
      await w.page.context().close();
    },
  );

  await t.test('the loader waits until the section comes near the viewport', async () => {
    const w = await watched(browser, `${origin}/far`);
    await w.page.waitForLoadState('load');
    await w.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
    assert.equal(
      w.requests.filter((u) => u.includes('/widget/')).length,
      0,
      'no widget request while the section is far below',
    );
    await mounted(w.page);
    assert.equal(w.requests.filter((u) => u.includes('/widget/')).length, 1, 'one widget request once it comes near');
    await w.page.context().close();
  });

  for (const [lang, expect] of [
    [
      'fr',
      {
        count: '0 commentaire',
        title: 'Laisser un commentaire',
        remember: /Enregistrer mon nom/,
        notes: 'Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *',
        nameError: 'Nom est obligatoire.',
        button: 'Publier le commentaire',
      },
    ],
    [
      'ru',
      {
        count: '0 комментариев',
        title: 'Оставить комментарий',
        remember: /Сохранить моё имя/,
        notes: 'Ваш адрес email не будет опубликован. Обязательные поля помечены *',
        nameError: 'Поле «Имя» обязательно.',
        button: 'Отправить комментарий',
      },
    ],
  ] as const) {
    await t.test(`the page's lang="${lang}" chooses the widget's language, errors included`, async () => {
      const w = await watched(browser, `${origin}/${lang}`);
      await mounted(w.page);
      const root = w.page.locator('.parley-widget');
      assert.equal(await root.locator('#parley-count').textContent(), expect.count);
      assert.equal(await root.locator('#reply-title').textContent(), expect.title);
      assert.match((await root.locator('label[for="parley-remember"]').textContent()) ?? '', expect.remember);
      // This server sends no mail: the reply-email box is not offered.
      assert.equal(await root.locator('#parley-notify').isVisible(), false);
      assert.equal((await root.locator('.parley-notes').textContent())?.replace(/\*\*$/, '*'), expect.notes);
      assert.equal(await root.locator('a[href$="/privacy"]').count(), 1);
      // The site is English: the server answers in English, the widget shows the shared catalog's words for the page.
      await root.getByRole('button', { name: expect.button }).click();
      await root.locator('#parley-name-error').filter({ hasText: /./ }).waitFor();
      assert.equal(await root.locator('#parley-name-error').textContent(), expect.nameError);
      await w.page.context().close();
    });
  }

  await t.test("count.js fills every count on a list with one request, in the page's language", async () => {
    assert.equal(
      (
        await postApi(
          server,
          {
            thread: `${origin}/strict`,
            name: 'Second',
            email: 'second@example.com',
            body: 'A second plain comment on the strict page.',
          },
          origin,
        )
      ).status,
      201,
    );
    const w = await watched(browser, `${origin}/list`);
    const spans = w.page.locator('[data-parley-count]');
    await w.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-parley-count]')].every((s) => s.textContent !== '…'),
    );
    assert.deepEqual(await spans.allTextContents(), ['2 Comments', '0 Comments', '2 commentaires', '2 комментария']);
    assert.equal(w.requests.filter((u) => u.includes('/api/v1/counts')).length, 1, 'one request');
    assert.deepEqual(w.violations, []);
    await w.page.context().close();
  });

  await t.test('the dark theme', async () => {
    const w = await watched(browser, `${origin}/dark`);
    await mounted(w.page);
    const colours = await w.page
      .locator('parley-comments')
      .evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, fg: getComputedStyle(el).color }));
    assert.deepEqual(colours, { bg: 'rgb(32, 33, 36)', fg: 'rgb(232, 234, 237)' });
    await w.page.context().close();
  });

  await t.test(
    'axe-core finds no serious or critical problem in the widget (light and dark, with errors and a reply form open)',
    async () => {
      for (const path of ['/strict', '/dark']) {
        // axe is injected as a script of its own: the page's CSP is bypassed for that only.
        const w = await watched(browser, `${origin}${path}`, { bypassCSP: true });
        await mounted(w.page);
        const root = w.page.locator('.parley-widget');
        await root.getByRole('button', { name: 'Post Comment' }).click();
        await root.locator('#parley-name-error').filter({ hasText: /./ }).waitFor();
        await root
          .getByRole('button', { name: /^Reply:/ })
          .first()
          .click();
        const found = await axe(w.page, path === '/dark' ? 'parley-comments' : '[data-parley-thread]');
        assert.deepEqual(found, [], `${path}: ${found.join('\n')}`);
        if (path === '/strict') {
          // Control: axe does look inside the shadow root.
          await root.evaluate((el) => el.append(Object.assign(document.createElement('input'), { type: 'text' })));
          assert.ok(
            (await axe(w.page, '[data-parley-thread]')).some((v) => v.startsWith('label ')),
            'axe sees an unlabelled field in the shadow root',
          );
        }
        await w.page.context().close();
      }
    },
  );
});
