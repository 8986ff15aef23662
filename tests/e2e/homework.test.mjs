// Homework handed in, as learners do it and as people probe it: due dates
// moved by extra time, the receipt (date, time, SHA-256) of a copy stored
// before it is shown, files recognised by content (and names that lie),
// typed answers, the upload limit leaving nothing behind, a double click
// making one copy, replacing until correction starts, late-work rules, and
// who may hand in at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, alerts, multipart, submitMultipart, tokenFor } from './support.mjs';
import {
  DOCM, DOCX, GIF, JPEG, ODS, ODT, PNG, TEXT, configure, copyId, day, demoAssignments, file, handIn,
  handInApi, newHomework, newLearner, pdf, sha256, signedIn, storedFiles, tmpFiles, zip,
} from './homework_support.mjs';

let srv, admin, prof, eleve, parent, conseillerToken, hw, course = {};
before(async () => {
  srv = await startServer();
  admin = await signedIn(srv, 'admin');
  prof = await signedIn(srv, 'prof');
  eleve = await signedIn(srv, 'eleve');
  parent = await signedIn(srv, 'parent');
  conseillerToken = await tokenFor(srv.url, 'conseiller');
  hw = await demoAssignments(srv, eleve.tokenValue);
  const courses = await api(srv.url, 'GET', '/api/v1/courses', { token: eleve.tokenValue });
  for (const c of courses.json.courses) course[c.code] = c.id;
});
after(async () => { await srv.stop(); });

const assignmentOf = async (token, id) => {
  const r = await api(srv.url, 'GET', '/api/v1/assignments', { token });
  assert.equal(r.status, 200, r.text);
  return r.json.assignments.find((a) => a.id === id);
};

test("a learner's due date is moved by the extra time of their enrolment, and only theirs", async () => {
  const lea = await newLearner(srv, admin, conseillerToken, 'hw.lea');
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Croquis de synthèse');
  const r = await configure(admin, id, { opens: day(-10), due_date: day(10), due_time: '12:00' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const mine = await assignmentOf(eleve.tokenValue, id); // eleve has 33 % extra time
  const hers = await assignmentOf(lea.tokenValue, id);
  assert.equal(mine.extra_time_pct, 33);
  assert.equal(hers.extra_time_pct, 0);
  assert.equal(hers.due_at, hers.base_due_at);
  const base = Date.parse(mine.base_due_at) / 1000, opens = Date.parse(mine.opens_at) / 1000;
  assert.equal(Date.parse(mine.due_at) / 1000 - base, Math.floor((base - opens) * 33 / 100));
  const page = await eleve.get(`/devoirs/${id}`);
  assert.match(textOf(page.text), /temps majoré de 33 %/);
  const list = await eleve.get('/devoirs');
  assert.match(textOf(list.text), /Croquis de synthèse/);
  // the guardian sees the child's own due date too
  const child = await parent.get(`/devoirs/${id}?eleve=${(await api(srv.url, 'GET', '/api/v1/me', { token: eleve.tokenValue })).json.id}`);
  assert.equal(child.status, 200);
  assert.match(textOf(child.text), /temps majoré de 33 %/);
});

test('a PDF handed in gets a receipt with date, time and SHA-256, only once it is stored', async () => {
  const c = await newLearner(srv, admin, conseillerToken, 'hw.pdf');
  const doc = pdf();
  const before1 = storedFiles(srv.dir);
  const r = await handIn(c, hw.maths.id, { file: file('ma copie.pdf', doc, 'application/pdf') });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const id = copyId(r.location);
  const receipt = await c.get(r.location);
  assert.equal(receipt.status, 200);
  const t = textOf(receipt.text);
  assert.match(t, /Reçu de dépôt/);
  assert.match(t, /Déposée le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}:\d{2}/);
  assert.ok(t.includes(sha256(doc)), 'the receipt shows the SHA-256 of the file');
  assert.match(t, /Copie reçue le/); // the flash message
  const stored = storedFiles(srv.dir);
  assert.ok(stored.includes(sha256(doc)) && !before1.includes(sha256(doc)));
  assert.deepEqual(tmpFiles(srv.dir), []);
  const back = await c.get(`/copies/${id}/fichier`, { raw: true });
  assert.equal(back.status, 200);
  assert.equal(back.headers.get('content-type'), 'application/pdf');
  assert.equal(sha256(Buffer.from(back.bytes)), sha256(doc));
  const j = await api(srv.url, 'GET', `/api/v1/submissions/${id}`, { token: c.tokenValue });
  assert.equal(j.status, 200, j.text);
  assert.equal(j.json.sha256, sha256(doc));
  assert.equal(j.json.status, 'submitted');
  assert.equal(j.json.version, 1);
  assert.equal(j.json.file.name, 'ma copie.pdf');
  assert.equal(j.json.teacher.name, 'Karim Benali');
  assert.equal(j.json.correction, null);
  // the homework item is done in the course, and the teacher is told
  const outline = await api(srv.url, 'GET', `/api/v1/courses/${course['TLE-MATHS']}`, { token: c.tokenValue });
  const item = outline.json.sections.flatMap((s) => s.items).find((i) => i.id === hw.maths.id);
  assert.ok(item.done_at, 'handed-in homework counts as done');
  const notes = await api(srv.url, 'GET', '/api/v1/notifications', { token: prof.tokenValue });
  assert.ok(notes.json.notifications.some((n) => n.kind === 'homework.allocated' && n.link === `/corrections/${id}`),
    JSON.stringify(notes.json));
  const status = await assignmentOf(c.tokenValue, hw.maths.id);
  assert.equal(status.status, 'submitted');
  assert.equal(status.submission.id, id);
});

test('files are recognised by their content: lies and unknown types are refused, nothing is kept', async () => {
  const c = await newLearner(srv, admin, conseillerToken, 'hw.types');
  const before1 = storedFiles(srv.dir);
  const refused = [
    [file('copie.pdf', TEXT, 'application/pdf'), /contenu a été vérifié/],
    [file('copie.docx', pdf(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), /annonce un fichier Word \(DOCX\), mais son contenu est un fichier PDF/],
    [file('dessin.gif', GIF, 'image/gif'), /contenu a été vérifié/],
    [file('macro.docx', DOCM()), /contenu a été vérifié/],
    [file('tableur.odt', ODS()), /contenu a été vérifié/],
    [file('archive.docx', zip([['lisezmoi.txt', 'bonjour']])), /contenu a été vérifié/],
    [file('photo.png', JPEG, 'image/png'), /annonce un fichier PNG, mais son contenu est un fichier JPEG/],
  ];
  for (const [f, why] of refused) {
    const r = await handIn(c, hw.maths.id, { file: f });
    assert.equal(r.status, 400, `${f.filename}: ${r.status}`);
    assert.match(alerts(r.text).join(' '), why, f.filename);
    const a = await handInApi(srv, c.tokenValue, hw.maths.id, { file: f });
    assert.equal(a.status, 400, a.text);
    assert.equal(a.json.error.code, 'invalid');
  }
  assert.deepEqual(storedFiles(srv.dir), before1, 'a refused file is not stored');
  assert.deepEqual(tmpFiles(srv.dir), []);
  assert.equal((await assignmentOf(c.tokenValue, hw.maths.id)).status, 'todo');
  // each accepted type, each replacing the previous version
  let version = 0, id;
  for (const f of [file('devoir.odt', ODT()), file('devoir.docx', DOCX()), file('scan.JPG', JPEG),
    file('scan.png', PNG), file('sans-extension', pdf())]) {
    const r = await handInApi(srv, c.tokenValue, hw.maths.id, { file: f });
    assert.equal(r.status, 201, `${f.filename}: ${r.text}`);
    assert.equal(r.json.sha256, sha256(f.data));
    assert.equal(r.json.version, ++version);
    id ??= r.json.id;
    assert.equal(r.json.id, id, 'one copy per learner and assignment');
  }
  const j = await api(srv.url, 'GET', `/api/v1/submissions/${id}`, { token: c.tokenValue });
  assert.equal(j.json.file.type, 'application/pdf');
  // an assignment taking PDF only
  const only = await newHomework(srv, admin, course['TLE-HG'], 'Commentaire de document');
  assert.equal((await configure(admin, only, { file_types: ['1'] })).status, 303);
  const png = await handIn(c, only, { file: file('scan.png', PNG, 'image/png') });
  assert.equal(png.status, 400);
  assert.match(alerts(png.text).join(' '), /Ce devoir accepte : PDF. Votre fichier est un fichier PNG/);
  const page = await c.get(`/devoirs/${only}`);
  assert.match(page.text, /accept="\.pdf,application\/pdf"/);
});

test('a typed answer is a copy too, with the SHA-256 of its text', async () => {
  const c = await newLearner(srv, admin, conseillerToken, 'hw.text');
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Question de cours');
  assert.equal((await configure(admin, id, { accepts_file: null, accepts_text: '1' })).status, 303);
  const f = await handIn(c, id, { file: file('copie.pdf', pdf(), 'application/pdf') });
  assert.equal(f.status, 400);
  assert.match(alerts(f.text).join(' '), /en écrivant la réponse/);
  const empty = await handIn(c, id, { text: '   ' });
  assert.equal(empty.status, 400);
  const long = await handIn(c, id, { text: 'x'.repeat(50001) });
  assert.equal(long.status, 400);
  assert.match(alerts(long.text).join(' '), /trop longue/);
  const answer = 'La Révolution commence en 1789.\n<script>alert(1)</script>';
  const r = await handIn(c, id, { text: answer });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const copy = await c.get(r.location);
  assert.ok(copy.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!copy.text.includes('<script>alert(1)'));
  const j = await api(srv.url, 'GET', `/api/v1/submissions/${copyId(r.location)}`, { token: c.tokenValue });
  assert.equal(j.json.sha256, sha256(Buffer.from(answer)));
  assert.equal(j.json.text, answer);
  assert.equal(j.json.file, null);
});

test('a double click on "hand in" makes one copy, and so do parallel API calls', async () => {
  const c = await newLearner(srv, admin, conseillerToken, 'hw.double');
  const page = await c.get(`/devoirs/${hw.maths.id}`);
  const mp = multipart({ csrf: Client.csrf(page.text), file: file('copie.pdf', pdf(), 'application/pdf') });
  const post = () => c.post(`/devoirs/${hw.maths.id}/rendu`, mp.body, { headers: { 'content-type': mp.type } });
  const [a, b] = await Promise.all([post(), post()]);
  assert.equal(a.status, 303);
  assert.equal(b.status, 303);
  assert.equal(a.location, b.location, 'both clicks lead to the same receipt');
  const j = await api(srv.url, 'GET', `/api/v1/submissions/${copyId(a.location)}`, { token: c.tokenValue });
  assert.equal(j.json.version, 1);
  const copies = await prof.get(`/devoirs/${hw.maths.id}/copies`);
  assert.equal(copies.status, 200);
  assert.equal(textOf(copies.text).split('Test hw.double').length - 1, 1, 'one line for the learner');

  const d = await newLearner(srv, admin, conseillerToken, 'hw.burst');
  const doc = pdf();
  const all = await Promise.all(Array.from({ length: 8 }, () =>
    handInApi(srv, d.tokenValue, hw.maths.id, { file: file('copie.pdf', doc, 'application/pdf') })));
  for (const r of all) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(all.map((r) => r.json.id)).size, 1);
  assert.deepEqual([...new Set(all.map((r) => r.json.version))], [1]);
});

test('a copy can be replaced until its correction starts, and only if the assignment allows it', async () => {
  const c = await newLearner(srv, admin, conseillerToken, 'hw.replace');
  const v1 = pdf(), v2 = pdf();
  const r1 = await handIn(c, hw.maths.id, { file: file('v1.pdf', v1, 'application/pdf') });
  const r2 = await handIn(c, hw.maths.id, { file: file('v2.pdf', v2, 'application/pdf') });
  assert.equal(r1.location, r2.location);
  const id = copyId(r2.location);
  const copy = await c.get(r2.location);
  const t = textOf(copy.text);
  assert.match(t, /Version 2/);
  assert.ok(t.includes(sha256(v1)) && t.includes(sha256(v2)), 'both versions are listed with their SHA-256');
  // the allocated teacher starts correcting: no more replacing
  const start = await prof.submit(`/corrections/${id}`, `/corrections/${id}/commencer`);
  assert.equal(start.status, 303);
  const r3 = await handIn(c, hw.maths.id, { file: file('v3.pdf', pdf(), 'application/pdf') });
  assert.equal(r3.status, 409);
  assert.match(alerts(r3.text).join(' '), /correction de votre copie a commencé/);
  const api3 = await handInApi(srv, c.tokenValue, hw.maths.id, { file: file('v3.pdf', pdf(), 'application/pdf') });
  assert.equal(api3.status, 409);
  assert.equal(api3.json.error.code, 'conflict');
  const j = await api(srv.url, 'GET', `/api/v1/submissions/${id}`, { token: c.tokenValue });
  assert.equal(j.json.sha256, sha256(v2));
  assert.equal(j.json.status, 'correcting');
  // an assignment taken once
  const once = await newHomework(srv, admin, course['TLE-HG'], 'Évaluation unique');
  assert.equal((await configure(admin, once, { resubmit: null })).status, 303);
  const doc = pdf();
  const a = await handIn(c, once, { file: file('copie.pdf', doc, 'application/pdf') });
  assert.equal(a.status, 303);
  const same = await handIn(c, once, { file: file('copie.pdf', doc, 'application/pdf') });
  assert.equal(same.status, 303, 'the same copy again is its receipt again');
  const other = await handIn(c, once, { file: file('autre.pdf', pdf(), 'application/pdf') });
  assert.equal(other.status, 409);
  assert.match(alerts(other.text).join(' '), /ne peut pas être remplacé/);
});

test('late work is flagged, accepted or refused after the cut-off, as the assignment says', async () => {
  const c = await newLearner(srv, admin, conseillerToken, 'hw.late');
  const flag = await newHomework(srv, admin, course['TLE-PC'], 'TP signalé');
  assert.equal((await configure(admin, flag, { opens: day(-9), due_date: day(-1), due_time: '23:59', late_policy: 'flag' })).status, 303);
  assert.equal((await assignmentOf(c.tokenValue, flag)).status, 'late');
  const p = await c.get(`/devoirs/${flag}`);
  assert.match(textOf(p.text), /votre copie sera signalée en retard/);
  const r = await handInApi(srv, c.tokenValue, flag, { file: file('tp.pdf', pdf(), 'application/pdf') });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.late, true);
  const copy = await c.get(`/copies/${r.json.id}`);
  assert.match(textOf(copy.text), /en retard/);
  // eleve's extra time (33 % of nine days) carries her past this due date: on time
  const e = await handInApi(srv, eleve.tokenValue, flag, { file: file('tp.pdf', pdf(), 'application/pdf') });
  assert.equal(e.status, 201, e.text);
  assert.equal(e.json.late, false);

  const accept = await newHomework(srv, admin, course['TLE-PC'], 'TP accepté');
  assert.equal((await configure(admin, accept, { opens: day(-9), due_date: day(-2), late_policy: 'accept' })).status, 303);
  const a = await handInApi(srv, c.tokenValue, accept, { file: file('tp.pdf', pdf(), 'application/pdf') });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.late, false);

  const closed = await newHomework(srv, admin, course['TLE-PC'], 'TP fermé');
  assert.equal((await configure(admin, closed, { opens: day(-9), due_date: day(-3), late_policy: 'refuse', cutoff_date: day(-2) })).status, 303);
  assert.equal((await assignmentOf(c.tokenValue, closed)).status, 'closed');
  const refused = await handIn(c, closed, { file: file('tp.pdf', pdf(), 'application/pdf') });
  assert.equal(refused.status, 409);
  assert.match(alerts(refused.text).join(' '), /n'accepte plus de copie depuis le/);
  const page = await c.get(`/devoirs/${closed}`);
  assert.match(textOf(page.text), /Clos/);
  assert.match(textOf(page.text), /n'accepte plus de copie/);

  const grace = await newHomework(srv, admin, course['TLE-PC'], 'TP avec délai de grâce');
  assert.equal((await configure(admin, grace, { opens: day(-9), due_date: day(-1), late_policy: 'refuse', cutoff_date: day(2) })).status, 303);
  const g = await handInApi(srv, c.tokenValue, grace, { file: file('tp.pdf', pdf(), 'application/pdf') });
  assert.equal(g.status, 201, g.text);
  assert.equal(g.json.late, true);
});

test('settings are checked, and only the course team and authors change them', async () => {
  const id = await newHomework(srv, admin, course['TLE-PC'], 'Réglages');
  const bad = [
    [{ due_date: '31/02/2027' }, /Date limite incorrecte/],
    [{ opens: day(5), due_date: day(1) }, /après l'ouverture/],
    [{ accepts_file: null }, /accepter un fichier, un texte saisi, ou les deux/],
    [{ file_types: [] }, /au moins un type de fichier/],
    [{ max_grade: 'vingt' }, /Note maximale incorrecte/],
    [{ weight: '0' }, /Coefficient incorrect/],
    [{ late_policy: 'refuse' }, /donnez une date limite/],
    [{ late_policy: 'whatever' }, /Choisissez ce qui arrive/],
    [{ due_date: day(3), late_policy: 'refuse', cutoff_date: day(1) }, /ne peut pas précéder/],
  ];
  for (const [fields, why] of bad) {
    const r = await configure(admin, id, fields);
    assert.equal(r.status, 400, JSON.stringify(fields));
    assert.match(alerts(r.text).join(' '), why);
  }
  assert.equal((await eleve.get(`/devoirs/${id}/parametres`)).status, 403);
  assert.equal((await parent.get(`/devoirs/${id}/parametres`)).status, 403);
  // prof does not teach physics: for him the assignment does not exist
  assert.equal((await prof.get(`/devoirs/${id}/parametres`)).status, 404);
  assert.equal((await prof.get(`/devoirs/${id}`)).status, 404);
  assert.equal((await prof.get(`/devoirs/${hw.maths.id}/parametres`)).status, 200);
  const ok = await configure(prof, hw.philo.id, { opens: day(-30), due_date: day(-10), late_policy: 'refuse', weight: '1' });
  assert.equal(ok.status, 303);
});

test('only a learner following the course hands in; others are refused', async () => {
  const stranger = await signedIn(srv, 'etudiant.univ'); // another tenant
  const r1 = await handIn(stranger, hw.maths.id, { file: file('c.pdf', pdf(), 'application/pdf') });
  assert.equal(r1.status, 404);
  assert.equal((await stranger.get(`/devoirs/${hw.maths.id}`)).status, 404);
  const a1 = await handInApi(srv, stranger.tokenValue, hw.maths.id, { file: file('c.pdf', pdf(), 'application/pdf') });
  assert.equal(a1.status, 404, a1.text);
  // a learner of the same organisation who does not follow the course
  const created = await admin.submit('/admin/personnes/nouvelle', '/admin/personnes',
    { given_name: 'Non', family_name: 'Inscrit', login: 'hw.outside', password: 'demo', role: 'learner' });
  assert.equal(created.status, 303);
  const outside = await signedIn(srv, 'hw.outside');
  assert.equal((await outside.get(`/devoirs/${hw.maths.id}`)).status, 404);
  assert.equal((await handIn(outside, hw.maths.id, { file: file('c.pdf', pdf(), 'application/pdf') })).status, 404);
  // wrong roles: the route is for learners
  const byParent = await submitMultipart(parent, '/devoirs', `/devoirs/${hw.maths.id}/rendu`, { file: file('c.pdf', pdf(), 'application/pdf') });
  assert.equal(byParent.status, 403);
  const byProf = await handInApi(srv, prof.tokenValue, hw.maths.id, { file: file('c.pdf', pdf(), 'application/pdf') });
  assert.equal(byProf.status, 403);
  const anonymous = await handInApi(srv, null, hw.maths.id, { file: file('c.pdf', pdf(), 'application/pdf') });
  assert.equal(anonymous.status, 401);
  // no CSRF token: refused
  const noCsrf = await submitMultipart(eleve, `/devoirs/${hw.maths.id}`, `/devoirs/${hw.maths.id}/rendu`,
    { file: file('c.pdf', pdf(), 'application/pdf') }, { csrf: false });
  assert.equal(noCsrf.status, 403);
  // an id that is not a homework item (a lesson), or not a number
  const lesson = (await api(srv.url, 'GET', `/api/v1/courses/${course['TLE-MATHS']}`, { token: eleve.tokenValue }))
    .json.sections[0].items.find((i) => i.kind === 'lesson');
  assert.equal((await eleve.get(`/devoirs/${lesson.id}`)).status, 404);
  assert.equal((await eleve.get('/devoirs/abc')).status, 404);
  assert.equal((await handInApi(srv, eleve.tokenValue, lesson.id, { text: 'x' })).status, 404);
});

test('an upload over the limit is refused with a clear message and leaves nothing behind', async () => {
  const small = await startServer({ args: ['--upload-limit-mb', '1'] });
  try {
    const c = new Client(small.url);
    await c.login('eleve');
    const token = await tokenFor(small.url, 'eleve');
    const { maths } = await demoAssignments(small, token);
    const stored = storedFiles(small.dir);
    const big = Buffer.concat([pdf(), Buffer.alloc(1536 * 1024, 0x41)]); // 1.5 MB
    const r = await handIn(c, maths.id, { file: file('gros.pdf', big, 'application/pdf') });
    assert.equal(r.status, 413);
    assert.match(textOf(r.text), /dépasse la taille autorisée/);
    const a = await handInApi(small, token, maths.id, { file: file('gros.pdf', big, 'application/pdf') });
    assert.equal(a.status, 413);
    assert.equal(a.json.error.code, 'too_large');
    assert.match(a.json.error.message, /dépasse la taille autorisée/);
    // far over the limit, announced by its Content-Length: refused before it is stored
    const huge = Buffer.concat([pdf(), Buffer.alloc(3 * 1024 * 1024, 0x42)]);
    const h = await handIn(c, maths.id, { file: file('enorme.pdf', huge, 'application/pdf') });
    assert.equal(h.status, 413);
    assert.match(textOf(h.text), /dépasse la taille autorisée/);
    const ha = await handInApi(small, token, maths.id, { file: file('enorme.pdf', huge, 'application/pdf') });
    assert.equal(ha.status, 413);
    assert.equal(ha.json.error.code, 'too_large');
    // streamed without a Content-Length
    const mp = multipart({ file: file('gros.pdf', Buffer.concat([big, big]), 'application/pdf') });
    const stream = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < mp.body.length; i += 65536) ctl.enqueue(mp.body.subarray(i, i + 65536));
        ctl.close();
      },
    });
    const chunked = await fetch(`${small.url}/api/v1/assignments/${maths.id}/submissions`, {
      method: 'POST', body: stream, duplex: 'half',
      headers: { 'content-type': mp.type, authorization: `Bearer ${token}` },
    });
    assert.equal(chunked.status, 413);
    assert.deepEqual(storedFiles(small.dir), stored, 'nothing stored');
    assert.deepEqual(tmpFiles(small.dir), [], 'no temporary file left');
    const status = await api(small.url, 'GET', '/api/v1/assignments', { token });
    assert.equal(status.json.assignments.find((x) => x.id === maths.id).status, 'todo');
    // under the limit it goes through
    const ok = await handInApi(small, token, maths.id, { file: file('ok.pdf', Buffer.concat([pdf(), Buffer.alloc(512 * 1024, 0x41)]), 'application/pdf') });
    assert.equal(ok.status, 201, ok.text);
  } finally {
    await small.stop();
  }
});
