import { useState } from 'react';
import { useLists } from '../../state/lists';

/** "Add to list" for one result: an existing list of the right kind, or a new one named inline. */
export function AddToList({ kind, itemId, title }: { kind: 'song' | 'movie'; itemId: number; title: string }) {
  const listKind = kind === 'song' ? 'playlist' : 'watchlist';
  // Select the stable array and filter here: a selector returning a new array re-renders forever.
  const lists = useLists((state) => state.lists).filter((list) => list.kind === listKind);
  const addItems = useLists((state) => state.addItems);
  const create = useLists((state) => state.create);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  if (naming)
    return (
      <form
        className="add-to-list__new"
        onSubmit={(event) => {
          event.preventDefault();
          void create(listKind, name).then((list) => list && addItems(list.id, [itemId]));
          setNaming(false);
          setName('');
        }}
      >
        <input className="input input--short" aria-label={`Name of the new ${listKind}`} placeholder={`New ${listKind}`} value={name} onChange={(event) => setName(event.target.value)} autoFocus />
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
      onChange={(event) => (event.target.value === 'new' ? setNaming(true) : event.target.value && void addItems(Number(event.target.value), [itemId]))}
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
