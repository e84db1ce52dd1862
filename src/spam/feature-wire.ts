// What the feature pool (feature-pool.ts) and its worker (feature-worker.ts) send each other.
//
// Messages cost as much as the work when they carry objects: structured cloning walks every
// property, and every typed array is a host object of its own. So a batch of requests travels
// as one flat array of strings and numbers, and answers as one transferred buffer per chunk
// with the detected languages beside it.

/** Per request, REQUEST_STRIDE slots: id, text, authorUrl, permalink, context, expected languages joined by ',' (or null). */
export type FeatureBatch = (string | number | null)[];
export const REQUEST_STRIDE = 6;

/**
 * Per answer, in a Uint32Array (and a Float32Array) over the buffer: id, length n, then n
 * indices and n values; a length of FAILED (and nothing after it) when the worker could not
 * compute it. Beside the buffer, per answer in order, the language found (null: none, or not asked).
 */
export type FeatureReply = [ArrayBuffer, (string | null)[]];
export const REPLY_HEADER = 2;
export const FAILED = 0xffffffff;
