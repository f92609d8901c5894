import { FORMATS } from '../../core/importers/formats/index.js';
import type { importMethods } from '../../shared/contract/imports';
import { ServiceError } from '../dispatch';
import type { JobSpec } from '../jobs/protocol';
import { checkReadableFile, type ImportPreview } from '../preview';
import type { HandlersOf, ServiceContext } from './context';

export function importHandlers(context: ServiceContext): HandlersOf<typeof importMethods> {
  return {
    'imports.preview': async ({ file, encoding }) => {
      const resolved = context.resolveFile(file);
      return (await context.jobs.runTask({ type: 'preview', file: resolved.path, displayName: resolved.name, ...(encoding ? { encoding } : {}) })) as ImportPreview;
    },
    'imports.start': ({ file, kind, format, encoding, mapping, mappingFile, batchSize }) => {
      const resolved = context.resolveFile(file);
      checkReadableFile(resolved.path, resolved.name);
      const uploaded = 'uploadId' in file;
      const spec: JobSpec = { type: 'import', file: resolved.path, kind, format, encoding, mapping, mappingFile, batchSize, uploaded, ...(uploaded ? { displayName: resolved.name } : {}) };
      return context.jobs.start(spec, `Import ${resolved.name}`, { pausable: true });
    },
    'imports.runs': ({ limit }) => context.catalog.runs.list(limit),
    'imports.report': ({ runId, issueLimit }) => {
      const run = context.catalog.runs.get(runId);
      if (!run) throw new ServiceError(`There is no import run #${runId}.`);
      return { run, issues: context.catalog.runs.issues(runId, issueLimit) };
    },
    'imports.formats': () => FORMATS.map(({ id, kind, label, requiredColumns }) => ({ id, kind, label, requiredColumns: [...requiredColumns] })),
  };
}
