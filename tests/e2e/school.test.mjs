// Partner schools: their pupils only, class lists imported from CSV
// (preview with an error per faulty line, then all or nothing; UTF-8 with
// BOM or Windows-1252; ';' or ','), re-imports, exports and sign-in codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import {
  accountId, api, assertNoRawMarkup, courseId, parseCsv, submitMultipart, tokenFor, unescapeHtml,
} from './support.mjs';

let srv, school, schoolToken, latin, anglais;
before(async () => {
  srv = await startServer();
  school = new Client(srv.url);
  await school.login('etablissement');
  schoolToken = await tokenFor(srv.url, 'etablissement');
  latin = await courseId(srv.url, 'Latin');
  anglais = await courseId(srv.url, 'Anglais');
});
after(async () => { await srv.stop(); });

async function pupils() {
  const html = (await school.get('/etablissement')).text;
  const table = /Codes de connexion des élèves[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  if (!table) return [];
  return [...table[1].matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)]
    .map((m) => ({ name: unescapeHtml(m[1]), class: unescapeHtml(m[2]), login: m[3] }));
}

async function enrolmentsOf(course) {
  const r = await api(srv.url, 'GET', '/api/v1/enrolments', { token: schoolToken });
  return r.json.enrolments.filter((e) => e.course_id === course).map((e) => e.learner.name).sort();
}

async function importFile(bytes, course = latin, name = 'liste.csv') {
  return submitMultipart(school, '/etablissement', '/etablissement/import',
    { course_id: String(course), file: { filename: name, type: 'text/csv', data: bytes } });
}

// Confirms the preview: posts back the hidden fields as a browser would.
async function confirm(preview) {
  const form = /<form method="post" action="\/etablissement\/import\/confirmer"[\s\S]*?<\/form>/.exec(preview.text);
  assert.ok(form, 'a confirmation form');
  const fields = {};
  for (const m of form[0].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    // HTML turns CR LF in attribute values into LF, as browsers read them
    fields[m[1]] = unescapeHtml(m[2]).replace(/\r\n?/g, '\n');
  }
  return school.post('/etablissement/import/confirmer', fields);
}

function errorsOf(html) {
  const box = /<div class="flash error" role="alert">([\s\S]*?)<\/div>/.exec(html);
  if (!box) return [];
  const items = [...box[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => unescapeHtml(m[1]));
  return items.length ? items : [unescapeHtml(box[1].replace(/<[^>]+>/g, ''))];
}

test('only school staff reach the school pages, and see only their pupils', async () => {
  const page = await school.get('/etablissement');
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Collège Jean Moulin \(démo\) Poitiers \(UAI 0860012A\)/);
  assert.deepEqual((await pupils()).map((p) => p.name), ['Bernard Jules', 'Moreau Noah', 'Petit Inès']);
  assert.match(textOf(page.text), /Jules Bernard Latin – Troisième \(cours à la carte\) Demande déposée/);
  assert.doesNotMatch(textOf(page.text), /Lina Martin|Terminale générale/);
  for (const login of ['eleve', 'conseiller', 'admin', 'parent']) {
    const c = new Client(srv.url);
    await c.login(login);
    assert.equal((await c.get('/etablissement')).status, 403, login);
    assert.equal((await c.get('/etablissement/inscriptions.csv')).status, 403, login);
    assert.equal((await submitMultipart(c, '/compte', '/etablissement/import', { course_id: String(latin), file: { filename: 'a.csv', data: 'x' } })).status, 403, login);
  }
  const anon = await new Client(srv.url).get('/etablissement');
  assert.equal(anon.status, 303);
  // a learner who is not their pupil is unknown to them
  const all = await api(srv.url, 'GET', '/api/v1/enrolments', { token: await tokenFor(srv.url, 'conseiller') });
  const eleveTle = all.json.enrolments.find((e) => e.learner.login === 'eleve').id;
  assert.equal((await school.get(`/inscriptions/${eleveTle}`)).status, 404);
  assert.equal((await api(srv.url, 'GET', `/api/v1/enrolments/${eleveTle}`, { token: schoolToken })).status, 404);
  const jules = all.json.enrolments.find((e) => e.learner.login === 'jules.bernard').id;
  assert.equal((await school.get(`/inscriptions/${jules}`)).status, 200);
});

test('a list with a faulty line is shown with its errors and nothing is imported', async () => {
  const before = await pupils();
  const csv = 'Nom;Prénom;Date de naissance;Classe\r\n' +
    'Durand;Léa;12/01/2011;4e A\r\n' +
    'Fabre;Hugo;31/02/2011;4e A\r\n' +
    ';Sans nom;01/01/2011;4e A\r\n' +
    'Garcia;Emma;2011-06-30;4e B\r\n' +
    'Trop;Court\r\n' +
    'Durand;LÉA;12/01/2011;4e A\r\n' +
    'Roux;Tom;01/01/2011;4e A;tom@\r\n';
  const r = await importFile(Buffer.from(csv));
  assert.equal(r.status, 422);
  assert.deepEqual(errorsOf(r.text), [
    'Ligne 3 : la date de naissance « 31/02/2011 » n\'est pas une date JJ/MM/AAAA',
    'Ligne 4 : le nom est vide',
    'Ligne 6 : il manque des colonnes (2 trouvées, 4 attendues)',
    'Ligne 7 : cet élève figure déjà ligne 2',
  ]);
  assert.match(textOf(r.text), /lignes sont à corriger : rien n'a été importé/);
  assert.doesNotMatch(r.text, /import\/confirmer/, 'no confirmation offered');
  assert.deepEqual(await pupils(), before);
  assert.deepEqual(await enrolmentsOf(latin), ['Jules Bernard']);
  // a confirmation forced with the faulty text imports nothing either
  const forced = await school.submit('/etablissement', '/etablissement/import/confirmer', { course_id: String(latin), csv });
  assert.equal(forced.status, 422);
  assert.deepEqual(await pupils(), before);
  assert.deepEqual(await enrolmentsOf(latin), ['Jules Bernard']);
});

test('the fixed list is previewed, confirmed, and its pupils created and enrolled; a second import changes nothing', async () => {
  const csv = 'Nom;Prénom;Date de naissance;Classe;E-mail\r\n' +
    'Durand;Léa;12/01/2011;4e A;\r\n' +
    'Fabre;Hugo;28/02/2011;4e A;hugo.fabre@example.org\r\n' +
    'Bernard;Jules;14/03/2012;3e B;\r\n';
  const preview = await importFile(Buffer.from(csv));
  assert.equal(preview.status, 200);
  const t = textOf(preview.text);
  assert.match(t, /Fichier lu en UTF-8, séparateur « ; » : 3 élève\(s\)/);
  assert.match(t, /2 Durand Léa 2011-01-12 4e A nouveau compte, sera inscrit/);
  assert.match(t, /3 Fabre Hugo 2011-02-28 4e A nouveau compte, sera inscrit/);
  assert.match(t, /4 Bernard Jules 2012-03-14 3e B déjà inscrit à ce cours/);
  assert.deepEqual(await enrolmentsOf(latin), ['Jules Bernard'], 'a preview writes nothing');
  const done = await confirm(preview);
  assert.equal(done.status, 303);
  assert.equal(done.location, '/etablissement');
  assert.match(textOf((await school.get('/etablissement')).text),
    /Import terminé : 2 élève\(s\) inscrit\(s\), dont 2 nouveau\(x\) compte\(s\) ; 1 déjà inscrit\(s\)/);
  assert.deepEqual(await enrolmentsOf(latin), ['Hugo Fabre', 'Jules Bernard', 'Léa Durand']);
  const list = await pupils();
  assert.deepEqual(list.map((p) => p.name), ['Bernard Jules', 'Durand Léa', 'Fabre Hugo', 'Moreau Noah', 'Petit Inès']);
  assert.equal(list.find((p) => p.name === 'Durand Léa').login, 'lea.durand');

  // the same list again: everybody is already there
  const again = await importFile(Buffer.from(csv));
  assert.equal(again.status, 200);
  assert.equal((textOf(again.text).match(/déjà inscrit à ce cours/g) || []).length, 3);
  const done2 = await confirm(again);
  assert.equal(done2.status, 303);
  assert.match(textOf((await school.get('/etablissement')).text),
    /Import terminé : 0 élève\(s\) inscrit\(s\), dont 0 nouveau\(x\) compte\(s\) ; 3 déjà inscrit\(s\)/);
  assert.deepEqual(await enrolmentsOf(latin), ['Hugo Fabre', 'Jules Bernard', 'Léa Durand']);
  assert.equal((await pupils()).length, 5);
  // a known pupil is enrolled in another course without a new account
  const other = await importFile(Buffer.from(csv), anglais);
  assert.match(textOf(other.text), /élève connu, sera inscrit/);
  assert.equal((await confirm(other)).status, 303);
  assert.deepEqual(await enrolmentsOf(anglais), ['Hugo Fabre', 'Jules Bernard', 'Léa Durand']);
  assert.equal((await pupils()).length, 5);
});

test('Windows-1252 with ";" and UTF-8 with BOM and "," keep their accents', async () => {
  // Œ is 0x8C in Windows-1252, outside Latin-1
  const withOe = Buffer.from('NOM;PRÉNOM;NÉ(E) LE;CLASSE\r\nLefèvre;Zoé;02/05/2011;4e \x8c\r\nNguyen;Anh;03/05/2011;4e A\r\n', 'latin1');
  const p1 = await importFile(withOe);
  assert.equal(p1.status, 200, errorsOf(p1.text).join('\n'));
  assert.match(textOf(p1.text), /Fichier lu en Windows-1252, séparateur « ; » : 2 élève\(s\)/);
  assert.match(textOf(p1.text), /Lefèvre Zoé 2011-05-02 4e Œ nouveau compte/);
  assert.equal((await confirm(p1)).status, 303);
  const bom = Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from(
    'nom,prénom,date de naissance,classe\n"Müller, dite «Mimi»",Chloé,"07/07/2011",4e B\nÇelik,Ömer,8/7/2011,4e B\n')]);
  const p2 = await importFile(bom);
  assert.equal(p2.status, 200, errorsOf(p2.text).join('\n'));
  assert.match(textOf(p2.text), /Fichier lu en UTF-8, séparateur « , » : 2 élève\(s\)/);
  assert.equal((await confirm(p2)).status, 303);
  const names = (await pupils()).map((p) => p.name);
  for (const n of ['Lefèvre Zoé', 'Nguyen Anh', 'Müller, dite «Mimi» Chloé', 'Çelik Ömer']) assert.ok(names.includes(n), `${n} in ${names}`);
  assert.equal((await pupils()).find((p) => p.name === 'Lefèvre Zoé').class, '4e Œ');
  const enrolled = await enrolmentsOf(latin);
  for (const n of ['Zoé Lefèvre', 'Chloé Müller, dite «Mimi»', 'Ömer Çelik']) assert.ok(enrolled.includes(n), n);
});

test('unusable files get one clear message', async () => {
  const cases = [
    ['Prénom;Date de naissance\r\nLéa;12/01/2011\r\n', /« nom » est absente/],
    ['Nom;Prénom;Classe\r\nDurand;Léa;4e\r\n', /« date de naissance » est absente/],
    ['Nom;Prénom;Date de naissance\r\n', /Le fichier ne contient aucune ligne d'élève/],
    ['Nom;Prénom;Date de naissance\r\n"Durand;Léa;12/01/2011\r\n', /Ligne 2 : guillemet ouvert jamais refermé/],
    ['\r\n\r\n', /Le fichier est vide/],
    [Buffer.from([0x4e, 0x6f, 0x6d, 0x00, 0x3b]), /Le fichier n'est pas un fichier texte \(CSV\)/],
  ];
  for (const [data, message] of cases) {
    const r = await importFile(typeof data === 'string' ? Buffer.from(data) : data);
    assert.equal(r.status, 422, String(message));
    assert.match(errorsOf(r.text)[0], message);
  }
  const missingNom = await importFile(Buffer.from('Prénom;Date de naissance\r\nLéa;12/01/2011\r\n'));
  assert.match(errorsOf(missingNom.text)[0], /^Ligne 1 : la première ligne doit nommer les colonnes, dont « nom », « prénom » et « date de naissance »/);
  const empty = await importFile(Buffer.alloc(0));
  assert.equal(empty.status, 400);
  assert.match(textOf(empty.text), /Choisissez le fichier de la liste des élèves/);
  const noFile = await submitMultipart(school, '/etablissement', '/etablissement/import', { course_id: String(latin) });
  assert.equal(noFile.status, 400);
  const bigList = 'Nom;Prénom;Date de naissance\r\n' + 'x'.repeat(2 * 1024 * 1024);
  const big = await importFile(Buffer.from(bigList));
  assert.equal(big.status, 413);
  assert.match(textOf(big.text), /Une liste de classe ne dépasse pas 2 Mo/);
  for (const course of ['', 'abc', '99999999']) {
    const r = await importFile(Buffer.from('Nom;Prénom;Date de naissance\r\nA;B;01/01/2011\r\n'), course);
    assert.equal(r.status, 400, course);
    assert.match(textOf(r.text), /Choisissez un cours à la carte de la liste/);
  }
  // a course that is not sold alone, and the university's course
  const tle = (await api(srv.url, 'GET', '/api/v1/programmes?q=TLE-GEN')).json.programmes[0].id;
  const philo = (await api(srv.url, 'GET', `/api/v1/programmes/${tle}`)).json.courses[1].id;
  const univ = (await api(srv.url, 'GET', '/api/v1/enrolments', { token: await tokenFor(srv.url, 'etudiant.univ') })).json.enrolments[0].course_id;
  for (const course of [philo, univ]) {
    const r = await importFile(Buffer.from('Nom;Prénom;Date de naissance\r\nA;B;01/01/2011\r\n'), course);
    assert.equal(r.status, 400);
  }
  const noCsv = await school.submit('/etablissement', '/etablissement/import/confirmer', { course_id: String(latin) });
  assert.equal(noCsv.status, 400);
  assert.match(textOf(noCsv.text), /La liste à importer manque/);
  const noCsrf = await school.post('/etablissement/import/confirmer', { course_id: String(latin), csv: 'Nom;Prénom;Date de naissance\nA;B;01/01/2011\n' });
  assert.equal(noCsrf.status, 403);
  assert.ok(!(await pupils()).some((p) => p.name === 'A B'));
});

test('names with markup are refused per line and shown escaped', async () => {
  const csv = 'Nom;Prénom;Date de naissance;Classe\r\n<script>alert(1)</script>;Eve;01/01/2011;4e\r\n' +
    'Ok;"""><img src=x onerror=alert(1)>";01/01/2011;4e\r\nBon;Nom;01/01/2011;<script>alert(1)</script>\r\n';
  const r = await importFile(Buffer.from(csv));
  assert.equal(r.status, 422);
  assertNoRawMarkup(r.text, 'import preview');
  const errs = errorsOf(r.text);
  assert.match(errs[0], /^Ligne 2 : le nom contient des caractères non autorisés/);
  assert.match(errs[1], /^Ligne 3 : le prénom contient des caractères non autorisés/);
  assert.match(r.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('the school exports its enrolments as CSV for spreadsheets', async () => {
  const r = await school.get('/etablissement/inscriptions.csv', { raw: true });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="inscriptions\.csv"/);
  const bytes = Buffer.from(r.bytes);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF]);
  const rows = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.equal(rows[0][1], 'Apprenant');
  const names = rows.slice(1).map((row) => row[1]);
  assert.ok(names.includes('Léa Durand') && names.includes('Jules Bernard') && names.includes('Zoé Lefèvre'));
  assert.ok(!names.includes('Lina Martin'));
  assert.ok(rows.slice(1).every((row) => row.length === 10));
});

test('the school enrols one pupil at a time, and only its own', async () => {
  const chinois = await courseId(srv.url, 'Chinois');
  const form = await school.get(`/cours/${chinois}/inscription`);
  const options = [...form.text.matchAll(/<option value="(\d+)">([^<]*)</g)].map((m) => unescapeHtml(m[2]));
  assert.ok(options.includes('Inès Petit'));
  assert.ok(!options.includes('Lina Martin'));
  const ines = /<option value="(\d+)">Inès Petit</.exec(form.text)[1];
  const ok = await school.submit(`/cours/${chinois}/inscription`, `/cours/${chinois}/inscription`, { learner_id: ines });
  assert.equal(ok.status, 303);
  const eleve = await accountId(srv.url, 'eleve');
  const no = await school.submit(`/cours/${chinois}/inscription`, `/cours/${chinois}/inscription`, { learner_id: eleve });
  assert.equal(no.status, 400);
  assert.match(textOf(no.text), /Apprenant introuvable/);
  const tle = (await api(srv.url, 'GET', '/api/v1/programmes?q=TLE-GEN')).json.programmes[0].id;
  const philo = (await api(srv.url, 'GET', `/api/v1/programmes/${tle}`)).json.courses[1].id;
  assert.equal((await school.get(`/cours/${philo}/inscription`)).status, 404, 'not sold alone');
});

test('the school gives a pupil a sign-in code that works once they use it', async () => {
  const html = (await school.get('/etablissement')).text;
  const m = /<td>Durand Léa<\/td>[\s\S]*?action="(\/etablissement\/eleves\/(\d+)\/code)"/.exec(html);
  assert.ok(m);
  assert.equal((await school.post(m[1], {})).status, 403, 'no CSRF');
  const r = await school.submit('/etablissement', m[1]);
  assert.equal(r.status, 200);
  const code = /<code class="token">([^<]+)<\/code>/.exec(r.text)[1];
  assert.match(code, /^\S{10}$/);
  assert.match(textOf(r.text), /Identifiant lea\.durand/);
  const pupil = new Client(srv.url);
  await pupil.login('lea.durand', code);
  assert.match(textOf((await pupil.get('/mes-inscriptions')).text), /Latin – Troisième \(cours à la carte\)/);
  // a new code closes the pupil's sessions
  await school.submit('/etablissement', m[1]);
  assert.equal((await pupil.get('/mes-inscriptions')).status, 303);
  // not for learners of other schools, nor staff, nor bad ids
  const eleve = await accountId(srv.url, 'eleve');
  const admin = await accountId(srv.url, 'admin');
  for (const who of [eleve, admin, 'abc', 0, 99999999]) {
    assert.equal((await school.submit('/etablissement', `/etablissement/eleves/${who}/code`)).status, 404, String(who));
  }
  const e = new Client(srv.url);
  await e.login('eleve');
  assert.equal((await e.get('/mes-inscriptions')).status, 200, 'eleve keeps her password');
});

test('a long export with many columns is confirmed as well as previewed', async () => {
  const extra = Array.from({ length: 55 }, (_, i) => `Rubrique ${i}`).join(';');
  let csv = `Nom;Prénom;Date de naissance;Classe;${extra}\r\n`;
  for (let i = 0; i < 800; i++) {
    csv += `Élève-${i};Prénom;${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/2010;5e ${i % 7};` +
      Array.from({ length: 55 }, () => 'donnée é').join(';') + '\r\n';
  }
  assert.ok(Buffer.byteLength(csv) > 500 * 1024);
  const preview = await importFile(Buffer.from(csv));
  assert.equal(preview.status, 200);
  assert.match(textOf(preview.text), /800 élève\(s\)/);
  const done = await confirm(preview);
  assert.equal(done.status, 303);
  assert.match(textOf((await school.get('/etablissement')).text), /Import terminé : 800 élève\(s\) inscrit\(s\), dont 800 nouveau\(x\) compte\(s\)/);
  // every pupil's sign-in code is reachable, a hundred a page
  const logins = new Set();
  let page = 1;
  for (;;) {
    const r = await school.get(`/etablissement?page=${page}`);
    assert.equal(r.status, 200);
    const codeList = r.text.slice(r.text.indexOf('Codes de connexion des élèves'));
    const rows = [...codeList.matchAll(/<tr><td>[^<]*<\/td><td>[^<]*<\/td><td>([^<]+)<\/td>/g)].map((m) => m[1]);
    assert.ok(rows.length <= 100, `page ${page}: ${rows.length} pupils`);
    rows.forEach((l) => logins.add(l));
    if (!/rel="next"/.test(r.text)) break;
    page++;
    assert.ok(page < 20, 'the pages end');
  }
  assert.ok(page >= 9, `${page} pages`);
  assert.ok(logins.size >= 800, `${logins.size} pupils listed`);
});
