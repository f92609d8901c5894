import type { CatalogDatabase } from '../db/open-database.js';
import { readExportFiles, TasteImportError, type ExportFile } from './export-files.js';
import { letterboxdListOf, readLetterboxdCsv, stars, type LetterboxdFilm } from './letterboxd.js';
import { CatalogMatcher } from './match.js';
import { readSpotifyFiles, type SpotifyTrackRef } from './spotify.js';
import { TasteStore, type TasteEntry, type TasteProfile } from './taste-store.js';

/** What an export's rows became, per group of rows ("Letterboxd ratings.csv", "Spotify streaming history"). */
interface TasteMatchReport {
  readonly what: string;
  readonly matched: number;
  readonly ambiguous: number;
  readonly missing: number;
  /** A few examples of each, for the report ("Crash (2004): 2 films in the catalog"). */
  readonly ambiguousExamples: readonly string[];
  readonly missingExamples: readonly string[];
}

interface TasteImportSummary {
  readonly source: 'letterboxd' | 'spotify';
  readonly profiles: readonly TasteProfile[];
  readonly reports: readonly TasteMatchReport[];
  /** Rows left out while reading, and why (line numbers included). */
  readonly notes: readonly string[];
}

/** Films rated under this say what the user doesn't like: they are left out of "films I rated". */
const LIKED_RATING = 3;
/** Spotify counts a play from 30 s; shorter listens are skips. */
const MIN_PLAY_MS = 30_000;
/** Distinct tracks of a streaming history matched at most (the most played first). */
const MAX_HISTORY_TRACKS = 5000;
const EXAMPLES = 5;

/**
 * Imports a Letterboxd or Spotify account export (a ZIP, its folder, or one of its files) as taste
 * profiles, matching every film or track against the catalog and reporting what matched.
 */
export function importTaste(db: CatalogDatabase, file: string, shownAs = file): TasteImportSummary {
  const files = readExportFiles(file, shownAs);
  const letterboxd = files.filter((entry) => letterboxdListOf(entry.baseName) !== null);
  const spotify = files.filter((entry) => /\.json$/i.test(entry.baseName));
  if (letterboxd.length > 0 && spotify.length > 0)
    throw new TasteImportError(`${shownAs} mixes Letterboxd and Spotify files: import them one export at a time.`);
  if (letterboxd.length > 0) return importLetterboxd(db, letterboxd);
  if (spotify.length > 0) return importSpotify(db, spotify);
  // A CSV with another name: read it as Letterboxd if its header says so.
  const [only] = files;
  if (only && /\.csv$/i.test(only.baseName)) return importLetterboxd(db, [{ ...only, baseName: 'watched.csv' }]);
  throw new TasteImportError(`${shownAs}: no Letterboxd or Spotify export files found.`);
}

class Tally {
  matched = 0;
  ambiguous = 0;
  missing = 0;
  readonly ambiguousExamples: string[] = [];
  readonly missingExamples: string[] = [];
  constructor(readonly what: string) {}
  report(): TasteMatchReport {
    return {
      what: this.what,
      matched: this.matched,
      ambiguous: this.ambiguous,
      missing: this.missing,
      ambiguousExamples: this.ambiguousExamples,
      missingExamples: this.missingExamples,
    };
  }
}

function importLetterboxd(db: CatalogDatabase, files: readonly ExportFile[]): TasteImportSummary {
  const matcher = new CatalogMatcher(db);
  const store = new TasteStore(db);
  const notes: string[] = [];
  const reports: TasteMatchReport[] = [];
  const byList = new Map<string, { file: ExportFile; films: LetterboxdFilm[] }>();
  for (const file of files) {
    const list = letterboxdListOf(file.baseName)!;
    const { films, problems } = readLetterboxdCsv(file, list);
    notes.push(...problems.slice(0, 20));
    if (problems.length > 20) notes.push(`${file.shownName}: ${problems.length - 20} more rows were left out.`);
    byList.set(list, { file, films });
  }

  const matchAll = (file: ExportFile, films: readonly LetterboxdFilm[]) => {
    const tally = new Tally(`Letterboxd ${file.baseName}`);
    const matched: { film: LetterboxdFilm; id: number }[] = [];
    for (const film of films) {
      const label = `${film.name}${film.year ? ` (${film.year})` : ''}`;
      const match = matcher.movie(film);
      if (match.status === 'matched') {
        tally.matched++;
        matched.push({ film, id: match.id });
      } else if (match.status === 'ambiguous') {
        tally.ambiguous++;
        if (tally.ambiguousExamples.length < EXAMPLES)
          tally.ambiguousExamples.push(
            `${label}: ${match.candidates.length} films in the catalog (ids ${match.candidates.map((candidate) => candidate.id).join(', ')})`,
          );
      } else {
        tally.missing++;
        if (tally.missingExamples.length < EXAMPLES) tally.missingExamples.push(label);
      }
    }
    reports.push(tally.report());
    return matched;
  };

  const profiles: TasteProfile[] = [];
  // Ratings come from ratings.csv, or from the diary when there is no ratings file (its latest rating per film).
  const rated = byList.get('ratings') ?? byList.get('diary');
  if (rated) {
    const matched = matchAll(rated.file, rated.films);
    const latest = new Map<number, number>();
    for (const { film, id } of matched) if (film.rating !== null) latest.set(id, film.rating);
    const liked = [...latest].filter(([, rating]) => rating >= LIKED_RATING);
    const disliked = latest.size - liked.length;
    if (disliked > 0)
      notes.push(`${disliked} films rated under ${stars(LIKED_RATING)} were left out of "Letterboxd: films I rated": they say what you don't like.`);
    const entries = (rows: [number, number][]): TasteEntry[] => rows.map(([itemId, rating]) => ({ itemId, weight: rating, detail: stars(rating) }));
    if (liked.length > 0) profiles.push(store.save('Letterboxd: films I rated', 'movie', `Letterboxd ${rated.file.baseName}`, entries(liked)));
    const fiveStars = liked.filter(([, rating]) => rating === 5);
    if (fiveStars.length > 0) profiles.push(store.save('My 5-star films', 'movie', `Letterboxd ${rated.file.baseName}`, entries(fiveStars)));
    if (rated !== byList.get('diary') && byList.has('diary')) matchAll(byList.get('diary')!.file, byList.get('diary')!.films);
  }
  for (const [list, name] of [
    ['watched', 'Letterboxd: watched'],
    ['watchlist', 'Letterboxd: watchlist'],
  ] as const) {
    const entry = byList.get(list);
    if (!entry) continue;
    const matched = matchAll(entry.file, entry.films);
    if (matched.length > 0)
      profiles.push(
        store.save(
          name,
          'movie',
          `Letterboxd ${entry.file.baseName}`,
          matched.map(({ id }) => ({ itemId: id, weight: 1, detail: null })),
        ),
      );
  }
  if (profiles.length === 0) notes.push('No film of the export is in the catalog: import a movie dataset (Library) first, then import the export again.');
  return { source: 'letterboxd', profiles, reports, notes };
}

function importSpotify(db: CatalogDatabase, files: readonly ExportFile[]): TasteImportSummary {
  const data = readSpotifyFiles(files);
  const matcher = new CatalogMatcher(db);
  const store = new TasteStore(db);
  const notes = [...data.skipped];
  const reports: TasteMatchReport[] = [];
  const profiles: TasteProfile[] = [];

  const matchTracks = (what: string, tracks: readonly SpotifyTrackRef[]): (number | null)[] => {
    const tally = new Tally(what);
    const ids = tracks.map((track) => {
      const match = matcher.song(track);
      if (match.status === 'matched') {
        tally.matched++;
        return match.id;
      }
      tally.missing++;
      if (tally.missingExamples.length < EXAMPLES) tally.missingExamples.push(`${track.title} — ${track.artist}`);
      return null;
    });
    reports.push(tally.report());
    return ids;
  };

  if (data.plays.length > 0) {
    const latestYear = data.plays.reduce((year, play) => Math.max(year, Number(play.endedAt.slice(0, 4)) || 0), 0);
    const allTime = playTime(data.plays);
    const thisYear = playTime(data.plays.filter((play) => play.endedAt.startsWith(String(latestYear))));
    const played = allTime.filter((track) => track.ms >= MIN_PLAY_MS);
    const kept = played.slice(0, MAX_HISTORY_TRACKS);
    if (played.length < allTime.length)
      notes.push(`${(allTime.length - played.length).toLocaleString('en')} tracks played under 30 s in all were left out (Spotify counts a play from 30 s).`);
    if (kept.length < played.length)
      notes.push(
        `Only the ${MAX_HISTORY_TRACKS.toLocaleString('en')} most played tracks were matched; ${(played.length - kept.length).toLocaleString('en')} less played ones were left out.`,
      );
    const ids = matchTracks('Spotify streaming history', kept);
    const idOf = new Map(kept.map((track, index) => [track.key, ids[index]]));
    const entries = (tracks: readonly PlayTime[]): TasteEntry[] =>
      tracks.flatMap((track) => {
        const itemId = idOf.get(track.key);
        return itemId != null && track.ms >= MIN_PLAY_MS ? [{ itemId, weight: track.ms / 60_000, detail: `${formatPlayTime(track.ms)} played` }] : [];
      });
    const mostPlayed = entries(kept);
    if (mostPlayed.length > 0) profiles.push(store.save('Spotify: most played', 'song', 'Spotify streaming history', mostPlayed));
    const yearEntries = entries(thisYear);
    if (yearEntries.length > 0 && latestYear > 0) profiles.push(store.save(`Most played in ${latestYear}`, 'song', 'Spotify streaming history', yearEntries));
  }
  if (data.library.length > 0) {
    const ids = matchTracks('Spotify YourLibrary.json (liked songs)', data.library);
    const entries = ids.flatMap((itemId) => (itemId !== null ? [{ itemId, weight: 1, detail: 'liked' }] : []));
    if (entries.length > 0) profiles.push(store.save('Spotify: liked songs', 'song', 'Spotify YourLibrary.json', entries));
  }
  for (const playlist of data.playlists) {
    const ids = matchTracks(`Spotify playlist "${playlist.name}"`, playlist.tracks);
    const entries = ids.flatMap((itemId) => (itemId !== null ? [{ itemId, weight: 1, detail: null }] : []));
    if (entries.length > 0) profiles.push(store.save(`Spotify playlist: ${playlist.name}`, 'song', 'Spotify Playlist.json', entries));
  }
  if (profiles.length === 0) notes.push('No track of the export is in the catalog: import a songs dataset (Library) first, then import the export again.');
  return { source: 'spotify', profiles, reports, notes };
}

interface PlayTime extends SpotifyTrackRef {
  readonly key: string;
  readonly ms: number;
}

/** Total play time per track, most played first. A track is its URI when known, else its title and artist. */
function playTime(plays: readonly (SpotifyTrackRef & { msPlayed: number })[]): PlayTime[] {
  const totals = new Map<string, PlayTime>();
  for (const play of plays) {
    const key = play.spotifyId ?? `${play.title.toLowerCase()}|${play.artist.toLowerCase()}`;
    const known = totals.get(key);
    totals.set(key, { title: play.title, artist: play.artist, spotifyId: play.spotifyId, key, ms: (known?.ms ?? 0) + play.msPlayed });
  }
  return [...totals.values()].sort((a, b) => b.ms - a.ms);
}

function formatPlayTime(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}
