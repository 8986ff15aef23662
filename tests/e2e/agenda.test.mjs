// The agenda: virtual classes planned by a course's staff, events of the
// school year by admins, due dates of homework, one agenda per person (a
// guardian's holds their children's), the API, and the personal iCalendar
// feed behind a secret address that can be replaced and turned off. With
// every refusal: other courses, other roles, other tenants, bad input, CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { textOf } from '../lib/client.mjs';
import { XSS, accountId, alerts, api, assertJsonError, assertNoRawMarkup, tokenFor, unescapeHtml } from './support.mjs';
import { createAccount, day, demoCourses, signedIn } from './learning.mjs';

let srv, course;
const c = {}, tok = {}, id = {};

before(async () => {
  srv = await startServer();
  c.admin = await signedIn(srv.url, 'admin');
  await createAccount(c.admin, 'autre.eleve', 'learner');
  await createAccount(c.admin, 'prof2', 'teacher');
  for (const login of ['eleve', 'parent', 'prof', 'prof2', 'conseiller', 'autre.eleve', 'etudiant.univ', 'admin.univ']) {
    c[login] = await signedIn(srv.url, login);
    tok[login] = await tokenFor(srv.url, login);
  }
  tok.admin = await tokenFor(srv.url, 'admin');
  id.eleve = await accountId(srv.url, 'eleve');
  id.autre = await accountId(srv.url, 'autre.eleve');
  course = await demoCourses(srv.url);
});
after(async () => { await srv.stop(); });

const span = (from, to) => `from=${from}&to=${to}`;
async function agenda(who, query = span(day(0), day(40))) {
  const r = await api(srv.url, 'GET', `/api/v1/agenda?${query}`, { token: tok[who] });
  assert.equal(r.status, 200, r.text);
  return r.json.entries;
}

async function planClass(who, fields) {
  return c[who].submit('/agenda/classes-virtuelles', '/agenda/classes-virtuelles', fields);
}

test('the staff of a course plans a virtual class; its learners and their guardians see it', async () => {
  const page = await c.prof.get('/agenda/classes-virtuelles');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<option value="${course['TLE-MATHS']}"[^>]*>Mathématiques`));
  const r = await planClass('prof', { cours: course['TLE-MATHS'], titre: 'Révisions : limites, suites',
    date: day(8), debut: '14:00', fin: '15:30', lien: 'https://visio.example.org/salle-12' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const listed = await c.prof.get('/agenda/classes-virtuelles');
  assert.match(textOf(listed.text), /Révisions : limites, suites/);

  const mine = await agenda('eleve');
  const cls = mine.find((e) => e.kind === 'class' && e.title === 'Révisions : limites, suites');
  assert.ok(cls, JSON.stringify(mine));
  assert.equal(Date.parse(cls.ends_at) - Date.parse(cls.starts_at), 90 * 60 * 1000);
  assert.equal(cls.url, 'https://visio.example.org/salle-12');
  assert.equal(cls.course.id, course['TLE-MATHS']);
  assert.equal(cls.learner, null);
  id.cls = cls.id;
  const html = await c.eleve.get(`/agenda?du=${day(8)}`);
  assert.equal(html.status, 200);
  assert.match(html.text, /<a href="https:\/\/visio.example.org\/salle-12" rel="noopener noreferrer">Rejoindre/);
  assert.match(html.text, /<caption>Du /);

  const guardian = await agenda('parent');
  const forChild = guardian.find((e) => e.kind === 'class' && e.id === id.cls);
  assert.ok(forChild);
  assert.equal(forChild.learner.id, id.eleve);
  const child = await api(srv.url, 'GET', `/api/v1/agenda?${span(day(0), day(40))}&learner_id=${id.eleve}`, { token: tok.parent });
  assert.ok(child.json.entries.some((e) => e.id === id.cls && e.kind === 'class'));

  for (const who of ['autre.eleve', 'prof2', 'etudiant.univ', 'admin.univ']) {
    const e = await agenda(who);
    assert.ok(!e.some((x) => x.kind === 'class' && x.id === id.cls), `${who} sees the class`);
  }
  assert.ok((await agenda('prof')).some((x) => x.kind === 'class' && x.id === id.cls));
});

test('homework due dates are in the learner\'s agenda and their guardian\'s', async () => {
  const e = await agenda('eleve');
  const due = e.find((x) => x.kind === 'due' && x.title === 'Devoir 1 — Suites');
  assert.ok(due, JSON.stringify(e.map((x) => [x.kind, x.title])));
  assert.equal(due.starts_at, due.ends_at);
  assert.match(due.url, /^\/devoirs\/\d+$/);
  const g = await agenda('parent');
  const forChild = g.find((x) => x.kind === 'due' && x.id === due.id);
  assert.ok(forChild);
  assert.match(forChild.url, new RegExp(`^/devoirs/\\d+\\?eleve=${id.eleve}$`));
  assert.ok(!(await agenda('autre.eleve')).some((x) => x.kind === 'due'));
});

test('planning a class is refused outside one\'s courses, to other roles, and with bad input', async () => {
  const other = await planClass('prof2', { cours: course['TLE-MATHS'], titre: 'Intrus', date: day(3),
    debut: '10:00', fin: '11:00', lien: 'https://visio.example.org/x' });
  assert.equal(other.status, 404);
  assert.equal((await c.eleve.get('/agenda/classes-virtuelles')).status, 403);
  assert.equal((await planClass('eleve', { cours: course['TLE-MATHS'], titre: 'x', date: day(3), debut: '10:00',
    fin: '11:00', lien: 'https://x.example.org' })).status, 403);
  const base = { cours: course['TLE-MATHS'], titre: 'Classe', date: day(3), debut: '10:00', fin: '11:00',
    lien: 'https://visio.example.org/y' };
  const bad = [
    [{ titre: '' }, /titre de la classe virtuelle/],
    [{ date: '31/02/2027' }, /date/],
    [{ debut: '25:00' }, /heure de début/],
    [{ fin: '09:00' }, /La fin doit venir après le début/],
    [{ debut: '06:00', fin: '19:00' }, /12 heures au plus/],
    [{ lien: 'javascript:alert(1)' }, /https:\/\//],
    [{ lien: 'https://' }, /https:\/\//],
    [{ cours: '999999' }, /Vous n'enseignez pas dans ce cours/],
  ];
  for (const [change, msg] of bad) {
    const r = await planClass('prof', { ...base, ...change });
    assert.ok(r.status === 400 || r.status === 404, `${JSON.stringify(change)}: ${r.status}`);
    assert.match(alerts(r.text)[0] || '', msg, JSON.stringify(change));
  }
  const noCsrf = await c.prof.post('/agenda/classes-virtuelles', base);
  assert.equal(noCsrf.status, 403);
  assert.ok(!(await agenda('eleve', span(day(2), day(4)))).some((x) => x.title === 'Classe'));
});

test('a class is deleted by its course\'s staff only', async () => {
  const r = await planClass('prof', { cours: course['TLE-MATHS'], titre: 'À supprimer', date: day(5),
    debut: '10:00', fin: '11:00', lien: 'https://visio.example.org/z' });
  assert.equal(r.status, 303);
  const e = (await agenda('eleve')).find((x) => x.title === 'À supprimer');
  const del = (who) => c[who].submit('/agenda/classes-virtuelles', `/agenda/classes-virtuelles/${e.id}/supprimer`, {});
  assert.equal((await del('prof2')).status, 404);
  assert.equal((await del('eleve')).status, 403);
  assert.ok((await agenda('eleve')).some((x) => x.title === 'À supprimer'));
  assert.equal((await del('prof')).status, 303);
  assert.ok(!(await agenda('eleve')).some((x) => x.title === 'À supprimer'));
  assert.equal((await del('prof')).status, 404);
});

test('admins add events for the whole organisation or one unit; each person sees theirs', async () => {
  const page = await c.admin.get('/agenda/evenements');
  assert.equal(page.status, 200);
  // the unit of eleve's courses, from the demo's unit event in their agenda
  const demoEvent = (await agenda('eleve')).find((x) => x.kind === 'event' && x.unit);
  assert.ok(demoEvent, 'the demo has an event of the unit of eleve\'s courses');
  const units = [...page.text.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], unescapeHtml(m[2])]);
  const mine = units.find(([, name]) => name === demoEvent.unit)[0];
  const other = units.find(([v, name]) => v !== '0' && name !== demoEvent.unit)[0];
  const add = (fields) => c.admin.submit('/agenda/evenements', '/agenda/evenements', fields);
  assert.equal((await add({ unite: '0', titre: 'Vacances de Noël', debut: day(20), fin: day(35) })).status, 303);
  assert.equal((await add({ unite: mine, titre: 'Épreuves blanches', debut: day(12), heure_debut: '08:00', heure_fin: '12:00' })).status, 303);
  assert.equal((await add({ unite: other, titre: 'Réunion d\'un autre pôle', debut: day(12) })).status, 303);

  const e = await agenda('eleve');
  const holidays = e.find((x) => x.title === 'Vacances de Noël');
  assert.ok(holidays);
  assert.equal(holidays.all_day, true);
  assert.ok(Date.parse(holidays.ends_at) - Date.parse(holidays.starts_at) >= 15 * 86400000);
  const exams = e.find((x) => x.title === 'Épreuves blanches');
  assert.equal(Date.parse(exams.ends_at) - Date.parse(exams.starts_at), 4 * 3600000);
  assert.ok(!e.some((x) => x.title === 'Réunion d\'un autre pôle'));
  assert.ok((await agenda('parent')).some((x) => x.title === 'Épreuves blanches'));
  assert.ok((await agenda('autre.eleve')).some((x) => x.title === 'Vacances de Noël'));
  assert.ok(!(await agenda('autre.eleve')).some((x) => x.title === 'Épreuves blanches'));
  assert.ok((await agenda('conseiller')).some((x) => x.title === 'Réunion d\'un autre pôle'));
  for (const who of ['etudiant.univ', 'admin.univ'])
    assert.ok(!(await agenda(who)).some((x) => x.kind === 'event' && x.title === 'Vacances de Noël'), who);

  const refused = await add({ unite: '0', titre: '', debut: day(3) });
  assert.equal(refused.status, 400);
  assert.match(alerts(refused.text)[0], /titre de l'événement/);
  const backwards = await add({ unite: '0', titre: 'x', debut: day(5), fin: day(3) });
  assert.equal(backwards.status, 400);
  assert.equal((await add({ unite: '999999', titre: 'x', debut: day(5) })).status, 400);
  assert.equal((await c.prof.get('/agenda/evenements')).status, 403);
  assert.equal((await c.prof.submit('/agenda', '/agenda/evenements', { unite: '0', titre: 'x', debut: day(3) })).status, 403);
  assert.equal((await c['admin.univ'].get('/agenda/evenements')).status, 200);
  assert.ok(!(await c['admin.univ'].get('/agenda/evenements')).text.includes('Vacances de Noël'));
});

test('the agenda API checks its parameters and whose agenda it is', async () => {
  const d = await api(srv.url, 'GET', '/api/v1/agenda', { token: tok.eleve });
  assert.equal(d.status, 200);
  assert.ok(Date.parse(d.json.to) - Date.parse(d.json.from) === 30 * 86400000);
  const utc = await api(srv.url, 'GET', '/api/v1/agenda?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00Z', { token: tok.eleve });
  assert.equal(utc.status, 200, utc.text);
  assert.equal(utc.json.from, '2026-01-01T00:00:00Z');
  for (const q of ['from=hier', 'from=2026-13-01', 'to=2026-02-30', `${span(day(5), day(1))}`,
    `${span(day(0), day(500))}`, 'learner_id=abc', 'learner_id=0', 'from=2026-01-01T25:00:00Z']) {
    const r = await api(srv.url, 'GET', `/api/v1/agenda?${q}`, { token: tok.eleve });
    assertJsonError(r, 400, 'invalid');
  }
  for (const [who, learner] of [['eleve', id.autre], ['parent', id.autre], ['prof', id.eleve], ['etudiant.univ', id.eleve]]) {
    const r = await api(srv.url, 'GET', `/api/v1/agenda?learner_id=${learner}`, { token: tok[who] });
    assertJsonError(r, 404, 'not_found');
  }
  assertJsonError(await api(srv.url, 'GET', '/api/v1/agenda'), 401);
});

function checkIcs(text) {
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'bare LF');
  const lines = text.split('\r\n').slice(0, -1);
  for (const l of lines) assert.ok(Buffer.byteLength(l) <= 75, `line over 75 octets: ${l}`);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  return text.replace(/\r\n /g, ''); // unfolded
}

const utcOf = (iso) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

test('the iCalendar feed: secret address shown once, replaced, turned off', async () => {
  const page = await c.eleve.get('/agenda/abonnement');
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Vous n'avez pas encore de lien d'abonnement/);
  const made = await c.eleve.submit('/agenda/abonnement', '/agenda/abonnement', {});
  assert.equal(made.status, 200);
  const url = /<code class="token">([^<]+)<\/code>/.exec(made.text)[1];
  assert.match(url, /\/agenda\/flux\/[A-Za-z0-9_-]{43}\.ics$/);
  assert.match(made.text, /href="webcal:\/\//);
  const path = new URL(url).pathname;
  const again = await c.eleve.get('/agenda/abonnement');
  assert.ok(!again.text.includes(path.slice(13, 40)), 'the secret is shown once');
  assert.match(textOf(again.text), /Un lien est actif depuis le/);

  const f = await fetch(srv.url + path);
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const ics = checkIcs(await f.text());
  const cls = (await agenda('eleve')).find((x) => x.kind === 'class' && x.id === id.cls);
  assert.match(ics, new RegExp(`\r\nUID:class-${id.cls}-0@[a-z-]+\\.cartable\r\n`));
  assert.ok(ics.includes(`\r\nDTSTART:${utcOf(cls.starts_at)}\r\nDTEND:${utcOf(cls.ends_at)}\r\n`), ics);
  assert.ok(ics.includes('\r\nSUMMARY:Classe virtuelle : Révisions : limites\\, suites\r\n'));
  assert.ok(ics.includes('\r\nURL:https://visio.example.org/salle-12\r\n'));
  assert.match(ics, /\r\nSUMMARY:À rendre : Devoir 1 — Suites\r\n/);
  assert.match(ics, /\r\nDTSTART;VALUE=DATE:\d{8}\r\nDTEND;VALUE=DATE:\d{8}\r\n/); // the holidays
  assert.equal((await fetch(srv.url + path.replace(/\.ics$/, ''))).status, 200);

  // replaced: the old address stops working
  const renewed = await c.eleve.submit('/agenda/abonnement', '/agenda/abonnement', {});
  const path2 = new URL(/<code class="token">([^<]+)<\/code>/.exec(renewed.text)[1]).pathname;
  assert.notEqual(path2, path);
  assert.equal((await fetch(srv.url + path)).status, 404);
  assert.equal((await fetch(srv.url + path2)).status, 200);
  // turned off
  const off = await c.eleve.submit('/agenda/abonnement', '/agenda/abonnement/supprimer', {});
  assert.equal(off.status, 303);
  assert.equal((await fetch(srv.url + path2)).status, 404);
  assert.equal((await c.eleve.post('/agenda/abonnement', {})).status, 403); // CSRF
  for (const bad of ['x', 'a'.repeat(43), '../../etc/passwd', `${'A'.repeat(43)}.ics`])
    assert.equal((await fetch(`${srv.url}/agenda/flux/${encodeURIComponent(bad)}`)).status, 404, bad);
});

test('a guardian\'s feed holds the children\'s entries; another tenant\'s holds only theirs; a deactivated account\'s stops', async () => {
  const made = await c.parent.submit('/agenda/abonnement', '/agenda/abonnement', {});
  const path = new URL(/<code class="token">([^<]+)<\/code>/.exec(made.text)[1]).pathname;
  const ics = checkIcs(await (await fetch(srv.url + path)).text());
  assert.ok(ics.includes(`\r\nUID:class-${id.cls}-${id.eleve}@`));
  assert.ok(ics.includes('\r\nSUMMARY:Lina Martin — Classe virtuelle : Révisions : limites\\, suites\r\n'));

  const univ = await c['etudiant.univ'].submit('/agenda/abonnement', '/agenda/abonnement', {});
  const upath = new URL(/<code class="token">([^<]+)<\/code>/.exec(univ.text)[1]).pathname;
  const uics = checkIcs(await (await fetch(srv.url + upath)).text());
  assert.ok(!uics.includes('Révisions') && !uics.includes('Vacances de Noël'));

  const a = await c['autre.eleve'].submit('/agenda/abonnement', '/agenda/abonnement', {});
  const apath = new URL(/<code class="token">([^<]+)<\/code>/.exec(a.text)[1]).pathname;
  assert.equal((await fetch(srv.url + apath)).status, 200);
  const pid = id.autre;
  const off = await c.admin.submit(`/admin/personnes/${pid}`, `/admin/personnes/${pid}/desactiver`, {});
  assert.ok(off.status === 303, `deactivation: ${off.status}`);
  assert.equal((await fetch(srv.url + apath)).status, 404);
});

test('the agenda page: empty weeks, XSS escaped, navigation', async () => {
  const empty = await c['etudiant.univ'].get(`/agenda?du=${day(200)}`);
  assert.equal(empty.status, 200);
  assert.match(textOf(empty.text), /Rien dans votre agenda pour ces quatre semaines/);
  const r = await planClass('prof', { cours: course['TLE-MATHS'], titre: XSS[0], date: day(9), debut: '09:00',
    fin: '10:00', lien: 'https://visio.example.org/"><img src=x onerror=alert(1)>' });
  assert.equal(r.status, 400); // a link with quotes and brackets is refused
  const ok = await planClass('prof', { cours: course['TLE-MATHS'], titre: XSS[1], date: day(9), debut: '09:00',
    fin: '10:00', lien: 'https://visio.example.org/ok' });
  assert.equal(ok.status, 303);
  const page = await c.eleve.get(`/agenda?du=${day(9)}`);
  assertNoRawMarkup(page.text, 'the agenda');
  assert.match(page.text, /href="\/agenda\?du=\d{4}-\d{2}-\d{2}">← 4 semaines avant/);
  const bad = await c.eleve.get('/agenda?du=n%27importe');
  assert.equal(bad.status, 200);
});
