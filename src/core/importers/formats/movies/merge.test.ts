import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir } from '../../../testing/temp.js';
import { importFile } from '../../import-file.js';
import {
  avatar5000Row,
  count,
  csvText,
  genresOf,
  jsonNames,
  keywordsOf,
  movieWhere,
  TMDB5000_COLUMNS,
  tmdb5000Row,
  TOP10K_COLUMNS,
  top10kRow,
  V11_COLUMNS_WITHOUT_KEYWORDS,
  V11_COLUMNS,
  v11Row,
} from './movie-fixtures.js';

/** The same movies as four sources describe them. Heat has no TMDb id in links.csv, so it merges on its IMDb id. */
function writeSources(): Record<'movielens' | 'tmdb5000' | 'v11' | 'top10k', string> {
  const dir = tempDir('crossfade-merge-');
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  write('ml/links.csv', 'movieId,imdbId,tmdbId\r\n1,0114709,862\r\n6,0113277,\r\n32,0114746,63\r\n');
  write('ml/tags.csv', 'userId,movieId,tag,timestamp\r\n1,1,Pixar,1\r\n1,6,heist,2\r\n');
  return {
    movielens: write(
      'ml/movies.csv',
      'movieId,title,genres\r\n1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\r\n6,Heat (1995),Action|Crime|Thriller\r\n32,Twelve Monkeys (a.k.a. 12 Monkeys) (1995),Mystery|Sci-Fi|Thriller\r\n',
    ),
    tmdb5000: write(
      'tmdb_5000_movies.csv',
      csvText(TMDB5000_COLUMNS, [tmdb5000Row(), avatar5000Row({ genres: jsonNames(['Action', 'Science Fiction']), keywords: jsonNames(['future']) })]),
    ),
    v11: write(
      'TMDB_movie_dataset_v11.csv',
      csvText(V11_COLUMNS, [
        v11Row(),
        v11Row({
          id: 949,
          title: 'Heat',
          original_title: 'Heat',
          imdb_id: 'tt0113277',
          genres: 'Action, Crime, Drama',
          keywords: 'robbery, heist',
          release_date: '1995-12-15',
        }),
      ]),
    ),
    top10k: write(
      'top10K-TMDB-movies.csv',
      csvText(TOP10K_COLUMNS, [
        top10kRow({ id: 862, title: 'Toy Story', genre: 'Animation,Family', release_date: '1995-10-30' }),
        top10kRow({ id: 63, title: '12 Monkeys', genre: 'Science Fiction,Thriller', release_date: '1995-12-29' }),
      ]),
    ),
  };
}

describe('movie formats merge into one catalog movie per film', () => {
  it('MovieLens + TMDB 5000 + v11 + Top 10000: one Toy Story holding every id, genre and keyword', async () => {
    const db = tempDatabase();
    const files = writeSources();
    const added: number[] = [];
    for (const file of [files.movielens, files.tmdb5000, files.v11, files.top10k]) added.push((await importFile(db, { file })).counters.itemsAdded);
    expect(added).toEqual([3, 1, 0, 0]);
    expect(count(db, `SELECT count(*) FROM movies`)).toBe(4);

    const toyStory = movieWhere(db, 'tmdb_id = 862')!;
    expect(toyStory).toMatchObject({
      imdb_id: 'tt0114709',
      movielens_id: 1,
      title: 'Toy Story',
      release_year: 1995,
      poster_path: '/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg',
    });
    expect(genresOf(db, toyStory.id)).toEqual(['adventure', 'animation', 'children', 'comedy', 'family', 'fantasy']);
    expect(keywordsOf(db, toyStory.id)).toEqual(['boy', 'friendship', 'jealousy', 'pixar', 'rescue', 'toy']);
    expect(count(db, `SELECT count(*) FROM item_sources WHERE item_kind = 'movie' AND item_id = ?`, toyStory.id)).toBe(4);

    // Heat had no TMDb id in links.csv: v11 matched it on the IMDb id and gave it one.
    const heat = movieWhere(db, 'movielens_id = 6')!;
    expect(heat).toMatchObject({ tmdb_id: 949, imdb_id: 'tt0113277', title: 'Heat', release_date: '1995-12-15' });
    expect(keywordsOf(db, heat.id)).toEqual(['heist', 'robbery']);
    expect(movieWhere(db, 'tmdb_id = 63')).toMatchObject({ movielens_id: 32, imdb_id: 'tt0114746', title: '12 Monkeys' });
  });

  it('gives the same catalog whatever the import order', async () => {
    const snapshot = async (order: readonly (keyof ReturnType<typeof writeSources>)[]) => {
      const db = tempDatabase();
      const files = writeSources();
      for (const name of order) await importFile(db, { file: files[name] });
      return {
        ids: db.prepare(`SELECT tmdb_id, imdb_id, movielens_id FROM movies ORDER BY tmdb_id, movielens_id`).all(),
        genres: count(db, `SELECT count(*) FROM movie_genres`),
        keywords: count(db, `SELECT count(*) FROM movie_keywords`),
      };
    };
    const forward = await snapshot(['movielens', 'tmdb5000', 'v11', 'top10k']);
    expect(await snapshot(['top10k', 'v11', 'tmdb5000', 'movielens'])).toEqual(forward);
    expect(forward.ids).toHaveLength(4);
  });

  it('the keyword-less v11 subset merges the same way', async () => {
    const db = tempDatabase();
    const dir = tempDir();
    const file = path.join(dir, 'subset.csv');
    fs.writeFileSync(file, csvText(V11_COLUMNS_WITHOUT_KEYWORDS, [v11Row()], '\r\n'));
    await importFile(db, { file: writeSources().tmdb5000 });
    const summary = await importFile(db, { file });
    expect(summary.counters).toMatchObject({ itemsAdded: 0, itemsMerged: 1 });
    expect(movieWhere(db, 'tmdb_id = 862')).toMatchObject({ imdb_id: 'tt0114709', budget: 30000000, vote_count: 17262 });
  });

  it('MovieLens ratings fill missing votes but never replace TMDb votes, in either import order', async () => {
    for (const order of [
      ['movielens', 'v11'],
      ['v11', 'movielens'],
    ] as const) {
      const db = tempDatabase();
      const files = writeSources();
      fs.writeFileSync(path.join(path.dirname(files.movielens), 'ratings.csv'), 'userId,movieId,rating,timestamp\r\n1,1,4.0,1\r\n2,1,5.0,2\r\n1,32,3.0,3\r\n');
      for (const source of order) await importFile(db, { file: files[source] });
      expect(movieWhere(db, 'tmdb_id = 862')).toMatchObject({ vote_count: 17262, vote_average: 7.97 });
      expect(movieWhere(db, 'movielens_id = 32')).toMatchObject({ vote_count: 1, vote_average: 6 });
    }
  });
});
