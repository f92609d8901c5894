import type { ParsedChunk, RowSourceSetup, TextTallies } from './row-source.js';

/** Chunks the parse worker may send before the importer acknowledges them (each ≤ 1000 rows). */
export const PARSE_AHEAD_CHUNKS = 16;

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
