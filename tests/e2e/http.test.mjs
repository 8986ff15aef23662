// The HTTP layer under stress: garbage requests, body limits, methods,
// headers on every answer, static files, the OpenAPI document, languages
// and their redirects, and a clean stop on SIGTERM with a request in flight.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, assertJsonError, rawHttp, sleep, tokenFor } from './support.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

async function alive() {
  const r = await fetch(srv.url + '/robots.txt');
  assert.equal(r.status, 200, 'the server still answers');
  await r.text();
}

const get = (path, extra = '') => rawHttp(srv.port, `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`);

test('malformed paths and queries get clean answers', async () => {
  const cases = [
    ['/%zz', 404], ['/catalogue?q=%zz%G1%', 200], ['/catalogue?q=%', 200], ['/catalogue%00', 400],
    ['/%C3%28', 400], ['/catalogue?q=%C3%28', 200], ['/catalogue?q=%00', 200], ['/formations/%FF', 400],
    ['/admin/../etc/passwd', 404], ['/static/../../etc/passwd', 404], ['/static/%2e%2e/%2e%2e/etc/passwd', 404],
    ['//catalogue', 404], ['/catalogue/', 404], ['/api/v1/me/', 404], ['/%2fcatalogue', 404],
    ['/catalogue?q=diete&' + 'a&'.repeat(400), 200], ['/catalogue?q=' + 'é'.repeat(3000), 200],
  ];
  for (const [path, status] of cases) {
    const r = await get(path.replace(/é/g, '%C3%A9'));
    assert.equal(r.status, status, path.slice(0, 60));
  }
  const nul = await rawHttp(srv.port, 'GET /\0x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.ok([0, 200, 400].includes(nul.status), `NUL in the request line: ${nul.status}`);
  await alive();
  const bad = await get('/catalogue%00');
  assert.match(textOf(Buffer.from(bad.text, 'latin1').toString('utf8')), /La requête est mal formée/);
  const many = await get('/catalogue?q=diete&' + 'a=1&'.repeat(400));
  assert.match(Buffer.from(many.text, 'latin1').toString('utf8'), /BTS Diététique/);
});

test('a malformed API path is answered in JSON', async () => {
  const r = await get('/api/v1/programmes/%00');
  assert.equal(r.status, 400);
  assert.match(r.text, /Content-Type: application\/json/);
});

test('broken requests do not bring the server down', async () => {
  const garbage = [
    'HELLO\r\n\r\n',
    'GET\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    'GET / HTTP/1.1\r\nNo colon here\r\n\r\n',
    `GET / HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(100000)}\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: x\r\nX-Long: ${'b'.repeat(70000)}\r\n\r\n`,
    `GET /${'c'.repeat(100000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: x\r\n${'X-A: 1\r\n'.repeat(5000)}\r\n`,
    'POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
    'POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nlogin=x',
    'POST /connexion HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n',
    'POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data\r\nContent-Length: 10\r\n\r\n0123456789',
    'POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 20\r\n\r\n--x\r\nbroken\r\n\r\n--',
    'POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort',
    'GET / HTTP/1.1\r\nHost: x\r\n',
    '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', // a TLS hello
  ];
  for (const g of garbage) {
    const r = await rawHttp(srv.port, g, { timeout: 1500 });
    assert.ok(r.status === 0 || r.status === 200 || (r.status >= 400 && r.status < 500) || r.status === 505,
      `${JSON.stringify(g.slice(0, 50))}: ${r.status}`);
  }
  // many connections opened and dropped half-way
  await Promise.all(Array.from({ length: 50 }, () => rawHttp(srv.port, 'GET /catalogue HTTP/1.1\r\nHo', { timeout: 200 })));
  await alive();
  const cookie = await get('/', `Cookie: ${'x=1; '.repeat(2000)}cartable_session=${'%'.repeat(50)}\r\n`);
  assert.ok([200, 400, 431].includes(cookie.status) || cookie.status === 0);
  await alive();
});

test('many query parameters are answered; too many are refused and leave nothing behind', async () => {
  // MHD keeps query arguments in a 32 KiB pool per connection (a bigger one
  // costs CPU on every request): 400 fit, 10,000 do not, and MHD refuses
  // those itself (431, or the connection closed). Either way nothing leaks
  // and a SIGTERM does not wait for them.
  const s2 = await startServer();
  try {
    const ok = await rawHttp(s2.port, `GET /catalogue?q=diete&${'a=1&'.repeat(400)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(ok.status, 200);
    const r = await rawHttp(s2.port, `GET /catalogue?${'a=1&'.repeat(10000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, { timeout: 1500 });
    assert.ok([0, 400, 414, 431].includes(r.status), `10000 parameters: ${r.status}`);
    assert.equal((await fetch(s2.url + '/robots.txt')).status, 200);
  } finally {
    const t0 = Date.now();
    await s2.stop();
    assert.ok(Date.now() - t0 < 5000, 'stopped without waiting for lost requests');
  }
});

test('unknown methods are refused with 405 where the path exists, 404 elsewhere', async () => {
  for (const method of ['BREW', 'PROPFIND', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE']) {
    const r = await rawHttp(srv.port, `${method} /catalogue HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    assert.ok([405, 400, 501].includes(r.status), `${method}: ${r.status}`);
    const n = await rawHttp(srv.port, `${method} /nulle-part HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    assert.ok([404, 400, 501].includes(n.status), `${method}: ${n.status}`);
  }
  const del = await api(srv.url, 'DELETE', '/api/v1/programmes');
  assertJsonError(del, 405, 'method_not_allowed');
  const page = await new Client(srv.url).request('DELETE', '/catalogue');
  assert.equal(page.status, 405);
  assert.match(textOf(page.text), /Cette adresse n'accepte pas cette méthode/);
  const head = await fetch(srv.url + '/catalogue', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
  await alive();
});

test('bodies: too many fields, bad encodings and deep JSON are refused', async () => {
  const c = new Client(srv.url);
  const csrf = Client.csrf((await c.get('/connexion')).text);
  const many = new URLSearchParams([['csrf', csrf], ...Array.from({ length: 600 }, (_, i) => [`f${i}`, 'x'])]);
  const r = await c.post('/connexion', many);
  assert.equal(r.status, 400);
  assert.match(textOf(r.text), /La requête est mal formée/);
  const badUtf8 = await c.post('/connexion', `csrf=${csrf}&login=%FF%FE&password=demo`, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(badUtf8.status, 400);
  assert.match(textOf(badUtf8.text), /Identifiant ou mot de passe incorrect/);
  const token = await tokenFor(srv.url, 'eleve');
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  assertJsonError(await api(srv.url, 'POST', '/api/v1/enrolments', { token, body: deep, headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
  const deepObj = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  assertJsonError(await api(srv.url, 'POST', '/api/v1/auth/token', { body: deepObj, headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
  await alive();
});

test('a 2 MB form sent in chunks is refused with 413', async () => {
  const chunk = new TextEncoder().encode('a='.padEnd(64 * 1024, 'x'));
  let n = 0;
  const body = new ReadableStream({
    pull(ctl) { if (n++ < 32) ctl.enqueue(chunk); else ctl.close(); },
  });
  const r = await fetch(srv.url + '/connexion', { method: 'POST', body, duplex: 'half',
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 413);
  assert.match(textOf(await r.text()), /L'envoi dépasse la taille autorisée/);
  const j = await fetch(srv.url + '/api/v1/auth/token', { method: 'POST', duplex: 'half',
    body: new ReadableStream({ pull(ctl) { if (n++ < 70) ctl.enqueue(chunk); else ctl.close(); } }),
    headers: { 'content-type': 'application/json' } });
  assert.equal(j.status, 413);
  assert.equal((await j.json()).error.code, 'too_large');
  await alive();
});

test('a 2 MB form with its Content-Length is refused with 413', async () => {
  const r = await fetch(srv.url + '/connexion', { method: 'POST', body: 'a=' + 'x'.repeat(2 * 1024 * 1024),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 413);
});

test('a multipart field whose value comes in a later packet is read whole', async () => {
  const c = new Client(srv.url);
  const page = await c.get('/connexion');
  const csrf = Client.csrf(page.text);
  const b = 'splitboundary';
  const parts = [`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n`, csrf,
    `\r\n--${b}\r\nContent-Disposition: form-data; name="login"\r\n\r\n`, 'eleve',
    `\r\n--${b}\r\nContent-Disposition: form-data; name="password"\r\n\r\n`, 'demo', `\r\n--${b}--\r\n`];
  const body = parts.join('');
  const head = `POST /connexion HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookieHeader()}\r\nContent-Type: multipart/form-data; boundary=${b}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  const whole = await rawHttp(srv.port, [head + body]);
  assert.equal(whole.status, 303, 'in one piece it works');
  const split = await rawHttp(srv.port, [head, ...parts], { gap: 60 });
  assert.equal(split.status, 303);
});

test('every answer carries the security headers; static files are cached', async () => {
  const c = new Client(srv.url);
  const home = await c.get('/');
  const version = /\/static\/app\.css\?v=([0-9a-f]+)/.exec(home.text)[1];
  const answers = [home, await c.get('/nulle-part'), await c.get('/catalogue%00'),
    await c.get('/api/v1/programmes'), await c.get('/api/v1/me'), await c.get(`/static/app.css?v=${version}`),
    await c.get('/robots.txt'), await c.get('/compte'), await c.request('DELETE', '/')];
  for (const r of answers) {
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'same-origin');
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
  }
  const css = await c.get(`/static/app.css?v=${version}`);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.equal(css.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const etag = css.headers.get('etag');
  assert.ok(etag);
  const again = await c.get(`/static/app.css?v=${version}`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const old = await c.get('/static/app.css?v=0000');
  assert.equal(old.headers.get('cache-control'), 'public, max-age=300');
  assert.equal((await c.get('/static/nothing.css')).status, 404);
  assert.equal((await c.get('/favicon.ico')).status, 200);
  assert.doesNotMatch(home.text, /<script/i, 'pages work without JavaScript');
  assert.doesNotMatch(home.text, /style="/, 'no inline style the CSP would block');
});

test('the OpenAPI document is valid JSON and describes every API route', async () => {
  const r = await fetch(srv.url + '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const doc = JSON.parse(await r.text());
  assert.match(doc.openapi, /^3\./);
  const expected = {
    '/api/v1/auth/token': ['post'], '/api/v1/auth/tokens': ['get'], '/api/v1/auth/tokens/{id}': ['delete'],
    '/api/v1/me': ['get'], '/api/v1/programmes': ['get'], '/api/v1/programmes/{id}': ['get'],
    '/api/v1/enrolments': ['get', 'post'], '/api/v1/enrolments/{id}': ['get'],
  };
  for (const [path, methods] of Object.entries(expected)) {
    assert.ok(doc.paths[path], `${path} documented`);
    for (const m of methods) assert.ok(doc.paths[path][m], `${m} ${path} documented`);
  }
  // what an anonymous call answers is among the documented responses
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await api(srv.url, method.toUpperCase(), url, method === 'post' ? { json: {} } : {});
      const documented = Object.keys(op.responses || {});
      assert.ok(documented.includes(String(res.status)) || documented.includes('default'),
        `${method} ${path}: ${res.status} not in ${documented}`);
    }
  }
});

test('the interface switches to English and back, and only follows local paths', async () => {
  const c = new Client(srv.url);
  const r = await c.get('/langue?l=en&suite=/catalogue');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/catalogue');
  assert.match(r.headers.getSetCookie().find((x) => x.startsWith('lang=')), /^lang=en; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/);
  const page = await c.get('/catalogue');
  assert.match(page.text, /<html lang="en">/);
  assert.equal(page.headers.get('content-language'), 'en');
  assert.match(textOf(page.text), /Programme catalogue/);
  assert.match(page.text, /hreflang="fr">Français</);
  const nf = await c.get('/nulle-part');
  assert.match(textOf(nf.text), /Page not found/);
  assert.match(textOf((await c.get('/')).text), /Home/);
  const back = await c.get('/langue?l=fr&suite=/');
  assert.equal(back.location, '/');
  assert.match((await c.get('/')).text, /<html lang="fr">/);
  for (const suite of ['//evil.example', 'https://evil.example', '/\\evil.example', '\\\\evil.example', '/\t/evil.example',
    '/\r\n/evil.example', '/x\r\nSet-Cookie: pris=1', 'javascript:alert(1)', '', '/%2F/evil.example'.replace('%2F', '/')]) {
    const x = await new Client(srv.url).get(`/langue?l=en&suite=${encodeURIComponent(suite)}`);
    assert.equal(x.status, 303, JSON.stringify(suite));
    assert.equal(x.location, '/', JSON.stringify(suite));
    assert.ok(!x.headers.getSetCookie().some((s) => s.startsWith('pris=')));
  }
  const raw = await get('/langue?l=en&suite=/ok%0d%0aSet-Cookie:%20pris=1');
  assert.doesNotMatch(raw.text, /pris=1/);
  assert.match(raw.text, /\r\nLocation: \/\r\n/);
  assert.equal((await new Client(srv.url).get('/langue?l=en&suite=/mes-inscriptions?x=1')).location, '/mes-inscriptions?x=1');
  assert.equal((await new Client(srv.url).get('/langue?l=xx&suite=/')).headers.getSetCookie()[0].startsWith('lang=fr'), true);
});

test('a signed-in person\'s language choice follows them to a new browser and to the API', async () => {
  const c = new Client(srv.url);
  await c.login('parent');
  await c.get('/langue?l=en&suite=/');
  const fresh = new Client(srv.url);
  await fresh.login('parent');
  const home = await fresh.get('/');
  assert.match(home.text, /<html lang="en">/);
  const token = await tokenFor(srv.url, 'parent');
  const err = await api(srv.url, 'GET', '/api/v1/enrolments/99999999', { token });
  assert.equal(err.status, 404);
  assert.doesNotMatch(err.json.error.message, /introuvable/, 'in English');
  await c.get('/langue?l=fr&suite=/');
  const fr = new Client(srv.url);
  await fr.login('parent');
  assert.match((await fr.get('/')).text, /<html lang="fr">/);
});

test('SIGTERM lets a request in flight finish, then the server exits cleanly', async () => {
  const s = await startServer();
  const c = new Client(s.url);
  const csrf = Client.csrf((await c.get('/connexion')).text);
  const body = `csrf=${csrf}&login=eleve&password=demo&suite=%2Fmes-inscriptions&pad=${'x'.repeat(2000)}`;
  const head = `POST /connexion HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookieHeader()}\r\n` +
    `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const { connect } = await import('node:net');
  const sock = connect(s.port, '127.0.0.1');
  let answer = '';
  sock.on('data', (d) => { answer += d; });
  const closed = new Promise((ok) => sock.on('close', ok));
  await new Promise((ok) => sock.on('connect', ok));
  sock.write(head + body.slice(0, 100));
  await sleep(300);
  s.proc.kill('SIGTERM');
  await sleep(500);
  // no new connection is accepted while the last request finishes
  const refused = await rawHttp(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeout: 1000 });
  assert.equal(refused.status, 0);
  sock.write(body.slice(100));
  await closed;
  assert.match(answer, /^HTTP\/1\.1 303 /);
  assert.match(answer, /\r\nLocation: \/mes-inscriptions\r\n/);
  await s.stop();
  assert.match(s.log(), /SIGTERM received, finishing requests in flight/);
});
