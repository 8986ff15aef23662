// Certification exams on the road-safety model: the demo school's open
// session entered with the README's codes; the server's clock refusing
// answers after the time limit; a class list imported all or nothing; a
// session planned, taken, its results per class and its certificates as PDF
// whose QR code verifies; one school never seeing another's candidates or
// results; verification codes that reveal only name, exam, date and result
// and cannot be guessed; re-sits, one running attempt per candidate,
// statistics, public practice, and the entrance throttled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, submitMultipart, tokenFor, unescapeHtml } from './support.mjs';

let srv, clock, adminToken, work;
const setClock = (s) => writeFileSync(clock, String(s));

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'cartable-exams-'));
  clock = join(work, 'clock');
  setClock(0);
  srv = await startServer({ env: { CARTABLE_TEST_CLOCK_FILE: clock } });
  adminToken = await tokenFor(srv.url, 'admin');
});
after(async () => {
  await srv.stop();
  rmSync(work, { recursive: true, force: true });
});

async function signedIn(login) {
  const c = new Client(srv.url);
  await c.login(login);
  return c;
}

const start = (session_code, candidate_code) =>
  api(srv.url, 'POST', '/api/v1/exam/attempts', { json: { session_code, candidate_code } });
const call = (method, path, token, json) =>
  api(srv.url, method, path, { json, headers: token ? { 'x-exam-token': token } : {} });

// The response earning every point, read from the bank as the admin.
async function rightAnswer(question) {
  const q = (await api(srv.url, 'GET', `/api/v1/questions/${question.id}`, { token: adminToken })).json;
  switch (q.type) {
    case 'multichoice': {
      if (q.single) {
        let best = 0;
        q.answers.forEach((a, i) => { if (a.fraction > q.answers[best].fraction) best = i; });
        return { choices: [best] };
      }
      return { choices: q.answers.map((a, i) => (a.fraction > 0 ? i : -1)).filter((i) => i >= 0) };
    }
    case 'truefalse': return { value: q.correct };
    case 'numerical': return { text: String(q.answers[0].value ?? q.answers[0].min) };
    case 'matching': {
      const rights = [];
      for (const p of q.answers) if (!rights.includes(p.right)) rights.push(p.right);
      return { matches: q.answers.filter((p) => p.left).map((p) => rights.indexOf(p.right)) };
    }
    default: return { text: q.answers[0].text };
  }
}

async function answerAll(attempt, token) {
  for (const q of attempt.questions) {
    const r = await call('PUT', `/api/v1/exam/attempts/${attempt.id}/answers/${q.id}`, token, await rightAnswer(q));
    assert.equal(r.status, 200, r.text);
  }
}

test('the demo session lets a candidate in with the README codes; wrong codes are refused alike', async () => {
  const page = await new Client(srv.url).get('/examen');
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Entrez de nouveau vos codes : vous retrouvez votre épreuve là où vous l'aviez laissée/);
  // a code that cannot be one: its expected form is said
  assert.match((await start('CASQUE', 'TU23-VW4')).json.error.message, /8 lettres ou chiffres, comme ABCD-EFGH/);
  assert.match((await start('CASQU', 'TU23-VW45')).json.error.message, /Le code de la session a 6 lettres ou chiffres/);
  // a pupil of 3e B in the session of 5e A
  assert.match((await start('TRAJET', 'TU23-VW45')).json.error.message, /pas convoquée à cette session : vérifiez son code avec le surveillant/);
  const badSession = await start('ZZZZZZ', 'TU23-VW45');
  const badCode = await start('CASQUE', 'ZZZZ-ZZZZ');
  assert.equal(badSession.status, 400);
  assert.equal(badCode.status, 400);
  assert.equal(badSession.json.error.message, badCode.json.error.message, 'which code is wrong is not said');
  const r = await start('casque', 'tu23 vw45'); // as a pupil types it
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'running');
  assert.equal(r.json.candidate_name, 'Maël Durand');
  assert.equal(r.json.questions.length, 12);
  // the server's clock may tick between the start and the answer
  assert.ok(r.json.seconds_left <= 20 * 60 && r.json.seconds_left >= 20 * 60 - 2, String(r.json.seconds_left));
  // no correctness in what a candidate receives
  assert.doesNotMatch(r.text, /fraction|feedback|"correct"|general_feedback/);
  const { id, token } = r.json;
  const q = r.json.questions.find((x) => x.type === 'multichoice' && x.single);
  assert.equal((await call('PUT', `/api/v1/exam/attempts/${id}/answers/${q.id}`, token, { choices: [99] })).status, 400);
  assert.equal((await call('PUT', `/api/v1/exam/attempts/${id}/answers/${q.id}`, token, { choices: [0, 1] })).status, 400);
  assert.equal((await call('PUT', `/api/v1/exam/attempts/${id}/answers/999999`, token, { choices: [0] })).status, 404);
  assert.equal((await call('PUT', `/api/v1/exam/attempts/${id}/answers/${q.id}`, 'x'.repeat(43), { choices: [0] })).status, 404);
  assert.equal((await call('GET', `/api/v1/exam/attempts/${id}`, null)).status, 404);
  const saved = await call('PUT', `/api/v1/exam/attempts/${id}/answers/${q.id}`, token, { choices: [0] });
  assert.equal(saved.status, 200, saved.text);
  const again = await call('GET', `/api/v1/exam/attempts/${id}`, token);
  assert.deepEqual(again.json.questions.find((x) => x.id === q.id).response, { choices: [0] });
  // entering again (another device) resumes the same attempt with a new secret
  const resumed = await start('CASQUE', 'TU23-VW45');
  assert.equal(resumed.json.id, id);
  assert.notEqual(resumed.json.token, token);
  assert.equal((await call('GET', `/api/v1/exam/attempts/${id}`, token)).status, 404, 'the old secret stops working');
  assert.equal((await call('GET', `/api/v1/exam/attempts/${id}`, resumed.json.token)).status, 200);
  const media = again.json.questions.find((x) => x.media);
  if (media) {
    const m = await fetch(srv.url + media.media.url, { headers: { 'x-exam-token': resumed.json.token } });
    assert.equal(m.status, 200);
    assert.equal(m.headers.get('content-type'), 'image/png');
    assert.ok(media.media.alt.length > 10, 'the picture is described');
  }
});

test('answers after the time limit are refused by the server; the earlier ones count', async () => {
  // through the pages, as a pupil with extra time (20 min + 33 %)
  const c = new Client(srv.url);
  let r = await c.submit('/examen', '/examen', { session_code: 'CASQUE', candidate_code: 'XY67-ZA89' });
  assert.equal(r.status, 303, r.text?.slice(0, 500));
  assert.equal(r.location, '/examen/epreuve/1');
  let p = await c.get('/examen/epreuve/1');
  assert.match(textOf(p.text), /Temps restant : 26 min 3[0-6] s/); // 20 min and 33 % more
  const qid = Number(/id="q(\d+)-text"/.exec(p.text)[1]);
  const fromBank = await rightAnswer({ id: qid });
  const fields = fromBank.choices ? { r: String(fromBank.choices[0]) } : fromBank.value !== undefined
    ? { r: String(fromBank.value) } : fromBank.matches ? Object.fromEntries(fromBank.matches.map((m, i) => [`r${i}`, String(m)]))
      : { r: fromBank.text };
  r = await c.submit('/examen/epreuve/1', '/examen/epreuve/1', { ...fields, go: 'next' });
  assert.equal(r.status, 303);
  // a second tab shows the same attempt with the answer saved
  const tab = await c.get('/examen/epreuve');
  assert.match(textOf(tab.text), /1 question\(s\) répondue\(s\) sur 12/);
  // the entrance of this computer offers no way into the running exam without the codes
  const entrance = await c.get('/examen');
  assert.match(textOf(entrance.text), /Une épreuve est en cours sur cet ordinateur : pour la reprendre, entrez à nouveau/);
  assert.doesNotMatch(entrance.text, /href="\/examen\/epreuve/);
  p = await c.get('/examen/epreuve/2');
  const csrf = Client.csrf(p.text);
  setClock(26 * 60 + 37);
  r = await c.post('/examen/epreuve/2', { csrf, r: '0', go: 'next' });
  assert.equal(r.status, 409);
  assert.match(textOf(r.text), /Le temps est écoulé : la réponse n'a pas été enregistrée/);
  // the API says the same, whatever the client thinks of the time
  const api1 = await start('CASQUE', 'XY67-ZA89');
  assert.equal(api1.status, 409);
  assert.equal((await c.get('/examen/epreuve/3')).location, '/examen/resultat');
  const result = textOf((await c.get('/examen/resultat')).text);
  assert.match(result, /Score : 1 \/ 12/);
  assert.match(result, /non réussie/);
  // on a shared computer the pupil leaves: the next one does not find this result
  r = await c.submit('/examen/resultat', '/examen/quitter', {});
  assert.equal(r.location, '/examen');
  assert.match(textOf((await c.get('/examen')).text), /l'ordinateur est prêt pour le candidat suivant/);
  assert.equal((await c.get('/examen/resultat')).location, '/examen');
  setClock(0);
});

test('the question numbers save the answer on the page; a page left blank is not answered; a resumed attempt tells the old device', async () => {
  const c = new Client(srv.url);
  let r = await c.submit('/examen', '/examen', { session_code: 'trajet', candidate_code: 'bc34\u2014de56' }); // a phone's dash
  assert.equal(r.status, 303, r.text?.slice(0, 500));
  let p = await c.get('/examen/epreuve/1');
  // the numbers are buttons of the question's form, not links that leave it
  const form = p.text.slice(p.text.indexOf('<form method="post" action="/examen/epreuve/1"'));
  assert.match(form.slice(0, form.indexOf('</form>')), /<button type="submit" name="go" value="3">3<span class="visually-hidden"> \(sans réponse\)/);
  assert.match(p.text, /<script src="\/static\/timer\.js\?v=[^"]+" defer><\/script>/);
  assert.match(p.text, /data-say-1="Plus qu&#39;une minute\."/);
  // nothing chosen: the page is left, the question stays unanswered
  r = await c.submit('/examen/epreuve/1', '/examen/epreuve/1', { go: '2' });
  assert.equal(r.location, '/examen/epreuve/2');
  assert.match(textOf((await c.get('/examen/epreuve')).text), /0 question\(s\) répondue\(s\) sur 10/);
  // a choice made, then a question number: saved, and there
  p = await c.get('/examen/epreuve/2');
  const fromBank = await rightAnswer({ id: Number(/id="q(\d+)-text"/.exec(p.text)[1]) });
  const fields = fromBank.choices ? { r: String(fromBank.choices[0]) } : fromBank.value !== undefined
    ? { r: String(fromBank.value) } : fromBank.matches ? Object.fromEntries(fromBank.matches.map((m, i) => [`r${i}`, String(m)]))
      : { r: fromBank.text };
  r = await c.submit('/examen/epreuve/2', '/examen/epreuve/2', { ...fields, go: '7' });
  assert.equal(r.location, '/examen/epreuve/7');
  const summary = await c.get('/examen/epreuve');
  assert.match(textOf(summary.text), /1 question\(s\) répondue\(s\) sur 10/);
  assert.match(summary.text, /<a href="\/examen\/epreuve\/2">2<span class="visually-hidden"> \(répondue\)/);
  // the pupil enters again on another device: this one is told why it stopped
  p = await c.get('/examen/epreuve/3');
  const elsewhere = await start('TRAJET', 'BC34-DE56');
  assert.equal(elsewhere.status, 200);
  r = await c.post('/examen/epreuve/3', { csrf: Client.csrf(p.text), r: '0', go: 'next' });
  assert.equal(r.location, '/examen');
  assert.match(textOf((await c.get('/examen')).text),
    /Votre épreuve a été reprise sur un autre appareil : cette page ne peut plus enregistrer de réponses, et la dernière n'a pas été enregistrée/);
  const onServer = await call('GET', `/api/v1/exam/attempts/${elsewhere.json.id}`, elsewhere.json.token);
  assert.equal(onServer.json.questions.filter((q) => q.answered).length, 1, 'the saved answer is kept; the blank one is not one');
});

// A class list in Windows-1252, as school software exports it.
function cp1252(s) {
  return Buffer.from([...s].map((ch) => ({ 'é': 0xe9, 'è': 0xe8, 'ë': 0xeb, 'ï': 0xef, 'ç': 0xe7, 'É': 0xc9 }[ch] ?? ch.charCodeAt(0))));
}

let session, sessionCode, codes, passedAttempt;

test('a school imports a class list all or nothing, plans a session, and the class sits it', async () => {
  const school = await signedIn('etablissement');
  const header = 'Nom;Prénom;Date de naissance;Classe;Tiers-temps\r\n';
  const bad = header + 'Lemaître;Anaïs;12/05/2012;4e C;non\r\nRenaud;Théo;31/02/2012;4e C;non\r\n'
    + 'Lemaître;Anaïs;12/05/2012;4e C;oui\r\nBrun;Élodie;01/01/2012;;peut-être\r\n';
  let r = await submitMultipart(school, '/examens', '/examens/candidats/import',
    { file: { filename: 'classe.csv', type: 'text/csv', data: cp1252(bad) } });
  assert.equal(r.status, 422);
  const t = textOf(r.text);
  assert.match(t, /Windows-1252/);
  assert.match(t, /Ligne 3 : la date de naissance « 31\/02\/2012 »/);
  assert.match(t, /Ligne 4 : cet élève figure déjà ligne 2/);
  assert.match(t, /Ligne 5 : la classe est vide/);
  assert.match(t, /rien n'a été importé/);
  assert.doesNotMatch(textOf((await school.get('/examens')).text), /4e C/, 'nothing imported');
  const good = header + 'Lemaître;Anaïs;12/05/2012;4e C;non\r\nRenaud;Théo;28/02/2012;4e C;oui\r\n'
    + 'Brun;Élodie;01/01/2012;4e C;non\r\n';
  r = await submitMultipart(school, '/examens', '/examens/candidats/import',
    { file: { filename: 'classe.csv', type: 'text/csv', data: cp1252(good) } });
  assert.equal(r.status, 200);
  const csv = unescapeHtml(/name="csv" value="([^"]*)"/.exec(r.text)[1]);
  r = await school.post('/examens/candidats/import/confirmer', { csrf: Client.csrf(r.text), csv });
  assert.equal(r.status, 303);
  const list = await school.get('/examens/candidats?classe=4e%20C');
  assert.equal(list.status, 200);
  assert.match(textOf(list.text), /Lemaître Anaïs/);
  codes = Object.fromEntries([...list.text.matchAll(/<tr><td>([^<]+)<\/td><td>[^<]*<\/td><td><code class="token">([A-Z0-9-]+)<\/code>/g)]
    .map((m) => [unescapeHtml(m[1]), m[2]]));
  assert.equal(Object.keys(codes).length, 3);
  for (const code of Object.values(codes)) assert.match(code, /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  // importing the same list again adds nobody
  r = await submitMultipart(school, '/examens', '/examens/candidats/import',
    { file: { filename: 'classe.csv', type: 'text/csv', data: cp1252(good) } });
  assert.match(textOf(r.text), /oui/);
  // plan a session for the class
  const today = new Date();
  const d = (x) => `${String(x.getDate()).padStart(2, '0')}/${String(x.getMonth() + 1).padStart(2, '0')}/${x.getFullYear()}`;
  const form = await school.get('/examens/sessions/nouvelle');
  const exam = /<option value="(\d+)">Attestation scolaire de sécurité routière — niveau 1/.exec(form.text)[1];
  r = await school.submit('/examens/sessions/nouvelle', '/examens/sessions',
    { exam_id: exam, title: 'ASSR1 — 4e C', opens_date: d(today), opens_time: '00:00', closes_date: d(today), closes_time: '23:59' });
  assert.equal(r.status, 400, 'no class chosen');
  r = await school.submit('/examens/sessions/nouvelle', '/examens/sessions',
    { exam_id: exam, title: 'ASSR1 — 4e C', opens_date: d(new Date(Date.now() - 86400e3)), opens_time: '00:00',
      closes_date: d(new Date(Date.now() + 86400e3)), closes_time: '23:59', classes: '4e C', supervisors: 'Mme Durand' });
  assert.equal(r.status, 303, r.text?.slice(0, 600));
  session = Number(/\/examens\/sessions\/(\d+)/.exec(r.location)[1]);
  const sp = await school.get(`/examens/sessions/${session}`);
  sessionCode = /Code de session<\/dt><dd><code class="token">([A-Z0-9]+)</.exec(sp.text)[1];
  // Anaïs passes, Théo fails, Élodie does not come
  let a = await start(sessionCode, codes['Lemaître Anaïs']);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.questions.length, 10);
  await answerAll(a.json, a.json.token);
  let fin = await call('POST', `/api/v1/exam/attempts/${a.json.id}/finish`, a.json.token);
  assert.equal(fin.json.result.passed, true);
  assert.equal(fin.json.result.score, 10);
  passedAttempt = a.json.id;
  a = await start(sessionCode, codes['Renaud Théo']);
  const extra = Math.round(15 * 60 * 1.33);
  assert.ok(a.json.seconds_left <= extra && a.json.seconds_left >= extra - 2, `his extra time: ${a.json.seconds_left}`);
  fin = await call('POST', `/api/v1/exam/attempts/${a.json.id}/finish`, a.json.token);
  assert.equal(fin.json.result.passed, false);
  // finished: no more answers, and no second attempt in this session
  assert.equal((await call('PUT', `/api/v1/exam/attempts/${a.json.id}/answers/${a.json.questions[0].id}`, a.json.token, { choices: [0] })).status, 409);
  assert.equal((await start(sessionCode, codes['Renaud Théo'])).status, 409);
  // results per class
  const res = textOf((await school.get(`/examens/sessions/${session}`)).text);
  assert.match(res, /Brun Élodie pas commencée/);
  assert.match(res, /Lemaître Anaïs terminée 10 \/ 10 admis/);
  assert.match(res, /Renaud Théo terminée 0 \/ 10 non admis/);
});

test('certificates come as PDF, one or the whole class, and their QR code verifies', async () => {
  const school = await signedIn('etablissement');
  const pdf = await school.get(`/examens/sessions/${session}/attestations.pdf?classe=4e%20C`, { raw: true });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const file = join(work, 'class.pdf');
  writeFileSync(file, pdf.bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.match(text, /Anaïs Lemaître/, 'accented names in the PDF');
  assert.match(text, /née? \(e\) le 12\/05\/2012|né\(e\) le 12\/05\/2012/);
  assert.doesNotMatch(text, /Théo/, 'only those who passed');
  execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', file, join(work, 'page')], { stdio: 'ignore' });
  const qr = execFileSync('zbarimg', ['--raw', '-q', join(work, 'page-1.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const m = /^(http:\/\/[^/]+)\/verify\/([A-Z0-9]{20})$/.exec(qr);
  assert.ok(m, `QR code: ${qr}`);
  const verify = await new Client(srv.url).get(`/verify/${m[2]}`);
  assert.equal(verify.status, 200);
  const v = textOf(verify.text);
  assert.match(v, /Anaïs Lemaître/);
  assert.match(v, /niveau 1/);
  assert.match(v, /Résultat réussie/);
  // and nothing else: no birth date, class, school, score or personal code
  for (const secret of ['12/05/2012', '4e C', 'Jean Moulin', '10 / 10', codes['Lemaître Anaïs'], 'Poitiers']) {
    assert.ok(!v.includes(secret), `the verification page shows ${secret}`);
  }
  // one certificate alone
  const one = await school.get(`/examens/attestations/${passedAttempt}`, { raw: true });
  assert.equal(one.status, 200);
  assert.equal(one.headers.get('content-type'), 'application/pdf');
  // a code one character off, a made-up one, a short one: the same 404
  const off = m[2].slice(0, 19) + (m[2][19] === 'A' ? 'B' : 'A');
  for (const code of [off, 'ABCDEFGHJKMNPQRSTUVW', 'ABC', m[2].toLowerCase().slice(0, 10)]) {
    const r = await new Client(srv.url).get(`/verify/${code}`);
    assert.equal(r.status, 404, code);
    assert.match(r.text, /<a href="\/verify">Taper un autre code de vérification<\/a>/);
  }
  // typed in lower case with dashes, it is found
  const grouped = m[2].toLowerCase().match(/.{5}/g).join('-');
  const typed = await new Client(srv.url).get(`/verify?code=${grouped}`);
  assert.equal(typed.location, `/verify/${m[2]}`);
});

test('one school never sees another school\'s candidates, sessions, results or certificates', async () => {
  const admin = await signedIn('admin');
  let r = await admin.submit('/admin/personnes/nouvelle', '/admin/personnes',
    { given_name: 'Paul', family_name: 'Autre', login: 'autre.college', password: 'demo', role: 'school' });
  assert.equal(r.status, 303, r.text?.slice(0, 300));
  r = await admin.submit('/admin/etablissements', '/admin/etablissements',
    { name: 'Collège Voisin', uai: '0860077C', city: 'Niort', academy: 'Poitiers', staff_login: 'autre.college' });
  assert.equal(r.status, 303);
  const other = await signedIn('autre.college');
  assert.match(textOf((await other.get('/examens')).text), /Inscrire l'établissement/);
  assert.match(textOf((await other.get('/examens/statistiques')).text), /paraissent une fois l'établissement inscrit/);
  r = await other.submit('/examens', '/examens/inscription', { contact_name: 'Paul Autre', contact_email: '' });
  assert.equal(r.status, 303);
  assert.match((await other.get('/examens/sessions/nouvelle')).text, /Importez d&#39;abord la liste d&#39;une classe\. <a href="\/examens#import">/);
  assert.equal((await other.get(`/examens/sessions/${session}`)).status, 404);
  assert.equal((await other.get(`/examens/sessions/${session}/attestations.pdf?classe=4e%20C`)).status, 404);
  assert.equal((await other.get(`/examens/attestations/${passedAttempt}`)).status, 404);
  assert.equal((await other.get('/examens/candidats?classe=4e%20C')).status, 404);
  assert.doesNotMatch(textOf((await other.get('/examens')).text), /4e C|3e B|CASQUE/);
  // a candidate's personal code only opens their own school's sessions
  const s = textOf((await other.get('/examens')).text);
  assert.doesNotMatch(s, /Lemaître/);
  // and an attempt only answers to its own secret
  const a = await start('CASQUE', 'TU23-VW45');
  assert.equal((await call('GET', `/api/v1/exam/attempts/${passedAttempt}`, a.json.token)).status, 404);
  // the school's statistics are its own; another school's are out of reach
  const stats = textOf((await other.get('/examens/statistiques')).text);
  assert.match(stats, /Établissement : Collège Voisin Candidats 0/);
});

test('a session closing in the past is refused; convocations give each pupil their codes; other columns are named', async () => {
  const school = await signedIn('etablissement');
  let r = await school.submit('/examens/sessions/nouvelle', '/examens/sessions',
    { exam_id: '1', opens_date: '01/01/2020', opens_time: '08:00', closes_date: '02/01/2020', closes_time: '18:00', classes: '5e A' });
  assert.equal(r.status, 400);
  assert.match(textOf(r.text), /Cette fermeture est déjà passée/);
  // the same session sent twice (a double click) is made once; another class is another session
  const dd = (x) => `${String(x.getDate()).padStart(2, '0')}/${String(x.getMonth() + 1).padStart(2, '0')}/${x.getFullYear()}`;
  const later = { exam_id: '1', opens_date: dd(new Date(Date.now() + 7 * 86400e3)), opens_time: '09:00',
    closes_date: dd(new Date(Date.now() + 7 * 86400e3)), closes_time: '12:00' };
  const once = await school.submit('/examens/sessions/nouvelle', '/examens/sessions', { ...later, classes: '5e A' });
  const twice = await school.submit('/examens/sessions/nouvelle', '/examens/sessions', { ...later, classes: '5e A' });
  assert.equal(once.status, 303);
  assert.equal(twice.location, once.location);
  const other = await school.submit('/examens/sessions/nouvelle', '/examens/sessions', { ...later, classes: '3e B' });
  assert.equal(other.status, 303);
  assert.notEqual(other.location, once.location);
  // a session not open yet says when it opens
  const soon = /Code de session<\/dt><dd><code class="token">([A-Z0-9]+)</.exec((await school.get(once.location)).text)[1];
  const early = await start(soon, 'QR78-ST92');
  assert.equal(early.status, 409);
  assert.match(early.json.error.message, /pas encore ouverte : elle ouvre le \d\d\/\d\d\/\d{4} 09h00/);
  // the demo session of 5e A: a slip per pupil, with both codes and the address
  const home = await school.get('/examens');
  const id = /<a href="\/examens\/sessions\/(\d+)">[^<]*<\/a><\/td><td><code>TRAJET<\/code>/.exec(home.text)[1];
  const sp = await school.get(`/examens/sessions/${id}`);
  assert.match(sp.text, new RegExp(`href="/examens/sessions/${id}/convocations\\?classe=5e%20A">Convocations à imprimer`));
  // Léo Roux is sitting it (the first test): the supervisors see until when
  assert.match(textOf(sp.text), /Roux Léo en cours, jusqu'à \d\dh\d\d/);
  assert.match(sp.text, new RegExp(`Résultats à \\d\\dh\\d\\d\\. <a href="/examens/sessions/${id}">Actualiser</a>`));
  // nobody has passed yet: no link to an empty PDF
  assert.doesNotMatch(sp.text, /attestations\.pdf/);
  assert.match(textOf(sp.text), /Pas encore d'attestation : aucun élève de la classe n'a réussi/);
  const slips = await school.get(`/examens/sessions/${id}/convocations?classe=5e%20A`);
  assert.equal(slips.status, 200);
  const t = textOf(slips.text);
  assert.equal((t.match(/Convocation : /g) || []).length, 4);
  assert.match(t, /Code de la session TRAJET Votre code personnel (BC34-DE56|FG78-HJ92|KM34-NP56|QR78-ST92)/);
  assert.match(t, /\/examen /);
  assert.match(t, /20 minutes \(avec le temps supplémentaire\), 10 questions/, 'extra time counted');
  assert.equal((await school.get(`/examens/sessions/${id}/convocations?classe=3e%20B`)).status, 404, 'a class not invited');
  assert.equal((await school.get(`/examens/sessions/${id}/convocations`)).status, 404);
  assert.equal((await (await signedIn('autre.college')).get(`/examens/sessions/${id}/convocations?classe=5e%20A`)).status, 404,
    "another school's");
  // a list whose columns are named otherwise: read, and what is left unread is said
  const csv = 'NOM;PRENOM;DATE NAISS;DIVISION;INE\r\nGarnier;Lou;2013-13-01;5e A;070803012AB\r\n';
  r = await submitMultipart(school, '/examens', '/examens/candidats/import',
    { file: { filename: 'siecle.csv', type: 'text/csv', data: cp1252(csv) } });
  assert.equal(r.status, 422);
  assert.match(textOf(r.text), /Colonnes non lues : « INE »/);
  assert.match(textOf(r.text), /Ligne 2 : la date de naissance « 2013-13-01 »/);
  // Excel's "sep=;" first line is not the header; a tab-separated list says so in words
  r = await submitMultipart(school, '/examens', '/examens/candidats/import',
    { file: { filename: 'excel.csv', type: 'text/csv', data: cp1252('sep=;\r\nNom;Prénom;Classe;;\r\nGarnier;Lou;5e A;;\r\n;;;;\r\n') } });
  assert.equal(r.status, 200, textOf(r.text).slice(0, 600));
  assert.match(textOf(r.text), /séparateur « ; » : 1 élève\(s\)/);
  r = await submitMultipart(school, '/examens', '/examens/candidats/import',
    { file: { filename: 'tabs.txt', type: 'text/plain', data: Buffer.from('Nom\tPrénom\tClasse\nGarnier\tLou\t5e A\n') } });
  assert.match(textOf(r.text), /séparateur tabulation : 1 élève\(s\)/);
});

test('re-sits, one running attempt per candidate, statistics per school and academy', async () => {
  const school = await signedIn('etablissement');
  const form = await school.get('/examens/sessions/nouvelle');
  const exam = /<option value="(\d+)">Attestation scolaire de sécurité routière — niveau 1/.exec(form.text)[1];
  const d = (x) => `${String(x.getDate()).padStart(2, '0')}/${String(x.getMonth() + 1).padStart(2, '0')}/${x.getFullYear()}`;
  const r = await school.submit('/examens/sessions/nouvelle', '/examens/sessions',
    { exam_id: exam, title: 'Rattrapage 4e C', opens_date: d(new Date(Date.now() - 86400e3)),
      closes_date: d(new Date(Date.now() + 86400e3)), classes: '4e C', resit: '1' });
  assert.equal(r.status, 303);
  const sp = await school.get(r.location);
  const resit = /Code de session<\/dt><dd><code class="token">([A-Z0-9]+)</.exec(sp.text)[1];
  assert.match((await start(resit, codes['Lemaître Anaïs'])).json.error.message, /déjà obtenu/);
  const theo = await start(resit, codes['Renaud Théo']);
  assert.equal(theo.status, 200, 'a re-sit for who failed');
  // Élodie starts in the first session: she cannot start the re-sit meanwhile
  const elodie = await start(sessionCode, codes['Brun Élodie']);
  assert.equal(elodie.status, 200);
  const twice = await start(resit, codes['Brun Élodie']);
  assert.equal(twice.status, 409);
  assert.match(twice.json.error.message, /Une autre épreuve est en cours/);
  await answerAll(theo.json, theo.json.token);
  assert.equal((await call('POST', `/api/v1/exam/attempts/${theo.json.id}/finish`, theo.json.token)).json.result.passed, true);
  // statistics of the school and of its academy
  const stats = textOf((await school.get('/examens/statistiques')).text);
  assert.match(stats, /Établissement : Collège Jean Moulin \(démo\)/);
  assert.match(stats, /Académie : Poitiers/);
  assert.match(stats, /Taux de réussite/);
  assert.match(stats, /Questions les plus difficiles/);
  const admin = await signedIn('admin');
  const all = textOf((await admin.get('/examens/statistiques?academie=Poitiers')).text);
  // niveau 1: Anaïs, Théo (passed at the re-sit); two candidates, both passed
  assert.match(all, /niveau 1 Académie : Poitiers Candidats 2 Épreuves passées 3 Taux de réussite 100 % Score moyen 66,67 %/);
  // the re-sit's page and convocations: Anaïs has the certificate from the first session
  const page = textOf((await school.get(r.location)).text);
  assert.match(page, /Lemaître Anaïs attestation déjà obtenue/);
  assert.match(page, /Examen Attestation scolaire de sécurité routière — niveau 1 \(rattrapage\)/);
  const slips = textOf((await school.get(`${r.location}/convocations?classe=4e%20C`)).text);
  assert.doesNotMatch(slips, /Anaïs/);
  assert.match(slips, /Convocation : Élodie Brun/);
  // niveau 1 passed does not bar niveau 2
  const n2 = await school.submit('/examens/sessions/nouvelle', '/examens/sessions',
    { exam_id: /<option value="(\d+)">Attestation scolaire de sécurité routière — niveau 2/.exec(form.text)[1],
      title: 'ASSR2 — 4e C', opens_date: d(new Date(Date.now() - 86400e3)), closes_date: d(new Date(Date.now() + 86400e3)),
      classes: '4e C' });
  assert.equal(n2.status, 303);
  const n2code = /Code de session<\/dt><dd><code class="token">([A-Z0-9]+)</.exec((await school.get(n2.location)).text)[1];
  const anais = await start(n2code, codes['Lemaître Anaïs']);
  assert.equal(anais.status, 200, anais.text);
  assert.equal(anais.json.questions.length, 12);
});

test('a long name fits on the certificate', async () => {
  const school = await signedIn('etablissement');
  const given = 'Marie-Charlotte-Élisabeth-Anne', family = 'de La Rochefoucauld-Montmorency-Saint-Exupéry';
  let r = await submitMultipart(school, '/examens', '/examens/candidats/import',
    { file: { filename: 'd.csv', type: 'text/csv', data: Buffer.from(`Nom;Prénom;Classe\n${family};${given};4e D\n`) } });
  assert.equal(r.status, 200, textOf(r.text).slice(0, 500));
  const csv = unescapeHtml(/name="csv" value="([^"]*)"/.exec(r.text)[1]);
  r = await school.post('/examens/candidats/import/confirmer', { csrf: Client.csrf(r.text), csv });
  assert.equal(r.status, 303);
  const code = /<code class="token">([A-Z0-9-]+)<\/code>/.exec((await school.get('/examens/candidats?classe=4e%20D')).text)[1];
  const d = (x) => `${String(x.getDate()).padStart(2, '0')}/${String(x.getMonth() + 1).padStart(2, '0')}/${x.getFullYear()}`;
  r = await school.submit('/examens/sessions/nouvelle', '/examens/sessions',
    { exam_id: '1', title: 'ASSR1 — 4e D', opens_date: d(new Date(Date.now() - 86400e3)),
      closes_date: d(new Date(Date.now() + 86400e3)), classes: '4e D' });
  assert.equal(r.status, 303);
  const id = /\/examens\/sessions\/(\d+)/.exec(r.location)[1];
  const sc = /Code de session<\/dt><dd><code class="token">([A-Z0-9]+)</.exec((await school.get(r.location)).text)[1];
  const a = await start(sc, code);
  assert.equal(a.status, 200, a.text);
  await answerAll(a.json, a.json.token);
  assert.equal((await call('POST', `/api/v1/exam/attempts/${a.json.id}/finish`, a.json.token)).json.result.passed, true);
  const pdf = await school.get(`/examens/sessions/${id}/attestations.pdf?classe=4e%20D`, { raw: true });
  assert.equal(pdf.status, 200);
  const file = join(work, 'long.pdf');
  writeFileSync(file, pdf.bytes);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const width = Number(/<page width="([\d.]+)"/.exec(html)[1]);
  const words = [...html.matchAll(/<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)"[^>]*>([^<]*)</g)];
  assert.ok(words.some((w) => w[3].includes('Rochefoucauld')), 'the name is there');
  for (const w of words) assert.ok(Number(w[1]) >= 24 && Number(w[2]) <= width - 24, `"${w[3]}" is out of the frame (${w[1]}-${w[2]})`);
});

test('public practice: anyone answers a series, sees the explanations, and nothing is kept', async () => {
  const c = new Client(srv.url);
  const home = await c.get('/entrainement');
  assert.equal(home.status, 200);
  const cat = /href="\/entrainement\?c=(\d+)"/.exec(home.text)[1];
  let r = await c.get(`/entrainement?c=${cat}`);
  assert.equal(r.status, 303);
  const q = await c.get(r.location);
  assert.equal(q.status, 200);
  assert.match(textOf(q.text), /Question 1 sur 10/);
  const fields = Object.fromEntries([...q.text.matchAll(/<input type="hidden" name="(q|i|ok)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
  // the first choice offered, whatever the type of the question
  const choice = /name="r" value="([^"]+)"/.exec(q.text);
  const stems = [...q.text.matchAll(/name="(r\d+)"/g)].map((m) => [m[1], '0']);
  const answer = choice ? { r: choice[1] } : stems.length ? Object.fromEntries(stems) : { r: '50' };
  r = await c.submit(r.location, '/entrainement/question', { ...fields, ...answer });
  assert.equal(r.status, 200);
  assert.match(textOf(r.text), /Bonne réponse|pas la bonne réponse|en partie juste/);
  assert.match(r.text, /Question suivante/);
  assert.ok(!r.headers.getSetCookie().some((x) => x.startsWith('cartable_examen')), 'no attempt, no cookie');
  // categories not open to practice are not reachable
  assert.equal((await c.get('/entrainement?c=999999')).status, 404);
  assert.equal((await c.get('/entrainement/question?q=1.2&i=1&ok=0')).status, 404);
});

test('the entrance is throttled after many wrong codes from one address', async () => {
  let last;
  for (let i = 0; i < 101; i++) last = await start('ZZZZZZ', `ZZZZ-ZZ${String(i).padStart(2, '2').replace(/[01]/g, '3')}`);
  assert.equal(last.status, 429, last.text);
  assert.match(last.json.error.message, /Trop de codes erronés/);
});
