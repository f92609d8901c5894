import path from 'node:path';
import type { z } from 'zod';
import { isPlausibleTable, notATableMessage } from '../core/files/plausible-table.js';
import { checkReadablePath, RefusedPathError, type PathKind } from '../core/files/readable-path.js';
import type { importPreviewSchema } from '../shared/contract';
import { ServiceError } from './dispatch';

/**
 * Where a path enters the services (imports.preview, imports.start, posters.scanFolder folder and
 * mapFile), it goes through here: src/core/files/readable-path.ts is the policy (real path, no
 * /proc, /sys, /dev, devices, FIFOs or sockets), and this turns its refusals into one-sentence
 * service errors. The desktop shell adds its own rule on top (src/main/file-handles.ts: only paths
 * the user picked in a dialog or dropped); browser mode accepts typed paths, under this policy.
 */

interface UserPath {
  /** The real path to read (symlinks resolved and checked). */
  readonly path: string;
  /** The name to show: the last part of the path as given. */
  readonly name: string;
}

function checked(input: string, kind: PathKind, expected: string): UserPath {
  try {
    const { path: real } = checkReadablePath(input, kind, { expected });
    return { path: real, name: path.basename(path.resolve(input)) || real };
  } catch (error) {
    throw error instanceof RefusedPathError ? new ServiceError(error.message) : error;
  }
}

/** A file to import or a mapping file, chosen by the user. */
export function userFile(input: string, expected = 'a CSV file'): UserPath {
  return checked(input, 'file', expected);
}

/** What to import: a CSV file, or a dataset folder (a Last.fm HetRec folder); checkImportable says which folders qualify. */
export function userImport(input: string): UserPath {
  return checked(input, 'entry', 'a CSV file');
}

/** A folder chosen by the user (a poster folder). */
export function userFolder(input: string, expected = 'the folder that holds the poster images'): UserPath {
  return checked(input, 'folder', expected);
}

type ImportPreview = z.infer<typeof importPreviewSchema>;

/**
 * The preview as the UI may see it: a recognised format, or a delimited table with a plausible
 * header (shown so that its columns can be mapped), keeps its header and sample rows. Anything
 * else, such as /etc/shadow picked as a CSV, loses every byte of content: no header, rows or
 * garbled-text examples, and formatError says what a table looks like instead.
 */
export function withholdUnrecognisedContent(preview: ImportPreview): ImportPreview {
  if (preview.format !== null || isPlausibleTable(preview.header, preview.rows)) return preview;
  if (preview.header.length === 0 && preview.rows.length === 0) return preview;
  return {
    ...preview,
    header: [],
    rows: [],
    encoding: { ...preview.encoding, suspiciousExamples: [] },
    formatError: notATableMessage(preview.fileName),
  };
}
