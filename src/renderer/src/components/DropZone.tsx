import { useRef, useState, type DragEvent } from 'react';

interface DropZoneProps {
  readonly onFiles: (files: File[]) => void;
}

/** Drop files here, or choose them (the button is the keyboard path). */
export function DropZone({ onFiles }: DropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const accept = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      className={`dropzone${over ? ' dropzone--over' : ''}`}
      onDragEnter={accept}
      onDragOver={accept}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="dropzone"
    >
      <p className="dropzone__title">Drop CSV files here</p>
      <p className="muted">
        Songs or movies; for MovieLens drop movies.csv together with links.csv and tags.csv; for Last.fm tags drop artists.dat, tags.dat and
        user_taggedartists.dat together (or type their folder below).
      </p>
      <button type="button" className="button" onClick={() => input.current?.click()}>
        Choose files…
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        multiple
        accept=".csv,.tsv,.txt,.dat,text/csv,text/plain"
        aria-label="Files to import"
        tabIndex={-1}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
