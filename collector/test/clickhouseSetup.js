// vitest globalSetup for the collector's tests: one clickhouse-server for the whole run (about
// 1 s to start), its URL handed to the tests as inject('clickhouseUrl'); each test suite works
// in a database of its own. Stopped when the run ends.
import { startClickHouse } from './startClickHouse.js';

/** @param {{ provide: (key: string, value: unknown) => void }} project */
export default async function setup(project) {
  const server = await startClickHouse();
  project.provide('clickhouseUrl', server.url);
  return () => server.stop();
}
