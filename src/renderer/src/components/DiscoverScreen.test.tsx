// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { SONG_SEARCH_PAGE, type MethodOutput } from '../../../shared/contract';
import { nextPoolOffset } from './discover/PosterPicker';
import { FEEL_WEIGHTS, type BlockWeightValues, type RecommendationData } from '../../../shared/recommend-schemas';
import { languageName } from '../lib/languages';
import { percentages, setShare } from '../lib/weights';
import { useDiscover } from '../state/discover';
import { fakeBackend, renderWithQueries } from '../test/fake-backend';
import { DiscoverScreen } from './DiscoverScreen';

const SOUNDTRACK: BlockWeightValues = {
  mood: 0.1,
  genre: 0.3,
  language: 0.2,
  era: 0.25,
  popularity: 0.05,
  visual: 0.05,
  variety: 0.05,
  content: 0,
  topic: 0,
  clash: 0,
};

const builtStatus = (intents: boolean): MethodOutput<'vibe.status'> => ({
  built: true,
  modelId: 3,
  songs: 10,
  movies: 5,
  builtAt: '2026-12-01T10:00:00Z',
  visual: false,
  stale: false,
  staleReasons: [],
  defaultWeights: SOUNDTRACK,
  intentWeights: intents ? { soundtrack: SOUNDTRACK, feel: FEEL_WEIGHTS } : null,
  defaultIntent: intents ? 'soundtrack' : null,
});

const movie = (id: number, title: string, language: string | null) => ({
  id,
  title,
  releaseYear: 2001,
  tmdbId: id,
  imdbId: null,
  originalLanguage: language,
  overview: null,
  runtimeMinutes: 120,
  posterId: null,
  genres: ['Animation'],
  tmdbUrl: `https://www.themoviedb.org/movie/${id}`,
  imdbUrl: null,
});
const song = (id: number, title: string) => ({
  id,
  title,
  artists: 'Joe Hisaishi',
  album: 'Spirited Away Soundtrack',
  releaseYear: 2001,
  durationMs: 225_000,
  spotifyId: null,
  genres: [],
  spotifyUrl: 'https://open.spotify.com/search/x',
});

function result(id: number, title: string, match: number, language: string | null): RecommendationData {
  return {
    kind: 'movie',
    itemId: id,
    score: match / 100,
    match,
    blocks: { mood: 0.1, genre: 0.4, language: 0.1, era: -0.05, popularity: 0.02, visual: 0, variety: 0, content: 0, topic: 0, clash: 0 },
    axes: [{ axis: 'valence', contribution: 0.05, side: 'high' }],
    reasons: ['both wistful'],
    viaPick: 0,
    mood: [0.5, 0.5, 0.5, 0.5, 0.5],
    otherVersions: [],
    song: null,
    movie: movie(id, title, language),
  };
}

function response(intent: 'soundtrack' | 'feel'): MethodOutput<'recommend.query'> {
  return {
    modelId: 3,
    intent,
    links: [
      {
        kind: 'movie',
        itemId: 9,
        viaPick: 0,
        relation: 'used-in',
        label: 'Used in Spirited Away',
        evidence: 'album “Spirited Away Soundtrack”',
        song: null,
        movie: movie(9, 'Spirited Away', 'ja'),
      },
    ],
    results: [result(1, 'Princess Mononoke', 87.4, 'ja'), result(2, 'Amélie', 80, 'xx')],
    weights: intent === 'feel' ? FEEL_WEIGHTS : SOUNDTRACK,
    profileMood: [0.5, 0.5, 0.5, 0.5, 0.5],
    picks: [{ kind: 'song', id: 5, mood: [0.5, 0.5, 0.5, 0.5, 0.5], song: song(5, 'The Sixth Station'), movie: null }],
    allowed: null,
    familyFilm: null,
    elapsedMs: 4,
  };
}

beforeEach(() => {
  useDiscover.setState({
    catalog: null,
    picks: [],
    taste: null,
    weights: null,
    intent: null,
    filters: {},
    similarTo: null,
    target: 'movie',
    targetChosen: false,
    panelOpen: true,
    diverse: false,
    mode: 'mean',
  });
  // The picks of this catalog, kept from an earlier session.
  localStorage.setItem(
    'crossfade.discover:/data/crossfade.db',
    JSON.stringify({ picks: [{ kind: 'song', id: 5, label: 'The Sixth Station', detail: 'Joe Hisaishi', posterId: null }], taste: null }),
  );
});

describe('Discover', () => {
  it('restores the picks of this catalog and shows the soundtrack links first, then matches as percentages', async () => {
    const backend = fakeBackend({ 'vibe.status': () => builtStatus(true), 'recommend.query': (query) => response(query.intent ?? 'soundtrack') });
    renderWithQueries(<DiscoverScreen />);
    const links = await screen.findByRole('region', { name: 'Used in Spirited Away' });
    const ranked = screen.getByRole('list', { name: 'Movies ranked by match' });
    // The link group comes before the ranked results.
    expect(links.compareDocumentPosition(ranked) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(ranked).getAllByText('87%')[0]!.getAttribute('title')).toMatch(/share of a perfect match/);
    expect(within(ranked).getByText(/Japanese/)).toBeTruthy();
    // No intent chosen yet: the model's default applies.
    expect(backend.callsOf('recommend.query')[0]).toMatchObject({ picks: [{ kind: 'song', id: 5 }], target: 'movie' });
    expect(backend.callsOf('recommend.query')[0]).not.toHaveProperty('intent');
    expect(screen.getByRole('button', { name: 'Could be on its soundtrack' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows weights as shares that sum to 100; an intent resets them to its own and is sent with the query', async () => {
    const backend = fakeBackend({ 'vibe.status': () => builtStatus(true), 'recommend.query': (query) => response(query.intent ?? 'soundtrack') });
    renderWithQueries(<DiscoverScreen />);
    await screen.findByRole('list', { name: 'Movies ranked by match' });
    const shares = () => screen.getAllByRole('slider').map((slider) => Number((slider as HTMLInputElement).value));
    expect(shares().reduce((a, b) => a + b, 0)).toBe(100);
    fireEvent.change(screen.getByRole('slider', { name: 'Mood' }), { target: { value: '50' } });
    await waitFor(() => expect(shares()[0]).toBe(50));
    expect(shares().reduce((a, b) => a + b, 0)).toBe(100);
    fireEvent.click(screen.getByRole('button', { name: 'Feels the same' }));
    await waitFor(() => expect(shares()).toEqual(Object.values(percentages(FEEL_WEIGHTS))));
    await waitFor(() => expect(backend.callsOf('recommend.query').at(-1)).toMatchObject({ intent: 'feel' }));
    expect(backend.callsOf('recommend.query').at(-1)).not.toHaveProperty('weights');
  });

  it('names the intents for more of the same kind: a song picked, songs recommended, there is no soundtrack to be on', async () => {
    const backend = fakeBackend({ 'vibe.status': () => builtStatus(true), 'recommend.query': (query) => response(query.intent ?? 'soundtrack') });
    renderWithQueries(<DiscoverScreen />);
    await screen.findByRole('list', { name: 'Movies ranked by match' });
    fireEvent.click(screen.getByRole('button', { name: /Songs/ }));
    await waitFor(() => expect(backend.callsOf('recommend.query').at(-1)).toMatchObject({ target: 'song' }));
    expect(screen.queryByRole('button', { name: 'Could be on its soundtrack' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Same genres and tags' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Feels the same' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Movies/ }));
    expect(await screen.findByRole('button', { name: 'Could be on its soundtrack' })).toBeTruthy();
  });

  it('hides the intent control on a vibe space from an older model and says a rebuild enables it', async () => {
    fakeBackend({ 'vibe.status': () => builtStatus(false), 'recommend.query': () => response('soundtrack') });
    renderWithQueries(<DiscoverScreen />);
    await screen.findByRole('list', { name: 'Movies ranked by match' });
    expect(screen.queryByRole('button', { name: 'Feels the same' })).toBeNull();
    expect(screen.getByText(/Rebuild the vibe space .* to choose between/)).toBeTruthy();
  });

  it('says explicit songs are left out for a family film, and shows them when asked', async () => {
    const backend = fakeBackend({
      'vibe.status': () => builtStatus(true),
      'recommend.query': (query) => ({ ...response('soundtrack'), familyFilm: query.filters?.includeExplicit === true ? null : 'Toy Story' }),
    });
    renderWithQueries(<DiscoverScreen />);
    await screen.findByText(/Explicit songs and aggressive music are left out: Toy Story is a family film/);
    const includeExplicit = () => (screen.getByRole('checkbox', { name: /Include explicit songs/ }) as HTMLInputElement).checked;
    fireEvent.click(screen.getByRole('button', { name: /Songs/ }));
    await waitFor(() => expect(includeExplicit()).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Show them' }));
    await waitFor(() => expect(backend.callsOf('recommend.query').at(-1)).toMatchObject({ filters: { includeExplicit: true } }));
    await waitFor(() => expect(screen.queryByText(/Explicit songs and aggressive music are left out/)).toBeNull());
    expect(includeExplicit()).toBe(true);
  });

  it('shows a hint instead of zero weights before the vibe space exists', async () => {
    fakeBackend();
    renderWithQueries(<DiscoverScreen />);
    await screen.findByText(/The weights appear once the vibe space is built/);
    expect(screen.queryAllByRole('slider')).toHaveLength(0);
  });

  it('"Why?" shows each block’s share of the score, negative ones included', async () => {
    fakeBackend({ 'vibe.status': () => builtStatus(true), 'recommend.query': () => response('soundtrack') });
    renderWithQueries(<DiscoverScreen />);
    const first = (await screen.findByRole('list', { name: 'Movies ranked by match' })).querySelector('li')!;
    fireEvent.click(within(first as HTMLElement).getByRole('button', { name: 'Why?' }));
    const panel = first.querySelector('.why-panel') as HTMLElement;
    expect(within(panel).getByText('Era')).toBeTruthy();
    const era = within(panel).getByText('Era').parentElement!;
    expect(era.querySelector('.bar__fill--negative')).not.toBeNull();
    expect(era.textContent).toMatch(/−6%/);
  });
});

describe('song search', () => {
  it('asks for the first page per keystroke, not every result', async () => {
    const hits = Array.from({ length: SONG_SEARCH_PAGE }, (_, index) => ({
      id: 100 + index,
      title: `Station ${index}`,
      artists: 'Joe Hisaishi',
      album: null,
      releaseYear: 2001,
      spotifyId: null,
    }));
    const backend = fakeBackend({
      'vibe.status': () => builtStatus(true),
      'recommend.query': () => response('soundtrack'),
      'catalog.searchSongs': ({ limit }) => hits.slice(0, limit),
    });
    renderWithQueries(<DiscoverScreen />);
    const input = screen.getByLabelText('Search songs');
    fireEvent.change(input, { target: { value: 'Sta' } });
    // The rows themselves need a layout (a virtual list); the combobox says there are hits.
    await waitFor(() => expect(input.getAttribute('aria-expanded')).toBe('true'));
    expect(backend.callsOf('catalog.searchSongs')).toEqual([{ text: 'Sta', limit: SONG_SEARCH_PAGE }]);
  });
});

describe('poster picker', () => {
  it('reads a count that stopped at its limit as "10,000+"', async () => {
    const movie = (id: number) => ({ id, title: `Movie ${id}`, releaseYear: 2001, posterId: null, genres: [] });
    const backend = fakeBackend({
      'vibe.status': () => builtStatus(true),
      'catalog.browseMovies': ({ offset = 0, limit = 1 }) => ({
        total: 10_000,
        totalAtLeast: true,
        items: Array.from({ length: limit }, (_, index) => movie(offset + index + 1)),
      }),
    });
    renderWithQueries(<DiscoverScreen />);
    expect(await screen.findByText(/^10,000\+ movies, most voted first/)).toBeTruthy();
    expect(backend.callsOf('catalog.browseMovies')[0]).toMatchObject({ offset: 0 });
  });

  it('asks for pages past a count that stopped at its limit until one comes back empty, and past an exact count only while movies are missing', () => {
    const page = (size: number, total: number, totalAtLeast: boolean) => ({
      total,
      totalAtLeast,
      items: Array.from({ length: size }, (_, index) => ({ id: index + 1, title: 'M', releaseYear: null, posterId: null, genres: [] })),
    });
    const capped = [page(60, 3, true), page(200, 3, true)];
    expect(nextPoolOffset(capped[1]!, capped)).toBe(260);
    expect(nextPoolOffset(page(0, 3, true), [...capped, page(0, 3, true)])).toBeUndefined();
    const exact = [page(60, 100, false)];
    expect(nextPoolOffset(exact[0]!, exact)).toBe(60);
    const all = [...exact, page(40, 100, false)];
    expect(nextPoolOffset(all[1]!, all)).toBeUndefined();
  });
});

describe('weights and names', () => {
  it('moving one share moves the others together, summing to 1', () => {
    const next = setShare(SOUNDTRACK, 'era', 0);
    expect(Object.values(next).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(next.genre / next.language).toBeCloseTo(SOUNDTRACK.genre / SOUNDTRACK.language, 10);
    expect(
      Object.values(percentages({ mood: 1, genre: 1, language: 1, era: 0, popularity: 0, visual: 0, variety: 0, content: 0, topic: 0, clash: 0 })).reduce(
        (a, b) => a + b,
        0,
      ),
    ).toBe(100);
  });

  it('names languages, with "Unknown" for xx and missing codes', () => {
    expect(languageName('ja')).toBe('Japanese');
    expect(languageName('xx')).toBe('Unknown');
    expect(languageName(null)).toBe('Unknown');
  });
});
