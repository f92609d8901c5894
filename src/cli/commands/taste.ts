import type { Command } from 'commander';
import path from 'node:path';
import type { TasteImportResultData, TasteProfileData } from '../../shared/contract/taste.js';
import { withServices, type CommandContext, type GlobalOptions } from '../context.js';
import { formatCount, table, tableOrNone } from '../output.js';

/** crossfade taste import|list|show|remove|delete|from-list: taste profiles from your own history. */
export function registerTasteCommands(program: Command, globals: () => GlobalOptions): void {
  const taste = program
    .command('taste')
    .description('Taste profiles from your Letterboxd or Spotify export, or a saved list; use one with: crossfade recommend --taste <name>');

  taste
    .command('import')
    .description(
      'Import a Letterboxd export (the ZIP, or watched.csv, ratings.csv, diary.csv, watchlist.csv) or a Spotify account export ' +
        '(the ZIP or folder, YourLibrary.json, Playlist1.json, StreamingHistory_music_0.json, Streaming_History_Audio_*.json). Importing again replaces its profiles.',
    )
    .argument('<file>', 'the export ZIP, the folder it was extracted to, or one of its files')
    .action(async (file: string) => {
      await withServices(globals(), async ({ api, out }) => out.result(await api['taste.import']({ file: { path: path.resolve(file) } }), describeImport));
    });

  taste
    .command('list')
    .description('Show your taste profiles, newest first.')
    .action(async () => {
      await withServices(globals(), async ({ api, out }) =>
        out.result(await api['taste.list']({}), (profiles) =>
          tableOrNone(profiles, 'No taste profiles yet: crossfade taste import <export.zip>', ['id', 'kind', 'items', 'name', 'from'], (profile) => [
            String(profile.id),
            profile.kind,
            formatCount(profile.items),
            profile.name,
            profile.source,
          ]),
        ),
      );
    });

  taste
    .command('show')
    .description('Show what a profile is made of, heaviest first.')
    .argument('<profile>', 'its id or name')
    .option('--limit <n>', 'how many items', '20')
    .action(async (reference: string, options: { limit: string }) => {
      await withServices(globals(), async (context) => {
        const profile = await findTasteProfile(context, reference);
        const value = await context.api['taste.get']({ profileId: profile.id, limit: Math.min(500, Math.max(1, Number(options.limit) || 20)) });
        context.out.result(value, (value) =>
          [
            `${describe(value.profile)}, from ${value.profile.source}`,
            table([
              ['id', 'share', 'weight', 'item'],
              ...value.contributors.map((item) => [
                String(item.itemId),
                `${(item.share * 100).toFixed(1)}%`,
                item.detail ?? item.weight.toFixed(2),
                `${item.title}${item.subtitle ? ` — ${item.subtitle}` : ''}`,
              ]),
            ]),
          ].join('\n'),
        );
      });
    });

  taste
    .command('remove')
    .description('Leave items out of a profile.')
    .argument('<profile>', 'its id or name')
    .argument('<itemId...>')
    .action(async (reference: string, itemIds: string[]) => {
      await withServices(globals(), async (context) => {
        const profile = await findTasteProfile(context, reference);
        let updated = profile;
        for (const itemId of itemIds) updated = await context.api['taste.removeItem']({ profileId: profile.id, itemId: parsePositive(itemId) });
        context.out.result(updated, (value) => `Now ${describe(value)}.`);
      });
    });

  taste
    .command('delete')
    .description('Delete a taste profile (the songs and movies stay in the catalog).')
    .argument('<profile>', 'its id or name')
    .action(async (reference: string) => {
      await withServices(globals(), async (context) => {
        const profile = await findTasteProfile(context, reference);
        context.out.result(await context.api['taste.delete']({ profileId: profile.id }), (value) => `Deleted ${describe(value)}.`);
      });
    });

  taste
    .command('from-list')
    .description('Make a taste profile from a saved playlist or watchlist.')
    .argument('<listId>')
    .option('--name <name>', "its name (default: the list's)")
    .action(async (listId: string, options: { name?: string }) => {
      await withServices(globals(), async ({ api, out }) =>
        out.result(
          await api['taste.fromList']({ listId: parsePositive(listId), ...(options.name ? { name: options.name } : {}) }),
          (value) => `Created ${describe(value)}.`,
        ),
      );
    });
}

/** A profile by id ("2" or "#2") or by name (case-insensitive, the newest of that name), as every taste option takes it. */
export async function findTasteProfile({ api }: Pick<CommandContext, 'api'>, reference: string): Promise<TasteProfileData> {
  const profiles = await api['taste.list']({});
  const id = /^#?(\d+)$/.exec(reference.trim());
  if (id) {
    const profile = profiles.find((entry) => entry.id === Number(id[1]));
    if (!profile) throw new Error(`There is no taste profile #${id[1]}. List them with: crossfade taste list`);
    return profile;
  }
  const profile = profiles.find((entry) => entry.name.toLowerCase() === reference.trim().toLowerCase());
  if (!profile) throw new Error(`There is no taste profile named "${reference}". List them with: crossfade taste list`);
  return profile;
}

function describe(profile: TasteProfileData): string {
  return `taste profile #${profile.id} "${profile.name}" (${formatCount(profile.items)} ${profile.kind}${profile.items === 1 ? '' : 's'})`;
}

function describeImport(summary: TasteImportResultData): string {
  return [
    ...summary.reports.map(
      (report) =>
        `${report.what}: ${formatCount(report.matched)} matched, ${formatCount(report.ambiguous)} ambiguous, ${formatCount(report.missing)} not in the catalog` +
        [...report.ambiguousExamples.map((example) => `\n  ambiguous: ${example}`), ...report.missingExamples.map((example) => `\n  missing: ${example}`)].join(
          '',
        ),
    ),
    ...summary.notes.map((note) => `note: ${note}`),
    ...summary.profiles.map((profile) => `Saved ${describe(profile)}.`),
    ...(summary.profiles.length > 0 ? [`Next: crossfade recommend --taste ${JSON.stringify(summary.profiles[0]!.name)}`] : []),
  ].join('\n');
}

function parsePositive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`"${value}" is not an id (a positive whole number).`);
  return number;
}
