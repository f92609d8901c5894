import { useImports } from '../state/imports';
import { DropZone } from './DropZone';
import { PathImportForm } from './PathImportForm';
import { PendingImportCard } from './PendingImportCard';

export function ImportSection() {
  const pending = useImports((state) => state.pending);
  const { addFiles, addPath } = useImports.getState();
  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import songs and movies</h2>
      <DropZone onFiles={addFiles} />
      <PathImportForm onPath={addPath} />
      {pending.length > 0 && (
        <div className="pending-list" aria-label="Files ready to import" role="list">
          {pending.map((item) => (
            <div role="listitem" key={item.key}>
              <PendingImportCard item={item} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
