import { Command, CommanderError } from 'commander';
import { registerCatalogCommands } from './commands/catalog.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerImport } from './commands/import.js';
import { registerPosterCommands } from './commands/posters.js';
import { registerListCommands } from './commands/lists.js';
import { registerReports } from './commands/report.js';
import { registerVibeCommands } from './commands/vibe.js';
import { registerUndoImport } from './commands/undo-import.js';
import { registerTasteCommands } from './commands/taste.js';
import { registerMusicCommands } from './commands/music.js';
import type { GlobalOptions } from './context.js';

const program = new Command();
program
  .name('crossfade')
  .description('Crossfade: match songs and movies by vibe. Manage the offline catalog from the command line.')
  .option('--db <path>', "catalog database (default: the desktop app's data folder)")
  .option('--json', 'print machine-readable JSON on stdout')
  .option('--no-progress', 'hide progress bars')
  .showHelpAfterError('(run "crossfade --help" for usage)')
  .exitOverride();

const globals = () => program.opts<GlobalOptions>();
registerImport(program, globals);
registerPosterCommands(program, globals);
registerCatalogCommands(program, globals);
registerReports(program, globals);
registerVibeCommands(program, globals);
registerListCommands(program, globals);
registerEvalCommand(program, globals);
registerUndoImport(program, globals);
registerTasteCommands(program, globals);
registerMusicCommands(program, globals);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    if (globals().json) process.stdout.write(`${JSON.stringify({ error: message }, null, 2)}\n`);
    process.stderr.write(`crossfade: ${message}\n`);
    process.exitCode = 1;
  }
}
