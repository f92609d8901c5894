import { useEffect, useState } from 'react';
import { backend } from '../api/backend';

/** Which of these songs have a file in the user's music folder (music.localSongs); empty until known. */
export function useLocalSongs(songIds: readonly number[]): ReadonlySet<number> {
  const [local, setLocal] = useState<ReadonlySet<number>>(new Set());
  const key = songIds.join(',');
  useEffect(() => {
    let current = true;
    const ids = key === '' ? [] : key.split(',').map(Number);
    if (ids.length === 0) {
      setLocal(new Set());
      return;
    }
    backend()
      .api['music.localSongs']({ songIds: ids.slice(0, 5000) })
      .then((result) => current && setLocal(new Set(result.songIds)))
      // The mark is a hint: when the question fails, the list simply shows no marks.
      .catch(() => current && setLocal(new Set()));
    return () => {
      current = false;
    };
  }, [key]);
  return local;
}

/** "On this computer": the song has a file in the music folder, so exported playlists play it. */
export function LocalMark() {
  return (
    <span className="local-mark" title="A file of this song is in your music folder: M3U8 and XSPF exports play it">
      on this computer
    </span>
  );
}
