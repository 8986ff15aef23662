// Correction, as teachers and advisors do it and as people probe it: each
// copy allocated to the course's teacher with the fewest copies waiting,
// the queue oldest first, starting, correcting with an annotated file, a
// grade and feedback, returning (learner and guardians notified, grade in
// the gradebook), reassigning, the turnaround report, and every refusal:
// another learner's copy, a teacher of another course, a guardian of
// another child, another tenant, wrong roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { textOf } from '../lib/client.mjs';
import { XSS, alerts, api, assertNoRawMarkup, submitMultipart, tokenFor } from './support.mjs';
import {
  addStaff, configure, correctApi, demoAssignments, file, handInApi, newHomework, newLearner,
  newTeacher, pdf, sha256, signedIn,
} from './homework_support.mjs';

let srv, admin, prof, eleve, parent, conseiller, conseillerToken, hw, course = {}, eleveId;
before(async () => {
  srv = await startServer();
  admin = await signedIn(srv, 'admin');
  prof = await signedIn(srv, 'prof');
  eleve = await signedIn(srv, 'eleve');
  parent = await signedIn(srv, 'parent');
  conseiller = await signedIn(srv, 'conseiller');
  conseillerToken = conseiller.tokenValue;
  hw = await demoAssignments(srv, eleve.tokenValue);
  const courses = await api(srv.url, 'GET', '/api/v1/courses', { token: eleve.tokenValue });
  for (const c of courses.json.courses) course[c.code] = c.id;
  eleveId = (await api(srv.url, 'GET', '/api/v1/me', { token: eleve.tokenValue })).json.id;
});
after(async () => { await srv.stop(); });

const queue = async (token, query = '') => {
  const r = await api(srv.url, 'GET', `/api/v1/corrections${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('each copy goes to the teacher of its course with the fewest copies waiting', async () => {
  const a = await newTeacher(srv, admin, 'hw.prof.a', 'Anne');
  const b = await newTeacher(srv, admin, 'hw.prof.b', 'Bruno');
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Carte des flux');
  await addStaff(admin, course['TLE-HG'], 'hw.prof.a');
  await addStaff(admin, course['TLE-HG'], 'hw.prof.b');
  await addStaff(admin, course['TLE-HG'], 'conseiller', 'advisor'); // staff, but corrects nothing
  const learners = [];
  for (let i = 0; i < 5; i++) learners.push(await newLearner(srv, admin, conseillerToken, `hw.alloc${i}`));
  for (const l of learners) {
    const qa = (await queue(a.tokenValue)).pending, qb = (await queue(b.tokenValue)).pending;
    const expected = qa < qb || (qa === qb && a.id < b.id) ? a : b;
    const r = await handInApi(srv, l.tokenValue, id, { file: file('carte.pdf', pdf(), 'application/pdf') });
    assert.equal(r.status, 201, r.text);
    const s = await api(srv.url, 'GET', `/api/v1/submissions/${r.json.id}`, { token: l.tokenValue });
    assert.equal(s.json.teacher.id, expected.id, `copy of ${l.id} allocated to the least loaded`);
  }
  const qa = await queue(a.tokenValue), qb = await queue(b.tokenValue);
  assert.equal(qa.pending + qb.pending, 5);
  assert.ok(Math.abs(qa.pending - qb.pending) <= 1, 'the load is balanced');
  // a replacement keeps its teacher
  const l0 = learners[0];
  const before1 = (await api(srv.url, 'GET', '/api/v1/assignments', { token: l0.tokenValue })).json.assignments.find((x) => x.id === id);
  const again = await handInApi(srv, l0.tokenValue, id, { file: file('carte2.pdf', pdf(), 'application/pdf') });
  assert.equal(again.json.id, before1.submission.id);
  assert.equal(again.json.version, 2);
  assert.equal((await queue(a.tokenValue)).pending + (await queue(b.tokenValue)).pending, 5);
});

test("a teacher's queue is oldest first, on the page and in the API", async () => {
  const learners = [];
  for (let i = 0; i < 3; i++) learners.push(await newLearner(srv, admin, conseillerToken, `hw.queue${i}`));
  const ids = [];
  for (const l of learners) {
    const r = await handInApi(srv, l.tokenValue, hw.maths.id, { file: file('suites.pdf', pdf(), 'application/pdf') });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
    await new Promise((ok) => setTimeout(ok, 1100)); // distinct seconds
  }
  const q = await queue(prof.tokenValue);
  const times = q.corrections.map((c) => Date.parse(c.submitted_at));
  assert.deepEqual(times, [...times].sort((x, y) => x - y));
  const order = q.corrections.map((c) => c.id).filter((id) => ids.includes(id));
  assert.deepEqual(order, ids);
  assert.ok(q.pending >= 3);
  assert.equal(q.oldest_at, q.corrections[0].submitted_at);
  const page = await prof.get('/corrections');
  assert.equal(page.status, 200);
  const onPage = [...page.text.matchAll(/href="\/corrections\/(\d+)"/g)].map((m) => Number(m[1])).filter((id) => ids.includes(id));
  assert.deepEqual(onPage, ids);
  assert.match(textOf(page.text), /copie\(s\) en attente ; la plus ancienne a été déposée le/);
  // paging the API
  const first = await queue(prof.tokenValue, '?limit=1');
  const second = await queue(prof.tokenValue, '?limit=1&offset=1');
  assert.equal(first.corrections.length, 1);
  assert.notEqual(first.corrections[0].id, second.corrections[0].id);
  assert.equal((await api(srv.url, 'GET', '/api/v1/corrections?limit=0', { token: prof.tokenValue })).status, 400);
});

test('a teacher corrects with an annotated file, feedback and a grade; learner and guardian are told', async () => {
  const r = await handInApi(srv, eleve.tokenValue, hw.maths.id, { file: file('suites.pdf', pdf(), 'application/pdf') });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const page = await prof.get(`/corrections/${id}`);
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Commencer la correction/);
  // refusals first: no grade to return, a grade above the maximum, a lying file
  const noGrade = await submitMultipart(prof, `/corrections/${id}`, `/corrections/${id}`, { feedback: 'Bien', action: 'return' });
  assert.equal(noGrade.status, 400);
  assert.match(alerts(noGrade.text).join(' '), /Donnez une note pour rendre la copie/);
  const tooHigh = await submitMultipart(prof, `/corrections/${id}`, `/corrections/${id}`, { grade: '21', action: 'return' });
  assert.equal(tooHigh.status, 400);
  assert.match(alerts(tooHigh.text).join(' '), /entre 0 et 20/);
  const lying = await submitMultipart(prof, `/corrections/${id}`, `/corrections/${id}`,
    { grade: '12', action: 'return', file: file('annotee.pdf', Buffer.from('pas un pdf'), 'application/pdf') });
  assert.equal(lying.status, 400);
  // a draft: saved, the learner sees nothing yet
  const draft = await submitMultipart(prof, `/corrections/${id}`, `/corrections/${id}`, { grade: '13', feedback: 'Brouillon', action: 'draft' });
  assert.equal(draft.status, 303);
  let mine = await api(srv.url, 'GET', `/api/v1/submissions/${id}`, { token: eleve.tokenValue });
  assert.equal(mine.json.status, 'correcting');
  assert.equal(mine.json.correction, null);
  const early = await eleve.get(`/copies/${id}`);
  assert.ok(!textOf(early.text).includes('Brouillon'), 'a draft stays with the teacher');
  assert.equal((await eleve.get(`/copies/${id}/corrige`)).status, 404);
  // returned
  const annotated = pdf('annotée');
  const feedback = `Très bon travail.\n\n- rigueur\n- ${XSS[0]} ${XSS[1]}`;
  const done = await submitMultipart(prof, `/corrections/${id}`, `/corrections/${id}`,
    { grade: '14,5', feedback, action: 'return', file: file('annotee.pdf', annotated, 'application/pdf') });
  assert.equal(done.status, 303, done.text.slice(0, 500));
  mine = await api(srv.url, 'GET', `/api/v1/submissions/${id}`, { token: eleve.tokenValue });
  assert.equal(mine.json.status, 'returned');
  assert.equal(mine.json.correction.grade_hundredths, 1450);
  assert.equal(mine.json.correction.max_grade_hundredths, 2000);
  assert.equal(mine.json.correction.feedback_md, feedback);
  assert.ok(mine.json.correction.turnaround_seconds >= 0);
  for (const who of [eleve, parent]) {
    const copy = await who.get(`/copies/${id}`);
    assert.equal(copy.status, 200);
    const t = textOf(copy.text);
    assert.match(t, /Note 14,5 \/ 20/);
    assert.match(t, /Très bon travail/);
    assertNoRawMarkup(copy.text, '/copies');
    const f = await who.get(`/copies/${id}/corrige`, { raw: true });
    assert.equal(f.status, 200);
    assert.equal(sha256(Buffer.from(f.bytes)), sha256(annotated));
    const notes = await api(srv.url, 'GET', '/api/v1/notifications', { token: who.tokenValue });
    assert.ok(notes.json.notifications.some((n) => n.kind === 'homework.returned' && n.link === `/copies/${id}`),
      JSON.stringify(notes.json));
  }
  const api2 = await api(srv.url, 'GET', `/api/v1/submissions/${id}/annotated`, { token: eleve.tokenValue });
  assert.equal(api2.status, 200);
  // the grade is in the gradebook, and the copy left the queue
  const grades = await api(srv.url, 'GET', '/api/v1/grades', { token: eleve.tokenValue });
  const maths = grades.json.courses.find((c) => c.id === course['TLE-MATHS']);
  assert.ok(maths.grades.some((g) => g.grade_hundredths === 1450 && g.link === `/copies/${id}`), JSON.stringify(maths));
  assert.ok(!(await queue(prof.tokenValue)).corrections.some((c) => c.id === id));
  // no second return, and no more replacing
  const twice = await submitMultipart(prof, `/corrections/${id}`, `/corrections/${id}`, { grade: '15', action: 'return' });
  assert.equal(twice.status, 409);
  const replace = await handInApi(srv, eleve.tokenValue, hw.maths.id, { file: file('v2.pdf', pdf(), 'application/pdf') });
  assert.equal(replace.status, 409);
});

test('the correction API: draft, return, and its refusals', async () => {
  const l = await newLearner(srv, admin, conseillerToken, 'hw.api');
  const r = await handInApi(srv, l.tokenValue, hw.maths.id, { text: 'x', file: file('c.pdf', pdf(), 'application/pdf') });
  assert.equal(r.status, 400, 'this assignment takes files only');
  const ok = await handInApi(srv, l.tokenValue, hw.maths.id, { file: file('c.pdf', pdf(), 'application/pdf') });
  const id = ok.json.id;
  assert.equal((await correctApi(srv, eleve.tokenValue, id, { grade: '10' })).status, 403, 'learners do not correct');
  assert.equal((await correctApi(srv, conseillerToken, id, { grade: '10' })).status, 403, 'advisors reassign, they do not correct');
  const bad = await correctApi(srv, prof.tokenValue, id, { grade: '10,555' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid');
  const draft = await correctApi(srv, prof.tokenValue, id, { grade: '9', draft: '1' });
  assert.equal(draft.status, 200, draft.text);
  assert.equal(draft.json.status, 'correcting');
  const back = await correctApi(srv, prof.tokenValue, id, { grade: '9,75', feedback: 'Revoir la récurrence.' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.correction.grade_hundredths, 975);
  assert.equal((await correctApi(srv, prof.tokenValue, id, { grade: '10' })).status, 409);
  assert.equal((await correctApi(srv, prof.tokenValue, 999999, { grade: '10' })).status, 404);
});

test('advisors reassign a copy to another teacher of its course, who is told', async () => {
  const c = await newTeacher(srv, admin, 'hw.prof.c', 'Chloé');
  await addStaff(admin, course['TLE-MATHS'], 'hw.prof.c');
  const l = await newLearner(srv, admin, conseillerToken, 'hw.reassign');
  const r = await handInApi(srv, l.tokenValue, hw.maths.id, { file: file('c.pdf', pdf(), 'application/pdf') });
  const id = r.json.id;
  const teacherId = (await api(srv.url, 'GET', `/api/v1/submissions/${id}`, { token: l.tokenValue })).json.teacher.id;
  const other = teacherId === c.id ? prof : c;
  const otherId = other === c ? c.id : (await api(srv.url, 'GET', '/api/v1/me', { token: prof.tokenValue })).json.id;
  const holder = other === c ? prof : c;
  // the teacher not holding it sees it but may not correct it
  assert.equal((await other.get(`/corrections/${id}`)).status, 200);
  assert.equal((await correctApi(srv, other.tokenValue, id, { grade: '10' })).status, 403);
  // only advisors and admins reassign, and only to a teacher of the course
  assert.equal((await holder.submit(`/corrections/${id}`, `/corrections/${id}/attribuer`, { teacher_id: String(otherId) })).status, 403);
  const wrong = await conseiller.submit(`/corrections/${id}`, `/corrections/${id}/attribuer`, { teacher_id: String(eleveId) });
  assert.equal(wrong.status, 400);
  assert.match(alerts(wrong.text).join(' '), /enseignant de ce cours/);
  const moved = await conseiller.submit(`/corrections/${id}`, `/corrections/${id}/attribuer`, { teacher_id: String(otherId) });
  assert.equal(moved.status, 303);
  assert.ok((await queue(other.tokenValue)).corrections.some((x) => x.id === id));
  assert.ok(!(await queue(holder.tokenValue)).corrections.some((x) => x.id === id));
  const notes = await api(srv.url, 'GET', '/api/v1/notifications', { token: other.tokenValue });
  assert.ok(notes.json.notifications.some((n) => n.kind === 'homework.allocated' && n.link === `/corrections/${id}`));
  assert.equal((await correctApi(srv, holder.tokenValue, id, { grade: '10' })).status, 403);
  assert.equal((await correctApi(srv, other.tokenValue, id, { grade: '10' })).status, 200);
  // advisors see anyone's queue; teachers only their own
  assert.equal((await api(srv.url, 'GET', `/api/v1/corrections?teacher_id=${otherId}`, { token: conseillerToken })).status, 200);
  assert.equal((await api(srv.url, 'GET', `/api/v1/corrections?teacher_id=${otherId}`, { token: holder.tokenValue })).status, 403);
  const advisorPage = await conseiller.get(`/corrections?prof=${otherId}`);
  assert.equal(advisorPage.status, 200);
});

test('nobody reaches a copy that is not theirs: other learners, other courses, other families, other tenants', async () => {
  const a = await newLearner(srv, admin, conseillerToken, 'hw.owner');
  const b = await newLearner(srv, admin, conseillerToken, 'hw.snoop');
  const r = await handInApi(srv, a.tokenValue, hw.maths.id, { file: file('secret.pdf', pdf(), 'application/pdf') });
  const id = r.json.id;
  const hgTeacher = await newTeacher(srv, admin, 'hw.prof.hg', 'Hugo');
  await addStaff(admin, course['TLE-HG'], 'hw.prof.hg');
  const univ = await signedIn(srv, 'etudiant.univ');
  const univAdmin = await signedIn(srv, 'admin.univ');
  for (const [who, label] of [[b, 'another learner'], [parent, "another child's guardian"],
    [hgTeacher, 'a teacher of another course'], [univ, 'a learner of another tenant'],
    [univAdmin, 'an admin of another tenant']]) {
    for (const path of [`/copies/${id}`, `/copies/${id}/fichier`]) {
      const p = await who.get(path);
      assert.equal(p.status, 404, `${label}: ${path}`);
    }
    const j = await api(srv.url, 'GET', `/api/v1/submissions/${id}`, { token: who.tokenValue });
    assert.equal(j.status, 404, `${label}: API`);
    assert.equal((await api(srv.url, 'GET', `/api/v1/submissions/${id}/file`, { token: who.tokenValue })).status, 404);
  }
  assert.equal((await hgTeacher.get(`/corrections/${id}`)).status, 404);
  assert.equal((await correctApi(srv, hgTeacher.tokenValue, id, { grade: '10' })).status, 404);
  assert.equal((await univAdmin.get(`/corrections/${id}`)).status, 404);
  // another learner's homework list and grades
  assert.equal((await b.get(`/devoirs?eleve=${a.id}`)).status, 404);
  assert.equal((await api(srv.url, 'GET', `/api/v1/assignments?learner_id=${a.id}`, { token: b.tokenValue })).status, 404);
  assert.equal((await api(srv.url, 'GET', `/api/v1/grades?learner_id=${a.id}`, { token: b.tokenValue })).status, 404);
  assert.equal((await parent.get(`/notes?eleve=${a.id}`)).status, 404);
  // the guardian does reach their own child's copies
  const own = await api(srv.url, 'GET', `/api/v1/assignments?learner_id=${eleveId}`, { token: parent.tokenValue });
  assert.equal(own.status, 200);
  const returned = own.json.assignments.find((x) => x.submission && x.status === 'returned');
  assert.ok(returned, 'the demo has a returned copy of eleve');
  assert.equal((await parent.get(`/copies/${returned.submission.id}`)).status, 200);
  // wrong roles
  assert.equal((await eleve.get('/corrections')).status, 403);
  assert.equal((await parent.get('/corrections/delais')).status, 403);
  assert.equal((await api(srv.url, 'GET', '/api/v1/corrections', { token: eleve.tokenValue })).status, 403);
  assert.equal((await submitMultipart(eleve, '/devoirs', `/corrections/${id}`, { grade: '20' })).status, 403);
  assert.equal((await eleve.get(`/devoirs/${hw.maths.id}/copies`)).status, 403);
  const ids = (s) => [...s.matchAll(/\/copies\/(\d+)/g)].map((m) => Number(m[1]));
  assert.ok(!ids((await b.get('/devoirs')).text).includes(id));
});

test('the turnaround report: pending, median and 90th percentile per course and teacher', async () => {
  const report = await conseiller.get('/corrections/delais?jours=30');
  assert.equal(report.status, 200);
  const t = textOf(report.text);
  assert.match(t, /Délais de correction/);
  assert.match(t, /Par cours/);
  assert.match(t, /Par enseignant/);
  assert.match(t, /Karim Benali/);
  assert.match(t, /Mathématiques – Terminale/);
  assert.match(t, /Copies en attente depuis plus de 3 jours/);
  assert.match(t, /Délai médian/);
  const m = /Rendues sur la période (\d+)/.exec(t);
  assert.ok(m && Number(m[1]) >= 2, t.slice(0, 800));
  const one = await conseiller.get(`/corrections/delais?jours=7&cours=${course['TLE-MATHS']}`);
  assert.equal(one.status, 200);
  assert.ok(!textOf(one.text).includes('Histoire-géographie'));
  // a teacher reads their own figures only
  const own = await prof.get('/corrections/delais');
  assert.equal(own.status, 200);
  assert.ok(!textOf(own.text).includes('Anne hw.prof.a'));
  for (const days of ['0', '-3', 'abc', '99999']) {
    assert.equal((await conseiller.get(`/corrections/delais?jours=${days}`)).status, 200);
  }
});

test('the copies of an assignment, for its teachers: who handed in, who did not', async () => {
  const page = await prof.get(`/devoirs/${hw.philo.id}/copies`);
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  assert.match(t, /Lina Martin/);
  assert.match(t, /14,5 \/ 20/);
  assert.match(t, /pas rendu/);
  const token = await tokenFor(srv.url, 'hw.prof.hg');
  assert.ok(token);
  const hg = await signedIn(srv, 'hw.prof.hg');
  assert.equal((await hg.get(`/devoirs/${hw.philo.id}/copies`)).status, 404);
});
