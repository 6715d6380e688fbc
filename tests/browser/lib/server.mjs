// A tiny static file server for built sites, on 127.0.0.1 and a free port.
//
//   const server = await serveSite(site.output);                  // at /
//   const server = await serveSite(dir, { basePath: '/sub/' });   // at /sub/
//   await page.goto(server.url('beleid/'));                       // http://127.0.0.1:<port>/sub/beleid/
//   await server.close();
//
// Every response carries `Content-Security-Policy: default-src 'self'`
// unless `csp` says otherwise (a string, or null for none). Folders serve
// their index.html; a folder without the trailing slash redirects to it;
// anything missing gets the site's 404.html with status 404. Nothing
// outside the folder is ever served.
import { createReadStream, readFileSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The policy pages are served with by default. */
export const DEFAULT_CSP = "default-src 'self'";

/**
 * Content types by the end of a file name, lowercased, first match wins:
 * the table the dev server uses (src/serve/content-types.txt), so both
 * servers send the same types.
 */
export const CONTENT_TYPES = Object.freeze(
  readFileSync(new URL('../../../src/serve/content-types.txt', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t')),
);

/** The content type of a file name: `application/octet-stream` when unknown. */
export function contentType(path) {
  const name = path.toLowerCase();
  const found = CONTENT_TYPES.find(([ending]) => name.endsWith(ending));
  return found ? found[1] : 'application/octet-stream';
}

/**
 * A `Range: bytes=a-b` header as [first, last] (inclusive), null for the
 * whole file (no header, several ranges, nonsense), or 'unsatisfiable'.
 */
export function rangeOf(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1];
  }
  const first = Number(m[1]);
  if (first >= size) return 'unsatisfiable';
  const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return last < first ? null : [first, last];
}

/**
 * Serves `dir` over HTTP. Options:
 * - `basePath`: the sub-path the site lives under (default `/`).
 * - `csp`: the Content-Security-Policy header value, or null for none.
 * - `headers`: more headers for every response.
 * - `onRequest(req, res)`: called first for every request; return true when
 *   it answered the request itself (for test endpoints such as live reload).
 *
 * Returns `{ origin, port, basePath, url(path), requests, close() }`;
 * `requests` lists `{ method, path, status }` of every request answered.
 */
export async function serveSite(dir, { basePath = '/', csp = DEFAULT_CSP, headers = {}, onRequest } = {}) {
  if (!basePath.startsWith('/')) basePath = `/${basePath}`;
  if (!basePath.endsWith('/')) basePath = `${basePath}/`;
  const root = await realpath(resolve(dir)).catch(() => resolve(dir));
  const requests = [];

  const commonHeaders = (extra = {}) => {
    const h = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers, ...extra };
    if (csp) h['Content-Security-Policy'] = csp;
    return h;
  };

  // The file inside `root` for a URL path below basePath, or null.
  async function locate(urlPath) {
    const target = resolve(root, `.${sep}${urlPath}`);
    const rel = relative(root, target);
    if (rel.startsWith('..') || isAbsolute(rel)) return null;
    let real;
    try {
      real = await realpath(target);
    } catch {
      return null;
    }
    const realRel = relative(root, real);
    if (realRel.startsWith('..') || isAbsolute(realRel)) return null; // a symlink out of the folder
    const info = await stat(real);
    return { path: real, isDir: info.isDirectory(), size: info.size };
  }

  async function notFound(req, res) {
    const status = 404;
    let body = 'Not found\n';
    let type = 'text/plain; charset=utf-8';
    try {
      body = await readFile(join(root, '404.html'));
      type = contentType('404.html');
    } catch {
      /* the site has no 404.html */
    }
    res.writeHead(status, commonHeaders({ 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) }));
    res.end(req.method === 'HEAD' ? undefined : body);
    return status;
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, commonHeaders({ Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }));
      res.end('Method not allowed\n');
      return 405;
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, commonHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }));
      res.end('Bad request\n');
      return 400;
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return notFound(req, res);
    if (`${pathname}/` === basePath) {
      res.writeHead(301, commonHeaders({ Location: basePath }));
      res.end();
      return 301;
    }
    if (!pathname.startsWith(basePath)) return notFound(req, res);
    let file = await locate(pathname.slice(basePath.length));
    if (file?.isDir) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, commonHeaders({ Location: `${url.pathname}/${url.search}` }));
        res.end();
        return 301;
      }
      file = await locate(`${pathname.slice(basePath.length)}index.html`);
    }
    if (!file || file.isDir) return notFound(req, res);
    // One byte range, as static hosts answer them (the search index is
    // read in slices); anything else gets the whole file.
    const range = rangeOf(req.headers.range, file.size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, commonHeaders({ 'Content-Range': `bytes */${file.size}` }));
      res.end();
      return 416;
    }
    const [start, end] = range ?? [0, file.size - 1];
    const status = range ? 206 : 200;
    const extra = { 'Content-Type': contentType(file.path), 'Content-Length': Math.max(0, end - start + 1), 'Accept-Ranges': 'bytes' };
    if (range) extra['Content-Range'] = `bytes ${start}-${end}/${file.size}`;
    res.writeHead(status, commonHeaders(extra));
    if (req.method === 'HEAD' || file.size === 0) {
      res.end();
    } else {
      await new Promise((done, fail) => {
        const stream = createReadStream(file.path, { start, end });
        stream.on('error', fail);
        res.on('close', done);
        stream.pipe(res);
      });
    }
    return status;
  }

  const server = createServer((req, res) => {
    const entry = { method: req.method, path: req.url, status: 0 };
    requests.push(entry);
    Promise.resolve()
      .then(() => (onRequest ? onRequest(req, res) : false))
      .then((handled) => (handled ? res.statusCode : handle(req, res)))
      .then((status) => {
        entry.status = status;
      })
      .catch((error) => {
        entry.status = 500;
        if (!res.headersSent) res.writeHead(500, commonHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }));
        res.end(`Internal error: ${error.message}\n`);
      });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    basePath,
    root,
    requests,
    /** The absolute URL of `path`, relative to the site (`''`, `en/`, `404.html`). */
    url(path = '') {
      return `${origin}${basePath}${path.replace(/^\/+/, '')}`;
    },
    /** Stops the server, ending open connections. */
    close() {
      return new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections?.();
      });
    },
  };
}
