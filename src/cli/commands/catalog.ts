import type { Command } from 'commander';
import { withServices, type GlobalOptions } from '../context.js';
import { formatBytes } from '../../shared/format.js';
import { formatCount, table, tableOrNone } from '../output.js';

export function registerCatalogCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('stats')
    .description('Show what the catalog holds.')
    .action(async () => {
      await withServices(globals(), async ({ api, dbPath, out }) => {
        const stats = await api['catalog.stats']({});
        out.result({ database: dbPath, ...stats }, (value) =>
          table([
            ['database', value.database],
            ['songs', `${formatCount(value.songs)} (${formatCount(value.songsWithAudioFeatures)} with audio features)`],
            ['movies', `${formatCount(value.movies)} (${formatCount(value.moviesWithPoster)} with a poster)`],
            ['posters', formatCount(value.posters)],
            ['genres', `${formatCount(value.musicGenres)} music, ${formatCount(value.movieGenres)} movie`],
            ['keywords', formatCount(value.keywords)],
            ['sources', `${formatCount(value.sources)} (${formatCount(value.importRuns)} import runs)`],
            ['schema', `version ${value.schemaVersion}, ${formatBytes(value.databaseBytes, 'en-US')}`],
          ]),
        );
      });
    });

  program
    .command('search')
    .description('Search songs (title, artist, album) or movies (title, original title); the last word matches as a prefix.')
    .argument('<what>', 'songs or movies')
    .argument('<text...>', 'words to look for')
    .option('--limit <n>', 'how many results', '20')
    .action(async (what: string, words: string[], options: { limit: string }) => {
      if (what !== 'songs' && what !== 'movies') throw new Error(`Search "songs" or "movies", not "${what}". Example: crossfade search songs bohemian rhap`);
      const limit = Math.max(1, Math.min(500, Number(options.limit) || 20));
      await withServices(globals(), async ({ api, out }) => {
        const text = words.join(' ');
        /** The hits as a table under `header`, or a sentence when there are none. */
        const hitsTable =
          <T>(header: readonly string[], cells: (hit: T) => string[]) =>
          (list: readonly T[]) =>
            tableOrNone(list, `No ${what} match "${text}".`, header, cells);
        if (what === 'songs') {
          out.result(
            await api['catalog.searchSongs']({ text, limit }),
            hitsTable(['id', 'title', 'artists', 'album', 'year'], (hit) => [
              String(hit.id),
              hit.title,
              hit.artists,
              hit.album ?? '',
              hit.releaseYear?.toString() ?? '',
            ]),
          );
        } else {
          out.result(
            await api['catalog.searchMovies']({ text, limit }),
            hitsTable(['id', 'title', 'year', 'tmdb', 'imdb'], (hit) => [
              String(hit.id),
              hit.title,
              hit.releaseYear?.toString() ?? '',
              hit.tmdbId?.toString() ?? '',
              hit.imdbId ?? '',
            ]),
          );
        }
      });
    });

  program
    .command('formats')
    .description('List the file formats the importer recognises and the columns each expects.')
    .action(async () => {
      await withServices(globals(), async ({ api, out }) => {
        const formats = await api['imports.formats']({});
        out.result(formats, (list) =>
          list.map((format) => `${format.id} (${format.kind}): ${format.label}\n  columns: ${format.requiredColumns.join(', ')}`).join('\n'),
        );
      });
    });
}
