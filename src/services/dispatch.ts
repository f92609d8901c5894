import { contract, isMethod, parseRequest, type CrossfadeApi, type Method } from '../shared/contract';
import type { CallResult } from '../shared/preload-api';
import { UserError } from '../shared/errors';

/** A user error found by the services themselves (a missing upload, a job that cannot start, …). */
export class ServiceError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** The message of anything thrown, as one line: never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** What a caller can give a service call besides its input. */
export interface CallContext {
  /** Aborted when the caller has gone away (the HTTP request closed early): long work stops. */
  readonly signal?: AbortSignal;
}

/**
 * The one entry point of the IPC handlers and the HTTP bridge: validates the request against the
 * contract, calls the service, checks the answer against the contract's output schema (a mismatch
 * is a bug, reported as such rather than handed to the UI), and turns any error into one sentence.
 */
export async function invokeMethod(api: CrossfadeApi, method: string, input: unknown, context: CallContext = {}): Promise<CallResult> {
  if (!isMethod(method)) return { ok: false, error: `Unknown method "${method}".` };
  let request: unknown;
  try {
    request = parseRequest(method, input);
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
  let value: unknown;
  try {
    value = await (api[method] as (input: unknown, context: CallContext) => Promise<unknown>)(request, context);
  } catch (error) {
    if (!(error instanceof UserError)) console.error(`crossfade: ${method} failed:`, error);
    return { ok: false, error: errorMessage(error) };
  }
  const checked = contract[method as Method].output.safeParse(value);
  if (!checked.success) {
    console.error(`crossfade: ${method} answered outside the contract:`, checked.error.issues);
    const first = checked.error.issues[0];
    return {
      ok: false,
      error: `Crossfade gave an unexpected answer to ${method} (${first ? `${first.path.join('.') || 'value'}: ${first.message}` : 'invalid'}); this is a bug.`,
    };
  }
  return { ok: true, value: checked.data };
}
