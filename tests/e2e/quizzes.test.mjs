// Quizzes in courses and the question bank behind them: a GIFT file
// imported (errors with their lines, nothing imported), exported and
// imported again into the same questions; a quiz drawing its questions at
// random from a category; each answer saved by its own request; grades with
// partial credit, an essay graded by the teacher, the best grade in the
// gradebook; the server's clock refusing answers after the time limit;
// attempts hidden from other learners.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, tokenFor, unescapeHtml } from './support.mjs';

let srv, clock, authorToken;
const setClock = (s) => writeFileSync(clock, String(s));

before(async () => {
  // a test-only clock: seconds added to the server's time, read at each use
  clock = join(tmpdir(), `cartable-clock-${process.pid}-${Date.now()}`);
  setClock(0);
  srv = await startServer({ env: { CARTABLE_TEST_CLOCK_FILE: clock } });
  authorToken = await tokenFor(srv.url, 'auteur');
});
after(async () => { await srv.stop(); rmSync(clock, { force: true }); });

const GIFT = `$CATEGORY: Maths/Suites quiz

// [id:Q-ARITH] [tag:suites]
::Raison::La suite u(n) = 3n + 2 a pour raison ? {=3#Oui. ~2#Non, c'est le premier terme moins... ~%-50%5#Non.####u(n+1) - u(n) = 3.}

::Géométriques::Lesquelles sont géométriques ? {~%50%v(n) = 2^n ~%50%w(n) = 5 × 3^n ~%-100%u(n) = n²}

::Limite::Limite de 1/n quand n tend vers l'infini ? {#0:0.001}

::Vrai::Une suite croissante est majorée. {F}

::Rédaction::Expliquez la récurrence en trois lignes. {}
`;

async function importGift(text, query = '') {
  return api(srv.url, 'POST', `/api/v1/questions/import${query}`, {
    token: authorToken, body: text, headers: { 'content-type': 'text/plain' },
  });
}

async function signedIn(login) {
  const c = new Client(srv.url);
  await c.login(login);
  return c;
}

test('a GIFT file with errors imports nothing and names every faulty line', async () => {
  const bad = '::A::Deux plus deux ? {=4 ~3\n\n::B::Poids ? {~%150%a =b}\n\n::C::Bon ? {T}\n';
  const categories = async () => (await api(srv.url, 'GET', '/api/v1/questions/categories', { token: authorToken }))
    .json.categories.map((c) => `${c.path}:${c.questions}`).join();
  const before = await categories();
  const r = await importGift(bad);
  assert.equal(r.status, 422, r.text);
  const lines = r.json.errors.map((e) => e.line);
  assert.deepEqual(lines, [1, 3]);
  assert.match(r.json.errors[0].message, /accolade/);
  assert.equal(await categories(), before, 'nothing imported');
  // the page shows the same lines, and imports nothing either
  const a = await signedIn('auteur');
  const page = await a.submit('/banque/import', '/banque/import', { gift: bad, category: 'X' });
  assert.equal(page.status, 422);
  assert.match(textOf(page.text), /Ligne 1 :/);
  assert.match(textOf(page.text), /Ligne 3 :/);
  assert.match(textOf(page.text), /rien n'a été importé/);
  // a learner may not reach the bank
  const eleve = await signedIn('eleve');
  assert.equal((await eleve.get('/banque')).status, 403);
  const learnerToken = await tokenFor(srv.url, 'eleve');
  assert.equal((await api(srv.url, 'GET', '/api/v1/questions/export', { token: learnerToken })).status, 403);
});

test('in English, a faulty GIFT file gets its errors in English', async () => {
  const bad = '::A::Two plus two? {=4 ~3\n\n::B::Weight? {~%150%a =b}\n\n::C::Fine? {T}\n';
  const a = await signedIn('auteur');
  a.cookies.set('lang', 'en');
  const page = await a.submit('/banque/import', '/banque/import', { gift: bad, category: 'X' });
  assert.equal(page.status, 422);
  const text = textOf(page.text);
  assert.match(page.text, /<html lang="en">/);
  assert.match(text, /nothing was imported/);
  assert.match(text, /Line 1: unclosed brace ‘\{’: the ‘\}’ ending the answers is missing/);
  assert.match(text, /Line 3: invalid weight ‘%150%’: expected a percentage from -100 to 100/);
  assert.doesNotMatch(text, /accolade|poids invalide/);
  // the API too, for a program sending the same cookie (a token's account
  // language, French here, would otherwise apply)
  const r = await api(srv.url, 'POST', '/api/v1/questions/import', {
    token: authorToken, body: bad, headers: { 'content-type': 'text/plain', cookie: 'lang=en' },
  });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json.errors.map((e) => e.line), [1, 3]);
  assert.match(r.json.errors[1].message, /^invalid weight/);
  // and the same file in French, as before
  const fr = await importGift(bad);
  assert.match(fr.json.errors[1].message, /^poids invalide/);
});

test('export then import gives back the same questions', async () => {
  const dry = await importGift(GIFT, '?dry_run=1');
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.questions.length, 5);
  const r = await importGift(GIFT);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, 5);
  const cats = (await api(srv.url, 'GET', '/api/v1/questions/categories', { token: authorToken })).json.categories;
  const cat = cats.find((c) => c.path === 'Maths/Suites quiz');
  assert.equal(cat.questions, 5);
  const exported = await api(srv.url, 'GET', `/api/v1/questions/export?category=${cat.id}`, { token: authorToken });
  assert.equal(exported.status, 200);
  assert.match(exported.text, /\[id:Q-ARITH\]/);
  // the export read back is exactly what the original file said
  const again = await importGift(exported.text, '?dry_run=1');
  const strip = (qs) => qs.map(({ line, ...q }) => q);
  assert.deepEqual(strip(again.json.questions), strip(dry.json.questions));
  // and through the pages: the export is offered for download
  const a = await signedIn('auteur');
  const page = await a.get(`/banque/export?categorie=${cat.id}`);
  assert.equal(page.status, 200);
  assert.equal(page.text, exported.text);
});

test("a teacher's real files import whole, into their categories, and come back the same", async () => {
  // a Moodle 4 bank export (HTML, "$course$/top/" categories, a Cloze left
  // as comments), a file written by hand under Windows (BOM, CRLF) and one
  // written from Moodle's documentation
  const files = [
    ['moodle_export_hg_4e.gift', { 'Défaut pour 4e B/Révolution française': 5, 'Défaut pour 4e B/Géographie': 9 }],
    ['prof_sciences_5e_windows.gift', { 'Sciences/Physique-chimie': 11, 'Sciences/Mathématiques': 20 }],
    // written from Moodle's GIFT documentation: every construct it shows
    ['prof_maths_francais_3e.gift', { 'Défaut pour 3e A/Calcul': 7, 'Défaut pour 3e A/Français': 16 }],
  ];
  const categories = async () => (await api(srv.url, 'GET', '/api/v1/questions/categories', { token: authorToken }))
    .json.categories;
  const strip = (qs) => qs.map(({ line, category, ...q }) => q);
  for (const [name, expected] of files) {
    const text = readFileSync(new URL(`../data/gift/${name}`, import.meta.url), 'utf8');
    const dry = await importGift(text, '?dry_run=1');
    assert.equal(dry.status, 200, dry.text);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    assert.equal(dry.json.questions.length, total);
    const before = await categories();
    const r = await importGift(text);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.imported, total);
    const after = await categories();
    assert.ok(!after.some((c) => c.path.includes('$course$')), 'Moodle\'s context is no category');
    const exported = [];
    for (const [path, n] of Object.entries(expected)) {
      const cat = after.find((c) => c.path === path);
      assert.ok(cat, `category ${path}`);
      const was = before.find((c) => c.path === path)?.questions ?? 0;
      assert.equal(cat.questions - was, n, path);
      if (was)
        continue;
      const e = await api(srv.url, 'GET', `/api/v1/questions/export?category=${cat.id}`, { token: authorToken });
      assert.equal(e.status, 200);
      const again = await importGift(e.text, '?dry_run=1');
      assert.equal(again.status, 200, again.text);
      exported.push(...again.json.questions);
    }
    // the bank's export, read back, holds what the teacher's file said
    assert.deepEqual(strip(exported), strip(dry.json.questions));
  }
});

test('the Windows file through the pages: uploaded, previewed in its categories, confirmed', async () => {
  const categories = async () => (await api(srv.url, 'GET', '/api/v1/questions/categories', { token: authorToken }))
    .json.categories;
  const count = (cats, path) => cats.find((c) => c.path === path)?.questions ?? 0;
  const before = await categories();
  const a = await signedIn('auteur');
  const fd = new FormData();
  const bytes = readFileSync(new URL('../data/gift/prof_sciences_5e_windows.gift', import.meta.url));
  fd.set('file', new Blob([bytes], { type: 'text/plain' }), 'sciences 5e.gift');
  fd.set('category', '');
  const preview = await a.submit('/banque/import', '/banque/import', fd);
  assert.equal(preview.status, 200, textOf(preview.text).slice(0, 500));
  assert.match(textOf(preview.text), /31 question\(s\) comprise\(s\), sans erreur/);
  assert.match(textOf(preview.text), /Sciences\/Physique-chimie/);
  const gift = unescapeHtml(/name="gift" value="([^"]*)"/.exec(preview.text)[1]);
  const done = await a.post('/banque/import/confirmer', { csrf: Client.csrf(preview.text), category: '', gift });
  assert.equal(done.status, 303, textOf(done.text || '').slice(0, 500));
  const after = await categories();
  assert.equal(count(after, 'Sciences/Physique-chimie') - count(before, 'Sciences/Physique-chimie'), 11);
  assert.equal(count(after, 'Sciences/Mathématiques') - count(before, 'Sciences/Mathématiques'), 20);
  // the preview of Moodle's export names the categories the bank will use
  const moodle = new FormData();
  moodle.set('file', new Blob([readFileSync(new URL('../data/gift/moodle_export_hg_4e.gift', import.meta.url))],
    { type: 'text/plain' }), 'export.txt');
  const p2 = await a.submit('/banque/import', '/banque/import', moodle);
  assert.equal(p2.status, 200);
  assert.match(textOf(p2.text), /Défaut pour 4e B\/Géographie/);
  assert.doesNotMatch(textOf(p2.text), /\$course\$\/top/);
});

let quizId, mathsId;

test('an author makes a quiz drawing its questions from a category', async () => {
  const eleveToken = await tokenFor(srv.url, 'eleve');
  const courses = (await api(srv.url, 'GET', '/api/v1/courses', { token: eleveToken })).json.courses;
  mathsId = courses.find((c) => c.code === 'TLE-MATHS').id;
  const a = await signedIn('auteur');
  const editor = `/admin/cours/${mathsId}/contenu`;
  let r = await a.submit(editor, `/admin/cours/${mathsId}/parties`, { section_title: 'Évaluations' });
  assert.equal(r.status, 303);
  const page = await a.get(editor);
  const sid = Number(/\/admin\/cours\/parties\/(\d+)\/elements/.exec(page.text.slice(page.text.indexOf('Évaluations')))[1]);
  r = await a.submit(editor, `/admin/cours/parties/${sid}/elements`, { kind: 'quiz', title: 'Quiz — suites' });
  assert.equal(r.status, 303);
  quizId = Number(/\/admin\/cours\/elements\/(\d+)/.exec(r.location)[1]);
  r = await a.submit(`/admin/cours/elements/${quizId}`, `/admin/cours/elements/${quizId}`,
    { title: 'Quiz — suites', body_md: 'Cinq questions.', published: '1' });
  assert.equal(r.status, 303);
  const settings = `/quiz/${quizId}/parametres`;
  r = await a.submit(settings, settings, { time_limit: 'dix', max_attempts: '2', review: 'after', max_grade: '20', weight: '1' });
  assert.equal(r.status, 400);
  r = await a.submit(settings, settings, { time_limit: '10', max_attempts: '2', review: 'after', max_grade: '20', weight: '2', shuffle: '1' });
  assert.equal(r.status, 303);
  const cats = (await api(srv.url, 'GET', '/api/v1/questions/categories', { token: authorToken })).json.categories;
  const cat = cats.find((c) => c.path === 'Maths/Suites quiz');
  r = await a.submit(settings, `/quiz/${quizId}/questions`, { category_id: String(cat.id), count: '9' });
  assert.equal(r.status, 400, 'more questions than the category holds');
  r = await a.submit(settings, `/quiz/${quizId}/questions`, { category_id: String(cat.id), count: '5' });
  assert.equal(r.status, 303);
  const shown = await a.get(`/quiz/${quizId}`);
  assert.match(textOf(shown.text), /Questions 5/);
});

// Reads the question page: its id and the text, to answer what is asked.
async function questionAt(c, attempt, n) {
  const p = await c.get(`/quiz/tentatives/${attempt}/questions/${n}`);
  assert.equal(p.status, 200, p.text.slice(0, 300));
  const id = Number(/id="q(\d+)-text"/.exec(p.text)[1]);
  return { id, text: unescapeHtml(/id="q\d+-text">([\s\S]*?)<\/div>/.exec(p.text)[1]), page: p };
}

function answerFor(text) {
  if (text.includes('raison')) return { r: '0' };                 // 3: right
  if (text.includes('géométriques')) return { r: '0' };          // half of it
  if (text.includes('Limite')) return { r: '0,0005' };            // within tolerance
  if (text.includes('croissante')) return { r: 'false' };
  return { r: 'Si P(0) est vraie et si P(n) entraîne P(n+1), alors P(n) est vraie pour tout n.' };
}

let firstAttempt;

test('a learner answers one question per request, finishes, and the essay waits for the teacher', async () => {
  const eleve = await signedIn('eleve');
  const quiz = await eleve.get(`/quiz/${quizId}`);
  assert.match(textOf(quiz.text), /Commencer le quiz/);
  let r = await eleve.submit(`/quiz/${quizId}`, `/quiz/${quizId}/commencer`, {});
  assert.equal(r.status, 303);
  firstAttempt = Number(/\/quiz\/tentatives\/(\d+)\/questions\/1/.exec(r.location)[1]);
  // starting again resumes the same attempt
  r = await eleve.submit(`/quiz/${quizId}`, `/quiz/${quizId}/commencer`, {});
  assert.equal(r.location, `/quiz/tentatives/${firstAttempt}/questions/1`);
  // a page left without an answer is not counted as answered; the
  // question numbers are buttons that save the page before leaving it
  const first = await eleve.get(`/quiz/tentatives/${firstAttempt}/questions/1`);
  assert.match(first.text, /<button type="submit" name="go" value="4">4<span class="visually-hidden"> \(sans réponse\)/);
  r = await eleve.submit(`/quiz/tentatives/${firstAttempt}/questions/1`, `/quiz/tentatives/${firstAttempt}/questions/1`, { go: '4' });
  assert.equal(r.location, `/quiz/tentatives/${firstAttempt}/questions/4`);
  assert.match(textOf((await eleve.get(`/quiz/tentatives/${firstAttempt}`)).text), /0 question\(s\) répondue\(s\) sur 5/);
  let choiceAt = 0;
  for (let n = 1; n <= 5; n++) {
    const q = await questionAt(eleve, firstAttempt, n);
    if (q.text.includes('raison')) choiceAt = n;
    assert.match(q.page.text, /Temps restant/);
    const res = await eleve.submit(`/quiz/tentatives/${firstAttempt}/questions/${n}`,
      `/quiz/tentatives/${firstAttempt}/questions/${n}`, { ...answerFor(q.text), go: n === 2 ? '5' : 'next' });
    assert.equal(res.status, 303, res.text?.slice(0, 400));
    if (n === 2) assert.equal(res.location, `/quiz/tentatives/${firstAttempt}/questions/5`, 'a question number saves, then goes');
    // the answer is on the server: the page shows it again
    const back = await eleve.get(`/quiz/tentatives/${firstAttempt}/questions/${n}`);
    assert.match(back.text, /checked|value="[^"]+"|<\/textarea>/);
  }
  // a choice that does not exist is refused
  const bad = await eleve.submit(`/quiz/tentatives/${firstAttempt}/questions/${choiceAt}`,
    `/quiz/tentatives/${firstAttempt}/questions/${choiceAt}`, { r: '7' });
  assert.equal(bad.status, 400);
  assert.match(textOf(bad.text), /ne fait pas partie des choix/);
  const summary = await eleve.get(`/quiz/tentatives/${firstAttempt}`);
  assert.match(textOf(summary.text), /5 question\(s\) répondue\(s\) sur 5/);
  r = await eleve.submit(`/quiz/tentatives/${firstAttempt}`, `/quiz/tentatives/${firstAttempt}/terminer`, {});
  assert.equal(r.status, 303);
  const result = textOf((await eleve.get(`/quiz/tentatives/${firstAttempt}`)).text);
  assert.match(result, /à corriger/);
  // 1 + 0.5 + 1 + 1 = 3.5 points, the essay waiting
  assert.match(result, /Points 3,5 \/ 5/);
  assert.match(result, /En attente de la correction de l'enseignant/);
  // answers after the end are refused
  const late = await eleve.submit(`/quiz/tentatives/${firstAttempt}`, `/quiz/tentatives/${firstAttempt}/questions/1`, { r: '1' });
  assert.equal(late.status, 409);
  assert.match(textOf(late.text), /terminée/);
});

test("a learner with extra time is told their own duration before starting", async () => {
  const eleve = await signedIn('eleve');
  // the demo's philosophy quiz: 15 minutes, and Lina Martin has a third more in that course
  let item;
  for (const c of [1, 2, 3, 4]) {
    const m = /href="(\/mes-cours\/\d+\/elements\/\d+)">Quiz — la conscience/.exec((await eleve.get(`/mes-cours/${c}`)).text);
    if (m) item = m[1];
  }
  const quiz = /href="(\/quiz\/\d+)"/.exec((await eleve.get(item)).text)[1];
  assert.match(textOf((await eleve.get(quiz)).text), /Durée 15 min 00 s, pour vous 19 min 57 s avec votre temps supplémentaire/);
});

test('another learner cannot see the attempt; the guardian can', async () => {
  const other = await signedIn('etudiant.univ');
  assert.equal((await other.get(`/quiz/tentatives/${firstAttempt}`)).status, 404);
  assert.equal((await other.get(`/quiz/${quizId}`)).status, 404);
  const parent = await signedIn('parent');
  assert.equal((await parent.get(`/quiz/tentatives/${firstAttempt}`)).status, 200);
});

test('the teacher grades the essay and the grade reaches the gradebook', async () => {
  const prof = await signedIn('prof');
  // the dashboard says an essay waits, and where (not in the homework queue)
  const home = await prof.get('/');
  assert.match(textOf(home.text), /Rédactions de quiz à corriger .* : 1 tentative\(s\) à corriger/);
  assert.match(home.text, new RegExp(`href="/quiz/${quizId}/tentatives"`));
  const list = await prof.get(`/quiz/${quizId}/tentatives`);
  assert.equal(list.status, 200);
  assert.match(textOf(list.text), /Lina Martin/);
  assert.match(textOf(list.text), /à corriger/);
  const page = await prof.get(`/quiz/tentatives/${firstAttempt}`);
  const qid = /name="question_id" value="(\d+)"/.exec(page.text)[1];
  let r = await prof.submit(`/quiz/tentatives/${firstAttempt}`, `/quiz/tentatives/${firstAttempt}/corriger`,
    { question_id: qid, points: '2', comment: 'Relisez la boucle.' });
  // refused: the form comes back with the message and what was typed
  assert.equal(r.status, 422);
  assert.match(textOf(r.text), /Les points vont de 0 à 1/);
  assert.match(r.text, /name="points"[^>]*value="2"/);
  assert.match(r.text, /Relisez la boucle\./);
  assert.match(textOf((await prof.get('/')).text), /Rédactions de quiz à corriger/, 'refused: still waiting');
  r = await prof.submit(`/quiz/tentatives/${firstAttempt}`, `/quiz/tentatives/${firstAttempt}/corriger`,
    { question_id: qid, points: '0,5', comment: 'Il manque l\'initialisation.' });
  assert.equal(r.status, 303);
  assert.doesNotMatch(textOf((await prof.get('/')).text), /Rédactions de quiz à corriger/, 'graded: no longer waiting');
  // 4 points out of 5: 16/20, with weight 2
  const token = await tokenFor(srv.url, 'eleve');
  const grades = await api(srv.url, 'GET', '/api/v1/grades', { token });
  const flat = JSON.stringify(grades.json);
  assert.match(flat, /Quiz — suites/);
  const course = grades.json.courses.find((c) => c.id === mathsId);
  const g = course.grades.find((x) => x.title === 'Quiz — suites');
  assert.equal(g.grade_hundredths, 1600, JSON.stringify(g));
  assert.equal(g.weight_hundredths, 200);
  const eleve = await signedIn('eleve');
  const result = textOf((await eleve.get(`/quiz/tentatives/${firstAttempt}`)).text);
  assert.match(result, /16 \/ 20/);
  assert.match(result, /Il manque l'initialisation/);
});

test('the server clock ends an attempt: answers after the time limit are refused, earlier ones kept', async () => {
  const eleve = await signedIn('eleve');
  let r = await eleve.submit(`/quiz/${quizId}`, `/quiz/${quizId}/commencer`, {});
  assert.equal(r.status, 303);
  const attempt = Number(/\/quiz\/tentatives\/(\d+)\//.exec(r.location)[1]);
  assert.notEqual(attempt, firstAttempt);
  const q = await questionAt(eleve, attempt, 1);
  r = await eleve.submit(`/quiz/tentatives/${attempt}/questions/1`, `/quiz/tentatives/${attempt}/questions/1`,
    { ...answerFor(q.text), go: 'next' });
  assert.equal(r.status, 303);
  // ten minutes and one second later (the learner has 33 % extra time: 13 min 20 s)
  setClock(13 * 60 + 21);
  const q2 = await questionAt(eleve, attempt, 2).catch(() => null);
  assert.equal(q2, null, 'the question page is closed');
  r = await eleve.post(`/quiz/tentatives/${attempt}/questions/2`, { csrf: Client.csrf(q.page.text), r: '0', go: 'next' });
  assert.equal(r.status, 409);
  assert.match(textOf(r.text), /terminée|Le temps est écoulé/);
  const result = textOf((await eleve.get(`/quiz/tentatives/${attempt}`)).text);
  assert.match(result, /terminée|à corriger/);
  // no third attempt
  const again = await eleve.submit(`/quiz/${quizId}`, `/quiz/${quizId}/commencer`, {});
  assert.equal(again.status, 303);
  assert.equal(again.location, `/quiz/${quizId}`);
  setClock(0);
});

test('an edited question is read as edited, whichever thread of the server reads it', async () => {
  // the bank keeps decoded questions per thread (questions.c): an edit shows at once everywhere
  const r = await importGift('$CATEGORY: Maths/Relecture\n\n::Relue::Quelle version ? {=Ancienne ~Autre}\n');
  assert.equal(r.status, 201, r.text);
  const id = r.json.ids[0];
  const read = () => Promise.all(Array.from({ length: 16 }, () =>
    api(srv.url, 'GET', `/api/v1/questions/${id}`, { token: authorToken })));
  const texts = (x) => x.json.answers.map((a) => a.text);
  const first = await read();
  for (const x of first) assert.deepEqual(texts(x), ['Ancienne', 'Autre']);
  const a = await signedIn('auteur');
  const saved = await a.submit(`/banque/questions/${id}`, `/banque/questions/${id}`, {
    category_id: String(first[0].json.category_id),
    gift: '::Relue::Quelle version ? {=Nouvelle#Oui. ~Autre ~Troisième}',
  });
  assert.equal(saved.status, 303, saved.text);
  for (const x of await read()) {
    assert.deepEqual(texts(x), ['Nouvelle', 'Autre', 'Troisième']);
    assert.equal(x.json.answers[0].feedback, 'Oui.');
  }
});
