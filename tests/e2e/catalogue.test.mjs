// The catalogue: search that ignores case and accents (the same titles on
// SQLite and PostgreSQL), filters, programme and course pages, editing by
// authors and admins, unpublished entries, the API, and other tenants.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { alerts, api, assertJsonError, assertNoRawMarkup, listedTitles, programmeId, tokenFor, unescapeHtml } from './support.mjs';

let srv, anon, author, adminC, univAdmin;
before(async () => {
  srv = await startServer();
  anon = new Client(srv.url);
  author = new Client(srv.url);
  await author.login('auteur');
  adminC = new Client(srv.url);
  await adminC.login('admin');
  univAdmin = new Client(srv.url);
  await univAdmin.login('admin.univ');
});
after(async () => { await srv.stop(); });

const LYCEE = ['Première générale', 'Seconde générale et technologique', 'Terminale générale', 'Terminale STMG'];
const CYBER = ['Assistant(e) en cybersécurité', 'BTS CIEL – Cybersécurité, informatique et réseaux, électronique'];
const BTS_POSTBAC_PRO = ['BTS CIEL – Cybersécurité, informatique et réseaux, électronique', 'BTS Communication',
  'BTS Diététique', 'BTS Services et prestations des secteurs sanitaire et social (S2MS)'];
const REGULATED = ['CM2 – cursus complet', 'CP – cursus complet', 'Première générale',
  'Seconde générale et technologique', 'Sixième – cursus complet', 'Terminale générale', 'Troisième – cursus complet'];

async function search(query) {
  const r = await anon.get(`/catalogue?${query}`);
  assert.equal(r.status, 200, query);
  return listedTitles(r.text);
}

async function apiTitles(query) {
  const r = await api(srv.url, 'GET', `/api/v1/programmes?${query}`);
  assert.equal(r.status, 200, query);
  return r.json.programmes.map((p) => p.title);
}

const mainOf = (html) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)[1];

function unitIds(html) {
  const select = /<select id="f-unit_id"[\s\S]*?<\/select>/.exec(html)[0];
  const out = {};
  for (const m of select.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)) out[unescapeHtml(m[2])] = m[1];
  return out;
}

const programmeFields = (units, over = {}) => ({
  title: 'Atelier de méthodologie', code: 'ATELIER-METHO', unit_id: units['Lycée'], level: '2nde',
  public: 'free', duration_months: '3', duration_hours: '40', price: '0', summary: 'Apprendre à apprendre.',
  description_md: '## Programme\n\n- Prendre des notes\n- **Réviser**', published: '1', ...over,
});

test('search ignores case and accents, the same on every engine', async () => {
  for (const q of ['lycee', 'LYCÉE', 'Lycée', 'lycée']) assert.deepEqual(await search(`q=${encodeURIComponent(q)}`), LYCEE, q);
  for (const q of ['diete', 'DIÉTÉ', 'diététique']) assert.deepEqual(await search(`q=${encodeURIComponent(q)}`), ['BTS Diététique'], q);
  for (const q of ['CYBERSECURITE', 'cybersécurité', 'Cybersecurite']) assert.deepEqual(await search(`q=${encodeURIComponent(q)}`), CYBER, q);
  assert.deepEqual(await search(`q=${encodeURIComponent('lyce\u0301e')}`), LYCEE, 'decomposed accents');
  assert.deepEqual(await search('q=oeuvre'), ['BTS Communication'], 'œ folds to oe');
  assert.deepEqual(await search(`q=${encodeURIComponent('ŒUVRE')}`), ['BTS Communication']);
  assert.deepEqual(await search('q=francais'), ['CM2 – cursus complet',
    'DAEFLE – Diplôme d\'aptitude à l\'enseignement du français langue étrangère']);
  assert.deepEqual(await search(`q=${encodeURIComponent('préparation concours')}`),
    ['Préparation au CAPES de lettres modernes', 'Préparation au CRPE (professeur des écoles)'], 'every word, anywhere');
  const none = await anon.get('/catalogue?q=introuvablezzz');
  assert.match(textOf(none.text), /Aucune formation trouvée/);
  // LIKE wildcards typed by a visitor are plain characters
  assert.deepEqual(await search('q=%25%25diet%25'), ['BTS Diététique']);
  // the API gives the same answers
  assert.deepEqual(await apiTitles('q=lycee'), LYCEE);
  assert.deepEqual(await apiTitles('q=diete'), ['BTS Diététique']);
  assert.deepEqual(await apiTitles('q=CYBERSECURITE'), CYBER);
});

test('filters by unit, level and public combine with words', async () => {
  assert.deepEqual(await search('unite=pro&niveau=postbac'), BTS_POSTBAC_PRO);
  assert.deepEqual(await search('public=regulated'), REGULATED);
  assert.deepEqual(await search('unite=langues'), ['DAEFLE – Diplôme d\'aptitude à l\'enseignement du français langue étrangère', 'Préparation TOEIC 4 Skills']);
  assert.deepEqual(await search('niveau=terminale&public=free'),
    ['Bac pro Accompagnement, soins et services à la personne (ASSP)', 'Terminale STMG']);
  assert.deepEqual(await search('q=bts&niveau=postbac&public=free&unite=pro'), BTS_POSTBAC_PRO);
  assert.deepEqual(await search('unite=sup&q=crpe'), ['Préparation au CRPE (professeur des écoles)']);
  assert.deepEqual(await search('unite=inconnue'), []);
  assert.deepEqual(await search('niveau=%27%20OR%201%3D1--'), []);
  assert.deepEqual(await apiTitles('unit=pro&level=postbac'), BTS_POSTBAC_PRO);
  assert.deepEqual(await apiTitles('public=regulated'), REGULATED);
  // the chosen filters stay selected in the form
  const r = await anon.get('/catalogue?unite=pro&niveau=postbac&public=free');
  assert.match(r.text, /<option value="pro" selected>/);
  assert.match(r.text, /<option value="postbac" selected>/);
  assert.match(r.text, /<option value="free" selected>/);
});

test('the list goes page by page', async () => {
  const first = await anon.get('/catalogue');
  const t1 = listedTitles(first.text);
  assert.equal(t1.length, 20);
  assert.match(first.text, /href="\/catalogue\?page=2" rel="next"/);
  const t2 = listedTitles((await anon.get('/catalogue?page=2')).text);
  assert.deepEqual(t2, ['Terminale STMG', 'Troisième – cursus complet']);
  assert.deepEqual(listedTitles((await anon.get('/catalogue?page=abc')).text), t1);
  assert.deepEqual(listedTitles((await anon.get('/catalogue?page=-4')).text), t1);
  assert.deepEqual(listedTitles((await anon.get('/catalogue?page=99999999999999999999')).text), t1);
  const api1 = await api(srv.url, 'GET', '/api/v1/programmes');
  assert.equal(api1.json.programmes.length, 22);
  assert.equal(api1.json.has_more, false);
  assert.equal(api1.json.page, 1);
});

test('a programme page shows its facts, courses, documents and rendered description', async () => {
  const id = await programmeId(srv.url, 'TLE-GEN');
  const r = await anon.get(`/formations/${id}`);
  assert.equal(r.status, 200);
  const t = textOf(r.text);
  assert.match(t, /Terminale générale/);
  assert.match(t, /Pôle Lycée Niveau Terminale Public Scolarité réglementée Durée 10 mois Prix Gratuit Code TLE-GEN/);
  for (const c of ['Mathématiques – Terminale (spécialité)', 'Philosophie – Terminale', 'Histoire-géographie – Terminale',
    'Physique-chimie – Terminale (spécialité)']) assert.ok(t.includes(c), c);
  assert.match(t, /Pièces à fournir à l'inscription Justificatif de scolarité réglementée : L'avis favorable/);
  assert.match(r.text, /<h2>Pour qui \?<\/h2>/);
  assert.match(r.text, /<strong>scolarité réglementée<\/strong>/);
  assert.match(r.text, new RegExp(`href="/formations/${id}/inscription"`));
  const course = /href="\/cours\/(\d+)">Philosophie/.exec(r.text)[1];
  const c = await anon.get(`/cours/${course}`);
  assert.equal(c.status, 200);
  assert.match(textOf(c.text), /Philosophie – Terminale.*Code TLE-PHILO/);
  assert.doesNotMatch(c.text, /inscription"/, 'not sold alone');
  const diet = await anon.get(`/formations/${await programmeId(srv.url, 'BTS-DIET')}`);
  assert.match(textOf(diet.text), /Prix 2 ?490,00 €/);
  assert.match(textOf(diet.text), /Diplôme du baccalauréat/);
});

test('unknown or malformed ids are 404 on pages and in the API', async () => {
  for (const id of ['0', '-1', 'abc', '99999999', '3.0', '99999999999999999999999', '1%2F2']) {
    for (const path of [`/formations/${id}`, `/cours/${id}`, `/formations/${id}/inscription`]) {
      const r = await anon.get(path);
      assert.ok(r.status === 404 || (r.status === 303 && path.endsWith('inscription')), `${path}: ${r.status}`);
    }
    assertJsonError(await api(srv.url, 'GET', `/api/v1/programmes/${id}`), 404, 'not_found');
  }
  const nf = await anon.get('/formations/99999999');
  assert.match(textOf(nf.text), /Cette page n'existe pas, ou vous n'y avez pas accès/);
});

test('courses à la carte are listed for schools, with their own pages', async () => {
  const r = await anon.get('/catalogue/cours');
  const titles = [...r.text.matchAll(/<h2><a href="\/cours\/\d+">([^<]*)<\/a>/g)].map((m) => unescapeHtml(m[1]));
  assert.deepEqual(titles, ['Anglais – Seconde (cours à la carte)', 'Chinois LV3 – Lycée (cours à la carte)',
    'Latin – Troisième (cours à la carte)']);
  const latin = await anon.get('/catalogue/cours?q=LATIN');
  assert.equal([...latin.text.matchAll(/<h2><a href="\/cours\/(\d+)">/g)].length, 1);
  const id = /<h2><a href="\/cours\/(\d+)">Latin/.exec(latin.text)[1];
  const page = await anon.get(`/cours/${id}`);
  assert.match(textOf(page.text), /Cours proposé à la carte : 75,00 €/);
  assert.match(page.text, new RegExp(`href="/cours/${id}/inscription"`));
  assert.match(textOf((await anon.get('/catalogue/cours?q=zzz')).text), /Aucun cours trouvé/);
});

test('only authors and admins reach catalogue editing', async () => {
  const paths = ['/admin/catalogue', '/admin/catalogue/cours', '/admin/catalogue/formations/nouvelle',
    '/admin/catalogue/cours/nouveau', `/admin/catalogue/formations/${await programmeId(srv.url, 'TLE-GEN')}`];
  for (const path of paths) {
    assert.equal((await author.get(path)).status, 200, path);
    assert.equal((await adminC.get(path)).status, 200, path);
    const a = await anon.get(path);
    assert.equal(a.status, 303);
    assert.equal(a.location, `/connexion?suite=${encodeURIComponent(path)}`);
  }
  for (const login of ['eleve', 'prof', 'conseiller', 'etablissement', 'parent']) {
    const c = new Client(srv.url);
    await c.login(login);
    assert.equal((await c.get('/admin/catalogue')).status, 403, login);
    const post = await c.submit('/compte', '/admin/catalogue/formations', { code: 'PIRATE', title: 'Pirate' });
    assert.equal(post.status, 403, login);
  }
  assert.deepEqual(await search('q=pirate'), []);
});

test('an author creates and edits a programme; errors are French and change nothing', async () => {
  const units = unitIds((await author.get('/admin/catalogue/formations/nouvelle')).text);
  assert.deepEqual(Object.keys(units), ['École', 'Collège', 'Lycée', 'Pro', 'Sup-concours', 'Langues']);
  const bad = [
    [{ title: '' }, 'title', /Indiquez un intitulé/],
    [{ title: 'x'.repeat(201) }, 'title', /200 caractères au plus/],
    [{ code: 'A' }, 'code', /Le code compte 2 à 40 caractères/],
    [{ code: 'CODE AVEC ESPACE' }, 'code', /Le code compte 2 à 40 caractères/],
    [{ unit_id: '' }, 'unit_id', /Choisissez un pôle de la liste/],
    [{ unit_id: '99999' }, 'unit_id', /Choisissez un pôle de la liste/],
    [{ level: 'maternelle' }, 'level', /Choisissez un niveau de la liste/],
    [{ public: 'tous' }, 'public', /Choisissez un public de la liste/],
    [{ duration_months: '121' }, 'duration_months', /La durée en mois est un nombre entier de 0 à 120/],
    [{ duration_months: 'deux' }, 'duration_months', /La durée en mois/],
    [{ duration_hours: '-1' }, 'duration_hours', /La durée en heures/],
    [{ price: 'gratuit' }, 'price', /Le prix s'écrit en euros/],
    [{ summary: 'ligne\nautre ligne' }, 'summary', /Le résumé compte 500 caractères au plus, sur une ligne/],
  ];
  for (const [change, field, message] of bad) {
    const r = await author.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations', programmeFields(units, change));
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.match(alerts(r.text)[0], message, JSON.stringify(change));
    assert.match(r.text, new RegExp(`name="${field}"[^>]*aria-invalid="true"|id="f-${field}"[^>]*aria-invalid="true"`), field);
  }
  const dup = await author.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations', programmeFields(units, { code: 'BTS-DIET' }));
  assert.equal(dup.status, 409);
  assert.match(alerts(dup.text)[0], /Une autre formation a déjà ce code/);
  assert.deepEqual(await search('q=atelier'), [], 'nothing created');

  const ok = await author.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations', programmeFields(units));
  assert.equal(ok.status, 303);
  const id = Number(/\/admin\/catalogue\/formations\/(\d+)$/.exec(ok.location)[1]);
  assert.deepEqual(await search('q=methodologie'), ['Atelier de méthodologie']);
  const pub = await anon.get(`/formations/${id}`);
  assert.match(pub.text, /<h2>Programme<\/h2>/);
  assert.match(pub.text, /<strong>Réviser<\/strong>/);
  assert.match(textOf(pub.text), /Durée 3 mois, 40 heures Prix Gratuit/);

  // edit: a duplicate code is a conflict, the rest is saved as typed
  const edit = `/admin/catalogue/formations/${id}`;
  const clash = await author.submit(edit, edit, programmeFields(units, { code: 'TLE-GEN', title: 'Ne doit pas rester' }));
  assert.equal(clash.status, 409);
  assert.match(alerts(clash.text)[0], /Une autre formation a déjà ce code/);
  assert.match(clash.text, /value="Ne doit pas rester"/, 'the form keeps what was typed');
  assert.deepEqual(await search('q=rester'), []);
  const saved = await author.submit(edit, edit, programmeFields(units, { title: 'Atelier de méthodologie renforcé', price: '49,90', unit_id: units['Sup-concours'] }));
  assert.equal(saved.status, 303);
  assert.equal(saved.location, edit);
  assert.deepEqual(await search('q=renforce'), ['Atelier de méthodologie renforcé']);
  assert.deepEqual(await search('q=renforce&unite=sup'), ['Atelier de méthodologie renforcé']);
  assert.deepEqual(await search('q=renforce&unite=lycee'), []);
  assert.match(textOf((await anon.get(`/formations/${id}`)).text), /Prix 49,90 €/);
  const nocsrf = await author.post(edit, programmeFields(units, { title: 'Sans jeton' }));
  assert.equal(nocsrf.status, 403);
  assert.deepEqual(await search('q=jeton'), []);
  for (const badId of ['abc', '0', '99999999']) {
    const r = await author.submit('/admin/catalogue', `/admin/catalogue/formations/${badId}`, programmeFields(units, { code: 'AUTRE-CODE' }));
    assert.equal(r.status, 404, badId);
    assert.equal((await author.get(`/admin/catalogue/formations/${badId}`)).status, 404);
  }
});

test('raw HTML in a Markdown description is dropped', async () => {
  const units = unitIds((await adminC.get('/admin/catalogue/formations/nouvelle')).text);
  const md = '# Titre\n\n<script>alert(1)</script>\n\nTexte <img src=x onerror=alert(1)> et ' +
    '[lien](javascript:alert(1)) et <a href="https://evil.example">a</a>\n\n<iframe src="https://evil.example"></iframe>';
  const r = await adminC.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations',
    programmeFields(units, { code: 'MD-SAFE', title: 'Formation Markdown', description_md: md }));
  assert.equal(r.status, 303);
  const id = /(\d+)$/.exec(r.location)[1];
  const page = await anon.get(`/formations/${id}`);
  assert.match(page.text, /<h1>Titre<\/h1>/);
  const prose = /<section class="prose">([\s\S]*?)<\/section>/.exec(page.text)[1];
  assertNoRawMarkup(page.text, 'programme page');
  assert.doesNotMatch(prose, /<script|<img|<iframe|javascript:|evil\.example|onerror/i);
  const j = await api(srv.url, 'GET', `/api/v1/programmes/${id}`);
  assert.doesNotMatch(j.json.description_html, /<script|<img|<iframe|javascript:|onerror/i);
  assert.equal(j.json.description_md, md, 'the source is kept as written');
  // the edit form shows the source escaped in its textarea
  const edit = await adminC.get(`/admin/catalogue/formations/${id}`);
  assertNoRawMarkup(edit.text, 'edit form');
  assert.match(edit.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('unpublished programmes exist only for authors and admins', async () => {
  const units = unitIds((await author.get('/admin/catalogue/formations/nouvelle')).text);
  const fields = programmeFields(units, { code: 'BROUILLON', title: 'Formation en préparation' });
  delete fields.published;
  const r = await author.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations', fields);
  assert.equal(r.status, 303);
  const id = Number(/(\d+)$/.exec(r.location)[1]);
  const missing = await anon.get('/formations/99999999');
  for (const login of [null, 'eleve', 'conseiller', 'etablissement']) {
    const c = new Client(srv.url);
    if (login) await c.login(login);
    const p = await c.get(`/formations/${id}`);
    assert.equal(p.status, 404, String(login));
    assert.equal(mainOf(p.text), mainOf(missing.text), 'exactly like a missing page');
    const apply = await c.get(`/formations/${id}/inscription`);
    assert.ok([303, 404].includes(apply.status));
  }
  assert.deepEqual(await search('q=preparation&niveau=2nde'), []);
  assertJsonError(await api(srv.url, 'GET', `/api/v1/programmes/${id}`), 404, 'not_found');
  assert.ok(!(await apiTitles('q=brouillon')).length);
  const eleveToken = await tokenFor(srv.url, 'eleve');
  assertJsonError(await api(srv.url, 'GET', `/api/v1/programmes/${id}`, { token: eleveToken }), 404, 'not_found');
  assertJsonError(await api(srv.url, 'POST', '/api/v1/enrolments', { token: eleveToken, json: { programme_id: id } }), 404, 'not_found');
  for (const c of [author, adminC]) {
    const p = await c.get(`/formations/${id}`);
    assert.equal(p.status, 200);
    assert.match(textOf(p.text), /Non publiée/);
    assert.doesNotMatch(p.text, /\/inscription"/);
  }
  const authorToken = await tokenFor(srv.url, 'auteur');
  const j = await api(srv.url, 'GET', `/api/v1/programmes/${id}`, { token: authorToken });
  assert.equal(j.status, 200);
  assert.equal(j.json.published, false);
  assert.match(textOf((await author.get('/admin/catalogue?q=preparation')).text), /Formation en préparation BROUILLON Lycée Gratuit brouillon/);
});

test('documents asked at enrolment are added and removed by editors', async () => {
  const id = await programmeId(srv.url, 'CAP-FLEUR');
  const edit = `/admin/catalogue/formations/${id}`;
  const empty = await author.submit(edit, `${edit}/pieces`, { req_title: '  ', req_description: '' });
  assert.equal(empty.status, 400);
  assert.match(alerts(empty.text)[0], /Indiquez le nom de la pièce demandée/);
  const ok = await author.submit(edit, `${edit}/pieces`, { req_title: 'Pièce d\'identité', req_description: 'Recto et verso.' });
  assert.equal(ok.status, 303);
  assert.match(textOf((await anon.get(`/formations/${id}`)).text), /Pièces à fournir à l'inscription Pièce d'identité : Recto et verso\./);
  const j = await api(srv.url, 'GET', `/api/v1/programmes/${id}`);
  assert.deepEqual(j.json.requirements.map((q) => q.title), ['Pièce d\'identité']);
  const page = await author.get(edit);
  const remove = new RegExp(`action="(${edit}/pieces/(\\d+)/supprimer)"`).exec(page.text);
  assert.equal((await author.post(remove[1], {})).status, 403, 'no CSRF');
  assert.equal((await author.submit(edit, `${edit}/pieces/99999999/supprimer`)).status, 404);
  const other = await programmeId(srv.url, 'TLE-GEN');
  assert.equal((await author.submit(edit, `/admin/catalogue/formations/${other}/pieces/${remove[2]}/supprimer`)).status, 404,
    'a document of another programme');
  const gone = await author.submit(edit, remove[1]);
  assert.equal(gone.status, 303);
  assert.doesNotMatch(textOf((await anon.get(`/formations/${id}`)).text), /Pièce d'identité/);
});

test('editors choose the courses of a programme, from their own organisation only', async () => {
  const id = await programmeId(srv.url, 'BTS-COM');
  const edit = `/admin/catalogue/formations/${id}`;
  const page = await author.get(edit);
  const ids = Object.fromEntries([...page.text.matchAll(/name="course_id" value="(\d+)"[^>]*><label for="c-\d+">([^<]*) \(/g)]
    .map((m) => [unescapeHtml(m[2]), m[1]]));
  const csrf = Client.csrf(page.text);
  const post = (list) => author.post(`${edit}/cours`, new URLSearchParams([['csrf', csrf], ...list.map((v) => ['course_id', v])]));
  const ok = await post([ids['Anglais – Seconde (cours à la carte)'], ids['Latin – Troisième (cours à la carte)']]);
  assert.equal(ok.status, 303);
  const pub = textOf((await anon.get(`/formations/${id}`)).text);
  assert.match(pub, /Cours de la formation Anglais – Seconde \(cours à la carte\) Latin – Troisième \(cours à la carte\)/);
  assert.equal((await post(['abc'])).status, 400);
  assert.equal((await post(['99999999'])).status, 404);
  // a course of the university
  const univCourses = await univAdmin.get('/admin/catalogue/cours');
  const univCourse = /href="\/admin\/catalogue\/cours\/(\d+)">Introduction au droit/.exec(univCourses.text)[1];
  assert.equal((await post([univCourse])).status, 404);
  assert.match(textOf((await anon.get(`/formations/${id}`)).text), /Latin – Troisième/, 'unchanged');
  assert.doesNotMatch(textOf((await anon.get(`/formations/${id}`)).text), /Introduction au droit/);
  assert.equal((await post([])).status, 303);
  assert.doesNotMatch(textOf((await anon.get(`/formations/${id}`)).text), /Cours de la formation/);
});

test('courses are created and edited, with their checks', async () => {
  const page = await author.get('/admin/catalogue/cours/nouveau');
  const units = unitIds(page.text);
  const fields = { title: 'Italien – Première (cours à la carte)', code: 'CAL-ITALIEN-1RE', unit_id: units['Lycée'],
    level: '1re', summary: 'Langue vivante C.', description_md: 'Cours **complet**.', a_la_carte: '1', price: '85', published: '1' };
  const dup = await author.submit('/admin/catalogue/cours/nouveau', '/admin/catalogue/cours', { ...fields, code: 'CAL-LATIN-3E' });
  assert.equal(dup.status, 409);
  assert.match(alerts(dup.text)[0], /Un autre cours a déjà ce code/);
  const badLevel = await author.submit('/admin/catalogue/cours/nouveau', '/admin/catalogue/cours', { ...fields, level: 'zz' });
  assert.equal(badLevel.status, 400);
  assert.match(alerts(badLevel.text)[0], /Choisissez un niveau de la liste/);
  const badPrice = await author.submit('/admin/catalogue/cours/nouveau', '/admin/catalogue/cours', { ...fields, price: '1e9' });
  assert.equal(badPrice.status, 400);
  const ok = await author.submit('/admin/catalogue/cours/nouveau', '/admin/catalogue/cours', fields);
  assert.equal(ok.status, 303);
  const id = /(\d+)$/.exec(ok.location)[1];
  const list = await anon.get('/catalogue/cours?q=italien');
  assert.match(textOf(list.text), /Italien – Première \(cours à la carte\) Première · 85,00 €/);
  // no longer sold alone: leaves the à-la-carte list, stays visible
  const { a_la_carte: carte, ...notAlone } = fields;
  assert.ok(carte);
  const off = await author.submit(ok.location, ok.location, { ...notAlone, title: 'Italien – Première' });
  assert.equal(off.status, 303);
  assert.doesNotMatch(textOf((await anon.get('/catalogue/cours?q=italien')).text), /Italien/);
  assert.equal((await anon.get(`/cours/${id}`)).status, 200);
  // unpublished: gone for the public
  const { published, ...hidden } = fields;
  assert.ok(published);
  assert.equal((await author.submit(ok.location, ok.location, hidden)).status, 303);
  assert.equal((await anon.get(`/cours/${id}`)).status, 404);
  assert.equal((await author.get(`/cours/${id}`)).status, 200);
  assert.equal((await author.get('/admin/catalogue/cours/99999999')).status, 404);
});

test('the API gives a programme with its courses and documents', async () => {
  const id = await programmeId(srv.url, 'TLE-GEN');
  const r = await api(srv.url, 'GET', `/api/v1/programmes/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.code, 'TLE-GEN');
  assert.equal(r.json.title, 'Terminale générale');
  assert.deepEqual(r.json.unit, { code: 'lycee', name: 'Lycée' });
  assert.equal(r.json.level, 'terminale');
  assert.equal(r.json.level_label, 'Terminale');
  assert.equal(r.json.public, 'regulated');
  assert.equal(r.json.price_cents, 0);
  assert.equal(r.json.duration_months, 10);
  assert.equal(r.json.published, true);
  assert.deepEqual(r.json.courses.map((c) => c.code), ['TLE-MATHS', 'TLE-PHILO', 'TLE-HG', 'TLE-PC']);
  assert.deepEqual(r.json.requirements.map((q) => q.title), ['Justificatif de scolarité réglementée']);
  assert.match(r.json.description_html, /<h2>Pour qui \?<\/h2>/);
  const diet = await api(srv.url, 'GET', `/api/v1/programmes/${await programmeId(srv.url, 'BTS-DIET')}`);
  assert.equal(diet.json.price_cents, 249000);
  assert.deepEqual(diet.json.courses.map((c) => c.title), ['Nutrition et alimentation', 'Biochimie et physiopathologie']);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assertJsonError(await api(srv.url, 'POST', '/api/v1/programmes', { json: {} }), 405, 'method_not_allowed');
  assertJsonError(await api(srv.url, 'GET', '/api/v1/programmes/1/autre'), 404, 'not_found');
});

test('another organisation sees none of the operator catalogue and cannot edit it', async () => {
  const tle = await programmeId(srv.url, 'TLE-GEN');
  const student = new Client(srv.url);
  await student.login('etudiant.univ');
  const p = await student.get(`/formations/${tle}`);
  assert.equal(p.status, 404);
  assert.deepEqual(listedTitles((await student.get('/catalogue?q=lycee')).text), []);
  const token = await tokenFor(srv.url, 'etudiant.univ');
  assertJsonError(await api(srv.url, 'GET', `/api/v1/programmes/${tle}`, { token }), 404, 'not_found');
  assert.deepEqual((await api(srv.url, 'GET', '/api/v1/programmes?q=lycee', { token })).json.programmes, []);
  const courses = await student.get('/catalogue/cours');
  assert.match(textOf(courses.text), /Introduction au droit \(L1\)/);
  assert.doesNotMatch(textOf(courses.text), /Latin/);

  // the university's admin: 404 on operator ids, no operator unit in the forms
  const edit = `/admin/catalogue/formations/${tle}`;
  assert.equal((await univAdmin.get(edit)).status, 404);
  const units = unitIds((await univAdmin.get('/admin/catalogue/formations/nouvelle')).text);
  assert.deepEqual(Object.keys(units), ['Licence']);
  const opUnits = unitIds((await author.get('/admin/catalogue/formations/nouvelle')).text);
  const change = await univAdmin.submit('/admin/catalogue', edit, programmeFields(opUnits, { code: 'TLE-GEN', title: 'Piraté' }));
  assert.equal(change.status, 404);
  assert.equal((await univAdmin.submit('/admin/catalogue', `${edit}/pieces`, { req_title: 'Piraté' })).status, 404);
  assert.equal((await univAdmin.submit('/admin/catalogue', `${edit}/cours`, {})).status, 404);
  const reqId = /\/pieces\/(\d+)\/supprimer/.exec((await author.get(edit)).text)[1];
  assert.equal((await univAdmin.submit('/admin/catalogue', `${edit}/pieces/${reqId}/supprimer`)).status, 404);
  const opUnit = await univAdmin.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations',
    programmeFields(opUnits, { code: 'UNIV-X', unit_id: opUnits['Lycée'] }));
  assert.equal(opUnit.status, 400);
  assert.match(alerts(opUnit.text)[0], /Choisissez un pôle de la liste/);
  const j = await api(srv.url, 'GET', `/api/v1/programmes/${tle}`);
  assert.equal(j.json.title, 'Terminale générale');
  assert.deepEqual(j.json.requirements.map((q) => q.title), ['Justificatif de scolarité réglementée']);
  assert.equal(j.json.courses.length, 4);
  // the same code may exist in two organisations
  const own = await univAdmin.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations',
    programmeFields(units, { code: 'TLE-GEN', title: 'Licence de droit', level: 'postbac', unit_id: units.Licence }));
  assert.equal(own.status, 303);
  assert.deepEqual(await search('q=droit'), []);
});
