// Grades: a course's gradebook (learners × assignments) with weighted
// averages for its teachers, a learner's grades across courses for
// themselves and their guardians, CSV exports, the API, and refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { textOf } from '../lib/client.mjs';
import { api, parseCsv } from './support.mjs';
import {
  addStaff, configure, correctApi, file, handInApi, newHomework, newLearner, newTeacher, pdf, signedIn,
} from './homework_support.mjs';

let srv, admin, prof, eleve, parent, conseiller, course = {}, items = {}, learners = [];
before(async () => {
  srv = await startServer();
  admin = await signedIn(srv, 'admin');
  prof = await signedIn(srv, 'prof');
  eleve = await signedIn(srv, 'eleve');
  parent = await signedIn(srv, 'parent');
  conseiller = await signedIn(srv, 'conseiller');
  const courses = await api(srv.url, 'GET', '/api/v1/courses', { token: eleve.tokenValue });
  for (const c of courses.json.courses) course[c.code] = c.id;
  // physics: two assignments, coefficients 1 and 3, one marked /10
  await addStaff(admin, course['TLE-PC'], 'prof');
  items.tp = await newHomework(srv, admin, course['TLE-PC'], '=SOMME(1;2) TP');
  items.ds = await newHomework(srv, admin, course['TLE-PC'], 'Devoir surveillé');
  assert.equal((await configure(admin, items.tp, { max_grade: '10', weight: '1' })).status, 303);
  assert.equal((await configure(admin, items.ds, { max_grade: '20', weight: '3' })).status, 303);
  for (let i = 0; i < 2; i++) learners.push(await newLearner(srv, admin, conseiller.tokenValue, `hw.grade${i}`, 'Élève', `Nom${i}`));
  const grade = async (who, item, g) => {
    const r = await handInApi(srv, who.tokenValue, item, { file: file('c.pdf', pdf(), 'application/pdf') });
    assert.equal(r.status, 201, r.text);
    const c = await correctApi(srv, prof.tokenValue, r.json.id, { grade: g, feedback: 'ok' });
    assert.equal(c.status, 200, c.text);
  };
  await grade(learners[0], items.tp, '5');    // 10/20
  await grade(learners[0], items.ds, '16');   // coefficient 3
  await grade(learners[1], items.tp, '8,5');  // 17/20, nothing else yet
  await grade(eleve, items.ds, '12');
});
after(async () => { await srv.stop(); });

test("a course's gradebook: learners × assignments, weighted averages on /20", async () => {
  const page = await prof.get(`/notes/cours/${course['TLE-PC']}`);
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  assert.match(t, /Carnet de notes : Physique-chimie/);
  assert.match(t, /=SOMME\(1;2\) TP sur 10, coef\. 1/);
  assert.match(t, /Devoir surveillé sur 20, coef\. 3/);
  // (10 × 1 + 16 × 3) / 4 = 14,5 ; 17 alone ; 12 alone
  assert.match(t, /Nom0 Élève 5 16 14,5/);
  assert.match(t, /Nom1 Élève 8,5 — 17/);
  assert.match(t, /Martin Lina — 12 12/);
  const j = await api(srv.url, 'GET', `/api/v1/courses/${course['TLE-PC']}/grades`, { token: prof.tokenValue });
  assert.equal(j.status, 200, j.text);
  const row = j.json.learners.find((l) => l.login === 'hw.grade0');
  assert.equal(row.average_hundredths, 1450);
  assert.deepEqual(row.grades_hundredths, [500, 1600]);
  assert.equal(j.json.items[0].max_grade_hundredths, 1000);
  assert.equal(j.json.items[1].weight_hundredths, 300);
});

test('the gradebook exports to CSV, formulas neutralised', async () => {
  const r = await prof.get(`/notes/cours/${course['TLE-PC']}/export`, { raw: true });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="notes-TLE-PC.csv"/);
  const text = Buffer.from(r.bytes).toString('utf8');
  assert.ok(text.startsWith('\uFEFF'), 'a BOM, for spreadsheets');
  const rows = parseCsv(text.slice(1));
  assert.deepEqual(rows[0].slice(0, 3), ['Nom', 'Prénom', 'Identifiant']);
  assert.equal(rows[0][3], "'=SOMME(1;2) TP (sur 10, coef. 1)", 'a formula-like title is neutralised');
  const nom0 = rows.find((x) => x[2] === 'hw.grade0');
  assert.deepEqual(nom0.slice(3), ['5', '16', '14,5']);
  const mine = await eleve.get('/notes/export');
  assert.equal(mine.status, 200);
  const lines = parseCsv(mine.text.replace(/^\uFEFF/, ''));
  assert.deepEqual(lines[0], ['Cours', 'Évaluation', 'Note', 'Sur', 'Coefficient', 'Date']);
  assert.ok(lines.some((l) => l[1] === 'Devoir surveillé' && l[2] === '12' && l[4] === '3'));
});

test('learners and guardians see grades across courses; others do not', async () => {
  const mine = await eleve.get('/notes');
  assert.equal(mine.status, 200);
  const t = textOf(mine.text);
  assert.match(t, /Physique-chimie – Terminale \(spécialité\) — moyenne 12 \/ 20/);
  assert.match(t, /Philosophie – Terminale — moyenne 14,5 \/ 20/);
  assert.match(t, /Moyenne générale : 13,25 \/ 20/);
  const child = await parent.get('/notes');
  assert.match(textOf(child.text), /Lina Martin/);
  assert.match(textOf(child.text), /Devoir surveillé/);
  const j = await api(srv.url, 'GET', '/api/v1/grades', { token: eleve.tokenValue });
  assert.equal(j.status, 200);
  assert.equal(j.json.average_hundredths, 1325);
  const eleveId = j.json.learner_id;
  assert.equal((await api(srv.url, 'GET', `/api/v1/grades?learner_id=${eleveId}`, { token: parent.tokenValue })).status, 200);
  // refusals
  const other = learners[0];
  assert.equal((await other.get(`/notes?eleve=${eleveId}`)).status, 404);
  assert.equal((await other.get(`/notes/export?eleve=${eleveId}`)).status, 404);
  assert.equal((await api(srv.url, 'GET', `/api/v1/grades?learner_id=${eleveId}`, { token: other.tokenValue })).status, 404);
  assert.equal((await eleve.get(`/notes/cours/${course['TLE-PC']}`)).status, 403);
  assert.equal((await parent.get(`/notes/cours/${course['TLE-PC']}/export`)).status, 403);
  const stranger = await newTeacher(srv, admin, 'hw.prof.none', 'Nadia');
  assert.equal((await stranger.get(`/notes/cours/${course['TLE-PC']}`)).status, 404);
  assert.equal((await api(srv.url, 'GET', `/api/v1/courses/${course['TLE-PC']}/grades`, { token: stranger.tokenValue })).status, 404);
  assert.equal((await api(srv.url, 'GET', `/api/v1/grades?learner_id=${eleveId}`, { token: stranger.tokenValue })).status, 404);
  const univ = await signedIn(srv, 'admin.univ');
  assert.equal((await univ.get(`/notes/cours/${course['TLE-PC']}`)).status, 404);
  assert.equal((await univ.get(`/notes?eleve=${eleveId}`)).status, 404);
  // a teacher looking at a learner sees the courses they teach only
  const byProf = await api(srv.url, 'GET', `/api/v1/grades?learner_id=${eleveId}`, { token: prof.tokenValue });
  assert.equal(byProf.status, 200);
  assert.ok(!byProf.json.courses.some((c) => c.id === course['TLE-HG']));
  // the advisor sees everyone's
  assert.equal((await conseiller.get(`/notes/cours/${course['TLE-PC']}`)).status, 200);
});

test('changing an assignment\'s weight changes the averages', async () => {
  assert.equal((await configure(admin, items.ds, { max_grade: '20', weight: '1' })).status, 303);
  const j = await api(srv.url, 'GET', `/api/v1/courses/${course['TLE-PC']}/grades`, { token: prof.tokenValue });
  const row = j.json.learners.find((l) => l.login === 'hw.grade0');
  assert.equal(row.average_hundredths, 1300); // (10 + 16) / 2
});
