import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { BridgeTableError, Bridges, loadBridges, readBridgeTables, resourcesDir, RESOURCES_ENV_VAR, TABLE_FILES, type BridgeTables } from './bridges.js';

const repoVibe = path.resolve(import.meta.dirname, '../../../resources/vibe');
const tables = (): BridgeTables => structuredClone(readBridgeTables(repoVibe));
type Json = Record<string, Record<string, unknown>>;

function expectTableError(change: (tables: Record<string, Json>) => void, file: string, ...fragments: (string | RegExp)[]): void {
  const edited = tables() as Record<string, Json>;
  change(edited);
  let error: unknown;
  try {
    new Bridges(edited as unknown as BridgeTables);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(BridgeTableError);
  const message = (error as Error).message;
  expect(message.startsWith(`${file}:`), message).toBe(true);
  for (const fragment of fragments) expect(message).toMatch(fragment);
}

describe('resource tables', () => {
  const bridges = loadBridges(repoVibe);

  it('are found from the sources by walking up to resources/vibe', () => {
    expect(resourcesDir({})).toBe(repoVibe);
    expect(resourcesDir({}, path.join(repoVibe, '../../out/main'))).toBe(repoVibe);
  });

  it('can be moved with CROSSFADE_RESOURCES_DIR (the resources folder or the vibe folder itself)', () => {
    const dir = tempDir();
    fs.cpSync(repoVibe, path.join(dir, 'vibe'), { recursive: true });
    expect(resourcesDir({ [RESOURCES_ENV_VAR]: dir })).toBe(path.join(dir, 'vibe'));
    expect(resourcesDir({ [RESOURCES_ENV_VAR]: path.join(dir, 'vibe') })).toBe(path.join(dir, 'vibe'));
    expect(() => resourcesDir({ [RESOURCES_ENV_VAR]: path.join(dir, 'nowhere') })).toThrow(RESOURCES_ENV_VAR);
    expect(() => resourcesDir({}, path.parse(dir).root)).toThrow(/Cannot find the vibe tables/);
  });

  it('declare 30-45 concepts, each with a phrase, and use every one of them somewhere', () => {
    expect(bridges.concepts.length).toBeGreaterThanOrEqual(30);
    expect(bridges.concepts.length).toBeLessThanOrEqual(45);
    expect(bridges.phrases.concept('melancholy')).toBe('bittersweet');
    expect(bridges.phrases.concept('anime')).toBe('anime and Japanese animation');
    const raw = tables() as Record<string, Json>;
    const used = new Set<string>();
    const collect = (weights: unknown) => Object.keys(weights as object).forEach((id) => used.add(id));
    Object.values(raw.musicGenres!.genres!).forEach(collect);
    Object.values(raw.musicGenres!.tags!).forEach(collect);
    Object.values(raw.movieGenres!.genres!).forEach((entry) => collect((entry as { concepts: unknown }).concepts));
    Object.values(raw.movieKeywords!.terms!).forEach(collect);
    expect(bridges.conceptIds.filter((id) => !used.has(id))).toEqual([]);
  });

  it('are sorted and carry a review note', () => {
    const raw = tables() as Record<string, Json>;
    const sorted = (record: object) => expect(Object.keys(record)).toEqual([...Object.keys(record)].sort());
    for (const name of Object.keys(TABLE_FILES)) expect(raw[name]!._review).toEqual(expect.any(String));
    sorted(raw.musicGenres!.genres!);
    sorted(raw.musicGenres!.tags!);
    sorted(raw.movieGenres!.genres!);
    sorted(raw.movieKeywords!.terms!);
    sorted(raw.regions!.languages!);
    sorted(raw.regions!.musicGenres!);
  });

  it('look genres up case- and hyphen-insensitively; unknown is undefined, reviewed-but-empty is an empty map', () => {
    expect(bridges.musicGenre('Hip Hop')).toBe(bridges.musicGenre('hip-hop'));
    expect(bridges.musicGenre('drum and bass')?.get('high-octane')).toBe(1);
    expect(bridges.musicGenre('seen live')?.size).toBe(0);
    expect(bridges.musicGenre('no such genre')).toBeUndefined();
    expect(bridges.movieGenre('Science Fiction')).toBe(bridges.movieGenre('science fiction'));
    expect(bridges.movieGenre('(no genres listed)')?.concepts.size).toBe(0);
    expect(bridges.movieGenre('Horror')?.mood?.valence).toBeLessThan(0.3);
  });

  it('map keywords by exact term first, else by patterns; "based on novel" carries no vibe', () => {
    expect(bridges.movieKeyword('based on novel')?.size).toBe(0);
    expect(bridges.movieKeyword('based on a play')?.size).toBe(0);
    expect(bridges.movieKeyword('dystopia')?.get('futuristic')).toBeGreaterThan(0);
    expect(bridges.movieKeyword('friendship')?.get('uplifting')).toBeGreaterThan(0);
    expect(bridges.movieKeyword('Love')?.get('romantic')).toBe(1);
    expect(bridges.movieKeyword('unrequited love')?.get('romantic')).toBeGreaterThan(0);
    expect(bridges.movieKeyword('18th century')?.get('period')).toBe(1);
    expect(bridges.movieKeyword('xyzzy')).toBeUndefined();
  });

  it('give no song the true stories a documentary or biopic tells (the stories a folk song or a stand-up set tells are not those)', () => {
    // One "storytelling" concept once held both: 42 % of the films for folk, country and comedy songs were documentaries (3 % of the catalog).
    const strongest = (concepts: ReadonlyMap<string, number>) => [...concepts].sort((a, b) => b[1] - a[1])[0]![0];
    const documentary = strongest(bridges.movieGenre('documentary')!.concepts);
    expect(documentary).toBe('true-story');
    expect(strongest(bridges.movieGenre('biography')!.concepts)).toBe(documentary);
    expect(strongest(bridges.movieKeyword('based on a true story')!)).toBe(documentary);
    const raw = tables() as Record<string, Json>;
    const songEntries = [...Object.entries(raw.musicGenres!.genres!), ...Object.entries(raw.musicGenres!.tags!)];
    expect(songEntries.filter(([, concepts]) => documentary in (concepts as object)).map(([name]) => name)).toEqual([]);
    expect(bridges.conceptKin.filter((kin) => kin.a === documentary || kin.b === documentary)).toEqual([]);
  });

  it('match keyword patterns on whole words, and leave false friends without a vibe (no tag puns)', () => {
    const concepts = (keyword: string) => [...(bridges.movieKeyword(keyword) ?? new Map<string, number>()).keys()];
    // Words that only contain a pattern's word, and names or places that only look like one.
    const falseFriends: Record<string, string> = {
      godzilla: 'spiritual',
      'winston churchill': 'spiritual',
      nunchaku: 'spiritual',
      godard: 'spiritual',
      song: 'intimate',
      demonstration: 'dark',
      promise: 'youthful',
      'spelling bee': 'whimsical',
      kingpin: 'period',
      'martin luther king': 'period',
      'drag queen': 'period',
      'princeton university': 'period',
      'royal with cheese': 'period',
      'omaha beach': 'island',
      'long island': 'island',
      'cat house': 'kids',
      'dark horse comics': 'kids',
      'race politics': 'high-octane',
      'custody battle': 'aggressive',
      'flash mob': 'gritty',
      'soap opera': 'orchestral',
      'experimental drug': 'experimental',
      'rob zombie': 'eerie',
    };
    for (const [keyword, concept] of Object.entries(falseFriends)) expect(concepts(keyword), keyword).not.toContain(concept);
    const meant: Record<string, string> = {
      'church choir': 'spiritual',
      nuns: 'spiritual',
      'loss of faith': 'spiritual',
      'fairy godmother': 'whimsical',
      'queen victoria': 'period',
      'imaginary kingdom': 'period',
      teenagers: 'youthful',
      'prom queen': 'youthful',
      'single mother': 'intimate',
      'twin brother': 'intimate',
      werewolves: 'dark',
      'satanic ritual': 'dark',
      'zombie apocalypse': 'eerie',
      surrealism: 'experimental',
    };
    for (const [keyword, concept] of Object.entries(meant)) expect(concepts(keyword), keyword).toContain(concept);
  });

  it('put Japanese films and j-pop, Spanish-language films and reggaeton in the same region', () => {
    expect([...bridges.languageRegions('ja')!.keys()]).toEqual(['japan']);
    const genreRegions = { 'j-pop': 'japan', anime: 'japan', reggaeton: 'latin', sertanejo: 'brazil', cantopop: 'chinese' };
    for (const [genre, region] of Object.entries(genreRegions)) expect(bridges.musicRegions(genre)?.get(region), genre).toBe(1);
    const languageRegions = { es: 'latin', pt: 'brazil', cn: 'chinese' };
    for (const [language, region] of Object.entries(languageRegions)) expect(bridges.languageRegions(language)?.get(region), language).toBe(1);
    expect(bridges.musicRegions('rock')).toBeUndefined();
  });

  it('place no song in a region for a nationality its artists mostly do not sing in, nor for party or eurodance', () => {
    for (const genre of ['swedish', 'finnish', 'icelandic', 'party', 'eurodance']) expect(bridges.musicRegions(genre), genre).toBeUndefined();
    expect(bridges.musicRegions('german')?.get('germanic')).toBe(1);
  });
});

describe('schema validation', () => {
  it('rejects an unknown concept id, naming the file and the key', () => {
    expectTableError(
      (t) => ((t.musicGenres!.genres as Json)['deep-house'] = { electronic: 1, chil: 0.5 }),
      'music-genres.json',
      'genres › deep-house › chil',
      /unknown concept "chil"/,
    );
    expectTableError((t) => ((t.movieGenres!.genres as Json).horror = { concepts: { scary: 1 } }), 'movie-genres.json', 'genres › horror › concepts › scary');
    expectTableError((t) => ((t.movieKeywords!.terms as Json).love = { romance: 1 }), 'movie-keywords.json', 'terms › love › romance');
  });

  it('rejects an artist tag that is no genre (a plain Last.fm tag belongs in tags)', () => {
    expectTableError(
      (t) => ((t.musicGenres!.artistTags as Json)['seen live'] = { concepts: { playful: 1 } }),
      'music-genres.json',
      'artistTags › seen live: not a genre',
    );
  });

  it("rejects an unknown concept among a film genre's concepts not taken from keywords", () => {
    expect(loadBridges(repoVibe).movieGenre('horror')?.notFromKeywords).toEqual(new Set(['spiritual']));
    expectTableError(
      (t) => ((t.movieGenres!.genres as Record<string, { notFromKeywords?: string[] }>).horror!.notFromKeywords = ['holy']),
      'movie-genres.json',
      'genres › horror › notFromKeywords › 0',
      /unknown concept "holy"/,
    );
  });

  it('rejects kin to an unknown concept, of an unknown concept, to itself, or outside 0..1', () => {
    expectTableError((t) => ((t.concepts!.kin as Json).pop = { upbeat: 0.5 }), 'concepts.json', 'kin › pop › upbeat', /unknown concept "upbeat"/);
    expectTableError((t) => ((t.concepts!.kin as Json).polka = { playful: 0.5 }), 'concepts.json', 'kin › polka', /unknown concept "polka"/);
    expectTableError((t) => ((t.concepts!.kin as Json).pop = { pop: 0.5 }), 'concepts.json', 'kin › pop › pop', /not kin to itself/);
    expectTableError((t) => ((t.concepts!.kin as Json).pop = { uplifting: 1.5 }), 'concepts.json', 'kin › pop › uplifting');
  });

  it('reads kin both ways, each pair once with the larger weight written, in vocabulary order', () => {
    const edited = tables() as Record<string, Json>;
    edited.concepts!.kin = { pop: { uplifting: 0.5, youthful: 0.2 }, uplifting: { pop: 0.7 }, acoustic: { intimate: 0 } };
    const { conceptKin, conceptIds } = new Bridges(edited as unknown as BridgeTables);
    expect(conceptKin).toEqual([
      { a: 'uplifting', b: 'pop', weight: 0.7 },
      { a: 'youthful', b: 'pop', weight: 0.2 },
    ]);
    for (const { a, b } of conceptKin) expect(conceptIds.indexOf(a)).toBeLessThan(conceptIds.indexOf(b));
    delete edited.concepts!.kin;
    expect(new Bridges(edited as unknown as BridgeTables).conceptKin).toEqual([]);
  });

  it('rejects unknown region ids, and music regions for genres the music table does not know', () => {
    expectTableError((t) => ((t.regions!.languages as Json).ja = { nippon: 1 }), 'regions.json', 'languages › ja › nippon', /unknown region/);
    expectTableError((t) => ((t.regions!.musicGenres as Json)['j-polka'] = { japan: 1 }), 'regions.json', 'musicGenres › j-polka');
  });

  it('rejects weights outside 0..1, bad regexes, upper-case keys, overlaps and duplicate ids', () => {
    expectTableError((t) => ((t.musicGenres!.genres as Json).rock = { rock: 2 }), 'music-genres.json', 'genres › rock › rock');
    expectTableError(
      (t) => (t.movieKeywords!.patterns as unknown as unknown[]).push({ pattern: '(unclosed', concepts: {} }),
      'movie-keywords.json',
      /patterns › \d+ › pattern: invalid regular expression/,
    );
    expectTableError((t) => ((t.movieKeywords!.terms as Json)['Time Travel'] = {}), 'movie-keywords.json', /key "Time Travel" must be lower-case/);
    expectTableError((t) => ((t.musicGenres!.tags as Json).rock = {}), 'music-genres.json', 'tags › rock', /another section/);
    expectTableError(
      (t) => (t.concepts!.concepts as unknown as unknown[]).push({ id: 'dark', kind: 'mood', label: 'Dark', phrase: 'dark' }),
      'concepts.json',
      /duplicate id\(s\) dark/,
    );
    expectTableError((t) => ((t.movieGenres!.genres as Json).war = { concepts: {}, mood: { sadness: 0.2 } }), 'movie-genres.json', 'genres › war › mood');
    expectTableError((t) => delete t.regions!._review, 'regions.json', '_review');
  });

  it('reports unreadable and malformed files by name', () => {
    const dir = tempDir();
    fs.cpSync(repoVibe, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'movie-genres.json'), '{ not json');
    expect(() => loadBridges(dir)).toThrow(/^movie-genres\.json: not valid JSON/);
    fs.cpSync(path.join(repoVibe, 'movie-genres.json'), path.join(dir, 'movie-genres.json'));
    fs.rmSync(path.join(dir, 'regions.json'));
    expect(() => readBridgeTables(dir)).toThrow(/^regions\.json: cannot be read/);
  });
});
