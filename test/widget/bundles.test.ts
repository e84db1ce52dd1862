// The widget's bundles: size budgets (gzip), a deterministic build, and how the server serves
// them (types, caching, compression, CORS). Browser behaviour is in test/e2e/widget*.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildWidget, DIST_DIR, languages } from '../../widget/build.ts';
import { testApp } from '../helpers/app.ts';

// Budgets from issue 3, in gzip bytes (level 9, as the server sends them).
const BUDGETS = { loader: 3 * 1024, widget: 20 * 1024, count: 1024 };

test('the bundles fit their gzip budgets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  try {
    const m = await buildWidget(dir);
    const gz = (f: string) => gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
    const sizes = { loader: gz('embed.js'), widget: gz(m.widget), count: gz('count.js') };
    console.log(
      `# widget bundles (gzip): embed.js ${sizes.loader} B, ${m.widget} ${sizes.widget} B, count.js ${sizes.count} B`,
    );
    for (const k of Object.keys(BUDGETS) as (keyof typeof BUDGETS)[])
      assert.ok(sizes[k] <= BUDGETS[k], `${k}: ${sizes[k]} B gzip > budget ${BUDGETS[k]} B`);
    // count.js must not carry the widget's catalogs, only its few words per language.
    assert.equal(readFileSync(join(dir, 'count.js'), 'utf8').includes('Leave a Reply'), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('building twice gives the same bytes, and the loader names the widget it was built with', async () => {
  const a = mkdtempSync(join(tmpdir(), 'parley-widget-a-'));
  const b = mkdtempSync(join(tmpdir(), 'parley-widget-b-'));
  try {
    const ma = await buildWidget(a);
    const mb = await buildWidget(b);
    assert.deepEqual(ma, mb);
    for (const f of [...ma.files, 'manifest.json'])
      assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between two builds`);
    assert.match(ma.widget, /^widget\.[0-9a-f]{12}\.js$/);
    assert.ok(readFileSync(join(a, 'embed.js'), 'utf8').includes(`widget/${ma.widget}`));
    // Every language file is in the bundle (adding a language is adding a file).
    assert.deepEqual(languages(), ['en', 'fr', 'ru']);
    const widget = readFileSync(join(a, ma.widget), 'utf8');
    for (const words of ['Save my name, email, and website', 'Enregistrer mon nom', 'Сохранить моё имя'])
      assert.ok(widget.includes(words), words);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('the server serves the bundles with the right types, caching, compression and CORS', async (t) => {
  const m = await buildWidget(DIST_DIR);
  const h = await testApp();
  t.after(() => h.close());
  const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers });

  for (const [url, file, cache] of [
    ['/embed.js', 'embed.js', /^public, max-age=300\b/],
    ['/count.js', 'count.js', /^public, max-age=300\b/],
    [`/widget/${m.widget}`, m.widget, /^public, max-age=31536000, immutable$/],
  ] as const) {
    const plain = await get(url);
    assert.equal(plain.statusCode, 200, url);
    assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8', url);
    assert.match(String(plain.headers['cache-control']), cache, url);
    assert.equal(plain.headers['access-control-allow-origin'], '*', url);
    assert.equal(plain.headers['cross-origin-resource-policy'], 'cross-origin', url);
    assert.equal(plain.headers['x-content-type-options'], 'nosniff', url);
    assert.equal(plain.headers['set-cookie'], undefined, url);
    assert.ok(plain.rawPayload.equals(readFileSync(join(DIST_DIR, file))), `${url} is the built file`);

    const zipped = await get(url, { 'accept-encoding': 'gzip, br' });
    assert.equal(zipped.headers['content-encoding'], 'gzip', url);
    assert.match(String(zipped.headers.vary), /accept-encoding/i);
    assert.ok(gunzipSync(zipped.rawPayload).equals(plain.rawPayload), `${url} gzip is the same file`);

    const again = await get(url, { 'if-none-match': String(plain.headers.etag) });
    assert.equal(again.statusCode, 304, `${url} revalidates`);
  }
  assert.equal((await get('/widget/widget.000000000000.js')).statusCode, 404);
  assert.equal((await get('/widget/..%2Fmanifest.json')).statusCode, 404);
  assert.equal((await get('/widget/manifest.json')).statusCode, 404);
  const routes = h.app.parleyRoutes.filter((r) => ['/embed.js', '/count.js', '/widget/:file'].includes(r.url));
  assert.equal(routes.length, 3);
  assert.ok(routes.every((r) => r.public && r.method === 'GET'));
});
