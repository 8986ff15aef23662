// Five weeks of spaced repetition as a learner lives them: each morning the
// learner opens the queue and rates every card, coming back every few
// minutes while learning steps fall due, with the server's clock moved day
// by day (CARTABLE_TEST_CLOCK_FILE). Checked against what the scheduler
// promises: no card before its due time, new cards within each deck's daily
// limit, the due time answered is the one the button showed, forgotten
// cards come back the same day, intervals of remembered cards grow, and the
// statistics count every review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { api, tokenFor, accountId } from './support.mjs';
import { createAccount, enrolActive, signedIn } from './learning.mjs';

const DAYS = 35;
const STEP = 11 * 60;            // the learner comes back every 11 minutes
// Each morning starts 642 s later than the one before: a card is then never
// seen again a whole number of days (give or take 18 s) after its last
// review, where the day counted between them would depend on the second
// the request arrives (the button shown then the rating sent a moment later).
const SHIFT = 642;
const EARLY = 20 * 60;           // learning steps may be rated 20 minutes early
const names = ['again', 'hard', 'good', 'easy'];

let srv, token, clockFile;
const call = (method, path, json) => api(srv.url, method, path, { token, json });

// Moves the server's clock to the Unix time t (seconds).
function setClock(t) {
  writeFileSync(clockFile, String(Math.round(t - Date.now() / 1000)));
}

before(async () => {
  clockFile = join(mkdtempSync(join(tmpdir(), 'cartable-clock-')), 'skew');
  writeFileSync(clockFile, '0');
  srv = await startServer({ env: { CARTABLE_TEST_CLOCK_FILE: clockFile } });
  const admin = await signedIn(srv.url, 'admin');
  const conseiller = await signedIn(srv.url, 'conseiller');
  await createAccount(admin, 'srs.semaines', 'learner');
  await enrolActive(srv.url, conseiller, await accountId(srv.url, 'srs.semaines'));
  token = await tokenFor(srv.url, 'srs.semaines');
});
after(async () => { await srv?.stop(); });

test('five simulated weeks of daily reviews keep every promise of the scheduler', async () => {
  const d = await call('GET', '/api/v1/srs/decks');
  assert.equal(d.status, 200, d.text);
  assert.ok(d.json.decks.length > 0);
  const limit = Object.fromEntries(d.json.decks.map((x) => [x.id, x.new_per_day]));

  let seed = 20261130;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = () => { const x = random(); return x < 0.1 ? 1 : x < 0.2 ? 2 : x < 0.9 ? 3 : 4; };

  const cards = new Map();       // card_id -> { due, reviews: [{ at, rating, interval }] }
  const midnight = new Date(); midnight.setUTCHours(0, 0, 0, 0);
  const first = midnight.getTime() / 1000 + 86400 + 7 * 3600; // tomorrow, 07:00 UTC
  let sent = 0;
  const perDay = [];             // reviews made each simulated day
  for (let day = 0; day < DAYS; day++) {
    perDay[day] = 0;
    const newToday = {};
    const forgotten = new Set();
    let t = first + day * (86400 + SHIFT);
    for (let visit = 0; visit < 40; visit++, t += STEP) {
      setClock(t);
      const q = await call('GET', '/api/v1/srs/queue?limit=500');
      assert.equal(q.status, 200, q.text);
      if (q.json.cards.length === 0 && q.json.later_today === 0) break;
      for (const c of q.json.cards) {
        const known = cards.get(c.card_id);
        if (known) {
          assert.ok(!c.new, `card ${c.card_id} is new again`);
          assert.ok(known.due - EARLY <= t + 5,
            `day ${day}: card ${c.card_id} shown ${((known.due - t) / 3600).toFixed(1)} h before its due time`);
        } else {
          assert.ok(c.new, `day ${day}: card ${c.card_id} unknown but not new`);
          newToday[c.deck_id] = (newToday[c.deck_id] || 0) + 1;
        }
        const rating = pick();
        setClock(t);             // the clock stands still while the learner answers
        const r = await call('POST', '/api/v1/srs/reviews', { card_id: c.card_id, rating, version: c.version });
        assert.equal(r.status, 201, `day ${day}: ${r.text}`);
        sent++;
        perDay[day]++;
        const due = Date.parse(r.json.due_at) / 1000;
        // the interval the button showed (the real clock moves on between the two calls)
        const shown = Date.parse(c.next[names[rating - 1]].due_at) / 1000;
        assert.ok(Math.abs(due - shown) <= 5, `due ${r.json.due_at}, button ${c.next[names[rating - 1]].due_at}`);
        assert.ok(due > t, `day ${day}: due in the past (${r.json.due_at})`);
        const entry = known || { reviews: [] };
        entry.due = due;
        entry.reviews.push({ at: t, rating, interval: due - t });
        cards.set(c.card_id, entry);
        if (rating === 1) forgotten.add(c.card_id);
        else forgotten.delete(c.card_id);
      }
    }
    for (const [deck, n] of Object.entries(newToday)) {
      assert.ok(n <= limit[deck], `day ${day}: ${n} new cards of deck ${deck} (limit ${limit[deck]})`);
    }
    // a card forgotten today was seen again before the learner stopped
    assert.equal(forgotten.size, 0, `day ${day}: forgotten cards left for tomorrow: ${[...forgotten]}`);
  }
  assert.ok(cards.size >= 20, `${cards.size} cards learnt`);

  // the intervals of remembered cards grow: a card never forgotten since
  // its first day waits longer after its last review than after its first
  const steady = [...cards.values()].filter((c) => c.reviews.length >= 4 &&
    c.reviews.slice(1).every((x) => x.rating >= 3));
  assert.ok(steady.length >= 5, `${steady.length} cards always remembered`);
  for (const c of steady) {
    const last = c.reviews.at(-1).interval, second = c.reviews[1].interval;
    assert.ok(last > second, `interval ${second} s, then ${last} s`);
  }
  const longest = Math.max(...[...cards.values()].map((c) => c.reviews.at(-1).interval));
  assert.ok(longest > 14 * 86400, `longest interval ${(longest / 86400).toFixed(1)} days`);

  // the statistics count every review the learner made, on the days made
  const st = await call('GET', '/api/v1/srs/stats');
  assert.equal(st.status, 200, st.text);
  assert.equal(st.json.total_reviews, sent);
  assert.equal(st.json.cards_seen, cards.size);
  // reviews per day as made (days run 07:00 to 21:00 UTC at the latest: the
  // same date in Europe), and the streak: days in a row with a review, up to the last one
  const dateOf = (day) => new Date((first + day * (86400 + SHIFT)) * 1000).toISOString().slice(0, 10);
  const made = Object.fromEntries(perDay.map((n, day) => [dateOf(day), n]));
  const listed = st.json.reviews_per_day.filter((x) => x.date in made);
  assert.ok(listed.length >= 29, `${listed.length} days listed`);
  for (const x of listed) assert.equal(x.reviews, made[x.date], `reviews on ${x.date}`);
  let streak = 0;
  for (let day = perDay[DAYS - 1] ? DAYS - 1 : DAYS - 2; day >= 0 && perDay[day] > 0; day--) streak++;
  assert.equal(st.json.streak, streak);
  assert.ok(st.json.retention.true > 0.5 && st.json.retention.true < 1, JSON.stringify(st.json.retention));
});
