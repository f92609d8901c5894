import type { CatalogDatabase } from '../db/open-database.js';

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

  genreId(domain: 'music' | 'movie', name: string): number {
    const ids = this.genreIds[domain];
    let id = ids.get(name);
    if (id === undefined) {
      const normalised = normaliseTerm(name);
      id = ids.get(normalised);
      if (id === undefined) {
        this.insertGenre.run(domain, normalised);
        id = this.selectGenre.get(domain, normalised) as number;
        ids.set(normalised, id);
      }
      ids.set(name, id);
    }
    return id;
  }

  keywordId(name: string): number {
    let id = this.keywordIds.get(name);
    if (id === undefined) {
      const normalised = normaliseTerm(name);
      id = this.keywordIds.get(normalised);
      if (id === undefined) {
        this.insertKeyword.run(normalised);
        id = this.selectKeyword.get(normalised) as number;
        this.keywordIds.set(normalised, id);
      }
      this.keywordIds.set(name, id);
    }
    return id;
  }

  /** Ids created inside a transaction that rolled back are gone: forget them. */
  reset(): void {
    this.genreIds.music.clear();
    this.genreIds.movie.clear();
    this.keywordIds.clear();
  }
}

/** Genres and keywords are compared in lower case with single spaces ("Science Fiction" = "science  fiction"). */
export function normaliseTerm(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
