/**
 * What a song's Last.fm tags say about its era, language and mood, read from small tables.
 *
 * Tags are listeners' words, so every hint carries a confidence: the summed weight of the tags
 * that gave it, squashed into [0, 1) and scaled by how directly the tag says it ("1980s" is the
 * decade itself; "80s rock" is a decade plus a genre; "new wave" would be a guess and is not used).
 * Country and nationality tags ("swedish", "brazilian") name a language only where listeners
 * mostly mean the sung language; they get a lower strength, and nationalities whose bands mostly
 * sing in English ("swedish", "finnish", "norwegian", "danish", "dutch") are not read as a
 * language at all: Dancing Queen is Swedish and sung in English.
 */

export interface TagHints {
  decade: number | null /* e.g. 1980 */;
  decadeConfidence: number;
  /** Every decade the tags name, with its share of the decade evidence (sums to 1; empty when none). */
  decades: ReadonlyMap<number, number>;
  /** The summed weight of the decade tags, squashed into [0, 1) as the other confidences. */
  decadeEvidence: number;
  language: string | null /* ISO 639-1 */;
  languageConfidence: number;
  mood: Partial<{ valence: number; energy: number; acousticness: number; danceability: number }> /* each in [0,1], only axes the tags speak to */;
  moodConfidence: number;
}

type MoodAxis = 'valence' | 'energy' | 'acousticness' | 'danceability';

/** Spelled-out decades listeners use as tags. */
const DECADE_WORDS: Readonly<Record<string, number>> = {
  fifties: 1950,
  sixties: 1960,
  seventies: 1970,
  eighties: 1980,
  nineties: 1990,
  noughties: 2000,
  'two thousands': 2000,
};

/**
 * A decade tag, with how directly it names the decade. "80s", "1980s", "'80s", "eighties" and
 * "80's" are the decade (1.0); "80s rock", "80s pop", "90s hip-hop" are a decade plus a style
 * (0.8: "80s metal" can be a 2005 revival band). A bare year ("1984") and "00s" are left out:
 * a year tag is often a song or album title, and "00s" is also a misspelt "00's" for many things.
 */
export function decadeOfTag(tag: string): { decade: number; strength: number } | null {
  const text = tag.trim().toLowerCase();
  const word = DECADE_WORDS[text];
  if (word !== undefined) return { decade: word, strength: 1 };
  const match = /^(?:'|\u2019)?(19|20)?([0-9])0(?:'|\u2019)?s(?:\s+(.+))?$/u.exec(text);
  if (!match) return null;
  const century = match[1];
  const digit = Number(match[2]);
  let decade: number;
  if (century !== undefined) decade = Number(century) * 100 + digit * 10;
  // Two-digit forms: 50s..90s are the 1900s; 10s and 20s are ambiguous (1920s jazz or 2010s pop), left out.
  else if (digit >= 3) decade = 1900 + digit * 10;
  else return null;
  if (decade < 1900 || decade > 2020) return null;
  return { decade, strength: match[3] === undefined ? 1 : 0.8 };
}

/**
 * Language tags: tag → [ISO 639-1, strength]. 1.0 = the tag names the sung language or a scene
 * defined by it (j-pop, chanson, schlager); 0.6 = a nationality that mostly, not always, means the
 * language ("french", "german", "brazilian"); "latin" is Spanish at 0.5 (it also covers Portuguese).
 */
const LANGUAGE_TAGS: Readonly<Record<string, readonly [string, number]>> = {
  japanese: ['ja', 0.8],
  'j-pop': ['ja', 1],
  jpop: ['ja', 1],
  'j-rock': ['ja', 1],
  jrock: ['ja', 1],
  'visual kei': ['ja', 1],
  'j-music': ['ja', 1],
  enka: ['ja', 1],
  anime: ['ja', 0.6],
  'city pop': ['ja', 0.6],
  korean: ['ko', 0.8],
  'k-pop': ['ko', 1],
  kpop: ['ko', 1],
  'k-rock': ['ko', 1],
  chinese: ['zh', 0.8],
  'c-pop': ['zh', 1],
  cantopop: ['zh', 1],
  mandopop: ['zh', 1],
  mandarin: ['zh', 1],
  french: ['fr', 0.6],
  chanson: ['fr', 1],
  'chanson francaise': ['fr', 1],
  'chanson française': ['fr', 1],
  'french pop': ['fr', 0.8],
  'musique francaise': ['fr', 1],
  'variete francaise': ['fr', 1],
  'french rap': ['fr', 1],
  'rap francais': ['fr', 1],
  german: ['de', 0.6],
  deutsch: ['de', 1],
  schlager: ['de', 0.9],
  'deutsch rock': ['de', 1],
  deutschrock: ['de', 1],
  'deutscher hip hop': ['de', 1],
  deutschrap: ['de', 1],
  'neue deutsche welle': ['de', 1],
  'german rap': ['de', 0.9],
  spanish: ['es', 0.6],
  'en espanol': ['es', 1],
  'en español': ['es', 1],
  espanol: ['es', 1],
  español: ['es', 1],
  latin: ['es', 0.5],
  'latin pop': ['es', 0.7],
  reggaeton: ['es', 0.9],
  'rock en espanol': ['es', 1],
  'rock en español': ['es', 1],
  flamenco: ['es', 0.8],
  'musica mexicana': ['es', 1],
  ranchera: ['es', 1],
  cumbia: ['es', 0.9],
  bachata: ['es', 0.9],
  portuguese: ['pt', 0.6],
  brazilian: ['pt', 0.7],
  mpb: ['pt', 1],
  'bossa nova': ['pt', 0.6],
  samba: ['pt', 0.8],
  fado: ['pt', 1],
  sertanejo: ['pt', 1],
  'brazilian music': ['pt', 0.8],
  italian: ['it', 0.6],
  'musica italiana': ['it', 1],
  'italian pop': ['it', 0.8],
  cantautori: ['it', 1],
  'italian rock': ['it', 0.7],
  russian: ['ru', 0.7],
  'russian rock': ['ru', 0.9],
  'russian pop': ['ru', 0.9],
  polish: ['pl', 0.6],
  turkish: ['tr', 0.7],
  'turkish pop': ['tr', 0.9],
  greek: ['el', 0.7],
  finnish: ['fi', 0.3],
  hindi: ['hi', 1],
  bollywood: ['hi', 0.9],
  arabic: ['ar', 0.8],
};

/*
 * Left out of the language tags on purpose: nationalities whose tagged artists mostly sing in
 * English (ABBA, Roxette, a-ha, Nightwish), so the tag says nothing reliable about the language:
 * swedish, norwegian, danish, dutch, icelandic, british, uk, american, usa, canadian, australian,
 * irish, scottish.
 */

/**
 * Mood tags → positions on the song mood axes (Spotify's scales, each in [0, 1]). Only the axes a
 * tag clearly speaks to are set: "sad" speaks to valence, not to tempo. "dark" is low valence only
 * (a dark song can be loud or quiet); "acoustic" is acousticness only.
 */
const MOOD_TAGS: Readonly<Record<string, Partial<Record<MoodAxis, number>>>> = {
  happy: { valence: 0.85 },
  'feel good': { valence: 0.85 },
  cheerful: { valence: 0.85 },
  fun: { valence: 0.8, danceability: 0.65 },
  upbeat: { valence: 0.75, energy: 0.75 },
  uplifting: { valence: 0.8 },
  sad: { valence: 0.15 },
  melancholic: { valence: 0.2, energy: 0.35 },
  melancholy: { valence: 0.2, energy: 0.35 },
  depressive: { valence: 0.1, energy: 0.3 },
  depressing: { valence: 0.1 },
  dark: { valence: 0.2 },
  gloomy: { valence: 0.15 },
  romantic: { valence: 0.6, energy: 0.35 },
  love: { valence: 0.6 },
  'love songs': { valence: 0.6, energy: 0.35 },
  energetic: { energy: 0.85 },
  aggressive: { energy: 0.9, valence: 0.3 },
  angry: { energy: 0.85, valence: 0.2 },
  heavy: { energy: 0.85 },
  chill: { energy: 0.3 },
  chillout: { energy: 0.3 },
  'chill out': { energy: 0.3 },
  mellow: { energy: 0.25 },
  calm: { energy: 0.2 },
  relaxing: { energy: 0.2 },
  relax: { energy: 0.2 },
  soft: { energy: 0.25 },
  peaceful: { energy: 0.15, valence: 0.6 },
  dreamy: { energy: 0.3 },
  ambient: { energy: 0.15 },
  atmospheric: { energy: 0.3 },
  party: { danceability: 0.85, energy: 0.8 },
  dance: { danceability: 0.85 },
  danceable: { danceability: 0.85 },
  groovy: { danceability: 0.8 },
  acoustic: { acousticness: 0.85 },
  unplugged: { acousticness: 0.85 },
  electronic: { acousticness: 0.1 },
};

/** Summed tag weight → confidence: one full-weight tag gives 0.63, two give 0.86. */
const confidenceOf = (evidence: number): number => 1 - Math.exp(-evidence);

/** Reads the decade, language and mood a song's tags speak to (see the module comment). */
export function tagHints(tags: ReadonlyMap<string, number>): TagHints {
  const decadeVotes = new Map<number, number>();
  const languageVotes = new Map<string, number>();
  const moodSums = new Map<MoodAxis, { weighted: number; weight: number }>();
  let moodEvidence = 0;

  for (const [rawTag, weight] of tags) {
    if (!(weight > 0)) continue;
    const tag = rawTag.trim().toLowerCase();
    const decade = decadeOfTag(tag);
    if (decade) decadeVotes.set(decade.decade, (decadeVotes.get(decade.decade) ?? 0) + weight * decade.strength);
    const language = LANGUAGE_TAGS[tag];
    if (language) languageVotes.set(language[0], (languageVotes.get(language[0]) ?? 0) + weight * language[1]);
    const mood = MOOD_TAGS[tag];
    if (mood) {
      moodEvidence += weight;
      for (const [axis, value] of Object.entries(mood) as [MoodAxis, number][]) {
        const sum = moodSums.get(axis) ?? { weighted: 0, weight: 0 };
        sum.weighted += value * weight;
        sum.weight += weight;
        moodSums.set(axis, sum);
      }
    }
  }

  const [decade, decadeConfidence] = winner(decadeVotes);
  const decadeTotal = [...decadeVotes.values()].reduce((sum, votes) => sum + votes, 0);
  const decades = new Map([...decadeVotes].map(([key, votes]) => [key, votes / decadeTotal]));
  const [language, languageConfidence] = winner(languageVotes);
  const mood: TagHints['mood'] = {};
  for (const [axis, sum] of moodSums) mood[axis] = sum.weighted / sum.weight;
  return {
    decade,
    decadeConfidence,
    decades,
    decadeEvidence: confidenceOf(decadeTotal),
    language,
    languageConfidence,
    mood,
    moodConfidence: moodSums.size === 0 ? 0 : confidenceOf(moodEvidence),
  };
}

/**
 * The option with the most votes and its confidence: the winner's evidence, discounted by the
 * share the others took (tags "70s" and "80s" on one artist leave the decade less certain).
 */
function winner<K>(votes: ReadonlyMap<K, number>): [K | null, number] {
  let best: K | null = null;
  let bestVotes = 0;
  let total = 0;
  for (const [key, count] of votes) {
    total += count;
    if (count > bestVotes) {
      best = key;
      bestVotes = count;
    }
  }
  if (best === null) return [null, 0];
  return [best, confidenceOf(bestVotes) * (bestVotes / total)];
}
