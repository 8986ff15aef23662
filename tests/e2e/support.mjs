// Helpers shared by the end-to-end test files (not a test file itself):
// multipart bodies sent in one piece, a JSON API caller, HTML unescaping,
// an SMTP sink, raw HTTP over a socket, a server restarted on the data of
// another, and look-ups of demo ids.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { resolve } from 'node:path';
import assert from 'node:assert/strict';
import { freePort, root } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

export const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];

// Every byte sequence that would be live markup if a payload of XSS came
// back unescaped.
export function assertNoRawMarkup(text, where = '') {
  assert.ok(!text.includes('<script>alert(1)</script>'), `raw <script> in ${where}`);
  assert.ok(!/<img src=x onerror/i.test(text), `raw <img onerror> in ${where}`);
  assert.ok(!/"><img/.test(text), `attribute break-out in ${where}`);
}

export function unescapeHtml(s) {
  return s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// A multipart/form-data body built in memory. Values are strings, or
// {filename, data, type} for files. It goes out as one buffer, so tests
// do not depend on how the body is cut into packets (http.test.mjs checks
// a body sent in pieces).
export function multipart(fields) {
  const b = '----cartable' + Math.random().toString(16).slice(2);
  const chunks = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v && typeof v === 'object') {
      chunks.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"; ` +
        `filename="${v.filename}"\r\nContent-Type: ${v.type || 'application/octet-stream'}\r\n\r\n`));
      chunks.push(Buffer.from(v.data));
      chunks.push(Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`));
      chunks.push(Buffer.from(String(v)));
      chunks.push(Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${b}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), type: `multipart/form-data; boundary=${b}` };
}

// GETs page for its CSRF token, then POSTs fields as multipart to action.
export async function submitMultipart(c, page, action, fields, { csrf = true } = {}) {
  const p = await c.get(page);
  const all = csrf ? { csrf: Client.csrf(p.text), ...fields } : fields;
  const mp = multipart(all);
  return c.post(action, mp.body, { headers: { 'content-type': mp.type } });
}

// POSTs fields with the CSRF token of `page` (the token of a visitor is the
// same on every page, so any page will do).
export async function postForm(c, page, action, fields) {
  return c.submit(page, action, fields);
}

// A JSON API call with an optional bearer token.
export async function api(base, method, path, { token, json, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (json !== undefined) {
    h['content-type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const r = await fetch(base + path, { method, body, headers: h, redirect: 'manual' });
  const text = await r.text();
  let data;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  return { status: r.status, headers: r.headers, text, json: data };
}

export async function tokenFor(base, login, password = 'demo') {
  const r = await api(base, 'POST', '/api/v1/auth/token', { json: { login, password } });
  assert.equal(r.status, 201, `token for ${login}: ${r.text}`);
  return r.json.token;
}

export function assertJsonError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type') || '', /^application\/json/);
  assert.equal(typeof r.json?.error?.message, 'string', r.text);
  assert.ok(r.json.error.message.length > 0);
  if (code) assert.equal(r.json.error.code, code, r.text);
}

// Id of the published programme with this code, through the public API.
export async function programmeId(base, code) {
  const r = await api(base, 'GET', `/api/v1/programmes?q=${encodeURIComponent(code)}`);
  const p = r.json.programmes.find((x) => x.code === code);
  assert.ok(p, `programme ${code}`);
  return p.id;
}

// Id of an à-la-carte course, read from the public course list.
export async function courseId(base, titleStart) {
  const r = await fetch(base + '/catalogue/cours');
  const html = await r.text();
  const re = /<a href="\/cours\/(\d+)">([^<]*)<\/a>/g;
  for (let m; (m = re.exec(html));) if (unescapeHtml(m[2]).startsWith(titleStart)) return Number(m[1]);
  throw new Error(`course ${titleStart}`);
}

// Id of an account, through /api/v1/me with its own token.
export async function accountId(base, login, password = 'demo') {
  const token = await tokenFor(base, login, password);
  const r = await api(base, 'GET', '/api/v1/me', { token });
  return r.json.id;
}

// Titles of the programmes listed on a catalogue page, in order.
export function listedTitles(html) {
  const out = [];
  const re = /<h3><a href="\/formations\/\d+">([^<]*)<\/a><\/h3>/g;
  for (let m; (m = re.exec(html));) out.push(unescapeHtml(m[1]));
  return out;
}

// The texts of the elements with role="alert" of a page.
export function alerts(html) {
  const out = [];
  const re = /role="alert"><p>([\s\S]*?)<\/p>/g;
  for (let m; (m = re.exec(html));) out.push(unescapeHtml(m[1]));
  return out;
}

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export async function waitFor(fn, { timeout = 8000, every = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

// A minimal SMTP server keeping every message it receives.
export async function smtpSink() {
  const messages = [];
  const server = createServer((sock) => {
    let buf = '', inData = false, data = '', from = '', to = [];
    sock.write('220 sink ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) {
            if (buf.startsWith('.\r\n')) { buf = buf.slice(3); } else break;
          } else {
            data += buf.slice(0, end);
            buf = buf.slice(end + 5);
          }
          inData = false;
          const raw = Buffer.from(data.replace(/\r\n\.\./g, '\r\n.'), 'latin1').toString('utf8');
          messages.push({ from, to, raw });
          data = '';
          sock.write('250 queued\r\n');
          continue;
        }
        const i = buf.indexOf('\r\n');
        if (i < 0) break;
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250 sink\r\n');
        else if (cmd === 'MAIL') { from = line; to = []; sock.write('250 ok\r\n'); }
        else if (cmd === 'RCPT') { to.push(line); sock.write('250 ok\r\n'); }
        else if (cmd === 'DATA') { inData = true; data = ''; sock.write('354 go\r\n'); }
        else if (cmd === 'QUIT') { sock.end('221 bye\r\n'); }
        else if (cmd === 'RSET' || cmd === 'NOOP') sock.write('250 ok\r\n');
        else sock.write('502 no\r\n');
      }
    });
    sock.on('error', () => {});
  });
  const port = await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server.address().port)));
  return {
    port, messages,
    url: `smtp://127.0.0.1:${port}`,
    waitForMail(pred, timeout = 10000) {
      return waitFor(() => messages.find(pred), { timeout, what: 'a mail' });
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}

// Sends raw bytes on a new connection and collects what comes back until
// the server closes the connection or `timeout` passes.
export function rawHttp(port, chunks, { timeout = 5000, gap = 0 } = {}) {
  return new Promise((ok) => {
    let out = Buffer.alloc(0), done = false;
    const s = connect(port, '127.0.0.1');
    const finish = (err) => {
      if (done) return;
      done = true;
      s.destroy();
      ok({ text: out.toString('latin1'), status: Number((/^HTTP\/1\.[01] (\d{3})/.exec(out.toString('latin1')) || [])[1] || 0), err });
    };
    s.on('connect', async () => {
      for (const c of [].concat(chunks)) {
        if (done) return;
        s.write(c);
        if (gap) await sleep(gap);
      }
    });
    s.on('data', (d) => { out = Buffer.concat([out, d]); });
    s.on('end', () => finish());
    s.on('close', () => finish());
    s.on('error', (e) => finish(e));
    setTimeout(() => finish('timeout'), timeout);
  });
}

// Starts `cartable serve` on the data (directory and database) of a server
// stopped with stop({keep: true}), with other options: used to serve the
// demo world without --demo (weak passwords refused).
export async function serveExisting({ dir, database }, args = []) {
  const port = await freePort();
  const bin = resolve(root, process.env.CARTABLE_BIN || 'build/asan/cartable');
  const argv = ['serve', '--port', String(port), '--data-dir', dir, ...args];
  if (database) argv.push('--database', database);
  let log = '';
  const proc = spawn(bin, argv, {
    cwd: root,
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      if ((await fetch(url + '/robots.txt')).ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await sleep(100);
  }
  return {
    url, port, proc, log: () => log,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const { code, signal } = await exited;
      const bad = /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/.test(log);
      if (bad || code !== 0) throw new Error(`server exit code=${code} signal=${signal}:\n${log.slice(-6000)}`);
    },
  };
}

// Rows of a CSV text separated by ';' (quoted fields with doubled quotes).
export function parseCsv(text, sep = ';') {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// A small PDF, valid enough for a type check by content.
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
