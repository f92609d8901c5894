import type { Migration } from '../migration.js';
import { catalog } from './0001_catalog.js';
import { imports } from './0002_imports.js';
import { search } from './0003_search.js';
import { posters } from './0004_posters.js';
import { features } from './0005_features.js';
import { lists } from './0006_lists.js';
import { posterEmbeddings } from './0007_poster_embeddings.js';
import { vibeModels } from './0008_vibe_models.js';
import { vibeBuilds } from './0009_vibe_builds.js';
import { searchPrefixOne } from './0010_search_prefix_one.js';
import { searchBacklog } from './0011_search_backlog.js';
import { backlogInsertTrigger } from './0012_backlog_insert_trigger.js';
import { importChanges } from './0013_import_changes.js';
import { tasteProfiles } from './0014_taste_profiles.js';
import { localMusic } from './0015_local_music.js';
import { artistTags } from './0016_artist_tags.js';
import { soundtrackLinks } from './0017_soundtrack_links.js';
import { vibeVectorSlots } from './0018_vibe_vector_slots.js';
import { movieBrowseIndexes } from './0019_movie_browse_indexes.js';
import { soundtrackLinkRelation } from './0020_soundtrack_link_relation.js';
import { derivedState } from './0021_derived_state.js';
import { songArtistKeys } from './0022_song_artist_keys.js';
import { importRunsItemsRestored } from './0023_import_runs_items_restored.js';
import { vibeRankTables } from './0024_vibe_rank_tables.js';

/** Every migration in order. Listed explicitly (not read from disk) so bundlers include them. */
export const MIGRATIONS: readonly Migration[] = [
  catalog,
  imports,
  search,
  posters,
  features,
  lists,
  posterEmbeddings,
  vibeModels,
  vibeBuilds,
  searchPrefixOne,
  searchBacklog,
  backlogInsertTrigger,
  importChanges,
  tasteProfiles,
  localMusic,
  artistTags,
  soundtrackLinks,
  vibeVectorSlots,
  movieBrowseIndexes,
  soundtrackLinkRelation,
  derivedState,
  songArtistKeys,
  importRunsItemsRestored,
  vibeRankTables,
];
