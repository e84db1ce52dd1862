// Comment Markdown -> HTML. A deliberately small Markdown: no raw HTML, headings, rules, tables or
// images; links are checked against the scheme allowlist after parsing, and the HTML that comes out
// is always passed through sanitizeHtml as a second, independent line of defence.
import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { escapeHtml } from './escape.ts';
import { sanitizeHtml } from './sanitize.ts';
import { allowedHref, LINK_REL } from './url.ts';
import { plainTextHtml } from './plain-text.ts';
import { RenderPool } from './render-pool.ts';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// Images are not parsed: `![alt](url)` reads as a '!' followed by an ordinary link, so it renders as
// "!" + a link (text = alt) when the URL is allowed, else as "!alt". No <img> can ever be produced.
md.disable(['heading', 'lheading', 'hr', 'table', 'image']);
// Parse every destination; the allowlist below decides after parsing. (markdown-it's default
// validateLink is a blocklist, and refusing at parse time would show the raw "[x](...)" syntax.)
md.validateLink = () => true;

function filterLinks(children: Token[]): Token[] {
  const kept: Token[] = [];
  const decisions: boolean[] = []; // one per open link: was it kept?
  for (const token of children) {
    if (token.type === 'link_open') {
      const href = allowedHref(String(token.attrGet('href') ?? ''));
      decisions.push(href !== null);
      if (href === null) continue; // the link's children stay: it renders as its text
      token.attrs = [
        ['href', href],
        ['rel', LINK_REL],
      ];
    } else if (token.type === 'link_close') {
      if (decisions.pop() !== true) continue;
    } else if (token.type === 's_open' || token.type === 's_close') {
      token.tag = 'del';
    }
    kept.push(token);
  }
  return kept;
}

md.core.ruler.push('parley_links', (state: StateCore) => {
  for (const token of state.tokens) {
    if (token.type === 'inline' && token.children) token.children = filterLinks(token.children);
  }
});

const codeBlock = (tokens: Token[], idx: number): string =>
  `<pre><code>${escapeHtml(tokens[idx].content)}</code></pre>\n`;
md.renderer.rules.fence = codeBlock; // no language class from the info string
md.renderer.rules.code_block = codeBlock;
// Unreachable while the image rule is disabled; kept so an image token could only ever become text.
md.renderer.rules.image = (tokens, idx) => escapeHtml(tokens[idx].content);

/** The text markdown-it would turn into links (asked of each paragraph, as its linkify rule asks). */
const linkifies = (text: string): boolean => md.linkify.test(text);

/** Renders comment Markdown synchronously (cost grows with input; see renderComment for the cap). */
export function renderMarkdownSync(body: string): string {
  return plainTextHtml(body, linkifies) ?? renderFullSync(body);
}

/** The renderer itself, without the shortcut for plain text (which is tested against it). */
export function renderFullSync(body: string): string {
  return sanitizeHtml(md.render(body));
}

/** The degraded rendering: escaped text, paragraphs on blank lines, single newlines as <br>. */
export function renderPlain(body: string): string {
  const text = body.replace(/\r\n?/g, '\n').replace(/\0/g, '\ufffd');
  const paragraphs = text.split(/\n[\t ]*(?:\n[\t ]*)+/).filter((p) => p.trim() !== '');
  return paragraphs.map((p) => `<p>${escapeHtml(p.replace(/^\n+|\n+$/g, '')).replace(/\n/g, '<br>\n')}</p>\n`).join('');
}

export interface RenderOptions {
  /** Time budget for one worker render, in ms (default: the value given to setRenderBudget, 250). */
  budgetMs?: number;
}

/** Bodies up to this many UTF-16 code units render on the calling thread. */
export const INLINE_RENDER_LIMIT = 2000;
let defaultBudgetMs = 250;
let pool: RenderPool | null = null;

/** Sets the default per-comment time budget for worker renders. */
export function setRenderBudget(ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`render budget must be a positive number of ms, got ${ms}`);
  defaultBudgetMs = ms;
}

function renderInThread(body: string): string {
  try {
    return renderMarkdownSync(body);
  } catch {
    return renderPlain(body);
  }
}

/**
 * Renders a comment. Short bodies render in-thread; longer ones in a worker pool under a time budget.
 * When the budget is exceeded (or a worker fails) the result is renderPlain(body): never lost or cut.
 */
export async function renderComment(body: string, options: RenderOptions = {}): Promise<string> {
  if (body.length <= INLINE_RENDER_LIMIT) return renderInThread(body);
  pool ??= new RenderPool(new URL('./render-worker.ts', import.meta.url));
  const html = await pool.run(body, options.budgetMs ?? defaultBudgetMs);
  return html ?? renderPlain(body);
}

/** Terminates the worker pool (pending renders resolve with the plain rendering). Safe to call twice. */
export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.close();
}
