import type { CatalogDatabase } from '../db/open-database.js';
import { songNaturalKey } from '../importers/fields.js';
import { AUDIO_FEATURE_COLUMNS } from '../importers/formats/songs/audio-features.js';
import type { SongRecord } from '../importers/records.js';
import type { ImportJournal } from './import-journal.js';
import type { Vocabulary } from './vocabulary.js';
import { WriteBatch } from './write-batch.js';

export type WriteOutcome = 'added' | 'merged';

/**
 * The songs columns a record sets, in the order of the positional parameters below. The audio
 * features are stored under Spotify's names, but for `key`, which is `musical_key` in the table.
 */
const VALUE_COLUMNS = [
  'spotify_album_id',
  'release_date',
  'release_year',
  'duration_ms',
  'explicit',
  'popularity',
  'streams',
  ...AUDIO_FEATURE_COLUMNS.map((column) => (column === 'key' ? 'musical_key' : column)),
  'time_signature',
];

interface ExistingSong {
  readonly id: number;
  readonly title: string;
  readonly artists: string;
  readonly album: string | null;
}

/**
 * Upserts songs. A song is identified by its Spotify track id, or by title and artists when
 * the source has no id; a later source fills in what earlier ones lacked (COALESCE), so
 * importing the same file twice changes nothing and overlapping datasets merge.
 *
 * Writes come in batches (`batch.begin`, `write`…, `batch.end`, all in one transaction): new rows
 * are added to the search index and genre and source links are written once per batch, which
 * costs a fraction of doing it row by row. Statements take positional parameters (binding 24
 * named ones cost more than the insert), and the text columns are only updated when they differ:
 * any UPDATE naming them fires the FTS triggers even when no row changes.
 */
export class SongWriter {
  private readonly findByKey;
  private readonly insert;
  private readonly updateText;
  private readonly updateValues;
  /** Writes come in batches: `batch.begin()`, `write`…, `batch.end()`, all in one transaction (see WriteBatch). */
  readonly batch: WriteBatch;
  private readonly genreLinks;
  private readonly sourceLinks;

  /** @param journal records what the run changes, so it can be undone (see import-journal.ts). */
  constructor(
    db: CatalogDatabase,
    private readonly vocabulary: Vocabulary,
    private readonly journal?: ImportJournal,
  ) {
    this.findByKey = db.prepare(`SELECT id, title, artists, album FROM songs WHERE song_key = ?`);
    this.insert = db.prepare(`
      INSERT INTO songs (song_key, spotify_id, title, artists, album, ${VALUE_COLUMNS.join(', ')})
      VALUES (?, ?, ?, ?, ?, ${VALUE_COLUMNS.map(() => '?').join(', ')})`);
    this.updateText = db.prepare(`UPDATE songs SET title = ?, artists = ?, album = ? WHERE id = ?`);
    this.updateValues = db.prepare(`
      UPDATE songs SET ${VALUE_COLUMNS.map((column) => `${column} = COALESCE(?, ${column})`).join(', ')},
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      WHERE id = ?`);
    this.batch = new WriteBatch(db, 'songs', this.journal);
    this.genreLinks = this.batch.linkTable(`INSERT OR IGNORE INTO song_genres(song_id, genre_id)`);
    this.sourceLinks = this.batch.linkTable(`INSERT OR IGNORE INTO item_sources(item_kind, item_id, source_id)`, `'song'`);
  }

  write(song: SongRecord, sourceId: number): WriteOutcome {
    this.batch.assertOpen('SongWriter');
    const songKey = song.spotifyId ?? songNaturalKey(song.title, song.artists);
    const artists = song.artists.join(', ');
    const values = [
      song.spotifyAlbumId,
      song.releaseDate,
      song.releaseYear,
      song.durationMs,
      song.explicit === null ? null : song.explicit ? 1 : 0,
      song.popularity,
      song.streams,
      song.danceability,
      song.energy,
      song.musicalKey,
      song.loudness,
      song.mode,
      song.speechiness,
      song.acousticness,
      song.instrumentalness,
      song.liveness,
      song.valence,
      song.tempo,
      song.timeSignature,
    ];
    const existing = this.findByKey.get(songKey) as ExistingSong | undefined;
    let id: number;
    let outcome: WriteOutcome;
    if (existing === undefined) {
      id = Number(this.insert.run(songKey, song.spotifyId, song.title, artists, song.album, ...values).lastInsertRowid);
      outcome = 'added';
      this.journal?.recordAdded(id);
    } else {
      id = existing.id;
      this.journal?.recordMerged(id);
      // The title and artists of the newest source win; its album only when it has one.
      const album = song.album ?? existing.album;
      if (song.title !== existing.title || artists !== existing.artists || album !== existing.album) {
        this.updateText.run(song.title, artists, album, id);
      }
      this.updateValues.run(...values, id);
      outcome = 'merged';
    }
    for (const genre of song.genres) this.genreLinks.add(id, this.vocabulary.genreId('music', genre));
    this.sourceLinks.add(id, sourceId);
    return outcome;
  }
}
