import { useState } from 'react';
import { useApiQuery } from '../../data/api-query';
import { errorText } from '../../lib/format';
import { addToList, createList } from '../../state/lists';
import { showToast } from '../../state/toasts';

/** "Add to list" for one result: an existing list of the right kind, or a new one named inline. */
export function AddToList({ kind, itemId, title }: { kind: 'song' | 'movie'; itemId: number; title: string }) {
  const listKind = kind === 'song' ? 'playlist' : 'watchlist';
  const lists = (useApiQuery('lists.all', {}).data ?? []).filter((list) => list.kind === listKind);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const add = (listId: number) => addToList(listId, [itemId], title).catch((error: unknown) => void showToast(errorText(error)));

  if (naming)
    return (
      <form
        className="add-to-list__new"
        onSubmit={(event) => {
          event.preventDefault();
          void createList(listKind, name)
            .then((list) => add(list.id))
            .catch((error: unknown) => showToast(errorText(error)));
          setNaming(false);
          setName('');
        }}
      >
        <input
          className="input add-to-list__name"
          aria-label={`Name of the new ${listKind}`}
          placeholder={`New ${listKind}`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          autoFocus
        />
        <button type="submit" className="button button--small" disabled={name.trim() === ''}>
          Create
        </button>
        <button type="button" className="button button--quiet button--small" onClick={() => setNaming(false)}>
          Cancel
        </button>
      </form>
    );
  return (
    <select
      className="select select--small"
      aria-label={`Add ${title} to a ${listKind}`}
      value=""
      onChange={(event) => (event.target.value === 'new' ? setNaming(true) : event.target.value && void add(Number(event.target.value)))}
    >
      <option value="">Add to {listKind}…</option>
      {lists.map((list) => (
        <option key={list.id} value={list.id}>
          {list.name} ({list.items})
        </option>
      ))}
      <option value="new">New {listKind}…</option>
    </select>
  );
}
