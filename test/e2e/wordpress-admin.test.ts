// Parley for WordPress, as a site's administrator meets it: the settings page (Settings API,
// capability, nonce, escaping), who may start the move of the comments, the WXR the move sends
// (the same shape as WordPress's own export, spam included), and Akismet's calls sent to Parley.
// WordPress's own export of the same newsroom is kept as the importer's fixture:
// PARLEY_WRITE_WP_FIXTURE=1 rewrites test/fixtures/import/wordpress-real-export.xml.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer } from '../helpers/server-process.ts';
import { addSite } from '../helpers/widget.ts';
import { ADMIN, phpString, startWordPress, type WordPress } from '../helpers/wordpress.ts';
import { addUser, seedNewsroom } from '../helpers/wordpress-newsroom.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/wordpress-real-export.xml', import.meta.url));
// The fixture's site address: the instance's own (127.0.x.y:port) changes with every run.
const FIXTURE_HOME = 'https://news.example.org';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

async function logIn(browser: Browser, wp: WordPress, user: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto(`${wp.url}/wp-login.php`);
  await page.locator('#user_login').fill(user);
  await page.locator('#user_pass').fill(ADMIN.password);
  await Promise.all([page.waitForURL(/\/wp-admin\//), page.locator('#wp-submit').click()]);
  return page;
}

type WxrComment = Record<string, string>;
type WxrItem = { link: string; title: string; comments: WxrComment[] };

/**
 * WordPress's export writes a commenter's website as it is, so a URL with `&` makes the file
 * malformed XML (the fixture keeps one: importers must cope). Reading it here, a bare `&` outside
 * CDATA is escaped first; the plugin's own WXR is read as it is.
 */
function repairAmpersands(xml: string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 ? part : part.replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;')))
    .join('');
}

/** Reads WXR with the browser's XML parser: malformed XML fails here as it would in an importer. */
async function readWxr(page: Page, xml: string): Promise<WxrItem[]> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const error = doc.getElementsByTagName('parsererror')[0];
    if (error) throw new Error(`not well-formed: ${error.textContent}`);
    const WP = 'http://wordpress.org/export/1.2/';
    const child = (el: Element, ns: string | null, name: string) =>
      [...el.children].find((c) => c.localName === name && c.namespaceURI === ns)?.textContent ?? '';
    return [...doc.getElementsByTagName('item')].map((item) => ({
      link: child(item, null, 'link'),
      title: child(item, null, 'title'),
      comments: [...item.getElementsByTagNameNS(WP, 'comment')].map((c) => {
        const fields: Record<string, string> = {};
        for (const f of c.children) if (f.localName !== 'commentmeta') fields[f.localName] = f.textContent ?? '';
        const meta = [...c.getElementsByTagNameNS(WP, 'commentmeta')].map(
          (m) => `${child(m, WP, 'meta_key')}=${child(m, WP, 'meta_value')}`,
        );
        return { ...fields, meta: meta.join('&') };
      }),
    }));
  }, xml);
}

test('Parley for WordPress: settings, the move and the WXR it sends', { timeout: 180_000 }, async (t) => {
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const wp = await startWordPress();
  if (!wp) return t.skip('WordPress not installed');
  t.after(() => wp.stop());
  const parley = await startServer();
  t.after(() => parley.stop());
  const site = await addSite(parley, wp.url);
  const newsroom = await seedNewsroom(wp);
  const settings = async () =>
    wp.json<Record<string, string | number>>(`echo wp_json_encode( get_option( 'parley_settings' ) );`);

  await t.test('an administrator connects the site on Settings → Parley', async () => {
    const page = await logIn(browser, wp, ADMIN.user);
    await page.goto(`${wp.url}/wp-admin/options-general.php?page=parley`);
    assert.match((await page.locator('.wrap').textContent()) ?? '', new RegExp(`${wp.url.replaceAll('.', '\\.')}`));
    await page.getByLabel('Parley URL').fill(`${parley.url}/`);
    await page.getByLabel('Site id').fill(site);
    await page.getByLabel('Admin key').fill('pa_live_9f8e7d6c');
    await page.getByLabel('Cache').fill('30');
    await page.locator('#parley_akismet').check();
    await Promise.all([page.waitForURL(/settings-updated=true/), page.locator('#submit').click()]);
    assert.equal(
      await page.locator('#setting-error-settings_updated').count(),
      1,
      'WordPress says the settings were saved',
    );
    assert.deepEqual(await settings(), {
      url: parley.url,
      site,
      admin_key: 'pa_live_9f8e7d6c',
      cache_seconds: 30,
      akismet: 1,
    });
    // The key is write-only: never printed back into the page.
    assert.equal(await page.getByLabel('Admin key').inputValue(), '');
    assert.ok(!(await page.content()).includes('pa_live_9f8e7d6c'));

    // A refused value keeps the saved one and says why; an empty key field keeps the key.
    await page.getByLabel('Parley URL').fill('javascript:alert(1)');
    await page.getByLabel('Site id').fill('"><script>alert(1)</script>');
    await page.locator('#submit').click();
    await page.waitForLoadState('load');
    const errors = await page.locator('.notice-error, .error').allTextContents();
    assert.ok(
      errors.some((e) => /must be an http/.test(e)),
      errors.join(' | '),
    );
    assert.ok(
      errors.some((e) => /site id is the one/.test(e)),
      errors.join(' | '),
    );
    const kept = await settings();
    assert.equal(kept.url, parley.url);
    assert.equal(kept.site, site);
    assert.equal(kept.admin_key, 'pa_live_9f8e7d6c');

    const move = page.locator('form[action$="admin-post.php"]');
    assert.equal(await move.locator('input[name="action"]').inputValue(), 'parley_move');
    assert.match(await move.locator('input[name="_wpnonce"]').inputValue(), /^[0-9a-f]{10}$/);
    assert.equal(await move.getByRole('button', { name: 'Move comments into Parley' }).isEnabled(), true);
    assert.match((await page.locator('.wrap').textContent()) ?? '', /WordPress has 11 comments/);
    await page.context().close();
  });

  await t.test('only an administrator, with the form’s nonce, can start the move', async () => {
    await addUser(wp, 'night.editor', 'editor');
    const editor = await logIn(browser, wp, 'night.editor');
    const denied = await editor.goto(`${wp.url}/wp-admin/options-general.php?page=parley`);
    assert.equal(denied?.status(), 403);
    const asEditor = await editor.request.post(`${wp.url}/wp-admin/admin-post.php`, {
      form: { action: 'parley_move', _wpnonce: 'guess' },
      maxRedirects: 0,
    });
    assert.equal(asEditor.status(), 403);
    assert.match(await asEditor.text(), /not allowed to move the comments/);
    await editor.context().close();

    const admin = await logIn(browser, wp, ADMIN.user);
    const noNonce = await admin.request.post(`${wp.url}/wp-admin/admin-post.php`, {
      form: { action: 'parley_move' },
      maxRedirects: 0,
    });
    assert.equal(noNonce.status(), 403);
    assert.match(await noNonce.text(), /The link you followed has expired/);
    await admin.context().close();
    const sent = (await wp.outgoing()).filter((l) => l.includes('/import'));
    assert.deepEqual(sent, [], 'nothing was sent to Parley');
  });

  await t.test("the move's WXR has WordPress's export's comments, as exported, and the spam too", async () => {
    const page = await (await browser.newContext()).newPage();
    const exported = await readWxr(page, repairAmpersands(await wp.php(`export_wp( array( 'content' => 'all' ) );`)));
    const docs = await wp.json<string[]>(`
require_once WP_PLUGIN_DIR . '/parley/includes/wxr.php';
$docs = array();
foreach ( parley_wxr_batches() as $batch ) { $docs[] = $batch['xml']; }
echo wp_json_encode( $docs );`);
    assert.equal(docs.length, 1, 'a small site goes in one request');
    const ours = await readWxr(page, docs[0]);
    // Items with comments only: the post without any (tides) is not sent.
    assert.deepEqual(
      ours.map((i) => i.link).sort(),
      [newsroom.posts.about.url, newsroom.posts.bridge.url, newsroom.posts.budget.url].sort(),
    );
    const theirs = new Map<string, WxrComment>(
      exported.flatMap((i) => i.comments.map((c): [string, WxrComment] => [c.comment_id, { ...c, link: i.link }])),
    );
    const sent: WxrComment[] = ours.flatMap((i) => i.comments.map((c) => ({ ...c, link: i.link })));
    assert.equal(sent.length, Object.keys(newsroom.comments).length, 'every comment, whatever its status');
    for (const c of sent) {
      if (c.comment_approved === 'spam') {
        assert.equal(theirs.has(c.comment_id), false, "WordPress's export leaves spam out");
        continue;
      }
      assert.deepEqual(c, theirs.get(c.comment_id), `comment ${c.comment_id} as WordPress exports it`);
    }
    const byId = new Map(sent.map((c) => [Number(c.comment_id), c]));
    const ids = newsroom.comments;
    assert.equal(byId.get(ids.ana)?.comment_parent, String(ids.tom), 'replies keep their parent');
    assert.equal(byId.get(ids.tom)?.comment_parent, String(ids.marta));
    assert.deepEqual(
      ['marta', 'ana', 'spam', 'trash', 'ping'].map((k) => [
        byId.get(ids[k])?.comment_approved,
        byId.get(ids[k])?.comment_type,
      ]),
      [
        ['1', 'comment'],
        ['0', 'comment'],
        ['spam', 'comment'],
        ['trash', 'comment'],
        ['1', 'pingback'],
      ],
    );
    assert.equal(byId.get(ids.zoe)?.comment_content, 'Très bien 👍 — « enfin ». A < b and "quotes" ]]> survive?');
    assert.equal(byId.get(ids.marta)?.meta, 'akismet_result=false');

    // A large site goes in several requests, each with whole threads.
    const small = await wp.json<string[]>(`
require_once WP_PLUGIN_DIR . '/parley/includes/wxr.php';
$docs = array();
foreach ( parley_wxr_batches( 3 ) as $batch ) { $docs[] = $batch['xml']; }
echo wp_json_encode( $docs );`);
    assert.equal(small.length, 3);
    const seen: string[] = [];
    for (const doc of small) {
      const items = await readWxr(page, doc);
      const here = new Set(items.flatMap((i) => i.comments.map((c) => c.comment_id)));
      for (const i of items)
        for (const c of i.comments) assert.ok(c.comment_parent === '0' || here.has(c.comment_parent));
      seen.push(...here);
    }
    assert.deepEqual(seen.sort(), sent.map((c) => c.comment_id).sort());
    await page.context().close();
  });

  await t.test(
    'the one-click move brings the comments over with replies and statuses; a second move adds none',
    async () => {
      // A real admin key of the Parley site, made by the command an operator runs beside the server.
      const made = spawnSync(process.execPath, ['bin/parley.mjs', 'admin-keys', 'create', '--site', site], {
        env: { ...process.env, PARLEY_DATA_DIR: parley.dataDir, PARLEY_LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
      assert.equal(made.status, 0, made.stderr);
      const key = made.stdout.trim();
      await wp.php(
        `update_option( 'parley_settings', array_merge( get_option( 'parley_settings' ), array( 'admin_key' => ${phpString(key)} ) ) );`,
      );
      const wpCounts = await wp.json<Record<string, number>>(`
$out = array();
foreach ( get_comments( array( 'status' => 'all', 'type' => 'comment' ) ) as $c ) { $out[ $c->comment_approved ] = ( $out[ $c->comment_approved ] ?? 0 ) + 1; }
foreach ( get_comments( array( 'status' => 'spam', 'type' => 'comment' ) ) as $c ) { $out['spam'] = ( $out['spam'] ?? 0 ) + 1; }
foreach ( get_comments( array( 'status' => 'trash', 'type' => 'comment' ) ) as $c ) { $out['trash'] = ( $out['trash'] ?? 0 ) + 1; }
echo wp_json_encode( $out );`);
      const page = await logIn(browser, wp, ADMIN.user);
      const move = async () => {
        await page.goto(`${wp.url}/wp-admin/options-general.php?page=parley`);
        await Promise.all([
          page.waitForURL(/parley-moved=1/),
          page.getByRole('button', { name: 'Move comments into Parley' }).click(),
        ]);
        return (await page.locator('.wrap').textContent()) ?? '';
      };
      const first = await move();
      const done =
        /(\d+) comments of (\d+) posts sent: (\d+) imported, (\d+) already in Parley, (\d+) could not be read/.exec(
          first,
        );
      assert.ok(done, first);
      const [sent, imported, already, unreadable] = [done[1], done[3], done[4], done[5]].map(Number);
      assert.equal(already, 0);
      assert.equal(unreadable, 0);
      assert.ok(imported > 0 && imported <= sent, first);

      // In Parley: every comment WordPress has, by status (trash is deleted), and pingbacks left out.
      const db = new DatabaseSync(join(parley.dataDir, 'parley.db'), { readOnly: true });
      const statuses = Object.fromEntries(
        (
          db.prepare('select status, count(*) as n from comments where site_id = ? group by status').all(site) as {
            status: string;
            n: number;
          }[]
        ).map((r) => [r.status, Number(r.n)]),
      );
      db.close();
      assert.deepEqual(
        { approved: statuses.approved ?? 0, pending: statuses.pending ?? 0, spam: statuses.spam ?? 0 },
        { approved: wpCounts['1'] ?? 0, pending: wpCounts['0'] ?? 0, spam: wpCounts.spam ?? 0 },
        JSON.stringify({ statuses, wpCounts }),
      );
      assert.equal(statuses.deleted ?? 0, wpCounts.trash ?? 0);

      // The post's thread on Parley shows its approved comments with their replies, as WordPress did.
      const wpThread = await wp.json<{ id: string; parent: string }[]>(`
echo wp_json_encode( array_map( function ( $c ) { return array( 'id' => $c->comment_ID, 'parent' => $c->comment_parent ); },
  get_comments( array( 'post_id' => ${newsroom.posts.bridge.id}, 'status' => 'approve', 'type' => 'comment' ) ) ) );`);
      const res = await fetch(
        `${parley.url}/api/v1/threads?site=${site}&thread=${encodeURIComponent(newsroom.posts.bridge.url)}`,
      );
      const thread = (await res.json()) as { thread: { count: number }; comments: { replies: unknown[] }[] };
      assert.equal(thread.thread.count, wpThread.length, JSON.stringify(thread));
      const replies = (cs: { replies: unknown[] }[]): number =>
        cs.reduce((n, c) => n + c.replies.length + replies(c.replies as { replies: unknown[] }[]), 0);
      assert.equal(replies(thread.comments), wpThread.filter((c) => c.parent !== '0').length);

      const second = await move();
      assert.match(
        second,
        new RegExp(`${sent} comments of \\d+ posts sent: 0 imported, ${imported} already in Parley`),
      );
      await page.context().close();
    },
  );

  await t.test("WordPress's own export is the importer's fixture", async () => {
    const page = await (await browser.newContext()).newPage();
    const fresh = (await wp.php(`export_wp( array( 'content' => 'all' ) );`)).replaceAll(wp.url, FIXTURE_HOME);
    if (process.env.PARLEY_WRITE_WP_FIXTURE === '1') await writeFile(FIXTURE, fresh);
    const shape = (items: WxrItem[]) =>
      items.map((i) => ({
        link: i.link,
        title: i.title,
        comments: i.comments.map((c) => [c.comment_author, c.comment_approved, c.comment_content]),
      }));
    assert.deepEqual(
      shape(await readWxr(page, repairAmpersands(await readFile(FIXTURE, 'utf8')))),
      shape(await readWxr(page, repairAmpersands(fresh))),
      'PARLEY_WRITE_WP_FIXTURE=1 rewrites it',
    );
    await page.context().close();
  });

  await t.test("with the Akismet box ticked, the Akismet plugin's calls go to Parley", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/parley.mjs', 'akismet-keys', 'create', '--site', site],
      {
        cwd: repoRoot,
        env: { ...process.env, PARLEY_DATA_DIR: parley.dataDir, PARLEY_LOG_LEVEL: 'silent' },
      },
    );
    const key = stdout.trim();
    const call = (path: string, body: Record<string, string>) =>
      wp.php(`
$r = wp_remote_post( ${phpString(`https://${path.startsWith('/1.1/verify') ? '' : `${key}.`}rest.akismet.com${path}`)}, array( 'body' => json_decode( ${phpString(JSON.stringify(body))}, true ) ) );
echo is_wp_error( $r ) ? 'error: ' . $r->get_error_message() : wp_remote_retrieve_body( $r );`);
    // The server picks up a new key within a few seconds.
    let answer = '';
    for (let i = 0; i < 40 && answer !== 'valid'; i++) {
      answer = await call('/1.1/verify-key', { key, blog: wp.url });
      if (answer !== 'valid') await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(answer, 'valid');
    // Older clients name the key in the host only: it reaches Parley in the body.
    const spam = await call('/1.1/comment-check', {
      blog: wp.url,
      user_ip: '203.0.113.9',
      comment_author: 'viagra-test-123',
      comment_content: 'Hello',
    });
    assert.equal(spam, 'true');
    assert.deepEqual(await wp.pluginErrors(), [], 'no PHP warning or notice from the plugin');
  });
});
