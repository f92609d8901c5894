import type { CatalogDatabase } from '../db/open-database.js';
import { importFile, type ImportSummary } from '../importers/import-file.js';
import { tempDatabase, tempFile } from './temp.js';

/** A fresh catalog, and a temp file named `fileName` holding `content` imported into it (default options). */
export async function importTempFile(fileName: string, content: string | Uint8Array): Promise<{ db: CatalogDatabase; file: string; summary: ImportSummary }> {
  const db = tempDatabase();
  const file = tempFile(fileName, content);
  return { db, file, summary: await importFile(db, { file }) };
}
