// Test-only helpers for the render tests (imports parse5, a devDependency; never import from app code).
// The invariant checker deliberately re-parses HTML with parse5, a parser independent of ours.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFragment } from 'parse5';

const ALLOWED_TAGS = new Set(['p', 'br', 'a', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'del']);
const ALLOWED_ATTRS = new Set(['a:href', 'a:rel', 'ol:start']);
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const HTML_NS = 'http://www.w3.org/1999/xhtml';

interface PNode {
  nodeName: string;
  namespaceURI?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: PNode[];
  content?: PNode;
}

/** Violations of the comment-HTML invariants in `html`, as read by parse5 (empty array = clean). */
export function htmlViolations(html: string): string[] {
  const found: string[] = [];
  const pending: PNode[] = [parseFragment(html) as unknown as PNode];
  while (pending.length > 0) {
    const node = pending.pop() as PNode;
    if (node.childNodes) pending.push(...node.childNodes);
    if (node.content) pending.push(node.content); // <template> contents
    const name = node.nodeName;
    if (name === '#comment') {
      found.push('comment node');
      continue;
    }
    if (name.startsWith('#')) continue; // #text, #document-fragment
    if (!ALLOWED_TAGS.has(name) || node.namespaceURI !== HTML_NS) found.push(`tag <${name}>`);
    const attrs = node.attrs ?? [];
    for (const { name: attr, value } of attrs) {
      if (!ALLOWED_ATTRS.has(`${name}:${attr}`)) found.push(`attribute ${name}[${attr}]`);
      else if (attr === 'href') {
        let protocol = '(unparseable)';
        try {
          protocol = new URL(value).protocol;
        } catch {
          /* stays unparseable */
        }
        if (!SAFE_PROTOCOLS.has(protocol)) found.push(`href ${protocol} ${JSON.stringify(value.slice(0, 60))}`);
      } else if (attr === 'rel' && value !== 'nofollow ugc noopener') found.push(`rel="${value}"`);
      else if (attr === 'start' && !/^-?[0-9]+$/.test(value)) found.push(`start="${value}"`);
    }
    if (name === 'a' && !attrs.some((a) => a.name === 'href')) found.push('a without href');
    if (name === 'a' && !attrs.some((a) => a.name === 'rel')) found.push('a without rel');
  }
  return found;
}

export interface Corpus {
  name: string;
  payloads: string[];
}

/** The shared security corpora, read in place from <shared>/data/security. */
export function loadCorpora(shared: string): Corpus[] {
  const dir = join(shared, 'data/security');
  const json = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const field = (file: string, key: string): string[] =>
    (json(file) as Record<string, unknown>[]).map((entry) => String(entry[key]));
  const lines = readFileSync(join(dir, 'payloadbox-xss/xss-payload-list.txt'), 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return [
    { name: 'dompurify', payloads: field('dompurify-fixtures/expect.json', 'payload') },
    { name: 'payloadbox', payloads: lines },
    { name: 'blns', payloads: (json('blns/blns.json') as unknown[]).map(String) },
    { name: 'markdown-it-xss', payloads: field('markdown-it-xss/xss.json', 'markdown') },
    { name: 'markdown-it-fatal', payloads: field('markdown-it-xss/fatal.json', 'markdown') },
    { name: 'markdown-it-proto', payloads: field('markdown-it-xss/proto.json', 'markdown') },
  ];
}

/** Markdown contexts each payload is also wrapped in. */
export const MARKDOWN_CONTEXTS: readonly (readonly [string, (p: string) => string])[] = [
  ['raw', (p) => p],
  ['link text', (p) => `[${p}](https://x.test)`],
  ['link url', (p) => `[x](${p})`],
  ['autolink', (p) => `<${p}>`],
  ['fence info', (p) => `\`\`\`${p}\ncode\n\`\`\``],
  ['blockquote', (p) => `> ${p}`],
  ['list item', (p) => `- ${p}`],
];

export const MAX_BODY_CODE_POINTS = 65_525;

/** Cuts to at most MAX_BODY_CODE_POINTS code points (never splits a surrogate pair). */
export function cutToLimit(s: string): string {
  if (s.length <= MAX_BODY_CODE_POINTS) return s;
  return Array.from(s).slice(0, MAX_BODY_CODE_POINTS).join('');
}

const many = (n: number, f: (i: number) => string, sep: string): string =>
  Array.from({ length: n }, (_, i) => f(i)).join(sep);

const GENERATORS: [string, () => string][] = [
  ['stars around a letter', () => `${'*'.repeat(30000)}a${'*'.repeat(30000)}`],
  ['a_ repeated', () => 'a_ '.repeat(20000)],
  ['[a repeated', () => '[a'.repeat(10000)],
  ['> repeated', () => '> '.repeat(30000)],
  ['nested lists by indentation, 1000 deep', () => many(1000, (i) => `${' '.repeat(2 * i)}- x`, '\n')],
  ['nested lists on one line, 1000 deep', () => `${'- '.repeat(1000)}x`],
  ['nested ordered lists, 1000 deep', () => `${'1. '.repeat(1000)}x`],
  ['[a](<b repeated', () => '[a](<b'.repeat(10000)],
  ['</ then <!-- repeated', () => `</${'<!--'.repeat(30000)}`],
  ['6000 autolinks', () => many(6000, (i) => `<https://x.test/${i}>`, ' ')],
  ['6000 bare URLs', () => many(6000, (i) => `https://x.test/${i}`, ' ')],
  ['backticks', () => many(20000, (i) => `${'`'.repeat((i % 7) + 1)}a`, '')],
  ['emphasis soup', () => `${'*_'.repeat(15000)}a${'_*'.repeat(15000)}`],
  ['brackets and parens', () => '[]('.repeat(20000)],
  ['emoji at the limit', () => '\u{1F600}'.repeat(MAX_BODY_CODE_POINTS)],
];

/** Inputs known to be slow for Markdown parsers, each cut to the body-size limit. */
export const PATHOLOGICAL: readonly (readonly [string, () => string])[] = GENERATORS.map(
  ([name, make]) => [name, () => cutToLimit(make())] as const,
);
