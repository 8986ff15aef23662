// Messages between learners, guardians and the staff of a course: starting
// a thread and answering it, unread counts, attachments served only to
// participants, the batched mail (one per recipient for a burst, none for
// accounts without an address), the API, and every refusal: other
// learners, other guardians, staff of another course, other tenants,
// malformed input, CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import {
  PDF, XSS, accountId, api, assertJsonError, assertNoRawMarkup, multipart, sleep, smtpSink,
  submitMultipart, tokenFor, unescapeHtml,
} from './support.mjs';

let srv, smtp;
const c = {}, tok = {}, id = {};
const MAIL_DELAY = 3; // seconds between a first unread message and its mail

async function signedIn(login) {
  const cl = new Client(srv.url);
  await cl.login(login);
  return cl;
}

async function createAccount(login, role) {
  const r = await c.admin.submit('/admin/personnes/nouvelle', '/admin/personnes',
    { given_name: login.replace('.', ' '), family_name: 'Test', login, password: 'demo', role });
  assert.equal(r.status, 303, r.text.slice(0, 400));
}

before(async () => {
  smtp = await smtpSink();
  srv = await startServer({ args: ['--smtp-url', smtp.url],
    env: { CARTABLE_MESSAGE_MAIL_DELAY: String(MAIL_DELAY) } });
  c.admin = await signedIn('admin');
  await createAccount('autre.eleve', 'learner');
  await createAccount('prof2', 'teacher');
  await createAccount('parent2', 'guardian');
  for (const login of ['admin', 'eleve', 'prof', 'parent', 'conseiller', 'autre.eleve', 'prof2', 'parent2', 'etudiant.univ', 'admin.univ']) {
    c[login] = await signedIn(login);
    tok[login] = await tokenFor(srv.url, login);
    id[login] = await accountId(srv.url, login);
  }
  const courses = (await api(srv.url, 'GET', '/api/v1/courses', { token: tok.eleve })).json.courses;
  id.maths = courses.find((x) => x.code === 'TLE-MATHS').id;
  id.philo = courses.find((x) => x.code === 'TLE-PHILO').id;
  id.hg = courses.find((x) => x.code === 'TLE-HG').id;
  // prof2 teaches philosophy, not mathematics
  const r = await c.admin.submit(`/admin/cours/${id.philo}/contenu`, `/admin/cours/${id.philo}/equipe`,
    { login: 'prof2', role: 'teacher' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
});
after(async () => {
  if (srv) await srv.stop();
  await smtp.close();
});

// A multipart body whose files all go in the repeatable field "file".
function multipartWithFiles(fields, files) {
  const mp = multipart(fields);
  const boundary = /boundary=(.*)$/.exec(mp.type)[1];
  const parts = files.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
    `filename="${f.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${f.data}\r\n`).join('');
  return { body: new Uint8Array(Buffer.concat([Buffer.from(parts), Buffer.from(mp.body)])), type: mp.type };
}

const threadOf = (location) => Number(/^\/messages\/(\d+)$/.exec(location)[1]);

async function startThread(who, fields, page = '/messages/nouveau') {
  return c[who].submit(page, '/messages', fields);
}

function unreadBadge(html) {
  const m = /href="\/messages"[^>]*>Messages <span class="badge">(\d+)/.exec(html);
  return m ? Number(m[1]) : 0;
}

const summaryMails = (addr) => smtp.messages.filter((m) => m.to.some((t) => t.includes(`<${addr}>`)) &&
  /Vous avez des messages non lus/.test(m.raw));

test('a learner writes to the teachers of a course they follow; the teacher sees it unread', async () => {
  const choose = await c.eleve.get('/messages/nouveau');
  assert.equal(choose.status, 200);
  assert.match(textOf(choose.text), /Mathématiques – Terminale \(spécialité\) Écrire à l'équipe pédagogique du cours/);
  const form = await c.eleve.get(`/messages/nouveau?cours=${id.maths}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /enctype=multipart\/form-data/);
  assert.match(form.text, /<label for="f-sujet">Sujet/);
  const r = await startThread('eleve', { cours: id.maths, sujet: 'Exercice 12 du livret',
    texte: 'Bonjour,\nje ne comprends pas la question 2.\nMerci' }, `/messages/nouveau?cours=${id.maths}`);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  id.t1 = threadOf(r.location);
  const page = await c.eleve.get(r.location);
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Votre message est envoyé/);
  assert.match(page.text, /<pre class="msg-body">Bonjour,\nje ne comprends pas la question 2.\nMerci<\/pre>/);
  assert.match(textOf(page.text), /Avec Karim Benali \(équipe pédagogique\)/);

  const list = await c.prof.get('/messages');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`<a href="/messages/${id.t1}">Exercice 12 du livret</a>`));
  assert.equal(unreadBadge(list.text), 1);
  const apiList = await api(srv.url, 'GET', '/api/v1/messages', { token: tok.prof });
  assert.equal(apiList.status, 200);
  assert.equal(apiList.json.unread, 1);
  const t = apiList.json.threads.find((x) => x.id === id.t1);
  assert.equal(t.unread, 1);
  assert.equal(t.course.id, id.maths);
  assert.equal(t.learner.id, id.eleve);
  assert.equal(t.submission_id, null);
  assert.deepEqual(t.participants.map((p) => [p.id, p.role]).sort(),
    [[id.eleve, 'learner'], [id.prof, 'staff']].sort());
});

test('the teacher answers; reading marks the thread read; the learner sees the reply', async () => {
  const page = await c.prof.get(`/messages/${id.t1}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<span class="tag">nouveau<\/span>/);
  assert.equal((await api(srv.url, 'GET', '/api/v1/messages', { token: tok.prof })).json.unread, 0);
  const before = (await api(srv.url, 'GET', '/api/v1/messages', { token: tok.eleve })).json.unread;
  const r = await c.prof.submit(`/messages/${id.t1}`, `/messages/${id.t1}`,
    { texte: 'Bonjour Lina, relisez la définition page 4.' });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/messages/${id.t1}`);
  const home = await c.eleve.get('/messages');
  assert.equal(unreadBadge(home.text), before + 1);
  const t = await api(srv.url, 'GET', `/api/v1/messages/${id.t1}`, { token: tok.eleve });
  assert.equal(t.status, 200);
  assert.deepEqual(t.json.messages.map((m) => [m.author.id, m.unread]), [[id.eleve, false], [id.prof, true]]);
  assert.equal(t.json.messages[1].body, 'Bonjour Lina, relisez la définition page 4.');
  assert.equal((await api(srv.url, 'GET', '/api/v1/messages', { token: tok.eleve })).json.unread, before);
});

test('attachments of any type are stored, downloaded by participants only, never inline', async () => {
  const odt = Buffer.from('PK\x03\x04 pas vraiment un ODT, mais un document quelconque');
  const r = await submitMultipart(c.eleve, `/messages/${id.t1}`, `/messages/${id.t1}`,
    { texte: 'Voici ma copie et mon brouillon.', piece: { filename: 'copie.pdf', data: PDF, type: 'application/pdf' } });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const r2 = await submitMultipart(c.eleve, `/messages/${id.t1}`, `/messages/${id.t1}`,
    { texte: 'Et le brouillon.', piece: { filename: '../../brouillon<1>.odt', data: odt } });
  assert.equal(r2.status, 303);
  const page = await c.prof.get(`/messages/${id.t1}`);
  const links = [...page.text.matchAll(/<a href="(\/messages\/\d+\/pieces\/\d+)" download>([^<]*)<\/a>/g)];
  assert.equal(links.length, 2, page.text);
  assert.equal(links[0][2], 'copie.pdf');
  assert.equal(unescapeHtml(links[1][2]), 'brouillon<1>.odt'); // no path kept
  const pdf = await c.prof.get(links[0][1], { raw: true });
  assert.equal(pdf.status, 200);
  assert.deepEqual(Buffer.from(pdf.bytes), PDF);
  assert.match(pdf.headers.get('content-disposition'), /^attachment/);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const other = await c.prof.get(links[1][1], { raw: true });
  assert.equal(other.headers.get('content-type'), 'application/octet-stream');
  assert.match(other.headers.get('content-disposition'), /^attachment/);
  // through the API too
  const t = await api(srv.url, 'GET', `/api/v1/messages/${id.t1}`, { token: tok.prof });
  const href = t.json.messages.find((m) => m.attachments.length && m.attachments[0].filename === 'copie.pdf').attachments[0].href;
  const viaApi = await fetch(srv.url + href, { headers: { authorization: `Bearer ${tok.prof}` } });
  assert.equal(viaApi.status, 200);
  assert.deepEqual(Buffer.from(await viaApi.arrayBuffer()), PDF);
  // nobody else
  for (const who of ['autre.eleve', 'parent', 'prof2', 'conseiller', 'admin', 'etudiant.univ']) {
    const x = await c[who].get(links[0][1]);
    assert.equal(x.status, 404, `${who} reads an attachment`);
    const y = await fetch(srv.url + href, { headers: { authorization: `Bearer ${tok[who]}` } });
    assert.equal(y.status, 404, `${who} reads an attachment through the API`);
  }
});

test('attachments over 10 MB, empty ones, and more than five are refused; nothing is added', async () => {
  const before = (await api(srv.url, 'GET', `/api/v1/messages/${id.t1}`, { token: tok.eleve })).json.messages.length;
  const big = Buffer.alloc(10 * 1024 * 1024 + 1, 65);
  const r = await submitMultipart(c.eleve, `/messages/${id.t1}`, `/messages/${id.t1}`,
    { texte: 'Trop gros', piece: { filename: 'video.mp4', data: big } });
  assert.equal(r.status, 413);
  assert.match(textOf(r.text), /Une pièce jointe ne dépasse pas 10 Mo/);
  assert.match(r.text, /Trop gros<\/textarea>/); // what was typed is kept
  const empty = await submitMultipart(c.eleve, `/messages/${id.t1}`, `/messages/${id.t1}`,
    { texte: 'Vide', piece: { filename: 'vide.pdf', data: Buffer.alloc(0) } });
  assert.equal(empty.status, 400);
  const six = multipartWithFiles({ thread_id: String(id.t1), body: 'Six fichiers' },
    [1, 2, 3, 4, 5, 6].map((i) => ({ filename: `f${i}.txt`, data: 'x' })));
  const r6 = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve, body: six.body,
    headers: { 'content-type': six.type } });
  assertJsonError(r6, 400, 'invalid');
  assert.match(r6.json.error.message, /5 fichiers au plus/);
  const after1 = (await api(srv.url, 'GET', `/api/v1/messages/${id.t1}`, { token: tok.eleve })).json.messages.length;
  assert.equal(after1, before);
});

test('a burst of messages makes one mail per recipient; accounts without e-mail get none', async () => {
  await sleep(MAIL_DELAY * 1000 + 4000); // let the mails of the tests above go
  const before = summaryMails('prof@example.org').length;
  const total = smtp.messages.length;
  for (let i = 1; i <= 3; i++) {
    const r = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve,
      json: { thread_id: id.t1, body: `Précision n° ${i}` } });
    assert.equal(r.status, 201, r.text);
  }
  const r = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve,
    json: { course_id: id.philo, subject: 'Dissertation', body: 'Puis-je rendre en retard ?' } });
  assert.equal(r.status, 201, r.text);
  await smtp.waitForMail(() => summaryMails('prof@example.org').length > before, (MAIL_DELAY + 8) * 1000);
  await sleep(MAIL_DELAY * 1000 + 1500);
  const mails = summaryMails('prof@example.org').slice(before);
  assert.equal(mails.length, 1, mails.map((m) => m.raw).join('\n----\n'));
  assert.match(mails[0].raw, /Exercice 12 du livret/);
  assert.match(mails[0].raw, /Dissertation/);
  assert.match(mails[0].raw, new RegExp(`/messages/${id.t1}`));
  // the teacher answers the learner, who has no address: nothing is mailed
  const sent = smtp.messages.length;
  assert.ok(sent >= total + 1);
  const a = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.prof,
    json: { thread_id: id.t1, body: 'Bien reçu.' } });
  assert.equal(a.status, 201);
  await sleep(MAIL_DELAY * 1000 + 2500);
  assert.equal(smtp.messages.filter((m) => /Vous avez des messages non lus/.test(m.raw)).length,
    smtp.messages.slice(0, sent).filter((m) => /Vous avez des messages non lus/.test(m.raw)).length);
});

test('a message read before its mail leaves is not mailed', async () => {
  const before = summaryMails('parent@example.org').length;
  const r = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.prof,
    json: { course_id: id.maths, learner_id: id.eleve, subject: 'Absence', body: 'Lina était absente.', copy_guardians: true } });
  assert.equal(r.status, 201, r.text);
  const read = await api(srv.url, 'GET', `/api/v1/messages/${r.json.thread_id}`, { token: tok.parent });
  assert.equal(read.status, 200);
  await sleep(MAIL_DELAY * 1000 + 2500);
  assert.equal(summaryMails('parent@example.org').length, before);
});

test('a guardian writes about their child; staff write to a learner and may copy the guardians', async () => {
  const choose = await c.parent.get('/messages/nouveau');
  assert.match(textOf(choose.text), /Écrire à l'équipe pédagogique au sujet de Lina Martin/);
  const r = await startThread('parent', { cours: id.maths, eleve: id.eleve, sujet: 'Rendez-vous',
    texte: 'Pouvons-nous parler des résultats de Lina ?' }, `/messages/nouveau?cours=${id.maths}&eleve=${id.eleve}`);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  id.tParent = threadOf(r.location);
  const seen = await api(srv.url, 'GET', `/api/v1/messages/${id.tParent}`, { token: tok.prof });
  assert.equal(seen.status, 200);
  assert.equal(seen.json.learner.id, id.eleve);
  assert.deepEqual(seen.json.participants.map((p) => p.role).sort(), ['guardian', 'staff']);
  // the child does not take part in their guardian's thread
  assert.equal((await c.eleve.get(`/messages/${id.tParent}`)).status, 404);

  const form = await c.prof.get(`/messages/nouveau?cours=${id.maths}`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`<option value="${id.eleve}"[^>]*>Lina Martin</option>`));
  const s = await startThread('prof', { cours: id.maths, eleve: id.eleve, responsables: '1',
    sujet: 'Classe virtuelle', texte: 'Lina, la classe de jeudi est maintenue.' }, `/messages/nouveau?cours=${id.maths}`);
  assert.equal(s.status, 303, s.text.slice(0, 400));
  id.tStaff = threadOf(s.location);
  for (const who of ['eleve', 'parent']) {
    const x = await c[who].get(`/messages/${id.tStaff}`);
    assert.equal(x.status, 200, who);
  }
  assert.equal((await c.parent2.get(`/messages/${id.tStaff}`)).status, 404);
});

test('nobody reads a thread they do not take part in: other learners, guardians, staff, tenants', async () => {
  for (const who of ['autre.eleve', 'parent2', 'prof2', 'conseiller', 'admin', 'etudiant.univ', 'admin.univ']) {
    const page = await c[who].get(`/messages/${id.t1}`);
    assert.equal(page.status, 404, `${who} reads the thread`);
    const list = await c[who].get('/messages');
    assert.ok(!list.text.includes(`/messages/${id.t1}"`), `${who} lists the thread`);
    const r = await api(srv.url, 'GET', `/api/v1/messages/${id.t1}`, { token: tok[who] });
    assertJsonError(r, 404, 'not_found');
    const reply = await c[who].submit('/messages', `/messages/${id.t1}`, { texte: 'Intrusion' });
    assert.equal(reply.status, 404, `${who} replies on the page`);
    const viaApi = await api(srv.url, 'POST', '/api/v1/messages', { token: tok[who], json: { thread_id: id.t1, body: 'Intrusion' } });
    assertJsonError(viaApi, 404);
  }
  const t = await api(srv.url, 'GET', `/api/v1/messages/${id.t1}`, { token: tok.eleve });
  assert.ok(!t.json.messages.some((m) => m.body === 'Intrusion'));
});

test('nobody writes outside the rules: 404', async () => {
  const cases = [
    ['eleve', { course_id: id.maths, learner_id: id['autre.eleve'] }, 'a learner about another learner'],
    ['autre.eleve', { course_id: id.maths }, 'a learner about a course they do not follow'],
    ['parent2', { course_id: id.maths, learner_id: id.eleve }, 'a guardian about another child'],
    ['prof2', { course_id: id.maths, learner_id: id.eleve }, 'staff of another course'],
    ['prof', { course_id: id.maths, learner_id: id['autre.eleve'] }, 'staff to a learner not in the course'],
    ['prof', { course_id: id.maths }, 'staff without a learner'],
    ['etudiant.univ', { course_id: id.maths }, 'another tenant'],
    ['admin.univ', { course_id: id.maths, learner_id: id.eleve }, 'another tenant\'s admin'],
    ['eleve', { course_id: 999999 }, 'a course that does not exist'],
  ];
  for (const [who, json, what] of cases) {
    const r = await api(srv.url, 'POST', '/api/v1/messages', { token: tok[who],
      json: { subject: 'Hors règles', body: 'Texte', ...json } });
    assertJsonError(r, 404);
    assert.ok(r.status === 404, what);
    const page = await c[who].submit('/messages', '/messages', { cours: json.course_id,
      eleve: json.learner_id || '', sujet: 'Hors règles', texte: 'Texte' });
    assert.equal(page.status, 404, `${what} (page)`);
  }
  assert.equal((await c.parent2.get(`/messages/nouveau?cours=${id.maths}&eleve=${id.eleve}`)).status, 404);
  assert.equal((await c.prof2.get(`/messages/nouveau?cours=${id.maths}`)).status, 404);
  assert.equal((await c['autre.eleve'].get(`/messages/nouveau?cours=${id.maths}`)).status, 404);
});

test('malformed input is refused with a clear message', async () => {
  const bad = [
    [{ course_id: id.maths, subject: '', body: 'x' }, /sujet/],
    [{ course_id: id.maths, subject: 'x'.repeat(201), body: 'x' }, /200 caractères/],
    [{ course_id: id.maths, subject: 'Sujet', body: '   ' }, /Écrivez votre message/],
    [{ course_id: id.maths, subject: 'Sujet', body: 'x'.repeat(10001) }, /10000 caractères/],
    [{ course_id: id.maths, subject: 'Sujet\u0007', body: 'x' }, /caractères/],
    [{ thread_id: 'abc', body: 'x' }, /entiers positifs/],
    [{ thread_id: -3, body: 'x' }, /entiers positifs/],
    [{ body: 'x' }, /thread_id/],
    [{ course_id: id.maths, subject: 'Sujet', body: 42 }, /Écrivez votre message/],
  ];
  for (const [json, msg] of bad) {
    const r = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve, json });
    assertJsonError(r, 400);
    assert.match(r.json.error.message, msg, JSON.stringify(json).slice(0, 80));
  }
  const noStaff = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve,
    json: { course_id: id.hg, subject: 'Sujet', body: 'x' } });
  assertJsonError(noStaff, 400, 'invalid');
  assert.match(noStaff.json.error.message, /pas encore d'équipe pédagogique/);
  const notJson = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve, body: '{"thread_id":',
    headers: { 'content-type': 'application/json' } });
  assertJsonError(notJson, 400);
  const arr = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve, json: [1, 2] });
  assertJsonError(arr, 400);
  const noToken = await api(srv.url, 'POST', '/api/v1/messages', { json: { thread_id: id.t1, body: 'x' } });
  assertJsonError(noToken, 401);
  const q = await api(srv.url, 'GET', '/api/v1/messages?limit=0', { token: tok.eleve });
  assertJsonError(q, 400);
  // on the page: the form comes back with the message and what was typed
  const p = await startThread('eleve', { cours: id.maths, sujet: '', texte: 'Mon texte' },
    `/messages/nouveau?cours=${id.maths}`);
  assert.equal(p.status, 400);
  assert.match(textOf(p.text), /Indiquez le sujet du message/);
  assert.match(p.text, /Mon texte<\/textarea>/);
  const e = await c.eleve.submit(`/messages/${id.t1}`, `/messages/${id.t1}`, { texte: '' });
  assert.equal(e.status, 400);
  assert.match(textOf(e.text), /Écrivez votre message/);
  assert.equal((await c.eleve.get('/messages/abc')).status, 404);
  assert.equal((await c.eleve.get('/messages/0')).status, 404);
});

test('forms need their CSRF token', async () => {
  const r = await c.eleve.post('/messages', { cours: id.maths, sujet: 'Sans jeton', texte: 'x' });
  assert.equal(r.status, 403);
  const r2 = await c.eleve.post(`/messages/${id.t1}`, { csrf: 'faux', texte: 'x' });
  assert.equal(r2.status, 403);
  const t = await api(srv.url, 'GET', '/api/v1/messages', { token: tok.eleve });
  assert.ok(!t.json.threads.some((x) => x.subject === 'Sans jeton'));
});

test('what people write is escaped everywhere', async () => {
  const r = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve,
    json: { course_id: id.philo, subject: XSS[0], body: XSS[1] } });
  assert.equal(r.status, 201, r.text);
  const list = await c.eleve.get('/messages');
  assertNoRawMarkup(list.text, 'the list');
  assert.match(list.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const page = await c.eleve.get(`/messages/${r.json.thread_id}`);
  assertNoRawMarkup(page.text, 'the thread');
});

test('the API lists threads with paging and reads a thread', async () => {
  const all = await api(srv.url, 'GET', '/api/v1/messages', { token: tok.eleve });
  assert.equal(all.status, 200);
  assert.ok(all.json.threads.length >= 4);
  const one = await api(srv.url, 'GET', '/api/v1/messages?limit=1&offset=1', { token: tok.eleve });
  assert.equal(one.json.threads.length, 1);
  assert.equal(one.json.threads[0].id, all.json.threads[1].id);
  // most recent activity first
  const times = all.json.threads.map((t) => t.last_message_at);
  assert.deepEqual([...times].sort().reverse(), times);
  // a thread about a homework copy keeps its id for the homework pages
  const s = await api(srv.url, 'POST', '/api/v1/messages', { token: tok.eleve,
    json: { course_id: id.maths, subject: 'Ma copie', body: 'Une question sur la correction.', submission_id: 4242 } });
  assert.equal(s.status, 201);
  const t = await api(srv.url, 'GET', `/api/v1/messages/${s.json.thread_id}`, { token: tok.prof });
  assert.equal(t.json.submission_id, 4242);
  const page = await c.prof.get(`/messages/${s.json.thread_id}`);
  assert.match(textOf(page.text), /À propos de la copie n° 4242/);
});
