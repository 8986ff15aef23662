// bench/client.mjs - the HTTP steps of the benchmark that wrk cannot do.
//
//   node bench/client.mjs signin BASE LOGINS_FILE OUT_FILE [CONCURRENCY]
//       signs in every login of LOGINS_FILE (password "demo") through the
//       form, with the CSRF dance of tests/lib/client.mjs, and writes one
//       Cookie header value per line to OUT_FILE.
//   node bench/client.mjs token BASE LOGIN
//       prints a bearer token of LOGIN (password "demo").
//   node bench/client.mjs replay BASE TOKEN TSV [CONCURRENCY]
//       POSTs /api/v1/enrolments {"programme_id","learner_id"} for every
//       "programme_id<TAB>learner_id" line of TSV, CONCURRENCY requests at a
//       time over keep-alive connections; prints one JSON line of results.
import fs from 'node:fs';
import http from 'node:http';

const [cmd, base, ...args] = process.argv.slice(2);

function setCookies(res, jar) {
  for (const c of res.headers.getSetCookie()) {
    const [pair, ...attrs] = c.split(';');
    const i = pair.indexOf('=');
    const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
    if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}
const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

async function signin(login) {
  const jar = new Map();
  let res = await fetch(base + '/connexion', { redirect: 'manual' });
  setCookies(res, jar);
  const m = /name="csrf" value="([^"]+)"/.exec(await res.text());
  if (!m) throw new Error('no CSRF token on /connexion');
  res = await fetch(base + '/connexion', {
    method: 'POST', redirect: 'manual',
    headers: { cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrf: m[1], login, password: 'demo', suite: '/' }),
  });
  setCookies(res, jar);
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`sign-in of ${login}: HTTP ${res.status}`);
  return cookieHeader(jar);
}

async function pool(items, concurrency, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

if (cmd === 'signin') {
  const [loginsFile, outFile, conc = '2'] = args;
  const logins = fs.readFileSync(loginsFile, 'utf8').split('\n').filter(Boolean);
  const t0 = performance.now();
  const cookies = await pool(logins, Number(conc), signin);
  fs.writeFileSync(outFile, cookies.join('\n') + '\n');
  console.error(`signed in ${cookies.length} learners in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else if (cmd === 'token') {
  const res = await fetch(base + '/api/v1/auth/token', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: args[0], password: 'demo' }),
  });
  const j = await res.json();
  if (res.status !== 201) throw new Error(`token: HTTP ${res.status} ${JSON.stringify(j)}`);
  console.log(j.token);
} else if (cmd === 'replay') {
  const [token, tsv, conc = '16'] = args;
  const pairs = fs.readFileSync(tsv, 'utf8').split('\n').filter(Boolean)
    .map((l) => l.split('\t').map(Number));
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(conc) });
  const lat = [];
  const status = {};
  const post = ([programme_id, learner_id]) => new Promise((resolve, reject) => {
    const body = JSON.stringify({ programme_id, learner_id });
    const t = performance.now();
    const req = http.request({
      host: url.hostname, port: url.port, path: '/api/v1/enrolments', method: 'POST', agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json',
                 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        lat.push(performance.now() - t);
        status[res.statusCode] = (status[res.statusCode] || 0) + 1;
        resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
  const t0 = performance.now();
  await pool(pairs, Number(conc), post);
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  console.log(JSON.stringify({
    requests: pairs.length, seconds: +secs.toFixed(2), rate: +(pairs.length / secs).toFixed(1),
    status, p50_ms: +q(0.5).toFixed(2), p99_ms: +q(0.99).toFixed(2), max_ms: +lat[lat.length - 1].toFixed(2),
  }));
} else {
  console.error('usage: client.mjs signin|token|replay BASE ...');
  process.exit(2);
}
