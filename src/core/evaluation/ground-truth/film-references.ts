/**
 * Film titles named by a song's album or title: "Frozen 2 (Original Motion Picture Soundtrack)",
 * "Into The Wild (Music For The Motion Picture)", "Top Gun - Motion Picture Soundtrack (Special
 * Expanded Edition)", "Music From the Motion Picture "The Craft"", or a title such as "Love Me Like
 * You Do - From "Fifty Shades Of Grey"". Used by source (c) and to confirm Oscar songs.
 */

export interface FilmReference {
  /** The film title as written (not normalised). */
  readonly film: string;
  readonly via: 'album' | 'title';
  /** The album or song title it was read from. */
  readonly text: string;
}

/**
 * Phrases that mark a film soundtrack album. Plain "Soundtrack" and "OST" count too ("Spirited
 * Away Soundtrack", "Pride and Prejudice - OST"); the movie lookup by title and year rejects the
 * albums that merely use the word ("Your Perfect Soundtrack").
 */
const SOUNDTRACK_MARKER = new RegExp(
  [
    String.raw`(?:music|songs?|soundtrack)\s+(?:from|for)\s+(?:(?:and|&)\s+inspired\s+by\s+)?(?:the\s+)?(?:original\s+)?(?:motion\s+picture|film|movie)(?:\s+soundtrack)?`,
    String.raw`(?:the\s+)?(?:original\s+)?(?:motion\s+picture|film|movie)[\s-]+(?:soundtrack|score)`,
    String.raw`original\s+(?:soundtrack|score)(?:\s+recording)?`,
    String.raw`soundtrack`,
    String.raw`\bo\.?s\.?t\b`,
  ].join('|'),
  'iu',
);

/**
 * Soundtracks of what is not a film. "Original Television Soundtrack", "Original Game
 * Soundtrack", "Soundtrack from the Netflix Original Series", "(Episodes 1-3)", "TV Anime …" and
 * Broadway cast recordings would otherwise pair with a film that shares the title. Kept narrow:
 * "A Series of Unfortunate Events" and "The Hunger Games" are films.
 */
const NOT_A_FILM =
  /\b(?:television|tv|(?:original|netflix|hbo|tv|web)\s+series|series\s+\d|seasons?\s*\d|episodes?\s*\d|(?:video\s+)?game\s+soundtrack|original\s+game|anime|broadway|cast\s+recording|netflix|hbo)\b/iu;

/** `From "Film"` in a title or album; `Live From "…"` is a concert, not a film. */
const FROM_QUOTED = /(?<!\blive\s)\bfrom\b[^"\u201C\u201D]{0,60}?["\u201C]([^"\u201C\u201D]+)["\u201D]/iu;
/** `from the film White Noise` without quotes, up to a closing bracket or dash. */
const FROM_THE_FILM = /\bfrom\s+the\s+(?:motion\s+picture|film|movie)\s+([^"\u201C()[\]]+?)\s*(?:[)\]]|\s-\s|$)/iu;
/** Editions and bracketed notes trailing the film title ("Frozen (Deluxe Edition)"). */
const TRAILING_NOTE = /\s*(?:[([][^()[\]]*[)\]]|[-:/–]\s*)$/u;

function cleanFilm(text: string): string {
  let film = text.trim();
  for (let previous = ''; previous !== film;) {
    previous = film;
    film = film.replace(TRAILING_NOTE, '').trim();
  }
  return film.replace(/^["\u201C]|["\u201D]$/gu, '').trim();
}

/** The film named by an album: the text before the soundtrack marker, or a quoted title after it. */
export function albumFilm(album: string): string | null {
  if (NOT_A_FILM.test(album)) return null;
  const marker = SOUNDTRACK_MARKER.exec(album);
  if (!marker) return null;
  // Cut at the bracket that holds the marker: "Frozen 2 (Original … Soundtrack/Deluxe Edition)".
  let before = album.slice(0, marker.index);
  const open = Math.max(before.lastIndexOf('('), before.lastIndexOf('['));
  if (open >= 0 && !/[)\]]/u.test(before.slice(open))) before = before.slice(0, open);
  const film = cleanFilm(before.replace(/\b(?:the\s+)?original\s*$/iu, '').replace(/\b(?:from|of)\s*$/iu, ''));
  if (film !== '') return film;
  const after = /["\u201C]([^"\u201C\u201D]+)["\u201D]/u.exec(album.slice(marker.index));
  return after ? after[1]!.trim() : null;
}

/** A film named in a song title ("… - From "Aladdin"", "… [From The Motion Picture "Barbie"]"). */
export function titleFilm(title: string): string | null {
  const quoted = FROM_QUOTED.exec(title);
  const film = quoted ? quoted[1]! : (FROM_THE_FILM.exec(title)?.[1] ?? null);
  if (film === null) return null;
  // "From "Frozen"/Soundtrack Version" and "From "Top Gun" Original Soundtrack" quote the film alone.
  const context = title.slice(Math.max(0, title.toLowerCase().indexOf('from')));
  if (NOT_A_FILM.test(context)) return null;
  const cleaned = cleanFilm(film);
  return cleaned === '' ? null : cleaned;
}

/** Every film a song names, album first; the same film named twice is listed once. */
export function filmReferences(song: { readonly title: string; readonly album: string | null }): FilmReference[] {
  const references: FilmReference[] = [];
  const fromAlbum = song.album ? (titleFilm(song.album) ?? albumFilm(song.album)) : null;
  if (fromAlbum !== null && song.album) references.push({ film: fromAlbum, via: 'album', text: song.album });
  const fromTitle = titleFilm(song.title);
  if (fromTitle !== null && fromTitle.toLowerCase() !== fromAlbum?.toLowerCase()) references.push({ film: fromTitle, via: 'title', text: song.title });
  return references;
}
