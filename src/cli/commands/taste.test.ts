import { describe, expect, it } from 'vitest';
import { tempFile } from '../../../tests/support/temp.js';
import { openDatabase } from '../../core/db/open-database.js';
import { importFile } from '../../core/importers/import-file.js';
import { LETTERBOXD, seedTasteCatalog } from '../../core/taste/test-helpers.js';
import { useCliHarness } from '../test-harness.js';
import { registerTasteCommands } from './taste.js';
import { registerUndoImport } from './undo-import.js';

const harness = useCliHarness([registerTasteCommands, registerUndoImport], (dbPath) => {
  const db = openDatabase(dbPath);
  seedTasteCatalog(db);
  db.close();
});
const { cli } = harness;

describe('crossfade taste', () => {
  it('imports a Letterboxd ratings.csv, reports what matched, lists and shows the profiles', async () => {
    const file = tempFile('ratings.csv', LETTERBOXD.ratings);
    const printed = await cli(['taste', 'import', file]);
    expect(printed).toContain('Letterboxd ratings.csv: 3 matched, 1 ambiguous, 1 not in the catalog');
    expect(printed).toContain('  missing: Not In The Catalog (2010)');
    expect(printed).toContain('Saved taste profile #1 "Letterboxd: films I rated" (2 movies).');
    expect(printed).toContain('Next: crossfade recommend --taste "Letterboxd: films I rated"');
    expect(await cli(['taste', 'list'])).toMatch(/2\s+movie\s+1\s+My 5-star films\s+Letterboxd ratings\.csv/);
    const shown = await cli(['taste', 'show', 'letterboxd: films i rated']);
    expect(shown).toMatch(/52\.6%\s+★★★★★\s+The Matrix — 1999/);
    const json = JSON.parse(await cli(['taste', 'show', '1'], { json: true })) as { contributors: unknown[] };
    expect(json.contributors).toHaveLength(2);
    expect(await cli(['taste', 'delete', '#2'])).toBe('Deleted taste profile #2 "My 5-star films" (1 movie).\n');
    await expect(cli(['taste', 'show', 'nope'])).rejects.toThrow(/no taste profile named "nope"/);
  });
});

describe('crossfade undo-import', () => {
  it('says what it would do with --dry-run, then undoes, then refuses a second time', async () => {
    const db = openDatabase(harness.dbPath);
    const header =
      'track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const row = (id: string, name: string) => `${id},Someone,Album,${name},10,200000,False,0.5,0.5,1,-7,1,0.05,0.2,0,0.1,0.5,120,4,pop`;
    const summary = await importFile(db, {
      file: tempFile('dataset.csv', [header, row('X'.repeat(22), 'New One'), row('Y'.repeat(22), 'New Two')].join('\n')),
    });
    db.close();
    expect(await cli(['undo-import', String(summary.runId), '--dry-run'])).toMatch(/would do this: Removes 2 songs this import added, restores 0 songs/);
    expect(await cli(['undo-import', `#${summary.runId}`])).toMatch(/^Undid import #\d+ \(.*dataset\.csv\)\. Removes 2 songs/);
    await expect(cli(['undo-import', String(summary.runId)])).rejects.toThrow(/already undone/);
    await expect(cli(['undo-import', 'abc'])).rejects.toThrow(/not a run number/);
  });
});
