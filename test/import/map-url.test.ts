// --map-url's rules as the operator writes them: hosts, address prefixes, path prefixes for
// sources that know pages by path only, the first matching rule, and the refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type MapUrlRule, mapUrl, parseMapUrl } from '../../src/core/import/map-url.ts';

const rule = (spec: string): MapUrlRule => {
  const r = parseMapUrl(spec);
  assert.equal(typeof r, 'object', String(r));
  return r as MapUrlRule;
};

test('a host moves every address on it, http or https, whatever its case; path and query kept', () => {
  const r = [rule('old.example.com=news.example.com')];
  assert.equal(mapUrl(r, 'http://OLD.example.com/2020/a?p=1'), 'http://news.example.com/2020/a?p=1');
  assert.equal(mapUrl(r, 'https://old.example.com'), 'https://news.example.com');
  assert.equal(mapUrl(r, 'https://other.example.com/a'), 'https://other.example.com/a');
  assert.equal(
    mapUrl([rule('old.example.com=https://news.example.com/archive/')], 'http://old.example.com/a'),
    'https://news.example.com/archive/a',
  );
});

test('an address or path prefix is replaced; the first rule that matches applies', () => {
  const r = [
    rule('https://blog.example.com/news/=https://www.example.com/'),
    rule('https://blog.example.com/=https://old.example.com/'),
  ];
  assert.equal(mapUrl(r, 'https://blog.example.com/news/a'), 'https://www.example.com/a');
  assert.equal(mapUrl(r, 'https://blog.example.com/other'), 'https://old.example.com/other');
  assert.equal(
    mapUrl(r, 'https://blog.example.com/News/a'),
    'https://old.example.com/News/a',
    'paths are case-sensitive',
  );
  assert.equal(mapUrl([rule('/=https://news.example/')], '/blog/post-1/'), 'https://news.example/blog/post-1/');
});

test('rules that cannot be read are refused with what is wrong', () => {
  assert.match(String(parseMapUrl('nothing')), /FROM=TO is needed/);
  assert.match(String(parseMapUrl('old.example.com=')), /FROM=TO is needed/);
  assert.match(String(parseMapUrl('ftp://a/=https://b/')), /must each be a host/);
  assert.match(String(parseMapUrl('/=/new/')), /must each be a host/);
});
