/** The migration helpers are the core's (src/core/testing/migrations.ts). */
export * from '../../src/core/testing/migrations.js';
