import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir, tempFile } from '../../../tests/support/temp.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { importFile } from '../importers/import-file.js';
import { csvText, TMDB5000_COLUMNS, tmdb5000Row, V11_COLUMNS, v11Row, jsonNames } from '../importers/formats/movies/movie-fixtures.js';
import { ListStore } from '../lists/list-store.js';
import { planUndoImport, undoImport, UndoImportError } from './undo-import.js';

const HF_HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
const hfRow = (index: number, id: string, name: string, genre: string, popularity = 40, album = 'Classic Christmas') =>
  `${index},${id},Nat King Cole,${album},${name},${popularity},176226,False,0.123,0.261,8,-11.245,1,0.0288,0.718,1.84e-06,0.14,0.136,82.062,3,${genre}`;

/** Everything an import writes, as rows: items, links, vocabulary, sources and the search index's every term instance. */
function dump(db: CatalogDatabase): Record<string, unknown[]> {
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.songs_terms USING fts5vocab(main, songs_fts, instance);
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.movies_terms USING fts5vocab(main, movies_fts, instance);`);
  for (const fts of ['songs_fts', 'movies_fts']) db.prepare(`INSERT INTO ${fts}(${fts}, rank) VALUES ('integrity-check', 1)`).run();
  const all = (sql: string) => db.prepare(sql).all();
  return {
    songs: all(`SELECT * FROM songs ORDER BY id`),
    movies: all(`SELECT * FROM movies ORDER BY id`),
    songGenres: all(`SELECT * FROM song_genres ORDER BY 1, 2`),
    movieGenres: all(`SELECT * FROM movie_genres ORDER BY 1, 2`),
    movieKeywords: all(`SELECT * FROM movie_keywords ORDER BY 1, 2`),
    genres: all(`SELECT * FROM genres ORDER BY id`),
    keywords: all(`SELECT * FROM keywords ORDER BY id`),
    itemSources: all(`SELECT * FROM item_sources ORDER BY 1, 2, 3`),
    songTerms: all(`SELECT * FROM temp.songs_terms ORDER BY 1, 2, 3, 4`),
    movieTerms: all(`SELECT * FROM temp.movies_terms ORDER BY 1, 2, 3, 4`),
  };
}

async function importText(db: CatalogDatabase, name: string, text: string, dir = tempDir()) {
  return importFile(db, { file: tempFile(name, text, dir), batchSize: 2 });
}

const SONGS_A = [HF_HEADER, hfRow(0, 'A1', 'O Holy Night', 'jazz'), hfRow(1, 'A2', 'Mona Lisa', 'jazz'), hfRow(2, 'A3', 'Nature Boy', 'vocal')].join('\n');
// Overlaps A: retitles A2 (search index), raises its popularity, adds a genre, and brings a new song with a new genre.
const SONGS_B = [
  HF_HEADER,
  hfRow(0, 'A2', 'Mona Lisa (Remastered)', 'soul', 77, 'Greatest Hits'),
  hfRow(1, 'B1', 'Smile', 'swing'),
  hfRow(2, 'A2', 'Mona Lisa (Remastered)', 'jazz', 78),
].join('\n');

describe('undo an import', () => {
  it("import A, import B overlapping A, undo B: exactly A's catalog again (songs and movies)", async () => {
    const db = tempDatabase();
    await importText(db, 'songs.csv', SONGS_A);
    await importText(
      db,
      'movies.csv',
      csvText(V11_COLUMNS, [v11Row(), v11Row({ id: 603, title: 'The Matrix', imdb_id: 'tt0133093', keywords: 'hacker, simulation', genres: 'Action' })]),
    );
    const afterA = dump(db);

    const songsB = await importText(db, 'songs.csv', SONGS_B);
    const moviesB = await importText(
      db,
      'tmdb_5000_movies.csv',
      csvText(TMDB5000_COLUMNS, [
        tmdb5000Row({ keywords: jsonNames(['jealousy', 'toy', 'boy']), tagline: 'The adventure takes off!', vote_count: 99999 }),
        tmdb5000Row({
          id: 13,
          title: 'Forrest Gump',
          original_title: 'Forrest Gump',
          genres: jsonNames(['Drama', 'Romance']),
          keywords: jsonNames(['vietnam']),
        }),
      ]),
    );
    expect(songsB.counters).toMatchObject({ itemsAdded: 1, itemsMerged: 2 });
    expect(moviesB.counters).toMatchObject({ itemsAdded: 1, itemsMerged: 1 });
    expect(dump(db)).not.toEqual(afterA);

    // A playlist holding B's new song loses that entry, and the confirmation says so.
    const lists = new ListStore(db);
    const playlist = lists.create('playlist', 'Mix');
    const smile = db.prepare(`SELECT id FROM songs WHERE spotify_id = 'B1'`).pluck().get() as number;
    const mona = db.prepare(`SELECT id FROM songs WHERE spotify_id = 'A2'`).pluck().get() as number;
    lists.add(playlist.id, [smile, mona]);
    // A vibe build's rows for the new song (in either slot) go with it; the merged song's stay.
    const vibeRow = (table: string, id: number) => db.prepare(`INSERT INTO ${table} VALUES (?, 1, x'00000000', x'00000000')`).run(id);
    vibeRow('vibe_song_vectors_0', smile);
    vibeRow('vibe_song_vectors_1', smile);
    vibeRow('vibe_song_vectors_0', mona);

    const plan = planUndoImport(db, songsB.runId);
    expect(plan).toMatchObject({ remove: 1, restore: 1, keep: 0, listEntries: 1, refusal: null });
    expect(plan.summary).toBe(
      'Removes 1 song this import added, restores 1 song it merged into to how they were before. 1 of them will also leave your playlists or watchlists.',
    );
    expect(dump(db)).not.toEqual(afterA); // planning changes nothing

    undoImport(db, moviesB.runId);
    undoImport(db, songsB.runId);
    expect(dump(db)).toEqual(afterA);
    const vibeRows = (table: string) => db.prepare(`SELECT item_id FROM ${table}`).pluck().all();
    expect([vibeRows('vibe_song_vectors_0'), vibeRows('vibe_song_vectors_1')]).toEqual([[mona], []]);
    expect(lists.get(playlist.id).entries.map((entry) => (entry.kind === 'song' ? entry.song.id : 0))).toEqual([mona]);
    expect(db.prepare(`SELECT count(*) FROM import_runs WHERE undone_at IS NOT NULL`).pluck().get()).toBe(2);
    expect(() => undoImport(db, songsB.runId)).toThrow(/already undone/);
  });

  it('keeps an item a later import also provides, which that import then owns: undoing both gives A back', async () => {
    const db = tempDatabase();
    await importText(db, 'songs.csv', SONGS_A);
    const afterA = dump(db);
    const b = await importText(db, 'songs.csv', SONGS_B);
    const c = await importText(db, 'c.csv', [HF_HEADER, hfRow(0, 'B1', 'Smile', 'lounge', 60), hfRow(1, 'A2', 'Mona Lisa', 'pop', 10)].join('\n'));

    const plan = undoImport(db, b.runId);
    expect(plan).toMatchObject({ remove: 0, restore: 0, keep: 2 });
    // Smile stays (C provides it), but no longer lists B's file as a source.
    const smile = db.prepare(`SELECT id FROM songs WHERE spotify_id = 'B1'`).pluck().get() as number;
    expect(db.prepare(`SELECT source_id FROM item_sources WHERE item_kind = 'song' AND item_id = ?`).pluck().all(smile)).toHaveLength(1);

    undoImport(db, c.runId);
    expect(dump(db)).toEqual(afterA);
  });

  it('undoes B first or last alike when B and C overlap the same song (order independence)', async () => {
    const db = tempDatabase();
    await importText(db, 'songs.csv', SONGS_A);
    const afterA = dump(db);
    const b = await importText(db, 'b.csv', SONGS_B);
    const c = await importText(db, 'c.csv', [HF_HEADER, hfRow(0, 'A2', 'Mona Lisa', 'pop', 10)].join('\n'));
    undoImport(db, c.runId);
    undoImport(db, b.runId);
    expect(dump(db)).toEqual(afterA);
  });

  it('refuses, with the reason and what to do, runs it cannot undo exactly', async () => {
    const db = tempDatabase();
    const a = await importText(db, 'songs.csv', SONGS_A);
    const b = await importText(db, 'b.csv', SONGS_B);
    // As if both were imported before migration 13.
    db.prepare(`UPDATE import_runs SET journaled = 0`).run();
    const refusal = planUndoImport(db, b.runId).refusal;
    expect(refusal).toMatch(/made before Crossfade recorded what each import changes, and it merged 2 rows into items that were already there/);
    expect(refusal).toMatch(/Imports made from now on can be undone/);
    expect(() => undoImport(db, b.runId)).toThrow(UndoImportError);
    expect(() => undoImport(db, 999)).toThrow(/no import run #999/);

    // An old run that only added items can be undone: the songs only its file provides go.
    const before = db.prepare(`SELECT spotify_id FROM songs ORDER BY id`).pluck().all();
    expect(before).toEqual(['A1', 'A2', 'A3', 'B1']);
    const plan = undoImport(db, a.runId);
    expect(plan).toMatchObject({ remove: 2, keep: 1 });
    expect(db.prepare(`SELECT spotify_id FROM songs ORDER BY id`).pluck().all()).toEqual(['A2', 'B1']);
  });
});
