// The thread `parley import` runs the import in (see inWorker in ./import.ts): it reports
// progress and the outcome as messages, and never exits the process itself.
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config/config.ts';
import { type ImportJob, type ImportMessage, runImportJob } from './import.ts';

const post = (m: ImportMessage) => parentPort!.postMessage(m);
// Progress comes with every comment read: a message every 200 ms is plenty for the bar.
// A new phase is told at once (the indexes' building may follow the last batch within 200 ms).
let last = 0;
let phase = '';
const outcome = await runImportJob((workerData as { importJob: ImportJob }).importJob, loadConfig(), (progress) => {
  const now = Date.now();
  if (now - last < 200 && progress.phase === phase) return;
  last = now;
  phase = progress.phase;
  post({ progress });
});
post({ outcome });
