/**
 * Music a film is about, and the songs of that music: Whiplash is about jazz, Saturday Night
 * Fever about disco, 8 Mile about hip-hop, Home Alone is set at Christmas. A person who picks such
 * a film expects its music among the first songs, and a person who picks a jazz song expects films
 * about jazz; the learned ranker cannot know it (the soundtrack pairs hold a handful of such films),
 * and the genre block, which compares every film's concepts with every song's, is far too weak to
 * lift a 1950s jazz standard over the film's own era.
 *
 * A film is about a topic when its keywords name it, or its title, overview or tagline name it in
 * words that only mean the music ("jazz", "a rock band", "rap music"; never "rock bottom", "rap
 * sheet", "a young punk" or "soap opera"). A song is of a topic when one of its genres names it, or
 * one of its artist's Last.fm tags does with a weight of at least STRONG_TAG (a tag a few listeners
 * gave says little), or, for Christmas, when it is a Christmas song (christmas.ts).
 *
 * The block holds one value per topic. A film holds 1 for every topic it is about; a song holds
 * its topics as shares that sum to 1, so a song of one topic gets the block's whole weight from a
 * film about it and a song filed under jazz, soul and blues a third from a film about one of them.
 * Eight topics fill the vector's padding to 160 dimensions, so the engine's scan costs the same.
 */

interface MusicTopic {
  readonly id: string;
  /** The music, in words that fit "jazz, which the film is about". */
  readonly label: string;
  /** Tested against each of the film's keywords (lower case, whole keyword). */
  readonly filmKeyword: RegExp;
  /** Tested against the film's title, overview and tagline, in lower case. */
  readonly filmText: RegExp;
  /**
   * Words that name the music only in a film about music (a Music or Musical genre): elsewhere "a
   * disco" is a night club the characters leave.
   */
  readonly filmTextInMusicFilm?: RegExp;
  /** Tested against each of the song's genres and strong tags (lower case). */
  readonly songGenre: RegExp;
  /** What a film not about the topic holds (0 when absent): a Christmas song is out of place in a film not set at Christmas. */
  readonly elsewhere?: number;
}

export const MUSIC_TOPICS: readonly MusicTopic[] = [
  {
    id: 'jazz',
    label: 'jazz',
    filmKeyword: /^(?:jazz|jazz (?:band|club|musician|singer|music)|bebop|swing music|big band)$/,
    // Not "bebop" in a film's text: Bebop and Rocksteady are Shredder's henchmen.
    filmText: /\bjazz\b/,
    songGenre: /\bjazz\b|\bbebop\b|\bbig band\b|(?<!new jack )\bswing\b|\bbossa nova\b/,
  },
  {
    id: 'disco',
    label: 'disco',
    filmKeyword: /^(?:disco|discotheque|disco music|disco dancing)$/,
    // The music, or a disco where people dance (a sentence that names both).
    filmText:
      /\bdisco(?: music| dancing| dancers?| era| fever| kings?| queens?| scene| songs?| stars?| craze)\b|\bdisco(?:s|theques?)?\b[^.]*\b(?:danc\w*|dance moves|moves)\b|\bdanc\w*\b[^.]*\bdisco(?:s|theques?)?\b/,
    filmTextInMusicFilm: /\bdisco(?:s|theques?)?\b/,
    songGenre: /\bdisco\b/,
  },
  {
    id: 'hip-hop',
    label: 'hip-hop',
    filmKeyword: /^(?:hip[- ]?hop|rap(?: music| battle| group)?|rapper|gangsta rap|breakdancing)$/,
    filmText: /\bhip[- ]?hop\b|\brappers?\b|\brap (?:music|battles?|groups?|stars?|artists?|careers?|albums?)\b|\bgangsta rap\b/,
    songGenre: /\bhip[- ]?hop\b|\brap\b|\btrap\b|\bgrime\b|\bdrill\b/,
  },
  {
    id: 'country',
    label: 'country music',
    filmKeyword: /^(?:country music|country singer|country and western|nashville(?:, tennessee)?|honky[- ]tonk|bluegrass)$/,
    filmText: /\bcountry(?: music| singers?| stars?| bands?| songs?| musicians?)\b|\bhonky[- ]tonk\b|\bbluegrass\b|\bgrand ole opry\b/,
    songGenre: /\bcountry\b|\bbluegrass\b|\bhonky[- ]tonk\b|\bamericana\b/,
  },
  {
    id: 'rock',
    label: 'rock',
    filmKeyword:
      /^(?:rock|rock music|rock band|rock star|rock and roll|rock 'n' roll|rock'n'roll|punk|punk rock|heavy metal|glam rock|grunge|rock concert|rock opera)$/,
    filmText:
      /\brock(?: bands?| stars?| singers?| music| musicians?| groups?| concerts?| festivals?| opera| legends?| 'n'? ?roll| and roll| n roll)\b|\brock'n'roll\b|\brockstars?\b|\bpunk(?: rock| bands?| music| scene| rockers?)\b|\bheavy metal\b|\bmetal bands?\b|\bglam rock\b|\bgrunge\b/,
    songGenre: /\brock\b|\bpunk\b|\bmetal\b|\bgrunge\b|\brockabilly\b|\brock[- ]n[- ]roll\b/,
  },
  {
    id: 'classical',
    label: 'classical music',
    filmKeyword: /^(?:classical music|composer|orchestra|symphony|symphony orchestra|opera|opera singer|pianist|violinist|cellist|mozart|beethoven|ballet)$/,
    filmText:
      /\bclassical music\b|\b(?:orchestras?|symphony|symphonies|concertos?|pianists?|violinists?|cellists?|composers?)\b|(?<!\b(?:soap|space|rock|horse)\s)\bopera(?:s| singers?| house)?\b|\bmozart\b|\bbeethoven\b/,
    songGenre: /\bclassical\b|\bopera\b|\bbaroque\b|\borchestra\b|\bsymphon|\bchamber music\b|\bromantic era\b/,
  },
  {
    id: 'christmas',
    label: 'Christmas songs',
    filmKeyword: /^(?:christmas|christmas eve|christmas party|christmas tree|santa claus|holiday season|christmas carol)$/,
    filmText: /\bchristmas(?:time)?\b|\bxmas\b|\bsanta claus\b/,
    songGenre: /\bchristmas(?:time)?\b|\bholiday\b|\bxmas\b/,
    elsewhere: -0.5,
  },
  {
    id: 'soul',
    label: 'soul and the blues',
    // Gospel only as music: "the Gospel of John" is scripture.
    filmKeyword: /^(?:soul music|soul singer|motown|blues|blues music|blues musician|blues singer|gospel music|gospel choir|gospel singer|r&b)$/,
    filmText:
      /\bsoul (?:music|singers?|bands?|legends?)\b|\bmotown\b|\bblues(?: musicians?| singers?| guitarists?| bands?| music| legends?| clubs?)\b|\bgospel(?: music| choirs?| singers?)\b|\brhythm and blues\b/,
    songGenre: /\bsoul\b|\bmotown\b|\bblues\b|\bgospel\b|\bfunk\b/,
  },
];

export const MUSIC_TOPIC_COUNT = MUSIC_TOPICS.length;

/** A Last.fm tag names a song's topic only with at least this weight (the share of the artist's top tag's listeners). */
const STRONG_TAG = 0.5;

interface FilmText {
  readonly title?: string | null;
  readonly overview: string | null;
  readonly tagline: string | null;
  readonly keywords: readonly string[];
  readonly genres: readonly string[];
}

/**
 * A superset of every film pattern's words: most films name none, and one scan for them costs
 * less than the eight topics' patterns (a million overviews: about 1 s instead of 57).
 */
const FILM_PREFILTER =
  /jazz|bebop|big band|swing music|disco(?!ver)|hip[- ]?hop|\brap|breakdanc|country (?:m|s|b|a)|nashville|honky|bluegrass|opry|rock|punk|metal|grunge|classical|orchestr|symphon|concerto|pianist|violinist|cellist|composer|opera|mozart|beethoven|ballet|christmas|xmas|santa claus|holiday season|soul |motown|blues|gospel|r&b/;

/** Film genres (TMDb, MovieLens) of films about music. */
const MUSIC_FILM_GENRES: ReadonlySet<string> = new Set(['music', 'musical']);

/** The topics a film is about: 1 for each, the topic's `elsewhere` value (0 or below) for the others. */
export function filmTopics(film: FilmText): Float32Array {
  // Lower case once: the patterns are lower case without the i and u flags, which made each scan of
  // an overview three to four times slower.
  const text = [film.title, film.overview, film.tagline]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('\n')
    .toLowerCase();
  const keywords = film.keywords.map((keyword) => keyword.toLowerCase().trim()).filter((keyword) => FILM_PREFILTER.test(keyword));
  if (keywords.length === 0 && !FILM_PREFILTER.test(text)) return ELSEWHERE;
  const musicFilm = film.genres.some((genre) => MUSIC_FILM_GENRES.has(genre.toLowerCase()));
  let row = ELSEWHERE;
  MUSIC_TOPICS.forEach((topic, index) => {
    if (
      keywords.some((keyword) => topic.filmKeyword.test(keyword)) ||
      topic.filmText.test(text) ||
      (musicFilm && topic.filmTextInMusicFilm?.test(text) === true)
    ) {
      if (row === ELSEWHERE) row = ELSEWHERE.slice();
      row[index] = 1;
    }
  });
  return row;
}

/** The row of a film about none of the topics, shared by all such films (encoders copy it into their rows, never write it). */
const ELSEWHERE: Float32Array = Float32Array.from(MUSIC_TOPICS, (topic) => topic.elsewhere ?? 0);

/**
 * The topics a song is of, as shares that sum to 1 (null when none): from its genres, its strong
 * tags, and whether it is a Christmas song.
 */
export function songTopics(genres: readonly string[], tags: ReadonlyMap<string, number> | undefined, christmas: boolean): Float32Array | null {
  const names = [...genres.map((genre) => genre.toLowerCase())];
  if (tags) for (const [tag, weight] of tags) if (weight >= STRONG_TAG) names.push(tag);
  let count = 0;
  const marks = MUSIC_TOPICS.map((topic) => {
    const on = (topic.id === 'christmas' && christmas) || names.some((name) => topic.songGenre.test(name));
    if (on) count++;
    return on;
  });
  if (count === 0) return null;
  return Float32Array.from(marks, (on) => (on ? 1 / count : 0));
}
