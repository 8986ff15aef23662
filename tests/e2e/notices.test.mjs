// Notifications: each person's list and unread count, marking read, the
// mail preference with its refusals, and nobody else's notices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, tokenFor, assertJsonError } from './support.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('the list is empty at first, and the API gives the unread count', async () => {
  const c = new Client(srv.url);
  await c.login('eleve');
  const page = await c.get('/notifications');
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Aucune notification|Notifications/);
  const token = await tokenFor(srv.url, 'eleve');
  const r = await api(srv.url, 'GET', '/api/v1/notifications', { token });
  assert.equal(r.status, 200);
  assert.equal(typeof r.json.unread, 'number');
  assert.ok(Array.isArray(r.json.notifications));
  assertJsonError(await api(srv.url, 'GET', '/api/v1/notifications'), 401, 'unauthenticated');
});

test('the mail preference is saved, and a bad value changes nothing', async () => {
  const c = new Client(srv.url);
  await c.login('parent');
  let r = await c.submit('/notifications', '/notifications/preference', { mode: 'each' });
  assert.equal(r.status, 303);
  assert.match((await c.get('/notifications')).text, /<option value="each" selected>/);
  r = await c.submit('/notifications', '/notifications/preference', { mode: 'always' });
  assert.equal(r.status, 400);
  assert.match((await c.get('/notifications')).text, /<option value="each" selected>/);
  r = await c.post('/notifications/preference', { mode: 'none' }); // no CSRF token
  assert.equal(r.status, 403);
  assert.match((await c.get('/notifications')).text, /<option value="each" selected>/);
});

test('marking read needs a session and touches only one\'s own notices', async () => {
  const anon = new Client(srv.url);
  const r = await anon.get('/notifications');
  assert.equal(r.status, 303);
  const c = new Client(srv.url);
  await c.login('prof');
  const x = await c.submit('/notifications', '/notifications/999999/lue', {});
  assert.equal(x.status, 303); // nothing of theirs to mark: harmless
  const all = await c.submit('/notifications', '/notifications/lues', {});
  assert.equal(all.status, 303);
});
