// Signing in and out, sessions and their cookies, throttling, deactivated
// accounts, password change, and API tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, alerts, assertJsonError, tokenFor } from './support.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const BAD = 'Identifiant ou mot de passe incorrect.';
const session = (c) => c.cookies.get('cartable_session');

function cookieLine(res, name) {
  return res.headers.getSetCookie().find((c) => c.startsWith(name + '='));
}

// A client carrying only the given session cookie.
function withSession(token) {
  const c = new Client(srv.url);
  c.cookies.set('cartable_session', token);
  return c;
}

async function tryLogin(login, password, c = new Client(srv.url)) {
  return c.submit('/connexion', '/connexion', { login, password, suite: '/' });
}

test('anonymous visitors are sent to sign in, the API answers 401', async () => {
  const c = new Client(srv.url);
  for (const path of ['/compte', '/compte/jetons', '/mes-inscriptions', '/mes-enfants', '/admin',
    '/admin/personnes', '/etablissement', '/admin/inscriptions', '/inscriptions/1']) {
    const r = await c.get(path);
    assert.equal(r.status, 303, path);
    assert.equal(r.location, `/connexion?suite=${encodeURIComponent(path)}`, path);
  }
  // a POST comes back to the home page, not to a form that needs a token
  const p = await c.post('/deconnexion', { csrf: 'x' });
  assert.equal(p.status, 303);
  assert.equal(p.location, '/connexion?suite=%2F');
  for (const [method, path] of [['GET', '/api/v1/me'], ['GET', '/api/v1/enrolments'],
    ['GET', '/api/v1/enrolments/1'], ['POST', '/api/v1/enrolments'], ['GET', '/api/v1/auth/tokens'],
    ['DELETE', '/api/v1/auth/tokens/1']]) {
    const r = await api(srv.url, method, path, { json: method === 'POST' ? {} : undefined });
    assertJsonError(r, 401, 'unauthenticated');
  }
});

test('the sign-in page has a CSRF token and refuses a form without it', async () => {
  const c = new Client(srv.url);
  const page = await c.get('/connexion');
  assert.equal(page.status, 200);
  assert.ok(Client.csrf(page.text));
  const visit = cookieLine(page, 'cartable_visit');
  assert.match(visit, /HttpOnly/);
  assert.match(visit, /SameSite=Lax/);
  const none = await c.post('/connexion', { login: 'eleve', password: 'demo' });
  assert.equal(none.status, 403);
  assert.match(textOf(none.text), /Ce formulaire a expiré/);
  assert.equal(session(c), undefined);
  const wrong = await c.post('/connexion', { csrf: 'A'.repeat(43), login: 'eleve', password: 'demo' });
  assert.equal(wrong.status, 403);
  assert.equal(session(c), undefined);
  // a token is tied to its visitor: another visitor's token does not work
  const other = new Client(srv.url);
  const token = Client.csrf((await other.get('/connexion')).text);
  const stolen = await c.post('/connexion', { csrf: token, login: 'eleve', password: 'demo' });
  assert.equal(stolen.status, 403);
  assert.equal(session(c), undefined);
});

test('signing in sets a new HttpOnly, SameSite=Lax session cookie and follows a local suite', async () => {
  const c = new Client(srv.url);
  c.cookies.set('cartable_session', 'fixed-by-an-attacker');
  const page = await c.get('/connexion?suite=/mes-inscriptions');
  const r = await c.post('/connexion', { csrf: Client.csrf(page.text), login: 'eleve', password: 'demo',
    suite: '/mes-inscriptions' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/mes-inscriptions');
  const line = cookieLine(r, 'cartable_session');
  assert.ok(line, 'session cookie set');
  assert.match(line, /; HttpOnly/);
  assert.match(line, /; SameSite=Lax/);
  assert.match(line, /; Path=\//);
  assert.doesNotMatch(line, /Secure/);
  assert.notEqual(session(c), 'fixed-by-an-attacker');
  assert.ok(session(c).length >= 40);
  const mine = await c.get('/mes-inscriptions');
  assert.equal(mine.status, 200);
  assert.match(textOf(mine.text), /Terminale générale/);
  assert.equal(mine.headers.get('cache-control'), 'private, no-store');
  // signing in again from a signed-in browser gives another session and
  // ends the first one
  const first = session(c);
  const again = await c.post('/connexion', { csrf: Client.csrf(mine.text), login: 'eleve',
    password: 'demo', suite: '/' });
  assert.equal(again.status, 303);
  assert.notEqual(session(c), first);
  assert.equal((await withSession(first).get('/compte')).status, 303);
  assert.equal((await c.get('/compte')).status, 200);
});

test('suite never leads to another site', async () => {
  const bad = ['//evil.example', 'https://evil.example', '/\\evil.example', '/\t/evil.example',
    '/\n/evil.example', 'evil', '/connexion'];
  for (const suite of ['//evil.example', '/\t/evil.example']) {
    const r = await new Client(srv.url).submit('/connexion', '/connexion', { login: 'prof', password: 'demo', suite });
    assert.equal(r.status, 303, JSON.stringify(suite));
    assert.equal(r.location, '/', JSON.stringify(suite));
  }
  const c = new Client(srv.url);
  await c.login('prof');
  for (const suite of bad) {
    const g = await c.get(`/connexion?suite=${encodeURIComponent(suite)}`);
    assert.equal(g.status, 303);
    assert.equal(g.location, '/', JSON.stringify(suite));
  }
  assert.equal((await c.get('/connexion?suite=%2Fcatalogue%3Fq%3Dbts')).location, '/catalogue?q=bts');
  // the hidden field of the form only carries a safe path
  const page = await new Client(srv.url).get('/connexion?suite=%2F%2Fevil.example');
  assert.match(page.text, /name="suite" value="\/"/);
});

test('a wrong password and an unknown login get the same answer', async () => {
  const wrong = await tryLogin('eleve', 'pas-le-bon');
  const unknown = await tryLogin('personne.inconnue', 'pas-le-bon');
  assert.equal(wrong.status, 400);
  assert.equal(unknown.status, 400);
  assert.deepEqual(alerts(wrong.text), [BAD]);
  assert.deepEqual(alerts(unknown.text), [BAD]);
  assert.equal(cookieLine(wrong, 'cartable_session'), undefined);
  // the pages differ only by the echoed login and the CSRF token
  const norm = (r, login) => textOf(r.text).replace(login, 'LOGIN');
  assert.equal(norm(wrong, 'eleve'), norm(unknown, 'personne.inconnue'));
  // logins are not case-sensitive
  assert.equal((await tryLogin('ELEVE', 'demo')).status, 303);
  assert.equal((await tryLogin('eleve', 'DEMO')).status, 400, 'passwords are');
  const empty = await tryLogin('', '');
  assert.equal(empty.status, 400);
  assert.deepEqual(alerts(empty.text), [BAD]);
});

test('five failures lock a login for a while, even with the right password, without saying whether it exists', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await tryLogin('support', `faux-${i}`);
    assert.equal(r.status, 400, `attempt ${i + 1}`);
  }
  const locked = await tryLogin('support', 'demo');
  assert.equal(locked.status, 429);
  assert.match(alerts(locked.text)[0], /Trop de tentatives de connexion\. Patientez 15 minutes/);
  assert.equal(cookieLine(locked, 'cartable_session'), undefined);
  // the API refuses the same account
  const tok = await api(srv.url, 'POST', '/api/v1/auth/token', { json: { login: 'support', password: 'demo' } });
  assertJsonError(tok, 429, 'throttled');
  // an unknown login is locked the same way
  for (let i = 0; i < 5; i++) assert.equal((await tryLogin('fantome', `x${i}`)).status, 400);
  const ghost = await tryLogin('fantome', 'x');
  assert.equal(ghost.status, 429);
  assert.deepEqual(alerts(ghost.text), alerts(locked.text));
  // other people still sign in
  const c = new Client(srv.url);
  await c.login('compta');
  assert.equal((await c.get('/compte')).status, 200);
});

test('signing out ends the session; without the token it is refused', async () => {
  const c = new Client(srv.url);
  await c.login('prof');
  const token = session(c);
  const refused = await c.post('/deconnexion', {});
  assert.equal(refused.status, 403);
  assert.equal((await withSession(token).get('/compte')).status, 200);
  const r = await c.submit('/compte', '/deconnexion');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/');
  assert.match(cookieLine(r, 'cartable_session'), /Max-Age=0/);
  assert.equal(session(c), undefined);
  assert.equal((await withSession(token).get('/compte')).status, 303);
  const home = await c.get('/');
  assert.match(textOf(home.text), /Vous êtes déconnecté/);
});

test('a deactivated account cannot sign in, and its sessions and tokens stop working', async () => {
  const admin = new Client(srv.url);
  await admin.login('admin');
  const created = await admin.submit('/admin/personnes/nouvelle', '/admin/personnes', {
    given_name: 'Temporaire', family_name: 'Désactivé', login: 'temp.desactive', password: 'demo',
    role: 'learner',
  });
  assert.equal(created.status, 303);
  const id = Number(/\/admin\/personnes\/(\d+)$/.exec(created.location)[1]);
  const user = new Client(srv.url);
  await user.login('temp.desactive');
  const token = await tokenFor(srv.url, 'temp.desactive');
  assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token })).status, 200);

  const off = await admin.submit(`/admin/personnes/${id}`, `/admin/personnes/${id}/desactiver`);
  assert.equal(off.status, 303);
  assert.match(textOf((await admin.get(`/admin/personnes/${id}`)).text), /désactivé/);
  assert.equal((await user.get('/compte')).status, 303);
  assertJsonError(await api(srv.url, 'GET', '/api/v1/me', { token }), 401, 'invalid_token');
  const again = await tryLogin('temp.desactive', 'demo');
  assert.equal(again.status, 400);
  assert.deepEqual(alerts(again.text), [BAD]);
  const tok = await api(srv.url, 'POST', '/api/v1/auth/token', { json: { login: 'temp.desactive', password: 'demo' } });
  assertJsonError(tok, 401, 'invalid_credentials');

  const on = await admin.submit(`/admin/personnes/${id}`, `/admin/personnes/${id}/activer`);
  assert.equal(on.status, 303);
  await new Client(srv.url).login('temp.desactive');
  // the old token stays revoked
  assertJsonError(await api(srv.url, 'GET', '/api/v1/me', { token }), 401, 'invalid_token');
});

test('changing one\'s password checks the current one and closes the other sessions', async () => {
  const c = new Client(srv.url), other = new Client(srv.url);
  await c.login('auteur');
  await other.login('auteur');
  const wrong = await c.submit('/compte', '/compte/mot-de-passe',
    { current: 'faux', password: 'Nouveau-mot-2024', confirm: 'Nouveau-mot-2024' });
  assert.equal(wrong.status, 400);
  assert.match(textOf(wrong.text), /Le mot de passe actuel n'est pas le bon/);
  const differ = await c.submit('/compte', '/compte/mot-de-passe',
    { current: 'demo', password: 'Nouveau-mot-2024', confirm: 'Autre-mot-2024' });
  assert.equal(differ.status, 400);
  assert.match(textOf(differ.text), /Les deux mots de passe saisis ne sont pas identiques/);
  const missing = await c.submit('/compte', '/compte/mot-de-passe', {});
  assert.equal(missing.status, 400);
  const nocsrf = await c.post('/compte/mot-de-passe', { current: 'demo', password: 'x', confirm: 'x' });
  assert.equal(nocsrf.status, 403);
  assert.equal((await tryLogin('auteur', 'demo')).status, 303, 'nothing changed yet');

  const ok = await c.submit('/compte', '/compte/mot-de-passe',
    { current: 'demo', password: 'Nouveau-mot-2024', confirm: 'Nouveau-mot-2024' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/compte');
  assert.match(textOf((await c.get('/compte')).text), /Votre mot de passe a été changé/);
  assert.equal((await other.get('/compte')).status, 303, 'other session closed');
  assert.equal((await tryLogin('auteur', 'demo')).status, 400);
  assert.equal((await tryLogin('auteur', 'Nouveau-mot-2024')).status, 303);
});

test('the account page shows who one is, escaped, in their organisation', async () => {
  const c = new Client(srv.url);
  await c.login('parent');
  const r = await c.get('/compte');
  assert.equal(r.status, 200);
  const t = textOf(r.text);
  assert.match(t, /Sophie Martin/);
  assert.match(t, /parent@example\.org/);
  assert.match(t, /Enseignement à distance \(démo\)/);
  assert.match(t, /Responsable légal/);
});

test('POST /api/v1/auth/token: tokens for good credentials only, with clear errors', async () => {
  const ok = await api(srv.url, 'POST', '/api/v1/auth/token', { json: { login: 'eleve', password: 'demo', label: 'tel' } });
  assert.equal(ok.status, 201);
  assert.match(ok.json.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(typeof ok.json.id, 'number');
  const bad = await api(srv.url, 'POST', '/api/v1/auth/token', { json: { login: 'eleve', password: 'non' } });
  assertJsonError(bad, 401, 'invalid_credentials');
  const unknown = await api(srv.url, 'POST', '/api/v1/auth/token', { json: { login: 'qui.donc', password: 'non' } });
  assertJsonError(unknown, 401, 'invalid_credentials');
  assert.equal(unknown.json.error.message, bad.json.error.message);
  for (const json of [{}, { login: 'eleve' }, { password: 'demo' }, { login: 1, password: 'demo' },
    { login: 'eleve', password: null }]) {
    const r = await api(srv.url, 'POST', '/api/v1/auth/token', { json });
    assertJsonError(r, 400, 'invalid');
  }
  for (const body of ['', 'not json', '[1,2]', '{"login":"eleve","password":"demo"', '"x"',
    '{"login":"eleve","login":"admin","password":"demo"}']) {
    const r = await api(srv.url, 'POST', '/api/v1/auth/token', { body, headers: { 'content-type': 'application/json' } });
    assertJsonError(r, 400, 'malformed_json');
  }
  const invalidUtf8 = await api(srv.url, 'POST', '/api/v1/auth/token',
    { body: new Uint8Array(Buffer.from('{"login":"\xffeleve","password":"demo"}', 'latin1')), headers: { 'content-type': 'application/json' } });
  assertJsonError(invalidUtf8, 400, 'malformed_json');
  const get = await api(srv.url, 'GET', '/api/v1/auth/token');
  assertJsonError(get, 405, 'method_not_allowed');
});

test('a bearer token identifies its owner on every API call; malformed headers are 401', async () => {
  const token = await tokenFor(srv.url, 'parent');
  const me = await api(srv.url, 'GET', '/api/v1/me', { token });
  assert.equal(me.status, 200);
  assert.equal(me.json.login, 'parent');
  assert.deepEqual(me.json.roles, ['guardian']);
  assert.equal(me.json.tenant.slug, 'operateur');
  assert.deepEqual(me.json.children.map((k) => k.login), ['eleve']);
  assert.equal(me.headers.get('cache-control'), 'no-store');
  for (const authorization of ['Basic ZWxldmU6ZGVtbw==', 'Bearer', 'Bearer ',
    `Bearer ${token}x`, `Bearer ${token.slice(1)}`, 'Bearer \u00e9', `Token ${token}`]) {
    const r = await api(srv.url, 'GET', '/api/v1/me', { headers: { authorization } });
    assertJsonError(r, 401, 'invalid_token');
  }
  // a session cookie is not enough for the API: no cross-site requests
  const c = new Client(srv.url);
  await c.login('parent');
  const viaCookie = await c.get('/api/v1/me');
  assert.equal(viaCookie.status, 401);
  const post = await c.request('POST', '/api/v1/enrolments', { json: { programme_id: 1 } });
  assert.equal(post.status, 401);
});

test('tokens are listed and revoked by their owner only', async () => {
  const t1 = await tokenFor(srv.url, 'conseiller');
  const t2 = await tokenFor(srv.url, 'conseiller');
  const list = await api(srv.url, 'GET', '/api/v1/auth/tokens', { token: t1 });
  assert.equal(list.status, 200);
  assert.ok(list.json.tokens.length >= 2);
  const ids = list.json.tokens.map((t) => t.id);
  assert.ok(list.json.tokens.every((t) => t.revoked_at === null && typeof t.created_at === 'string'));
  assert.ok(!JSON.stringify(list.json).includes(t1), 'the secret is never listed again');
  const id2 = Math.max(...ids);
  // someone else's token id is unknown to them
  const other = await tokenFor(srv.url, 'prof');
  assertJsonError(await api(srv.url, 'DELETE', `/api/v1/auth/tokens/${id2}`, { token: other }), 404, 'not_found');
  assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: t2 })).status, 200);
  for (const bad of ['abc', '0', '-1', '99999999', '1.5', '99999999999999999999999']) {
    assertJsonError(await api(srv.url, 'DELETE', `/api/v1/auth/tokens/${bad}`, { token: t1 }), 404, 'not_found');
  }
  const del = await api(srv.url, 'DELETE', `/api/v1/auth/tokens/${id2}`, { token: t1 });
  assert.equal(del.status, 204);
  assert.equal(del.text, '');
  assertJsonError(await api(srv.url, 'GET', '/api/v1/me', { token: t2 }), 401, 'invalid_token');
  assertJsonError(await api(srv.url, 'DELETE', `/api/v1/auth/tokens/${id2}`, { token: t1 }), 404, 'not_found');
  const after = await api(srv.url, 'GET', '/api/v1/auth/tokens', { token: t1 });
  assert.ok(after.json.tokens.find((t) => t.id === id2).revoked_at);
  // a token can revoke itself
  const id1 = Math.max(...ids.filter((i) => i !== id2));
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/auth/tokens/${id1}`, { token: t1 })).status, 204);
  assertJsonError(await api(srv.url, 'GET', '/api/v1/me', { token: t1 }), 401, 'invalid_token');
});

test('tokens page: create once-shown tokens and revoke them with the form', async () => {
  const c = new Client(srv.url);
  await c.login('compta');
  const page = await c.get('/compte/jetons');
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Vous n'avez aucun jeton/);
  const nocsrf = await c.post('/compte/jetons', { label: 'x' });
  assert.equal(nocsrf.status, 403);
  const made = await c.submit('/compte/jetons', '/compte/jetons', { label: 'Téléphone de Lina' });
  assert.equal(made.status, 200);
  const token = /<code class="token">([^<]+)<\/code>/.exec(made.text)[1];
  const me = await api(srv.url, 'GET', '/api/v1/me', { token });
  assert.equal(me.json.login, 'compta');
  const shown = await c.get('/compte/jetons');
  assert.ok(!shown.text.includes(token), 'shown once only');
  assert.match(textOf(shown.text), /Téléphone de Lina/);
  const id = /\/compte\/jetons\/(\d+)\/revoquer/.exec(shown.text)[1];
  // somebody else cannot revoke it
  const prof = new Client(srv.url);
  await prof.login('prof');
  const foreign = await prof.submit('/compte/jetons', `/compte/jetons/${id}/revoquer`);
  assert.equal(foreign.status, 404);
  assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token })).status, 200);
  const bad = await c.submit('/compte/jetons', '/compte/jetons/abc/revoquer');
  assert.equal(bad.status, 404);
  const nocsrf2 = await c.post(`/compte/jetons/${id}/revoquer`, {});
  assert.equal(nocsrf2.status, 403);
  const rev = await c.submit('/compte/jetons', `/compte/jetons/${id}/revoquer`);
  assert.equal(rev.status, 303);
  assert.equal(rev.location, '/compte/jetons');
  assert.match(textOf((await c.get('/compte/jetons')).text), /révoqué le/);
  assertJsonError(await api(srv.url, 'GET', '/api/v1/me', { token }), 401, 'invalid_token');
});

test('thirty failures from one address lock every login from it', async () => {
  const c = new Client(srv.url);
  await c.login('admin');
  let status = 400;
  for (let i = 0; i < 40 && status === 400; i++) status = (await tryLogin(`inconnu.${i}`, 'x')).status;
  assert.equal(status, 429);
  const locked = await tryLogin('prof', 'demo');
  assert.equal(locked.status, 429);
  assert.match(alerts(locked.text)[0], /Trop de tentatives de connexion/);
  assertJsonError(await api(srv.url, 'POST', '/api/v1/auth/token', { json: { login: 'prof', password: 'demo' } }), 429, 'throttled');
  // sessions already open go on
  assert.equal((await c.get('/admin')).status, 200);
  // the log names routes, never what was typed
  assert.match(srv.log(), /req=\d+ POST \/connexion 429 [\d.]+ms/);
  assert.doesNotMatch(srv.log(), /inconnu\.|password=|demo&/);
});

test('with --secure-cookies every cookie is Secure', async () => {
  const s = await startServer({ args: ['--secure-cookies'] });
  try {
    const c = new Client(s.url);
    const page = await c.get('/connexion');
    assert.match(cookieLine(page, 'cartable_visit'), /; Secure/);
    const r = await c.post('/connexion', { csrf: Client.csrf(page.text), login: 'eleve', password: 'demo', suite: '/' });
    assert.equal(r.status, 303);
    const line = cookieLine(r, 'cartable_session');
    assert.match(line, /; HttpOnly/);
    assert.match(line, /; SameSite=Lax/);
    assert.match(line, /; Secure/);
    const lang = await c.get('/langue?l=en&suite=/');
    assert.match(cookieLine(lang, 'lang'), /; Secure/);
    const out = await c.submit('/compte', '/deconnexion');
    assert.match(cookieLine(out, 'cartable_session'), /Max-Age=0.*; Secure/);
  } finally {
    await s.stop();
  }
});
