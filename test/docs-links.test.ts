// Every relative link in docs/*.md (and the README) points at a file of the repository: a link
// written from the repository root's point of view (../widget.md from docs/) breaks on GitHub
// and in any copy of the docs. Links into fenced code are text, not links; anchors and queries
// are not checked here, only the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const DOCS = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(root, 'docs', f)),
];

/** The targets of a Markdown text's inline links and images, and of its link definitions, outside fenced code. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const inline = [...prose.matchAll(/\]\(<?([^()<>\s]+)>?(?:\s+"[^"\n]*")?\)/g)].map((m) => m[1]);
  const defined = [...prose.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
  return [...inline, ...defined];
}

const isRelative = (target: string) => !/^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(target);

test('the link reader finds inline links, images and definitions, and skips fenced code', () => {
  const md = [
    'See [the widget](widget.md#options) and ![a shot](img/a.png "A shot").',
    '[site]: https://example.com',
    '[wp]: <../wordpress.md>',
    '```',
    '[not a link](nowhere.md)',
    '```',
    '[mail](mailto:a@example.com) [top](#top)',
  ].join('\n');
  assert.deepEqual(linkTargets(md), [
    'widget.md#options',
    'img/a.png',
    'mailto:a@example.com',
    '#top',
    'https://example.com',
    '../wordpress.md',
  ]);
  assert.deepEqual(linkTargets(md).filter(isRelative), ['widget.md#options', 'img/a.png', '../wordpress.md']);
});

test('every relative link in the docs points at a file that exists', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of DOCS) {
    for (const target of linkTargets(readFileSync(file, 'utf8')).filter(isRelative)) {
      const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
      if (!path) continue;
      checked++;
      if (!existsSync(join(dirname(file), path))) broken.push(`${relative(root, file)}: ${target}`);
    }
  }
  assert.ok(checked > 0, 'the docs link to each other');
  assert.deepEqual(broken, []);
});
