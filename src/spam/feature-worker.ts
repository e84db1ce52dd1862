// Worker thread of the feature pool (feature-pool.ts): the pure, costly part of checking a
// comment — its hashed feature vector and its language — away from the thread serving HTTP.
//
// A batch's answers go back in chunks of about CHUNK_MS of work, so the serving thread writes
// the first responses while the rest are computed. The messages' shape is feature-wire.ts.
import { parentPort } from 'node:worker_threads';
import { vectorizeTransient, type SparseVector } from './classifier/features.ts';
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

// The chunk being filled: answers are copied in as they are computed (the vectorizer's arrays
// are reused by its next call), then the chunk is copied once into the buffer that travels.
let u32 = new Uint32Array(4096);
let f32 = new Float32Array(u32.buffer);
let filled = 0;
const languages: (string | null)[] = [];

function room(slots: number): void {
  if (filled + slots <= u32.length) return;
  const grown = new Uint32Array(Math.max(filled + slots, u32.length * 2));
  grown.set(u32.subarray(0, filled));
  u32 = grown;
  f32 = new Float32Array(grown.buffer);
}

function answer(id: number, vector: SparseVector | null, language: string | null): void {
  const n = vector ? vector.indices.length : 0;
  room(REPLY_HEADER + 2 * n);
  u32[filled++] = id;
  languages.push(language);
  if (!vector) {
    u32[filled++] = FAILED;
    return;
  }
  u32[filled++] = n;
  u32.set(vector.indices, filled);
  f32.set(vector.values, filled + n);
  filled += 2 * n;
}

function send(): void {
  const buffer = new ArrayBuffer(filled * 4);
  new Uint32Array(buffer).set(u32.subarray(0, filled));
  const reply: FeatureReply = [buffer, languages.splice(0)];
  filled = 0;
  parentPort!.postMessage(reply, [buffer]);
}

parentPort!.on('message', (batch: FeatureBatch) => {
  let since = performance.now();
  for (let at = 0; at + REQUEST_STRIDE <= batch.length; at += REQUEST_STRIDE) {
    const id = batch[at] as number;
    const text = batch[at + 1] as string;
    const langs = batch[at + 5] as string | null;
    let vector: SparseVector | null = null;
    let language: string | null = null;
    try {
      vector = vectorizeTransient(text, {
        authorUrl: batch[at + 2] as string | null,
        permalink: batch[at + 3] as string | null,
        context: batch[at + 4] as string | null,
      });
      if (langs !== null) language = detectLanguage(text, languagesOf(langs));
    } catch {
      vector = null;
      language = null;
    }
    answer(id, vector, language);
    const now = performance.now();
    if (now - since >= CHUNK_MS) {
      send();
      since = now;
    }
  }
  if (languages.length) send();
});
