// Spaced repetition as learners use it, through the API and the pages: the
// demo's decks and queue (due cards first, then new ones, with the next
// interval of each rating), ratings validated and recorded once when sent
// twice, undo, statistics, and every refusal: a learner sees only their own
// reviews and the decks of courses they follow; other tenants get 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, tokenFor, assertJsonError, accountId } from './support.mjs';
import { createAccount, enrolActive, signedIn } from './learning.mjs';

let srv, eleve, univ, parent, other, decks;

const call = (method, path, token, json) => api(srv.url, method, path, { token, json });

before(async () => {
  srv = await startServer();
  eleve = await tokenFor(srv.url, 'eleve');
  univ = await tokenFor(srv.url, 'etudiant.univ');
  parent = await tokenFor(srv.url, 'parent');
  const r = await call('GET', '/api/v1/srs/decks', eleve);
  assert.equal(r.status, 200, r.text);
  decks = Object.fromEntries(r.json.decks.map((d) => [d.title.startsWith('Math') ? 'maths' : 'philo', d]));
  // a second learner of the same programme, with no review yet
  const admin = await signedIn(srv.url, 'admin');
  const conseiller = await signedIn(srv.url, 'conseiller');
  await createAccount(admin, 'srs.autre', 'learner');
  await enrolActive(srv.url, conseiller, await accountId(srv.url, 'srs.autre'));
  other = await tokenFor(srv.url, 'srs.autre');
});
after(async () => { await srv?.stop(); });

test('the demo learner has two decks with cards to review today', async () => {
  assert.ok(decks.maths && decks.philo, JSON.stringify(decks));
  assert.equal(decks.maths.course_title, 'Mathématiques – Terminale (spécialité)');
  assert.equal(decks.maths.retention, 0.9);
  assert.equal(decks.maths.retention_min, 0.8);
  assert.ok(decks.maths.due + decks.maths.new + decks.philo.due > 0);
  const q = await call('GET', '/api/v1/srs/queue', eleve);
  assert.equal(q.status, 200, q.text);
  assert.ok(q.json.cards.length > 0);
  assert.equal(q.json.cards.length, Math.min(50, q.json.due + q.json.new));
  // due cards first, most overdue first, then the new ones
  const firstNew = q.json.cards.findIndex((c) => c.new);
  if (firstNew >= 0) assert.ok(q.json.cards.slice(firstNew).every((c) => c.new), 'new cards come last');
  const due = q.json.cards.filter((c) => !c.new);
  for (let i = 1; i < due.length; i++) assert.ok(due[i - 1].memory.due_at <= due[i].memory.due_at);
  for (const c of q.json.cards) {
    const n = c.next;
    assert.ok(n.again.seconds <= n.hard.seconds && n.hard.seconds <= n.good.seconds && n.good.seconds <= n.easy.seconds,
      `intervals grow with the rating: ${JSON.stringify(n)}`);
    assert.equal(c.version, c.new ? 0 : c.version);
    assert.ok(c.front_html.length > 0 && c.back_html.length > 0);
  }
  const cloze = q.json.cards.find((c) => c.kind === 'cloze');
  if (cloze) {
    assert.match(cloze.front_html, /class="cloze">\[/);
    assert.match(cloze.back_html, /<mark class="cloze">/);
  }
  // one deck only
  const m = await call('GET', `/api/v1/srs/queue?deck_id=${decks.maths.id}&limit=2`, eleve);
  assert.equal(m.status, 200, m.text);
  assert.ok(m.json.cards.length <= 2);
  assert.ok(m.json.cards.every((c) => c.deck_id === decks.maths.id));
});

test('ratings are validated', async () => {
  const q = await call('GET', '/api/v1/srs/queue', eleve);
  const card = q.json.cards[0];
  for (const body of [{ rating: 3 }, { card_id: card.card_id }, { card_id: card.card_id, rating: 0 },
    { card_id: card.card_id, rating: 5 }, { card_id: card.card_id, rating: '3' }, { card_id: -1, rating: 3 },
    { card_id: card.card_id, rating: 3, version: -2 }, { card_id: card.card_id, rating: 2.5 }]) {
    assertJsonError(await call('POST', '/api/v1/srs/reviews', eleve, body), 400, 'invalid');
  }
  const bad = await api(srv.url, 'POST', '/api/v1/srs/reviews', { token: eleve, body: '{"card_id": 1,',
    headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400);
  assertJsonError(await call('POST', '/api/v1/srs/reviews', eleve, { card_id: 999999, rating: 3 }), 404, 'not_found');
  assertJsonError(await call('GET', '/api/v1/srs/queue?limit=0', eleve), 400, 'invalid');
  assertJsonError(await call('GET', '/api/v1/srs/queue?deck_id=abc', eleve), 400, 'invalid');
  assertJsonError(await call('GET', '/api/v1/srs/queue?deck_id=999999', eleve), 404, 'not_found');
  // without a token, or a guardian: refused
  assertJsonError(await api(srv.url, 'GET', '/api/v1/srs/queue'), 401);
  assertJsonError(await call('GET', '/api/v1/srs/queue', parent), 403);
  assertJsonError(await call('POST', '/api/v1/srs/reviews', parent, { card_id: card.card_id, rating: 3 }), 403);
});

test('a rating answers the next due time; sent twice it is counted once; undo takes it back', async () => {
  const before = (await call('GET', '/api/v1/srs/stats', eleve)).json;
  const q = await call('GET', '/api/v1/srs/queue', eleve);
  const [a, b] = q.json.cards;
  assert.ok(a && b, 'two cards to review');
  // the same rating sent twice at once
  const body = { card_id: a.card_id, rating: 3, version: a.version };
  const [r1, r2] = await Promise.all([call('POST', '/api/v1/srs/reviews', eleve, body),
    call('POST', '/api/v1/srs/reviews', eleve, body)]);
  const statuses = [r1.status, r2.status].sort();
  assert.deepEqual(statuses, [200, 201], `${r1.text} ${r2.text}`);
  const first = r1.status === 201 ? r1.json : r2.json, repeat = r1.status === 200 ? r1.json : r2.json;
  assert.equal(repeat.repeat, true);
  assert.equal(first.repeat, false);
  assert.equal(repeat.due_at, first.due_at);
  assert.equal(first.version, a.version + 1);
  assert.equal(first.card_id, a.card_id);
  assert.ok(Date.parse(first.due_at) > Date.parse(first.reviewed_at));
  assert.equal(first.interval_seconds, (Date.parse(first.due_at) - Date.parse(first.reviewed_at)) / 1000);
  // the preview on the button is what the rating gave (same second or one later)
  assert.ok(Math.abs(Date.parse(first.due_at) - Date.parse(a.next.good.due_at)) <= 2000,
    `${first.due_at} vs ${a.next.good.due_at}`);
  // without a version, the same rating repeated at once is a repeat too
  const r3 = await call('POST', '/api/v1/srs/reviews', eleve, { card_id: a.card_id, rating: 3 });
  assert.equal(r3.status, 200, r3.text);
  assert.equal(r3.json.repeat, true);
  // another rating of the card just rated is a conflict
  assertJsonError(await call('POST', '/api/v1/srs/reviews', eleve, { card_id: a.card_id, rating: 1, version: a.version }), 409, 'conflict');
  const mid = (await call('GET', '/api/v1/srs/stats', eleve)).json;
  assert.equal(mid.total_reviews, before.total_reviews + 1);
  assert.equal(mid.reviewed_today, true);

  // a second card, then undo it: named, then named again (already undone)
  const rb = await call('POST', '/api/v1/srs/reviews', eleve, { card_id: b.card_id, rating: 1, version: b.version });
  assert.equal(rb.status, 201, rb.text);
  const u1 = await call('POST', '/api/v1/srs/reviews/undo', eleve, { card_id: b.card_id, reviewed_at: rb.json.reviewed_at });
  assert.equal(u1.status, 200, u1.text);
  assert.equal(u1.json.card_id, b.card_id);
  assert.equal(u1.json.undone, 'again');
  if (b.new) assert.equal(u1.json.memory.state, 'new');
  else assert.equal(u1.json.due_at, b.memory.due_at);
  assertJsonError(await call('POST', '/api/v1/srs/reviews/undo', eleve, { card_id: b.card_id, reviewed_at: rb.json.reviewed_at }), 409, 'conflict');
  assertJsonError(await call('POST', '/api/v1/srs/reviews/undo', eleve, { card_id: 'x' }), 400, 'invalid');
  // b is back in the queue as it was; undo without a body takes back a's rating
  const q2 = await call('GET', '/api/v1/srs/queue', eleve);
  const b2 = q2.json.cards.find((c) => c.card_id === b.card_id);
  assert.ok(b2, 'the card undone is due again');
  assert.equal(b2.version, b.version);
  const u2 = await api(srv.url, 'POST', '/api/v1/srs/reviews/undo', { token: eleve });
  assert.equal(u2.status, 200, u2.text);
  assert.equal(u2.json.card_id, a.card_id);
  const after2 = (await call('GET', '/api/v1/srs/stats', eleve)).json;
  assert.equal(after2.total_reviews, before.total_reviews);
});

test('a learner sees only their own reviews, and other tenants nothing', async () => {
  const mine = (await call('GET', '/api/v1/srs/stats', eleve)).json;
  assert.ok(mine.total_reviews > 100, 'the demo history');
  assert.ok(mine.cards_seen > 20);
  const theirs = await call('GET', '/api/v1/srs/stats', other);
  assert.equal(theirs.status, 200, theirs.text);
  assert.equal(theirs.json.total_reviews, 0);
  assert.equal(theirs.json.cards_seen, 0);
  assert.equal(theirs.json.streak, 0);
  // the same decks, every card new for them
  const q = await call('GET', '/api/v1/srs/queue', other);
  assert.equal(q.json.due, 0);
  assert.ok(q.json.cards.length > 0 && q.json.cards.every((c) => c.new && c.version === 0));
  // their rating is theirs: eleve's state of that card does not move
  const card = q.json.cards[0];
  const r = await call('POST', '/api/v1/srs/reviews', other, { card_id: card.card_id, rating: 4, version: 0 });
  assert.equal(r.status, 201, r.text);
  // eleve cannot take it back: their own latest rating is older than a day
  assertJsonError(await call('POST', '/api/v1/srs/reviews/undo', eleve, { card_id: card.card_id }), 404, 'not_found');
  assert.equal((await call('GET', '/api/v1/srs/stats', other)).json.total_reviews, 1);
  // another tenant's learner: no deck, and the cards do not exist
  const u = await call('GET', '/api/v1/srs/decks', univ);
  assert.equal(u.status, 200);
  assert.deepEqual(u.json.decks, []);
  assertJsonError(await call('POST', '/api/v1/srs/reviews', univ, { card_id: card.card_id, rating: 3 }), 404, 'not_found');
  assertJsonError(await call('GET', `/api/v1/srs/queue?deck_id=${decks.maths.id}`, univ), 404, 'not_found');
  const us = await call('GET', '/api/v1/srs/stats', univ);
  assert.equal(us.json.total_reviews, 0);
  const c = await signedIn(srv.url, 'etudiant.univ');
  assert.equal((await c.get(`/revisions/paquets/${decks.maths.id}`)).status, 404);
  assert.equal((await c.get('/revisions/cartes/1')).status, 404);
  assert.equal((await c.get('/revisions/cartes/1/image')).status, 404);
});

test('a burst of ratings at once, each sent twice, is recorded once each', async () => {
  const before = (await call('GET', '/api/v1/srs/stats', other)).json.total_reviews;
  const q = await call('GET', '/api/v1/srs/queue', other);
  const cards = q.json.cards.filter((c) => c.new);
  assert.ok(cards.length >= 6, q.text.slice(0, 200));
  const sent = cards.flatMap((c) => [1, 2].map(() =>
    call('POST', '/api/v1/srs/reviews', other, { card_id: c.card_id, rating: 3, version: c.version })));
  const answers = await Promise.all(sent);
  const count = (status) => answers.filter((a) => a.status === status).length;
  assert.equal(count(201), cards.length, answers.map((a) => a.status).join(' '));
  assert.equal(count(200), cards.length);
  for (const c of cards) {
    const mine = answers.filter((a) => a.json?.card_id === c.card_id);
    assert.equal(mine.length, 2);
    assert.equal(mine[0].json.due_at, mine[1].json.due_at);
  }
  assert.equal((await call('GET', '/api/v1/srs/stats', other)).json.total_reviews, before + cards.length);
});

test('the review session in pages: show, rate (a double submit counts once), undo', async () => {
  const c = await signedIn(srv.url, 'eleve');
  const home = await c.get('/revisions');
  assert.equal(home.status, 200);
  assert.match(textOf(home.text), /Mathématiques – l'essentiel à retenir/);
  const page = await c.get('/revisions/seance');
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  assert.match(t, /Voir la réponse/);
  assert.match(t, /À revoir .* Difficile .* Correct .* Facile/);
  assert.match(page.text, /<script src="\/static\/srs\.js\?v=[0-9a-f]+" defer><\/script>/);
  const card = /name="carte" value="(\d+)"/.exec(page.text)[1];
  const v = /name="v" value="(\d+)"/.exec(page.text)[1];
  const csrf = Client.csrf(page.text);
  const before = (await call('GET', '/api/v1/srs/stats', eleve)).json.total_reviews;
  const fields = { csrf, carte: card, v, note: '3' };
  const [p1, p2] = await Promise.all([c.post('/revisions/reponses', fields), c.post('/revisions/reponses', fields)]);
  assert.equal(p1.status, 303);
  assert.equal(p2.status, 303);
  assert.equal(p1.location, '/revisions/seance');
  assert.equal((await call('GET', '/api/v1/srs/stats', eleve)).json.total_reviews, before + 1);
  // the next page offers to undo it
  const next = await c.get('/revisions/seance');
  const undo = /action="\/revisions\/annuler"[\s\S]*?name="carte" value="(\d+)"[\s\S]*?name="quand" value="(\d+)"/.exec(next.text);
  assert.ok(undo, 'an undo button');
  assert.equal(undo[1], card);
  assert.match(textOf(next.text), /Annuler la dernière réponse \(« Correct »\)/);
  const u = await c.post('/revisions/annuler', { csrf, carte: undo[1], quand: undo[2] });
  assert.equal(u.status, 303);
  const again = await c.post('/revisions/annuler', { csrf, carte: undo[1], quand: undo[2] });
  assert.equal(again.status, 303);
  const shown = await c.get('/revisions/seance');
  assert.match(textOf(shown.text), /Cette réponse a déjà été annulée|Aucune réponse récente/);
  assert.equal((await call('GET', '/api/v1/srs/stats', eleve)).json.total_reviews, before);
  // a rating out of range, without the CSRF token, of another deck's card
  const bad = await c.post('/revisions/reponses', { csrf, carte: card, v, note: '9' });
  assert.equal(bad.status, 303);
  assert.match(textOf((await c.get('/revisions/seance')).text), /La note va de 1/);
  assert.equal((await c.post('/revisions/reponses', { carte: card, v, note: '3' })).status, 403);
  assert.equal((await c.post('/revisions/reponses', { csrf, carte: '999999', v: '0', note: '3' })).status, 404);
  // a guardian has no session
  const p = await signedIn(srv.url, 'parent');
  assert.equal((await p.get('/revisions/seance')).status, 403);
});

test('statistics: true retention against the desired one, reviews per day, cards due, streak', async () => {
  const s = await call('GET', '/api/v1/srs/stats', eleve);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.reviews_per_day.length, 30);
  assert.equal(s.json.due_per_day.length, 30);
  assert.match(s.json.reviews_per_day[29].date, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(s.json.retention.reviews > 10);
  assert.ok(s.json.retention.true > 0.5 && s.json.retention.true <= 1);
  assert.equal(s.json.retention.desired, 0.9);
  assert.equal(s.json.decks.length, 2);
  const c = await signedIn(srv.url, 'eleve');
  const page = await c.get('/revisions/statistiques');
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  assert.match(t, /Rétention réelle \(30 jours\) \d+(,\d)? % des cartes connues retrouvées \(\d+ sur \d+\), pour 90 % visés/);
  assert.match(page.text, /<svg viewBox="0 0 \d+ 160" role="img" aria-labelledby="srs-due-cap"/);
  assert.match(t, /Cartes à revoir, 30 prochains jours/);
  assert.match(t, /Jour Cartes/);
  assert.match(t, /Série/);
});

test('a learner fits their parameters in the background; too few reviews keep the defaults', async () => {
  const c = await signedIn(srv.url, 'eleve');
  const page = await c.get('/revisions/statistiques');
  const r = await c.post('/revisions/ajuster', { csrf: Client.csrf(page.text) });
  assert.equal(r.status, 303);
  let t = '';
  for (let i = 0; i < 60; i++) {
    t = textOf((await c.get('/revisions/statistiques')).text);
    if (!/en cours de calcul/.test(t)) break;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  assert.match(t, /pas assez de révisions : paramètres par défaut/);
});
