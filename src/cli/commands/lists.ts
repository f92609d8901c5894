import fs from 'node:fs';
import type { Command } from 'commander';
import { EXPORT_FORMATS, exportFormatsFor, exportList, isExportFormat } from '../../core/export/exporters.js';
import { ListStore, type ListKind, type ListSummary } from '../../core/lists/list-store.js';
import { withCatalog, type GlobalOptions } from '../context.js';
import { formatCount, table } from '../output.js';

export function registerListCommands(program: Command, globals: () => GlobalOptions): void {
  const describe = (list: ListSummary) => `${list.kind} #${list.id} "${list.name}": ${formatCount(list.items)} items`;
  const listId = (value: string) => {
    if (!/^\d+$/.test(value)) throw new Error(`"${value}" is not a list id: see crossfade lists.`);
    return Number(value);
  };
  const itemIds = (values: string[]) => values.map((value) => {
    if (!/^\d+$/.test(value)) throw new Error(`"${value}" is not an item id: find ids with crossfade search songs|movies <text>.`);
    return Number(value);
  });

  program
    .command('lists')
    .description('Show your playlists and watchlists.')
    .action(async () => {
      await withCatalog(globals(), ({ db, out }) => {
        const all = new ListStore(db).all();
        out.result(all, (lists) =>
          lists.length === 0 ? 'No lists yet: crossfade list-create playlist "My mix"' : table([['id', 'kind', 'items', 'name'], ...lists.map((list) => [String(list.id), list.kind, formatCount(list.items), list.name])]),
        );
      });
    });

  program
    .command('list-create')
    .description('Create a playlist (songs) or a watchlist (movies).')
    .argument('<kind>', 'playlist or watchlist')
    .argument('<name...>', 'its name')
    .action(async (kind: string, name: string[]) => {
      if (kind !== 'playlist' && kind !== 'watchlist') throw new Error(`A list is a playlist or a watchlist, not "${kind}".`);
      await withCatalog(globals(), ({ db, out }) => out.result(new ListStore(db).create(kind as ListKind, name.join(' ')), (list) => `Created ${describe(list)}.`));
    });

  program
    .command('list-show')
    .description('Show the items of a list, in order.')
    .argument('<listId>')
    .action(async (id: string) => {
      await withCatalog(globals(), ({ db, out }) =>
        out.result(new ListStore(db).get(listId(id)), (list) =>
          [
            describe(list),
            ...list.entries.map((entry, position) =>
              entry.kind === 'song' ? `${position + 1}. ${entry.song.title} — ${entry.song.artists} (song ${entry.song.id})` : `${position + 1}. ${entry.movie.title} ${entry.movie.releaseYear ?? ''} (movie ${entry.movie.id})`,
            ),
          ].join('\n'),
        ),
      );
    });

  const change = (name: string, description: string, run: (store: ListStore, id: number, args: string[]) => ListSummary) =>
    program
      .command(name)
      .description(description)
      .argument('<listId>')
      .argument('[args...]')
      .action(async (id: string, args: string[]) => {
        await withCatalog(globals(), ({ db, out }) => out.result(run(new ListStore(db), listId(id), args), (list) => describe(list)));
      });
  change('list-add', 'Append songs or movies (by id) to a list.', (store, id, args) => store.add(id, itemIds(args)));
  change('list-remove', 'Remove items (by id) from a list.', (store, id, args) => store.remove(id, itemIds(args)));
  change('list-move', 'Move an item to a position (1 = first): list-move <listId> <itemId> <position>.', (store, id, [item, position]) => {
    if (!item || !position || !/^\d+$/.test(position)) throw new Error('Usage: crossfade list-move <listId> <itemId> <position>');
    return store.move(id, itemIds([item])[0]!, Math.max(0, Number(position) - 1));
  });
  change('list-rename', 'Rename a list.', (store, id, args) => store.rename(id, args.join(' ')));

  program
    .command('list-delete')
    .description('Delete a list (the songs and movies stay in the catalog).')
    .argument('<listId>')
    .action(async (id: string) => {
      await withCatalog(globals(), ({ db, out }) => {
        const store = new ListStore(db);
        const list = store.summary(listId(id));
        store.delete(list.id);
        out.result({ deleted: list }, () => `Deleted ${describe(list)}.`);
      });
    });

  program
    .command('export')
    .description(`Export a list: playlists as ${exportFormatsFor('playlist').join(', ')}; watchlists as ${exportFormatsFor('watchlist').join(', ')}.`)
    .argument('<listId>')
    .requiredOption('--format <format>', 'm3u8, xspf, csv, json (playlists) or letterboxd, csv, json (watchlists)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (id: string, options: { format: string; out?: string }) => {
      await withCatalog(globals(), ({ db, out }) => {
        const list = new ListStore(db).get(listId(id));
        // "csv" and "json" mean the list's own variant.
        const format = ['csv', 'json'].includes(options.format) ? `${list.kind}-${options.format}` : options.format;
        if (!isExportFormat(format)) throw new Error(`Unknown format "${options.format}": use ${Object.keys(EXPORT_FORMATS).join(', ')}.`);
        const file = exportList(list, format);
        if (!options.out) {
          process.stdout.write(file.content);
          return;
        }
        fs.writeFileSync(options.out, file.content);
        out.result({ file: options.out, format, items: list.entries.length }, (value) => `Wrote ${formatCount(value.items)} items to ${value.file} (${EXPORT_FORMATS[format].label}).`);
      });
    });
}
