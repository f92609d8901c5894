import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportRuns } from '../../src/core/catalog/import-runs.js';
import { loadRecordingGroups } from '../../src/core/catalog/recordings.js';
import { loadSongTags } from '../../src/core/features/song-tags.js';
import { loadSongYears } from '../../src/core/features/song-years.js';
import { tagHints } from '../../src/core/features/tag-hints.js';
import { importFile } from '../../src/core/importers/import-file.js';
import { loadSoundtrackLinks } from '../../src/core/links/soundtrack-links.js';
import { sharedDataDir, tempDatabase } from '../support/temp.js';

const data = sharedDataDir();
if (!data) console.warn('Skipping the Last.fm integration test: ../shared/data is not beside this checkout.');
const file = (relative: string) => path.join(data ?? '', relative);

describe.skipIf(!data)('Last.fm HetRec 2011 with Spotify songs and MovieLens movies from ../shared/data', () => {
  it('imports the tags, reports what it left out, and tags, dates and links the catalog songs', async () => {
    const db = tempDatabase();
    await importFile(db, { file: file('spotify-tracks-maharshipandya/dataset_sample_10k_random.csv') });
    await importFile(db, { file: file('movielens-ml-latest-small/movies.csv') });
    // Any one of the .dat files brings in the whole set.
    const summary = await importFile(db, { file: file('lastfm-hetrec2011-2k/tags.dat') });
    expect(summary.format.id).toBe('lastfm-hetrec2011');
    expect(summary.status).toBe('completed');
    // artists.dat 17,632 + tags.dat 11,946 + user_taggedartists.dat 108,469 (its blank last line is not a row) + _2 78,009.
    expect(summary.counters.rowsRead).toBe(216_056);
    expect(summary.counters.rowsSkipped).toBe(0);
    expect(new ImportRuns(db).issues(summary.runId)).toEqual([]);
    expect(summary.warnings.join('\n')).toMatch(/5 artist name\(s\) have no letters or digits/);
    expect(summary.counters.itemsMerged).toBeGreaterThan(2_000);

    const abba = db.prepare(`SELECT id FROM songs WHERE artists = 'ABBA'`).pluck().all() as number[];
    expect(abba.length).toBeGreaterThan(0);
    const tags = loadSongTags(db);
    const abbaTags = tags.get(abba[0]!)!;
    expect(abbaTags.get('disco')).toBeGreaterThan(0.3);
    expect(abbaTags.get('70s')).toBeGreaterThan(0.5);
    expect(abbaTags.has('seen live')).toBe(false);
    const hints = tagHints(abbaTags);
    expect(hints.decade).toBe(1970);
    expect(hints.language).toBeNull();

    const years = loadSongYears(db);
    for (const id of abba) expect(years.get(id)?.decade === 1970 || years.get(id)?.year !== null).toBe(true);
    expect([...years.values()].filter((year) => year.source === 'tag').length).toBeGreaterThan(300);

    const sixthStation = db.prepare(`SELECT id FROM songs WHERE title = 'The Sixth Station'`).pluck().get() as number;
    const spiritedAway = db.prepare(`SELECT id FROM movies WHERE title LIKE 'Spirited Away%'`).pluck().get() as number;
    expect(loadSoundtrackLinks(db)).toContainEqual({
      songId: sixthStation,
      movieId: spiritedAway,
      evidence: 'album "Spirited Away Soundtrack"',
      relation: 'named',
    });

    const groups = loadRecordingGroups(db);
    for (const canonical of groups.values()) expect(groups.get(canonical)).toBe(canonical);
    expect(groups.size).toBeGreaterThan(0);
  });
});
