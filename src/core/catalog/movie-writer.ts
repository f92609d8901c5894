import type { CatalogDatabase } from '../db/open-database.js';
import type { MovieRecord } from '../importers/records.js';
import type { WriteOutcome } from './song-writer.js';
import { LinkBatch } from './link-batch.js';
import { SearchBacklog } from './search-backlog.js';
import type { Vocabulary } from './vocabulary.js';

export interface MovieWriteResult {
  readonly outcome: WriteOutcome;
  /** Set when the record's ids point at two different catalog movies: the record merged into the first. */
  readonly conflict: string | null;
}

const MOVIE_COLUMNS = `title, original_title, release_date, release_year, overview, tagline, runtime_minutes, original_language,
  popularity, vote_average, vote_count, revenue, budget, adult, status, poster_path`;
const MOVIE_PARAMS = `@title, @originalTitle, @releaseDate, @releaseYear, @overview, @tagline, @runtimeMinutes, @originalLanguage,
  @popularity, @voteAverage, @voteCount, @revenue, @budget, @adult, @status, @posterPath`;

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
  private readonly search;
  private readonly genreLinks;
  private readonly keywordLinks;
  private readonly sourceLinks;
  private inBatch = false;

  constructor(db: CatalogDatabase, private readonly vocabulary: Vocabulary) {
    this.byTmdb = db.prepare(`SELECT id, imdb_id AS imdbId, movielens_id AS movielensId FROM movies WHERE tmdb_id = ?`);
    this.byImdb = db.prepare(`SELECT id, tmdb_id AS tmdbId, movielens_id AS movielensId FROM movies WHERE imdb_id = ?`);
    this.byMovielens = db.prepare(`SELECT id, tmdb_id AS tmdbId, imdb_id AS imdbId FROM movies WHERE movielens_id = ?`);
    this.insert = db.prepare(
      `INSERT INTO movies (tmdb_id, imdb_id, movielens_id, ${MOVIE_COLUMNS}) VALUES (@tmdbId, @imdbId, @movielensId, ${MOVIE_PARAMS})`,
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
    this.search = new SearchBacklog(db, 'movies');
    this.genreLinks = new LinkBatch(db, `INSERT OR IGNORE INTO movie_genres(movie_id, genre_id)`);
    this.keywordLinks = new LinkBatch(db, `INSERT OR IGNORE INTO movie_keywords(movie_id, keyword_id)`);
    this.sourceLinks = new LinkBatch(db, `INSERT OR IGNORE INTO item_sources(item_kind, item_id, source_id)`, `'movie'`);
  }

  /** Starts a batch; call inside the transaction that will also call `endBatch`. */
  beginBatch(): void {
    this.search.open();
    for (const links of [this.genreLinks, this.keywordLinks, this.sourceLinks]) links.clear();
    this.inBatch = true;
  }

  /** Writes the batch's links and indexes its new movies for search. */
  endBatch(): void {
    for (const links of [this.genreLinks, this.keywordLinks, this.sourceLinks]) links.flush();
    this.search.close();
    this.inBatch = false;
  }

  write(movie: MovieRecord, sourceId: number): MovieWriteResult {
    if (!this.inBatch) throw new Error('MovieWriter.write outside beginBatch/endBatch');
    const matches = [
      movie.tmdbId === null ? undefined : (this.byTmdb.get(movie.tmdbId) as { id: number } | undefined),
      movie.imdbId === null ? undefined : (this.byImdb.get(movie.imdbId) as { id: number } | undefined),
      movie.movielensId === null ? undefined : (this.byMovielens.get(movie.movielensId) as { id: number } | undefined),
    ];
    const ids = [...new Set(matches.filter((match) => match !== undefined).map((match) => match.id))];
    const params = { ...movie, adult: movie.adult === null ? null : movie.adult ? 1 : 0, votesAreFallback: movie.votesAreFallback ? 1 : 0 };
    let id: number;
    let outcome: WriteOutcome;
    let conflict: string | null = null;
    if (ids.length === 0) {
      id = Number(this.insert.run(params).lastInsertRowid);
      outcome = 'added';
    } else {
      id = ids[0]!;
      outcome = 'merged';
      // An id already owned by another movie cannot move here (UNIQUE); keep the catalog consistent and say so.
      const safe = { ...params, id };
      const [tmdbMatch, imdbMatch, movielensMatch] = matches;
      if (tmdbMatch && tmdbMatch.id !== id) safe.tmdbId = null;
      if (imdbMatch && imdbMatch.id !== id) safe.imdbId = null;
      if (movielensMatch && movielensMatch.id !== id) safe.movielensId = null;
      if (ids.length > 1) {
        conflict =
          `its ids (TMDb ${movie.tmdbId ?? '-'}, IMDb ${movie.imdbId ?? '-'}, MovieLens ${movie.movielensId ?? '-'}) ` +
          `belong to ${ids.length} different catalog movies; merged into movie ${id} only`;
      }
      this.updateText.run({ title: safe.title, originalTitle: safe.originalTitle, id });
      this.updateValues.run(safe);
    }
    for (const genre of movie.genres) this.genreLinks.add(id, this.vocabulary.genreId('movie', genre));
    for (const keyword of movie.keywords) this.keywordLinks.add(id, this.vocabulary.keywordId(keyword));
    this.sourceLinks.add(id, sourceId);
    return { outcome, conflict };
  }
}
