// Serves the dashboard's files from collector/public/. Only files directly in that folder are served,
// so no path can climb out of it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { extname, join } from 'node:path';

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url));
/** @type {Record<string, string>} */
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
// The dashboard obeys a strict policy: its own scripts and styles only, no inline ones.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Answers a GET for `/` or `/<file>` from public/; resolves false when there is no such file.
 * @param {string} pathname
 * @param {import('node:http').ServerResponse} res
 */
export const serveStatic = async (pathname, res) => {
  const name = pathname == '/' ? 'index.html' : pathname.slice(1);
  if (!/^[a-z0-9][a-z0-9-]*\.(html|js|css|svg)$/i.test(name)) return false;
  let data;
  try {
    data = await readFile(join(PUBLIC, name));
  } catch {
    return false;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(name)],
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  res.end(data);
  return true;
};
