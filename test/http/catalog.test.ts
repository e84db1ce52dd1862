import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, ERROR_STATUS, FIELD_RULES } from '../../src/contracts/error-codes.ts';
import { CATALOGS } from '../../src/contracts/messages.ts';
import { testApp } from '../helpers/app.ts';

const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

test('every error code is documented in docs/api.md with its status, and every documented code exists', () => {
  for (const code of ERROR_CODES) assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${ERROR_STATUS[code]} \\|`), code);
  const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| \d{3} \|/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...ERROR_CODES].sort());
  for (const rule of FIELD_RULES) assert.ok(doc.includes(`\`${rule}\``), rule);
});

test('every code and rule has a message in every language', () => {
  for (const [lang, cat] of Object.entries(CATALOGS)) {
    for (const code of ERROR_CODES) assert.ok(cat.errors[code]?.length, `${lang} ${code}`);
    for (const rule of FIELD_RULES) assert.ok(cat.rules[rule]?.length, `${lang} ${rule}`);
  }
});

test('the OpenAPI document is served and names every public API path', async () => {
  const t = await testApp();
  try {
    const spec = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    assert.equal(spec.openapi, '3.1.0');
    const apiRoutes = t.app.parleyRoutes.filter(
      (r) => r.url.startsWith('/api/v1/') && r.method !== 'OPTIONS' && !r.url.endsWith('openapi.json'),
    );
    for (const r of apiRoutes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}').replace('{seed}', '{seed}.svg');
      assert.ok(spec.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url} missing from openapi.json`);
    }
  } finally {
    await t.close();
  }
});

// Found by test/http/route-fuzz.test.ts: Fastify's router answered these itself, in its own shape.
test('a path that cannot be decoded, or a parameter over 200 characters, is a 404 in our envelope', async () => {
  const t = await testApp();
  try {
    for (const url of ['/api/v1/comments/%ff', '/api/v1/comments/%ZZ/reports', `/api/v1/comments/${'x'.repeat(201)}`]) {
      const res = await t.app.inject({ method: 'DELETE', url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'NOT_FOUND', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    }
  } finally {
    await t.close();
  }
});
