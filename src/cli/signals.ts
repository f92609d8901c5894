/**
 * Runs a cancellable job: the first Ctrl+C asks it to stop cleanly (committed work is kept),
 * a second one exits at once.
 */
export async function withCancellation<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping after the current batch… (Ctrl+C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await job(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
