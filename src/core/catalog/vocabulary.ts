import type { Statement } from 'better-sqlite3';
import type { CatalogDatabase } from '../db/open-database.js';
import type { GenreDomain } from '../../shared/catalog-fields.js';

/** Get-or-create ids for genre and keyword names, cached for the length of an import. */
export class Vocabulary {
  // Keyed by names as given and by their normalised forms: a source repeats the same few spellings
  // on every row, and normalising one costs more than the lookup.
  private readonly genreIds = { music: new Map<string, number>(), movie: new Map<string, number>() };
  private readonly keywordIds = new Map<string, number>();
  private readonly insertGenre;
  private readonly selectGenre;
  private readonly insertKeyword;
  private readonly selectKeyword;

  constructor(db: CatalogDatabase) {
    this.insertGenre = db.prepare(`INSERT INTO genres(domain, name) VALUES (?, ?) ON CONFLICT DO NOTHING`);
    this.selectGenre = db.prepare(`SELECT id FROM genres WHERE domain = ? AND name = ?`).pluck();
    this.insertKeyword = db.prepare(`INSERT INTO keywords(name) VALUES (?) ON CONFLICT DO NOTHING`);
    this.selectKeyword = db.prepare(`SELECT id FROM keywords WHERE name = ?`).pluck();
  }

  genreId(domain: GenreDomain, name: string): number {
    return cachedId(this.genreIds[domain], name, (normalised) => this.store(this.insertGenre, this.selectGenre, domain, normalised));
  }

  keywordId(name: string): number {
    return cachedId(this.keywordIds, name, (normalised) => this.store(this.insertKeyword, this.selectKeyword, normalised));
  }

  /** Inserts the term unless it is there (ON CONFLICT DO NOTHING) and returns its id. */
  private store(insert: Statement, select: Statement, ...term: string[]): number {
    insert.run(...term);
    return select.get(...term) as number;
  }

  /** Ids created inside a transaction that rolled back are gone: forget them. */
  reset(): void {
    this.genreIds.music.clear();
    this.genreIds.movie.clear();
    this.keywordIds.clear();
  }
}

/** The id of `name` from `ids`, else of its normalised form, else from `store` (given the normalised form); both spellings are cached. */
function cachedId(ids: Map<string, number>, name: string, store: (normalised: string) => number): number {
  let id = ids.get(name);
  if (id === undefined) {
    const normalised = normaliseTerm(name);
    id = ids.get(normalised);
    if (id === undefined) {
      id = store(normalised);
      ids.set(normalised, id);
    }
    ids.set(name, id);
  }
  return id;
}

/** Genres and keywords are compared in lower case with single spaces ("Science Fiction" = "science  fiction"). */
export function normaliseTerm(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
