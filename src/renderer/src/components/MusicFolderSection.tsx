import { useCallback, useEffect, useId, useState } from 'react';
import type { MusicFolderStatusData } from '../../../shared/contract/music-folder';
import { backend } from '../api/backend';
import { errorText, formatCount, plural } from '../lib/format';
import { isActive, useJobs } from '../state/jobs';
import { ErrorNote } from './ErrorNote';
import { BrowseButton, PathInput } from './PathInput';

/**
 * "Your music files": scan a folder of MP3, FLAC, M4A, OGG and WAV files so playlists export with
 * real file paths and Discover can keep only songs you have. The scan is a job (progress, pause,
 * cancel in the job list); scanning again only reads new or changed files.
 */
export function MusicFolderSection() {
  const id = useId();
  const [folder, setFolder] = useState('');
  const [status, setStatus] = useState<MusicFolderStatusData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scanning = useJobs((state) => Object.values(state.jobs).some((job) => job.kind === 'scan-music' && isActive(job)));

  const refresh = useCallback(async () => {
    try {
      setStatus(await backend().api['music.status']({}));
    } catch (reason) {
      setError(errorText(reason));
    }
  }, []);
  // Refresh on start and whenever a scan stops running.
  useEffect(() => {
    if (!scanning) void refresh();
  }, [scanning, refresh]);

  const scan = async (path: string) => {
    setError(null);
    try {
      await backend().api['music.scanFolder']({ folder: path });
    } catch (reason) {
      setError(errorText(reason));
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="music-folder-section">
      <h2 id={`${id}-title`}>Your music files</h2>
      <p className="muted small">Scan a folder of MP3, FLAC, M4A, OGG or WAV files: playlists then export M3U8 and XSPF that play in VLC or foobar2000.</p>
      <form
        className="path-form__row"
        onSubmit={(event) => {
          event.preventDefault();
          if (folder.trim() !== '') void scan(folder.trim());
        }}
      >
        <PathInput value={folder} placeholder="/home/me/Music" aria-label="Music folder" onPathChange={setFolder} />
        <BrowseButton dialog={{ kind: 'folder', title: 'Music folder' }} onPath={setFolder} onError={setError} />
        <button type="submit" className="button button--primary" disabled={scanning || folder.trim() === ''}>
          {scanning ? 'Scanning…' : 'Scan'}
        </button>
      </form>
      <ErrorNote message={error} />
      {status && status.folders.length > 0 ? (
        <>
          <p>{plural(status.localSongs, 'catalog song is', 'catalog songs are')} on this computer.</p>
          <ul className="music-folders">
            {status.folders.map((entry) => (
              <li key={entry.path}>
                <span title={entry.path}>{entry.path}</span>{' '}
                <span className="muted small">
                  {plural(entry.files, 'file')}, {formatCount(entry.matched)} matched
                  {entry.unreadable > 0 ? `, ${formatCount(entry.unreadable)} unreadable` : ''}
                </span>{' '}
                <button type="button" className="button button--quiet button--small" disabled={scanning} onClick={() => void scan(entry.path)}>
                  Scan again
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
