import { browseMovies, genreFacets, languageFacets } from '../../core/catalog/browse.js';
import { catalogStats } from '../../core/catalog/stats.js';
import type { catalogMethods } from '../../shared/contract/catalog';
import type { HandlersOf, ServiceContext } from './context';

export function catalogHandlers(context: ServiceContext): HandlersOf<typeof catalogMethods> {
  return {
    'catalog.stats': () => catalogStats(context.catalog.db),
    'catalog.searchSongs': ({ text, limit }) => context.catalog.search.searchSongs(text, limit),
    'catalog.searchMovies': ({ text, limit }) => context.catalog.search.searchMovies(text, limit),
    'catalog.genres': ({ domain }) => genreFacets(context.catalog.db, domain),
    'catalog.languages': () => languageFacets(context.catalog.db),
    'catalog.browseMovies': (query) => browseMovies(context.catalog.db, query),
  };
}
