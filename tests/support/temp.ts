/** The temp helpers are the core's (src/core/testing/temp.ts): one home, shared by every layer's tests. */
export * from '../../src/core/testing/temp.js';
