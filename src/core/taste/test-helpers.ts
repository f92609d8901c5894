/**
 * Test-only: a small catalog of songs and movies and fake Letterboxd and Spotify exports (made-up
 * rows, no personal data) for the taste tests.
 */
import type { CatalogDatabase } from '../db/open-database.js';

const SPOTIFY_IDS = { smile: '0' + 'a'.repeat(21), mona: '1' + 'b'.repeat(21), nature: '2' + 'c'.repeat(21), other: '3' + 'd'.repeat(21) } as const;

/** Four songs and five movies (two films share a title and year, so matching them is ambiguous). */
export function seedTasteCatalog(db: CatalogDatabase): void {
  const song = db.prepare(
    `INSERT INTO songs(song_key, spotify_id, title, artists, album, release_year, duration_ms, popularity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  song.run(SPOTIFY_IDS.smile, SPOTIFY_IDS.smile, 'Smile', 'Nat King Cole', 'Unforgettable', 1954, 170_000, 50);
  song.run(SPOTIFY_IDS.mona, SPOTIFY_IDS.mona, 'Mona Lisa', 'Nat King Cole, Les Baxter', 'Mona Lisa', 1950, 207_000, 60);
  song.run(SPOTIFY_IDS.nature, SPOTIFY_IDS.nature, 'Nature Boy', 'Nat King Cole', 'Nature Boy', 1948, 171_000, 40);
  song.run('ta:hallelujah|leonard cohen', null, 'Hallelujah', 'Leonard Cohen', 'Various Positions', 1984, 279_000, 64);
  const movie = db.prepare(`INSERT INTO movies(tmdb_id, imdb_id, title, original_title, release_year, vote_count) VALUES (?, ?, ?, ?, ?, ?)`);
  movie.run(603, 'tt0133093', 'The Matrix', 'The Matrix', 1999, 25000);
  movie.run(862, 'tt0114709', 'Toy Story', 'Toy Story', 1995, 17000);
  movie.run(129, 'tt0245429', 'Spirited Away', '千と千尋の神隠し', 2001, 16000);
  movie.run(1001, null, 'Crash', 'Crash', 2004, 4000);
  movie.run(1002, null, 'Crash', 'Crash', 2004, 10);
}

export const LETTERBOXD = {
  ratings: [
    'Date,Name,Year,Letterboxd URI,Rating',
    '2024-01-02,The Matrix,1999,https://boxd.it/aaaa,5',
    '2024-01-03,Toy Story,1996,https://boxd.it/bbbb,4.5',
    '2024-01-04,Crash,2004,https://boxd.it/cccc,3',
    '2024-01-05,Not In The Catalog,2010,https://boxd.it/dddd,4',
    '2024-01-06,Spirited Away,2001,https://boxd.it/eeee,2',
  ].join('\n'),
  watched: ['Date,Name,Year,Letterboxd URI', '2024-01-02,The Matrix,1999,https://boxd.it/aaaa', '2024-01-06,"Spirited Away",2001,https://boxd.it/eeee'].join(
    '\r\n',
  ),
  watchlist: ['Date,Name,Year,Letterboxd URI', '2024-02-01,Toy Story,1995,https://boxd.it/bbbb'].join('\n'),
};

export const SPOTIFY = {
  library: JSON.stringify({
    tracks: [
      { artist: 'Nat King Cole', album: 'Unforgettable', track: 'Smile', uri: `spotify:track:${SPOTIFY_IDS.smile}` },
      { artist: 'Nobody', album: 'x', track: 'Unknown Song', uri: `spotify:track:${SPOTIFY_IDS.other}` },
    ],
  }),
  playlists: JSON.stringify({
    playlists: [
      {
        name: 'Night drive',
        lastModifiedDate: '2024-01-01',
        items: [
          { track: { trackName: 'Hallelujah', artistName: 'Leonard Cohen', albumName: 'Various Positions', trackUri: 'spotify:track:' + '9'.repeat(22) } },
          { track: null, episode: { episodeName: 'A podcast' } },
        ],
      },
    ],
  }),
  history: JSON.stringify([
    { endTime: '2023-12-31 23:00', artistName: 'Nat King Cole', trackName: 'Nature Boy', msPlayed: 600_000 },
    { endTime: '2024-01-01 10:00', artistName: 'Nat King Cole', trackName: 'Mona Lisa', msPlayed: 207_000 },
    { endTime: '2024-01-01 11:00', artistName: 'Nat King Cole', trackName: 'Mona Lisa', msPlayed: 207_000 },
    { endTime: '2024-01-01 12:00', artistName: 'Nat King Cole', trackName: 'Smile', msPlayed: 5_000 },
  ]),
  extended: JSON.stringify([
    {
      ts: '2024-03-01T10:00:00Z',
      ms_played: 170_000,
      master_metadata_track_name: 'Smile',
      master_metadata_album_artist_name: 'Nat King Cole',
      spotify_track_uri: `spotify:track:${SPOTIFY_IDS.smile}`,
    },
    {
      ts: '2024-03-01T11:00:00Z',
      ms_played: 900_000,
      master_metadata_track_name: null,
      master_metadata_album_artist_name: null,
      spotify_track_uri: null,
      episode_name: 'A podcast',
    },
  ]),
};
