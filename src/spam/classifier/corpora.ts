// The shipped corpora (training/spam/, see SOURCE there), each loaded as labelled examples with
// what its file says about the commenter. One list serves training (train.ts), the
// leave-one-corpus-out table (`parley spam eval --corpora`) and the CI floor test, so the three
// always agree on what a corpus is.
//
// A fixed 5 % of every corpus, chosen by a hash of the normalized text, is never trained on: the
// CI test measures the shipped model on it, so a regression fails CI rather than a benchmark.
import { readFileSync } from 'node:fs';
import {
  dedupe,
  examplesFromTable,
  loadYouTube,
  TRAINING_DIR,
  YOUTUBE_FILES,
  type Example,
  type Label,
} from './data.ts';
import { fnv1a32 } from './features.ts';

export type CorpusKind = 'two-class' | 'spam-only' | 'ham-only';

export type Corpus = {
  readonly name: string;
  readonly kind: CorpusKind;
  /** What it is, in a few words, for tables. */
  readonly about: string;
  /** The languages a site carrying such comments publishes in (the language check reads them). */
  readonly languages: readonly string[];
  /** Its files under training/spam/, with the options `parley spam eval` needs to read each. */
  readonly files: readonly { readonly file: string; readonly args: string }[];
  load(): Example[];
};

const path = (file: string) => new URL(file, TRAINING_DIR);
const read = (file: string) => readFileSync(path(file), 'utf8');

/** Every example of a file tagged with its corpus, duplicates (same text and label) dropped. */
function tagged(corpus: string, examples: Example[]): Example[] {
  return dedupe(examples.map((e) => ({ ...e, corpus, group: e.group === '' ? corpus : e.group })));
}

/** One message per line, all of one label (plain-text collections). */
export function examplesFromLines(text: string, label: Label, group: string): Example[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => ({ text: l, label, group }));
}

export const CORPORA: readonly Corpus[] = [
  {
    name: 'youtube',
    kind: 'two-class',
    about: 'YouTube Spam Collection, comments under five music videos',
    languages: ['en'],
    files: YOUTUBE_FILES.map((file) => ({ file, args: '--text-column CONTENT --label-column CLASS' })),
    // The video is the group: leave-one-video-out inside the corpus.
    load: () => tagged('youtube', YOUTUBE_FILES.flatMap(loadYouTube)),
  },
  {
    name: 'sms',
    kind: 'two-class',
    about: 'SMS Spam Collection, text messages',
    languages: ['en'],
    files: [{ file: 'SMSSpamCollection', args: '' }],
    load: () =>
      tagged(
        'sms',
        examplesFromTable(read('SMSSpamCollection'), 'sms').map((e) => ({ ...e, group: 'sms' })),
      ),
  },
  {
    name: 'instagram',
    kind: 'two-class',
    about: "comments under news outlets' Instagram posts (investment scams)",
    languages: ['en'],
    files: [{ file: 'news-instagram-scam.csv', args: '--text-column body --label-column label' }],
    load: () =>
      tagged(
        'instagram',
        examplesFromTable(read('news-instagram-scam.csv'), 'instagram', { raw: true }).map((e) => ({
          ...e,
          group: 'instagram',
        })),
      ),
  },
  {
    name: 'telegram',
    kind: 'two-class',
    about: 'Telegram group chat, Russian and English, with look-alike letters',
    languages: ['ru', 'en'],
    files: [
      { file: 'telegram-spam.txt', args: '--label spam' },
      { file: 'telegram-ham.txt', args: '--label ham' },
    ],
    load: () =>
      tagged('telegram', [
        ...examplesFromLines(read('telegram-spam.txt'), 1, 'telegram'),
        ...examplesFromLines(read('telegram-ham.txt'), 0, 'telegram'),
      ]),
  },
  {
    name: 'wordpress',
    kind: 'spam-only',
    about: "a WordPress blog's caught spam, with author, website and post title",
    languages: ['en'],
    files: [{ file: 'wordpress-blog-spam.csv', args: '--text-column body --label-column label' }],
    load: () =>
      tagged(
        'wordpress',
        examplesFromTable(read('wordpress-blog-spam.csv'), 'wordpress', { raw: true }).map((e) => ({
          ...e,
          group: 'wordpress',
        })),
      ),
  },
  {
    name: 'civil',
    kind: 'ham-only',
    about: "readers' comments under ~50 news sites' articles (Civil Comments)",
    languages: ['en'],
    files: [{ file: 'civil-comments.csv', args: '--text-column comment_text --label ham' }],
    load: () =>
      tagged(
        'civil',
        examplesFromTable(read('civil-comments.csv'), 'civil', { raw: true, textColumn: 'comment_text', label: 0 }).map(
          (e) => ({ ...e, group: 'civil' }),
        ),
      ),
  },
];

export function corpus(name: string): Corpus {
  const c = CORPORA.find((x) => x.name === name);
  if (!c) throw new Error(`no corpus "${name}" (known: ${CORPORA.map((x) => x.name).join(', ')})`);
  return c;
}

/** Whether an example belongs to the fixed 5 % slice kept out of all training (by its text's hash). */
export function inFloorSlice(e: Pick<Example, 'text'>): boolean {
  return fnv1a32(e.text.trim().toLowerCase().replace(/\s+/g, ' ')) % 20 === 0;
}

/** A corpus's examples that training may use (its floor slice removed). */
export function trainable(examples: readonly Example[]): Example[] {
  return examples.filter((e) => !inFloorSlice(e));
}
