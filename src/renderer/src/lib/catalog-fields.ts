/** The catalog fields and column-mapping helpers live in src/shared (the importer uses the same list). */
export { fieldsFor, guessMapping, looksPercentScaled, type CatalogKind } from '../../../shared/catalog-fields';
