// Administration: people (create, find, roles, guardians, deactivation),
// organisations, partner schools, and the walls between organisations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, textOf } from '../lib/client.mjs';
import { accountId, alerts, api, rawHttp } from './support.mjs';

let srv;
const clients = {};
before(async () => {
  srv = await startServer();
  for (const login of ['admin', 'admin.univ', 'conseiller', 'eleve']) {
    clients[login] = new Client(srv.url);
    await clients[login].login(login);
  }
});
after(async () => { await srv.stop(); });

const admin = () => clients.admin;

function rows(html) {
  return [...html.matchAll(/<tr><td><a href="\/admin\/personnes\/(\d+)">([^<]*)<\/a><\/td><td>([^<]*)<\/td>/g)]
    .map((m) => ({ id: Number(m[1]), name: m[2], login: m[3] }));
}

async function createPerson(c, fields) {
  return c.submit('/admin/personnes/nouvelle', '/admin/personnes', fields);
}

async function count(c, q) {
  return rows((await c.get(`/admin/personnes?q=${encodeURIComponent(q)}`)).text).length;
}

test('only admins reach the people pages', async () => {
  for (const path of ['/admin', '/admin/personnes', '/admin/personnes/nouvelle', '/admin/personnes/1',
    '/admin/etablissements', '/admin/courrier']) {
    assert.equal((await admin().get(path)).status, 200, path);
    for (const login of ['conseiller', 'eleve']) assert.equal((await clients[login].get(path)).status, 403, `${login} ${path}`);
    const anon = await new Client(srv.url).get(path);
    assert.equal(anon.status, 303);
    assert.equal(anon.location, `/connexion?suite=${encodeURIComponent(path)}`);
  }
  for (const login of ['auteur', 'prof', 'parent', 'etablissement', 'support', 'compta']) {
    const c = new Client(srv.url);
    await c.login(login);
    assert.equal((await c.get('/admin/personnes')).status, 403, login);
    const post = await c.submit('/compte', '/admin/personnes', { given_name: 'A', family_name: 'B', role: 'admin' });
    assert.equal(post.status, 403, login);
  }
  const forbidden = await clients.eleve.get('/admin');
  assert.match(textOf(forbidden.text), /Votre compte n'a pas accès à cette page/);
});

test('an admin creates an account, finds it without accents, and it signs in', async () => {
  const r = await createPerson(admin(), {
    given_name: 'Éloïse', family_name: 'Gaëtan-Légaré', login: '', email: 'Eloise@Example.ORG',
    birth_date: '05/09/2010', password: 'demo', role: 'learner',
  });
  assert.equal(r.status, 303);
  const id = Number(/^\/admin\/personnes\/(\d+)$/.exec(r.location)[1]);
  const page = await admin().get(r.location);
  const t = textOf(page.text);
  assert.match(t, /Le compte a été créé/);
  assert.match(t, /eloise\.gaetan-legare/);
  assert.match(t, /eloise@example\.org/);
  assert.match(t, /2010-09-05/);
  for (const q of ['eloise', 'GAETAN', 'légaré', 'eloise legare', 'eloise@example']) {
    const found = rows((await admin().get(`/admin/personnes?q=${encodeURIComponent(q)}`)).text);
    assert.deepEqual(found.map((x) => x.id), [id], q);
  }
  const byRole = rows((await admin().get('/admin/personnes?q=gaetan&role=guardian')).text);
  assert.deepEqual(byRole, []);
  await new Client(srv.url).login('eloise.gaetan-legare');
  // a second person with the same names gets another login
  const twin = await createPerson(admin(), { given_name: 'Éloïse', family_name: 'Gaëtan-Légaré', role: 'learner' });
  assert.equal(twin.status, 303);
  assert.match(textOf((await admin().get(twin.location)).text), /eloise\.gaetan-legare2/);
});

test('account creation refuses bad input with a French message and creates nothing', async () => {
  const before = await count(admin(), 'zz');
  const cases = [
    [{ given_name: '', family_name: 'Zz' }, /Indiquez le prénom/],
    [{ given_name: 'Zz', family_name: '   ' }, /Indiquez le nom/],
    [{ given_name: 'Zz<b>', family_name: 'Zz' }, /sans < > ni guillemets/],
    [{ given_name: 'Zz', family_name: 'Zz', login: 'Zz Zz' }, /L'identifiant compte 3 à 64 caractères/],
    [{ given_name: 'Zz', family_name: 'Zz', login: 'zé' }, /L'identifiant compte 3 à 64 caractères/],
    [{ given_name: 'Zz', family_name: 'Zz', email: 'pas-une-adresse' }, /L'adresse e-mail n'est pas valide/],
    [{ given_name: 'Zz', family_name: 'Zz', birth_date: '31/02/2010' }, /La date de naissance doit s'écrire JJ\/MM\/AAAA/],
    [{ given_name: 'Zz', family_name: 'x'.repeat(101) }, /100 caractères au plus/],
    [{ given_name: 'Zz\u0007', family_name: 'Zz' }, /Indiquez le prénom/],
  ];
  for (const [fields, message] of cases) {
    const r = await createPerson(admin(), { role: 'learner', ...fields });
    assert.equal(r.status, 400, JSON.stringify(fields));
    assert.match(alerts(r.text)[0], message, JSON.stringify(fields));
  }
  const dup = await createPerson(admin(), { given_name: 'Zz', family_name: 'Zz', login: 'ELEVE', role: 'learner' });
  assert.equal(dup.status, 409);
  assert.match(alerts(dup.text)[0], /Cet identifiant est déjà utilisé/);
  // invalid UTF-8 in a urlencoded form: the field is dropped, the form refused
  const page = await admin().get('/admin/personnes/nouvelle');
  const csrf = Client.csrf(page.text);
  const raw = await admin().post('/admin/personnes', `csrf=${csrf}&given_name=%FF%FE&family_name=Zz&role=learner`,
    { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(raw.status, 400);
  assert.match(alerts(raw.text)[0], /Indiquez le prénom/);
  const nocsrf = await admin().post('/admin/personnes', { given_name: 'Zz', family_name: 'Zz', role: 'learner' });
  assert.equal(nocsrf.status, 403);
  const wrongcsrf = await admin().post('/admin/personnes', { csrf: csrf.slice(1) + 'A', given_name: 'Zz', family_name: 'Zz', role: 'learner' });
  assert.equal(wrongcsrf.status, 403);
  assert.equal(await count(admin(), 'zz'), before);
});

test('roles are granted and an admin keeps their own admin role', async () => {
  const r = await createPerson(admin(), { given_name: 'Rôle', family_name: 'Changeant', login: 'role.changeant', role: 'learner' });
  const id = Number(/(\d+)$/.exec(r.location)[1]);
  const csrf = Client.csrf((await admin().get(`/admin/personnes/${id}`)).text);
  const set = await admin().post(`/admin/personnes/${id}/roles`, new URLSearchParams(
    [['csrf', csrf], ['role', 'teacher'], ['role', 'advisor'], ['role', 'nonsense']]));
  assert.equal(set.status, 303);
  const page = textOf((await admin().get(`/admin/personnes/${id}`)).text);
  assert.match(page, /Les rôles ont été enregistrés/);
  const html = (await admin().get(`/admin/personnes/${id}`)).text;
  assert.match(html, /id="role-teacher" name="role" value="teacher" checked/);
  assert.match(html, /id="role-advisor" name="role" value="advisor" checked/);
  assert.doesNotMatch(html, /id="role-learner" name="role" value="learner" checked/);
  const me = await accountId(srv.url, 'admin');
  const self = await admin().submit(`/admin/personnes/${me}`, `/admin/personnes/${me}/roles`, { role: 'teacher' });
  assert.equal(self.status, 400);
  assert.match(alerts(self.text)[0], /Vous ne pouvez pas retirer votre propre rôle d'administrateur/);
  assert.equal((await admin().get('/admin/personnes')).status, 200, 'still admin');
  const nocsrf = await admin().post(`/admin/personnes/${id}/roles`, { role: 'admin' });
  assert.equal(nocsrf.status, 403);
  assert.doesNotMatch((await admin().get(`/admin/personnes/${id}`)).text, /value="admin" checked/);
});

test('guardians are linked to learners and unlinked', async () => {
  const kid = await createPerson(admin(), { given_name: 'Petit', family_name: 'Lien', login: 'petit.lien', role: 'learner' });
  const kidId = Number(/(\d+)$/.exec(kid.location)[1]);
  const bad = await admin().submit(`/admin/personnes/${kidId}`, `/admin/personnes/${kidId}/responsables`, { guardian: 'prof' });
  assert.equal(bad.status, 400);
  assert.match(alerts(bad.text)[0], /n'a pas le rôle de responsable légal/);
  const unknown = await admin().submit(`/admin/personnes/${kidId}`, `/admin/personnes/${kidId}/responsables`, { guardian: 'inconnu.x' });
  assert.equal(unknown.status, 400);
  assert.match(alerts(unknown.text)[0], /Aucun compte de votre organisation n'a cet identifiant/);
  const other = await admin().submit(`/admin/personnes/${kidId}`, `/admin/personnes/${kidId}/responsables`, { guardian: 'admin.univ' });
  assert.equal(other.status, 400, 'an account of another organisation is unknown');
  const ok = await admin().submit(`/admin/personnes/${kidId}`, `/admin/personnes/${kidId}/responsables`, { guardian: 'parent' });
  assert.equal(ok.status, 303);
  const page = await admin().get(`/admin/personnes/${kidId}`);
  assert.match(textOf(page.text), /Sophie Martin \(parent\)/);
  const parent = new Client(srv.url);
  await parent.login('parent');
  assert.match(textOf((await parent.get('/mes-enfants')).text), /Petit Lien/);
  const unlink = /action="(\/admin\/personnes\/\d+\/responsables\/\d+\/retirer)"/.exec(page.text)[1];
  const gone = await admin().submit(`/admin/personnes/${kidId}`, unlink);
  assert.equal(gone.status, 303);
  assert.doesNotMatch(textOf((await parent.get('/mes-enfants')).text), /Petit Lien/);
  assert.equal((await admin().submit(`/admin/personnes/${kidId}`, unlink)).status, 404);
  assert.equal((await admin().submit(`/admin/personnes/${kidId}`, `/admin/personnes/${kidId}/responsables/abc/retirer`)).status, 404);
});

test('an admin deactivates others but not themself', async () => {
  const me = await accountId(srv.url, 'admin');
  const self = await admin().submit(`/admin/personnes/${me}`, `/admin/personnes/${me}/desactiver`);
  assert.equal(self.status, 400);
  assert.match(alerts(self.text)[0], /Vous ne pouvez pas désactiver votre propre compte/);
  assert.equal((await admin().get('/admin')).status, 200);
  const r = await createPerson(admin(), { given_name: 'Bientôt', family_name: 'Parti', login: 'bientot.parti', password: 'demo', role: 'learner' });
  const id = Number(/(\d+)$/.exec(r.location)[1]);
  const off = await admin().submit(r.location, `/admin/personnes/${id}/desactiver`);
  assert.equal(off.status, 303);
  const page = textOf((await admin().get(r.location)).text);
  assert.match(page, /Le compte a été désactivé ; ses sessions et jetons sont fermés/);
  assert.match(page, /Réactiver le compte/);
  const login = await new Client(srv.url).submit('/connexion', '/connexion', { login: 'bientot.parti', password: 'demo' });
  assert.equal(login.status, 400);
});

test('bad or unknown ids are 404 on every people route', async () => {
  const eleve = await accountId(srv.url, 'eleve');
  for (const id of ['abc', '0', '-3', '99999999', '1e3', '99999999999999999999999', '%20' + eleve]) {
    assert.equal((await admin().get(`/admin/personnes/${id}`)).status, 404, id);
    for (const action of ['roles', 'desactiver', 'activer', 'responsables']) {
      const r = await admin().submit('/admin', `/admin/personnes/${id}/${action}`, { role: 'admin', guardian: 'parent' });
      assert.equal(r.status, 404, `${action} ${id}`);
    }
  }
});

test('an admin of another organisation cannot see or change operator accounts', async () => {
  const u = clients['admin.univ'];
  const eleve = await accountId(srv.url, 'eleve');
  const parent = await accountId(srv.url, 'parent');
  const own = await accountId(srv.url, 'etudiant.univ');
  assert.equal((await u.get(`/admin/personnes/${own}`)).status, 200);
  const missing = await u.get('/admin/personnes/99999999');
  const foreign = await u.get(`/admin/personnes/${eleve}`);
  assert.equal(foreign.status, 404);
  assert.equal(textOf(foreign.text), textOf(missing.text), 'exactly like a missing record');
  for (const [action, fields] of [['roles', { role: 'admin' }], ['desactiver', {}], ['activer', {}],
    ['responsables', { guardian: 'parent' }], [`responsables/${parent}/retirer`, {}]]) {
    const r = await u.submit('/admin', `/admin/personnes/${eleve}/${action}`, fields);
    assert.equal(r.status, 404, action);
  }
  // nothing changed: eleve signs in, keeps her roles and her guardian
  const token = (await api(srv.url, 'POST', '/api/v1/auth/token', { json: { login: 'eleve', password: 'demo' } })).json.token;
  const me = await api(srv.url, 'GET', '/api/v1/me', { token });
  assert.deepEqual(me.json.roles, ['learner']);
  const p = await api(srv.url, 'GET', '/api/v1/me', { token: (await api(srv.url, 'POST', '/api/v1/auth/token', { json: { login: 'parent', password: 'demo' } })).json.token });
  assert.deepEqual(p.json.children.map((k) => k.login), ['eleve']);
  // the lists show only their own people
  const list = rows((await u.get('/admin/personnes')).text).map((x) => x.login).sort();
  assert.deepEqual(list, ['admin.univ', 'etudiant.univ']);
  assert.deepEqual(rows((await u.get('/admin/personnes?q=martin')).text), []);
  // linking an operator account as guardian of their student is refused
  const link = await u.submit('/admin', `/admin/personnes/${own}/responsables`, { guardian: 'parent' });
  assert.equal(link.status, 400);
  // and the operator admin does not see the university's people either
  assert.equal((await admin().get(`/admin/personnes/${own}`)).status, 404);
  assert.deepEqual(rows((await admin().get('/admin/personnes?q=girard')).text), []);
});

test('organisations: only the operator\'s admins list and create them', async () => {
  const list = await admin().get('/admin/organisations');
  assert.equal(list.status, 200);
  const t = textOf(list.text);
  assert.match(t, /Enseignement à distance \(démo\) \(opérateur\)/);
  assert.match(t, /Université partenaire \(démo\)/);
  assert.match(textOf((await admin().get('/admin')).text), /Organisations/);

  const u = clients['admin.univ'];
  assert.equal((await u.get('/admin/organisations')).status, 403);
  assert.doesNotMatch(textOf((await u.get('/admin')).text), /Organisations/);
  const post = await u.submit('/admin', '/admin/organisations', { name: 'Pirate', slug: 'pirate', given_name: 'P', family_name: 'P', login: 'pirate.admin' });
  assert.equal(post.status, 403);
  assert.equal((await clients.conseiller.get('/admin/organisations')).status, 403);

  const fields = { name: 'Réseau d\'écoles (test)', slug: 'reseau-test', hostname: 'reseau.example.org',
    given_name: 'Rémi', family_name: 'Réseau', login: 'admin.reseau', email: '' };
  const nocsrf = await admin().post('/admin/organisations', fields);
  assert.equal(nocsrf.status, 403);
  const bad = [
    [{ slug: 'Pas Bon' }, /L'identifiant court doit compter 2 à 40 caractères/],
    [{ slug: '-x-' }, /L'identifiant court/],
    [{ name: '' }, /Indiquez le nom de l'organisation/],
    [{ hostname: 'Pas_bon!' }, /Le nom d'hôte/],
    [{ login: '' }, /Choisissez l'identifiant du premier administrateur/],
    [{ login: 'admin' }, /Cet identifiant est déjà utilisé/],
    [{ given_name: '' }, /Indiquez le prénom/],
    [{ email: 'x@' }, /L'adresse e-mail n'est pas valide/],
  ];
  for (const [change, message] of bad) {
    const r = await admin().submit('/admin/organisations', '/admin/organisations', { ...fields, ...change });
    assert.ok([400, 409].includes(r.status), `${JSON.stringify(change)}: ${r.status}`);
    assert.match(alerts(r.text)[0], message, JSON.stringify(change));
  }
  assert.doesNotMatch(textOf((await admin().get('/admin/organisations')).text), /Réseau d'écoles/);
  const ok = await admin().submit('/admin/organisations', '/admin/organisations', fields);
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/admin/organisations');
  const after = textOf((await admin().get('/admin/organisations')).text);
  assert.match(after, /Réseau d'écoles \(test\) reseau-test reseau\.example\.org 1/);
  const dup = await admin().submit('/admin/organisations', '/admin/organisations', { ...fields, login: 'admin.reseau2' });
  assert.equal(dup.status, 409);
  assert.match(alerts(dup.text)[0], /déjà utilisé/);
  const hostTaken = await admin().submit('/admin/organisations', '/admin/organisations', { ...fields, slug: 'reseau-bis', login: 'admin.reseau3' });
  assert.equal(hostTaken.status, 409);
  // the first admin belongs to the new organisation, not to the operator
  assert.deepEqual(rows((await admin().get('/admin/personnes?q=reseau')).text), []);
});

test('the new organisation is reached by its own host name', async () => {
  const get = (path, host) => rawHttp(srv.port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  const home = await get('/', 'Reseau.Example.org:8080');
  assert.equal(home.status, 200);
  assert.match(textOf(Buffer.from(home.text, 'latin1').toString('utf8')), /Réseau d'écoles \(test\)/);
  const cat = await get('/api/v1/programmes', 'reseau.example.org');
  assert.match(cat.text, /\{"programmes":\[\],/, 'the operator catalogue is not shown there');
  const op = await get('/api/v1/programmes', 'ailleurs.example.org');
  assert.match(op.text, /"code":"BTS-DIET"/, 'unknown hosts get the operator');
});

test('partner schools are added with their checks', async () => {
  const page = await admin().get('/admin/etablissements');
  assert.match(textOf(page.text), /Collège Jean Moulin \(démo\) 0860012A Poitiers/);
  const bad = [
    [{ name: '' }, /Indiquez le nom de l'établissement/, 400],
    [{ uai: '12345' }, /Le code UAI compte 7 chiffres suivis d'une lettre/, 400],
    [{ uai: '0860012A' }, /Un établissement avec ce code UAI existe déjà/, 409],
    [{ staff_login: 'nobody.here' }, /Aucun compte de votre organisation n'a cet identifiant/, 400],
    [{ staff_login: 'admin.univ' }, /Aucun compte de votre organisation n'a cet identifiant/, 400],
  ];
  const fields = { name: 'Lycée Test', uai: '0860099Z', city: 'Niort', academy: 'Poitiers', staff_login: '' };
  for (const [change, message, status] of bad) {
    const r = await admin().submit('/admin/etablissements', '/admin/etablissements', { ...fields, ...change });
    assert.equal(r.status, status, JSON.stringify(change));
    assert.match(alerts(r.text)[0], message);
  }
  assert.doesNotMatch(textOf((await admin().get('/admin/etablissements')).text), /Lycée Test/);
  const ok = await admin().submit('/admin/etablissements', '/admin/etablissements', { ...fields, staff_login: 'prof' });
  assert.equal(ok.status, 303);
  assert.match(textOf((await admin().get('/admin/etablissements')).text), /Lycée Test 0860099Z Niort Poitiers/);
  const prof = await accountId(srv.url, 'prof');
  assert.match(textOf((await admin().get(`/admin/personnes/${prof}`)).text), /Établissement Lycée Test/);
  // the university does not see the operator's schools
  assert.doesNotMatch(textOf((await clients['admin.univ'].get('/admin/etablissements')).text), /Jean Moulin|Lycée Test/);
});
