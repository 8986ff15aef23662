// Enrolment: applying (learner, guardian, advisor), documents sent and
// reviewed, statuses and their history, accommodations, cancelling, the
// staff queue and CSV export, the API, and who may see what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import {
  PDF, accountId, alerts, api, assertJsonError, courseId, parseCsv, programmeId, submitMultipart, tokenFor, unescapeHtml,
} from './support.mjs';

let srv;
const c = {}, tok = {}, id = {};
before(async () => {
  srv = await startServer();
  for (const login of ['eleve', 'parent', 'conseiller', 'admin', 'prof', 'etudiant.univ', 'admin.univ', 'etablissement']) {
    c[login] = new Client(srv.url);
    await c[login].login(login);
    tok[login] = await tokenFor(srv.url, login);
  }
  for (const login of ['eleve', 'parent']) id[login] = await accountId(srv.url, login);
  // a second learner of the operator, and a free programme without documents
  const r = await c.admin.submit('/admin/personnes/nouvelle', '/admin/personnes',
    { given_name: 'Autre', family_name: 'Élève', login: 'autre.eleve', password: 'demo', role: 'learner' });
  assert.equal(r.status, 303);
  c.autre = new Client(srv.url);
  await c.autre.login('autre.eleve');
  tok.autre = await tokenFor(srv.url, 'autre.eleve');
  id.autre = await accountId(srv.url, 'autre.eleve');
  const page = await c.admin.get('/admin/catalogue/formations/nouvelle');
  const unit = /<option value="(\d+)">Lycée</.exec(page.text)[1];
  const p = await c.admin.submit('/admin/catalogue/formations/nouvelle', '/admin/catalogue/formations', {
    title: 'Méthodologie du travail à distance', code: 'METHODO', unit_id: unit, level: '2nde', public: 'free',
    duration_months: '1', price: '0', summary: 'Gratuit, sans pièce.', published: '1' });
  assert.equal(p.status, 303);
  id.methodo = Number(/(\d+)$/.exec(p.location)[1]);
  for (const code of ['TLE-GEN', '1RE-GEN', '2NDE-GT', '6E-COMPLET', 'BTS-DIET', 'CRPE', 'CAP-CUISINE']) id[code] = await programmeId(srv.url, code);
  const all = await api(srv.url, 'GET', '/api/v1/enrolments', { token: tok.conseiller });
  id.eleveTle = all.json.enrolments.find((e) => e.learner.login === 'eleve').id;
  id.julesLatin = all.json.enrolments.find((e) => e.learner.login === 'jules.bernard').id;
  id.jules = all.json.enrolments.find((e) => e.learner.login === 'jules.bernard').learner.id;
  const univ = await api(srv.url, 'GET', '/api/v1/enrolments', { token: tok['etudiant.univ'] });
  id.univEnrolment = univ.json.enrolments[0].id;
});
after(async () => { await srv.stop(); });

const enrolmentOf = (location) => Number(/^\/inscriptions\/(\d+)$/.exec(location)[1]);

async function apply(who, programme, fields) {
  return c[who].submit(`/formations/${programme}/inscription`, `/formations/${programme}/inscription`, fields);
}

function statusOf(html) {
  return unescapeHtml(/<span class="status status-[a-z]+">([^<]*)<\/span>/.exec(html)[1]);
}

function history(html) {
  const ol = /<ol class="history">([\s\S]*?)<\/ol>/.exec(html)[1];
  return [...ol.matchAll(/<li><time>([^<]*)<\/time> — ([^<]*)<\/li>/g)].map((m) => unescapeHtml(m[2]));
}

async function upload(who, enrolment, requirement, file) {
  return submitMultipart(c[who], `/inscriptions/${enrolment}`, `/inscriptions/${enrolment}/pieces`,
    { requirement_id: String(requirement), file });
}

test('a learner applies to a free programme without documents: active at once, and only once', async () => {
  const form = await c.eleve.get(`/formations/${id.methodo}/inscription`);
  assert.equal(form.status, 200);
  assert.match(textOf(form.text), /Moi-même \(Lina Martin\)/);
  const r = await apply('eleve', id.methodo, { learner_id: id.eleve, note: 'Disponible le soir.' });
  assert.equal(r.status, 303);
  const e = enrolmentOf(r.location);
  const page = await c.eleve.get(r.location);
  assert.match(textOf(page.text), /La demande d'inscription est enregistrée/);
  assert.equal(statusOf(page.text), 'Inscription active');
  assert.deepEqual(history(page.text), ['Lina Martin : Demande déposée (Disponible le soir.)',
    'Lina Martin : Inscription active (Aucune pièce ni paiement attendu.)']);
  assert.match(/<ol class="history">[\s\S]*?<time>([^<]*)</.exec(page.text)[1], /\d/);
  const again = await apply('eleve', id.methodo, { learner_id: id.eleve });
  assert.equal(again.status, 409);
  assert.match(alerts(again.text)[0], /Vous êtes déjà inscrit à cette formation/);
  const viaApi = await api(srv.url, 'POST', '/api/v1/enrolments', { token: tok.eleve, json: { programme_id: id.methodo } });
  assertJsonError(viaApi, 409, 'conflict');
  const mine = await api(srv.url, 'GET', '/api/v1/enrolments', { token: tok.eleve });
  assert.equal(mine.json.enrolments.filter((x) => x.programme_id === id.methodo).length, 1);
  const list = await c.eleve.get('/mes-inscriptions');
  assert.match(textOf(list.text), /Méthodologie du travail à distance Inscription active/);
  assert.match(list.text, new RegExp(`href="/inscriptions/${e}"`));
});

test('simultaneous applications create one enrolment', async () => {
  const rs = await Promise.all(Array.from({ length: 6 }, () =>
    api(srv.url, 'POST', '/api/v1/enrolments', { token: tok.autre, json: { programme_id: id['CAP-CUISINE'] } })));
  assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
  const mine = await api(srv.url, 'GET', '/api/v1/enrolments', { token: tok.autre });
  assert.equal(mine.json.enrolments.filter((x) => x.programme_id === id['CAP-CUISINE']).length, 1);
});

test('documents: type checked by content, reviewed by an advisor, the enrolment activates', async () => {
  const r = await apply('eleve', id['1RE-GEN'], { learner_id: id.eleve });
  assert.equal(r.status, 303);
  const e = enrolmentOf(r.location);
  const page = await c.eleve.get(r.location);
  assert.equal(statusOf(page.text), 'Demande déposée');
  const requirement = Number(/name="requirement_id" value="(\d+)"/.exec(page.text)[1]);
  assert.match(page.text, /enctype=multipart\/form-data/);

  const fake = await upload('eleve', e, requirement, { filename: 'attestation.pdf', type: 'application/pdf', data: 'Je suis un texte.\n' });
  assert.equal(fake.status, 400);
  assert.match(textOf(fake.text), /Le fichier doit être un PDF, une image JPEG ou PNG \(son contenu a été vérifié, pas seulement son nom\)/);
  const empty = await upload('eleve', e, requirement, { filename: 'vide.pdf', data: '' });
  assert.equal(empty.status, 400);
  assert.match(textOf(empty.text), /Choisissez un fichier à envoyer/);
  const none = await submitMultipart(c.eleve, `/inscriptions/${e}`, `/inscriptions/${e}/pieces`, { requirement_id: String(requirement) });
  assert.equal(none.status, 400);
  const otherReq = await upload('eleve', e, 99999999, { filename: 'a.pdf', data: PDF });
  assert.equal(otherReq.status, 400);
  assert.match(textOf(otherReq.text), /Cette pièce n'est pas demandée pour cette inscription/);
  const nocsrf = await submitMultipart(c.eleve, `/inscriptions/${e}`, `/inscriptions/${e}/pieces`,
    { requirement_id: String(requirement), file: { filename: 'a.pdf', data: PDF } }, { csrf: false });
  assert.equal(nocsrf.status, 403);
  assert.equal((await api(srv.url, 'GET', `/api/v1/enrolments/${e}`, { token: tok.eleve })).json.documents.length, 0, 'nothing kept');

  const ok = await upload('eleve', e, requirement, { filename: 'C:\\fakepath\\avis DASEN.pdf', type: 'application/pdf', data: PDF });
  assert.equal(ok.status, 303);
  const after = await c.eleve.get(`/inscriptions/${e}`);
  assert.match(textOf(after.text), /La pièce a été envoyée ; un conseiller va l'examiner/);
  assert.match(textOf(after.text), /en cours d'examen/);
  assert.doesNotMatch(after.text, /name="requirement_id"/, 'no second upload while one is pending');
  const doc = Number(new RegExp(`href="/inscriptions/${e}/pieces/(\\d+)"`).exec(after.text)[1]);

  // the learner and her guardian download it; nobody else
  for (const who of ['eleve', 'parent', 'conseiller', 'admin']) {
    const d = await c[who].get(`/inscriptions/${e}/pieces/${doc}`, { raw: true });
    assert.equal(d.status, 200, who);
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.match(d.headers.get('content-disposition'), /^attachment; filename="avis DASEN\.pdf"/);
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(d.bytes), PDF);
  }
  for (const who of ['autre', 'prof', 'etablissement', 'etudiant.univ', 'admin.univ']) {
    assert.equal((await c[who].get(`/inscriptions/${e}/pieces/${doc}`)).status, 404, who);
    assert.equal((await c[who].get(`/inscriptions/${e}`)).status, 404, who);
  }
  assert.equal((await c.eleve.get(`/inscriptions/${id.eleveTle}/pieces/${doc}`)).status, 404, 'doc of another enrolment');
  assert.equal((await new Client(srv.url).get(`/inscriptions/${e}/pieces/${doc}`)).status, 303);

  // a document already sent keeps its requirement in the catalogue
  const editor = `/admin/catalogue/formations/${id['1RE-GEN']}`;
  const remove = /action="(\/admin\/catalogue\/formations\/\d+\/pieces\/\d+\/supprimer)"/.exec((await c.admin.get(editor)).text)[1];
  const kept = await c.admin.submit(editor, remove);
  assert.equal(kept.status, 303);
  assert.match(textOf((await c.admin.get(editor)).text), /Des familles ont déjà envoyé cette pièce : elle ne peut plus être retirée/);
  assert.match(textOf((await new Client(srv.url).get(`/formations/${id['1RE-GEN']}`)).text), /Justificatif de scolarité réglementée/);

  // the advisor's queue lists it
  const queue = await c.conseiller.get('/admin/inscriptions');
  assert.match(textOf(queue.text), /Pièces à examiner.*Lina Martin Première générale Justificatif de scolarité réglementée/);
  const review = `/inscriptions/${e}/pieces/${doc}/examen`;
  assert.equal((await c.eleve.submit(`/inscriptions/${e}`, review, { decision: 'accept' })).status, 403, 'a learner does not review');
  assert.equal((await c.conseiller.post(review, { decision: 'accept' })).status, 403, 'no CSRF');
  const noNote = await c.conseiller.submit(`/inscriptions/${e}`, review, { decision: 'reject', note: '  ' });
  assert.equal(noNote.status, 400);
  assert.match(alerts(noNote.text)[0], /Expliquez à la famille pourquoi la pièce est refusée/);
  const rejected = await c.conseiller.submit(`/inscriptions/${e}`, review, { decision: 'reject', note: 'Document illisible.' });
  assert.equal(rejected.status, 303);
  assert.match(textOf((await c.eleve.get(`/inscriptions/${e}`)).text), /refusée : Document illisible\./);
  assert.equal((await c.conseiller.submit(`/inscriptions/${e}`, review, { decision: 'accept' })).status, 404, 'already reviewed');
  assert.equal(statusOf((await c.eleve.get(`/inscriptions/${e}`)).text), 'Demande déposée');

  const second = await upload('eleve', e, requirement, { filename: 'avis.pdf', data: PDF });
  assert.equal(second.status, 303);
  const docs = [...(await c.eleve.get(`/inscriptions/${e}`)).text.matchAll(new RegExp(`href="/inscriptions/${e}/pieces/(\\d+)"`, 'g'))]
    .map((m) => Number(m[1]));
  const doc2 = Math.max(...docs);
  assert.notEqual(doc2, doc);
  const accepted = await c.conseiller.submit(`/inscriptions/${e}`, `/inscriptions/${e}/pieces/${doc2}/examen`, { decision: 'accept' });
  assert.equal(accepted.status, 303);
  const done = await c.eleve.get(`/inscriptions/${e}`);
  assert.equal(statusOf(done.text), 'Inscription active');
  assert.deepEqual(history(done.text), ['Lina Martin : Demande déposée',
    'Claire Dubois : Inscription active (Toutes les pièces ont été acceptées.)']);
  const j = await api(srv.url, 'GET', `/api/v1/enrolments/${e}`, { token: tok.parent });
  assert.equal(j.json.status, 'active');
  assert.deepEqual(j.json.documents.map((d) => d.status), ['rejected', 'accepted']);
  assert.equal(j.json.documents[1].content_type, 'application/pdf');
  assert.deepEqual(j.json.events.map((v) => [v.from, v.to, v.by]),
    [[null, 'submitted', 'Lina Martin'], ['submitted', 'active', 'Claire Dubois']]);
  assert.match(j.json.events[0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('a paying programme stays submitted once its documents are accepted', async () => {
  const r = await api(srv.url, 'POST', '/api/v1/enrolments', { token: tok.autre, json: { programme_id: id['BTS-DIET'], note: 'Reprise d\'études.' } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('location'), `/api/v1/enrolments/${r.json.id}`);
  assert.equal(r.json.status, 'submitted');
  assert.equal(r.json.price_cents, 249000);
  assert.equal(r.json.accommodations.note, 'Reprise d\'études.');
  const page = await c.autre.get(`/inscriptions/${r.json.id}`);
  const requirement = /name="requirement_id" value="(\d+)"/.exec(page.text)[1];
  const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 1)]);
  assert.equal((await upload('autre', r.json.id, requirement, { filename: 'bac.png', data: png })).status, 303);
  const d = await api(srv.url, 'GET', `/api/v1/enrolments/${r.json.id}`, { token: tok.autre });
  assert.equal(d.json.documents[0].content_type, 'image/png');
  assert.equal(d.json.documents_pending, 1);
  const doc = d.json.documents[0].id;
  assert.equal((await c.conseiller.submit(`/inscriptions/${r.json.id}`, `/inscriptions/${r.json.id}/pieces/${doc}/examen`, { decision: 'accept' })).status, 303);
  assert.equal((await api(srv.url, 'GET', `/api/v1/enrolments/${r.json.id}`, { token: tok.autre })).json.status, 'submitted');
});

test('a learner cancels a submitted application, not an active one; advisors move along the allowed paths only', async () => {
  const r = await apply('eleve', id['2NDE-GT'], { learner_id: id.eleve });
  const e = enrolmentOf(r.location);
  assert.equal((await c.eleve.post(`/inscriptions/${e}/annuler`, {})).status, 403, 'no CSRF');
  assert.equal((await c.autre.submit('/compte', `/inscriptions/${e}/annuler`)).status, 404, 'not hers');
  assert.equal((await c.prof.submit('/compte', `/inscriptions/${e}/annuler`)).status, 404);
  const cancel = await c.eleve.submit(`/inscriptions/${e}`, `/inscriptions/${e}/annuler`);
  assert.equal(cancel.status, 303);
  const page = await c.eleve.get(`/inscriptions/${e}`);
  assert.equal(statusOf(page.text), 'Annulée');
  assert.deepEqual(history(page.text), ['Lina Martin : Demande déposée', 'Lina Martin : Annulée (Annulée par la famille.)']);
  assert.doesNotMatch(page.text, /name="requirement_id"/, 'a cancelled enrolment waits for nothing');
  const late = await upload('eleve', e, 1, { filename: 'a.pdf', data: PDF });
  assert.ok([400, 403].includes(late.status));
  const again = await c.eleve.submit(`/inscriptions/${e}`, `/inscriptions/${e}/annuler`);
  assert.equal(again.status, 403);
  const active = await c.eleve.submit(`/inscriptions/${id.eleveTle}`, `/inscriptions/${id.eleveTle}/annuler`);
  assert.equal(active.status, 403);
  assert.match(alerts(active.text)[0], /Vous ne pouvez pas faire ce changement/);
  assert.equal((await c.eleve.submit(`/inscriptions/${e}`, `/inscriptions/${e}/statut`, { status: 'active' })).status, 403);

  const move = (en, status, note = '') => c.conseiller.submit(`/inscriptions/${en}`, `/inscriptions/${en}/statut`, { status, note });
  const revive = await move(e, 'active');
  assert.equal(revive.status, 400);
  assert.match(alerts(revive.text)[0], /Une inscription « Annulée » ne peut pas passer à « Inscription active »/);
  const unknown = await move(e, 'validee');
  assert.equal(unknown.status, 400);
  assert.match(alerts(unknown.text)[0], /Statut inconnu/);
  assert.equal((await c.conseiller.submit(`/inscriptions/${e}`, `/inscriptions/${e}/statut`, {})).status, 400);
  // after a cancellation, the learner may apply again
  const reapply = await apply('eleve', id['2NDE-GT'], { learner_id: id.eleve });
  assert.equal(reapply.status, 303);
  assert.notEqual(enrolmentOf(reapply.location), e);

  const m = (await api(srv.url, 'GET', '/api/v1/enrolments', { token: tok.eleve })).json.enrolments
    .find((x) => x.programme_id === id.methodo).id;
  assert.equal((await move(m, 'submitted')).status, 400);
  assert.equal((await move(m, 'suspended', 'Pas de connexion depuis un mois.')).status, 303);
  assert.equal((await move(m, 'completed')).status, 400);
  assert.equal((await move(m, 'active', 'Reprise.')).status, 303);
  assert.equal((await move(m, 'completed', 'Formation terminée.')).status, 303);
  assert.equal((await move(m, 'active')).status, 400);
  assert.equal((await move(m, 'cancelled')).status, 400);
  const end = await c.eleve.get(`/inscriptions/${m}`);
  assert.equal(statusOf(end.text), 'Terminée');
  assert.deepEqual(history(end.text).slice(2), ['Claire Dubois : Suspendue (Pas de connexion depuis un mois.)',
    'Claire Dubois : Inscription active (Reprise.)', 'Claire Dubois : Terminée (Formation terminée.)']);
  assert.doesNotMatch(end.text, /annuler/);
  for (const bad of ['abc', '0', '99999999']) {
    assert.equal((await c.conseiller.submit('/admin', `/inscriptions/${bad}/statut`, { status: 'active' })).status, 404, bad);
    assert.equal((await c.eleve.get(`/inscriptions/${bad}`)).status, 404, bad);
  }
});

test('advisors record accommodations; families cannot', async () => {
  const e = id.eleveTle;
  const url = `/inscriptions/${e}/amenagements`;
  const set = (who, fields) => c[who].submit(`/inscriptions/${e}`, url, fields);
  const bad = [
    [{ extra_time_pct: '150' }, /Le temps supplémentaire est un pourcentage de 0 à 100/],
    [{ extra_time_pct: 'beaucoup' }, /Le temps supplémentaire/],
    [{ spread_years: '9' }, /L'étalement se fait sur 1 à 4 années/],
    [{ spread_years: '0' }, /L'étalement/],
  ];
  for (const [fields, message] of bad) {
    const r = await set('conseiller', fields);
    assert.equal(r.status, 400, JSON.stringify(fields));
    assert.match(alerts(r.text)[0], message);
  }
  assert.equal((await set('eleve', { extra_time_pct: '100' })).status, 403);
  assert.equal((await set('parent', { extra_time_pct: '100' })).status, 403);
  assert.equal((await c.conseiller.post(url, { extra_time_pct: '100' })).status, 403, 'no CSRF');
  assert.equal((await api(srv.url, 'GET', `/api/v1/enrolments/${e}`, { token: tok.eleve })).json.accommodations.extra_time_pct, 33);
  const ok = await set('conseiller', { extra_time_pct: '50', reduced_homework: '1', spread_years: '2', accommodation_note: 'Tournois en mai.' });
  assert.equal(ok.status, 303);
  const page = textOf((await c.eleve.get(`/inscriptions/${e}`)).text);
  assert.match(page, /50 % de temps en plus sur les échéances\. Devoirs allégés\. Formation étalée sur 2 ans\./);
  assert.match(page, /Besoins particuliers Tournois en mai\./);
  const j = await api(srv.url, 'GET', `/api/v1/enrolments/${e}`, { token: tok.parent });
  assert.deepEqual(j.json.accommodations, { extra_time_pct: 50, reduced_homework: true, spread_years: 2, note: 'Tournois en mai.' });
  assert.equal((await c['admin.univ'].submit('/admin', url, { extra_time_pct: '0' })).status, 404);
});

test('a guardian applies for their child only, and follows them', async () => {
  const form = await c.parent.get(`/formations/${id['6E-COMPLET']}/inscription`);
  const options = [...form.text.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)].map((m) => [Number(m[1]), m[2]]);
  assert.deepEqual(options, [[id.eleve, 'Lina Martin']]);
  const notMine = await apply('parent', id['6E-COMPLET'], { learner_id: id.jules });
  const missing = await apply('parent', id['6E-COMPLET'], { learner_id: 99999999 });
  assert.equal(notMine.status, missing.status);
  assert.deepEqual(alerts(notMine.text), alerts(missing.text));
  assert.match(alerts(notMine.text)[0], /Apprenant introuvable/);
  const garbage = await apply('parent', id['6E-COMPLET'], { learner_id: 'abc' });
  assert.equal(garbage.status, 400);
  assert.match(alerts(garbage.text)[0], /Choisissez la personne à inscrire/);
  const otherTenant = await apply('parent', id['6E-COMPLET'], { learner_id: await accountId(srv.url, 'etudiant.univ') });
  assert.equal(otherTenant.status, missing.status);

  const ok = await apply('parent', id['6E-COMPLET'], { learner_id: id.eleve, note: 'Famille itinérante.' });
  assert.equal(ok.status, 303);
  const e = enrolmentOf(ok.location);
  const page = await c.parent.get(`/inscriptions/${e}`);
  assert.deepEqual(history(page.text), ['Sophie Martin : Demande déposée (Famille itinérante.)']);
  const kids = textOf((await c.parent.get('/mes-enfants')).text);
  assert.match(kids, /Lina Martin/);
  assert.match(kids, /Sixième – cursus complet Demande déposée/);
  assert.match(kids, /Terminale générale Inscription active/);
  assert.doesNotMatch(kids, /Latin/);
  assert.equal((await c.eleve.get('/mes-enfants')).status, 403);
  assert.equal((await c.parent.get('/mes-inscriptions')).status, 403);
  // the child sees it too, and the guardian may cancel it
  assert.match(textOf((await c.eleve.get('/mes-inscriptions')).text), /Sixième – cursus complet/);
  assert.equal((await c.parent.submit(`/inscriptions/${e}`, `/inscriptions/${e}/annuler`)).status, 303);
  assert.equal(statusOf((await c.eleve.get(`/inscriptions/${e}`)).text), 'Annulée');
  // other learners' enrolments are unknown to the guardian
  for (const other of [id.julesLatin, id.univEnrolment, 99999999]) {
    assert.equal((await c.parent.get(`/inscriptions/${other}`)).status, 404);
    assertJsonError(await api(srv.url, 'GET', `/api/v1/enrolments/${other}`, { token: tok.parent }), 404, 'not_found');
  }
});

test('advisors enrol anyone of their organisation by login; others enrol nobody', async () => {
  const r = await apply('conseiller', id.CRPE, { learner_login: 'autre.eleve' });
  assert.equal(r.status, 303);
  const page = await c.autre.get(r.location);
  assert.equal(page.status, 200);
  assert.deepEqual(history(page.text), ['Claire Dubois : Demande déposée']);
  const unknown = await apply('conseiller', id.CRPE, { learner_login: 'etudiant.univ' });
  assert.equal(unknown.status, 400);
  assert.match(alerts(unknown.text)[0], /Aucun apprenant n'a cet identifiant/);
  const notLearner = await apply('conseiller', id.CRPE, { learner_login: 'prof' });
  assert.equal(notLearner.status, 400);
  assert.match(alerts(notLearner.text)[0], /n'est pas celui d'un apprenant actif/);
  // a deactivated learner cannot be enrolled
  const gone = await c.admin.submit('/admin/personnes/nouvelle', '/admin/personnes',
    { given_name: 'Parti', family_name: 'Ailleurs', login: 'parti.ailleurs', role: 'learner' });
  const goneId = Number(/(\d+)$/.exec(gone.location)[1]);
  assert.equal((await c.admin.submit(gone.location, `/admin/personnes/${goneId}/desactiver`)).status, 303);
  const inactive = await apply('conseiller', id.CRPE, { learner_login: 'parti.ailleurs' });
  assert.equal(inactive.status, 400);
  assert.match(alerts(inactive.text)[0], /n'est pas celui d'un apprenant actif/);
  const prof = await c.prof.get(`/formations/${id.CRPE}/inscription`);
  assert.match(textOf(prof.text), /Votre compte ne permet d'inscrire personne/);
  const self = await apply('prof', id.CRPE, { learner_id: await accountId(srv.url, 'prof') });
  assert.equal(self.status, 403);
  const someone = await apply('prof', id.CRPE, { learner_id: id.eleve });
  assert.equal(someone.status, 400);
  assert.match(textOf(someone.text), /Votre compte ne permet d'inscrire personne/);
  assert.equal((await c.eleve.post(`/formations/${id.CRPE}/inscription`, { learner_id: id.eleve })).status, 403, 'no CSRF');
  const list = await api(srv.url, 'GET', '/api/v1/enrolments', { token: tok.eleve });
  assert.ok(!list.json.enrolments.some((x) => x.programme_id === id.CRPE));
});

test('the staff queue and its CSV export', async () => {
  for (const who of ['conseiller', 'admin']) assert.equal((await c[who].get('/admin/inscriptions')).status, 200, who);
  for (const login of ['support', 'compta']) {
    const s = new Client(srv.url);
    await s.login(login);
    assert.equal((await s.get('/admin/inscriptions')).status, 200, login);
    assert.equal((await s.get('/admin/inscriptions.csv')).status, 200, login);
  }
  for (const who of ['eleve', 'parent', 'prof', 'etablissement', 'etudiant.univ']) {
    assert.equal((await c[who].get('/admin/inscriptions')).status, 403, who);
    assert.equal((await c[who].get('/admin/inscriptions.csv')).status, 403, who);
  }
  assert.equal((await new Client(srv.url).get('/admin/inscriptions.csv')).status, 303);
  const filtered = textOf((await c.conseiller.get('/admin/inscriptions?statut=active&q=MARTIN')).text);
  assert.match(filtered, /Lina Martin Terminale générale Inscription active/);
  assert.doesNotMatch(filtered, /Jules Bernard|Demande déposée \d/);
  const latin = textOf((await c.conseiller.get('/admin/inscriptions?q=jules')).text);
  assert.match(latin, /Jules Bernard Latin – Troisième \(cours à la carte\) Demande déposée/);

  const csv = await c.conseiller.get('/admin/inscriptions.csv?statut=active', { raw: true });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(csv.headers.get('content-disposition'), /^attachment; filename="inscriptions\.csv"/);
  const bytes = Buffer.from(csv.bytes);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF]);
  const lines = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.equal(lines[0].join(';'), 'Numéro;Apprenant;Identifiant;Formation ou cours;Statut;Demande du;Temps supplémentaire (%);Devoirs allégés;Années;Prix (€)');
  const row = lines.find((l) => l[0] === String(id.eleveTle));
  assert.deepEqual([row[1], row[2], row[3], row[4], row[6], row[7], row[8], row[9]],
    ['Lina Martin', 'eleve', 'Terminale générale', 'Inscription active', '50', 'oui', '2', '0,00']);
  assert.match(row[5], /^\d\d\/\d\d\/\d{4}$/);
  assert.ok(lines.slice(1).every((l) => l[4] === 'Inscription active'));
  assert.ok(!lines.some((l) => l.includes('Yanis Girard')));
  const univ = await c['admin.univ'].get('/admin/inscriptions.csv', { raw: true });
  const ulines = parseCsv(Buffer.from(univ.bytes).subarray(3).toString('utf8'));
  assert.equal(ulines.length, 2);
  assert.deepEqual(ulines[1].slice(1, 5), ['Yanis Girard', 'etudiant.univ', 'Introduction au droit (L1)', 'Inscription active']);
});

test('API: each person lists what they may see', async () => {
  const logins = async (who) => [...new Set((await api(srv.url, 'GET', '/api/v1/enrolments', { token: tok[who] }))
    .json.enrolments.map((e) => e.learner.login))].sort();
  assert.deepEqual(await logins('eleve'), ['eleve']);
  assert.deepEqual(await logins('parent'), ['eleve']);
  assert.deepEqual(await logins('autre'), ['autre.eleve']);
  assert.deepEqual(await logins('etablissement'), ['jules.bernard']);
  assert.deepEqual(await logins('etudiant.univ'), ['etudiant.univ']);
  assert.deepEqual(await logins('admin.univ'), ['etudiant.univ']);
  assert.deepEqual(await logins('prof'), []);
  const all = await logins('conseiller');
  assert.ok(all.includes('eleve') && all.includes('jules.bernard') && all.includes('autre.eleve'));
  assert.ok(!all.includes('etudiant.univ'));
  const filtered = await api(srv.url, 'GET', '/api/v1/enrolments?status=cancelled', { token: tok.conseiller });
  assert.ok(filtered.json.enrolments.length >= 2);
  assert.ok(filtered.json.enrolments.every((e) => e.status === 'cancelled'));
  const one = await api(srv.url, 'GET', `/api/v1/enrolments/${id.eleveTle}`, { token: tok.eleve });
  assert.equal(one.status, 200);
  assert.equal(one.json.title, 'Terminale générale');
  assert.equal(one.json.learner.login, 'eleve');
  assert.equal(one.json.programme_id, id['TLE-GEN']);
  assert.equal(one.json.course_id, null);
  assert.ok(Array.isArray(one.json.events) && Array.isArray(one.json.documents));
  for (const [who, e] of [['eleve', id.julesLatin], ['autre', id.eleveTle], ['prof', id.eleveTle],
    ['etablissement', id.eleveTle], ['etudiant.univ', id.eleveTle], ['admin.univ', id.eleveTle],
    ['eleve', id.univEnrolment], ['conseiller', id.univEnrolment], ['eleve', 99999999], ['eleve', 'abc'], ['eleve', 0]]) {
    assertJsonError(await api(srv.url, 'GET', `/api/v1/enrolments/${e}`, { token: tok[who] }), 404, 'not_found');
  }
});

test('API: POST /api/v1/enrolments refuses what it must, with JSON errors', async () => {
  const post = (json, who = 'eleve', extra = {}) => api(srv.url, 'POST', '/api/v1/enrolments', { token: tok[who], json, ...extra });
  assertJsonError(await api(srv.url, 'POST', '/api/v1/enrolments', { json: { programme_id: id.CRPE } }), 401, 'unauthenticated');
  for (const body of ['', '{', 'null', '[]', '{"programme_id":1,"programme_id":2}']) {
    assertJsonError(await api(srv.url, 'POST', '/api/v1/enrolments', { token: tok.eleve, body, headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
  }
  for (const json of [{ programme_id: 'x' }, { programme_id: -1 }, { programme_id: 1.5 }, { programme_id: id.CRPE, note: 3 },
    { programme_id: id.CRPE, learner_id: 'moi' }, { course_id: true }]) {
    assertJsonError(await post(json), 400, 'invalid');
  }
  assertJsonError(await post({}), 400, 'invalid');
  assertJsonError(await post({ programme_id: id.CRPE, course_id: await courseId(srv.url, 'Latin') }), 400, 'invalid');
  assertJsonError(await post({ programme_id: 99999999 }), 404, 'not_found');
  assertJsonError(await post({ programme_id: id.CRPE, learner_id: id.autre }), 404, 'not_found');
  assertJsonError(await post({ programme_id: id.CRPE, learner_id: id.jules }, 'parent'), 404, 'not_found');
  assertJsonError(await post({ programme_id: id.CRPE, note: 'x'.repeat(1001) }), 400, 'invalid');
  assertJsonError(await post({ programme_id: id.CRPE, note: 'bip\u0007' }), 400, 'invalid');
  const tleCourse = (await api(srv.url, 'GET', `/api/v1/programmes/${id['TLE-GEN']}`)).json.courses[0].id;
  const notAlone = await post({ course_id: tleCourse });
  assertJsonError(notAlone, 400, 'invalid');
  assert.match(notAlone.json.error.message, /Ce cours ne se prend pas seul/);
  // the university's course and the operator's programmes are unknown across the wall
  const univCourse = (await api(srv.url, 'GET', `/api/v1/enrolments/${id.univEnrolment}`, { token: tok['etudiant.univ'] })).json.course_id;
  assertJsonError(await post({ course_id: univCourse }), 404, 'not_found');
  assertJsonError(await post({ programme_id: id.CRPE }, 'etudiant.univ'), 404, 'not_found');
  assertJsonError(await post({ programme_id: id.CRPE, learner_id: id.eleve }, 'admin.univ'), 404, 'not_found');
  const latin = await post({ course_id: await courseId(srv.url, 'Latin') });
  assert.equal(latin.status, 201);
  assert.equal(latin.json.status, 'submitted', 'a paying course waits for payment');
  assert.equal(latin.json.title, 'Latin – Troisième (cours à la carte)');
  const parentFor = await post({ programme_id: id.CRPE, learner_id: id.eleve }, 'parent');
  assert.equal(parentFor.status, 201);
  assert.equal(parentFor.json.learner.login, 'eleve');
  assertJsonError(await post({ programme_id: id.CRPE, learner_id: id.eleve }, 'parent'), 409, 'conflict');
});

test('an upload over the limit is refused with 413 and nothing is kept', async () => {
  const r = await apply('autre', id['TLE-GEN'], { learner_id: id.autre });
  const e = enrolmentOf(r.location);
  const page = await c.autre.get(`/inscriptions/${e}`);
  const requirement = /name="requirement_id" value="(\d+)"/.exec(page.text)[1];
  const csrf = Client.csrf(page.text);
  const b = '----cartablebig';
  const head = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--${b}\r\n` +
    `Content-Disposition: form-data; name="requirement_id"\r\n\r\n${requirement}\r\n--${b}\r\n` +
    'Content-Disposition: form-data; name="file"; filename="gros.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n');
  const chunk = Buffer.alloc(1024 * 1024, 0x41);
  let sent = 0;
  // streamed without Content-Length, as a slow or chunked client would
  const body = new ReadableStream({
    pull(ctl) {
      if (sent === 0) ctl.enqueue(head);
      if (sent < 30) { ctl.enqueue(chunk); sent++; } else { ctl.enqueue(Buffer.from(`\r\n--${b}--\r\n`)); ctl.close(); }
    },
  });
  const res = await fetch(srv.url + `/inscriptions/${e}/pieces`, { method: 'POST', body, duplex: 'half',
    headers: { 'content-type': `multipart/form-data; boundary=${b}`, cookie: c.autre.cookieHeader() }, redirect: 'manual' });
  const text = await res.text();
  assert.equal(res.status, 413);
  assert.match(textOf(text), /L'envoi dépasse la taille autorisée/);
  const j = await api(srv.url, 'GET', `/api/v1/enrolments/${e}`, { token: tok.autre });
  assert.deepEqual(j.json.documents, []);
  // a file just under the limit is accepted
  const ok = await upload('autre', e, requirement, { filename: 'ok.pdf', data: Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024)]) });
  assert.equal(ok.status, 303);
  const d = await api(srv.url, 'GET', `/api/v1/enrolments/${e}`, { token: tok.autre });
  assert.equal(d.json.documents[0].size, PDF.length + 2 * 1024 * 1024);
});

test('an upload over the limit announced by Content-Length is answered 413', async () => {
  const r = await apply('autre', id['1RE-GEN'], { learner_id: id.autre });
  const e = enrolmentOf(r.location);
  const page = await c.autre.get(`/inscriptions/${e}`);
  const requirement = /name="requirement_id" value="(\d+)"/.exec(page.text)[1];
  const big = Buffer.concat([PDF, Buffer.alloc(30 * 1024 * 1024, 0x41)]);
  const res = await upload('autre', e, requirement, { filename: 'gros.pdf', data: big });
  assert.equal(res.status, 413);
});
