/** The lists area: its schemas live in ../list-schemas.ts (shared with the renderer's list screens). */
export { listMethods } from '../list-schemas';
