// Allowlist HTML sanitizer without a DOM: a small HTML tokenizer (modelled on the WHATWG tokenizer
// states, linear time) feeding a tree builder that only ever emits allowed tags, escaped text and
// attributes it constructs itself. The output is well-formed under this builder's own content rules
// (so re-sanitizing it is a no-op) and nests the way an HTML parser would read it back.
import { escapeHtml } from './escape.ts';
import { decodeEntities } from './entities.ts';
import { allowedHref, LINK_REL } from './url.ts';

export type Attrs = Map<string, string>;

export interface Sink {
  text(s: string): void;
  start(name: string, attrs: Attrs, selfClosing: boolean): void;
  end(name: string): void;
}

const INLINE: ReadonlySet<string> = new Set(['a', 'em', 'strong', 'code', 'del']);
const BLOCK: ReadonlySet<string> = new Set(['p', 'pre', 'blockquote', 'ul', 'ol', 'li']);
/** Elements whose content the tokenizer swallows up to the matching end tag (raw text / RCDATA). */
const RAW_TEXT: ReadonlySet<string> = new Set([
  'script',
  'style',
  'iframe',
  'textarea',
  'title',
  'noscript',
  'xmp',
  'noembed',
  'noframes',
]);
/** Elements whose (tokenized) content the builder discards, counting nesting of the same name. */
const DROP_CONTENT: ReadonlySet<string> = new Set(['object', 'template', 'svg', 'math']);
/** Deeper start tags are dropped (their text kept); bounds the output's nesting for browsers. */
const MAX_DEPTH = 256;

const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

interface Tag {
  name: string;
  attrs: Attrs;
  selfClosing: boolean;
  /** Index just past the closing '>', or -1 when the input ended inside the tag. */
  next: number;
}

/** Reads a tag starting at the name (src[pos] is its first letter). */
function readTag(src: string, pos: number): Tag {
  const n = src.length;
  let i = pos;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (isSpace(c) || c === 47 /* / */ || c === 62 /* > */) break;
    i++;
  }
  const name = asciiLower(src.slice(pos, i)).replace(/\0/g, '\ufffd');
  const attrs: Attrs = new Map();
  let selfClosing = false;
  while (i < n) {
    let c = src.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 62) return { name, attrs, selfClosing, next: i + 1 };
    if (c === 47) {
      selfClosing = src.charCodeAt(i + 1) === 62;
      i++;
      continue;
    }
    selfClosing = false;
    // Attribute name: a leading '=' belongs to the name, as in the spec.
    const nameStart = i++;
    while (i < n) {
      c = src.charCodeAt(i);
      if (isSpace(c) || c === 47 || c === 62 || c === 61 /* = */) break;
      i++;
    }
    const attrName = asciiLower(src.slice(nameStart, i));
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    let value = '';
    if (src.charCodeAt(i) === 61) {
      i++;
      while (i < n && isSpace(src.charCodeAt(i))) i++;
      const q = src.charCodeAt(i);
      if (q === 34 || q === 39) {
        const close = src.indexOf(q === 34 ? '"' : "'", i + 1);
        if (close < 0) return { name, attrs, selfClosing, next: -1 };
        value = src.slice(i + 1, close);
        i = close + 1;
      } else if (q !== 62) {
        const start = i;
        while (i < n && !isSpace(src.charCodeAt(i)) && src.charCodeAt(i) !== 62) i++;
        value = src.slice(start, i);
      }
    }
    // Duplicate attributes: the first one wins.
    if (!attrs.has(attrName)) attrs.set(attrName, decodeEntities(value).replace(/\0/g, '\ufffd'));
  }
  return { name, attrs, selfClosing, next: -1 };
}

/** End of a comment body starting at `from` ('-->' or '--!>'), or -1. Linear overall. */
function commentEnd(src: string, from: number): number {
  let j = from;
  for (;;) {
    j = src.indexOf('--', j);
    if (j < 0) return -1;
    if (src.charCodeAt(j + 2) === 62) return j + 3;
    if (src.charCodeAt(j + 2) === 33 && src.charCodeAt(j + 3) === 62) return j + 4;
    j++;
  }
}

/** Index just past the end tag closing raw-text element `name`, or -1 (the content runs to EOF). */
function rawTextEnd(src: string, from: number, name: string): number {
  let j = from;
  for (;;) {
    j = src.indexOf('</', j);
    if (j < 0) return -1;
    const after = src.charCodeAt(j + 2 + name.length);
    if (
      asciiLower(src.slice(j + 2, j + 2 + name.length)) === name &&
      (isSpace(after) || after === 47 || after === 62)
    ) {
      return readTag(src, j + 2).next;
    }
    j += 2;
  }
}

/** Feeds `src` to `sink` as text, start and end tags (comments, doctypes and raw-text elements left out). */
export function tokenize(src: string, sink: Sink): void {
  const n = src.length;
  let textStart = 0;
  let i = 0;
  const flush = (end: number): void => {
    if (end > textStart) sink.text(decodeEntities(src.slice(textStart, end)));
  };
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) break;
    const c = src.charCodeAt(lt + 1);
    let next: number;
    if (isAlpha(c)) {
      const tag = readTag(src, lt + 1);
      flush(lt);
      if (tag.next < 0) return; // EOF inside a tag: the tag is discarded
      next = tag.next;
      if (RAW_TEXT.has(tag.name)) next = rawTextEnd(src, next, tag.name);
      else sink.start(tag.name, tag.attrs, tag.selfClosing);
    } else if (c === 47 /* / */ && isAlpha(src.charCodeAt(lt + 2))) {
      const tag = readTag(src, lt + 2);
      flush(lt);
      if (tag.next < 0) return;
      next = tag.next;
      sink.end(tag.name);
    } else if (c === 33 /* ! */ && src.startsWith('<!--', lt)) {
      flush(lt);
      const a = src.charCodeAt(lt + 4);
      if (a === 62)
        next = lt + 5; // <!-->
      else if (a === 45 && src.charCodeAt(lt + 5) === 62)
        next = lt + 6; // <!--->
      else next = commentEnd(src, lt + 4);
    } else if (c === 33 || c === 63 /* ? */ || c === 47) {
      // Doctype, CDATA, processing instruction, '</>' or '</' + non-letter: bogus comment up to '>'.
      flush(lt);
      const gt = src.indexOf('>', lt + 2);
      next = gt < 0 ? -1 : gt + 1;
    } else {
      i = lt + 1; // a literal '<' stays part of the text
      continue;
    }
    if (next < 0) return;
    i = textStart = next;
  }
  flush(n);
}

/** Builds the output from tokens, keeping it well-formed under the allowlist's content rules. */
class Builder implements Sink {
  private readonly out: string[] = [];
  private readonly stack: string[] = [];
  /** How many of each element are open, so stray closers cost O(1) instead of a stack scan. */
  private readonly open = new Map<string, number>();
  private dropName = '';
  private dropDepth = 0;

  text(s: string): void {
    if (this.dropDepth > 0) return;
    const t = s.indexOf('\0') < 0 ? s : s.replace(/\0/g, '');
    if (t !== '') this.out.push(escapeHtml(t));
  }

  start(name: string, attrs: Attrs, selfClosing: boolean): void {
    const foreignEmpty = selfClosing && (name === 'svg' || name === 'math');
    if (this.dropDepth > 0) {
      if (name === this.dropName && !foreignEmpty) this.dropDepth++;
      return;
    }
    if (DROP_CONTENT.has(name)) {
      if (!foreignEmpty) {
        this.dropName = name;
        this.dropDepth = 1;
      }
      return;
    }
    if (name === 'br') {
      this.out.push('<br>');
      return;
    }
    if (INLINE.has(name)) this.startInline(name, attrs);
    else if (BLOCK.has(name)) this.startBlock(name, attrs);
    // Any other tag (embed included) is dropped; its text content still flows through.
  }

  end(name: string): void {
    if (this.dropDepth > 0) {
      if (name === this.dropName) this.dropDepth--;
      return;
    }
    if (!INLINE.has(name) && !BLOCK.has(name)) return;
    if (this.isOpen(name)) this.closeTo(this.stack.lastIndexOf(name)); // else a stray closer: dropped
  }

  finish(): string {
    this.closeTo(0);
    return this.out.join('');
  }

  private isOpen(name: string): boolean {
    return (this.open.get(name) ?? 0) > 0;
  }

  private closeTo(depth: number): void {
    while (this.stack.length > depth) {
      const name = this.stack.pop() as string;
      this.open.set(name, (this.open.get(name) ?? 1) - 1);
      this.out.push(`</${name}>`);
    }
  }

  private top(): string | undefined {
    return this.stack[this.stack.length - 1];
  }

  private startInline(name: string, attrs: Attrs): void {
    if (name !== 'a') {
      this.push(name, '');
      return;
    }
    const href = allowedHref(attrs.get('href') ?? '');
    if (href === null) return; // an <a> without an allowed href becomes its text content
    if (this.isOpen('a')) this.closeTo(this.stack.lastIndexOf('a')); // links do not nest
    this.push('a', ` href="${escapeHtml(href)}" rel="${LINK_REL}"`);
  }

  private startBlock(name: string, attrs: Attrs): void {
    // Inline elements and paragraphs (and <pre>) hold only phrasing content.
    while (INLINE.has(this.top() ?? '')) this.closeTo(this.stack.length - 1);
    if (this.top() === 'p' || this.top() === 'pre') this.closeTo(this.stack.length - 1);
    if (name === 'li') {
      if (this.top() === 'li') this.closeTo(this.stack.length - 1);
      if (this.top() !== 'ul' && this.top() !== 'ol') return; // a list item outside a list: tag dropped
    }
    let extra = '';
    if (name === 'ol') {
      const start = (attrs.get('start') ?? '').replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
      if (/^-?[0-9]{1,9}$/.test(start)) extra = ` start="${Number(start)}"`;
    }
    this.push(name, extra);
  }

  private push(name: string, attrText: string): void {
    if (this.stack.length >= MAX_DEPTH) return;
    this.stack.push(name);
    this.open.set(name, (this.open.get(name) ?? 0) + 1);
    this.out.push(`<${name}${attrText}>`);
  }
}

/**
 * Sanitizes untrusted HTML to the comment allowlist: p, br, a[href] (http/https/mailto; rel forced),
 * em, strong, code, pre, blockquote, ul, ol[start], li, del. Idempotent; output is well-formed.
 */
export function sanitizeHtml(html: string): string {
  const builder = new Builder();
  tokenize(html.replace(/\r\n?/g, '\n'), builder);
  return builder.finish();
}
