import { mainArtistKeys, songRows, type SongFacts, type SongScope } from '../catalog/recordings.js';
import type { CatalogDatabase } from '../db/open-database.js';

/**
 * Whether a song's lyrics are explicit. Spotify's flag decides where the source has it; several
 * datasets (the 1921–2020 subset, TidyTuesday's) leave it out, which used to read as "clean" and
 * let "I Don't Give A Fuck" by 2Pac onto Home Alone's first page. Without a flag, a song counts as
 * explicit when
 * - its title says so: a swear word, or one censored with asterisks ("Down A** B**ch");
 * - or its main artist's flagged songs are mostly explicit (at least MIN_FLAGGED_SONGS of them,
 *   more than half explicit): a 2Pac album track is explicit far more often than not;
 * - or one of its genres is, across the catalog's flagged songs (at least MIN_FLAGGED_IN_GENRE of
 *   them, more than half explicit): in the evaluation catalog, rap (22 of 29) and comedy (stand-up
 *   albums, 59 of 88), so Big L's gangsta rap stays off Toy Story's first page.
 * Otherwise it stays unknown, which ranks as clean. A title that names its version ("Seven (Explicit
 * Ver.)", "Savage Remix (Clean)", "Get the Party Started - Clean Lyrics") says which it is before
 * anything else does: a clean edit of a swearing title is clean.
 */

const SWEARING = /\b(?:(?:mother)?f+u+c+k\w*|sh[i1]t\w*|bitch\w*|nigg(?:a|az|as|er|ers)|pussy|cunt\w*|asshole\w*)\b/iu;
/** A letter, asterisks, a letter: "F**k", "A** B**ch", "N***a". */
const CENSORED = /\p{L}\*+\p{L}|\b\p{L}\*{2,}(?!\p{L})/iu;

/** Songs by one main artist with a known flag needed before the artist's share says anything. */
const MIN_FLAGGED_SONGS = 3;
/** The same for a genre, which mixes many artists. */
const MIN_FLAGGED_IN_GENRE = 20;

export function titleSoundsExplicit(title: string): boolean {
  return SWEARING.test(title) || CENSORED.test(title);
}

/**
 * A version named in brackets or after a dash, alone or after one of a few words: "(Explicit)",
 * "[Explicit Version]", "(Explicit Ver.)", "- Original Explicit Version", "- Clean Lyrics". Not
 * "Come Clean", "Caution - Clean Bandit Remix" or "Mr. Clean".
 */
const versionMark = (word: string) =>
  new RegExp(
    `(?:[([]\\s*|\\s[-–]\\s+)(?:(?:original|album|single|radio|lp)\\s+)?${word}(?:\\s+(?:ver\\.?|version|album version|edit|lyrics))?\\s*(?:[)\\]]|$)`,
    'iu',
  );
const MARKED_EXPLICIT = versionMark('(?:explicit|dirty)');
const MARKED_CLEAN = versionMark('(?:clean|censored|edited)');

/** What a song's title alone says of its lyrics: its named version, else swearing; null when it says nothing. */
export function explicitFromTitle(title: string): boolean | null {
  if (MARKED_CLEAN.test(title)) return false;
  if (MARKED_EXPLICIT.test(title) || titleSoundsExplicit(title)) return true;
  return null;
}

/**
 * What the catalog knows for certain of a song's lyrics: the source's flag, else its title
 * (explicitFromTitle). What filters and judges use; the ranker also guesses from the artist and
 * the genre (loadExplicitLyrics).
 */
export function knownExplicit(flag: number | null, title: string): boolean | null {
  return flag !== null ? flag === 1 : explicitFromTitle(title);
}

/** For each song row: its flag (1, 0 or null), title, artists and genre ids (GROUP_CONCAT) → explicit, clean, or unknown (null). */
export type ExplicitLyrics = (flag: number | null, title: string, artists: string, genreIds: string | null) => boolean | null;

const mostlyExplicit = (count: { flagged: number; explicit: number } | undefined, minimum: number): boolean =>
  count !== undefined && count.flagged >= minimum && count.explicit * 2 > count.flagged;

/**
 * Reads every song's flag once to learn which artists are mostly explicit; then answers per song.
 * With a scope it counts only the scope's artists' songs, and answers for the scope's songs.
 */
export function loadExplicitLyrics(
  db: CatalogDatabase,
  scope?: SongScope,
  /** The songs (the scope's, with one) as a build read them for all its statistics. */
  facts?: SongFacts,
): ExplicitLyrics {
  const keyOf = facts?.artistKeyOf ?? scope?.artistKeyOf ?? mainArtistKeys();
  const counts = new Map<string, { flagged: number; explicit: number }>();
  const countFlag = (artists: string, flag: number) => {
    const key = keyOf(artists);
    if (key === '') return;
    let count = counts.get(key);
    if (!count) counts.set(key, (count = { flagged: 0, explicit: 0 }));
    count.flagged++;
    if (flag === 1) count.explicit++;
  };
  if (facts) {
    for (const row of facts.rows) if (row[9] !== null) countFlag(row[2], row[9]);
  } else for (const [artists, flag] of songRows<[string, number]>(db, 'artists, explicit', 'explicit IS NOT NULL', scope).iterate()) countFlag(artists, flag);
  // Counted at the first song that needs them (no flag, no telling title or artist): a catalog whose
  // songs all carry the flag never reads them (1.0 to 1.7 s at a million songs).
  let explicitGenres: ReadonlySet<string> | null = null;
  const genresMostlyExplicit = (): ReadonlySet<string> =>
    (explicitGenres ??= new Set(
      (
        db
          .prepare(
            // CROSS JOIN keeps songs outside: read in rowid order, each song's genres found by their key.
            // The planner's choice (each genre's songs looked up across the table) took 1.7 s against
            // 1.0 s at a million songs.
            `SELECT sg.genre_id, count(*), sum(s.explicit) FROM songs s CROSS JOIN song_genres sg ON sg.song_id = s.id
             WHERE s.explicit IS NOT NULL GROUP BY sg.genre_id`,
          )
          .raw()
          .all() as [number, number, number][]
      )
        .filter(([, flagged, explicit]) => mostlyExplicit({ flagged, explicit }, MIN_FLAGGED_IN_GENRE))
        .map(([genreId]) => String(genreId)),
    ));
  return (flag, title, artists, genreIds) => {
    const known = knownExplicit(flag, title);
    if (known !== null) return known;
    if (mostlyExplicit(counts.get(keyOf(artists)), MIN_FLAGGED_SONGS)) return true;
    if (genreIds === null) return null;
    const genres = genresMostlyExplicit();
    return genres.size > 0 && genreIds.split(',').some((id) => genres.has(id)) ? true : null;
  };
}

/** Every song the catalog reads as explicit (loadExplicitLyrics), for whoever needs the whole set. */
export function explicitSongIds(db: CatalogDatabase): Set<number> {
  const explicitLyrics = loadExplicitLyrics(db);
  const ids = new Set<number>();
  const rows = db
    .prepare(
      `SELECT s.id, s.explicit, s.title, s.artists, g.ids FROM songs s
       LEFT JOIN (SELECT song_id, group_concat(genre_id) AS ids FROM song_genres GROUP BY song_id) g ON g.song_id = s.id`,
    )
    .raw()
    .iterate() as IterableIterator<[number, number | null, string, string, string | null]>;
  for (const [id, flag, title, artists, genreIds] of rows) if (explicitLyrics(flag, title, artists, genreIds) === true) ids.add(id);
  return ids;
}
