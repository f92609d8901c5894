import { useState } from 'react';
import type { ListDetailsData, ListKindValue } from '../../../shared/list-schemas';
import { PLAYLIST_FORMATS, WATCHLIST_FORMATS } from '../../../shared/list-schemas';
import { EXPORT_FORMATS } from '../../../shared/export-formats';
import { callApi, useApiMutation, useApiQuery } from '../data/api-query';
import { errorText, formatRuntime, formatTrackLength, listSummary } from '../lib/format';
import { createList, deleteList, download, useOpenList } from '../state/lists';
import { showToast } from '../state/toasts';
import { Icon } from './Icon';
import { LocalMark, useLocalSongs } from './LocalMark';

/** Playlists and watchlists: create, rename, reorder, remove, delete (with Undo) and export. */
export function ListsScreen() {
  const lists = useApiQuery('lists.all', {});
  const openId = useOpenList((state) => state.openId);
  const setOpen = useOpenList((state) => state.open);
  const [kind, setKind] = useState<ListKindValue>('playlist');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const all = lists.data ?? [];

  return (
    <div className="screen screen--lists lists-grid">
      <section className="card" aria-labelledby="lists-title">
        <h2 id="lists-title">Your lists</h2>
        <form
          className="list-create"
          onSubmit={(event) => {
            event.preventDefault();
            setError(null);
            void createList(kind, name)
              .then((list) => {
                setName('');
                setOpen(list.id);
                showToast(`Created ${list.name}.`);
              })
              .catch((failure: unknown) => setError(errorText(failure)));
          }}
        >
          <select className="select" aria-label="Kind of list" value={kind} onChange={(event) => setKind(event.target.value as ListKindValue)}>
            <option value="playlist">Playlist (songs)</option>
            <option value="watchlist">Watchlist (movies)</option>
          </select>
          <input className="input" aria-label="New list name" placeholder="Name" value={name} onChange={(event) => setName(event.target.value)} />
          <button type="submit" className="button button--primary" disabled={name.trim() === ''}>
            Create
          </button>
        </form>
        {all.length === 0 ? (
          <p className="empty-state">
            {lists.isPending ? 'Loading your lists…' : 'No lists yet. Create one here, or use “Add to playlist/watchlist” on a recommendation.'}
          </p>
        ) : (
          <ul className="list-index">
            {all.map((list) => (
              <li key={list.id}>
                <button type="button" className="nav__item" aria-current={openId === list.id ? 'page' : undefined} onClick={() => setOpen(list.id)}>
                  <Icon name={list.kind === 'playlist' ? 'song' : 'movie'} /> {list.name} <span className="muted">({list.items})</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {(error ?? lists.error) && (
          <p className="error" role="alert">
            {error ?? errorText(lists.error)}
          </p>
        )}
      </section>
      {openId !== null && all.some((list) => list.id === openId) ? (
        <OpenList key={openId} listId={openId} />
      ) : (
        <section className="card list-placeholder" aria-label="No list open">
          <p className="empty-state">{all.length > 0 ? 'Choose a list to see, reorder and export it.' : 'Your playlists and watchlists appear here.'}</p>
        </section>
      )}
    </div>
  );
}

function OpenList({ listId }: { listId: number }) {
  const details = useApiQuery('lists.get', { listId }, { keepPrevious: true });
  const [renaming, setRenaming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invalidates = ['lists.all', 'lists.get'] as const;
  const rename = useApiMutation('lists.rename', { invalidates, onSuccess: () => setRenaming(null) });
  const move = useApiMutation('lists.move', { invalidates });
  const remove = useApiMutation('lists.remove', { invalidates });
  const open = details.data;
  const localSongs = useLocalSongs(open?.kind === 'playlist' ? open.entries.flatMap((entry) => (entry.kind === 'song' ? [entry.song.id] : [])) : []);
  const failure =
    error ??
    (details.error ? errorText(details.error) : null) ??
    [rename, move, remove].map((mutation) => (mutation.error ? errorText(mutation.error) : null)).find(Boolean) ??
    null;
  if (!open)
    return (
      <section className="card" aria-busy="true">
        <p className="muted">{failure ?? 'Loading the list…'}</p>
      </section>
    );

  const exportAs = async (format: Parameters<typeof callApi<'lists.export'>>[1]['format']) => {
    try {
      const file = await callApi('lists.export', { listId, format });
      download(file.fileName, file.mime, file.content);
      showToast(`Saved ${file.fileName}.`);
    } catch (exportError) {
      setError(errorText(exportError));
    }
  };

  return (
    <section className="card open-list" aria-labelledby="open-list-title">
      <header className="open-list__header">
        {renaming === null ? (
          <div>
            <h2 id="open-list-title">
              <Icon name={open.kind === 'playlist' ? 'song' : 'movie'} /> {open.name}
            </h2>
            <p className="muted small open-list__summary">{listSummary(open.kind, open.entries.map(lengthInSeconds))}</p>
          </div>
        ) : (
          <form
            className="list-rename"
            onSubmit={(event) => {
              event.preventDefault();
              rename.mutate({ listId, name: renaming });
            }}
          >
            <input
              id="open-list-title"
              className="input"
              aria-label="List name"
              value={renaming}
              onChange={(event) => setRenaming(event.target.value)}
              autoFocus
            />
            <button type="submit" className="button button--small">
              Save
            </button>
            <button type="button" className="button button--quiet button--small" onClick={() => setRenaming(null)}>
              Cancel
            </button>
          </form>
        )}
        <div className="actions actions--compact open-list__manage">
          {renaming === null && (
            <button type="button" className="button button--quiet button--small" onClick={() => setRenaming(open.name)}>
              Rename
            </button>
          )}
          <button
            type="button"
            className="button button--quiet button--small button--danger-text"
            onClick={() => void deleteList(listId).catch((deleteError: unknown) => setError(errorText(deleteError)))}
          >
            <Icon name="trash" /> Delete list
          </button>
        </div>
      </header>
      <div className="actions list-export" role="group" aria-label="Export">
        <span className="muted">Export:</span>
        {(open.kind === 'playlist' ? PLAYLIST_FORMATS : WATCHLIST_FORMATS).map((format) => (
          <button key={format} type="button" className="button button--small" disabled={open.entries.length === 0} onClick={() => void exportAs(format)}>
            {EXPORT_FORMATS[format].short}
          </button>
        ))}
      </div>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {open.entries.length === 0 ? (
        <p className="empty-state">This list is empty: add recommendations from Discover.</p>
      ) : (
        <ol className="list-items">
          {open.entries.map((entry, index) => {
            const id = entry.kind === 'song' ? entry.song.id : entry.movie.id;
            const title =
              entry.kind === 'song'
                ? `${entry.song.title} — ${entry.song.artists}`
                : `${entry.movie.title}${entry.movie.releaseYear ? ` (${entry.movie.releaseYear})` : ''}`;
            const details =
              entry.kind === 'song' ? [entry.song.releaseYear, formatTrackLength(entry.song.durationMs)] : [formatRuntime(entry.movie.runtimeMinutes)];
            const detailText = details.filter((detail) => detail !== null).join(' · ');
            return (
              <li key={id} className="list-item">
                <span>
                  <span className="list-item__title">
                    {title}
                    {entry.kind === 'song' && localSongs.has(id) ? <LocalMark /> : null}
                  </span>
                  {detailText ? <span className="muted small"> · {detailText}</span> : null}
                </span>
                <span className="actions actions--compact">
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    aria-label={`Move ${title} up`}
                    disabled={index === 0}
                    onClick={() => move.mutate({ listId, itemId: id, toIndex: index - 1 })}
                  >
                    <Icon name="up" />
                  </button>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    aria-label={`Move ${title} down`}
                    disabled={index === open.entries.length - 1}
                    onClick={() => move.mutate({ listId, itemId: id, toIndex: index + 1 })}
                  >
                    <Icon name="down" />
                  </button>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    aria-label={`Remove ${title}`}
                    onClick={() => remove.mutate({ listId, itemIds: [id] })}
                  >
                    Remove
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** A list entry's playing time in seconds (listSummary), null when unknown. */
function lengthInSeconds(entry: ListDetailsData['entries'][number]): number | null {
  if (entry.kind === 'song') return entry.song.durationMs === null ? null : entry.song.durationMs / 1000;
  return entry.movie.runtimeMinutes === null ? null : entry.movie.runtimeMinutes * 60;
}
