import { FORMATS } from '../../core/importers/formats/index.js';
import type { importMethods } from '../../shared/contract/imports';
import { ServiceError } from '../dispatch';
import type { JobSpec } from '../jobs/protocol';
import { LASTFM_FORMAT } from '../../core/importers/formats/lastfm/import-lastfm.js';
import { LASTFM_REQUIRED } from '../../core/importers/formats/lastfm/lastfm-files.js';
import { checkEncodingName, checkImportable } from '../preview';
import type { HandlersOf, ServiceContext } from './context';

export function importHandlers(context: ServiceContext): HandlersOf<typeof importMethods> {
  return {
    'imports.preview': ({ file, encoding }, { signal }) => {
      const resolved = context.resolveFile(file);
      if (encoding !== undefined) checkEncodingName(encoding);
      return context.previews.preview({ file: resolved.path, displayName: resolved.name, ...(encoding !== undefined ? { encoding } : {}) }, signal);
    },
    'imports.start': ({ file, kind, format, encoding, mapping, mappingFile, batchSize }) => {
      if (encoding !== undefined) checkEncodingName(encoding);
      const resolved = context.resolveFile(file);
      checkImportable(resolved.path, resolved.name);
      const uploaded = 'uploadId' in file;
      const spec: JobSpec = {
        type: 'import',
        file: resolved.path,
        kind,
        format,
        encoding,
        mapping,
        mappingFile,
        batchSize,
        uploaded,
        ...(uploaded ? { displayName: resolved.name } : {}),
      };
      return context.jobs.start(spec, `Import ${resolved.name}`, { pausable: true });
    },
    'imports.runs': ({ limit }) => context.catalog.runs.list(limit),
    'imports.report': ({ runId, issueLimit }) => {
      const run = context.catalog.runs.get(runId);
      if (!run) throw new ServiceError(`There is no import run #${runId}.`);
      return { run, issues: context.catalog.runs.issues(runId, issueLimit) };
    },
    'imports.formats': () => [
      ...FORMATS.map(({ id, kind, label, requiredColumns }) => ({ id, kind, label, requiredColumns: [...requiredColumns] })),
      // A set of files rather than columns: the folder (or any of these files) is imported.
      { id: LASTFM_FORMAT.id, kind: 'songs' as const, label: `${LASTFM_FORMAT.label}; import the folder`, requiredColumns: [...LASTFM_REQUIRED] },
    ],
  };
}
