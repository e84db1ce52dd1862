// Files named on `parley spam eval`'s command line, each read its own way:
//   FILE[?OPTION=VALUE&…]   OPTION: text-column, label-column, spam-value, label (spam|ham), raw
// The options are the eval command's flags without their dashes, so a file's mapping reads the
// same wherever it is written (`--train-on 'a.csv?text-column=body&label-column=verdict'`).
// A .txt file is one comment per line, all of the class its `label` names.
//
// A file that is one of the shipped corpora's (training/spam/, corpora.ts), with that corpus's
// mapping or none, is read exactly as corpora.ts reads it (its cleaning, page context,
// duplicates dropped, its corpus named), so a command printed by `parley spam eval --corpora`
// gives the figures of its table; when trained on, its fixed floor slice stays out, as it does
// from every training.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainModel } from './classifier/fit.ts';
import type { SpamModel } from './classifier/model.ts';
import { CORPORA, examplesFromLines, trainable, type Corpus } from './classifier/corpora.ts';
import {
  DataError,
  dedupe,
  loadExamples,
  TRAINING_DIR,
  type Example,
  type Label,
  type TableOptions,
} from './classifier/data.ts';

export type FileSpec = { readonly path: string; readonly options: TableOptions };
export type LoadedFile = {
  readonly spec: FileSpec;
  readonly examples: Example[];
  /** The shipped corpus the file is part of (read as corpora.ts reads it unless its mapping differs). */
  readonly corpus: Corpus | null;
  /** Its name among that corpus's files. */
  readonly file: string | null;
};

const KEYS = ['text-column', 'label-column', 'spam-value', 'label', 'raw'] as const;
type Key = (typeof KEYS)[number];

export function parseClass(value: string, where: string): Label {
  const v = value.trim().toLowerCase();
  if (v === 'spam' || v === '1') return 1;
  if (v === 'ham' || v === '0') return 0;
  throw new DataError(`${where}: label must be spam or ham, not "${value}"`);
}

function setOption(options: TableOptions, key: Key, value: string, where: string): void {
  if (key === 'text-column') options.textColumn = value;
  else if (key === 'label-column') options.labelColumn = value;
  else if (key === 'spam-value') options.spamValue = value;
  else if (key === 'label') options.label = parseClass(value, where);
  else options.raw = value === '' || value === '1' || value === 'true';
}

/** A command-line file argument; `defaults` (the command's own flags) fill what it does not say. */
export function parseFileSpec(arg: string, defaults: TableOptions = {}): FileSpec {
  // A path that exists as written is a path, even with a "?" in its name.
  const q = existsSync(arg) ? -1 : arg.indexOf('?');
  const options: TableOptions = { ...defaults };
  if (q < 0) return { path: arg, options };
  for (const pair of arg.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    if (!(KEYS as readonly string[]).includes(key))
      throw new DataError(`${arg}: unknown option "${key}" (known: ${KEYS.join(', ')})`);
    if (value === '' && key !== 'raw') throw new DataError(`${arg}: "${key}" needs a value`);
    setOption(options, key as Key, value, arg);
  }
  return { path: arg.slice(0, q), options };
}

/** The query a corpus file's `args` (`--text-column body --label spam`) stand for. */
export function queryOf(args: string): string {
  const words = args.split(/\s+/).filter(Boolean);
  const pairs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const key = words[i].replace(/^--/, '');
    const value = words[i + 1] !== undefined && !words[i + 1].startsWith('--') ? words[++i] : '';
    pairs.push(value === '' ? key : `${key}=${encodeURIComponent(value)}`);
  }
  return pairs.join('&');
}

/** A shipped corpus file as an argument: its path from the working directory, its mapping. */
export function corpusFileArg(file: { file: string; args: string }): string {
  const path = relative(process.cwd(), fileURLToPath(new URL(file.file, TRAINING_DIR)));
  const query = queryOf(file.args);
  return query ? `${path}?${query}` : path;
}

const shellSafe = (arg: string) => (/^[\w./=,:@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/** A command line a reader can paste into a shell. */
export const commandLine = (args: readonly string[]) => args.map(shellSafe).join(' ');

const loaded = new WeakMap<Corpus, Example[]>();
/** A corpus's examples, loaded once per process (the larger ones take a second). */
export function examplesOfCorpus(c: Corpus): Example[] {
  let examples = loaded.get(c);
  if (!examples) {
    examples = c.load();
    loaded.set(c, examples);
  }
  return examples;
}

const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));
const sameOptions = (a: TableOptions, b: TableOptions) =>
  (['textColumn', 'labelColumn', 'spamValue', 'label'] as const).every((k) => a[k] === b[k]) && !a.raw === !b.raw;

/** The shipped corpus file at a path, whatever mapping it is read with. */
export function corpusFileAt(path: string): { corpus: Corpus; file: string; args: string } | null {
  const at = real(path);
  for (const corpus of CORPORA)
    for (const f of corpus.files)
      if (real(fileURLToPath(new URL(f.file, TRAINING_DIR))) === at) return { corpus, file: f.file, args: f.args };
  return null;
}

/** Whether a spec reads a shipped corpus file as the corpus does: with its mapping, or none. */
function readsAsCorpus(spec: FileSpec, args: string): boolean {
  const none = Object.values(spec.options).every((v) => v === undefined || v === false);
  return none || sameOptions(spec.options, parseFileSpec(`x?${queryOf(args)}`).options);
}

/** Examples of a file as its own mapping reads it, not as a corpus. */
function plainExamples(spec: FileSpec): Example[] {
  if (!spec.path.toLowerCase().endsWith('.txt')) return loadExamples(spec.path, spec.options);
  if (spec.options.label === undefined)
    throw new DataError(`${spec.path}: a .txt file is one comment per line; name its class with --label spam|ham`);
  return examplesFromLines(readFileSync(spec.path, 'utf8'), spec.options.label, basename(spec.path));
}

/** Which of a corpus's examples came from one of its files. */
function fromFile(c: Corpus, file: string, args: string, all: Example[]): Example[] {
  if (c.files.length === 1) return all;
  if (all.some((e) => e.group === file)) return all.filter((e) => e.group === file);
  // Files sharing one group (a corpus's two one-class files): keep what this file holds.
  const own = plainExamples(parseFileSpec(`${fileURLToPath(new URL(file, TRAINING_DIR))}?${queryOf(args)}`));
  const keys = new Set(own.map((e) => `${e.label}\u0000${e.text}`));
  return all.filter((e) => keys.has(`${e.label}\u0000${e.text}`));
}

export function loadFile(spec: FileSpec): LoadedFile {
  const shipped = corpusFileAt(spec.path);
  if (!shipped) return { spec, corpus: null, file: null, examples: plainExamples(spec) };
  const { corpus, file, args } = shipped;
  const examples = readsAsCorpus(spec, args)
    ? fromFile(corpus, file, args, examplesOfCorpus(corpus))
    : plainExamples(spec);
  return { spec, corpus, file, examples };
}

/** What training may use of a loaded file: a shipped corpus's floor slice never. */
export const forTraining = (f: LoadedFile): Example[] => (f.corpus ? trainable(f.examples) : f.examples);

/** A model trained now; every path that trains for an evaluation comes through here. */
export const trainOn = (examples: Example[], seed: number): SpamModel => trainModel(dedupe(examples), { seed });
