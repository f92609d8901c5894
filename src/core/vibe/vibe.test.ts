import { describe, expect, it } from 'vitest';
import { ERA_BIN_COUNT, ERA_DIMS } from '../features/era.js';
import { MOOD_AXES, type ItemFeatures, type MoodAxes } from '../features/types.js';
import { MUSIC_TOPICS } from '../features/music-topics.js';
import { AGGRESSIVE_CONCEPT, blockContributions, encodeItem, reweightQuery } from './encode.js';
import { explainMatch } from './explain.js';
import { deserialiseModel, fitVibeModel, modelFrame, serialiseModel, type VibeModel } from './model.js';
import { interleaveByPick, languageInformation, meanProfile, queryWithConcepts } from './profile.js';
import { BLOCKS, normaliseWeights } from './weights.js';
import { dreadReach, moodSides } from './mood-clash.js';
import { seededRandom } from '../random.js';

const CONCEPTS = ['melancholy', 'anime', 'epic'];
const REGIONS = ['japan', 'latin'];

function item(
  kind: 'song' | 'movie',
  itemId: number,
  mood: Partial<MoodAxes>,
  concepts: Record<string, number> = {},
  regions: Record<string, number> = {},
  popularity = 0.5,
): ItemFeatures {
  return {
    kind,
    itemId,
    mood: { valence: 0.5, energy: 0.5, danceability: 0.5, acousticness: 0.5, pace: 0.5, ...mood },
    moodConfidence: 1,
    concepts: new Map(Object.entries(concepts)),
    regions: new Map(Object.entries(regions)),
    popularity,
    releaseYear: null,
  };
}

function catalog() {
  const songs = [
    item('song', 1, { valence: 0.1, energy: 0.2, pace: 0.2 }, { melancholy: 1 }, { japan: 1 }),
    item('song', 2, { valence: 0.9, energy: 0.9, pace: 0.9 }, { epic: 1 }),
    item('song', 3, { valence: 0.5, energy: 0.6 }, { anime: 1 }, { japan: 1 }),
  ];
  const movies = [
    item('movie', 10, { valence: 0.2, energy: 0.3, pace: 0.1 }, { melancholy: 0.8, anime: 0.6 }, { japan: 1 }, 0.9),
    item('movie', 11, { valence: 0.8, energy: 0.95, pace: 0.8 }, { epic: 1 }, {}, 0.2),
    item('movie', 12, { valence: 0.5, energy: 0.4 }, {}, { latin: 1 }),
  ];
  const posterEmbeddings = new Map<number, Float32Array>();
  const model = fitVibeModel({ songs, movies, posterEmbeddings, concepts: CONCEPTS, regions: REGIONS });
  return { songs, movies, model };
}

/** The clash block's part of a song → film score, the song as the query, under the clash weight alone. */
function clashFromSong(model: VibeModel, song: Float32Array, film: Float32Array): number {
  const query = reweightQuery(meanProfile([song], model, { eraFrom: [true], targetKind: 'movie' }), model, normaliseWeights({ clash: 1 }));
  return blockContributions(query, film, model).clash;
}

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
};

describe('vibe vectors', () => {
  it('make one dot product equal the weighted sum of block cosines', () => {
    const { songs, movies, model } = catalog();
    const a = encodeItem(songs[0]!, model);
    const b = encodeItem(movies[0]!, model);
    let expected = 0;
    for (const block of BLOCKS) {
      const { offset, dims } = model.layout.blocks[block];
      expected += model.weights[block] * cosine(a.subarray(offset, offset + dims), b.subarray(offset, offset + dims));
    }
    const dot = a.reduce((sum, value, index) => sum + value * b[index]!, 0);
    expect(dot).toBeCloseTo(expected, 5);
    expect(model.layout.dims % 16).toBe(0);
  });

  it('write each block from the item alone: names outside the layout are left out, and nothing carries over from the item before', () => {
    const { songs, movies, model } = catalog();
    const block = (vector: Float32Array, name: 'genre' | 'language' | 'era') => {
      const { offset, dims } = model.layout.blocks[name];
      return Array.from(vector.subarray(offset, offset + dims));
    };
    /** The definition: the layout's names in order, each weight or 0, L2-normalised, times sqrt(weight). */
    const expected = (weights: ReadonlyMap<string, number>, names: readonly string[], weight: number) => {
      const values = names.map((name) => Math.fround(weights.get(name) ?? 0));
      const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
      return values.map((value) => (norm === 0 ? 0 : Math.fround(value * (Math.sqrt(weight) / norm))));
    };
    const odd = item('song', 4, {}, { epic: 0.5, 'not-a-concept': 1, anime: 0.25 }, { latin: 0.4, atlantis: 1 });
    const dated = {
      ...item('song', 5, {}, { melancholy: 1 }, { japan: 1 }),
      era: Float32Array.from({ length: ERA_BIN_COUNT }, (_, bin) => (bin === 3 ? 1 : 0)),
    };
    const first = encodeItem(odd, model);
    // Encode others in between (a film with a poster-less mood, a dated song): the first item's vector must not change.
    for (const other of [...movies, dated, ...songs]) encodeItem(other, model);
    expect(encodeItem(odd, model)).toEqual(first);
    expect(block(first, 'genre')).toEqual(expected(odd.concepts, CONCEPTS, model.weights.genre));
    expect(block(first, 'language')).toEqual(expected(odd.regions, REGIONS, model.weights.language));
    // An undated song after a dated one: only the undated place.
    expect(block(first, 'era').filter((value) => value !== 0)).toHaveLength(1);
    expect(block(encodeItem(dated, model), 'era').filter((value) => value !== 0)).toHaveLength(1);
    expect(block(first, 'era')[ERA_BIN_COUNT]).not.toBe(0);
    expect(block(encodeItem(dated, model), 'era')[3]).not.toBe(0);
  });

  it('rank the sad Japanese anime film first for the sad Japanese song', () => {
    const { songs, movies, model } = catalog();
    const query = encodeItem(songs[0]!, model);
    const scores = movies.map((movie) => ({ id: movie.itemId, score: encodeItem(movie, model).reduce((sum, value, index) => sum + value * query[index]!, 0) }));
    expect(scores.sort((a, b) => b.score - a.score)[0]!.id).toBe(10);
  });

  it('can be re-weighted at query time without rebuilding items', () => {
    const { songs, movies, model } = catalog();
    const query = meanProfile([encodeItem(songs[0]!, model)], model);
    const movie = encodeItem(movies[2]!, model);
    const onlyLanguage = normaliseWeights({ mood: 0, genre: 0, language: 1, popularity: 0, visual: 0 });
    const reweighted = reweightQuery(query, model, onlyLanguage);
    const contributions = blockContributions(reweighted, movie, model);
    expect(contributions.mood).toBe(0);
    expect(contributions.language).toBeCloseTo(0, 6); // japan vs latin: orthogonal
    const anime = encodeItem(movies[0]!, model);
    expect(blockContributions(reweighted, anime, model).language).toBeCloseTo(1, 5);
  });

  it('survive a JSON round trip of the model', () => {
    const { songs, model } = catalog();
    const again = deserialiseModel(serialiseModel(model));
    expect(encodeItem(songs[1]!, again)).toEqual(encodeItem(songs[1]!, model));
  });

  it('keep serving a model built by the first learned ranker (era fit by gap alone, era centred)', () => {
    const { songs, movies, model } = catalog();
    const stored = JSON.parse(serialiseModel(model)) as {
      ranker: { eraFit: unknown };
      layout: { blocks: Record<string, unknown> };
      weights: Record<string, unknown>;
    };
    stored.ranker.eraFit = [-1, 0.8, 0.4, 0.1, 0.2, -0.9];
    // It had no variety block either.
    delete stored.layout.blocks.variety;
    delete stored.weights.variety;
    const legacy = deserialiseModel(JSON.stringify(stored));
    expect(legacy.layout.blocks.variety.dims).toBe(0);
    expect(legacy.weights.variety).toBe(0);
    expect(legacy.eraCentred).toBe(true);
    expect(legacy.ranker?.eraFit.gap).toEqual([-1, 0.8, 0.4, 0.1, 0.2, -0.9]);
    expect(model.eraCentred).toBeUndefined();
    const film = { ...movies[0]!, releaseYear: 1994 };
    const encoded = encodeItem(film, legacy);
    const { offset, dims } = legacy.layout.blocks.era;
    expect(encoded.subarray(offset, offset + dims).some((value) => value !== 0)).toBe(true);
    expect(() => meanProfile([encodeItem(songs[0]!, legacy)], legacy, { eraFrom: [true], centreKinds: ['song'] })).not.toThrow();
  });

  it('keep serving a model built before undated songs had an era part, and give undated songs one in a new model', () => {
    const { songs, movies, model } = catalog();
    const film = { ...movies[0]!, releaseYear: 1994 };
    const undatedSong = { ...songs[0]!, era: null };
    const era = model.layout.blocks.era;
    expect(era.dims).toBe(ERA_DIMS);
    // The new model: the undated song holds its place, the film its decade's value for undated songs.
    expect(encodeItem(undatedSong, model)[era.offset + ERA_BIN_COUNT]).toBeCloseTo(Math.sqrt(model.weights.era), 6);

    // What a build before it stored: an era block of ERA_BIN_COUNT dims and no undated fit.
    const stored = JSON.parse(serialiseModel(model)) as {
      ranker: { eraFit: Record<string, unknown> };
      layout: { blocks: Record<string, { offset: number; dims: number }> };
    };
    delete stored.ranker.eraFit.undatedFilmDecade;
    stored.layout.blocks.era!.dims = ERA_BIN_COUNT;
    const legacy = deserialiseModel(JSON.stringify(stored));
    expect(legacy.ranker?.eraFit.undatedFilmDecade).toEqual([]);
    // Served as built: nothing is written past its era block, so the undated place cannot leak into the next block.
    const next = encodeItem(undatedSong, legacy);
    expect(next.subarray(era.offset, era.offset + ERA_DIMS).every((value) => value === 0)).toBe(true);
    expect(encodeItem(film, legacy).subarray(era.offset, era.offset + ERA_BIN_COUNT)).toEqual(
      encodeItem(film, model).subarray(era.offset, era.offset + ERA_BIN_COUNT),
    );
  });
});

describe('the content block', () => {
  it('scores an explicit song against a film by the learned fit, a family film by its own, and nothing else', () => {
    const { songs, movies, model } = catalog();
    const fitted = { ...model, ranker: { ...model.ranker!, contentFit: { explicit: -0.2, explicitInFamilyFilm: -0.8, aggressiveInFamilyFilm: -0.6 } } };
    const explicitSong = { ...songs[0]!, audio: { instrumentalness: null, speechiness: null, liveness: null, loudness: null, mode: null, explicit: true } };
    const cleanSong = { ...songs[0]!, audio: { ...explicitSong.audio, explicit: false } };
    const family = encodeItem({ ...movies[0]!, family: true }, fitted);
    const grownUp = encodeItem({ ...movies[0]!, family: false }, fitted);
    const weights = normaliseWeights({ content: 1 });
    const score = (song: typeof explicitSong, film: Float32Array) => {
      const query = reweightQuery(meanProfile([encodeItem(song, fitted)], fitted, { eraFrom: [true] }), fitted, weights);
      return blockContributions(query, film, fitted).content;
    };
    expect(score(explicitSong, family)).toBeCloseTo(-1, 5);
    expect(score(explicitSong, grownUp)).toBeCloseTo(-0.2, 5);
    expect(score(cleanSong, family)).toBe(0);
    // Aggressive music (at least half of the song's character) counts against family films only.
    const aggressive = new Map([...cleanSong.concepts, [AGGRESSIVE_CONCEPT, 0.6]]);
    expect(score({ ...cleanSong, concepts: aggressive }, family)).toBeCloseTo(-0.6, 5);
    expect(score({ ...cleanSong, concepts: aggressive }, grownUp)).toBe(0);
    expect(score({ ...explicitSong, concepts: aggressive }, family)).toBeCloseTo(-1.6, 5);
    // Rap's edge (0.2 of the concept) is not aggressive music.
    expect(score({ ...cleanSong, concepts: new Map([...cleanSong.concepts, [AGGRESSIVE_CONCEPT, 0.2]]) }, family)).toBe(0);
    // Within a kind (a song for more songs) the block says nothing.
    const within = reweightQuery(meanProfile([encodeItem(explicitSong, fitted)], fitted, { eraFrom: [false] }), fitted, weights);
    expect(blockContributions(within, encodeItem(explicitSong, fitted), fitted).content).toBe(0);
  });
});

describe('the topic block', () => {
  const jazz = MUSIC_TOPICS.findIndex((topic) => topic.id === 'jazz');
  const rock = MUSIC_TOPICS.findIndex((topic) => topic.id === 'rock');
  const row = (values: Record<number, number>) => Float32Array.from(MUSIC_TOPICS, (_, index) => values[index] ?? 0);

  it('lifts a song of the music a film is about by the whole weight, from the film to songs and back, and says nothing within a kind', () => {
    const { songs, movies, model } = catalog();
    const weights = normaliseWeights({ topic: 1 });
    const film = encodeItem({ ...movies[0]!, topics: row({ [jazz]: 1 }) }, model);
    const jazzSong = encodeItem({ ...songs[0]!, topics: row({ [jazz]: 1 }) }, model);
    const halfJazz = encodeItem({ ...songs[0]!, topics: row({ [jazz]: 0.5, [rock]: 0.5 }) }, model);
    const otherSong = encodeItem({ ...songs[0]!, topics: null }, model);
    const filmQuery = reweightQuery(meanProfile([film], model, { eraFrom: [true], targetKind: 'song' }), model, weights);
    expect(blockContributions(filmQuery, jazzSong, model).topic).toBeCloseTo(1, 5);
    expect(blockContributions(filmQuery, halfJazz, model).topic).toBeCloseTo(0.5, 5);
    expect(blockContributions(filmQuery, otherSong, model).topic).toBe(0);
    // No centroids (no full build): a song's music leads to films about it at full weight.
    const songQuery = reweightQuery(meanProfile([jazzSong], model, { eraFrom: [true], targetKind: 'movie' }), model, weights);
    expect(blockContributions(songQuery, film, model).topic).toBeCloseTo(1, 5);
    const within = reweightQuery(meanProfile([film], model, { eraFrom: [false], targetKind: 'movie' }), model, weights);
    expect(blockContributions(within, film, model).topic).toBe(0);
  });

  it('leads from a song of a common music to films about it by the square of its rarity', () => {
    const { songs, movies, model } = catalog();
    const { offset } = model.layout.blocks.topic;
    const scale = Math.sqrt(model.weights.topic);
    // A catalog where 2 % of songs are jazz and 0.5 % rock (the songs' mean topic shares).
    const centroid = new Float32Array(model.layout.dims);
    centroid[offset + jazz] = 0.02 * scale;
    centroid[offset + rock] = 0.005 * scale;
    const built = { ...model, centroids: { song: centroid, movie: new Float32Array(model.layout.dims) } };
    const weights = normaliseWeights({ topic: 1 });
    const film = encodeItem({ ...movies[0]!, topics: row({ [jazz]: 1, [rock]: 1 }) }, built);
    const lift = (topic: number) =>
      blockContributions(
        reweightQuery(
          meanProfile([encodeItem({ ...songs[0]!, topics: row({ [topic]: 1 }) }, built)], built, { eraFrom: [true], targetKind: 'movie' }),
          built,
          weights,
        ),
        film,
        built,
      ).topic;
    expect(lift(jazz)).toBeCloseTo(0.25, 5);
    expect(lift(rock)).toBeCloseTo(1, 5);
  });
});

describe('the mood clash block', () => {
  const VALENCE = MOOD_AXES.indexOf('valence');
  const ENERGY = MOOD_AXES.indexOf('energy');
  const standardised = (model: ReturnType<typeof catalog>['model'], kind: 'song' | 'movie', axis: number, value: number) =>
    (value - model.moodStats[kind].mean[axis]!) / model.moodStats[kind].std[axis]!;
  const sides = (model: ReturnType<typeof catalog>['model'], kind: 'song' | 'movie', valence: number) => moodSides(standardised(model, kind, VALENCE, valence));
  /** How far above and below its kind's mean energy an item sits, full at two standard deviations. */
  const energySides = (model: ReturnType<typeof catalog>['model'], kind: 'song' | 'movie', energy: number) => {
    const { bright, bleak } = moodSides(standardised(model, kind, ENERGY, energy));
    return { intense: bright, calm: bleak };
  };

  it('costs a pair whose moods sit on opposite sides of their kinds, by the product of how far, the same both ways, and nothing within a kind', () => {
    const { songs, movies, model } = catalog();
    const weights = normaliseWeights({ clash: 1 });
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const [songValence, filmValence, songEnergy, filmEnergy] = [random(), random(), random(), random()];
      const song = encodeItem({ ...songs[0]!, mood: { ...songs[0]!.mood, valence: songValence, energy: songEnergy } }, model);
      const film = encodeItem({ ...movies[0]!, mood: { ...movies[0]!.mood, valence: filmValence, energy: filmEnergy } }, model);
      const s = sides(model, 'song', songValence);
      const f = sides(model, 'movie', filmValence);
      const se = energySides(model, 'song', songEnergy);
      const fe = energySides(model, 'movie', filmEnergy);
      const expected = -(s.bright * f.bleak + s.bleak * f.bright + se.intense * fe.calm + se.calm * fe.intense);
      const fromFilm = blockContributions(
        reweightQuery(meanProfile([film], model, { eraFrom: [true], targetKind: 'song' }), model, weights),
        song,
        model,
      ).clash;
      const fromSong = blockContributions(
        reweightQuery(meanProfile([song], model, { eraFrom: [true], targetKind: 'movie' }), model, weights),
        film,
        model,
      ).clash;
      expect(fromFilm).toBeCloseTo(expected, 5);
      expect(fromSong).toBeCloseTo(expected, 5);
      expect(fromFilm).toBeLessThanOrEqual(0);
      const within = reweightQuery(meanProfile([song], model, { eraFrom: [false], targetKind: 'song' }), model, weights);
      expect(blockContributions(within, song, model).clash).toBe(0);
    }
  });

  it('holds the brightest song back from the bleakest film, and not a song and a film that are both bright', () => {
    const { songs, movies, model } = catalog();
    const brightSong = encodeItem({ ...songs[0]!, mood: { ...songs[0]!.mood, valence: 1 } }, model);
    const bleakFilm = encodeItem({ ...movies[0]!, mood: { ...movies[0]!.mood, valence: 0 } }, model);
    const brightFilm = encodeItem({ ...movies[0]!, mood: { ...movies[0]!.mood, valence: 1 } }, model);
    // The test catalog's valences sit about 1.2 standard deviations from its mean at 0 and 1.
    const expected = sides(model, 'song', 1).bright * sides(model, 'movie', 0).bleak;
    expect(expected).toBeGreaterThan(0.3);
    expect(clashFromSong(model, brightSong, bleakFilm)).toBeCloseTo(-expected, 5);
    expect(clashFromSong(model, brightSong, brightFilm)).toBe(0);
  });

  it('holds the calmest song back from the most intense film (a lullaby for a war film), and not a calm song from a calm film', () => {
    const { songs, movies, model } = catalog();
    // Valence at each kind's mean: only the energy can clash.
    const neutral = (kind: 'song' | 'movie') => model.moodStats[kind].mean[VALENCE]!;
    const calmSong = encodeItem({ ...songs[0]!, mood: { ...songs[0]!.mood, valence: neutral('song'), energy: 0 } }, model);
    const intenseFilm = encodeItem({ ...movies[0]!, mood: { ...movies[0]!.mood, valence: neutral('movie'), energy: 1 } }, model);
    const calmFilm = encodeItem({ ...movies[0]!, mood: { ...movies[0]!.mood, valence: neutral('movie'), energy: 0 } }, model);
    const expected = energySides(model, 'song', 0).calm * energySides(model, 'movie', 1).intense;
    expect(expected).toBeGreaterThan(0.3);
    expect(clashFromSong(model, calmSong, intenseFilm)).toBeCloseTo(-expected, 5);
    expect(clashFromSong(model, calmSong, calmFilm)).toBe(0);
  });
});

describe('the dread in the mood clash block', () => {
  // Every mood at the middle, so only the dread can clash.
  const songs = [
    item('song', 1, {}, { pop: 1 }),
    item('song', 2, {}, { dark: 0.9 }),
    item('song', 3, {}, { metal: 1 }),
    item('song', 4, {}),
    item('song', 5, {}, { metal: 1, dark: 0.5 }),
  ];
  const movies = [item('movie', 10, {}, { eerie: 1 }), item('movie', 11, {}, { eerie: 0.5, melancholy: 1 }), item('movie', 12, {}, { melancholy: 1, dark: 1 })];
  const model = fitVibeModel({
    songs,
    movies,
    posterEmbeddings: new Map(),
    concepts: [...CONCEPTS, 'pop', 'dark', 'metal', 'eerie'],
    regions: REGIONS,
    conceptKin: [{ a: 'dark', b: 'metal', weight: 0.4 }],
  });
  const weights = normaliseWeights({ clash: 1 });
  const clash = (song: ItemFeatures, film: ItemFeatures) => clashFromSong(model, encodeItem(song, model), encodeItem(film, model));
  const [pop, dark, metal, unknown, darkMetal] = songs as [ItemFeatures, ItemFeatures, ItemFeatures, ItemFeatures, ItemFeatures];
  const [horror, eerieDrama, darkDrama] = movies as [ItemFeatures, ItemFeatures, ItemFeatures];

  it("costs a song that can carry no dread the film's dread: a pop song and a horror film fully, a half-eerie film by half", () => {
    expect(clash(pop, horror)).toBeCloseTo(-1, 5);
    expect(clash(pop, eerieDrama)).toBeCloseTo(-0.5, 5);
  });

  it('costs a dark song what its darkness leaves, a song kindred to dark (metal) what its kinship leaves, and a song of both what neither carries', () => {
    expect(clash(dark, horror)).toBeCloseTo(-(1 - 0.9), 5);
    expect(clash(metal, horror)).toBeCloseTo(-(1 - 0.4), 5);
    expect(clash(darkMetal, horror)).toBeCloseTo(-(1 - 0.4) * (1 - 0.5), 5);
  });

  it('costs nothing for a film without dread (dark is not dread: most dramas are dark), or a song whose style is unknown', () => {
    for (const song of songs) expect(clash(song, darkDrama)).toBe(0);
    expect(clash(unknown, horror)).toBe(0);
  });

  it('is the same from the film to the song', () => {
    const query = reweightQuery(meanProfile([encodeItem(horror, model)], model, { eraFrom: [true], targetKind: 'song' }), model, weights);
    expect(blockContributions(query, encodeItem(pop, model), model).clash).toBeCloseTo(clash(pop, horror), 5);
  });
});

describe('mood sides', () => {
  it("count from the kind's mean, in standard deviations, full at two", () => {
    expect(moodSides(0)).toEqual({ bright: 0, bleak: 0 });
    expect(moodSides(1)).toEqual({ bright: 0.5, bleak: 0 });
    expect(moodSides(-2)).toEqual({ bright: 0, bleak: 1 });
    expect(moodSides(3)).toEqual({ bright: 1, bleak: 0 });
  });
});

describe('profiles', () => {
  it('mean profiles are shaped like items (each block at its stored scale)', () => {
    const { songs, movies, model } = catalog();
    const profile = meanProfile([encodeItem(songs[0]!, model), encodeItem(movies[1]!, model)], model);
    for (const block of ['mood', 'popularity'] as const) {
      const { offset, dims } = model.layout.blocks[block];
      const norm = Math.hypot(...profile.subarray(offset, offset + dims));
      expect(norm).toBeCloseTo(Math.sqrt(model.weights[block]), 5);
    }
    expect(() => meanProfile([], model)).toThrow(/at least one/);
  });

  it('blend mode keeps every pick represented', () => {
    const lists = [[1, 2, 3, 4], [9, 2, 8], [7]];
    expect(interleaveByPick(lists, (x) => x, 6)).toEqual([1, 9, 7, 2, 8, 3]);
    expect(interleaveByPick(lists, (x) => x, 100)).toEqual([1, 9, 7, 2, 8, 3, 4]);
  });
});

describe('explanations', () => {
  it('name the strongest shared axes and concepts as short phrases, with block shares summing to the score', () => {
    const { songs, movies, model } = catalog();
    const query = encodeItem(songs[0]!, model);
    const target = encodeItem(movies[0]!, model);
    const phrases = {
      concept: (id: string) => ({ melancholy: 'bittersweet', anime: 'anime and Japanese animation', epic: 'epic' })[id] ?? id,
      conceptMood: () => null,
      region: (id: string) => (id === 'japan' ? 'Japanese' : id),
    };
    const moodOf = (item: (typeof songs)[number]) => MOOD_AXES.map((axis) => item.mood[axis]);
    const facts = { queryMood: moodOf(songs[0]!), itemMood: moodOf(movies[0]!), queryHasPoster: false, itemHasPoster: false, posterToPoster: false, era: null };
    const explanation = explainMatch(query, target, model, phrases, facts);
    const score = query.reduce((sum, value, index) => sum + value * target[index]!, 0);
    expect(Object.values(explanation.blocks).reduce((a, b) => a + b, 0)).toBeCloseTo(score, 5);
    expect(explanation.reasons.length).toBeGreaterThan(0);
    expect(explanation.reasons.length).toBeLessThanOrEqual(3);
    expect(explanation.reasons.join(' | ')).toMatch(/bittersweet|Japanese|slow|calm/);
    expect(explanation.axes.find((axis) => axis.axis === 'valence')?.side).toBe('low');
  });
});

describe('language information', () => {
  /** Centroids as a full build writes them: the mean stored vector of each kind. */
  function withCentroids(model: ReturnType<typeof catalog>['model'], songs: readonly ItemFeatures[], movies: readonly ItemFeatures[]) {
    const mean = (items: readonly ItemFeatures[]) => {
      const rows = items.map((entry) => encodeItem(entry, model));
      return Float32Array.from({ length: model.layout.dims }, (_, index) => rows.reduce((sum, row) => sum + row[index]!, 0) / rows.length);
    };
    return { ...model, centroids: { song: mean(songs), movie: mean(movies) } };
  }

  it('weighs a shared language by how rare it is among the kind being ranked', () => {
    const { model: base } = catalog();
    // Songs: 9 in the common language (japan here), 1 in the rare one (latin).
    const songs = [...Array.from({ length: 9 }, (_, n) => item('song', n + 1, {}, {}, { japan: 1 })), item('song', 10, {}, {}, { latin: 1 })];
    const movies = [item('movie', 20, {}, {}, { japan: 1 }), item('movie', 21, {}, {}, { latin: 1 })];
    const model = withCentroids(base, songs, movies);
    const information = languageInformation(model, 'song')!;
    expect(information[REGIONS.indexOf('japan')]).toBeCloseTo(-Math.log(0.9), 5);
    expect(information[REGIONS.indexOf('latin')]).toBeCloseTo(-Math.log(0.1), 5);

    const { offset } = model.layout.blocks.language;
    const languageScore = (film: ItemFeatures, song: ItemFeatures, targetKind?: 'song') => {
      const profile = meanProfile([encodeItem(film, model)], model, { centreKinds: ['movie'], ...(targetKind ? { targetKind } : {}) });
      const vector = encodeItem(song, model);
      return REGIONS.reduce((sum, _, region) => sum + profile[offset + region]! * vector[offset + region]!, 0);
    };
    const [japanFilm, latinFilm, latinSong, japanSong] = [movies[0]!, movies[1]!, songs[9]!, songs[0]!];
    // Each shared language counts its surprisal times what centring alone gave it...
    expect(languageScore(latinFilm, latinSong, 'song')).toBeCloseTo(-Math.log(0.1) * languageScore(latinFilm, latinSong), 5);
    expect(languageScore(japanFilm, japanSong, 'song')).toBeCloseTo(-Math.log(0.9) * languageScore(japanFilm, japanSong), 5);
    // ...so a shared rare language now says far more than a shared common one (centring alone made them equal here).
    expect(languageScore(latinFilm, latinSong) / languageScore(japanFilm, japanSong)).toBeCloseTo(1, 5);
    expect(languageScore(latinFilm, latinSong, 'song') / languageScore(japanFilm, japanSong, 'song')).toBeGreaterThan(10);
    // A language the query does not have is weighed alike: a rare one says more against it, a common one less.
    expect(languageScore(latinFilm, japanSong)).toBeLessThan(0);
    expect(languageScore(latinFilm, japanSong, 'song')).toBeCloseTo(-Math.log(0.9) * languageScore(latinFilm, japanSong), 6);
    expect(languageInformation({ ...model, centroids: null }, 'song')).toBeNull();
  });
});

describe('kindred concepts across kinds', () => {
  const concepts = ['uplifting', 'dark', 'pop'];
  const songs = [item('song', 1, {}, { pop: 1 }), item('song', 2, {}, { dark: 1 })];
  const movies = [item('movie', 10, {}, { uplifting: 1 }), item('movie', 11, {}, { dark: 1 })];
  const fit = (conceptKin?: { a: string; b: string; weight: number }[]) =>
    fitVibeModel({ songs, movies, posterEmbeddings: new Map(), concepts, regions: REGIONS, ...(conceptKin ? { conceptKin } : {}) });
  const model = fit([{ a: 'uplifting', b: 'pop', weight: 0.5 }]);
  const { offset, dims } = model.layout.blocks.genre;
  const genreScore = (query: Float32Array, film: ItemFeatures, built = model) => {
    const vector = encodeItem(film, built);
    let dot = 0;
    for (let index = offset; index < offset + dims; index++) dot += query[index]! * vector[index]!;
    return dot;
  };
  const block = (vector: Float32Array) => vector.slice(offset, offset + dims);
  const popSong = encodeItem(songs[0]!, model);

  it('lets a pop song reach feel-good films, which share none of its concepts, keeping the block its length', () => {
    const reached = meanProfile([popSong], model, { centreKinds: ['song'], targetKind: 'movie' });
    const own = meanProfile([popSong], model, { centreKinds: ['song'], targetKind: 'movie', kindred: false });
    expect(genreScore(own, movies[0]!)).toBe(0);
    expect(genreScore(reached, movies[0]!)).toBeGreaterThan(0.3 * model.weights.genre);
    expect(genreScore(reached, movies[1]!)).toBe(0);
    expect(Math.hypot(...block(reached))).toBeCloseTo(Math.hypot(...block(own)), 6);
  });

  it('works both ways: a feel-good film reaches pop songs', () => {
    const film = encodeItem(movies[0]!, model);
    expect(genreScore(meanProfile([film], model, { centreKinds: ['movie'], targetKind: 'song' }), songs[0]!)).toBeGreaterThan(0);
  });

  it('leaves queries within a kind, and models built without kin, as they were', () => {
    const sameKind = meanProfile([popSong], model, { centreKinds: ['song'], targetKind: 'song' });
    expect(block(sameKind)).toEqual(block(meanProfile([popSong], model, { centreKinds: ['song'], targetKind: 'song', kindred: false })));
    expect(deserialiseModel(serialiseModel(model)).layout.conceptKin).toEqual([{ a: 'uplifting', b: 'pop', weight: 0.5 }]);
    const before = fit();
    const stale = meanProfile([encodeItem(songs[0]!, before)], before, { centreKinds: ['song'], targetKind: 'movie' });
    expect(genreScore(stale, movies[0]!, before)).toBe(0);
  });

  it("keeps the picks' own concepts for reasons, and names the query's side of a kin pair only when every pick crosses kinds", () => {
    const weights = model.weights;
    const film = encodeItem(movies[1]!, model);
    const crossing = queryWithConcepts([popSong], model, { centreKinds: ['song'], targetKind: 'movie' }, weights);
    expect(crossing.concepts?.kind).toBe('song');
    expect(crossing.concepts!.own[offset + concepts.indexOf('uplifting')]).toBe(0);
    expect(crossing.query[offset + concepts.indexOf('uplifting')]).toBeGreaterThan(0);
    expect(queryWithConcepts([popSong, film], model, { centreKinds: ['song', 'movie'], targetKind: 'movie' }, weights).concepts?.kind).toBeNull();
    expect(queryWithConcepts([popSong], model, { centreKinds: ['song'], targetKind: 'song' }, weights).concepts).toBeNull();
  });

  it('reaches kin by the share of picks of the other kind', () => {
    const film = encodeItem(movies[1]!, model);
    const kinPart = (picks: Float32Array[], kinds: ('song' | 'movie')[]) => {
      const query = meanProfile(picks, model, { centreKinds: kinds, targetKind: 'movie' });
      return query[offset + concepts.indexOf('uplifting')]! / Math.hypot(...block(query));
    };
    expect(kinPart([popSong, film], ['song', 'movie'])).toBeGreaterThan(0);
    expect(kinPart([popSong, film], ['song', 'movie'])).toBeLessThan(kinPart([popSong], ['song']));
  });
});

describe("a film's guessed poster look", () => {
  // Posters whose look the mood predicts only in part (valence drives the first directions), as on real catalogs.
  const random = seededRandom(5);
  const moodOf = () => ({ valence: random(), energy: random(), danceability: random(), acousticness: random(), pace: random() });
  const songs = Array.from({ length: 150 }, (_, n) => item('song', n + 1, moodOf()));
  const movies = Array.from({ length: 400 }, (_, n) => item('movie', n + 1, moodOf()));
  const posterEmbeddings = new Map(
    movies
      .filter((_, n) => n % 4 === 0)
      .map((movie) => [movie.itemId, Float32Array.from({ length: 40 }, (_, d) => (d < 4 ? 2 * (movie.mood.valence - 0.5) : 0) + (random() - 0.5))]),
  );
  const model = fitVibeModel({ songs, movies, posterEmbeddings, concepts: CONCEPTS, regions: REGIONS });
  const { offset, dims } = model.layout.blocks.visual;
  const look = (vector: Float32Array) => vector.slice(offset, offset + dims);

  it('is stored shorter than a real one, and a song scores guessed and real looks as widely', () => {
    const guessLength = model.ridge!.guessLength!;
    expect(guessLength).toBeGreaterThan(0.05);
    expect(guessLength).toBeLessThan(0.9);
    const full = Math.sqrt(model.weights.visual);
    const guessed = movies.filter((movie) => !posterEmbeddings.has(movie.itemId)).map((movie) => look(encodeItem(movie, model)));
    const real = movies
      .filter((movie) => posterEmbeddings.has(movie.itemId))
      .map((movie) => look(encodeItem(movie, model, posterEmbeddings.get(movie.itemId)!)));
    expect(Math.hypot(...guessed[0]!)).toBeCloseTo(guessLength * full, 5);
    expect(Math.hypot(...real[0]!)).toBeCloseTo(full, 5);
    expect(Math.hypot(...look(encodeItem(songs[0]!, model)))).toBeCloseTo(full, 5);
    const spread = (targets: Float32Array[]) => {
      const scores = songs.flatMap((song) => {
        const query = look(meanProfile([encodeItem(song, model)], model, { centreKinds: ['song'], targetKind: 'movie' }));
        return targets.map((target) => target.reduce((sum, value, index) => sum + value * query[index]!, 0));
      });
      const mean = scores.reduce((sum, value) => sum + value, 0) / scores.length;
      return Math.sqrt(scores.reduce((sum, value) => sum + (value - mean) ** 2, 0) / scores.length);
    };
    expect(spread(guessed) / spread(real)).toBeGreaterThan(0.75);
    expect(spread(guessed) / spread(real)).toBeLessThan(1.33);
  });

  it('is stored at full length by models built before the measure', () => {
    const before = { ...model, ridge: { ...model.ridge!, guessLength: undefined } };
    expect(Math.hypot(...look(encodeItem(movies[1]!, before)))).toBeCloseTo(Math.sqrt(model.weights.visual), 5);
  });
});

describe('the poster PCA across builds', () => {
  const embeddings = (seed: number) =>
    new Map(Array.from({ length: 30 }, (_, movie) => [movie + 1, Float32Array.from({ length: 48 }, (_, j) => Math.sin(seed + movie * 7.3 + j * 1.9))]));
  const frameOf = (posterEmbeddings: Map<number, Float32Array>, previous: Parameters<typeof modelFrame>[0]['previous'] = null) =>
    modelFrame({ posterEmbeddings, concepts: CONCEPTS, regions: REGIONS, previous });

  it('keeps the previous PCA when fitted on the same embeddings, and refits when any of them changed', () => {
    const first = frameOf(embeddings(1));
    expect(first.pca).not.toBeNull();
    // A fresh fit on the same input is the same PCA, value for value: keeping it changes nothing.
    expect(frameOf(embeddings(1)).pca).toEqual(first.pca);
    const kept = frameOf(embeddings(1), first);
    expect(kept.pca).toBe(first.pca);
    expect(kept.posterPcaKey).toBe(first.posterPcaKey);

    const changed = embeddings(1);
    changed.get(5)![0] = 2;
    const refitted = frameOf(changed, first);
    expect(refitted.pca).not.toBe(first.pca);
    expect(refitted.posterPcaKey).not.toBe(first.posterPcaKey);
    // A model built before the key existed is refitted too.
    expect(frameOf(embeddings(1), { pca: first.pca }).pca).not.toBe(first.pca);
  });

  it('survives the stored model: a deserialised model keeps its key and PCA', () => {
    const { songs, movies } = catalog();
    const model = fitVibeModel({ songs, movies, posterEmbeddings: embeddings(2), concepts: CONCEPTS, regions: REGIONS });
    const stored = deserialiseModel(serialiseModel(model));
    expect(stored.posterPcaKey).toBe(model.posterPcaKey);
    expect(frameOf(embeddings(2), stored).pca).toBe(stored.pca);
    expect(stored.pca).toEqual(model.pca);
  });
});

describe('dread reach', () => {
  it('is 1 for dark and eerie, the chance one of its ties carries dread for a kindred concept, and absent for the rest', () => {
    const reach = dreadReach([
      { a: 'dark', b: 'metal', weight: 0.4 },
      { a: 'eerie', b: 'metal', weight: 0.3 },
      { a: 'aggressive', b: 'dark', weight: 0.3 },
      { a: 'pop', b: 'uplifting', weight: 0.5 },
      { a: 'dark', b: 'eerie', weight: 0.2 },
    ]);
    expect(reach.get('dark')).toBe(1);
    expect(reach.get('eerie')).toBe(1);
    expect(reach.get('metal')).toBeCloseTo(1 - 0.6 * 0.7, 10);
    expect(reach.get('aggressive')).toBeCloseTo(0.3, 10);
    expect(reach.has('pop')).toBe(false);
    expect(reach.has('uplifting')).toBe(false);
  });
});
