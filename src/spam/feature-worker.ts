// Worker thread of the feature pool (feature-pool.ts): the pure, costly part of checking a
// comment — its hashed feature vector and its language — away from the thread serving HTTP.
//
// A batch's answers go back in chunks of about CHUNK_MS of work, so the serving thread writes
// the first responses while the rest are computed. The messages' shape is feature-wire.ts.
import { parentPort } from 'node:worker_threads';
import { vectorize, type SparseVector } from './classifier/features.ts';
import { detectLanguage } from './checks/language.ts';
import { FAILED, REPLY_HEADER, REQUEST_STRIDE, type FeatureBatch, type FeatureReply } from './feature-wire.ts';

const CHUNK_MS = 1;

const languageLists = new Map<string, string[]>();
function languagesOf(joined: string): string[] {
  let list = languageLists.get(joined);
  if (!list) {
    list = joined === '' ? [] : joined.split(',');
    if (languageLists.size >= 100) languageLists.clear();
    languageLists.set(joined, list);
  }
  return list;
}

type Done = { id: number; vector: SparseVector | null; language: string | null };

function send(done: Done[]): void {
  let slots = 0;
  for (const d of done) slots += REPLY_HEADER + (d.vector ? 2 * d.vector.indices.length : 0);
  const buffer = new ArrayBuffer(slots * 4);
  const u32 = new Uint32Array(buffer);
  const f32 = new Float32Array(buffer);
  const languages: (string | null)[] = [];
  let at = 0;
  for (const d of done) {
    u32[at++] = d.id;
    languages.push(d.language);
    if (!d.vector) {
      u32[at++] = FAILED;
      continue;
    }
    const n = d.vector.indices.length;
    u32[at++] = n;
    u32.set(d.vector.indices, at);
    f32.set(d.vector.values, at + n);
    at += 2 * n;
  }
  const reply: FeatureReply = [buffer, languages];
  parentPort!.postMessage(reply, [buffer]);
}

parentPort!.on('message', (batch: FeatureBatch) => {
  let done: Done[] = [];
  let since = performance.now();
  for (let at = 0; at + REQUEST_STRIDE <= batch.length; at += REQUEST_STRIDE) {
    const id = batch[at] as number;
    const text = batch[at + 1] as string;
    const langs = batch[at + 5] as string | null;
    try {
      const vector = vectorize(text, { authorUrl: batch[at + 2] as string | null, permalink: batch[at + 3] as string | null, context: batch[at + 4] as string | null });
      done.push({ id, vector, language: langs !== null ? detectLanguage(text, languagesOf(langs)) : null });
    } catch {
      done.push({ id, vector: null, language: null });
    }
    const now = performance.now();
    if (now - since >= CHUNK_MS) {
      send(done);
      done = [];
      since = now;
    }
  }
  if (done.length) send(done);
});
