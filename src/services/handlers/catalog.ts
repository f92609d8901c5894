import { browseMovies, genreFacets, languageFacets } from '../../core/catalog/browse.js';
import { catalogStats } from '../../core/catalog/stats.js';
import type { catalogMethods } from '../../shared/contract/catalog';
import type { HandlersOf, ServiceContext } from './context';

export function catalogHandlers(context: ServiceContext): HandlersOf<typeof catalogMethods> {
  return {
    'catalog.stats': () => catalogStats(context.catalog.db),
    // Right after opening or an import a large catalog's search pool is still being built in a
    // worker: wait for it (under a second at a million items) rather than rank every match.
    'catalog.searchSongs': async ({ text, limit }) => {
      await context.catalog.search.poolReady('songs');
      return context.catalog.search.searchSongs(text, limit);
    },
    'catalog.searchMovies': async ({ text, limit }) => {
      await context.catalog.search.poolReady('movies');
      return context.catalog.search.searchMovies(text, limit);
    },
    'catalog.genres': ({ domain }) => genreFacets(context.catalog.db, domain),
    'catalog.languages': () => languageFacets(context.catalog.db),
    // The picker's default order comes from the same pool as the movie search.
    'catalog.browseMovies': async (query) => {
      const { search } = context.catalog;
      if (query.order === 'popular') await search.poolReady('movies');
      return browseMovies(context.catalog.db, query, (text, count) => search.popularMovies(text, count), {
        remembered: (key, count) => search.rememberedCount(key, count),
      });
    },
  };
}
