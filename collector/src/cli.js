#!/usr/bin/env node
// Runs the collector from a shell:
//   node collector/src/cli.js [--port 8080] [--host 127.0.0.1] [--db path/to.db] [--allow-origin URL] [--quiet]
// Stops cleanly (closing the database) on Ctrl-C or SIGTERM.
import { parseArgs } from 'node:util';
import { startCollector } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string' },
    'allow-origin': { type: 'string', default: '*' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: node collector/src/cli.js [--port 8080] [--host 127.0.0.1] [--db file] [--allow-origin URL] [--quiet]');
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port must be a number from 0 to 65535');
  process.exit(2);
}

const collector = await startCollector({
  port,
  host: values.host,
  ...(values.db ? { db: values.db } : {}),
  allowOrigin: values['allow-origin'],
  quiet: values.quiet,
});
// This line names the URLs, so a parent process (npm run demo) can read them.
console.log(`Waymark collector on ${collector.url}  dashboard: ${collector.url}/  endpoint: ${collector.endpoint}`);

const stop = async () => {
  await collector.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
