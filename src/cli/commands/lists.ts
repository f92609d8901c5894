import type { Command } from 'commander';
import { EXPORT_FORMATS, exportFormatsFor, resolveExportFormat } from '../../shared/export-formats.js';
import { listKindSchema, type ListDetailsData, type ListSummaryData } from '../../shared/list-schemas.js';
import { withServices, type GlobalOptions } from '../context.js';
import { formatCount, tableOrNone } from '../output.js';

/** Playlists and watchlists: lists, list-show, list-create, list-add, list-remove, list-move, list-rename, list-delete, export. */
export function registerListCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('lists')
    .description('Show your playlists and watchlists, most recently changed first.')
    .action(async () => {
      await withServices(globals(), async ({ api, out }) => {
        out.result(await api['lists.all']({}), (lists) =>
          tableOrNone(lists, 'No lists yet: crossfade list-create playlist "My mix"', ['id', 'kind', 'items', 'name'], (list) => [
            String(list.id),
            list.kind,
            formatCount(list.items),
            list.name,
          ]),
        );
      });
    });

  program
    .command('list-show')
    .description('Show the items of a list, in order.')
    .argument('<listId>')
    .action(async (listId: string) => {
      await withServices(globals(), async ({ api, out }) => out.result(await api['lists.get']({ listId: parseId(listId, 'list') }), showList));
    });

  program
    .command('list-create')
    .description('Create a playlist (songs) or a watchlist (movies).')
    .argument('<kind>', 'playlist or watchlist')
    .argument('<name...>', 'its name (quotes optional)')
    .action(async (kind: string, name: string[]) => {
      const listKind = listKindSchema.safeParse(kind);
      if (!listKind.success) throw new Error(`A list is a playlist or a watchlist, not "${kind}".`);
      await withServices(globals(), async ({ api, out }) =>
        out.result(await api['lists.create']({ kind: listKind.data, name: listName(name) }), (list) => `Created ${describe(list)}.`),
      );
    });

  const itemCommands = [
    [
      'list-add',
      'Append songs (to a playlist) or movies (to a watchlist) by id; ids already in the list are skipped. Find ids with: crossfade search songs|movies <text>',
      'lists.add',
    ],
    ['list-remove', 'Remove items (by id) from a list.', 'lists.remove'],
  ] as const;
  for (const [name, description, method] of itemCommands) {
    program
      .command(name)
      .description(description)
      .argument('<listId>')
      .argument('<itemId...>')
      .action(async (listId: string, itemIds: string[]) => {
        await withServices(globals(), async ({ api, out }) =>
          out.result(await api[method]({ listId: parseId(listId, 'list'), itemIds: parseIds(itemIds) }), describe),
        );
      });
  }

  program
    .command('list-move')
    .description('Move an item to a position in its list (1 = first; past the end = last).')
    .argument('<listId>')
    .argument('<itemId>')
    .argument('<position>')
    .action(async (listId: string, itemId: string, position: string) => {
      // People count from 1; the store counts from 0.
      const toIndex = parseId(position, 'position') - 1;
      await withServices(globals(), async ({ api, out }) =>
        out.result(await api['lists.move']({ listId: parseId(listId, 'list'), itemId: parseId(itemId, 'item'), toIndex }), describe),
      );
    });

  program
    .command('list-rename')
    .description('Rename a list.')
    .argument('<listId>')
    .argument('<name...>', 'the new name (quotes optional)')
    .action(async (listId: string, name: string[]) => {
      await withServices(globals(), async ({ api, out }) =>
        out.result(await api['lists.rename']({ listId: parseId(listId, 'list'), name: listName(name) }), (list) => `Renamed: ${describe(list)}.`),
      );
    });

  program
    .command('list-delete')
    .description('Delete a list (its songs and movies stay in the catalog).')
    .argument('<listId>')
    .action(async (listId: string) => {
      await withServices(globals(), async ({ api, out }) => {
        const id = parseId(listId, 'list');
        // The summary of what was deleted, read just before (lists.delete answers { deleted: true }).
        const deleted = summaryOf(await api['lists.get']({ listId: id }));
        await api['lists.delete']({ listId: id });
        out.result({ deleted }, (value) => `Deleted ${describe(value.deleted)}.`);
      });
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
      await withServices(globals(), async ({ api, out }) => {
        const list = await api['lists.get']({ listId: parseId(listId, 'list') });
        const format = resolveExportFormat(list.kind, options.format);
        if (options.out) {
          const written = await api['lists.saveExport']({ listId: list.id, format, file: options.out });
          out.result(written, (value) => `Wrote ${formatCount(value.items)} items to ${value.file} (${value.label}).`);
          return;
        }
        const file = await api['lists.export']({ listId: list.id, format });
        if (out.json) out.result({ listId: list.id, format, items: list.entries.length, ...file }, () => '');
        else process.stdout.write(file.content);
      });
    });
}

function describe(list: ListSummaryData): string {
  return `${list.kind} #${list.id} "${list.name}" (${formatCount(list.items)} ${list.items === 1 ? 'item' : 'items'})`;
}

/** A list's summary as lists.all shows it. */
function summaryOf({ id, kind, name, items, createdAt, updatedAt }: ListDetailsData): ListSummaryData {
  return { id, kind, name, items, createdAt, updatedAt };
}

function showList(list: ListDetailsData): string {
  const lines = list.entries.map((entry, index) =>
    entry.kind === 'song'
      ? `${index + 1}. ${entry.song.title} — ${entry.song.artists} (song ${entry.song.id})`
      : `${index + 1}. ${entry.movie.title}${entry.movie.releaseYear === null ? '' : ` (${entry.movie.releaseYear})`} (movie ${entry.movie.id})`,
  );
  return [describe(list), ...lines].join('\n');
}

/** The names the export command accepts for a kind ("csv" rather than "playlist-csv"). */
function shortNames(kind: ListSummaryData['kind']): string {
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

/** The words of a list name; said as the list store says it when there are none. */
function listName(words: readonly string[]): string {
  const name = words.join(' ');
  if (name.trim() === '') throw new Error('A list needs a name.');
  return name;
}

function parseIds(values: readonly string[]): number[] {
  return values.map((value) => parseId(value, 'item'));
}
