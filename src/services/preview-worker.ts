/**
 * A preview worker (a worker_threads worker of PreviewPool, src/services/preview-pool.ts): previews
 * one file at a time, as long as the pool keeps it. The pool ends it with terminate() when a preview
 * runs out of time or its request goes away: parsing is synchronous, so nothing else would stop it.
 */
import { parentPort } from 'node:worker_threads';
import { errorMessage, ServiceError } from './dispatch';
import { previewFile } from './preview';
import type { PreviewTask, PreviewWorkerMessage } from './preview-pool';

const port = parentPort;
if (!port) throw new Error('src/services/preview-worker.ts runs only as a worker thread.');

port.on('message', (task: PreviewTask) => {
  const post = (message: PreviewWorkerMessage) => port.postMessage(message);
  previewFile(task.file, { displayName: task.displayName, ...(task.encoding !== undefined ? { encoding: task.encoding } : {}) }).then(
    (preview) => post({ id: task.id, ok: true, preview }),
    (error: unknown) => post({ id: task.id, ok: false, message: errorMessage(error), expected: error instanceof ServiceError }),
  );
});
