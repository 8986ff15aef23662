// Courses as learners, guardians, teachers and authors use them: the
// outline and progress, what to do next, marking items done, the author's
// editor, files, copying a course for the next year, the course team, and
// every refusal (other learners, other tenants, unpublished items, roles).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, tokenFor, accountId, assertJsonError, submitMultipart, XSS, assertNoRawMarkup } from './support.mjs';

let srv, maths, philo, eleveId;

before(async () => {
  srv = await startServer();
  const token = await tokenFor(srv.url, 'eleve');
  const r = await api(srv.url, 'GET', '/api/v1/courses', { token });
  assert.equal(r.status, 200, r.text);
  maths = r.json.courses.find((c) => c.code === 'TLE-MATHS');
  philo = r.json.courses.find((c) => c.code === 'TLE-PHILO');
  assert.ok(maths && philo, r.text);
  eleveId = await accountId(srv.url, 'eleve');
});
after(async () => { await srv.stop(); });

async function signedIn(login) {
  const c = new Client(srv.url);
  await c.login(login);
  return c;
}

test('a learner sees their courses, the outline, and what to do next', async () => {
  const c = await signedIn('eleve');
  const list = await c.get('/mes-cours');
  assert.equal(list.status, 200);
  assert.match(textOf(list.text), /Mathématiques – Terminale/);
  const page = await c.get(`/mes-cours/${maths.id}`);
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  assert.match(t, /Chapitre 1 — Suites et limites/);
  assert.match(t, /À faire ensuite : Rappels sur les suites/);
  assert.match(t, /0 élément\(s\) fait\(s\) sur 5/);
});

test('marking an item done moves the progress and the next item, on pages and in the API', async () => {
  const c = await signedIn('eleve');
  const token = await tokenFor(srv.url, 'eleve');
  const course = (await api(srv.url, 'GET', `/api/v1/courses/${maths.id}`, { token })).json;
  const first = course.sections[0].items[0];
  assert.equal(course.next_item_id, first.id);
  const item = await c.get(`/mes-cours/${maths.id}/elements/${first.id}`);
  assert.equal(item.status, 200);
  assert.match(item.text, /<h2>Ce qu'il faut retenir<\/h2>/); // Markdown rendered
  const done = await c.submit(`/mes-cours/${maths.id}/elements/${first.id}`,
    `/mes-cours/${maths.id}/elements/${first.id}/fait`, { done: '1' });
  assert.equal(done.status, 303);
  const again = await c.submit(`/mes-cours/${maths.id}/elements/${first.id}`,
    `/mes-cours/${maths.id}/elements/${first.id}/fait`, { done: '1' }); // twice: still one mark
  assert.equal(again.status, 303);
  const after1 = (await api(srv.url, 'GET', `/api/v1/courses/${maths.id}`, { token })).json;
  assert.equal(after1.done, 1);
  assert.notEqual(after1.next_item_id, first.id);
  assert.ok(after1.sections[0].items[0].done_at);
  const dash = await c.get('/');
  assert.match(textOf(dash.text), /1 sur 5/);
  // undo
  await c.submit(`/mes-cours/${maths.id}/elements/${first.id}`,
    `/mes-cours/${maths.id}/elements/${first.id}/fait`, { done: '0' });
  const after2 = (await api(srv.url, 'GET', `/api/v1/courses/${maths.id}`, { token })).json;
  assert.equal(after2.done, 0);
});

test('a guardian sees the child\'s progress but cannot mark anything', async () => {
  const c = await signedIn('parent');
  const mine = await c.get('/mes-cours');
  assert.match(textOf(mine.text), /Lina Martin/);
  const page = await c.get(`/mes-cours/${maths.id}?eleve=${eleveId}`);
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Progression de Lina Martin/);
  const token = await tokenFor(srv.url, 'parent');
  const r = await api(srv.url, 'GET', `/api/v1/courses/${maths.id}?learner_id=${eleveId}`, { token });
  assert.equal(r.status, 200);
  const own = await api(srv.url, 'GET', `/api/v1/courses/${maths.id}`, { token });
  assertJsonError(own, 404, 'not_found'); // a guardian does not follow the course themself
  const item = r.json.sections[0].items[0].id;
  const mark = await c.submit('/', `/mes-cours/${maths.id}/elements/${item}/fait`, { done: '1' });
  assert.equal(mark.status, 403);
});

test('nobody else sees a course: other learners, other tenants, unknown ids, anonymous', async () => {
  const anon = new Client(srv.url);
  const r0 = await anon.get(`/mes-cours/${maths.id}`);
  assert.equal(r0.status, 303);
  assert.match(r0.location, /^\/connexion\?suite=/);
  for (const login of ['etudiant.univ', 'admin.univ', 'compta', 'etablissement']) {
    const c = await signedIn(login);
    assert.equal((await c.get(`/mes-cours/${maths.id}`)).status, 404, login);
    const token = await tokenFor(srv.url, login);
    assertJsonError(await api(srv.url, 'GET', `/api/v1/courses/${maths.id}`, { token }), 404, 'not_found');
  }
  const univ = await tokenFor(srv.url, 'etudiant.univ');
  assertJsonError(await api(srv.url, 'GET', `/api/v1/courses/${maths.id}?learner_id=${eleveId}`, { token: univ }), 404);
  assertJsonError(await api(srv.url, 'GET', '/api/v1/courses?learner_id=abc', { token: univ }), 400);
  const c = await signedIn('eleve');
  assert.equal((await c.get('/mes-cours/999999')).status, 404);
  assert.equal((await c.get(`/mes-cours/${maths.id}/elements/999999`)).status, 404);
  assert.equal((await c.get(`/mes-cours/${philo.id}/elements/1`)).status, 404); // item of another course
});

test('a teacher of the course sees it whole; the API lists the courses they teach', async () => {
  const token = await tokenFor(srv.url, 'prof');
  const r = await api(srv.url, 'GET', '/api/v1/courses', { token });
  assert.equal(r.status, 200);
  assert.ok(r.json.courses.some((c) => c.code === 'TLE-MATHS'));
  const c = await signedIn('prof');
  assert.equal((await c.get(`/mes-cours/${maths.id}`)).status, 200);
  assert.equal((await c.get(`/mes-cours/${maths.id}?eleve=${eleveId}`)).status, 200);
  assert.equal((await c.get(`/admin/cours/${maths.id}/contenu`)).status, 403); // teachers do not edit
});

test('an author builds a course: sections, items, order, publication, safe Markdown', async () => {
  const a = await signedIn('auteur');
  const editor = `/admin/cours/${philo.id}/contenu`;
  assert.equal((await a.get(editor)).status, 200);
  let r = await a.submit(editor, `/admin/cours/${philo.id}/parties`, { section_title: '' });
  assert.equal(r.status, 400);
  r = await a.submit(editor, `/admin/cours/${philo.id}/parties`, { section_title: 'Le temps' });
  assert.equal(r.status, 303);
  const page = await a.get(editor);
  const sid = Number(/\/admin\/cours\/parties\/(\d+)\/elements/.exec(page.text.slice(page.text.indexOf('Le temps')))[1]);
  r = await a.submit(editor, `/admin/cours/parties/${sid}/elements`, { kind: 'lesson', title: 'Bergson et la durée' });
  assert.equal(r.status, 303);
  const iid = Number(/\/admin\/cours\/elements\/(\d+)/.exec(r.location)[1]);
  r = await a.submit(editor, `/admin/cours/parties/${sid}/elements`, { kind: 'sondage', title: 'x' });
  assert.equal(r.status, 400);
  // a draft is invisible to the learner
  const eleve = await signedIn('eleve');
  assert.equal((await eleve.get(`/mes-cours/${philo.id}/elements/${iid}`)).status, 404);
  // publish with Markdown that tries raw HTML and a bad link
  r = await a.submit(`/admin/cours/elements/${iid}`, `/admin/cours/elements/${iid}`,
    { title: `Durée ${XSS[1]}`, body_md: `Texte ${XSS[0]} [x](javascript:alert(1))`, published: '1' });
  assert.equal(r.status, 303);
  const seen = await eleve.get(`/mes-cours/${philo.id}/elements/${iid}`);
  assert.equal(seen.status, 200);
  assertNoRawMarkup(seen.text, 'lesson');
  assert.ok(!seen.text.includes('javascript:'));
  r = await a.submit(`/admin/cours/elements/${iid}`, `/admin/cours/elements/${iid}`,
    { title: 'Lien', url: 'javascript:alert(1)', published: '1' });
  assert.equal(r.status, 400);
  // order: the new section goes up one place
  const before = (await a.get(editor)).text;
  assert.ok(before.indexOf('La conscience') < before.indexOf('Le temps'));
  r = await a.submit(editor, `/admin/cours/parties/${sid}/monter`, {});
  assert.equal(r.status, 303);
  const moved = (await a.get(editor)).text;
  assert.ok(moved.indexOf('Le temps') < moved.indexOf('La conscience'));
  // a section that holds items cannot be deleted
  r = await a.submit(editor, `/admin/cours/parties/${sid}/supprimer`, {});
  assert.equal(r.status, 409);
  // learners and teachers may not edit
  for (const login of ['eleve', 'prof', 'parent']) {
    const c = await signedIn(login);
    const x = await c.submit('/', `/admin/cours/elements/${iid}`, { title: 'pirate', published: '1' });
    assert.equal(x.status, 403, login);
  }
  // another tenant's author does not find the item
  const univ = await signedIn('admin.univ');
  assert.equal((await univ.get(`/admin/cours/elements/${iid}`)).status, 404);
  assert.equal((await univ.submit('/', `/admin/cours/elements/${iid}`, { title: 'x' })).status, 404);
});

test('a file resource is served by its content type; unknown content is only downloaded', async () => {
  const a = await signedIn('auteur');
  const editor = `/admin/cours/${philo.id}/contenu`;
  const page = await a.get(editor);
  const sid = Number(/\/admin\/cours\/parties\/(\d+)\/elements/.exec(page.text)[1]);
  let r = await a.submit(editor, `/admin/cours/parties/${sid}/elements`, { kind: 'file', title: 'Texte de Descartes' });
  const iid = Number(/\/admin\/cours\/elements\/(\d+)/.exec(r.location)[1]);
  r = await submitMultipart(a, `/admin/cours/elements/${iid}`, `/admin/cours/elements/${iid}/fichier`,
    { file: { filename: 'descartes.pdf', type: 'application/pdf', data: '%PDF-1.4\n% demo\n' } });
  assert.equal(r.status, 303, r.text);
  await a.submit(`/admin/cours/elements/${iid}`, `/admin/cours/elements/${iid}`, { title: 'Texte de Descartes', published: '1' });
  const eleve = await signedIn('eleve');
  const f = await eleve.get(`/mes-cours/${philo.id}/elements/${iid}/fichier`, { raw: true });
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(f.bytes).toString(), '%PDF-1.4\n% demo\n');
  // an HTML page dressed as a resource is never served as HTML
  r = await submitMultipart(a, `/admin/cours/elements/${iid}`, `/admin/cours/elements/${iid}/pieces`,
    { file: { filename: 'page.html', type: 'text/html', data: '<script>alert(1)</script>' } });
  assert.equal(r.status, 303);
  const itemPage = await eleve.get(`/mes-cours/${philo.id}/elements/${iid}`);
  const fid = /\/pieces\/(\d+)/.exec(itemPage.text)[1];
  const att = await eleve.get(`/mes-cours/${philo.id}/elements/${iid}/pieces/${fid}`, { raw: true });
  assert.equal(att.status, 200);
  assert.equal(att.headers.get('content-type'), 'application/octet-stream');
  assert.equal(att.headers.get('x-content-type-options'), 'nosniff');
  // no file chosen
  r = await submitMultipart(a, `/admin/cours/elements/${iid}`, `/admin/cours/elements/${iid}/fichier`, {});
  assert.equal(r.status, 400);
});

test('copying a course for the next school year keeps its content, unpublished', async () => {
  const a = await signedIn('auteur');
  const editor = `/admin/cours/${maths.id}/contenu`;
  let r = await a.submit(editor, `/admin/cours/${maths.id}/copier`, { year: '2027' });
  assert.equal(r.status, 400);
  r = await a.submit(editor, `/admin/cours/${maths.id}/copier`, { year: '2027-2028' });
  assert.equal(r.status, 303);
  const copy = Number(/\/admin\/cours\/(\d+)\/contenu/.exec(r.location)[1]);
  assert.notEqual(copy, maths.id);
  const page = textOf((await a.get(`/admin/cours/${copy}/contenu`)).text);
  assert.match(page, /Chapitre 2 — Fonction exponentielle/);
  assert.match(page, /2027-2028/);
  const eleve = await signedIn('eleve');
  assert.equal((await eleve.get(`/mes-cours/${copy}`)).status, 404); // nobody follows it yet
  const again = await a.submit(editor, `/admin/cours/${maths.id}/copier`, { year: '2027-2028' });
  assert.equal(again.status, 409); // the code is taken
});

test('admins decide who teaches a course', async () => {
  const admin = await signedIn('admin');
  const editor = `/admin/cours/${philo.id}/contenu`;
  let r = await admin.submit(editor, `/admin/cours/${philo.id}/equipe`, { login: 'eleve', role: 'teacher' });
  assert.equal(r.status, 400);
  r = await admin.submit(editor, `/admin/cours/${philo.id}/equipe`, { login: 'conseiller', role: 'advisor' });
  assert.equal(r.status, 303);
  assert.match(textOf((await admin.get(editor)).text), /Claire Dubois/);
  const auteur = await signedIn('auteur');
  r = await auteur.submit(editor, `/admin/cours/${philo.id}/equipe`, { login: 'prof', role: 'teacher' });
  assert.equal(r.status, 403);
});
