import { defineConfig } from 'vitest/config';

// Two projects in one run (one summary line): the SDK's tests in a DOM, the collector's in node.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'sdk',
          environment: 'happy-dom',
          setupFiles: ['fake-indexeddb/auto'],
          include: ['test/unit/**/*.test.ts'],
          restoreMocks: true,
        },
      },
      {
        test: {
          name: 'collector',
          environment: 'node',
          include: ['collector/test/**/*.test.js'],
          // one throwaway clickhouse-server for the run (about 1 s to start): the storage suite
          // runs on SQLite and on ClickHouse
          globalSetup: ['collector/test/clickhouseSetup.js'],
          restoreMocks: true,
        },
      },
    ],
  },
});
