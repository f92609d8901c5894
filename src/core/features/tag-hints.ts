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

import { languageWords, wordsTable } from './tag-table.js';

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
const LANGUAGE_TAGS = languageWords({
  ja: { 1: ['j-pop', 'jpop', 'j-rock', 'jrock', 'visual kei', 'j-music', 'enka'], 0.8: ['japanese'], 0.6: ['anime', 'city pop'] },
  ko: { 1: ['k-pop', 'kpop', 'k-rock'], 0.8: ['korean'] },
  zh: { 1: ['c-pop', 'cantopop', 'mandopop', 'mandarin'], 0.8: ['chinese'] },
  fr: {
    1: ['chanson', 'chanson francaise', 'chanson française', 'musique francaise', 'variete francaise', 'french rap', 'rap francais'],
    0.8: ['french pop'],
    0.6: ['french'],
  },
  de: {
    1: ['deutsch', 'deutsch rock', 'deutschrock', 'deutscher hip hop', 'deutschrap', 'neue deutsche welle'],
    0.9: ['schlager', 'german rap'],
    0.6: ['german'],
  },
  es: {
    1: ['en espanol', 'en español', 'espanol', 'español', 'rock en espanol', 'rock en español', 'musica mexicana', 'ranchera'],
    0.9: ['reggaeton', 'cumbia', 'bachata'],
    0.8: ['flamenco'],
    0.7: ['latin pop'],
    0.6: ['spanish'],
    0.5: ['latin'],
  },
  pt: { 1: ['mpb', 'fado', 'sertanejo'], 0.8: ['samba', 'brazilian music'], 0.7: ['brazilian'], 0.6: ['portuguese', 'bossa nova'] },
  it: { 1: ['musica italiana', 'cantautori'], 0.8: ['italian pop'], 0.7: ['italian rock'], 0.6: ['italian'] },
  ru: { 0.9: ['russian rock', 'russian pop'], 0.7: ['russian'] },
  pl: { 0.6: ['polish'] },
  tr: { 0.9: ['turkish pop'], 0.7: ['turkish'] },
  el: { 0.7: ['greek'] },
  fi: { 0.3: ['finnish'] },
  hi: { 1: ['hindi'], 0.9: ['bollywood'] },
  ar: { 0.8: ['arabic'] },
});

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
const MOOD_TAGS = wordsTable<Partial<Record<MoodAxis, number>>>([
  [{ valence: 0.85 }, ['happy', 'feel good', 'cheerful']],
  [{ valence: 0.8, danceability: 0.65 }, ['fun']],
  [{ valence: 0.75, energy: 0.75 }, ['upbeat']],
  [{ valence: 0.8 }, ['uplifting']],
  [{ valence: 0.15 }, ['sad', 'gloomy']],
  [{ valence: 0.2, energy: 0.35 }, ['melancholic', 'melancholy']],
  [{ valence: 0.1, energy: 0.3 }, ['depressive']],
  [{ valence: 0.1 }, ['depressing']],
  [{ valence: 0.2 }, ['dark']],
  [{ valence: 0.6, energy: 0.35 }, ['romantic', 'love songs']],
  [{ valence: 0.6 }, ['love']],
  [{ energy: 0.85 }, ['energetic', 'heavy']],
  [{ energy: 0.9, valence: 0.3 }, ['aggressive']],
  [{ energy: 0.85, valence: 0.2 }, ['angry']],
  [{ energy: 0.3 }, ['chill', 'chillout', 'chill out', 'dreamy', 'atmospheric']],
  [{ energy: 0.25 }, ['mellow', 'soft']],
  [{ energy: 0.2 }, ['calm', 'relaxing', 'relax']],
  [{ energy: 0.15, valence: 0.6 }, ['peaceful']],
  [{ energy: 0.15 }, ['ambient']],
  [{ danceability: 0.85, energy: 0.8 }, ['party']],
  [{ danceability: 0.85 }, ['dance', 'danceable']],
  [{ danceability: 0.8 }, ['groovy']],
  [{ acousticness: 0.85 }, ['acoustic', 'unplugged']],
  [{ acousticness: 0.1 }, ['electronic']],
]);

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
    const language = LANGUAGE_TAGS.get(tag);
    if (language) languageVotes.set(language[0], (languageVotes.get(language[0]) ?? 0) + weight * language[1]);
    const mood = MOOD_TAGS.get(tag);
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
