// Tests of the shared helpers in lib/: the static server above all, since
// every browser test trusts it.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CHROMIUM_ARGS } from './lib/browser.mjs';
import { contentType, DEFAULT_CSP, serveSite } from './lib/server.mjs';

/** A raw GET (no URL normalisation, unlike fetch). */
function get(port, path, method = 'GET') {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.setTimeout(5000, () => req.destroy(new Error(`timeout: ${path}`)));
    req.end();
  });
}

describe('static server', () => {
  let dir;
  let outside;
  let server;
  let sub;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'beleid-server-'));
    outside = await mkdtemp(join(tmpdir(), 'beleid-outside-'));
    const site = join(dir, 'public');
    await mkdir(join(site, 'en'), { recursive: true });
    await writeFile(join(site, 'index.html'), '<p>home</p>');
    await writeFile(join(site, 'en/index.html'), '<p>en</p>');
    await writeFile(join(site, '404.html'), '<p>not found page</p>');
    await writeFile(join(site, 'style.css'), 'p{}');
    await writeFile(join(dir, 'secret.txt'), 'secret');
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await symlink(outside, join(site, 'link'));
    server = await serveSite(site);
    sub = await serveSite(site, { basePath: '/sub/', csp: null });
  });

  after(async () => {
    await server?.close();
    await sub?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  test('listens on 127.0.0.1 only', () => {
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.url('en/'), `${server.origin}/en/`);
  });

  test('serves folders, files and content types, with the CSP header', async () => {
    const home = await get(server.port, '/');
    assert.equal(home.status, 200);
    assert.equal(home.body, '<p>home</p>');
    assert.equal(home.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(home.headers['content-security-policy'], DEFAULT_CSP);
    const css = await get(server.port, '/style.css');
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(css.headers['content-security-policy'], "default-src 'self'");
    const head = await get(server.port, '/en/', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  test('redirects a folder without its slash', async () => {
    const res = await get(server.port, '/en');
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, '/en/');
  });

  test("answers anything missing with the site's 404 page", async () => {
    const res = await get(server.port, '/nope/');
    assert.equal(res.status, 404);
    assert.equal(res.body, '<p>not found page</p>');
    assert.equal(res.headers['content-security-policy'], DEFAULT_CSP);
  });

  test('never serves outside the folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/en/..%2f..%2fsecret.txt', '/link/secret.txt', '/..%5csecret.txt', '/%00']) {
      const res = await get(server.port, path);
      assert.equal(res.status, 404, path);
      assert.ok(!res.body.includes('secret'), path);
    }
  });

  test('serves under a sub-path, with the CSP header configurable', async () => {
    const res = await get(sub.port, '/sub/en/');
    assert.equal(res.body, '<p>en</p>');
    assert.equal(res.headers['content-security-policy'], undefined);
    assert.equal((await get(sub.port, '/sub')).headers.location, '/sub/');
    assert.equal((await get(sub.port, '/en/')).status, 404, 'nothing outside the sub-path');
    assert.equal(sub.url(), `${sub.origin}/sub/`);
  });

  test('records every request', () => {
    assert.ok(server.requests.some((r) => r.path === '/nope/' && r.status === 404));
  });

  test('knows the content types the sites use', () => {
    assert.equal(contentType('a/atom.xml'), 'application/atom+xml; charset=utf-8');
    assert.equal(contentType('favicon.svg'), 'image/svg+xml');
    assert.equal(contentType('x.json'), 'application/json');
    assert.equal(contentType('x.unknown'), 'application/octet-stream');
  });
});

describe('browser flags', () => {
  test('are exactly the agreed ones', () => {
    assert.deepEqual(CHROMIUM_ARGS, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ]);
  });
});
