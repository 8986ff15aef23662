// Helpers of the homework end-to-end tests (not a test file itself):
// documents of every accepted type built in memory (ODT and DOCX as real
// stored ZIP archives), the demo's assignment ids, extra learners enrolled
// in the demo programme, homework items in a course of their own, and
// hand-ins through the page and the API.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Client } from '../lib/client.mjs';
import { api, multipart, submitMultipart, tokenFor, accountId, programmeId } from './support.mjs';

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// ---- Documents ----

let counter = 0;
// A small PDF, different each time unless `text` is given.
export function pdf(text) {
  const t = text ?? `copie ${process.pid}-${Date.now()}-${++counter}`;
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${t}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');
export const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  Buffer.alloc(64, 7), Buffer.from('ffd9', 'hex')]);
export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
export const TEXT = Buffer.from('Ceci est un texte, pas un PDF.\n');

// A ZIP archive of stored (uncompressed) entries: [name, content] pairs.
export function zip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name), d = Buffer.from(content);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4);
    lh.writeUInt32LE(0, 14); lh.writeUInt32LE(d.length, 18); lh.writeUInt32LE(d.length, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6);
    ch.writeUInt32LE(d.length, 20); ch.writeUInt32LE(d.length, 24); ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, d);
    centrals.push(ch, n);
    offset += 30 + n.length + d.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
export const ODT = () => zip([['mimetype', 'application/vnd.oasis.opendocument.text'],
  ['content.xml', `<office:document-content>${++counter}</office:document-content>`],
  ['META-INF/manifest.xml', '<manifest:manifest/>']]);
export const DOCX = () => zip([['[Content_Types].xml', '<Types/>'], ['_rels/.rels', '<Relationships/>'],
  ['word/document.xml', `<w:document>${++counter}</w:document>`]]);
export const DOCM = () => zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w:document/>'],
  ['word/vbaProject.bin', 'Sub AutoOpen()']]);
export const ODS = () => zip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', 'x']]);

export const file = (filename, data, type = 'application/octet-stream') => ({ filename, data, type });

// ---- Files of the data directory ----

// Every stored file (var/files/xx/sha) and temporary upload left.
export function storedFiles(dir) {
  const out = [];
  const root = join(dir, 'files');
  for (const sub of readdirSync(root)) {
    const p = join(root, sub);
    if (statSync(p).isDirectory()) for (const f of readdirSync(p)) out.push(f);
  }
  return out.sort();
}
export const tmpFiles = (dir) => readdirSync(join(dir, 'tmp'));

// ---- The demo world ----

export async function signedIn(srv, login) {
  const c = new Client(srv.url);
  await c.login(login);
  c.tokenValue = await tokenFor(srv.url, login);
  return c;
}

// Ids of the demo's homework, from eleve's list.
export async function demoAssignments(srv, token) {
  const r = await api(srv.url, 'GET', '/api/v1/assignments', { token });
  assert.equal(r.status, 200, r.text);
  const by = (title) => r.json.assignments.find((a) => a.title === title);
  const maths = by('Devoir 1 — Suites'), philo = by('Dissertation n° 1');
  assert.ok(maths && philo, r.text);
  return { maths, philo };
}

// A new learner enrolled (active) in the demo's Terminale générale.
export async function newLearner(srv, admin, conseillerToken, login, given = 'Test', family = login) {
  const created = await admin.submit('/admin/personnes/nouvelle', '/admin/personnes',
    { given_name: given, family_name: family, login, password: 'demo', role: 'learner' });
  assert.equal(created.status, 303, created.text.slice(0, 400));
  const id = await accountId(srv.url, login);
  const tle = await programmeId(srv.url, 'TLE-GEN');
  const en = await api(srv.url, 'POST', '/api/v1/enrolments',
    { token: conseillerToken, json: { learner_id: id, programme_id: tle } });
  assert.equal(en.status, 201, en.text);
  if (en.json.status !== 'active') {
    const conseiller = new Client(srv.url);
    await conseiller.login('conseiller');
    const r = await conseiller.submit(`/inscriptions/${en.json.id}`, `/inscriptions/${en.json.id}/statut`,
      { status: 'active', note: 'test' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
  }
  const c = await signedIn(srv, login);
  c.id = id;
  return c;
}

// A teacher account.
export async function newTeacher(srv, admin, login, given = 'Prof', family = login) {
  const created = await admin.submit('/admin/personnes/nouvelle', '/admin/personnes',
    { given_name: given, family_name: family, login, password: 'demo', role: 'teacher' });
  assert.equal(created.status, 303, created.text.slice(0, 400));
  const c = await signedIn(srv, login);
  c.id = await accountId(srv.url, login);
  return c;
}

// A published homework item in a course (admin acts as author); returns its id.
export async function newHomework(srv, admin, courseId, title) {
  const editor = `/admin/cours/${courseId}/contenu`;
  let r = await admin.submit(editor, `/admin/cours/${courseId}/parties`, { section_title: `Partie ${title}` });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const page = await admin.get(editor);
  const sections = [...page.text.matchAll(/\/admin\/cours\/parties\/(\d+)\/elements/g)].map((m) => Number(m[1]));
  const section = Math.max(...sections);
  r = await admin.submit(editor, `/admin/cours/parties/${section}/elements`, { kind: 'homework', title });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const m = /\/admin\/cours\/elements\/(\d+)/.exec(r.location);
  assert.ok(m, r.location);
  const id = Number(m[1]);
  r = await admin.submit(r.location, r.location, { title, body_md: `Consignes de ${title}.`, published: '1' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  return id;
}

export async function addStaff(admin, courseId, login, role = 'teacher') {
  const r = await admin.submit(`/admin/cours/${courseId}/contenu`, `/admin/cours/${courseId}/equipe`, { login, role });
  assert.equal(r.status, 303, r.text.slice(0, 400));
}

// Saves an assignment's settings through its form; fields override the defaults.
export async function configure(c, id, fields = {}) {
  const all = {
    instructions_md: '', opens: '', due_date: '', due_time: '', late_policy: 'flag', cutoff_date: '',
    cutoff_time: '', max_grade: '20', weight: '1', accepts_file: '1', resubmit: '1', ...fields,
  };
  const body = new URLSearchParams();
  const page = await c.get(`/devoirs/${id}/parametres`);
  body.append('csrf', Client.csrf(page.text));
  const types = all.file_types ?? ['1', '2', '4', '8', '16'];
  delete all.file_types;
  for (const [k, v] of Object.entries(all)) if (v !== null) body.append(k, v);
  for (const t of types) body.append('file_types', t);
  return c.post(`/devoirs/${id}/parametres`, body, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

// Hands in through the page: {file} and/or {text}.
export function handIn(c, id, fields) {
  return submitMultipart(c, `/devoirs/${id}`, `/devoirs/${id}/rendu`, fields);
}

// Hands in through the API (bearer token).
export async function handInApi(srv, token, id, fields) {
  const mp = multipart(fields);
  return api(srv.url, 'POST', `/api/v1/assignments/${id}/submissions`,
    { token, body: mp.body, headers: { 'content-type': mp.type } });
}

export async function correctApi(srv, token, id, fields) {
  const mp = multipart(fields);
  return api(srv.url, 'POST', `/api/v1/submissions/${id}/correction`,
    { token, body: mp.body, headers: { 'content-type': mp.type } });
}

export const copyId = (location) => Number(/^\/copies\/(\d+)$/.exec(location)[1]);

// "AAAA-MM-JJ" of a day relative to today (local time of the server: the
// tests run it in the same zone).
export function day(offset) {
  const d = new Date(Date.now() + offset * 86400000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
