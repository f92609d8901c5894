/**
 * The block weights chosen by the evaluation (`npm run eval -- --write-defaults` rewrites this file).
 * The report that justified them: reports/evaluation.md (2026-11-23).
 */
export const CHOSEN_WEIGHTS = { mood: 0.05, genre: 0.65, language: 0.2, popularity: 0.05, visual: 0.05 } as const;
export const CHOSEN_BY = 'reports/evaluation.md';
