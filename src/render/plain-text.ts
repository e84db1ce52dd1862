// Most comments are plain sentences: no emphasis, link, list or quote, nothing Markdown reads as
// markup. For those the Markdown renderer's answer is known in advance (a paragraph per run of
// lines, a <br> per line break, the text escaped), and building it directly costs a small part
// of parsing and sanitizing it (an import renders a million of them). Only bodies that are
// plainly plain take this way; anything that might be markup, however unlikely, is left to the
// renderer. plain-text.test.ts compares both ways on generated bodies full of near-misses.
import { escapeHtml } from './escape.ts';

/**
 * Characters that may start Markdown syntax anywhere in a line (escapes, code, emphasis,
 * strikethrough, links, autolinks and HTML, entities), and characters Markdown rewrites or
 * reads as layout (CR, NUL, tabs and the other spacing controls).
 */
const MAYBE_MARKUP = /[\\`*_[\]<>&~|\r\0\t\v\f]|:\//;
/** What a line may not start with: a quote, a list item (bulleted or numbered), a heading, an underline. */
const BLOCK_START = /^(?:[-+=#>]|\d+[.)])/;

/**
 * The renderer's HTML for a body that is plain text, or null when the body may hold markup (the
 * renderer must then read it). `linkifies` is the renderer's own test for text it would turn
 * into links (addresses, e-mail addresses), asked of each paragraph as the renderer asks it.
 */
export function plainTextHtml(body: string, linkifies: (paragraph: string) => boolean): string | null {
  if (MAYBE_MARKUP.test(body)) return null;
  const lines = body.split('\n');
  let html = '';
  let paragraph: string[] = [];
  const close = (): boolean => {
    if (!paragraph.length) return true;
    if (linkifies(paragraph.join('\n'))) return false;
    html += `<p>${paragraph.map(escapeHtml).join('<br>\n')}</p>\n`;
    paragraph = [];
    return true;
  };
  for (const line of lines) {
    if (line === '') {
      if (!close()) return null;
      continue;
    }
    // Spacing at either end of a line is layout Markdown reads (indented code, hard breaks).
    if (line.trim() !== line || BLOCK_START.test(line)) return null;
    paragraph.push(line);
  }
  if (!close()) return null;
  return html === '' ? null : html;
}
