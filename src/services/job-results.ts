import type { ImportSummary } from '../core/importers/import-file.js';
import type { EmbedPostersSummary } from '../core/posters/embedding/embed-posters.js';
import type { ScanPosterReport } from '../core/posters/scan-poster-folder.js';
import type { BuildVibeSummary } from '../core/vibe/build-index.js';
import type { ScanMusicReport } from '../core/music-folder/scan-music-folder.js';

/** What each kind of job leaves in `job.result` when it ends (completed or cancelled). */
export interface JobResults {
  import: ImportSummary;
  'scan-posters': ScanPosterReport;
  'embed-posters': EmbedPostersSummary;
  'build-vibe': BuildVibeSummary;
  'scan-music': ScanMusicReport;
}
