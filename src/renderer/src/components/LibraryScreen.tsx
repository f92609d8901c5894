import { isEmptyCatalog, useCatalog } from '../state/catalog';
import { CatalogStats } from './CatalogStats';
import { FirstRunGuide } from './FirstRunGuide';
import { ImportSection } from './ImportSection';
import { JobList } from './JobList';
import { PosterSection } from './PosterSection';
import { RunHistory } from './RunHistory';
import { TasteSection } from './TasteSection';
import { MusicFolderSection } from './MusicFolderSection';

export function LibraryScreen() {
  const empty = useCatalog((state) => isEmptyCatalog(state.stats));
  return (
    <div className="screen screen--library">
      <FirstRunGuide open={empty} />
      <div className="library-grid">
        <div className="library-grid__main">
          <ImportSection />
          <JobList />
          <RunHistory />
          <TasteSection />
        </div>
        <aside className="library-grid__side" aria-label="Catalog and posters">
          <CatalogStats />
          <PosterSection />
          <MusicFolderSection />
        </aside>
      </div>
    </div>
  );
}
