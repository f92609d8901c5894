import { useEffect, useState } from 'react';
import type { ListKindValue } from '../../../shared/list-schemas';
import { EXPORT_FORMATS } from '../../../shared/export-formats';
import { PLAYLIST_FORMATS, WATCHLIST_FORMATS } from '../../../shared/list-schemas';
import { useLists } from '../state/lists';

/** Playlists and watchlists: create, rename, reorder, remove, delete and export. */
export function ListsScreen() {
  const state = useLists();
  const [kind, setKind] = useState<ListKindValue>('playlist');
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const refresh = state.refresh;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const open = state.open;

  return (
    <div className="screen screen--lists lists-grid">
      <section className="card" aria-labelledby="lists-title">
        <h2 id="lists-title">Your lists</h2>
        <form
          className="list-create"
          onSubmit={(event) => {
            event.preventDefault();
            void state.create(kind, name).then((list) => list && setName(''));
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
        {state.lists.length === 0 ? (
          <p className="empty-state">No lists yet. Create one here, or use “Add to playlist/watchlist” on a recommendation.</p>
        ) : (
          <ul className="list-index">
            {state.lists.map((list) => (
              <li key={list.id}>
                <button type="button" className="nav__item" aria-current={open?.id === list.id ? 'page' : undefined} onClick={() => void state.show(list.id)}>
                  {list.kind === 'playlist' ? '♪' : '🎬'} {list.name} <span className="muted">({list.items})</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {state.error && <p className="error" role="alert">{state.error}</p>}
        {state.notice && <p className="notice" role="status">{state.notice}</p>}
      </section>
      {open && (
        <section className="card" aria-labelledby="open-list-title">
          {renaming === null ? (
            <h2 id="open-list-title">
              {open.name}{' '}
              <button type="button" className="button button--quiet button--small" onClick={() => setRenaming(open.name)}>
                Rename
              </button>
            </h2>
          ) : (
            <form
              className="list-rename"
              onSubmit={(event) => {
                event.preventDefault();
                void state.rename(open.id, renaming).then(() => setRenaming(null));
              }}
            >
              <input id="open-list-title" className="input" aria-label="List name" value={renaming} onChange={(event) => setRenaming(event.target.value)} autoFocus />
              <button type="submit" className="button button--small">Save</button>
              <button type="button" className="button button--quiet button--small" onClick={() => setRenaming(null)}>Cancel</button>
            </form>
          )}
          <div className="actions" aria-label="Export">
            <span className="muted">Export:</span>
            {(open.kind === 'playlist' ? PLAYLIST_FORMATS : WATCHLIST_FORMATS).map((format) => (
              <button key={format} type="button" className="button button--small" disabled={open.entries.length === 0} onClick={() => void state.exportList(open.id, format)}>
                {EXPORT_FORMATS[format].short}
              </button>
            ))}
            <button type="button" className="button button--danger button--small" onClick={() => void state.remove(open.id)}>
              Delete list
            </button>
          </div>
          {open.entries.length === 0 ? (
            <p className="empty-state">This list is empty: add recommendations from Discover.</p>
          ) : (
            <ol className="list-items">
              {open.entries.map((entry, index) => {
                const id = entry.kind === 'song' ? entry.song.id : entry.movie.id;
                const title = entry.kind === 'song' ? `${entry.song.title} — ${entry.song.artists}` : `${entry.movie.title}${entry.movie.releaseYear ? ` (${entry.movie.releaseYear})` : ''}`;
                return (
                  <li key={id} className="list-item">
                    <span className="list-item__title">{title}</span>
                    <span className="actions actions--compact">
                      <button type="button" className="button button--quiet button--small" aria-label={`Move ${title} up`} disabled={index === 0} onClick={() => void state.move(open.id, id, index - 1)}>↑</button>
                      <button type="button" className="button button--quiet button--small" aria-label={`Move ${title} down`} disabled={index === open.entries.length - 1} onClick={() => void state.move(open.id, id, index + 1)}>↓</button>
                      <button type="button" className="button button--quiet button--small" aria-label={`Remove ${title}`} onClick={() => void state.removeItem(open.id, id)}>Remove</button>
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
