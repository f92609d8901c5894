import type { z } from 'zod';
import type { CatalogDatabase } from '../core/db/open-database.js';
import { exportList, ExportError } from '../core/export/exporters.js';
import { ListError, ListStore, type ListDetails } from '../core/lists/list-store.js';
import { localPlaylistFiles } from '../core/music-folder/scan-music-folder.js';
import type { ListDetailsData, listMethods } from '../shared/list-schemas';
import { movieCardData, songCardData } from './cards';
import { ServiceError } from './dispatch';

type ListHandlers = { [M in keyof typeof listMethods]: (input: z.output<(typeof listMethods)[M]['input']>) => z.output<(typeof listMethods)[M]['output']> };

/** The lists part of the contract over ListStore; list errors become service errors (shown to the user as is). */
export function listHandlers(db: () => CatalogDatabase): ListHandlers {
  const store = () => new ListStore(db());
  const guard = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ListError || error instanceof ExportError) throw new ServiceError(error.message);
      throw error;
    }
  };
  return {
    'lists.all': () => store().all(),
    'lists.create': ({ kind, name }) => guard(() => store().create(kind, name)),
    'lists.rename': ({ listId, name }) => guard(() => store().rename(listId, name)),
    'lists.delete': ({ listId }) => guard(() => (store().delete(listId), { deleted: true as const })),
    'lists.get': ({ listId }) => guard(() => detailsData(store().get(listId))),
    'lists.add': ({ listId, itemIds }) => guard(() => store().add(listId, itemIds)),
    'lists.remove': ({ listId, itemIds }) => guard(() => store().remove(listId, itemIds)),
    'lists.move': ({ listId, itemId, toIndex }) => guard(() => store().move(listId, itemId, toIndex)),
    'lists.export': ({ listId, format }) =>
      guard(() => {
        const list = store().get(listId);
        // Songs in the user's music folder are exported as absolute file paths (a download's folder is unknown).
        const local = format === 'm3u8' || format === 'xspf' ? localPlaylistFiles(db(), list.entries.flatMap((entry) => (entry.kind === 'song' ? [entry.song.id] : []))) : undefined;
        return exportList(list, format, undefined, local ? { ...local, playlistDir: null } : undefined);
      }),
  };
}

function detailsData(list: ListDetails): ListDetailsData {
  return {
    ...list,
    entries: list.entries.map((entry) =>
      entry.kind === 'song'
        ? { kind: 'song' as const, song: songCardData(entry.song) }
        : { kind: 'movie' as const, movie: movieCardData(entry.movie) },
    ),
  };
}
