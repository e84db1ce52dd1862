// Labelled examples from files: the two shipped collections (training/spam/) and any CSV/TSV
// with a header. Cleaning happens here, at load time, so the copied files stay verbatim.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseTable } from './csv.ts';
import type { TextExtras } from './features.ts';

export type Label = 0 | 1;
/** A file that cannot be read as labelled examples (bad column, label or quoting). */
export class DataError extends Error {}
/** One labelled comment; `group` names its source (a video, a file) for grouped cross-validation. */
export type Example = {
  text: string;
  label: Label;
  group: string;
  /** The shipped corpus it comes from (corpora.ts), when it does. */
  corpus?: string;
  extras?: TextExtras;
  author?: Author;
};
/** What a file may say about the commenter besides the text (optional columns). */
export type Author = { name?: string; email?: string; website?: string };

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decode the HTML entities these exports contain (named basics and numeric). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/**
 * What the commenter typed, recovered from YouTube's HTML export: a link element becomes its
 * visible text (YouTube turned typed timestamps, hashtags and URLs into links), <br> a line
 * break, other tags vanish, entities are decoded, and U+FEFF (present on most rows of some
 * videos but missing on most spam rows of others: an export artefact) is dropped.
 */
export function cleanText(s: string): string {
  const t = s
    .replace(/<a\b[^>]*>([\s\S]*?)<\/a>/gi, '$1')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?[a-z][^>]*>/gi, '');
  return decodeEntities(t)
    .replace(/\uFEFF/g, '')
    .trim();
}

/** Drop repeated (text, label) pairs within one source, keeping the first. */
export function dedupe(examples: Example[]): Example[] {
  const seen = new Set<string>();
  return examples.filter((e) => {
    const key = `${e.group}\u0000${e.label}\u0000${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type TableOptions = {
  textColumn?: string;
  labelColumn?: string;
  spamValue?: string;
  raw?: boolean;
  /** Every row has this label (a one-class file): no label column is read. */
  label?: Label;
};

const TEXT_NAMES = ['text', 'content', 'comment', 'comment_content', 'body', 'message', 'sms'];
const LABEL_NAMES = ['label', 'class', 'spam', 'is_spam', 'category'];
const NAME_NAMES = ['name', 'author', 'comment_author', 'author_name'];
const EMAIL_NAMES = ['email', 'author_email', 'comment_author_email'];
const WEBSITE_NAMES = ['website', 'url', 'author_url', 'comment_author_url'];
/** The page's title (Akismet's `comment_context` carries the like). */
const TITLE_NAMES = ['post', 'title', 'post_title', 'comment_context', 'context'];
const PERMALINK_NAMES = ['permalink', 'post_url', 'page_url'];

function optionalColumn(header: string[], names: string[]): string | undefined {
  return header.find((h) => names.includes(h.toLowerCase()));
}
const SPAM_VALUES = new Set(['1', 'spam', 'true']);
const HAM_VALUES = new Set(['0', 'ham', 'false']);

function pickColumn(
  header: string[],
  wanted: string | undefined,
  fallbacks: string[],
  what: string,
  file: string,
): string {
  if (wanted) {
    if (!header.includes(wanted)) throw new DataError(`${file}: no column "${wanted}" (columns: ${header.join(', ')})`);
    return wanted;
  }
  for (const name of fallbacks) {
    const hit = header.find((h) => h.toLowerCase() === name);
    if (hit) return hit;
  }
  throw new DataError(`${file}: cannot tell which column holds the ${what}; name it with --${what}-column`);
}

export function parseLabel(value: string, spamValue: string | undefined, where: string): Label {
  const v = value.trim().toLowerCase();
  if (spamValue !== undefined) return v === spamValue.trim().toLowerCase() ? 1 : 0;
  if (SPAM_VALUES.has(v)) return 1;
  if (HAM_VALUES.has(v)) return 0;
  throw new DataError(`${where}: label "${value}" is neither 1/spam/true nor 0/ham/false (use --spam-value)`);
}

/**
 * Examples from CSV or TSV text with a header row. A header-less two-column TSV whose first
 * field is ham/spam (the SMS Spam Collection's layout) is read as label, text.
 */
export function examplesFromTable(input: string, file: string, opts: TableOptions = {}): Example[] {
  const group = basename(file);
  const clean = (t: string) => (opts.raw ? t : cleanText(t));
  const firstLine = input.slice(0, input.search(/\r|\n|$/));
  if (/^(ham|spam)\t/i.test(firstLine) && !opts.textColumn && !opts.labelColumn) {
    // Quotes are literal in this layout, so split lines rather than parse CSV quoting.
    return input
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l, i) => {
        const tab = l.indexOf('\t');
        return {
          text: clean(l.slice(tab + 1)),
          label: opts.label ?? parseLabel(l.slice(0, tab), opts.spamValue, `${file}:${i + 1}`),
          group,
        };
      });
  }
  let table: ReturnType<typeof parseTable>;
  try {
    table = parseTable(input);
  } catch (err) {
    throw new DataError(`${file}: ${(err as Error).message}`);
  }
  const { header, rows } = table;
  const textCol = pickColumn(header, opts.textColumn, TEXT_NAMES, 'text', file);
  const labelCol = opts.label === undefined ? pickColumn(header, opts.labelColumn, LABEL_NAMES, 'label', file) : null;
  const [nameCol, emailCol, websiteCol, titleCol, permalinkCol] = [
    NAME_NAMES,
    EMAIL_NAMES,
    WEBSITE_NAMES,
    TITLE_NAMES,
    PERMALINK_NAMES,
  ].map((names) => optionalColumn(header, names));
  return rows.map((r, i) => {
    const e: Example = {
      text: clean(r[textCol]),
      label: labelCol === null ? opts.label! : parseLabel(r[labelCol], opts.spamValue, `${file}:${i + 2}`),
      group,
    };
    const context = titleCol ? r[titleCol]?.trim() : '';
    const permalink = permalinkCol ? r[permalinkCol]?.trim() : '';
    if (context || permalink) e.extras = { context: context || null, permalink: permalink || null };
    if (nameCol || emailCol || websiteCol) {
      e.author = {
        name: nameCol ? r[nameCol] : undefined,
        email: emailCol ? r[emailCol] : undefined,
        website: websiteCol ? r[websiteCol] : undefined,
      };
      if (e.author.website?.trim()) e.extras = { ...e.extras, authorUrl: e.author.website };
    }
    return e;
  });
}

export function loadExamples(file: string, opts: TableOptions = {}): Example[] {
  return examplesFromTable(readFileSync(file, 'utf8'), file, opts);
}

export const TRAINING_DIR = new URL('../../../training/spam/', import.meta.url);
export const YOUTUBE_FILES = [
  'Youtube01-Psy.csv',
  'Youtube02-KatyPerry.csv',
  'Youtube03-LMFAO.csv',
  'Youtube04-Eminem.csv',
  'Youtube05-Shakira.csv',
];
export const SMS_FILE = 'SMSSpamCollection';
/**
 * Each video's id and title (from the collection's description), given to the comments as
 * the `permalink` and `context` a comment form would send.
 */
export const YOUTUBE_VIDEOS: Record<string, { id: string; title: string }> = {
  'Youtube01-Psy.csv': { id: '9bZkp7q19f0', title: 'PSY - GANGNAM STYLE (강남스타일) M/V' },
  'Youtube02-KatyPerry.csv': { id: 'CevxZvSJLk8', title: 'Katy Perry - Roar (Official)' },
  'Youtube03-LMFAO.csv': { id: 'KQ6zr6kCPj8', title: 'LMFAO - Party Rock Anthem ft. Lauren Bennett, GoonRock' },
  'Youtube04-Eminem.csv': { id: 'uelHwf8o7_U', title: 'Eminem - Love The Way You Lie ft. Rihanna' },
  'Youtube05-Shakira.csv': { id: 'pRpeEdMmmQ0', title: 'Shakira - Waka Waka (This Time for Africa)' },
};

/** One shipped video's comments, CONTENT and CLASS only (never DATE: see training/spam/SOURCE). */
export function loadYouTube(file: string): Example[] {
  const path = new URL(file, TRAINING_DIR);
  const video = YOUTUBE_VIDEOS[file];
  const extras = { permalink: `https://www.youtube.com/watch?v=${video.id}`, context: video.title };
  const rows = examplesFromTable(readFileSync(path, 'utf8'), file, { textColumn: 'CONTENT', labelColumn: 'CLASS' });
  return dedupe(rows.map((e) => ({ ...e, extras })));
}

export function loadSms(): Example[] {
  const path = new URL(SMS_FILE, TRAINING_DIR);
  return dedupe(examplesFromTable(readFileSync(path, 'utf8'), SMS_FILE));
}

export function videoName(file: string): string {
  return file.replace(/^Youtube\d+-|\.csv$/g, '');
}
