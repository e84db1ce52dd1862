// WXR's first pass (wxrSource's check: the file parsed to its end, keeping nothing, counting the
// <wp:comment> records) on two cores: it must end before anything is written, and one parser
// on one core took some 9 s of a million-comment import while the other core waited. A large
// plain file is cut at an <item> near its middle; its second part is parsed on a thread of its
// own, as if it followed `<rss><channel>`, while this thread parses the first part and then
// closes what it expects to be open there (`</channel></rss>`). The parts answer for the file
// only if that closing is well-formed: the cut was then between two items of the channel, and
// outside any CDATA section or comment (whose text would swallow the closing tags). Otherwise
// the file is parsed again whole, in one part: a cut in an odd place costs time, never the answer.
// An error of the first part is the file's own; the second part's lines are counted on from the
// first part's, so a refusal names the same line either way.
import { open, stat } from 'node:fs/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ImportFormatError } from '../../core/import/source.ts';
import { isGzipped } from './json-source.ts';
import { HEAD_BYTES, isUtf8, xmlEncoding } from './xml-encoding.ts';
import { type XmlEvent, type XmlPart, xmlEvents } from './xml-stream.ts';

/** Files smaller than this are parsed in one part: a thread's start would cost more than it saves. */
export const SPLIT_ABOVE = 16 * 1024 * 1024;
/** How far past the middle an <item> is looked for (bytes). */
const WINDOW = 4 * 1024 * 1024;

type Counts = Map<string, number>;
type OpenEvent = Extract<XmlEvent, { kind: 'open' }>;
type PartAnswer =
  | { readonly counts: [string, number][] }
  | { readonly error: { readonly message: string; readonly line: number } }
  | { readonly failed: string };

/** The `<prefix:comment>` records below each <item> of the channel, by prefix (known once <rss> is read). */
async function countPart(
  file: string,
  what: string,
  part: XmlPart | null,
  onOpen: (e: OpenEvent) => void,
  onCount?: (counts: Counts) => void,
): Promise<Counts> {
  const counts: Counts = new Map();
  const events = xmlEvents(
    file,
    what,
    (name, containers) => {
      if (containers.length === 1) return name === 'channel' ? 'container' : 'skip';
      if (containers.length === 2) return name === 'item' ? 'container' : 'skip';
      if (name.endsWith(':comment')) {
        const prefix = name.slice(0, -':comment'.length);
        counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
      }
      return 'skip';
    },
    true,
    false,
    part,
  );
  for await (const batch of events) {
    for (const e of batch) if (e.kind === 'open') onOpen(e);
    onCount?.(counts);
  }
  return counts;
}

/**
 * The comment records of a WXR file by prefix, refusing what items() refuses; `onOpen` is told
 * the document's containers as they open (<rss>, <channel>, each <item>) and may throw.
 */
export async function countWxrComments(
  file: string,
  what: string,
  onOpen: (e: OpenEvent) => void,
  onCount?: (counts: Counts) => void,
  splitAbove = SPLIT_ABOVE,
): Promise<Counts> {
  const cut = await cutPoint(file, splitAbove);
  if (cut === null) return countPart(file, what, null, onOpen, onCount);
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { wxrCheckPart: { file, what, start: cut } },
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 16 },
  });
  const second = new Promise<PartAnswer>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (e) => resolve({ failed: e.message }));
    worker.once('exit', () => resolve({ failed: 'the check thread stopped' }));
  });
  let line = 0;
  let ended = false;
  let first: Counts;
  try {
    const part: XmlPart = {
      start: 0,
      end: cut,
      before: '',
      after: '</channel></rss>',
      onEnd: (l) => {
        line = l;
        ended = true;
      },
    };
    first = await countPart(file, what, part, onOpen, onCount);
  } catch (e) {
    await worker.terminate();
    if (!ended || !(e instanceof ImportFormatError)) throw e;
    // Closing the first part was not well-formed: not cut between two items after all.
    return countPart(file, what, null, onOpen, onCount);
  }
  const answer = await second;
  await worker.terminate();
  // Not the file's fault (the thread could not run): the file in one part.
  if ('failed' in answer) return countPart(file, what, null, onOpen, onCount);
  if ('error' in answer) throw new ImportFormatError(answer.error.message, `line ${answer.error.line + line - 1}`);
  for (const [prefix, n] of answer.counts) first.set(prefix, (first.get(prefix) ?? 0) + n);
  onCount?.(first);
  return first;
}

/** Where the file may be cut: the byte offset of an <item> past its middle; null for one part. */
async function cutPoint(file: string, splitAbove: number): Promise<number | null> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    // The one-part parse tells what is wrong with it.
    return null;
  }
  if (size < splitAbove || (await isGzipped(file))) return null;
  const middle = Math.floor(size / 2);
  const handle = await open(file, 'r');
  try {
    // The second part is read as UTF-8 (it has no declaration of its own): a file in another
    // encoding is read in one part.
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead: headRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    if (!isUtf8(xmlEncoding(head.subarray(0, headRead)))) return null;
    const window = Buffer.alloc(Math.min(WINDOW, size - middle));
    const { bytesRead } = await handle.read(window, 0, window.length, middle);
    const at = window.subarray(0, bytesRead).indexOf('<item>');
    return at < 0 ? null : middle + at;
  } finally {
    await handle.close();
  }
}

/** The second part, on its thread: its counts, or its error with the line in the part. */
async function countSecondPart(file: string, what: string, start: number): Promise<PartAnswer> {
  const part: XmlPart = { start, end: null, before: '<rss><channel>', after: '' };
  try {
    return { counts: [...(await countPart(file, what, part, () => undefined))] };
  } catch (e) {
    if (!(e instanceof ImportFormatError)) return { failed: e instanceof Error ? e.message : String(e) };
    const line = Number(/^line (\d+)$/.exec(e.at)?.[1]);
    return { error: { message: e.message.slice(e.at.length + 2), line } };
  }
}

const job = isMainThread
  ? undefined
  : (workerData as { wxrCheckPart?: { file: string; what: string; start: number } } | null)?.wxrCheckPart;
if (job) parentPort!.postMessage(await countSecondPart(job.file, job.what, job.start));
