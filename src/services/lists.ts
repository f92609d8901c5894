import type { z } from 'zod';
import type { CatalogDatabase } from '../core/db/open-database.js';
import { exportList } from '../core/export/exporters.js';
import { writeExport } from '../core/export/write-export.js';
import { ListStore, type ListDetails } from '../core/lists/list-store.js';
import { localPlaylistFiles } from '../core/music-folder/scan-music-folder.js';
import type { ListDetailsData, listMethods } from '../shared/list-schemas';
import { movieCardData, songCardData } from './cards';

type ListHandlers = { [M in keyof typeof listMethods]: (input: z.output<(typeof listMethods)[M]['input']>) => z.output<(typeof listMethods)[M]['output']> };

/** The lists part of the contract over ListStore (ListError and ExportError are user errors, shown as is). */
export function listHandlers(db: () => CatalogDatabase): ListHandlers {
  const store = () => new ListStore(db());
  /** The music-folder files of a playlist's songs, for the formats a player opens (M3U8, XSPF). */
  const localFiles = (list: ListDetails, format: string) =>
    format === 'm3u8' || format === 'xspf'
      ? localPlaylistFiles(
          db(),
          list.entries.flatMap((entry) => (entry.kind === 'song' ? [entry.song.id] : [])),
        )
      : undefined;
  return {
    'lists.all': () => store().all(),
    'lists.create': ({ kind, name }) => store().create(kind, name),
    'lists.rename': ({ listId, name }) => store().rename(listId, name),
    'lists.delete': ({ listId }) => (store().delete(listId), { deleted: true as const }),
    'lists.get': ({ listId }) => detailsData(store().get(listId)),
    'lists.add': ({ listId, itemIds }) => store().add(listId, itemIds),
    'lists.remove': ({ listId, itemIds }) => store().remove(listId, itemIds),
    'lists.move': ({ listId, itemId, toIndex }) => store().move(listId, itemId, toIndex),
    'lists.export': ({ listId, format }) => {
      const list = store().get(listId);
      // Songs in the user's music folder are exported as absolute file paths (a download's folder is unknown).
      const local = localFiles(list, format);
      return exportList(list, format, undefined, local ? { ...local, playlistDir: null } : undefined);
    },
    // Beside the music, saved playlists point at the files by relative paths.
    'lists.saveExport': ({ listId, format, file }) => {
      const list = store().get(listId);
      return writeExport(file, list, format, new Date(), localFiles(list, format));
    },
  };
}

function detailsData(list: ListDetails): ListDetailsData {
  return {
    ...list,
    entries: list.entries.map((entry) =>
      entry.kind === 'song' ? { kind: 'song' as const, song: songCardData(entry.song) } : { kind: 'movie' as const, movie: movieCardData(entry.movie) },
    ),
  };
}
