// Other systems' comment bodies in our comment Markdown, for imports: the text a moderator or
// its author later edits is Markdown like every other comment's, and it is rendered by the same
// path as a posted comment. HTML keeps paragraphs, line breaks, links, emphasis, code, quotes
// and lists; any other markup is left out and its text kept. Safety is not this file's job (the
// renderer and the sanitizer after it are): its job is that what comes out reads as the source did.
//
// Text nodes keep their newlines, WordPress's way (a blank line a paragraph, a newline a line
// break): WordPress stores comments that way, and other systems' HTML has its newlines between
// block tags, where they change nothing.
import { type Attrs, type Sink, tokenize } from './sanitize.ts';
import { allowedHref } from './url.ts';

/** Inside a line: what Markdown (or markdown-it's entity decoding) would read as markup. */
const INLINE_SPECIAL = /[\\`*_[\]<>~|]|&(?=#?[A-Za-z0-9]+;)/g;
/** At the start of a line: what would open a list item, a heading or a setext underline. */
const LINE_START = /^([#+=-]|\d{1,9}[.)])/;

/** Plain text as Markdown that renders as that text. */
function escapeInline(text: string): string {
  return text.replace(INLINE_SPECIAL, '\\$&');
}
function escapeLineStart(text: string): string {
  return text.replace(LINE_START, (m) => (m.length === 1 ? `\\${m}` : `${m.slice(0, -1)}\\${m.slice(-1)}`));
}

/** A body that is plain text (no markup at all), as Markdown: every line as it was. */
export function textToMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeLineStart(escapeInline(line.replace(/^[ \t]+/, '').replace(/[ \t]+/g, ' '))))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

type Block = { kind: 'quote' } | { kind: 'list'; ordered: boolean; next: number } | { kind: 'item'; marker: string };
/** An open inline element: its Markdown, written just before the first text inside it (so an empty one leaves nothing). */
type Inline = { open: string; close: string; written: boolean };

const EMPHASIS: Record<string, string> = {
  em: '*',
  i: '*',
  cite: '*',
  strong: '**',
  b: '**',
  del: '~~',
  s: '~~',
  strike: '~~',
};
const CODE = new Set(['code', 'tt', 'kbd', 'samp']);
const PARAGRAPH = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'figure',
  'figcaption',
  'table',
  'tr',
  'dl',
  'dt',
  'dd',
  'hr',
  'center',
  'address',
]);
/** Elements whose content is not text a reader saw (the sanitizer drops them the same way). */
const DROP = new Set(['object', 'template', 'svg', 'math', 'head']);

class MarkdownWriter implements Sink {
  readonly #out: string[] = [];
  #started = false;
  #lineOpen = false;
  /** Newlines owed before the next text: 1 a line break, 2 a blank line (a new paragraph). */
  #owed = 0;
  readonly #blocks: Block[] = [];
  /** Items whose first line (the one with the marker) is still to be written. */
  readonly #freshItems = new Set<Block>();
  readonly #inline: Inline[] = [];
  /** Text of an open <code> or <pre>, written whole at its end (its fence depends on what it holds). */
  #code: string | null = null;
  #pre: string | null = null;
  #drop = '';
  #dropDepth = 0;

  text(s: string): void {
    if (this.#dropDepth) return;
    if (this.#pre !== null) {
      this.#pre += s;
      return;
    }
    if (this.#code !== null) {
      this.#code += s;
      return;
    }
    const paragraphs = s.split(/\n[ \t]*\n\s*/);
    paragraphs.forEach((para, p) => {
      if (p > 0) this.#owe(2);
      para.split('\n').forEach((line, l) => {
        if (l > 0) this.#owe(1);
        this.#words(line.replace(/[ \t\f\r]+/g, ' '));
      });
    });
  }

  start(name: string, attrs: Attrs, selfClosing: boolean): void {
    if (this.#dropDepth) {
      if (name === this.#drop && !selfClosing) this.#dropDepth++;
      return;
    }
    if (DROP.has(name)) {
      if (!selfClosing) [this.#drop, this.#dropDepth] = [name, 1];
      return;
    }
    if (this.#pre !== null) return;
    if (name === 'br') this.#owe(1);
    else if (name === 'pre') {
      this.#block(2);
      this.#pre = '';
    } else if (CODE.has(name)) {
      if (this.#code === null) this.#code = '';
    } else if (name in EMPHASIS) this.#inline.push({ open: EMPHASIS[name], close: EMPHASIS[name], written: false });
    else if (name === 'a') {
      const href = this.#inline.some((i) => i.open === '[') ? null : allowedHref(attrs.get('href') ?? '');
      this.#inline.push(
        href
          ? {
              open: '[',
              close: `](${href.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`,
              written: false,
            }
          : { open: '', close: '', written: false },
      );
    } else if (name === 'blockquote') {
      this.#block(2);
      this.#blocks.push({ kind: 'quote' });
    } else if (name === 'ul' || name === 'ol') {
      const parsed = Number.parseInt(attrs.get('start') ?? '1', 10);
      const start = name === 'ol' && Number.isFinite(parsed) && parsed >= 0 ? parsed : 1;
      // In an item a list may follow its text on the next line, unless it is numbered from
      // other than 1 (Markdown then reads it as text): a blank line before it.
      this.#block(this.#blocks.some((b) => b.kind === 'item') && start === 1 ? 1 : 2);
      this.#blocks.push({ kind: 'list', ordered: name === 'ol', next: start });
    } else if (name === 'li') this.#item();
    else if (PARAGRAPH.has(name)) this.#block(2);
    else if (name === 'td' || name === 'th') this.#words(' ');
  }

  end(name: string): void {
    if (this.#dropDepth) {
      if (name === this.#drop) this.#dropDepth--;
      return;
    }
    if (name === 'pre' && this.#pre !== null) this.#fence(this.#pre);
    else if (this.#pre !== null) return;
    else if (CODE.has(name) && this.#code !== null) this.#codeSpan(this.#code);
    else if (name in EMPHASIS || name === 'a') {
      const i = this.#inline.findLastIndex((x) =>
        name === 'a' ? x.open === '[' || x.open === '' : x.open === EMPHASIS[name],
      );
      if (i >= 0) {
        // Closing out of order (<b><i>x</b>): what opened after it closes first, as a parser would.
        for (const x of this.#inline.splice(i).reverse()) if (x.written) this.#emitClose(x.close);
      }
    } else if (name === 'blockquote') this.#pop('quote', 2);
    else if (name === 'ul' || name === 'ol') this.#pop('list', this.#blocks.some((b) => b.kind === 'item') ? 1 : 2);
    else if (name === 'li') this.#pop('item', 1, true);
    else if (PARAGRAPH.has(name)) this.#block(2);
  }

  finish(): string {
    if (this.#pre !== null) this.#fence(this.#pre);
    if (this.#code !== null) this.#codeSpan(this.#code);
    this.#closeInline();
    return this.#out
      .join('')
      .replace(/[ \t]+$/gm, '')
      .trim();
  }

  /** Words of one line: leading spaces dropped at the start of a line, Markdown escaped. */
  #words(s: string): void {
    let text = s;
    if (!this.#lineOpen) text = text.replace(/^ +/, '');
    if (!text) return;
    const lead = text.startsWith(' ') ? ' ' : '';
    if (lead) text = text.slice(1);
    if (lead && this.#lineOpen) this.#emit(' ');
    if (!text) return;
    const atStart = !this.#lineOpen;
    for (const x of this.#inline)
      if (!x.written) {
        this.#emit(x.open);
        x.written = true;
      }
    const escaped = escapeInline(text);
    this.#emit(atStart && !this.#inline.some((x) => x.open) ? escapeLineStart(escaped) : escaped);
  }

  #owe(n: 1 | 2): void {
    if (this.#started) this.#owed = Math.max(this.#owed, n);
    this.#lineOpen = false;
  }

  /** A block boundary: open inline markup is closed before it and reopened after (Markdown's emphasis does not cross blocks). */
  #block(n: 1 | 2): void {
    this.#closeInline();
    this.#owe(n);
  }

  #closeInline(): void {
    for (const x of [...this.#inline].reverse())
      if (x.written) {
        this.#emitClose(x.close);
        x.written = false;
      }
  }

  #item(): void {
    if (this.#blocks.at(-1)?.kind === 'item') this.#pop('item', 1, true);
    const list = this.#blocks.at(-1);
    this.#block(1);
    if (list?.kind !== 'list') return; // an item outside a list: a line of its own
    const marker = list.ordered ? `${list.next++}. ` : '- ';
    const item: Block = { kind: 'item', marker };
    this.#blocks.push(item);
    this.#freshItems.add(item);
  }

  /** Closes the innermost block of a kind (and any left open inside it). */
  #pop(kind: Block['kind'], owe: 1 | 2, onlyIfTop = false): void {
    const i = this.#blocks.findLastIndex((b) => b.kind === kind);
    if (i < 0 || (onlyIfTop && i !== this.#blocks.length - 1)) return;
    this.#block(owe);
    for (const b of this.#blocks.splice(i)) this.#freshItems.delete(b);
  }

  #codeSpan(code: string): void {
    this.#code = null;
    const text = code.replace(/\s+/g, ' ');
    if (!text.trim()) return;
    const ticks = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length)) + 1);
    const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
    for (const x of this.#inline)
      if (!x.written) {
        this.#emit(x.open);
        x.written = true;
      }
    this.#emit(`${ticks}${pad}${text}${pad}${ticks}`);
  }

  #fence(code: string): void {
    this.#pre = null;
    const text = code.replace(/^\n+|\s+$/g, '');
    if (text) {
      const fence = '`'.repeat(Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length)) + 1);
      this.#owe(2);
      for (const line of [fence, ...text.split('\n'), fence]) {
        this.#emit(line);
        this.#owe(1);
      }
    }
    this.#owe(2);
  }

  /** A closer goes before the spaces that ended its text: "*word* ", never "*word *" (which is no emphasis). */
  #emitClose(close: string): void {
    const last = this.#out.length - 1;
    const spaces = last >= 0 ? (/[ ]+$/.exec(this.#out[last])?.[0] ?? '') : '';
    if (spaces) this.#out[last] = this.#out[last].slice(0, -spaces.length);
    this.#emit(close + spaces);
  }

  #emit(s: string): void {
    if (!this.#lineOpen) this.#newLine();
    this.#out.push(s);
  }

  #newLine(): void {
    if (this.#started) {
      const quotes = this.#blocks.filter((b) => b.kind === 'quote').length;
      if (this.#owed === 2) this.#out.push(`\n${'>'.repeat(quotes)}`);
      this.#out.push('\n');
    }
    let prefix = '';
    for (const b of this.#blocks) {
      if (b.kind === 'quote') prefix += '> ';
      else if (b.kind === 'item') {
        prefix += this.#freshItems.has(b) ? b.marker : ' '.repeat(b.marker.length);
        this.#freshItems.delete(b);
      }
    }
    this.#out.push(prefix);
    this.#started = true;
    this.#lineOpen = true;
    this.#owed = 0;
  }
}

/** A comment's HTML (as WordPress, Disqus and others store it) as our comment Markdown. */
export function htmlToMarkdown(html: string): string {
  return plainParagraphs(html) ?? htmlToMarkdownFull(html);
}

/** The conversion itself, without the shortcut for plain paragraphs (which is tested against it). */
export function htmlToMarkdownFull(html: string): string {
  const writer = new MarkdownWriter();
  tokenize(html.replace(/\r\n?/g, '\n'), writer);
  return writer.finish();
}

/**
 * In a line of a plain paragraph: no other tag, no entity, no NUL, no spacing but spaces, and no
 * U+2028/U+2029 (the writer's last step reads them as line ends and trims spaces before them).
 */
const NOT_PLAIN = /[<&\0\n\r\t\f\v\u2028\u2029]/;

/**
 * Most imported comments are plain text in paragraphs and line breaks, and nothing else: what
 * WordPress's own comments become (wpCommentHtml), `<p>a<br>\nb</p>\n<p>c</p>`. Their Markdown
 * is what the writer would give (each line's spaces collapsed, its start and end trimmed, its
 * text escaped; lines one a line, paragraphs a blank line apart) without tokenizing them.
 * Null for anything else, and for an empty line (the writer's rules for those are its own).
 */
function plainParagraphs(html: string): string | null {
  if (!html.startsWith('<p>') || !html.endsWith('</p>')) return null;
  const paragraphs = html.slice(3, -4).split('</p>\n<p>');
  const out: string[] = [];
  for (const p of paragraphs) {
    const lines = p.split('<br>\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (NOT_PLAIN.test(line)) return null;
      const words = line.replace(/ {2,}/g, ' ').replace(/^ /, '');
      if (!words.trim()) return null;
      lines[i] = escapeLineStart(escapeInline(words)).replace(/ +$/, '');
    }
    out.push(lines.join('\n'));
  }
  return out.join('\n\n').trim();
}
