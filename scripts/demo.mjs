// The main job, minimal form: builds the SDK, serves examples/ with a local collector on
// 127.0.0.1 that prints every batch it receives. PORT overrides the port (default 8080).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { extname, join, normalize } from 'node:path';

if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status) process.exit(1);
const types = { '.html': 'text/html', '.js': 'text/javascript' };
const port = Number(process.env.PORT || 8080);
createServer(async (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'content-type, idempotency-key, authorization');
  if (req.method == 'OPTIONS') return res.writeHead(204).end();
  if (req.method == 'POST' && req.url == '/v1/batch') {
    let body = '';
    for await (const c of req) body += c;
    const { batch } = JSON.parse(body);
    for (const m of batch) console.log(m.timestamp, m.type, m.event || m.name || '', JSON.stringify(m.properties || {}));
    return res.writeHead(200).end('{}');
  }
  const path = normalize(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'examples/minimal/index.html';
  if (!/^(dist|examples)\//.test(path)) return res.writeHead(302, { Location: '/examples/minimal/index.html' }).end();
  try {
    res.writeHead(200, { 'Content-Type': types[extname(path)] || 'text/plain' }).end(await readFile(path));
  } catch {
    res.writeHead(404).end();
  }
}).listen(port, '127.0.0.1', () => console.log(`Example page: http://127.0.0.1:${port}/examples/minimal/index.html\nCollector:    http://127.0.0.1:${port}/v1/batch (prints what it receives)`));
