import { planUndoImport, undoImport, UndoImportError } from '../core/catalog/undo-import.js';
import type { CatalogDatabase } from '../core/db/open-database.js';
import type { UndoImportPlanData } from '../shared/contract/undo-import';
import { ServiceError } from './dispatch';

/** Handlers of the undo-import methods (src/shared/contract/undo-import.ts). */
export function undoImportHandlers(db: () => CatalogDatabase, catalogChanged: (reason: string) => void) {
  const asServiceError = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof UndoImportError) throw new ServiceError(error.message);
      throw error;
    }
  };
  return {
    'imports.undoPlan': ({ runId }: { runId: number }): UndoImportPlanData => asServiceError(() => planUndoImport(db(), runId)),
    'imports.undo': ({ runId }: { runId: number }): UndoImportPlanData => {
      const plan = asServiceError(() => undoImport(db(), runId));
      catalogChanged(`Import #${runId} was undone.`);
      return plan;
    },
  };
}
