import type { ParsedChunk, RowSourceSetup, TextTallies } from './row-source.js';

/**
 * How far the parse worker may run ahead of the importer's acknowledgements: at most this many
 * chunks (each ≤ 1000 rows) and this much of the file. The importer commits up to 4 MiB of the
 * file at a time (import-file.ts, BATCHING) and takes no chunk while it commits, so the worker must
 * be allowed more than one batch ahead or it stalls during every commit and the importer waits for
 * it afterwards; both limits keep the rows in flight, and so memory, bounded whatever the file's size.
 */
export const PARSE_AHEAD = { chunks: 64, bytes: 8 * 2 ** 20 } as const;

export interface ParseWorkerInput {
  readonly setup: RowSourceSetup;
}

/** From the parse worker; the importer answers each 'chunk' with 'ack' once it has taken it. */
export type ParseWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'chunk'; readonly chunk: ParsedChunk }
  | { readonly type: 'end'; readonly tallies: TextTallies }
  | { readonly type: 'error'; readonly message: string };
