// Markup typed into every text field comes back escaped on every page that
// shows it, and CSV exports do not let a spreadsheet run formulas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { PDF, XSS, accountId, api, assertNoRawMarkup, parseCsv, programmeId, submitMultipart } from './support.mjs';

let srv;
const c = {};
const [P1, P2] = XSS;
const BOTH = `${P1} ${P2}`;
const ESCAPED1 = '&lt;script&gt;alert(1)&lt;/script&gt;';
const ESCAPED2 = '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;';
const ids = {};

before(async () => {
  srv = await startServer();
  for (const login of ['admin', 'auteur', 'eleve', 'parent', 'conseiller', 'etablissement']) {
    c[login] = new Client(srv.url);
    await c[login].login(login);
  }
});
after(async () => { await srv.stop(); });

// Fetches every page and checks that no payload came back as markup; returns
// the concatenated HTML for further checks.
async function crawl(client, paths) {
  let all = '';
  for (const path of paths) {
    const r = await client.get(path);
    assert.ok(r.status < 500, `${path}: ${r.status}`);
    assertNoRawMarkup(r.text, path);
    all += r.text;
  }
  return all;
}

test('programme, course and document texts written by editors are escaped everywhere', async () => {
  const page = await c.auteur.get('/admin/catalogue/formations/nouvelle');
  const unit = /<option value="(\d+)">Pro</.exec(page.text)[1];
  const r = await c.auteur.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations', {
    title: `Formation ${BOTH}`, code: 'XSS-1', unit_id: unit, level: 'adult', public: 'free', price: '10',
    summary: `Résumé ${BOTH}`, description_md: `${P1}\n\n${P2}`, published: '1' });
  assert.equal(r.status, 303);
  ids.programme = Number(/(\d+)$/.exec(r.location)[1]);
  const edit = `/admin/catalogue/formations/${ids.programme}`;
  assert.equal((await c.auteur.submit(edit, `${edit}/pieces`, { req_title: `Pièce ${P1}`, req_description: `Détail ${P2}` })).status, 303);
  const course = await c.auteur.submit('/admin/catalogue/cours/nouveau', '/admin/catalogue/cours', {
    title: `Cours ${BOTH}`, code: 'XSS-C', unit_id: unit, summary: `Résumé ${P2}`, description_md: P1, a_la_carte: '1', price: '5', published: '1' });
  assert.equal(course.status, 303);
  ids.course = Number(/(\d+)$/.exec(course.location)[1]);
  // a title refused for its length comes back in the form, escaped
  const refused = await c.auteur.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations', {
    title: `${P2}${'x'.repeat(200)}`, code: 'XSS-2', unit_id: unit, level: 'adult', public: 'free', summary: P1 });
  assert.equal(refused.status, 400);
  assertNoRawMarkup(refused.text, 'refused programme form');

  const q = encodeURIComponent(P2);
  const html = await crawl(new Client(srv.url), ['/catalogue', `/catalogue?q=formation`, `/catalogue?q=${q}`,
    `/catalogue?unite=${q}&niveau=${q}&public=${q}`, `/formations/${ids.programme}`, '/catalogue/cours',
    `/catalogue/cours?q=${encodeURIComponent(P1)}`, `/cours/${ids.course}`]);
  assert.ok(html.includes(ESCAPED1) && html.includes(ESCAPED2), 'the texts are shown, escaped');
  await crawl(c.auteur, ['/admin/catalogue', `/admin/catalogue?q=${q}`, edit, '/admin/catalogue/cours',
    `/admin/catalogue/cours/${ids.course}`]);
  await crawl(c.eleve, [`/formations/${ids.programme}/inscription`, `/cours/${ids.course}/inscription`]);
  await crawl(c.etablissement, ['/etablissement']);
  const j = await api(srv.url, 'GET', `/api/v1/programmes/${ids.programme}`);
  assert.equal(j.json.title, `Formation ${BOTH}`, 'the API gives the text as written, as JSON');
  assert.match(j.headers.get('content-type'), /^application\/json/);
  assert.equal(j.headers.get('x-content-type-options'), 'nosniff');
  assert.doesNotMatch(j.json.description_html, /<script|<img/);
});

test('enrolment notes, file names, review and status notes are escaped', async () => {
  const eleve = await accountId(srv.url, 'eleve');
  const crpe = await programmeId(srv.url, 'CRPE');
  const r = await c.eleve.submit(`/formations/${crpe}/inscription`, `/formations/${crpe}/inscription`, { learner_id: eleve, note: `Besoin ${BOTH}` });
  assert.equal(r.status, 303);
  const e = Number(/(\d+)$/.exec(r.location)[1]);
  const page = await c.eleve.get(r.location);
  const requirement = /name="requirement_id" value="(\d+)"/.exec(page.text)[1];
  const up = await submitMultipart(c.eleve, r.location, `/inscriptions/${e}/pieces`,
    { requirement_id: requirement, file: { filename: `${P1}.pdf`, data: PDF } });
  assert.equal(up.status, 303);
  const withDoc = await c.eleve.get(r.location);
  const doc = new RegExp(`/inscriptions/${e}/pieces/(\\d+)`).exec(withDoc.text)[1];
  const file = await c.eleve.get(`/inscriptions/${e}/pieces/${doc}`, { raw: true });
  assert.equal(file.status, 200);
  assert.doesNotMatch(file.headers.get('content-disposition'), /[\r\n]/);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  const rej = await c.conseiller.submit(r.location, `/inscriptions/${e}/pieces/${doc}/examen`, { decision: 'reject', note: `Refus ${P2}` });
  assert.equal(rej.status, 303);
  assert.equal((await c.conseiller.submit(r.location, `/inscriptions/${e}/amenagements`, { extra_time_pct: '10', accommodation_note: `Note ${BOTH}` })).status, 303);
  assert.equal((await c.conseiller.submit(r.location, `/inscriptions/${e}/statut`, { status: 'cancelled', note: `Statut ${P1}` })).status, 303);
  // a refused note comes back escaped too
  const tooLong = await c.conseiller.submit(r.location, `/inscriptions/${e}/amenagements`, { extra_time_pct: '500', accommodation_note: P1 });
  assert.equal(tooLong.status, 400);
  assertNoRawMarkup(tooLong.text, 'refused accommodation');
  const q = encodeURIComponent(P2);
  const html = await crawl(c.conseiller, [r.location, '/admin/inscriptions', `/admin/inscriptions?q=${q}&statut=${q}`]);
  assert.ok(html.includes(ESCAPED1) && html.includes(ESCAPED2));
  await crawl(c.eleve, [r.location, '/mes-inscriptions']);
  await crawl(c.parent, [r.location, '/mes-enfants']);
});

test('names, labels, organisations and schools typed by admins are refused or escaped', async () => {
  const person = await c.admin.submit('/admin/personnes/nouvelle', '/admin/personnes', {
    given_name: P1, family_name: P2, login: P2, email: P2, birth_date: P1, role: 'learner' });
  assert.equal(person.status, 400);
  assertNoRawMarkup(person.text, 'refused account form');
  assert.ok(person.text.includes(ESCAPED1), 'the typed value is kept, escaped');
  const org = await c.admin.submit('/admin/organisations', '/admin/organisations', {
    name: `Org ${BOTH}`, slug: 'org-xss', hostname: '', given_name: 'Admin', family_name: 'Xss', login: 'admin.xss', email: '' });
  assert.equal(org.status, 303);
  const badOrg = await c.admin.submit('/admin/organisations', '/admin/organisations', {
    name: P1, slug: P2, hostname: P1, given_name: P2, family_name: P1, login: P2, email: P1 });
  assert.ok([400, 409].includes(badOrg.status));
  assertNoRawMarkup(badOrg.text, 'refused organisation form');
  const school = await c.admin.submit('/admin/etablissements', '/admin/etablissements', {
    name: `École ${P1}`, uai: '', city: `Ville ${P2}`, academy: P1, staff_login: '' });
  assert.equal(school.status, 303);
  const badSchool = await c.admin.submit('/admin/etablissements', '/admin/etablissements', {
    name: P1, uai: P2, city: P1, academy: P2, staff_login: P1 });
  assert.equal(badSchool.status, 400);
  assertNoRawMarkup(badSchool.text, 'refused school form');
  const label = await c.admin.submit('/compte/jetons', '/compte/jetons', { label: `Jeton ${BOTH}` });
  assert.equal(label.status, 200);
  assertNoRawMarkup(label.text, 'token created');
  const q = encodeURIComponent(P1);
  const html = await crawl(c.admin, ['/admin/organisations', '/admin/etablissements', '/compte/jetons', '/admin/personnes',
    `/admin/personnes?q=${q}&role=${encodeURIComponent(P2)}`, '/admin/courrier', '/admin', '/compte']);
  assert.ok(html.includes(ESCAPED1) && html.includes(ESCAPED2));
});

test('what a visitor types in the address, forms and cookies is escaped', async () => {
  const anon = new Client(srv.url);
  const login = await anon.submit('/connexion', '/connexion', { login: P2, password: 'x', suite: P2 });
  assert.equal(login.status, 400);
  assertNoRawMarkup(login.text, 'sign-in error');
  assert.ok(login.text.includes(ESCAPED2));
  await crawl(anon, [`/connexion?suite=${encodeURIComponent('/' + P2)}`, `/${encodeURIComponent(P1)}`,
    `/formations/${encodeURIComponent(P2)}`, `/catalogue?q=${encodeURIComponent(P1)}&page=${encodeURIComponent(P2)}`,
    `/mot-de-passe/nouveau?jeton=${encodeURIComponent(P2)}`]);
  const forgot = await anon.submit('/mot-de-passe/oubli', '/mot-de-passe/oubli', { who: P1 });
  assertNoRawMarkup(forgot.text, 'forgotten password');
  // a flash message planted in a cookie is shown as text
  const planted = new Client(srv.url);
  planted.cookies.set('cartable_flash', encodeURIComponent(`ok:${P1}`));
  const home = await planted.get('/');
  assertNoRawMarkup(home.text, 'flash cookie');
  assert.ok(home.text.includes(ESCAPED1));
  const notFound = await anon.get(`/${encodeURIComponent(P2)}`);
  assert.equal(notFound.status, 404);
  assertNoRawMarkup(notFound.text, '404 page');
  assert.match(notFound.text, /href="\/langue\?l=en&amp;suite=%2F%22%3E%3Cimg/);
  // the API returns JSON text, never HTML
  const apiSearch = await api(srv.url, 'GET', `/api/v1/programmes?q=${encodeURIComponent(P1)}`);
  assert.match(apiSearch.headers.get('content-type'), /^application\/json/);
});

test('CSV imports keep markup out of pages and exports out of formulas', async () => {
  const page = await c.etablissement.get('/etablissement');
  const course = /<option value="(\d+)">Latin/.exec(page.text)[1];
  const csv = `Nom;Prénom;Date de naissance;Classe\r\n=1+2;+Tableur;01/01/2011;${P1}\r\n@Somme;-Moins;02/01/2011;4e\r\n`;
  const preview = await submitMultipart(c.etablissement, '/etablissement', '/etablissement/import',
    { course_id: course, file: { filename: 'liste.csv', data: csv } });
  assert.equal(preview.status, 200);
  assertNoRawMarkup(preview.text, 'preview');
  const fields = {};
  for (const m of preview.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  assert.equal((await c.etablissement.post('/etablissement/import/confirmer', fields)).status, 303);
  const html = await crawl(c.etablissement, ['/etablissement']);
  assert.ok(html.includes(ESCAPED1), 'the class is shown, escaped');
  await crawl(c.admin, ['/admin/personnes?q=tableur', '/admin/inscriptions']);
  for (const [client, path] of [[c.conseiller, '/admin/inscriptions.csv'], [c.etablissement, '/etablissement/inscriptions.csv']]) {
    const r = await client.get(path, { raw: true });
    const rows = parseCsv(Buffer.from(r.bytes).subarray(3).toString('utf8'));
    const names = rows.slice(1).map((row) => row[1]);
    assert.ok(names.includes("'+Tableur =1+2"), `${path}: ${names}`);
    assert.ok(names.includes("'-Moins @Somme"), `${path}: ${names}`);
    assert.ok(rows.flat().every((f) => !/^[=+@]|^-[^0-9]/.test(f)), `${path}: no cell starts a formula`);
  }
});
