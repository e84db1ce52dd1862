// Worker thread of the feature pool (feature-pool.ts): the pure, costly part of checking a
// comment — its hashed feature vector and its language — away from the thread serving HTTP.
import { parentPort } from 'node:worker_threads';
import { vectorize, type TextExtras } from './classifier/features.ts';
import { detectLanguage } from './checks/language.ts';

export type FeatureRequest = { id: number; text: string; extras: TextExtras; languages: string[] | null };
export type FeatureReply = { id: number; indices: Uint32Array; values: Float32Array; language: string | null; error?: string };

parentPort!.on('message', (m: FeatureRequest) => {
  try {
    const v = vectorize(m.text, m.extras);
    const language = m.languages ? detectLanguage(m.text, m.languages) : null;
    const reply: FeatureReply = { id: m.id, indices: v.indices, values: v.values, language };
    parentPort!.postMessage(reply, [v.indices.buffer as ArrayBuffer, v.values.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: m.id, indices: new Uint32Array(0), values: new Float32Array(0), language: null, error: String(err) });
  }
});
