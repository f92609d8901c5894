/**
 * How well known a song or a film is, for ordering: search results, a recording's best-known
 * version, a film's linked songs, the popular search pool, the exposure sample's queries.
 *
 * A song's fame is on Spotify's popularity scale (0–100). Sources measure it differently. Most Spotify datasets give popularity; "Most Streamed Spotify
 * Songs 2023" gives all-time streams and no popularity, and those songs are the biggest hits of
 * all. Read as unknown, they came after every song with a popularity: "Bohemian Rhapsody" found
 * Panic! At The Disco's cover (popularity 61) before Queen's (2.2 billion streams), and "Smells
 * Like Teen Spirit" an acoustic cover (31) before Nirvana's (1.7 billion).
 *
 * A song with streams and no popularity gets the popularity such songs have: on the DEV catalog,
 * the 116 most-streamed songs that another dataset lists with a popularity above 0 (same title
 * and artists; 0 marks unavailable duplicates) fit popularity = 55 + 16 per tenfold streams above
 * 100 million (medians 55 at 100M, 83 at 1,000M).
 */
const POPULARITY_AT_100M_STREAMS = 55;
const POPULARITY_PER_TENFOLD_STREAMS = 16;

/** SQL for a song's fame over the songs table aliased `alias`: its popularity, else its streams' equivalent, else NULL. */
export function songFameSql(alias: string): string {
  return (
    `COALESCE(${alias}.popularity, CASE WHEN ${alias}.streams > 0 THEN ` +
    `min(100, max(0, ${POPULARITY_AT_100M_STREAMS} + ${POPULARITY_PER_TENFOLD_STREAMS} * (log10(${alias}.streams) - 8))) END)`
  );
}

/** Best-known first, as SQL over an item table aliased `x`: a song's fame, a film's vote count (unknown: 0). */
export const FAME_ORDER_SQL = { song: `COALESCE(${songFameSql('x')}, 0)`, movie: 'COALESCE(x.vote_count, 0)' } as const;
