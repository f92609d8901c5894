import fs from 'node:fs';
import { UserError } from '../shared/errors.js';

/** A path that is missing, unreadable or not a file; the message says what to do. */
export class UnreadableFileError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** Stats `file`, which must be a readable regular file; `shownAs` is how messages name it. */
export function statReadableFile(file: string, shownAs = file): fs.Stats {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new UnreadableFileError(`${shownAs} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the path and permissions.`);
  }
  if (!stat.isFile()) throw new UnreadableFileError(`${shownAs} is not a file. Choose a CSV file.`);
  return stat;
}
