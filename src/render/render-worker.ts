// Worker-thread entry for RenderPool: renders Markdown bodies posted by the main thread.
// Replies { type: 'ready' } once loaded, then { type: 'done', id, html } or { type: 'error', id } per job.
import { parentPort } from 'node:worker_threads';
import { renderMarkdownSync } from './markdown.ts';

if (!parentPort) throw new Error('render-worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', (msg: { id: number; body: string }) => {
  try {
    port.postMessage({ type: 'done', id: msg.id, html: renderMarkdownSync(msg.body) });
  } catch {
    port.postMessage({ type: 'error', id: msg.id });
  }
});
port.postMessage({ type: 'ready' });
