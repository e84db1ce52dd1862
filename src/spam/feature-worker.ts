// Worker thread of the feature pool (feature-pool.ts): the pure, costly part of checking a
// comment — its hashed feature vector and its language — away from the thread serving HTTP.
// Requests come in batches (all those made in one turn of the server's event loop) and go
// back in one message: a message costs about as much as computing a short comment's features.
import { parentPort } from 'node:worker_threads';
import { vectorize, type TextExtras } from './classifier/features.ts';
import { detectLanguage } from './checks/language.ts';

export type FeatureRequest = { id: number; text: string; extras: TextExtras; languages: string[] | null };
export type FeatureReply = { id: number; indices: Uint32Array; values: Float32Array; language: string | null; error?: string };

parentPort!.on('message', (batch: FeatureRequest[]) => {
  const replies: FeatureReply[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const m of batch) {
    try {
      const v = vectorize(m.text, m.extras);
      replies.push({ id: m.id, indices: v.indices, values: v.values, language: m.languages ? detectLanguage(m.text, m.languages) : null });
      transfer.push(v.indices.buffer as ArrayBuffer, v.values.buffer as ArrayBuffer);
    } catch (err) {
      replies.push({ id: m.id, indices: new Uint32Array(0), values: new Float32Array(0), language: null, error: String(err) });
    }
  }
  parentPort!.postMessage(replies, transfer);
});
