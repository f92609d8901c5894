/**
 * The worker thread that runs one job or task (src/services/jobs/job-manager.ts starts it).
 * Built to out/main/jobs-worker.js (electron.vite.config.ts); run from this source under tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../dispatch';
import { CONTROL_CANCEL, CONTROL_PAUSE, type ControlMessage, type WorkerInput, type WorkerMessage } from './protocol';
import { runJob, runTask, type JobControls } from './run-work';

const port = parentPort;
if (!port) throw new Error('src/services/jobs/worker.ts runs only as a worker thread.');
const input = workerData as WorkerInput;
const control = new Int32Array(input.control);
const controller = new AbortController();
const post = (message: WorkerMessage) => port.postMessage(message);

const controls: JobControls = {
  signal: controller.signal,
  onProgress: (progress) => post({ type: 'progress', progress }),
  checkpoint: () => {
    while (Atomics.load(control, 0) === CONTROL_PAUSE) Atomics.wait(control, 0, CONTROL_PAUSE);
    if (Atomics.load(control, 0) === CONTROL_CANCEL) controller.abort();
  },
  onPauseChange: null,
};

port.on('message', (message: ControlMessage) => {
  if (message.type === 'cancel') controller.abort();
  else controls.onPauseChange?.(message.type === 'pause');
});

try {
  if (input.work.mode === 'job') {
    const outcome = await runJob(input.work.spec, input, controls);
    post({ type: 'done', status: outcome.status, result: outcome.result });
  } else {
    post({ type: 'done', status: 'completed', result: await runTask(input.work.spec, input) });
  }
} catch (error) {
  post({ type: 'failed', message: errorMessage(error) });
} finally {
  port.close();
}
