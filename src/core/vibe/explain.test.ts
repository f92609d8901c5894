import { describe, expect, it } from 'vitest';
import { songEraDistribution, songEraSpan } from '../features/era.js';
import { MUSIC_TOPICS } from '../features/music-topics.js';
import { MOOD_AXES, type ItemFeatures, type MoodAxes } from '../features/types.js';
import { seededRandom } from '../random.js';
import { encodeItem } from './encode.js';
import { eraPhrase, eraSpanPhrase, explainMatch, moodClaimHolds, MOOD_WORDS, type MatchFacts } from './explain.js';
import { fitVibeModel } from './model.js';
import { queryWithConcepts } from './profile.js';
import type { RankerParameters } from './ranker.js';
import { normaliseWeights } from './weights.js';

/**
 * Honest explanations: items are generated at the extremes of every mood axis, with and without
 * posters and years, and every phrase shown is checked against the values of BOTH sides.
 */

const CONCEPTS = ['melancholy', 'anime', 'epic'];
const REGIONS = ['japan', 'anglophone'];
const LEVELS = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1];
const ranker: RankerParameters = {
  source: { report: 'test', date: '2026-12-04' },
  eraFit: {
    gap: [-1, 0.2, 0.4, 0.8, 1, -0.4],
    songDecade: [0.1, 0.2, 0, 0, -0.1, -0.2, -0.3, -0.3],
    filmDecade: [0, 0, 0, 0.1, 0.2, 0.2, 0, 0],
    undatedFilmDecade: [0, 0, 0, 0, 0.1, 0, 0, 0],
  },
  contentFit: { explicit: -0.3, explicitInFamilyFilm: -0.7, aggressiveInFamilyFilm: -0.5 },
  soundtrack: {
    'song-to-movie': { mood: 0.2, genre: 0.3, language: 0.1, era: 0.3, popularity: 0.02, visual: 0.08, variety: 0.1, content: 0.05, topic: 0, clash: 0 },
    'movie-to-song': { mood: 0.2, genre: 0.3, language: 0.1, era: 0.3, popularity: 0.02, visual: 0.08, variety: 0.1, content: 0.05, topic: 0, clash: 0 },
  },
  defaultIntent: 'soundtrack',
};

function randomItem(kind: 'song' | 'movie', itemId: number, random: () => number): ItemFeatures {
  const level = () => LEVELS[Math.floor(random() * LEVELS.length)]!;
  const mood = Object.fromEntries(MOOD_AXES.map((axis) => [axis, level()])) as unknown as MoodAxes;
  const concepts = new Map(CONCEPTS.filter(() => random() < 0.5).map((concept) => [concept, 0.2 + 0.8 * random()]));
  const regions = new Map(REGIONS.filter(() => random() < 0.5).map((region) => [region, random()]));
  const year = random() < 0.7 ? 1930 + Math.floor(random() * 95) : null;
  const topicMarks = MUSIC_TOPICS.map(() => random() < 0.15);
  const topicCount = topicMarks.filter(Boolean).length;
  const topics = topicCount === 0 ? null : Float32Array.from(topicMarks, (on) => (on ? (kind === 'song' ? 1 / topicCount : 1) : 0));
  return {
    kind,
    itemId,
    mood,
    moodConfidence: 1,
    concepts,
    regions,
    popularity: random(),
    releaseYear: year,
    topics,
    ...(kind === 'song' ? { era: songEraDistribution({ year, decade: null }) } : {}),
  };
}

describe('explanations are true for both items', () => {
  const random = seededRandom(11);
  const songs = Array.from({ length: 60 }, (_, index) => randomItem('song', index + 1, random));
  const movies = Array.from({ length: 60 }, (_, index) => randomItem('movie', index + 1, random));
  const posters = new Map(movies.filter((_, index) => index % 3 === 0).map((movie) => [movie.itemId, Float32Array.from({ length: 64 }, () => random())]));
  // A style kin to both moods, so reasons are checked with queries that reach their concepts' kin.
  const conceptKin = [
    { a: 'melancholy', b: 'anime', weight: 0.4 },
    { a: 'anime', b: 'epic', weight: 0.6 },
  ];
  const model = fitVibeModel({ songs, movies, posterEmbeddings: posters, concepts: CONCEPTS, conceptKin, regions: REGIONS, ranker });
  /** As concepts.json: two mood concepts that claim a mood, and a style that claims none. */
  const claims: Record<string, Partial<MoodAxes> | null> = {
    melancholy: { valence: 0.25, energy: 0.3, pace: 0.35 },
    epic: { valence: 0.5, energy: 0.8, pace: 0.6 },
    anime: null,
  };
  const phrases = { concept: (id: string) => `concept:${id}`, conceptMood: (id: string) => claims[id] ?? null, region: (id: string) => `region:${id}` };
  const moodValues = (item: ItemFeatures) => MOOD_AXES.map((axis) => item.mood[axis]);
  const weights = normaliseWeights({ mood: 0.5, genre: 0.2, language: 0.1, era: 0.1, popularity: 0, visual: 0.1, topic: 0.1 });

  const cases: { song: ItemFeatures; movie: ItemFeatures; direction: 'song-to-movie' | 'movie-to-song'; reasons: readonly string[]; facts: MatchFacts }[] = [];
  for (const song of songs)
    for (const movie of movies) {
      for (const direction of ['song-to-movie', 'movie-to-song'] as const) {
        const [query, item] = direction === 'song-to-movie' ? [song, movie] : [movie, song];
        const { query: queryVector, concepts } = queryWithConcepts(
          [encodeItem(query, model, posters.get(query.itemId) ?? null)],
          model,
          { eraFrom: [true], centreKinds: [query.kind], targetKind: item.kind },
          weights,
        );
        const itemVector = encodeItem(item, model, posters.get(item.itemId) ?? null);
        const facts: MatchFacts = {
          queryMood: moodValues(query),
          itemMood: moodValues(item),
          queryHasPoster: query.kind === 'movie' && posters.has(query.itemId),
          itemHasPoster: item.kind === 'movie' && posters.has(item.itemId),
          posterToPoster: false,
          era: { songYear: song.releaseYear, filmYear: movie.releaseYear },
        };
        cases.push({ song, movie, direction, reasons: explainMatch(queryVector, itemVector, model, phrases, facts, concepts).reasons, facts });
      }
    }

  it('never uses a mood word that either side contradicts (no "slow" or "calm" for an energetic song)', () => {
    let checked = 0;
    for (const { song, movie, reasons } of cases) {
      const moodPhrase = reasons.find((reason) => reason.startsWith('both '));
      if (!moodPhrase) continue;
      for (const axis of MOOD_AXES)
        for (const side of ['high', 'low'] as const) {
          const word = MOOD_WORDS[axis][side];
          if (!new RegExp(`\\b${word.word}\\b`).test(moodPhrase)) continue;
          checked++;
          expect(word.holds(song.mood), `${word.word} for song mood ${JSON.stringify(song.mood)}`).toBe(true);
          expect(word.holds(movie.mood), `${word.word} for movie mood ${JSON.stringify(movie.mood)}`).toBe(true);
        }
      if (song.mood.energy >= 0.8) expect(moodPhrase).not.toMatch(/\b(slow|still|calm)\b/);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('never names a poster look for a film without a poster embedding', () => {
    let posterReasons = 0;
    for (const { reasons, facts } of cases) {
      if (!reasons.some((reason) => reason.includes('poster'))) continue;
      posterReasons++;
      expect(facts.queryHasPoster || facts.itemHasPoster).toBe(true);
    }
    expect(posterReasons).toBeGreaterThan(0);
  });

  it('names an era only with both years known and the song not after the film', () => {
    let eraReasons = 0;
    for (const { song, movie, reasons } of cases) {
      const era = reasons.find((reason) => /song, .* before the|film's own time/.test(reason));
      if (!era) continue;
      eraReasons++;
      expect(song.releaseYear).not.toBeNull();
      expect(movie.releaseYear).not.toBeNull();
      expect(song.releaseYear!).toBeLessThanOrEqual(movie.releaseYear! + 2);
      expect(era).toContain(String(song.releaseYear));
    }
    expect(eraReasons).toBeGreaterThan(0);
  });

  it('names a concept or language only when both sides hold it', () => {
    for (const { song, movie, reasons } of cases)
      for (const reason of reasons) {
        const concept = /^concept:([^ ,]+)$/.exec(reason)?.[1];
        if (concept) expect((song.concepts.get(concept) ?? 0) > 0 && (movie.concepts.get(concept) ?? 0) > 0).toBe(true);
        const region = /^region:(.+)$/.exec(reason)?.[1];
        // Its own language on each side, not a lean beside another (half its largest region at least; queries are centred).
        const own = (regions: ReadonlyMap<string, number>) => (regions.get(region!) ?? 0) >= 0.5 * Math.max(...regions.values());
        if (region) expect(own(song.regions) && own(movie.regions), `${region}: ${[...song.regions]} / ${[...movie.regions]}`).toBe(true);
      }
  });

  it("names a song's concept and a film's kindred one only when each side holds its own, true of its mood, and at most once", () => {
    const kindred = new Set(conceptKin.flatMap(({ a, b }) => [`${a} ${b}`, `${b} ${a}`]));
    let kinReasons = 0;
    for (const { song, movie, reasons } of cases) {
      const pairs = reasons.map((reason) => /^concept:(.+) song, concept:(.+) film$/.exec(reason)).filter((match) => match !== null);
      expect(pairs.length).toBeLessThanOrEqual(1);
      for (const [, songConcept, filmConcept] of pairs) {
        kinReasons++;
        expect(kindred.has(`${songConcept} ${filmConcept}`)).toBe(true);
        expect(song.concepts.get(songConcept!) ?? 0).toBeGreaterThan(0);
        expect(movie.concepts.get(filmConcept!) ?? 0).toBeGreaterThan(0);
        for (const [item, concept] of [
          [song, songConcept!],
          [movie, filmConcept!],
        ] as const) {
          const claim = claims[concept];
          if (claim) expect(moodClaimHolds(claim, item.mood)).toBe(true);
        }
        // Never beside the same concept named as shared.
        expect(reasons).not.toContain(`concept:${songConcept}`);
        expect(reasons).not.toContain(`concept:${filmConcept}`);
      }
    }
    expect(kinReasons).toBeGreaterThan(0);
  });

  it('never names a mood concept that either side\'s mood contradicts ("bittersweet" for a happy song, "epic" for a calm film)', () => {
    let moodConcepts = 0;
    for (const { song, movie, reasons } of cases)
      for (const reason of reasons) {
        const concept = /^concept:([^ ,]+)$/.exec(reason)?.[1];
        const claim = concept ? claims[concept] : null;
        if (!claim) continue;
        moodConcepts++;
        for (const item of [song, movie])
          for (const [axis, claimed] of Object.entries(claim) as [keyof MoodAxes, number][]) {
            if (claimed <= 0.3) expect(item.mood[axis], `${concept} for ${axis} ${item.mood[axis]}`).toBeLessThan(0.65);
            if (claimed >= 0.7) expect(item.mood[axis], `${concept} for ${axis} ${item.mood[axis]}`).toBeGreaterThan(0.35);
          }
      }
    expect(moodConcepts).toBeGreaterThan(0);
    // The claims decide: an item at the other extreme of a claimed axis never gets the phrase.
    expect(moodClaimHolds(claims.melancholy!, { valence: 0.9, energy: 0.2, danceability: 0.5, acousticness: 0.5, pace: 0.3 })).toBe(false);
    expect(moodClaimHolds(claims.melancholy!, { valence: 0.2, energy: 0.2, danceability: 0.5, acousticness: 0.5, pace: 0.3 })).toBe(true);
    expect(moodClaimHolds(claims.epic!, { valence: 0.9, energy: 0.3, danceability: 0.5, acousticness: 0.5, pace: 0.5 })).toBe(false);
    // "Epic" says nothing of valence (0.5): a bright or bleak film may be epic.
    expect(moodClaimHolds(claims.epic!, { valence: 0.05, energy: 0.9, danceability: 0.5, acousticness: 0.5, pace: 0.5 })).toBe(true);
  });

  it('names the music a film is about only when the film is about it and the song is of it', () => {
    let topicReasons = 0;
    for (const { song, movie, reasons } of cases)
      for (const reason of reasons) {
        const label = /^(.+), which the film is about$/.exec(reason)?.[1];
        if (!label) continue;
        topicReasons++;
        const index = MUSIC_TOPICS.findIndex((topic) => topic.label === label);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(song.topics?.[index]).toBeGreaterThan(0);
        expect(movie.topics?.[index]).toBe(1);
      }
    expect(topicReasons).toBeGreaterThan(0);
  });

  it('never names the language most of the ranked kind is in, and still names a rarer one both share', () => {
    const { offset } = model.layout.blocks.language;
    const centroid = new Float32Array(model.layout.dims);
    centroid[offset + REGIONS.indexOf('anglophone')] = 0.6;
    centroid[offset + REGIONS.indexOf('japan')] = 0.05;
    const built = { ...model, centroids: { song: centroid, movie: centroid } };
    const bilingual = new Float32Array(model.layout.dims);
    bilingual[offset + REGIONS.indexOf('anglophone')] = 0.5;
    bilingual[offset + REGIONS.indexOf('japan')] = 0.5;
    const facts: MatchFacts = { queryMood: null, itemMood: null, queryHasPoster: false, itemHasPoster: false, posterToPoster: false, era: null };
    const reasons = (rankedKind?: 'song') => explainMatch(bilingual, bilingual, built, phrases, { ...facts, ...(rankedKind ? { rankedKind } : {}) }).reasons;
    expect(reasons('song')).toEqual(['region:japan']);
    expect(reasons()).toEqual(expect.arrayContaining(['region:japan', 'region:anglophone']));
    // Before a full build has written the centroids, no language is the common one.
    expect(explainMatch(bilingual, bilingual, model, phrases, { ...facts, rankedKind: 'song' }).reasons).toContain('region:anglophone');
  });

  it("names a language only where it is each side's own, not a lean beside it (a Brazilian film is not Spanish-language)", () => {
    const { offset } = model.layout.blocks.language;
    // As regions.json has them: Brazilian items hold brazil 1 and latin 0.4 to 0.5; 'anglophone' and 'japan' stand in for them.
    const [own, lean] = [REGIONS.indexOf('anglophone'), REGIONS.indexOf('japan')];
    const item = (values: Record<number, number>) => {
      const vector = new Float32Array(model.layout.dims);
      for (const [index, value] of Object.entries(values)) vector[offset + Number(index)] = value;
      return vector;
    };
    const facts: MatchFacts = { queryMood: null, itemMood: null, queryHasPoster: false, itemHasPoster: false, posterToPoster: false, era: null };
    const regions = (query: Float32Array, target: Float32Array) => explainMatch(query, target, model, phrases, facts).reasons;
    const sambaSong = item({ [own]: 1, [lean]: 0.4 });
    expect(regions(item({ [own]: 1, [lean]: 0.5 }), sambaSong)).toEqual(['region:anglophone']);
    expect(regions(item({ [lean]: 1 }), sambaSong)).toEqual([]);
    expect(regions(item({ [lean]: 1 }), item({ [lean]: 1 }))).toEqual(['region:japan']);
    // Picks of two languages hold both as their own.
    expect(regions(item({ [own]: 0.5, [lean]: 0.5 }), item({ [lean]: 1 }))).toEqual(['region:japan']);
  });

  it('describes era gaps in plain words', () => {
    expect(eraPhrase({ songYear: 1972, filmYear: 1994 })).toBe('a 1972 song, about two decades before the 1994 film');
    expect(eraPhrase({ songYear: 1994, filmYear: 1994 })).toBe("from the film's own time (1994)");
    expect(eraPhrase({ songYear: 1993, filmYear: 1995 })).toBe("from the film's own time (1993)");
    expect(eraPhrase({ songYear: 2015, filmYear: 1994 })).toBeNull();
    // The fit's "same time" reaches two years past the film; the words do not claim it.
    expect(eraPhrase({ songYear: 1997, filmYear: 1995 })).toBeNull();
    expect(eraPhrase({ songYear: 1995, filmYear: 1994 })).toBeNull();
    expect(eraPhrase({ songYear: null, filmYear: 1994 })).toBeNull();
    // A song without a year of its own, by the years its era block holds.
    expect(eraSpanPhrase({ from: 1978, to: 1979, by: 'release' }, 1995)).toBe('a 1978–79 song, about two decades before the 1995 film');
    expect(eraSpanPhrase({ from: 1993, to: 1994, by: 'release' }, 1995)).toBe("from the film's own time (1993–94)");
    expect(eraSpanPhrase({ from: 1992, to: 1993, by: 'release' }, 1995)).toBe('a 1992–93 song, 2 years before the 1995 film');
    expect(eraSpanPhrase({ from: 1990, to: 1991, by: 'release' }, 1995)).toBe('a 1990–91 song, 4 years before the 1995 film');
    expect(eraSpanPhrase({ from: 1994, to: 1995, by: 'release' }, 1995)).toBe("from the film's own time (1994–95)");
    // Any year of the span after the film: no reason.
    expect(eraSpanPhrase({ from: 1995, to: 1996, by: 'release' }, 1995)).toBeNull();
    expect(eraSpanPhrase({ from: 1970, to: 1979, by: 'artist' }, 1995)).toBe('by a 1970s artist, about two decades before the 1995 film');
    expect(eraSpanPhrase({ from: 1970, to: 1979, by: 'artist' }, 1975)).toBe("by a 1970s artist, the film's own decade");
    expect(eraSpanPhrase({ from: 1980, to: 1989, by: 'artist' }, 1975)).toBeNull();
    expect(eraSpanPhrase(null, 1995)).toBeNull();
    expect(eraSpanPhrase({ from: 1970, to: 1979, by: 'artist' }, null)).toBeNull();
  });

  it('names the era of a song without a year of its own from its era block, on either side of the pair', () => {
    const taggedSong: ItemFeatures = {
      kind: 'song',
      itemId: 900,
      mood: Object.fromEntries(MOOD_AXES.map((axis) => [axis, 0.5])) as unknown as MoodAxes,
      moodConfidence: 1,
      concepts: new Map(),
      regions: new Map(),
      popularity: 0.5,
      releaseYear: null,
      topics: null,
      era: songEraDistribution({ year: null, decade: 1970, decades: new Map([[1970, 1]]) }),
    };
    const film: ItemFeatures = { ...movies[0]!, releaseYear: 1995 };
    const songVector = encodeItem(taggedSong, model, null);
    const filmVector = encodeItem(film, model, posters.get(film.itemId) ?? null);
    const { offset, dims } = model.layout.blocks.era;
    expect(songEraSpan(songVector.subarray(offset, offset + dims))).toEqual({ from: 1970, to: 1979, by: 'artist' });
    const facts = (rankedKind: 'song' | 'movie'): MatchFacts => ({
      queryMood: null,
      itemMood: null,
      queryHasPoster: false,
      itemHasPoster: false,
      posterToPoster: false,
      era: { songYear: null, filmYear: 1995 },
      rankedKind,
    });
    const eraOnly = normaliseWeights({ mood: 0, genre: 0, language: 0, era: 1, popularity: 0, visual: 0 });
    const queryOf = (query: ItemFeatures, vector: Float32Array, rankedKind: 'song' | 'movie') =>
      queryWithConcepts([vector], model, { eraFrom: [true], centreKinds: [query.kind], targetKind: rankedKind }, eraOnly).query;
    const phrase = 'by a 1970s artist, about two decades before the 1995 film';
    // The film's fit to 1970s songs is positive in this table (gap "a generation older" 0.8 + the decades').
    const songsForFilm = explainMatch(queryOf(film, filmVector, 'song'), songVector, model, phrases, facts('song'));
    expect(songsForFilm.blocks.era).toBeGreaterThan(0);
    expect(songsForFilm.reasons).toContain(phrase);
    expect(explainMatch(queryOf(taggedSong, songVector, 'movie'), filmVector, model, phrases, facts('movie')).reasons).toContain(phrase);
    // Without the ranked kind the song's side is unknown: no reason.
    const { rankedKind: _, ...unranked } = facts('song');
    expect(explainMatch(queryOf(film, filmVector, 'song'), songVector, model, phrases, unranked).reasons).not.toContain(phrase);
  });
});
