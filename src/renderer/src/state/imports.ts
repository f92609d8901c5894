import { create } from 'zustand';
import type { FileRef, MethodInput, MethodOutput } from '../../../shared/contract';
import { backend } from '../api/backend';
import { guessMapping, looksPercentScaled, type CatalogKind } from '../lib/catalog-fields';
import { baseName, errorText } from '../lib/format';
import { useJobs } from './jobs';

export type ImportPreview = MethodOutput<'imports.preview'>;
export type ColumnMapping = NonNullable<MethodInput<'imports.start'>['mapping']>;

export interface MapperState {
  readonly kind: CatalogKind;
  /** File column -> catalog field id. */
  readonly byColumn: Readonly<Record<string, string>>;
  readonly listSeparator: string;
  readonly featuresInPercent: boolean;
}

export type PendingStage = 'uploading' | 'previewing' | 'ready' | 'starting' | 'failed';

/** A file chosen for import, before its job starts. */
export interface PendingImport {
  readonly key: string;
  readonly name: string;
  readonly size: number | null;
  readonly file: FileRef | null;
  /** Files uploaded beside it (MovieLens links.csv, tags.csv). */
  readonly companions: readonly string[];
  readonly stage: PendingStage;
  readonly uploaded: number;
  readonly preview: ImportPreview | null;
  /** The encoding the user chose instead of the detected one. */
  readonly encoding: string | null;
  /** Present when the user maps the columns (always when the format is unknown). */
  readonly mapper: MapperState | null;
  readonly error: string | null;
}

interface ImportsState {
  readonly pending: readonly PendingImport[];
  addFiles(files: readonly File[]): void;
  addPath(path: string): void;
  setEncoding(key: string, encoding: string | null): void;
  setMapper(key: string, mapper: MapperState | null): void;
  start(key: string): Promise<void>;
  remove(key: string): void;
}

/** MovieLens companions of movies.csv: the importer reads them from the same folder. */
const COMPANIONS = new Set(['links.csv', 'tags.csv', 'ratings.csv']);
/** Last.fm HetRec files uploaded with artists.dat, so that they land side by side. */
const LASTFM_COMPANIONS = /^(?:tags|user_taggedartists(?:_\d+)?|user_artists|user_friends)\.dat$/iu;
const uploads = new Map<string, AbortController>();
let counter = 0;

export function newMapper(preview: ImportPreview, kind?: CatalogKind): MapperState {
  const chosen = kind ?? preview.format?.kind ?? 'songs';
  return {
    kind: chosen,
    byColumn: guessMapping(chosen, preview.header),
    listSeparator: ',',
    featuresInPercent: chosen === 'songs' && looksPercentScaled(preview.header),
  };
}

/** The ColumnMapping for imports.start (field -> column). */
export function mappingOf(mapper: MapperState): ColumnMapping {
  const columns: Record<string, string> = {};
  for (const [column, field] of Object.entries(mapper.byColumn)) if (field) columns[field] = column;
  return {
    kind: mapper.kind,
    columns,
    listSeparator: mapper.listSeparator || ',',
    ...(mapper.kind === 'songs' ? { featuresInPercent: mapper.featuresInPercent } : {}),
  };
}

/** Why the mapping cannot be imported yet, or null. */
export function mapperProblem(mapper: MapperState): string | null {
  if (!Object.values(mapper.byColumn).includes('title')) return 'Choose the column that holds the title, then start the import.';
  return null;
}

export const useImports = create<ImportsState>()((set, get) => {
  const patch = (key: string, change: Partial<PendingImport>) =>
    set((state) => ({ pending: state.pending.map((item) => (item.key === key ? { ...item, ...change } : item)) }));
  const find = (key: string) => get().pending.find((item) => item.key === key);

  async function preview(key: string): Promise<void> {
    const item = find(key);
    if (!item?.file) return;
    patch(key, { stage: 'previewing', error: null });
    try {
      const result = await backend().api['imports.preview']({ file: item.file, ...(item.encoding ? { encoding: item.encoding } : {}) });
      const current = find(key);
      if (!current) return;
      const mapper = result.format === null ? (current.mapper && sameHeader(current.preview, result) ? current.mapper : newMapper(result)) : current.mapper;
      patch(key, { stage: 'ready', preview: result, mapper, size: result.fileSize });
    } catch (error) {
      patch(key, { stage: 'failed', error: errorText(error) });
    }
  }

  async function upload(key: string, main: File, companions: readonly File[]): Promise<void> {
    const controller = new AbortController();
    uploads.set(key, controller);
    const total = [main, ...companions].reduce((sum, file) => sum + file.size, 0);
    let before = 0;
    const onProgress = (loaded: number) => patch(key, { uploaded: Math.min(total, before + loaded) });
    try {
      const { uploadId } = await backend().upload(main, { onProgress, signal: controller.signal });
      before += main.size;
      for (const companion of companions) {
        await backend().upload(companion, { into: uploadId, onProgress, signal: controller.signal });
        before += companion.size;
      }
      patch(key, { file: { uploadId }, uploaded: total });
    } catch (error) {
      if (controller.signal.aborted) return;
      patch(key, { stage: 'failed', error: errorText(error) });
      return;
    } finally {
      uploads.delete(key);
    }
    await preview(key);
  }

  return {
    pending: [],

    addFiles(files) {
      const movies = files.find((file) => file.name.toLowerCase() === 'movies.csv');
      const artists = files.find((file) => file.name.toLowerCase() === 'artists.dat');
      const companions = [
        ...(movies ? files.filter((file) => COMPANIONS.has(file.name.toLowerCase())) : []),
        ...(artists ? files.filter((file) => LASTFM_COMPANIONS.test(file.name)) : []),
      ];
      const mains = files.filter((file) => !companions.includes(file));
      for (const file of mains) {
        const key = `import-${++counter}`;
        const mine =
          file === movies
            ? companions.filter((companion) => COMPANIONS.has(companion.name.toLowerCase()))
            : file === artists
              ? companions.filter((companion) => LASTFM_COMPANIONS.test(companion.name))
              : [];
        const path = backend().pathForFile(file);
        const item = newPending({
          key,
          name: file.name,
          size: file.size,
          file: path ? { path } : null,
          companions: path ? [] : mine.map((companion) => companion.name),
          stage: path ? 'previewing' : 'uploading',
        });
        set((state) => ({ pending: [...state.pending, item] }));
        if (path) void preview(key);
        else void upload(key, file, mine);
      }
    },

    addPath(path) {
      const key = `import-${++counter}`;
      const item = newPending({ key, name: baseName(path), size: null, file: { path }, companions: [], stage: 'previewing' });
      set((state) => ({ pending: [...state.pending, item] }));
      void preview(key);
    },

    setEncoding(key, encoding) {
      patch(key, { encoding });
      void preview(key);
    },

    setMapper(key, mapper) {
      patch(key, { mapper });
    },

    async start(key) {
      const item = find(key);
      if (!item?.file || !item.preview) return;
      if (item.mapper) {
        const problem = mapperProblem(item.mapper);
        if (problem) {
          patch(key, { error: problem });
          return;
        }
      }
      patch(key, { stage: 'starting', error: null });
      try {
        const job = await backend().api['imports.start']({
          file: item.file,
          ...(item.encoding ? { encoding: item.encoding } : {}),
          ...(item.mapper ? { mapping: mappingOf(item.mapper) } : {}),
        });
        useJobs.getState().upsert(job);
        get().remove(key);
      } catch (error) {
        patch(key, { stage: 'ready', error: errorText(error) });
      }
    },

    remove(key) {
      uploads.get(key)?.abort();
      uploads.delete(key);
      set((state) => ({ pending: state.pending.filter((item) => item.key !== key) }));
    },
  };
});

/** A pending import as it is first shown: nothing uploaded, previewed or chosen yet. */
function newPending(start: Pick<PendingImport, 'key' | 'name' | 'size' | 'file' | 'companions' | 'stage'>): PendingImport {
  return { ...start, uploaded: 0, preview: null, encoding: null, mapper: null, error: null };
}

function sameHeader(a: ImportPreview | null, b: ImportPreview): boolean {
  return a !== null && a.header.join('\u0000') === b.header.join('\u0000');
}
