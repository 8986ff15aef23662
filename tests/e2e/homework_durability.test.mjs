// Durability of hand-ins: the server is killed (SIGKILL) in the middle of a
// burst of hand-ins from many clients, then started again on the same data.
// Every copy that got a receipt must be there, with every version whose
// receipt was given, and the stored file's SHA-256 must match the receipt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, serveExisting, tokenFor } from './support.mjs';
import { configure, file, handInApi, newHomework, newLearner, signedIn } from './homework_support.mjs';

const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const CLIENTS = 8;
const KILL_AFTER = 60; // receipts

test('every receipt given before a SIGKILL survives the restart, file and SHA-256 included', async (t) => {
  const srv = await startServer();
  let again;
  try {
    const admin = await signedIn(srv, 'admin');
    const conseiller = await tokenFor(srv.url, 'conseiller');
    const eleve = await tokenFor(srv.url, 'eleve');
    const courses = await api(srv.url, 'GET', '/api/v1/courses', { token: eleve });
    const hg = courses.json.courses.find((c) => c.code === 'TLE-HG').id;
    const items = [];
    for (let i = 0; i < 3; i++) {
      const id = await newHomework(srv, admin, hg, `Rafale ${i}`);
      assert.equal((await configure(admin, id, {})).status, 303);
      items.push(id);
    }
    const learners = [];
    for (let i = 0; i < CLIENTS; i++) {
      const l = await newLearner(srv, admin, conseiller, `hw.burst${i}`);
      l.login = `hw.burst${i}`;
      learners.push(l);
    }

    // the burst: each client hands in, and hands in again, PDFs of 20-300 KB
    const receipts = [];
    let killed = false, failures = 0, interrupted = 0;
    const exited = new Promise((ok) => srv.proc.on('exit', (code, signal) => ok(signal)));
    const client = async (l) => {
      for (let n = 0; !killed; n++) {
        const item = items[n % items.length];
        const body = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${l.id}-${n}\n`), randomBytes(20000 + Math.floor(Math.random() * 280000))]);
        try {
          const r = await handInApi(srv, l.tokenValue, item, { file: file(`copie-${n}.pdf`, body, 'application/pdf') });
          if (r.status === 201) {
            assert.equal(r.json.sha256, sha256(body));
            receipts.push({ token: l.tokenValue, login: l.login, item, ...r.json });
            if (receipts.length >= KILL_AFTER && !killed) {
              killed = true;
              srv.proc.kill('SIGKILL');
            }
          } else {
            failures++;
          }
        } catch {
          if (killed) { interrupted++; return; } // the connection died with the server
          failures++;
        }
      }
    };
    await Promise.all(learners.map(client));
    assert.equal(await exited, 'SIGKILL');
    assert.ok(receipts.length >= KILL_AFTER, `${receipts.length} receipts`);
    assert.equal(failures, 0, 'no hand-in failed before the kill');
    t.diagnostic(`${receipts.length} receipts, ${interrupted} hand-ins cut by the kill`);

    // started again on the same directory and database
    again = await serveExisting(srv);
    for (const r of receipts) {
      // the stored file is the one the receipt names
      const path = join(srv.dir, 'files', r.sha256.slice(0, 2), r.sha256);
      assert.ok(existsSync(path), `file of receipt ${r.id} v${r.version}`);
      assert.equal(sha256(readFileSync(path)), r.sha256);
    }
    const byCopy = new Map();
    for (const r of receipts) {
      const list = byCopy.get(r.id) || [];
      list.push(r);
      byCopy.set(r.id, list);
    }
    for (const [id, list] of byCopy) {
      const token = list[0].token;
      const s = await api(again.url, 'GET', `/api/v1/submissions/${id}`, { token });
      assert.equal(s.status, 200, `copy ${id} is there`);
      const last = list.reduce((a, b) => (b.version > a.version ? b : a));
      assert.ok(s.json.version >= last.version, `copy ${id}: version ${s.json.version} >= ${last.version}`);
      if (s.json.version === last.version) assert.equal(s.json.sha256, last.sha256);
      const f = await fetch(`${again.url}/api/v1/submissions/${id}/file`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(f.status, 200);
      assert.equal(sha256(Buffer.from(await f.arrayBuffer())), s.json.sha256, `copy ${id}: the file matches its SHA-256`);
      // every acknowledged version is in its history, with its SHA-256
      const c = new Client(again.url);
      await c.login(list[0].login);
      const page = textOf((await c.get(`/copies/${id}`)).text);
      for (const r of list) assert.ok(page.includes(r.sha256), `copy ${id}: version ${r.version} listed`);
    }
    // and the server goes on taking copies
    const token = await tokenFor(again.url, learners[0].login);
    const after1 = await handInApi(again, token, items[0], { file: file('apres.pdf', Buffer.from('%PDF-1.4\napres\n'), 'application/pdf') });
    assert.equal(after1.status, 201, after1.text);
  } finally {
    if (again) await again.stop();
    if (srv.proc.exitCode === null && srv.proc.signalCode === null) await srv.stop();
    else rmSync(srv.dir, { recursive: true, force: true });
  }
});
