// Password reset by e-mail through a real SMTP conversation, a new
// organisation's first administrator choosing a password from the mail,
// the outbox page, and password strength outside demo mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freePort, startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { alerts, api, serveExisting, sleep, smtpSink, tokenFor, waitFor } from './support.mjs';

let srv, smtp;
before(async () => {
  smtp = await smtpSink();
  srv = await startServer({ args: ['--smtp-url', smtp.url, '--mail-from', 'cartable@example.org'] });
});
after(async () => {
  if (srv) await srv.stop();
  await smtp.close();
});

const SAME = 'Si un compte correspond et possède une adresse e-mail';

function link(mail) {
  const m = /(http:\/\/[^\s]+\/mot-de-passe\/nouveau\?jeton=[A-Za-z0-9_-]+)/.exec(mail.raw);
  assert.ok(m, `a reset link in\n${mail.raw}`);
  return new URL(m[1]);
}

const mailTo = (addr) => (m) => m.to.some((t) => t.includes(`<${addr}>`));

async function forgot(who) {
  const c = new Client(srv.url);
  const r = await c.submit('/mot-de-passe/oubli', '/mot-de-passe/oubli', { who });
  assert.equal(r.status, 200, who);
  return r;
}

async function tryLogin(login, password) {
  return new Client(srv.url).submit('/connexion', '/connexion', { login, password, suite: '/' });
}

test('the forgotten-password page answers the same whoever is asked for', async () => {
  const page = await new Client(srv.url).get('/mot-de-passe/oubli');
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Identifiant ou adresse e-mail/);
  const nocsrf = await new Client(srv.url).post('/mot-de-passe/oubli', { who: 'parent' });
  assert.equal(nocsrf.status, 403);
  const known = await forgot('parent');
  const unknown = await forgot('personne.de.ce.nom');
  const noMail = await forgot('eleve'); // a pupil without e-mail
  const empty = await forgot('');
  const strip = (r) => textOf(r.text);
  assert.match(strip(known), new RegExp(SAME));
  assert.equal(strip(unknown), strip(known));
  assert.equal(strip(noMail), strip(known));
  assert.equal(strip(empty), strip(known));
  await smtp.waitForMail(mailTo('parent@example.org'));
  await sleep(1500);
  assert.equal(smtp.messages.filter(mailTo('parent@example.org')).length, 1);
  assert.equal(smtp.messages.length, 1, 'no mail for unknown logins or accounts without e-mail');
});

test('a reset link sets a new password once, and closes the sessions', async () => {
  const mail = await smtp.waitForMail(mailTo('parent@example.org'));
  assert.match(mail.raw, /Subject: =\?UTF-8\?B\?/);
  assert.match(mail.raw, /Bonjour Sophie/);
  assert.match(mail.raw, /From: cartable@example\.org/);
  const url = link(mail);
  assert.equal(url.origin, srv.url);
  const path = url.pathname + url.search;
  const token = url.searchParams.get('jeton');

  const session = new Client(srv.url);
  await session.login('parent');

  const c = new Client(srv.url);
  const form = await c.get(path);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`name="jeton" value="${token}"`));
  const nocsrf = await c.post('/mot-de-passe/nouveau', { jeton: token, password: 'x', confirm: 'x' });
  assert.equal(nocsrf.status, 403);
  const differ = await c.submit(path, '/mot-de-passe/nouveau', { jeton: token, password: 'Un-mot-2024', confirm: 'Autre-2024' });
  assert.equal(differ.status, 400);
  assert.match(alerts(differ.text)[0], /ne sont pas identiques/);
  assert.equal((await tryLogin('parent', 'demo')).status, 303, 'unchanged so far');

  const ok = await c.submit(path, '/mot-de-passe/nouveau', { jeton: token, password: 'Parent-neuf-2024', confirm: 'Parent-neuf-2024' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/connexion');
  assert.match(textOf((await c.get('/connexion')).text), /Votre mot de passe a été enregistré/);
  assert.equal((await session.get('/compte')).status, 303, 'old session closed');
  assert.equal((await tryLogin('parent', 'demo')).status, 400);
  assert.equal((await tryLogin('parent', 'Parent-neuf-2024')).status, 303);

  // single use: the link and the form are refused afterwards
  const again = await c.get(path);
  assert.equal(again.status, 410);
  assert.match(textOf(again.text), /Ce lien n'est plus valable/);
  assert.doesNotMatch(again.text, /name="jeton"/);
  const replay = await c.submit('/mot-de-passe/oubli', '/mot-de-passe/nouveau', { jeton: token, password: 'Encore-2024-x', confirm: 'Encore-2024-x' });
  assert.equal(replay.status, 410);
  assert.equal((await tryLogin('parent', 'Encore-2024-x')).status, 400);
  assert.equal((await tryLogin('parent', 'Parent-neuf-2024')).status, 303);
  assert.ok(!srv.log().includes(token), 'reset tokens stay out of the log');
  assert.match(srv.log(), /req=\d+ GET \/mot-de-passe\/nouveau 410 [\d.]+ms/);
});

test('made-up or malformed reset tokens are refused', async () => {
  const c = new Client(srv.url);
  for (const q of ['', '?jeton=', '?jeton=abc', `?jeton=${'A'.repeat(43)}`, '?jeton=%FF%FE', `?jeton=${'x'.repeat(5000)}`]) {
    const r = await c.get('/mot-de-passe/nouveau' + q);
    assert.equal(r.status, 410, q.slice(0, 30));
    assert.match(textOf(r.text), /n'est plus valable/);
  }
  const post = await c.submit('/mot-de-passe/oubli', '/mot-de-passe/nouveau', { jeton: 'A'.repeat(43), password: 'Valable-2024', confirm: 'Valable-2024' });
  assert.equal(post.status, 410);
});

test('a reset can be asked by e-mail address, whatever its case', async () => {
  const before = smtp.messages.length;
  await forgot('SECRETARIAT@College-Demo.example.org');
  const mail = await smtp.waitForMail((m, i) => smtp.messages.indexOf(m) >= before && mailTo('secretariat@college-demo.example.org')(m));
  assert.match(mail.raw, /« etablissement »/);
});

test('the outbox page lists the mail for admins only, escaped', async () => {
  const admin = new Client(srv.url);
  await admin.login('admin');
  const r = await admin.get('/admin/courrier');
  assert.equal(r.status, 200);
  const t = textOf(r.text);
  assert.match(t, /parent@example\.org/);
  assert.match(t, /Réinitialisation de votre mot de passe/);
  assert.match(t, /envoyé/);
  for (const login of ['conseiller', 'eleve', 'support']) {
    const c = new Client(srv.url);
    await c.login(login);
    assert.equal((await c.get('/admin/courrier')).status, 403, login);
  }
  assert.equal((await new Client(srv.url).get('/admin/courrier')).status, 303);
});

test('a new organisation\'s first admin gets a link by mail and administers only that organisation', async () => {
  const admin = new Client(srv.url);
  await admin.login('admin');
  const r = await admin.submit('/admin/organisations', '/admin/organisations', {
    name: 'Université de Poitiers (test)', slug: 'univ-poitiers', hostname: '',
    given_name: 'Agnès', family_name: 'Première', login: 'admin.poitiers', email: 'admin@poitiers.example.org',
  });
  assert.equal(r.status, 303, textOf(r.text).slice(0, 400));
  const mail = await smtp.waitForMail(mailTo('admin@poitiers.example.org'));
  const url = link(mail);
  const c = new Client(srv.url);
  // no password yet: cannot sign in before choosing one
  assert.equal((await tryLogin('admin.poitiers', '')).status, 400);
  const ok = await c.submit(url.pathname + url.search, '/mot-de-passe/nouveau',
    { jeton: url.searchParams.get('jeton'), password: 'Poitiers-2024!', confirm: 'Poitiers-2024!' });
  assert.equal(ok.status, 303);
  await c.login('admin.poitiers', 'Poitiers-2024!');
  const people = await c.get('/admin/personnes');
  assert.equal(people.status, 200);
  const logins = [...people.text.matchAll(/<td>([a-z0-9._-]+)<\/td><td>/g)].map((m) => m[1]);
  assert.deepEqual(logins, ['admin.poitiers']);
  const token = await tokenFor(srv.url, 'admin.poitiers', 'Poitiers-2024!');
  const me = await api(srv.url, 'GET', '/api/v1/me', { token });
  assert.equal(me.json.tenant.slug, 'univ-poitiers');
  assert.deepEqual(me.json.roles, ['admin']);
  assert.equal((await c.get('/admin/organisations')).status, 403);
  const cat = await api(srv.url, 'GET', '/api/v1/enrolments', { token });
  assert.deepEqual(cat.json.enrolments, []);
});

test('when the SMTP relay is down, the mail stays in the outbox with its error', async () => {
  const s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${await freePort()}`] });
  try {
    const r = await new Client(s.url).submit('/mot-de-passe/oubli', '/mot-de-passe/oubli', { who: 'parent' });
    assert.equal(r.status, 200);
    assert.match(textOf(r.text), new RegExp(SAME), 'the visitor sees the same answer');
    const admin = new Client(s.url);
    await admin.login('admin');
    const html = await waitFor(async () => {
      const h = (await admin.get('/admin/courrier')).text;
      return /<p class="error">SMTP: /.test(h) ? h : null;
    }, { what: 'the delivery error in the outbox' });
    const mail = textOf(/<article class="mail">[\s\S]*?<\/article>/.exec(html)[0]);
    assert.match(mail, /parent@example\.org .* · en attente/);
    assert.match(mail, /SMTP: Couldn't connect to server|SMTP: /);
  } finally {
    await s.stop();
  }
});

test('outside demo mode weak passwords are refused everywhere', async () => {
  await srv.stop({ keep: true });
  const data = srv;
  srv = null;
  const plain = await serveExisting(data, ['--smtp-url', smtp.url]);
  try {
    const login = async (l, p) => new Client(plain.url).submit('/connexion', '/connexion', { login: l, password: p, suite: '/' });
    // the demo accounts still sign in with the password they have
    const c = new Client(plain.url);
    await c.login('prof');
    const weak = [
      ['court', /au moins 10 caractères/],
      ['abcdefghijkl', /au moins deux sortes de caractères/],
      ['prof-Prof-2024', /ne doit pas contenir l'identifiant/],
      ['x'.repeat(201) + 'A', /ne doit pas dépasser 200 caractères/],
    ];
    for (const [pw, why] of weak) {
      const r = await c.submit('/compte', '/compte/mot-de-passe', { current: 'demo', password: pw, confirm: pw });
      assert.equal(r.status, 400, pw);
      assert.match(textOf(r.text), why, pw);
    }
    assert.equal((await login('prof', 'demo')).status, 303, 'still the old password');
    const good = await c.submit('/compte', '/compte/mot-de-passe', { current: 'demo', password: 'Fort-et-long-2024', confirm: 'Fort-et-long-2024' });
    assert.equal(good.status, 303);
    assert.equal((await login('prof', 'Fort-et-long-2024')).status, 303);

    // an admin cannot give a new account a weak password
    const admin = new Client(plain.url);
    await admin.login('admin');
    const created = await admin.submit('/admin/personnes/nouvelle', '/admin/personnes', {
      given_name: 'Mot', family_name: 'Faible', login: 'mot.faible', password: 'demo', role: 'learner' });
    assert.equal(created.status, 400);
    assert.match(textOf(created.text), /au moins 10 caractères/);
    const search = await admin.get('/admin/personnes?q=faible');
    assert.match(textOf(search.text), /Aucune personne ne correspond/);

    // nor a reset link a weak one
    const before = smtp.messages.length;
    await new Client(plain.url).submit('/mot-de-passe/oubli', '/mot-de-passe/oubli', { who: 'compta' });
    const mail = await smtp.waitForMail((m) => smtp.messages.indexOf(m) >= before && mailTo('compta@example.org')(m));
    const url = link(mail);
    const r = new Client(plain.url);
    const path = url.pathname + url.search;
    const refused = await r.submit(path, '/mot-de-passe/nouveau', { jeton: url.searchParams.get('jeton'), password: 'faible', confirm: 'faible' });
    assert.equal(refused.status, 400);
    assert.match(alerts(refused.text)[0], /au moins 10 caractères/);
    assert.equal((await r.get(path)).status, 200, 'a refused password does not use the link up');
    const ok = await r.submit(path, '/mot-de-passe/nouveau', { jeton: url.searchParams.get('jeton'), password: 'Solide-Bilan-2024', confirm: 'Solide-Bilan-2024' });
    assert.equal(ok.status, 303);
    assert.equal((await login('compta', 'Solide-Bilan-2024')).status, 303);
  } finally {
    await plain.stop();
    rmSync(data.dir, { recursive: true, force: true });
  }
});
