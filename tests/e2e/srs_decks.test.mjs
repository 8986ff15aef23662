// Spaced-repetition decks as authors, teachers and learners build them
// through the pages: a deck for a course, cloze texts split into one card
// per number (and edits that keep the learners' history), images, GIFT
// import, the author's bounds on the desired retention and the learner's
// own choice within them, the learner's own cards, the cards learners fail
// most, and refusals (roles, courses not followed, other tenants, markup).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, tokenFor, submitMultipart, courseId, XSS, assertNoRawMarkup, alerts } from './support.mjs';
import { signedIn } from './learning.mjs';
import { PNG } from './homework_support.mjs';

let srv, auteur, eleve, prof, eleveToken, courses, hgDeck, latinDeck;

const call = (method, path, json) => api(srv.url, method, path, { token: eleveToken, json });
const deckOf = (r) => Number(/\/revisions\/paquets\/(\d+)$/.exec(r.location || '')?.[1]);

before(async () => {
  srv = await startServer();
  auteur = await signedIn(srv.url, 'auteur');
  eleve = await signedIn(srv.url, 'eleve');
  prof = await signedIn(srv.url, 'prof');
  eleveToken = await tokenFor(srv.url, 'eleve');
  const r = await api(srv.url, 'GET', '/api/v1/courses', { token: eleveToken });
  courses = Object.fromEntries(r.json.courses.map((c) => [c.code, c.id]));
  // decks for a course eleve follows (history-geography) and one they do not (Latin)
  let c = await auteur.submit('/revisions', `/revisions/cours/${courses['TLE-HG']}/paquet`, {});
  assert.equal(c.status, 303, c.text);
  hgDeck = deckOf(c);
  c = await auteur.submit('/revisions', `/revisions/cours/${await courseId(srv.url, 'Latin')}/paquet`, {});
  latinDeck = deckOf(c);
  assert.ok(hgDeck && latinDeck);
});
after(async () => { await srv?.stop(); });

async function addCard(client, deck, fields) {
  return submitMultipart(client, `/revisions/paquets/${deck}`, `/revisions/paquets/${deck}/cartes`, fields);
}

test('authors see every course, with a deck or a button to make one', async () => {
  const page = await auteur.get('/revisions');
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  assert.match(t, /Paquets des cours/);
  assert.match(t, /Mathématiques – Terminale \(spécialité\) Mathématiques – l'essentiel à retenir 2\d/);
  assert.match(page.text, /Créer le paquet/);
  // a second deck for the same course leads to the first one
  const again = await auteur.submit('/revisions', `/revisions/cours/${courses['TLE-HG']}/paquet`, {});
  assert.equal(deckOf(again), hgDeck);
  // a teacher sees the decks of their courses and no button
  const p = await prof.get('/revisions');
  assert.equal(p.status, 200);
  assert.match(textOf(p.text), /Paquets de mes cours/);
  assert.doesNotMatch(p.text, /Créer le paquet/);
  assert.equal((await prof.submit('/revisions', `/revisions/cours/${courses['TLE-HG']}/paquet`, {})).status, 403);
  // learners make no deck
  assert.equal((await eleve.submit('/revisions', `/revisions/cours/${courses['TLE-HG']}/paquet`, {})).status, 403);
});

test('a cloze text makes one card per number, through the pages and in the queue', async () => {
  const r = await addCard(auteur, hgDeck, {
    kind: 'cloze',
    front: 'La Révolution commence en {{c1::1789}} ; l\'Empire tombe en {{c2::1815::une année}}, après {{c1::26}} ans.',
    back: 'Repères à connaître.',
  });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.match(decodeURIComponent((r.headers.get('set-cookie') || '').replace(/\+/g, ' ')), /2 cartes, une par trou/);
  const q = await call('GET', `/api/v1/srs/queue?deck_id=${hgDeck}`);
  assert.equal(q.status, 200, q.text);
  assert.equal(q.json.cards.length, 2);
  const [c1, c2] = q.json.cards;
  assert.deepEqual([c1.ord, c2.ord], [1, 2]);
  assert.equal(c1.note_id, c2.note_id);
  assert.ok(c1.new && c2.new);
  assert.doesNotMatch(c1.front_html, /1789|26 ans/);
  assert.match(c1.front_html, /1815/);
  assert.match(c1.back_html, /<mark class="cloze">1789<\/mark>/);
  assert.match(c1.back_html, /Repères à connaître/);
  assert.match(c2.front_html, /\[une année\]/);
  assert.match(c2.front_html, /1789/);
  // the note page previews both cards
  const note = await auteur.get(`/revisions/cartes/${c1.note_id}`);
  assert.match(textOf(note.text), /Carte 1 .* Carte 2/);
  // a cloze text without a cloze is refused with a message on the field
  const bad = await addCard(auteur, hgDeck, { kind: 'cloze', front: 'Pas de trou ici.' });
  assert.equal(bad.status, 400);
  assert.match(textOf(bad.text), /Aucun trou dans ce texte/);
  assert.match(bad.text, /aria-invalid="true"/);
  // eleve rates card 1, then the author edits the text: card 1 keeps its history
  const rated = await call('POST', '/api/v1/srs/reviews', { card_id: c1.card_id, rating: 4, version: 0 });
  assert.equal(rated.status, 201, rated.text);
  const edit = await submitMultipart(auteur, `/revisions/cartes/${c1.note_id}`, `/revisions/cartes/${c1.note_id}`, {
    front: 'La Révolution commence en {{c1::1789}} ; la République est proclamée en {{c3::1792}}.',
    back: 'Repères.',
  });
  assert.equal(edit.status, 303, edit.text.slice(0, 400));
  const q2 = await call('GET', `/api/v1/srs/queue?deck_id=${hgDeck}`);
  const ids = q2.json.cards.map((c) => c.card_id);
  assert.ok(!ids.includes(c2.card_id), 'the card of a cloze removed is no longer shown');
  const c3 = q2.json.cards.find((c) => c.ord === 3);
  assert.ok(c3 && c3.new, 'a cloze added is a new card');
  // card 1 is the same card, with the rating eleve gave it
  const undo = await call('POST', '/api/v1/srs/reviews/undo', { card_id: c1.card_id });
  assert.equal(undo.status, 200, undo.text);
  assert.equal(undo.json.undone, 'easy');
  // learners and teachers do not edit the deck's cards
  const le = await submitMultipart(eleve, `/revisions/cartes/${c1.note_id}`, `/revisions/cartes/${c1.note_id}`, { front: 'x {{c1::y}}' });
  assert.equal(le.status, 403);
  assert.equal((await eleve.get(`/revisions/cartes/${c1.note_id}`)).status, 200);
  assert.doesNotMatch((await eleve.get(`/revisions/cartes/${c1.note_id}`)).text, /Enregistrer la carte/);
});

test('authors set the bounds of the desired retention; learners choose within them', async () => {
  const page = `/revisions/paquets/${hgDeck}`;
  const settings = (f) => {
    const fields = { title: 'Histoire-géographie : dates et repères', description: 'Les **dates** du programme.',
      retention: '90', retention_min: '85', retention_max: '95', new_per_day: '50', published: '1', ...f };
    for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
    return auteur.submit(page, `${page}/reglages`, fields);
  };
  let r = await settings({ retention_min: '60' });
  assert.equal(r.status, 400);
  assert.match(alerts(r.text).join(' '), /Le minimum doit être entre 70 % et 99 %/);
  r = await settings({ retention_min: '95', retention_max: '90' });
  assert.equal(r.status, 400);
  r = await settings({ retention: '97' });
  assert.equal(r.status, 400);
  assert.match(alerts(r.text).join(' '), /entre le minimum et le maximum/);
  r = await settings({ new_per_day: '-1' });
  assert.equal(r.status, 400);
  r = await settings({});
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal((await prof.submit(page, `${page}/reglages`, { title: 'x', retention: '90', retention_min: '80',
    retention_max: '95', new_per_day: '5' })).status, 403);
  // the learner: outside the bounds refused, inside kept, empty back to the deck's
  const lp = await eleve.get(page);
  assert.match(textOf(lp.text), /Le paquet propose 90 %, vous pouvez choisir entre 85 et 95 %/);
  r = await eleve.submit(page, `${page}/retention`, { retention: '80' });
  assert.equal(r.status, 400);
  assert.match(alerts(r.text).join(' '), /Choisissez une rétention entre 85 % et 95 %/);
  r = await eleve.submit(page, `${page}/retention`, { retention: '0,93' });
  assert.equal(r.status, 303);
  let d = (await call('GET', '/api/v1/srs/decks')).json.decks.find((x) => x.id === hgDeck);
  assert.equal(d.my_retention, 0.93);
  assert.equal(d.title, 'Histoire-géographie : dates et repères');
  assert.equal(d.new_per_day, 50);
  // narrower bounds bring it back within them
  r = await settings({ retention: '90', retention_min: '88', retention_max: '91' });
  assert.equal(r.status, 303);
  d = (await call('GET', '/api/v1/srs/decks')).json.decks.find((x) => x.id === hgDeck);
  assert.equal(d.my_retention, 0.91);
  r = await eleve.submit(page, `${page}/retention`, { retention: '' });
  assert.equal(r.status, 303);
  d = (await call('GET', '/api/v1/srs/decks')).json.decks.find((x) => x.id === hgDeck);
  assert.equal(d.my_retention, null);
  // a hidden deck is gone for learners
  r = await settings({ published: undefined });
  assert.equal(r.status, 303);
  assert.equal((await eleve.get(page)).status, 404);
  assert.ok(!(await call('GET', '/api/v1/srs/decks')).json.decks.some((x) => x.id === hgDeck));
  assert.equal((await settings({})).status, 303);
});

test('learners add their own cards, which nobody else sees', async () => {
  const r = await addCard(eleve, hgDeck, { kind: 'basic', front: 'Mon moyen mnémotechnique', back: 'Ma réponse' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const page = await eleve.get(`/revisions/paquets/${hgDeck}`);
  const m = /<a href="\/revisions\/cartes\/(\d+)">Mon moyen mnémotechnique<\/a>/.exec(page.text);
  assert.ok(m, 'listed among my own cards');
  const note = m[1];
  assert.equal((await eleve.get(`/revisions/cartes/${note}`)).status, 200);
  assert.equal((await prof.get(`/revisions/cartes/${note}`)).status, 404);
  assert.equal((await auteur.get(`/revisions/cartes/${note}`)).status, 404);
  assert.doesNotMatch((await auteur.get(`/revisions/paquets/${hgDeck}`)).text, /Mon moyen mnémotechnique/);
  // their own card is in their queue; they may edit and delete it
  const q = await call('GET', `/api/v1/srs/queue?deck_id=${hgDeck}`);
  assert.ok(q.json.cards.some((c) => c.front_md === 'Mon moyen mnémotechnique'));
  const e = await submitMultipart(eleve, `/revisions/cartes/${note}`, `/revisions/cartes/${note}`, { front: 'Mon moyen, corrigé', back: 'Ma réponse' });
  assert.equal(e.status, 303);
  const del = await eleve.submit(`/revisions/cartes/${note}`, `/revisions/cartes/${note}/supprimer`, {});
  assert.equal(del.status, 303);
  assert.equal((await eleve.get(`/revisions/cartes/${note}`)).status, 404);
});

test('a deck of a course not followed, or of another tenant, does not exist', async () => {
  const r = await addCard(auteur, latinDeck, { kind: 'basic', front: 'Rosa, rosa, rosam', back: 'Première déclinaison' });
  assert.equal(r.status, 303);
  assert.equal((await eleve.get(`/revisions/paquets/${latinDeck}`)).status, 404);
  assert.equal((await eleve.submit(`/revisions/paquets/${hgDeck}`, `/revisions/paquets/${latinDeck}/retention`, { retention: '90' })).status, 404);
  const own = await addCard(eleve, latinDeck, { kind: 'basic', front: 'x', back: 'y' });
  assert.equal(own.status, 404);
  assert.equal((await call('GET', `/api/v1/srs/queue?deck_id=${latinDeck}`)).status, 404);
  const page = await auteur.get(`/revisions/paquets/${latinDeck}`);
  const note = /<a href="\/revisions\/cartes\/(\d+)">Rosa, rosa, rosam<\/a>/.exec(page.text)[1];
  assert.equal((await eleve.get(`/revisions/cartes/${note}`)).status, 404);
  // a teacher sees the decks of the courses they teach only (prof teaches Latin, not history)
  assert.equal((await prof.get(`/revisions/paquets/${latinDeck}`)).status, 200);
  assert.equal((await prof.get(`/revisions/paquets/${hgDeck}`)).status, 404);
  const univ = await signedIn(srv.url, 'admin.univ');
  assert.equal((await univ.get(`/revisions/paquets/${hgDeck}`)).status, 404);
  assert.equal((await univ.get(`/revisions/cartes/${note}`)).status, 404);
  const u = await univ.submit('/revisions', `/revisions/paquets/${hgDeck}/reglages`, { title: 'x', retention: '90',
    retention_min: '80', retention_max: '95', new_per_day: '5' });
  assert.equal(u.status, 404);
});

test('images are checked by content, need a description, and are shown to the deck\'s learners', async () => {
  let r = await addCard(auteur, hgDeck, { kind: 'basic', front: 'Quel fleuve ?', back: 'La Seine',
    image: { filename: 'carte.png', data: PNG, type: 'image/png' } });
  assert.equal(r.status, 400);
  assert.match(alerts(r.text).join(' '), /Décrivez l'image/);
  r = await addCard(auteur, hgDeck, { kind: 'basic', front: 'Quel fleuve ?', back: 'La Seine',
    image: { filename: 'carte.png', data: Buffer.from('pas une image'), type: 'image/png' }, image_alt: 'Un fleuve' });
  assert.equal(r.status, 400);
  assert.match(alerts(r.text).join(' '), /PNG, JPEG, GIF ou WebP/);
  r = await addCard(auteur, hgDeck, { kind: 'basic', front: 'Quel fleuve ?', back: 'La Seine',
    image: { filename: 'carte.png', data: PNG, type: 'image/png' }, image_alt: 'Carte du bassin parisien' });
  assert.equal(r.status, 303);
  const q = await call('GET', `/api/v1/srs/queue?deck_id=${hgDeck}&limit=500`);
  const card = q.json.cards.find((c) => c.front_md === 'Quel fleuve ?');
  assert.ok(card && card.image, q.text.slice(0, 300));
  assert.equal(card.image.alt, 'Carte du bassin parisien');
  const img = await eleve.get(card.image.href, { raw: true });
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(img.bytes), PNG);
  const univ = await signedIn(srv.url, 'etudiant.univ');
  assert.equal((await univ.get(card.image.href)).status, 404);
});

test('GIFT questions become cards; a file with an error creates nothing', async () => {
  const page = `/revisions/paquets/${hgDeck}`;
  const gift = '::Capitale:: Quelle est la capitale de la France ? {=Paris ~Lyon ~Marseille}\n\n' +
    'Le Rhin se jette dans la mer du Nord. {T}\n\n' +
    'La bataille de {=Valmy} a lieu en 1792.\n\n' +
    'Associez. {=Loire -> Nantes =Garonne -> Bordeaux}\n\n' +
    'Décrivez votre région. {}\n';
  let r = await auteur.submit(page, `${page}/import`, { gift });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const flash = decodeURIComponent((r.headers.get('set-cookie') || '').replace(/\+/g, ' '));
  assert.match(flash, /5 question\(s\) lue\(s\) : 5 carte\(s\) créée\(s\), 1 ignorée\(s\)/);
  const t = textOf((await auteur.get(page)).text);
  assert.match(t, /La bataille de Valmy a lieu en 1792\. texte à trous, 1 carte\(s\)/);
  assert.match(t, /Associez\. \*\*Loire\*\* recto-verso/);
  r = await auteur.submit(page, `${page}/import`, { gift: 'Bonne {=oui ~non}\n\nMauvaise {=a ~b\n' });
  assert.equal(r.status, 400);
  assert.match(alerts(r.text).join(' '), /ligne 3/);
  assert.equal((await prof.submit(page, `${page}/import`, { gift })).status, 403);
});

test('questions of the question bank become cards, once', async () => {
  const token = await tokenFor(srv.url, 'auteur');
  const gift = 'Quel traité met fin à la guerre de Trente Ans ? {=Les traités de Westphalie ~Le traité de Versailles}\n\n' +
    'Louis XIV meurt en {#1715}.\n';
  const imp = await api(srv.url, 'POST', `/api/v1/questions/import?category=${encodeURIComponent('Histoire/Repères srs')}`,
    { token, body: gift, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  assert.equal(imp.status, 201, imp.text);
  const page = `/revisions/paquets/${hgDeck}`;
  const p = await auteur.get(page);
  const m = /<option value="(\d+)">Histoire\/Repères srs \(2 questions\)<\/option>/.exec(p.text);
  assert.ok(m, 'the category is offered');
  let r = await auteur.submit(page, `${page}/banque`, { category: m[1] });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const flash = (x) => decodeURIComponent((x.headers.get('set-cookie') || '').replace(/\+/g, ' '));
  assert.match(flash(r), /2 question\(s\) lue\(s\) : 2 carte\(s\) créée\(s\), 0 ignorée\(s\), 0 déjà dans le paquet/);
  r = await auteur.submit(page, `${page}/banque`, { category: m[1] });
  assert.match(flash(r), /0 carte\(s\) créée\(s\), 0 ignorée\(s\), 2 déjà dans le paquet/);
  const q = await call('GET', `/api/v1/srs/queue?deck_id=${hgDeck}&limit=500`);
  const card = q.json.cards.find((c) => c.front_md.startsWith('Quel traité'));
  assert.ok(card, 'the card is in the queue');
  assert.match(card.back_md, /Les traités de Westphalie/);
  r = await auteur.submit(page, `${page}/banque`, { category: '999999' });
  assert.equal(r.status, 400);
  assert.equal((await prof.submit(page, `${page}/banque`, { category: m[1] })).status, 403);
});

test('what authors type never becomes markup', async () => {
  const r = await addCard(auteur, hgDeck, { kind: 'cloze', front: `${XSS[0]} {{c1::${XSS[1]}::${XSS[1]}}}`, back: XSS[0] });
  assert.equal(r.status, 303);
  const q = await call('GET', `/api/v1/srs/queue?deck_id=${hgDeck}&limit=500`);
  const card = q.json.cards.find((c) => c.front_md.includes('alert(1)'));
  assert.ok(card);
  assertNoRawMarkup(card.front_html, 'front_html');
  assertNoRawMarkup(card.back_html, 'back_html');
  const note = await auteur.get(`/revisions/cartes/${card.note_id}`);
  assertNoRawMarkup(note.text, 'the card page');
  assertNoRawMarkup((await auteur.get(`/revisions/paquets/${hgDeck}`)).text, 'the deck page');
});

test('teachers see the cards learners forget most, and fit the course\'s parameters', async () => {
  const maths = (await call('GET', '/api/v1/srs/decks')).json.decks.find((d) => d.title.startsWith('Math'));
  const page = await prof.get(`/revisions/paquets/${maths.id}`);
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  assert.match(t, /Cartes les plus souvent oubliées/);
  assert.doesNotMatch(t, /Réglages du paquet/);
  assert.doesNotMatch(t, /Ma rétention visée/);
  const r = await prof.submit(`/revisions/paquets/${maths.id}`, `/revisions/paquets/${maths.id}/ajuster`, {});
  assert.equal(r.status, 303);
  let s = '';
  for (let i = 0; i < 60; i++) {
    s = textOf((await prof.get(`/revisions/paquets/${maths.id}`)).text);
    if (!/en cours de calcul/.test(s)) break;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  assert.match(s, /Calculs des paramètres .* pas assez de révisions : paramètres par défaut/);
  // a learner may not ask for the course's fit
  assert.equal((await eleve.submit('/revisions', `/revisions/paquets/${maths.id}/ajuster`, {})).status, 403);
});
