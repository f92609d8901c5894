import type { CatalogDatabase } from '../db/open-database.js';
import type { MovieRecord } from '../importers/records.js';
import type { WriteOutcome } from './song-writer.js';
import type { ImportJournal } from './import-journal.js';
import type { Vocabulary } from './vocabulary.js';
import { WriteBatch } from './write-batch.js';

export interface MovieWriteResult {
  readonly outcome: WriteOutcome;
  /** Set when the record's ids point at two different catalog movies: the record merged into the first. */
  readonly conflict: string | null;
}

/** The movies columns an insert sets, in the order of `insertValues`. */
const INSERT_COLUMNS = `tmdb_id, imdb_id, movielens_id, title, original_title, release_date, release_year, overview, tagline, runtime_minutes,
  original_language, popularity, vote_average, vote_count, revenue, budget, adult, status, poster_path`;

/** The id of the catalog movie that holds one of a record's ids, if any. */
type MovieMatch = number | undefined;

const sqlBoolean = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

/** Positional parameters for INSERT_COLUMNS: binding 19 named ones cost a third of the insert. */
function insertValues(movie: MovieRecord): unknown[] {
  return [
    movie.tmdbId,
    movie.imdbId,
    movie.movielensId,
    movie.title,
    movie.originalTitle,
    movie.releaseDate,
    movie.releaseYear,
    movie.overview,
    movie.tagline,
    movie.runtimeMinutes,
    movie.originalLanguage,
    movie.popularity,
    movie.voteAverage,
    movie.voteCount,
    movie.revenue,
    movie.budget,
    sqlBoolean(movie.adult),
    movie.status,
    movie.posterPath,
  ];
}

/**
 * Upserts movies, merging sources on TMDb id, then IMDb id, then MovieLens id. Values from
 * the newest import win where they are present; missing values never erase known ones.
 * Batches work as in SongWriter: links and search indexing are written once per batch.
 */
export class MovieWriter {
  private readonly byTmdb;
  private readonly byImdb;
  private readonly byMovielens;
  private readonly insert;
  private readonly updateText;
  private readonly updateValues;
  /** Writes come in batches: `batch.begin()`, `write`…, `batch.end()`, all in one transaction (see WriteBatch). */
  readonly batch: WriteBatch;
  private readonly genreLinks;
  private readonly keywordLinks;
  private readonly sourceLinks;

  /** @param journal records what the run changes, so it can be undone (see import-journal.ts). */
  constructor(
    db: CatalogDatabase,
    private readonly vocabulary: Vocabulary,
    private readonly journal?: ImportJournal,
  ) {
    this.byTmdb = db.prepare(`SELECT id FROM movies WHERE tmdb_id = ?`).pluck();
    this.byImdb = db.prepare(`SELECT id FROM movies WHERE imdb_id = ?`).pluck();
    this.byMovielens = db.prepare(`SELECT id FROM movies WHERE movielens_id = ?`).pluck();
    this.insert = db.prepare(
      `INSERT INTO movies (${INSERT_COLUMNS}) VALUES (${INSERT_COLUMNS.split(',')
        .map(() => '?')
        .join(', ')})`,
    );
    this.updateText = db.prepare(`
      UPDATE movies SET title = @title, original_title = COALESCE(@originalTitle, original_title)
      WHERE id = @id AND (title IS NOT @title OR original_title IS NOT COALESCE(@originalTitle, original_title))`);
    this.updateValues = db.prepare(`
      UPDATE movies SET
        tmdb_id = COALESCE(tmdb_id, @tmdbId), imdb_id = COALESCE(imdb_id, @imdbId), movielens_id = COALESCE(movielens_id, @movielensId),
        release_date = COALESCE(@releaseDate, release_date), release_year = COALESCE(@releaseYear, release_year),
        overview = COALESCE(@overview, overview), tagline = COALESCE(@tagline, tagline),
        runtime_minutes = COALESCE(@runtimeMinutes, runtime_minutes), original_language = COALESCE(@originalLanguage, original_language),
        popularity = COALESCE(@popularity, popularity),
        vote_average = CASE WHEN @votesAreFallback THEN COALESCE(vote_average, @voteAverage) ELSE COALESCE(@voteAverage, vote_average) END,
        vote_count = CASE WHEN @votesAreFallback THEN COALESCE(vote_count, @voteCount) ELSE COALESCE(@voteCount, vote_count) END, revenue = COALESCE(@revenue, revenue), budget = COALESCE(@budget, budget),
        adult = COALESCE(@adult, adult), status = COALESCE(@status, status), poster_path = COALESCE(@posterPath, poster_path),
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      WHERE id = @id`);
    this.batch = new WriteBatch(db, 'movies', this.journal);
    this.genreLinks = this.batch.linkTable(`INSERT OR IGNORE INTO movie_genres(movie_id, genre_id)`);
    this.keywordLinks = this.batch.linkTable(`INSERT OR IGNORE INTO movie_keywords(movie_id, keyword_id)`);
    this.sourceLinks = this.batch.linkTable(`INSERT OR IGNORE INTO item_sources(item_kind, item_id, source_id)`, `'movie'`);
  }

  write(movie: MovieRecord, sourceId: number): MovieWriteResult {
    this.batch.assertOpen('MovieWriter');
    const tmdbMatch: MovieMatch = movie.tmdbId === null ? undefined : (this.byTmdb.get(movie.tmdbId) as MovieMatch);
    const imdbMatch: MovieMatch = movie.imdbId === null ? undefined : (this.byImdb.get(movie.imdbId) as MovieMatch);
    const movielensMatch: MovieMatch = movie.movielensId === null ? undefined : (this.byMovielens.get(movie.movielensId) as MovieMatch);
    const first = tmdbMatch ?? imdbMatch ?? movielensMatch;
    let id: number;
    let outcome: WriteOutcome;
    let conflict: string | null = null;
    if (first === undefined) {
      id = Number(this.insert.run(...insertValues(movie)).lastInsertRowid);
      outcome = 'added';
      this.journal?.recordAdded(id);
    } else {
      id = first;
      outcome = 'merged';
      this.journal?.recordMerged(id);
      // An id already owned by another movie cannot move here (UNIQUE); keep the catalog consistent and say so.
      const owners = new Set([tmdbMatch, imdbMatch, movielensMatch].filter((owner) => owner !== undefined));
      if (owners.size > 1) {
        conflict =
          `its ids (TMDb ${movie.tmdbId ?? '-'}, IMDb ${movie.imdbId ?? '-'}, MovieLens ${movie.movielensId ?? '-'}) ` +
          `belong to ${owners.size} different catalog movies; merged into movie ${id} only`;
      }
      const ownedElsewhere = (match: MovieMatch) => match !== undefined && match !== id;
      this.updateText.run({ title: movie.title, originalTitle: movie.originalTitle, id });
      this.updateValues.run({
        ...movie,
        id,
        tmdbId: ownedElsewhere(tmdbMatch) ? null : movie.tmdbId,
        imdbId: ownedElsewhere(imdbMatch) ? null : movie.imdbId,
        movielensId: ownedElsewhere(movielensMatch) ? null : movie.movielensId,
        adult: sqlBoolean(movie.adult),
        votesAreFallback: movie.votesAreFallback ? 1 : 0,
      });
    }
    for (const genre of movie.genres) this.genreLinks.add(id, this.vocabulary.genreId('movie', genre));
    for (const keyword of movie.keywords) this.keywordLinks.add(id, this.vocabulary.keywordId(keyword));
    this.sourceLinks.add(id, sourceId);
    return { outcome, conflict };
  }
}
