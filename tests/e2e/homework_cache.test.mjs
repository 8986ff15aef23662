// The learner's homework list and dashboard read each course's published
// homework from a per-thread cache (src/kernel/cache.h). These tests fill
// that cache first, then change what it holds as a teacher or an author,
// and check that the very next page shows the change: due dates (with
// each learner's extra time), titles, publication, a course's title, a
// new item, a grade, news; for the learner, a guardian (?eleve=), another
// learner; on the same server (one thread, so the page is read by the
// thread whose copy is old) and on a second server sharing the database.
// And a late copy's flag, which these pages used to print escaped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { api, serveExisting, tokenFor, unescapeHtml } from './support.mjs';
import {
  addStaff, configure, correctApi, day, file, handInApi, newHomework, newLearner, pdf, signedIn,
} from './homework_support.mjs';

let srv, admin, prof, eleve, parent, lea, eleveId, conseillerToken, course = {};
before(async () => {
  srv = await startServer({ args: ['--threads', '1'] });
  admin = await signedIn(srv, 'admin');
  prof = await signedIn(srv, 'prof');
  eleve = await signedIn(srv, 'eleve'); // 33 % extra time in the demo
  parent = await signedIn(srv, 'parent');
  conseillerToken = await tokenFor(srv.url, 'conseiller');
  lea = await newLearner(srv, admin, conseillerToken, 'cache.lea'); // no extra time
  eleveId = (await api(srv.url, 'GET', '/api/v1/me', { token: eleve.tokenValue })).json.id;
  const courses = await api(srv.url, 'GET', '/api/v1/courses', { token: eleve.tokenValue });
  for (const c of courses.json.courses) course[c.code] = c.id;
});
after(async () => { await srv.stop(); });

const ddmmyyyy = (iso) => iso.split('-').reverse().join('/');

// The row of item id on a homework list: title, course title, due cell.
function listRow(html, id) {
  const m = new RegExp(`<tr><td><a href="/devoirs/${id}(?:\\?[^"]*)?">([^<]*)</a></td><td>([^<]*)</td><td>(.*?)</td>`)
    .exec(html);
  return m && { title: unescapeHtml(m[1]), course: unescapeHtml(m[2]), due: textOf(m[3]) };
}

// The line of item id among the dashboard's next deadlines.
function deadline(html, id) {
  const m = new RegExp(`<li><a href="/devoirs/${id}(?:\\?[^"]*)?">([^<]*)</a> <span class="meta">([^<]*)</span>`)
    .exec(html);
  return m && { title: unescapeHtml(m[1]), meta: unescapeHtml(m[2]) };
}

// "À rendre avant le" on the assignment's own page, which reads no cache.
async function dueOnItemPage(c, id, suffix = '') {
  const page = await c.get(`/devoirs/${id}${suffix}`);
  assert.equal(page.status, 200);
  const m = /<dt>À rendre avant le<\/dt><dd>(.*?)<\/dd>/.exec(page.text);
  assert.ok(m, 'the assignment page shows its due date');
  return textOf(m[1]);
}

// What each person sees of item id: [list row, dashboard line].
async function seen(c, id, suffix = '') {
  const list = await c.get(`/devoirs${suffix}`);
  assert.equal(list.status, 200);
  const home = await c.get('/');
  assert.equal(home.status, 200);
  return [listRow(list.text, id), deadline(home.text, id)];
}

test('a due date moved by the teacher shows at once, with each learner\'s own extra time', async () => {
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Carte des flux');
  assert.equal((await configure(admin, id, { opens: day(-10), due_date: day(1), due_time: '12:00' })).status, 303);
  const [leaList, leaHome] = await seen(lea, id);
  assert.equal(leaList.due, `${ddmmyyyy(day(1))} 12h00`);
  assert.match(leaHome.meta, new RegExp(`à rendre le ${ddmmyyyy(day(1))} 12h00`));
  const [eleveList] = await seen(eleve, id);
  assert.match(eleveList.due, /temps majoré de 33 %/);
  const [childList] = await seen(parent, id, `?eleve=${eleveId}`);
  assert.equal(childList.due, eleveList.due);

  assert.equal((await configure(admin, id, { opens: day(-10), due_date: day(2), due_time: '09:30' })).status, 303);
  const [leaList2, leaHome2] = await seen(lea, id);
  assert.equal(leaList2.due, `${ddmmyyyy(day(2))} 09h30`);
  assert.match(leaHome2.meta, new RegExp(`à rendre le ${ddmmyyyy(day(2))} 09h30`));
  const [eleveList2, eleveHome2] = await seen(eleve, id);
  assert.notEqual(eleveList2.due, eleveList.due);
  assert.equal(eleveList2.due, await dueOnItemPage(eleve, id), 'the list agrees with the assignment page');
  assert.match(eleveList2.due, /temps majoré de 33 %/);
  assert.ok(eleveHome2.meta.includes(`à rendre le ${eleveList2.due.split(' (')[0]}`), eleveHome2.meta);
  const [childList2] = await seen(parent, id, `?eleve=${eleveId}`);
  assert.equal(childList2.due, eleveList2.due);
  assert.equal(childList2.due, await dueOnItemPage(parent, id, `?eleve=${eleveId}`));
});

test('a renamed, unpublished or new item, and a renamed course, show at once', async () => {
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Étude de cas');
  assert.equal((await configure(admin, id, { opens: day(-3), due_date: day(1), due_time: '08:00' })).status, 303);
  const editor = `/admin/cours/elements/${id}`;
  assert.equal((await seen(lea, id))[0].title, 'Étude de cas');

  let r = await admin.submit(editor, editor, { title: 'Étude de cas <revue>', body_md: 'Consignes.', published: '1' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  let [row, line] = await seen(lea, id);
  assert.equal(row.title, 'Étude de cas <revue>');
  assert.equal(line.title, 'Étude de cas <revue>');

  r = await admin.submit(editor, editor, { title: 'Étude de cas <revue>', body_md: 'Consignes.' }); // unpublished
  assert.equal(r.status, 303, r.text.slice(0, 400));
  for (const c of [lea, eleve]) assert.deepEqual(await seen(c, id), [null, null]);
  assert.deepEqual(await seen(parent, id, `?eleve=${eleveId}`), [null, null]);
  r = await admin.submit(editor, editor, { title: 'Étude de cas', body_md: 'Consignes.', published: '1' });
  assert.equal(r.status, 303);
  assert.equal((await seen(lea, id))[0].title, 'Étude de cas');

  // an item added to a course whose homework is already in the cache:
  // in the list, and in the course's count of items on the dashboard
  const items = async () => {
    const m = new RegExp(`<a href="/mes-cours/${course['TLE-HG']}">[^<]*</a> <progress[^>]*>[^<]*</progress>`
      + ' <span class="meta">(\\d+) sur (\\d+)</span>').exec((await lea.get('/')).text);
    assert.ok(m, 'the dashboard lists the course with its progress');
    return Number(m[2]);
  };
  const count = await items();
  const added = await newHomework(srv, admin, course['TLE-HG'], 'Croquis ajouté');
  assert.equal((await seen(lea, added))[0].title, 'Croquis ajouté');
  assert.equal(await items(), count + 1);
  r = await admin.submit(editor, editor, { title: 'Étude de cas', body_md: 'Consignes.' });
  assert.equal(await items(), count, 'an unpublished item is not counted');
  r = await admin.submit(editor, editor, { title: 'Étude de cas', body_md: 'Consignes.', published: '1' });
  assert.equal(await items(), count + 1);

  // the course's own title, changed in the catalogue
  const form = (await admin.get(`/admin/catalogue/cours/${course['TLE-HG']}`)).text;
  const fields = formValues(form);
  const before1 = fields.title;
  r = await admin.submit(`/admin/catalogue/cours/${course['TLE-HG']}`, `/admin/catalogue/cours/${course['TLE-HG']}`,
    { ...fields, title: `${before1} (révisé)` });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  [row, line] = await seen(lea, id);
  assert.equal(row.course, `${before1} (révisé)`);
  assert.ok(line.meta.startsWith(`${before1} (révisé)`), line.meta);
  r = await admin.submit(`/admin/catalogue/cours/${course['TLE-HG']}`, `/admin/catalogue/cours/${course['TLE-HG']}`, fields);
  assert.equal(r.status, 303);
  assert.equal((await seen(lea, id))[0].course, before1);
});

test('a grade given by the teacher shows at once on the learner\'s dashboard and list', async () => {
  await addStaff(admin, course['TLE-HG'], 'prof');
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Composition notée');
  assert.equal((await configure(admin, id, { opens: day(-3), due_date: day(3), due_time: '18:00' })).status, 303);
  const h = await handInApi(srv, lea.tokenValue, id, { file: file('c.pdf', pdf(), 'application/pdf') });
  assert.equal(h.status, 201, h.text);
  const home = await lea.get('/');
  assert.doesNotMatch(textOf(home.text), /Composition notée Histoire/);
  assert.equal((await correctApi(srv, prof.tokenValue, h.json.id, { grade: '13,5', feedback: 'Bien.' })).status, 200);
  const after1 = await lea.get('/');
  assert.match(textOf(after1.text), /Dernières notes.*Composition notée .*: 13,5 \/ 20/s);
  assert.match(listRow((await lea.get('/devoirs')).text, id).due, /\d{2}\/\d{2}\/\d{4}/);
  assert.match((await lea.get('/devoirs')).text, new RegExp(`<a href="/copies/${h.json.id}">13,5 / 20</a>`));
});

test('a late copy is flagged "rendu en retard" in the list and the queue, as markup and not as escaped text', async () => {
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Rendu tardif');
  assert.equal((await configure(admin, id, { opens: day(-10), due_date: day(-1), due_time: '12:00' })).status, 303);
  const h = await handInApi(srv, lea.tokenValue, id, { file: file('c.pdf', pdf(), 'application/pdf') });
  assert.equal(h.status, 201, h.text);
  const list = (await lea.get('/devoirs')).text;
  assert.match(list, new RegExp(`<a href="/devoirs/${id}">Rendu tardif</a>.*?<span class=meta>rendu en retard</span>`));
  assert.doesNotMatch(list, /&lt;span/);
  const copy = await api(srv.url, 'GET', `/api/v1/submissions/${h.json.id}`, { token: lea.tokenValue });
  assert.ok(copy.json.teacher, copy.text);
  const queue = (await admin.get(`/corrections?prof=${copy.json.teacher.id}`)).text;
  assert.match(queue, new RegExp(`<a href="/corrections/${h.json.id}">.*?<span class=meta>rendu en retard</span>`));
  assert.doesNotMatch(queue, /&lt;span/);
});

test('news published or deleted, and a renamed course, show at once on the dashboard', async () => {
  await addStaff(admin, course['TLE-HG'], 'prof');
  const newsOf = (location) => Number(/^\/actualites\/(\d+)$/.exec(location)[1]);
  const line = async (c, id) => {
    const m = new RegExp(`<li><a href="/actualites/${id}">([^<]*)</a> <span class="meta">([^<]*)</span>`)
      .exec((await c.get('/')).text);
    return m && { title: unescapeHtml(m[1]), meta: unescapeHtml(m[2]) };
  };
  await lea.get('/'); // the tenant's news in this thread's cache
  let r = await admin.submit('/actualites/nouvelle', '/actualites', { cible: 'tenant', titre: 'Fermeture exceptionnelle', texte: 'Lundi.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const all = newsOf(r.location);
  assert.equal((await line(lea, all)).title, 'Fermeture exceptionnelle');
  r = await prof.submit('/actualites/nouvelle', '/actualites', { cible: `course:${course['TLE-HG']}`, titre: 'Sortie au musée', texte: 'Jeudi.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const hg = newsOf(r.location);
  const fields = formValues((await admin.get(`/admin/catalogue/cours/${course['TLE-HG']}`)).text);
  assert.ok((await line(lea, hg)).meta.endsWith(` · ${fields.title}`));
  const stranger = await signedIn(srv, 'etudiant.univ'); // another tenant
  assert.equal(await line(stranger, all), null);
  assert.equal(await line(stranger, hg), null);
  // the course renamed: the line names it at once
  const edit = `/admin/catalogue/cours/${course['TLE-HG']}`;
  assert.equal((await admin.submit(edit, edit, { ...fields, title: `${fields.title} (bis)` })).status, 303);
  assert.ok((await line(lea, hg)).meta.endsWith(` · ${fields.title} (bis)`));
  assert.equal((await admin.submit(edit, edit, fields)).status, 303);
  // deleted: gone at once, on this server and on another one
  const other = await serveExisting(srv, ['--threads', '1']);
  try {
    const leaThere = new Client(other.url);
    leaThere.cookies = new Map(lea.cookies);
    assert.equal((await line(leaThere, hg)).title, 'Sortie au musée');
    r = await prof.submit(`/actualites/${hg}`, `/actualites/${hg}/supprimer`, {});
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(await line(lea, hg), null);
    assert.equal(await line(leaThere, hg), null);
  } finally {
    await other.stop();
  }
});

test('another tenant\'s learner sees none of it, and their own pages still work', async () => {
  const stranger = await signedIn(srv, 'etudiant.univ');
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Réservé à la démo');
  assert.equal((await configure(admin, id, { due_date: day(1), due_time: '10:00' })).status, 303);
  assert.deepEqual(await seen(stranger, id), [null, null]);
  assert.doesNotMatch((await stranger.get('/devoirs')).text, /Réservé à la démo/);
  assert.equal((await stranger.get(`/devoirs/${id}`)).status, 404);
});

test('a change made on another server sharing the database shows at once on this one', async () => {
  const id = await newHomework(srv, admin, course['TLE-HG'], 'Deux serveurs');
  assert.equal((await configure(admin, id, { opens: day(-5), due_date: day(1), due_time: '07:00' })).status, 303);
  const other = await serveExisting(srv, ['--threads', '1']);
  try {
    const leaThere = new Client(other.url);
    leaThere.cookies = new Map(lea.cookies); // the same session: it lives in the database
    const row1 = listRow((await leaThere.get('/devoirs')).text, id); // fills that server's cache
    assert.equal(row1.due, `${ddmmyyyy(day(1))} 07h00`);
    assert.equal((await configure(admin, id, { opens: day(-5), due_date: day(4), due_time: '16:45' })).status, 303);
    const row2 = listRow((await leaThere.get('/devoirs')).text, id);
    assert.equal(row2.due, `${ddmmyyyy(day(4))} 16h45`);
    assert.match(deadline((await leaThere.get('/')).text, id).meta, new RegExp(`${ddmmyyyy(day(4))} 16h45`));
    const editor = `/admin/cours/elements/${id}`;
    assert.equal((await admin.submit(editor, editor, { title: 'Deux serveurs', body_md: '' })).status, 303);
    assert.equal(listRow((await leaThere.get('/devoirs')).text, id), null, 'unpublished on the other server');
  } finally {
    await other.stop();
  }
});

// The values a form would send as it stands: text inputs, checked boxes,
// selected options, textareas.
function formValues(html) {
  const out = {};
  for (const m of html.matchAll(/<input\b([^>]*)>/g)) {
    const attr = (n) => { const a = new RegExp(`\\b${n}="([^"]*)"`).exec(m[1]); return a && unescapeHtml(a[1]); };
    const name = attr('name'), type = attr('type') || 'text';
    if (!name || name === 'csrf') continue;
    if (type === 'checkbox' || type === 'radio') { if (/\bchecked\b/.test(m[1])) out[name] = attr('value') ?? 'on'; }
    else out[name] = attr('value') ?? '';
  }
  for (const m of html.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]] = unescapeHtml(m[2]);
  for (const m of html.matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected\b/.exec(m[2]) || /<option\b[^>]*\bvalue="([^"]*)"/.exec(m[2]);
    if (sel) out[m[1]] = unescapeHtml(sel[1]);
  }
  return out;
}
