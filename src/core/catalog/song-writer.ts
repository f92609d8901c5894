import type { CatalogDatabase } from '../db/open-database.js';
import { songNaturalKey } from '../importers/fields.js';
import type { SongRecord } from '../importers/records.js';
import type { Vocabulary } from './vocabulary.js';

export type WriteOutcome = 'added' | 'merged';

/**
 * Upserts songs. A song is identified by its Spotify track id, or by title and artists when
 * the source has no id; a later source fills in what earlier ones lacked (COALESCE), so
 * importing the same file twice changes nothing and overlapping datasets merge.
 */
export class SongWriter {
  private readonly findByKey;
  private readonly insert;
  private readonly updateText;
  private readonly updateValues;
  private readonly linkGenre;
  private readonly linkSource;

  constructor(db: CatalogDatabase, private readonly vocabulary: Vocabulary) {
    this.findByKey = db.prepare(`SELECT id FROM songs WHERE song_key = ?`).pluck();
    this.insert = db.prepare(`
      INSERT INTO songs (song_key, spotify_id, title, artists, album, spotify_album_id, release_date, release_year, duration_ms,
        explicit, popularity, streams, danceability, energy, musical_key, loudness, mode, speechiness, acousticness,
        instrumentalness, liveness, valence, tempo, time_signature)
      VALUES (@songKey, @spotifyId, @title, @artists, @album, @spotifyAlbumId, @releaseDate, @releaseYear, @durationMs,
        @explicit, @popularity, @streams, @danceability, @energy, @musicalKey, @loudness, @mode, @speechiness, @acousticness,
        @instrumentalness, @liveness, @valence, @tempo, @timeSignature)`);
    // Text columns are updated separately and only when they differ, because any UPDATE that
    // names them fires the FTS triggers and a re-import would otherwise rewrite the index.
    this.updateText = db.prepare(`
      UPDATE songs SET title = @title, artists = @artists, album = COALESCE(@album, album)
      WHERE id = @id AND (title IS NOT @title OR artists IS NOT @artists OR album IS NOT COALESCE(@album, album))`);
    this.updateValues = db.prepare(`
      UPDATE songs SET
        spotify_album_id = COALESCE(@spotifyAlbumId, spotify_album_id),
        release_date = COALESCE(@releaseDate, release_date), release_year = COALESCE(@releaseYear, release_year),
        duration_ms = COALESCE(@durationMs, duration_ms), explicit = COALESCE(@explicit, explicit),
        popularity = COALESCE(@popularity, popularity), streams = COALESCE(@streams, streams),
        danceability = COALESCE(@danceability, danceability), energy = COALESCE(@energy, energy),
        musical_key = COALESCE(@musicalKey, musical_key), loudness = COALESCE(@loudness, loudness), mode = COALESCE(@mode, mode),
        speechiness = COALESCE(@speechiness, speechiness), acousticness = COALESCE(@acousticness, acousticness),
        instrumentalness = COALESCE(@instrumentalness, instrumentalness), liveness = COALESCE(@liveness, liveness),
        valence = COALESCE(@valence, valence), tempo = COALESCE(@tempo, tempo), time_signature = COALESCE(@timeSignature, time_signature),
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      WHERE id = @id`);
    this.linkGenre = db.prepare(`INSERT OR IGNORE INTO song_genres(song_id, genre_id) VALUES (?, ?)`);
    this.linkSource = db.prepare(`INSERT OR IGNORE INTO item_sources(item_kind, item_id, source_id) VALUES ('song', ?, ?)`);
  }

  write(song: SongRecord, sourceId: number): WriteOutcome {
    const songKey = song.spotifyId ?? songNaturalKey(song.title, song.artists);
    const params = {
      ...song,
      songKey,
      artists: song.artists.join(', '),
      explicit: song.explicit === null ? null : song.explicit ? 1 : 0,
    };
    const existing = this.findByKey.get(songKey) as number | undefined;
    let id: number;
    let outcome: WriteOutcome;
    if (existing === undefined) {
      id = Number(this.insert.run(params).lastInsertRowid);
      outcome = 'added';
    } else {
      id = existing;
      this.updateText.run({ title: params.title, artists: params.artists, album: params.album, id });
      this.updateValues.run({ ...params, id });
      outcome = 'merged';
    }
    for (const genre of song.genres) this.linkGenre.run(id, this.vocabulary.genreId('music', genre));
    this.linkSource.run(id, sourceId);
    return outcome;
  }
}
