import { useCallback, useEffect, useId, useState, type ChangeEvent } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import type { TasteContributorData, TasteImportResultData, TasteProfileData } from '../../../shared/contract/taste';
import { backend } from '../api/backend';
import { errorText, formatCount } from '../lib/format';
import { ErrorNote } from './ErrorNote';
import { PathInput } from './PathInput';

type ListSummary = MethodOutput<'lists.all'>[number];

/**
 * "Your taste": import a Letterboxd or Spotify export as taste profiles, see what matched, look
 * inside a profile (its heaviest items), leave items out, delete it, or make one from a saved list.
 * Discover offers the profiles as a starting point.
 */
export function TasteSection() {
  const id = useId();
  const [profiles, setProfiles] = useState<readonly TasteProfileData[]>([]);
  const [lists, setLists] = useState<readonly ListSummary[]>([]);
  const [result, setResult] = useState<TasteImportResultData | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [contributors, setContributors] = useState<readonly TasteContributorData[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [path, setPath] = useState('');

  const refresh = useCallback(async () => {
    try {
      const [allProfiles, allLists] = await Promise.all([backend().api['taste.list']({}), backend().api['lists.all']({})]);
      setProfiles(allProfiles);
      setLists(allLists);
    } catch (reason) {
      setError(errorText(reason));
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const open = async (profileId: number | null) => {
    setOpenId(profileId);
    setConfirmDelete(false);
    if (profileId === null) return;
    try {
      setContributors((await backend().api['taste.get']({ profileId, limit: 20 })).contributors);
    } catch (reason) {
      setError(errorText(reason));
    }
  };

  const run = async (what: string, action: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    try {
      await action();
      await refresh();
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(null);
    }
  };

  const importFile = (file: File) =>
    run('import', async () => {
      const desktopPath = backend().pathForFile(file);
      const ref = desktopPath ? { path: desktopPath } : { uploadId: (await backend().upload(file)).uploadId };
      setResult(await backend().api['taste.import']({ file: ref }));
    });
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void importFile(file);
  };

  const current = profiles.find((profile) => profile.id === openId) ?? null;

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="taste-section">
      <h2 id={`${id}-title`}>Your taste</h2>
      <p className="muted small">
        Bring your own history: a Letterboxd export (the ZIP, or ratings.csv, watched.csv, diary.csv, watchlist.csv) or a Spotify account export (the ZIP,
        YourLibrary.json, Playlist1.json, StreamingHistory_music_0.json or Streaming_History_Audio_*.json). Discover can then start from it.
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>Import an export</label>
        <input id={`${id}-file`} type="file" accept=".zip,.csv,.json" disabled={busy !== null} onChange={onFile} />
      </div>
      <form
        className="path-form__row"
        onSubmit={(event) => {
          event.preventDefault();
          if (path.trim() !== '') void run('import', async () => setResult(await backend().api['taste.import']({ file: { path: path.trim() } })));
        }}
      >
        <PathInput value={path} placeholder="…or its path: /home/me/letterboxd-export.zip" aria-label="Path of the export" onPathChange={setPath} />
        <button type="submit" className="button button--quiet" disabled={busy !== null || path.trim() === ''}>
          Import
        </button>
      </form>
      {busy === 'import' ? (
        <p className="muted" role="status">
          Matching your export against the catalog…
        </p>
      ) : null}
      <ErrorNote message={error} />
      {result ? <ImportResult result={result} /> : null}

      {profiles.length === 0 ? (
        <p className="muted">No taste profiles yet.</p>
      ) : (
        <ul className="taste-profiles" aria-label="Taste profiles">
          {profiles.map((profile) => (
            <li key={profile.id}>
              <button
                type="button"
                className="button button--quiet button--small"
                aria-expanded={profile.id === openId}
                onClick={() => void open(profile.id === openId ? null : profile.id)}
              >
                {profile.name}
              </button>{' '}
              <span className="muted small">
                {formatCount(profile.items)} {profile.kind}
                {profile.items === 1 ? '' : 's'} · {profile.source}
              </span>
            </li>
          ))}
        </ul>
      )}

      {current ? (
        <div className="taste-profile" aria-label={`Inside ${current.name}`}>
          <h3>Top of “{current.name}”</h3>
          <ol className="list-items">
            {contributors.map((item) => (
              <li key={item.itemId} className="list-item">
                <span className="list-item__title">
                  {item.title}
                  {item.subtitle ? <span className="muted"> — {item.subtitle}</span> : null}{' '}
                  <span className="muted small">
                    {item.detail ?? ''} {(item.share * 100).toFixed(1)}%
                  </span>
                </span>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={`Leave ${item.title} out of ${current.name}`}
                  onClick={() =>
                    void run('remove', async () => (await backend().api['taste.removeItem']({ profileId: current.id, itemId: item.itemId }), open(current.id)))
                  }
                >
                  Leave out
                </button>
              </li>
            ))}
          </ol>
          <div className="actions">
            {confirmDelete ? (
              <>
                <span>Delete “{current.name}”? Its songs and movies stay in the catalog.</span>
                <button
                  type="button"
                  className="button button--danger button--small"
                  onClick={() => void run('delete', async () => (await backend().api['taste.delete']({ profileId: current.id }), setOpenId(null)))}
                >
                  Delete profile
                </button>
                <button type="button" className="button button--quiet button--small" onClick={() => setConfirmDelete(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className="button button--quiet button--small" onClick={() => setConfirmDelete(true)}>
                Delete profile…
              </button>
            )}
          </div>
        </div>
      ) : null}

      {lists.length > 0 ? (
        <form
          className="path-form__row"
          onSubmit={(event) => {
            event.preventDefault();
            const select = event.currentTarget.elements.namedItem('list') as HTMLSelectElement;
            void run('from-list', () => backend().api['taste.fromList']({ listId: Number(select.value) }));
          }}
        >
          <select name="list" className="select" aria-label="A saved list">
            {lists.map((list) => (
              <option key={list.id} value={list.id}>
                {list.name} ({list.kind})
              </option>
            ))}
          </select>
          <button type="submit" className="button button--quiet" disabled={busy !== null}>
            Use as a taste profile
          </button>
        </form>
      ) : null}
    </section>
  );
}

function ImportResult({ result }: { readonly result: TasteImportResultData }) {
  return (
    <div className="taste-report" role="status" data-testid="taste-report">
      {result.reports.map((report) => (
        <div key={report.what}>
          <strong>{report.what}</strong>: {formatCount(report.matched)} matched, {formatCount(report.ambiguous)} ambiguous, {formatCount(report.missing)} not in
          the catalog
          {report.ambiguousExamples[0] ? <div className="muted small">e.g. ambiguous: {report.ambiguousExamples[0]}</div> : null}
          {report.missingExamples[0] ? <div className="muted small">e.g. missing: {report.missingExamples[0]}</div> : null}
        </div>
      ))}
      {result.notes[0] ? (
        <p className="muted small">
          {result.notes[0]}
          {result.notes.length > 1 ? ` (+${result.notes.length - 1} more)` : ''}
        </p>
      ) : null}
      {result.profiles.length > 0 ? <p>Saved: {result.profiles.map((profile) => `“${profile.name}”`).join(', ')}. Pick one in Discover.</p> : null}
    </div>
  );
}
