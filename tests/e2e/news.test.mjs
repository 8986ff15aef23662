// News and forums: announcements for the organisation, a unit or a course,
// each seen by the right people only; the forum of each course, where
// learners start threads and reply, the staff hide posts (others then see
// "message masqué par l'équipe") and read what learners report. With every
// refusal: other courses, guardians, other tenants, bad input, CSRF, and
// Markdown that tries to run script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { textOf } from '../lib/client.mjs';
import { XSS, accountId, alerts, assertNoRawMarkup, unescapeHtml } from './support.mjs';
import { createAccount, demoCourses, enrolActive, signedIn } from './learning.mjs';

let srv, course;
const c = {}, id = {};

before(async () => {
  srv = await startServer();
  c.admin = await signedIn(srv.url, 'admin');
  await createAccount(c.admin, 'autre.eleve', 'learner');
  await createAccount(c.admin, 'camarade', 'learner');
  await createAccount(c.admin, 'prof2', 'teacher');
  for (const login of ['eleve', 'parent', 'prof', 'prof2', 'conseiller', 'autre.eleve', 'camarade', 'auteur', 'etudiant.univ', 'admin.univ'])
    c[login] = await signedIn(srv.url, login);
  course = await demoCourses(srv.url);
  await enrolActive(srv.url, c.conseiller, await accountId(srv.url, 'camarade'));
  const r = await c.admin.submit(`/admin/cours/${course['TLE-PHILO']}/contenu`, `/admin/cours/${course['TLE-PHILO']}/equipe`,
    { login: 'prof2', role: 'teacher' });
  assert.equal(r.status, 303);
});
after(async () => { await srv.stop(); });

const newsOf = (location) => Number(/^\/actualites\/(\d+)$/.exec(location)[1]);

async function publish(who, fields) {
  return c[who].submit('/actualites/nouvelle', '/actualites', fields);
}

async function targets(who) {
  const page = await c[who].get('/actualites/nouvelle');
  if (page.status !== 200) return page.status;
  return [...page.text.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], unescapeHtml(m[2])]);
}

test('admins publish for the organisation or a unit, course staff for their course', async () => {
  const adminTargets = await targets('admin');
  assert.equal(adminTargets[0][0], 'tenant');
  assert.ok(adminTargets.some(([v, l]) => v.startsWith('unit:') && l === 'Pôle Langues'));
  const profTargets = await targets('prof');
  assert.deepEqual(profTargets.map(([v]) => v).filter((v) => !v.startsWith('course:')), []);
  assert.ok(profTargets.some(([v]) => v === `course:${course['TLE-MATHS']}`));
  assert.equal(await targets('eleve'), 403);
  assert.equal(await targets('parent'), 403);

  const all = await publish('admin', { cible: 'tenant', titre: 'Rentrée des vacances', texte: 'Reprise des cours **lundi**.' });
  assert.equal(all.status, 303, all.text.slice(0, 400));
  id.all = newsOf(all.location);
  const langues = adminTargets.find(([, l]) => l === 'Pôle Langues')[0];
  const unit = await publish('admin', { cible: langues, titre: 'Séjour linguistique', texte: 'Inscriptions ouvertes.' });
  assert.equal(unit.status, 303);
  id.unit = newsOf(unit.location);
  const maths = await publish('prof', { cible: `course:${course['TLE-MATHS']}`, titre: 'Correction du devoir 1',
    texte: 'Le corrigé est en ligne.\n\n- exercice 1\n- exercice 2' });
  assert.equal(maths.status, 303);
  id.maths = newsOf(maths.location);
  const page = await c.eleve.get(`/actualites/${id.maths}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<li>exercice 1<\/li>/);
  assert.match(textOf(page.text), /Cours Mathématiques – Terminale \(spécialité\)/);
});

test('each person sees the news meant for them, and no other', async () => {
  const sees = async (who, news) => (await c[who].get(`/actualites/${news}`)).status === 200;
  const listed = async (who, news) => (await c[who].get('/actualites')).text.includes(`href="/actualites/${news}"`);
  for (const who of ['eleve', 'parent', 'prof', 'autre.eleve', 'camarade', 'auteur', 'conseiller']) {
    assert.ok(await sees(who, id.all), `${who} sees the organisation's news`);
    assert.ok(await listed(who, id.all), `${who} lists the organisation's news`);
  }
  for (const who of ['eleve', 'parent', 'prof', 'camarade', 'conseiller', 'admin']) {
    assert.ok(await sees(who, id.maths), `${who} sees the course news`);
    assert.ok(await listed(who, id.maths), `${who} lists the course news`);
  }
  for (const who of ['autre.eleve', 'prof2', 'auteur', 'etudiant.univ', 'admin.univ']) {
    assert.ok(!(await sees(who, id.maths)), `${who} sees the course news`);
    assert.ok(!(await listed(who, id.maths)), `${who} lists the course news`);
  }
  for (const who of ['eleve', 'parent', 'prof'])
    assert.ok(!(await sees(who, id.unit)), `${who} sees another unit's news`);
  assert.ok(await sees('admin', id.unit));
  for (const who of ['etudiant.univ', 'admin.univ']) {
    assert.equal((await c[who].get(`/actualites/${id.all}`)).status, 404, who);
    assert.ok(!(await listed(who, id.all)), who);
  }
});

test('publishing is refused elsewhere than one\'s targets, with bad input, or without CSRF', async () => {
  const other = await publish('prof2', { cible: `course:${course['TLE-MATHS']}`, titre: 'Intrus', texte: 'x' });
  assert.equal(other.status, 403);
  const tenant = await publish('prof', { cible: 'tenant', titre: 'Intrus', texte: 'x' });
  assert.equal(tenant.status, 403);
  assert.equal((await publish('eleve', { cible: 'tenant', titre: 'x', texte: 'x' })).status, 403);
  const univ = await publish('admin.univ', { cible: `course:${course['TLE-MATHS']}`, titre: 'x', texte: 'x' });
  assert.equal(univ.status, 403);
  for (const [fields, msg] of [[{ titre: '' }, /titre de l'annonce/], [{ titre: 'x'.repeat(201) }, /200 caractères/],
    [{ texte: '  ' }, /texte de l'annonce/]]) {
    const r = await publish('admin', { cible: 'tenant', titre: 'Titre', texte: 'Texte', ...fields });
    assert.equal(r.status, 400);
    assert.match(alerts(r.text)[0], msg);
  }
  assert.equal((await c.admin.post('/actualites', { cible: 'tenant', titre: 'Sans jeton', texte: 'x' })).status, 403);
  assert.ok(!(await c.eleve.get('/actualites')).text.includes('Sans jeton'));
});

test('Markdown of news cannot run script; titles are escaped', async () => {
  const r = await publish('admin', { cible: 'tenant', titre: XSS[0],
    texte: `${XSS[1]}\n\n<script>alert(2)</script>\n\n[lien](javascript:alert(3))` });
  assert.equal(r.status, 303);
  for (const path of ['/actualites', r.location]) {
    const p = await c.eleve.get(path);
    assertNoRawMarkup(p.text, path);
    assert.ok(!p.text.includes('<script>alert(2)'), path);
    assert.ok(!/href="javascript:/i.test(p.text), path);
  }
});

test('news are deleted by their author or an admin only', async () => {
  const del = (who, n) => c[who].submit(`/actualites/${n}`, `/actualites/${n}/supprimer`, {});
  assert.equal((await c.eleve.get(`/actualites/${id.maths}`)).text.includes('/supprimer'), false);
  assert.equal((await del('eleve', id.maths)).status, 404);
  assert.equal((await del('prof2', id.maths)).status, 404);
  assert.equal((await del('admin.univ', id.maths)).status, 404);
  assert.equal((await del('prof', id.maths)).status, 303);
  assert.equal((await c.eleve.get(`/actualites/${id.maths}`)).status, 404);
  assert.equal((await del('prof', id.all)).status, 404);
  assert.equal((await del('admin', id.all)).status, 303);
});

test('learners of a course open threads and reply in its forum; the author is notified', async () => {
  const list = await c.eleve.get('/forums');
  assert.match(textOf(list.text), /Mathématiques – Terminale \(spécialité\)/);
  const forum = `/forums/${course['TLE-MATHS']}`;
  const page = await c.eleve.get(forum);
  assert.equal(page.status, 200);
  assert.match(page.text, /<caption>/);
  const r = await c.eleve.submit(forum, `${forum}/sujets`, { titre: 'Exercice 5 : une piste ?', texte: 'Je bloque sur la **question b**.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  id.thread = Number(/\/sujets\/(\d+)$/.exec(r.location)[1]);
  const reply = await c.camarade.submit(r.location, r.location, { texte: 'Essaie une récurrence.' });
  assert.equal(reply.status, 303);
  assert.match(reply.location, /#message-\d+$/);
  const staff = await c.prof.submit(r.location, r.location, { texte: 'Oui, et pense à l\'initialisation.' });
  assert.equal(staff.status, 303);
  const thread = await c.eleve.get(r.location);
  assert.match(thread.text, /<strong>question b<\/strong>/);
  const t = textOf(thread.text);
  assert.ok(t.indexOf('Essaie une récurrence') < t.indexOf('pense à l\'initialisation'));
  const notes = await c.eleve.get('/notifications');
  assert.match(textOf(notes.text), /Nouvelle réponse à votre sujet « Exercice 5 : une piste \? »/);
  const listing = await c.prof.get(forum);
  assert.match(listing.text, new RegExp(`<a href="${forum}/sujets/${id.thread}">Exercice 5 : une piste \\?</a></td><td>[^<]*</td><td>3</td>`));
});

test('forums are closed to those outside the course: other learners, guardians, other staff, other tenants', async () => {
  const forum = `/forums/${course['TLE-MATHS']}`;
  for (const who of ['autre.eleve', 'parent', 'prof2', 'auteur', 'etudiant.univ', 'admin.univ']) {
    assert.equal((await c[who].get(forum)).status, 404, `${who} opens the forum`);
    assert.equal((await c[who].get(`${forum}/sujets/${id.thread}`)).status, 404, `${who} reads the thread`);
    const post = await c[who].submit('/forums', `${forum}/sujets/${id.thread}`, { texte: 'Intrus' });
    assert.equal(post.status, 404, `${who} replies`);
    const start = await c[who].submit('/forums', `${forum}/sujets`, { titre: 'Intrus', texte: 'Intrus' });
    assert.equal(start.status, 404, `${who} starts a thread`);
  }
  // a thread is read through its own course only
  assert.equal((await c.eleve.get(`/forums/${course['TLE-PHILO']}/sujets/${id.thread}`)).status, 404);
  for (const bad of ['abc', '0', '999999'])
    assert.equal((await c.eleve.get(`/forums/${bad}`)).status, 404);
  assert.ok(!(await c.eleve.get(`${forum}/sujets/${id.thread}`)).text.includes('Intrus'));
  const empty = await c.eleve.submit(forum, `${forum}/sujets/${id.thread}`, { texte: ' ' });
  assert.equal(empty.status, 400);
  assert.match(alerts(empty.text)[0], /Écrivez votre message/);
  const noTitle = await c.eleve.submit(forum, `${forum}/sujets`, { titre: '', texte: 'x' });
  assert.equal(noTitle.status, 400);
  assert.equal((await c.eleve.post(`${forum}/sujets`, { titre: 'Sans jeton', texte: 'x' })).status, 403);
});

test('learners report posts to the staff, who read the reports and hide posts', async () => {
  const forum = `/forums/${course['TLE-MATHS']}`;
  const url = `${forum}/sujets/${id.thread}`;
  const bad = await c.camarade.submit(url, url, { texte: 'Message déplacé à masquer.' });
  const post = Number(/#message-(\d+)$/.exec(bad.location)[1]);
  const page = await c.eleve.get(url);
  assert.match(page.text, new RegExp(`action="${forum}/messages/${post}/signaler"`));
  assert.ok(!page.text.includes('/masquer'), 'learners do not hide');
  // one cannot report one's own post, and reports once
  const own = await c.camarade.submit(url, `${forum}/messages/${post}/signaler`, { motif: 'x' });
  assert.equal(own.status, 400);
  const rep = await c.eleve.submit(url, `${forum}/messages/${post}/signaler`, { motif: 'Propos blessants' });
  assert.equal(rep.status, 303);
  const twice = await c.eleve.submit(url, `${forum}/messages/${post}/signaler`, { motif: 'encore' });
  assert.equal(twice.status, 409);
  assert.match(alerts(twice.text)[0], /déjà signalé/);
  assert.equal((await c.prof.submit(url, `${forum}/messages/${post}/signaler`, {})).status, 404);
  assert.equal((await c['autre.eleve'].submit('/forums', `${forum}/messages/${post}/signaler`, {})).status, 404);
  // the staff are told, and see the report
  assert.match(textOf((await c.prof.get('/notifications')).text), /Un message du forum « Mathématiques – Terminale \(spécialité\) » a été signalé/);
  const reports = await c.prof.get(`${forum}/signalements`);
  assert.equal(reports.status, 200);
  assert.match(textOf(reports.text), /Propos blessants/);
  assert.match(textOf(reports.text), /Lina Martin/);
  for (const who of ['eleve', 'camarade', 'prof2', 'parent', 'etudiant.univ'])
    assert.equal((await c[who].get(`${forum}/signalements`)).status, 404, who);
  // learners cannot hide
  assert.equal((await c.eleve.submit(url, `${forum}/messages/${post}/masquer`, { masquer: '1' })).status, 404);
  assert.equal((await c.prof2.submit('/forums', `${forum}/messages/${post}/masquer`, { masquer: '1' })).status, 404);
  // the teacher hides it: others see a placeholder, the staff the text
  const hide = await c.prof.submit(url, `${forum}/messages/${post}/masquer`, { masquer: '1' });
  assert.equal(hide.status, 303);
  for (const who of ['eleve', 'camarade']) {
    const p = await c[who].get(url);
    assert.ok(!p.text.includes('Message déplacé à masquer'), `${who} still reads the hidden text`);
    assert.match(textOf(p.text), /Message masqué par l'équipe/);
  }
  const staffView = await c.prof.get(url);
  assert.match(staffView.text, /Message déplacé à masquer/);
  assert.match(textOf(staffView.text), /Rendre visible de nouveau/);
  assert.match(textOf((await c.prof.get(`${forum}/signalements`)).text), /Aucun signalement à traiter/);
  // shown again
  assert.equal((await c.prof.submit(url, `${forum}/messages/${post}/masquer`, { masquer: '0' })).status, 303);
  assert.match((await c.eleve.get(url)).text, /Message déplacé à masquer/);
  // a report dismissed without hiding
  const other = await c.camarade.submit(url, url, { texte: 'Un autre message.' });
  const post2 = Number(/#message-(\d+)$/.exec(other.location)[1]);
  assert.equal((await c.eleve.submit(url, `${forum}/messages/${post2}/signaler`, {})).status, 303);
  const list = await c.prof.get(`${forum}/signalements`);
  const rid = /\/signalements\/(\d+)\/traiter/.exec(list.text)[1];
  assert.equal((await c.camarade.submit(url, `${forum}/signalements/${rid}/traiter`, {})).status, 404);
  assert.equal((await c.prof.submit(`${forum}/signalements`, `${forum}/signalements/${rid}/traiter`, {})).status, 303);
  assert.match(textOf((await c.prof.get(`${forum}/signalements`)).text), /Aucun signalement à traiter/);
});

test('forum posts are Markdown without script', async () => {
  const forum = `/forums/${course['TLE-MATHS']}`;
  const r = await c.eleve.submit(forum, `${forum}/sujets`, { titre: XSS[0], texte: `${XSS[1]}\n\n<script>alert(2)</script>` });
  assert.equal(r.status, 303);
  for (const path of [forum, r.location]) {
    const p = await c.camarade.get(path);
    assertNoRawMarkup(p.text, path);
    assert.ok(!p.text.includes('<script>alert(2)'));
  }
});
