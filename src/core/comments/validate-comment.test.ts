import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateNewComment } from './validate-comment.ts';

const good = { thread: 'https://news.example.com/a', name: 'Anne', email: 'anne@example.com', body: 'Hello' };

test('a complete comment is accepted and trimmed', () => {
  const r = validateNewComment({ ...good, body: '  Hello  ', website: 'https://anne.example' }, 'en');
  assert.equal(r.ok, true);
  if (r.ok) {
    assert.equal(r.value.body, 'Hello');
    assert.equal(r.value.website, 'https://anne.example');
  }
});

test('missing name, email and body give one entry per field', () => {
  const r = validateNewComment({ thread: 'x' }, 'en');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(Object.keys(r.fields).sort(), ['body', 'email', 'name']);
    assert.equal(r.fields.email.code, 'REQUIRED');
    assert.match(r.fields.email.message, /Email is required/);
  }
});

test('messages follow the language', () => {
  const r = validateNewComment({ thread: 'x' }, 'fr');
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.fields.name.message, /Nom est obligatoire/);
});

test('limits count code points, and one more is rejected, never truncated', () => {
  const emoji = '😀';
  const atLimit = validateNewComment({ ...good, name: emoji.repeat(245) }, 'en');
  assert.equal(atLimit.ok, true);
  const over = validateNewComment({ ...good, name: emoji.repeat(246) }, 'en');
  assert.equal(over.ok, false);
  if (!over.ok) assert.deepEqual([over.fields.name.code, over.fields.name.limit], ['TOO_LONG', 245]);
  assert.equal(validateNewComment({ ...good, body: 'a'.repeat(65_525) }, 'en').ok, true);
  const longBody = validateNewComment({ ...good, body: 'a'.repeat(65_526) }, 'en');
  assert.equal(longBody.ok, false);
});

test('lone surrogates and control characters are rejected with the field named', () => {
  const r = validateNewComment({ ...good, body: 'bad \ud800 text' }, 'en');
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.fields.body.code, 'INVALID_UTF8');
  const c = validateNewComment({ ...good, name: 'a\u0000b' }, 'en');
  assert.equal(c.ok, false);
  if (!c.ok) assert.equal(c.fields.name.code, 'CONTROL_CHARACTERS');
});

test('emails must look like addresses', () => {
  for (const email of ['nope', 'a@b', 'a b@c.de', '<a@b.cd>', 'a@b.c']) {
    const r = validateNewComment({ ...good, email }, 'en');
    assert.equal(r.ok, false, email);
  }
  for (const email of ['a@b.co', 'first.last+tag@news.example.org', 'élodie@exemple.fr']) {
    assert.equal(validateNewComment({ ...good, email }, 'en').ok, true, email);
  }
});

test('websites must be http or https', () => {
  for (const website of ['javascript:alert(1)', 'ftp://x.test', 'data:text/html,x', 'not a url']) {
    const r = validateNewComment({ ...good, website }, 'en');
    assert.equal(r.ok, false, website);
  }
  assert.equal(validateNewComment({ ...good, website: '' }, 'en').ok, true);
});

test('unknown fields and wrong types are named', () => {
  const r = validateNewComment({ ...good, admin: true, name: 42 }, 'en');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.fields.admin.code, 'UNKNOWN_FIELD');
    assert.equal(r.fields.name.code, 'INVALID_TYPE');
  }
});
