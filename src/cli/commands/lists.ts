import type { Command } from 'commander';
import { EXPORT_FORMATS, exportFormatsFor, exportList, resolveExportFormat } from '../../core/export/exporters.js';
import { writeExport } from '../../core/export/write-export.js';
import { isListKind, ListStore, type ListDetails, type ListSummary } from '../../core/lists/list-store.js';
import { localPlaylistFiles } from '../../core/music-folder/scan-music-folder.js';
import { withCatalog, type GlobalOptions } from '../context.js';
import { formatCount, table } from '../output.js';

/** Playlists and watchlists: lists, list-show, list-create, list-add, list-remove, list-move, list-rename, list-delete, export. */
export function registerListCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('lists')
    .description('Show your playlists and watchlists, most recently changed first.')
    .action(async () => {
      await withCatalog(globals(), ({ db, out }) => {
        out.result(new ListStore(db).all(), (lists) =>
          lists.length === 0
            ? 'No lists yet: crossfade list-create playlist "My mix"'
            : table([['id', 'kind', 'items', 'name'], ...lists.map((list) => [String(list.id), list.kind, formatCount(list.items), list.name])]),
        );
      });
    });

  program
    .command('list-show')
    .description('Show the items of a list, in order.')
    .argument('<listId>')
    .action(async (listId: string) => {
      await withCatalog(globals(), ({ db, out }) => out.result(new ListStore(db).get(parseId(listId, 'list')), showList));
    });

  program
    .command('list-create')
    .description('Create a playlist (songs) or a watchlist (movies).')
    .argument('<kind>', 'playlist or watchlist')
    .argument('<name...>', 'its name (quotes optional)')
    .action(async (kind: string, name: string[]) => {
      if (!isListKind(kind)) throw new Error(`A list is a playlist or a watchlist, not "${kind}".`);
      await withCatalog(globals(), ({ db, out }) => out.result(new ListStore(db).create(kind, name.join(' ')), (list) => `Created ${describe(list)}.`));
    });

  program
    .command('list-add')
    .description('Append songs (to a playlist) or movies (to a watchlist) by id; ids already in the list are skipped. Find ids with: crossfade search songs|movies <text>')
    .argument('<listId>')
    .argument('<itemId...>')
    .action(async (listId: string, itemIds: string[]) => {
      await withCatalog(globals(), ({ db, out }) => out.result(new ListStore(db).add(parseId(listId, 'list'), parseIds(itemIds)), describe));
    });

  program
    .command('list-remove')
    .description('Remove items (by id) from a list.')
    .argument('<listId>')
    .argument('<itemId...>')
    .action(async (listId: string, itemIds: string[]) => {
      await withCatalog(globals(), ({ db, out }) => out.result(new ListStore(db).remove(parseId(listId, 'list'), parseIds(itemIds)), describe));
    });

  program
    .command('list-move')
    .description('Move an item to a position in its list (1 = first; past the end = last).')
    .argument('<listId>')
    .argument('<itemId>')
    .argument('<position>')
    .action(async (listId: string, itemId: string, position: string) => {
      // People count from 1; the store counts from 0.
      const toIndex = parseId(position, 'position') - 1;
      await withCatalog(globals(), ({ db, out }) => out.result(new ListStore(db).move(parseId(listId, 'list'), parseId(itemId, 'item'), toIndex), describe));
    });

  program
    .command('list-rename')
    .description('Rename a list.')
    .argument('<listId>')
    .argument('<name...>', 'the new name (quotes optional)')
    .action(async (listId: string, name: string[]) => {
      await withCatalog(globals(), ({ db, out }) => out.result(new ListStore(db).rename(parseId(listId, 'list'), name.join(' ')), (list) => `Renamed: ${describe(list)}.`));
    });

  program
    .command('list-delete')
    .description('Delete a list (its songs and movies stay in the catalog).')
    .argument('<listId>')
    .action(async (listId: string) => {
      await withCatalog(globals(), ({ db, out }) => out.result({ deleted: new ListStore(db).delete(parseId(listId, 'list')) }, ({ deleted }) => `Deleted ${describe(deleted)}.`));
    });

  program
    .command('export')
    .description(
      `Export a list: playlists as ${shortNames('playlist')}; watchlists as ${shortNames('watchlist')}. ` +
        'Without --out the file goes to standard output (with --json, wrapped in a JSON object with its name and type).',
    )
    .argument('<listId>')
    .requiredOption('--format <format>', 'm3u8, xspf, csv or json for playlists; letterboxd, csv or json for watchlists')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (listId: string, options: { format: string; out?: string }) => {
      await withCatalog(globals(), ({ db, out }) => {
        const list = new ListStore(db).get(parseId(listId, 'list'));
        const format = resolveExportFormat(list.kind, options.format);
        if (options.out) {
          // Songs found in the music folder (crossfade music-scan) are written as file paths a player can open.
          const local = format === 'm3u8' || format === 'xspf' ? localPlaylistFiles(db, list.entries.flatMap((entry) => (entry.kind === 'song' ? [entry.song.id] : []))) : undefined;
          const written = writeExport(options.out, list, format, undefined, local);
          out.result(written, (value) => `Wrote ${formatCount(value.items)} items to ${value.file} (${value.label}).`);
          return;
        }
        const local = format === 'm3u8' || format === 'xspf' ? localPlaylistFiles(db, list.entries.flatMap((entry) => (entry.kind === 'song' ? [entry.song.id] : []))) : undefined;
        const file = exportList(list, format, undefined, local ? { ...local, playlistDir: null } : undefined);
        if (out.json) out.result({ listId: list.id, format, items: list.entries.length, ...file }, () => '');
        else process.stdout.write(file.content);
      });
    });
}

function describe(list: ListSummary): string {
  return `${list.kind} #${list.id} "${list.name}" (${formatCount(list.items)} ${list.items === 1 ? 'item' : 'items'})`;
}

function showList(list: ListDetails): string {
  const lines = list.entries.map((entry, index) =>
    entry.kind === 'song'
      ? `${index + 1}. ${entry.song.title} — ${entry.song.artists} (song ${entry.song.id})`
      : `${index + 1}. ${entry.movie.title}${entry.movie.releaseYear === null ? '' : ` (${entry.movie.releaseYear})`} (movie ${entry.movie.id})`,
  );
  return [describe(list), ...lines].join('\n');
}

/** The names the export command accepts for a kind ("csv" rather than "playlist-csv"). */
function shortNames(kind: ListSummary['kind']): string {
  return exportFormatsFor(kind)
    .map((format) => format.replace(`${EXPORT_FORMATS[format].kind}-`, ''))
    .join(', ');
}

const ID_EXPECTATIONS = {
  list: 'a list id (see crossfade lists)',
  item: 'an item id (find ids with crossfade search songs|movies <text>)',
  position: 'a position (1 = first)',
} as const;

/** A whole number from 1; 15 digits at most so it stays an exact JavaScript number. */
function parseId(value: string, what: keyof typeof ID_EXPECTATIONS): number {
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new Error(`"${value}" is not ${ID_EXPECTATIONS[what]}.`);
  return Number(value);
}

function parseIds(values: readonly string[]): number[] {
  return values.map((value) => parseId(value, 'item'));
}
