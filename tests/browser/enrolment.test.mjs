// In a real browser: a learner finds a programme by searching without
// accents and enrols; a partner school imports a class list with a faulty
// line, fixes it and imports it. axe-core checks every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, seriousViolations } from '../lib/browser.mjs';

let srv, browser, context;
const visited = new Map(); // url path -> violations

before(async () => {
  srv = await startServer();
  ({ browser, context } = await launch());
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function check(page) {
  const path = new URL(page.url()).pathname;
  const v = await seriousViolations(page);
  visited.set(path, v);
  assert.deepEqual(v, [], `accessibility violations on ${path}`);
}

async function signIn(page, login) {
  await page.goto(srv.url + '/connexion');
  await check(page);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(srv.url + '/');
  await check(page);
}

test('a learner finds a programme without accents, enrols, and sees it in "my enrolments"', async () => {
  const page = await context.newPage();
  await signIn(page, 'eleve');
  await page.getByRole('link', { name: 'Catalogue', exact: true }).first().click();
  await check(page);
  await page.getByLabel('Mots-clés').fill('dietetique');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await check(page);
  const link = page.getByRole('link', { name: 'BTS Diététique' });
  await assert.doesNotReject(link.waitFor());
  await link.click();
  await check(page);
  await page.getByRole('link', { name: "S'inscrire à cette formation" }).click();
  await check(page);
  await page.getByRole('button', { name: "Envoyer la demande d'inscription" }).click();
  await page.waitForURL(/\/inscriptions\/\d+$/);
  await check(page);
  assert.match(await page.textContent('main'), /Demande déposée/);
  await page.getByRole('link', { name: 'Mes inscriptions' }).first().click();
  await check(page);
  const rows = await page.locator('main table tbody tr').allTextContents();
  assert.ok(rows.some((r) => r.includes('BTS Diététique')), rows.join('\n'));
  assert.ok(rows.some((r) => r.includes('Terminale générale')), rows.join('\n'));
  await context.clearCookies();
});

test('a partner school imports a class list, fixes the faulty line, and imports it', async () => {
  const page = await context.newPage();
  await signIn(page, 'etablissement');
  await page.getByRole('link', { name: 'Mon établissement' }).first().click();
  await check(page);
  const header = 'Nom;Prénom;Date de naissance;Classe\n';
  const bad = header + 'Lambert;Chloé;12/05/2011;4e A\nRenaud;Théo;31/02/2011;4e A\n';
  const good = header + 'Lambert;Chloé;12/05/2011;4e A\nRenaud;Théo;28/02/2011;4e A\n';
  const latin = async () => page.getByLabel('Cours à la carte').selectOption(
    await page.locator('select[name=course_id] option', { hasText: 'Latin' }).getAttribute('value'));
  await latin();
  await page.getByLabel('Liste des élèves (CSV)').setInputFiles(
    { name: 'classe.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Vérifier la liste' }).click();
  await check(page);
  const alert = await page.getByRole('alert').first().textContent();
  assert.match(alert, /rien n'a été importé/);
  assert.match(alert, /Ligne 3/);
  assert.equal(await page.getByRole('button', { name: /Confirmer/ }).count(), 0);

  await latin();
  await page.getByLabel('Liste des élèves (CSV)').setInputFiles(
    { name: 'classe.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: 'Vérifier la liste' }).click();
  await check(page);
  await page.getByRole('button', { name: /Confirmer l'inscription de 2 élève/ }).click();
  await page.waitForURL(srv.url + '/etablissement');
  await check(page);
  assert.match(await page.getByRole('status').first().textContent(), /2 élève\(s\) inscrit\(s\), dont 2 nouveau/);
  const table = await page.locator('main table').first().textContent();
  assert.match(table, /Chloé Lambert/);
  assert.match(table, /Théo Renaud/);
});

test('pages seen by other roles have no serious accessibility violation', async () => {
  const page = await context.newPage();
  await context.clearCookies();
  for (const path of ['/', '/catalogue', '/catalogue/cours', '/formations/7', '/mot-de-passe/oubli']) {
    await page.goto(srv.url + path);
    await check(page);
  }
  await signIn(page, 'admin');
  for (const path of ['/admin', '/admin/personnes', '/admin/personnes/nouvelle', '/admin/personnes/2',
    '/admin/catalogue', '/admin/catalogue/formations/7', '/admin/catalogue/cours/nouveau',
    '/admin/inscriptions', '/admin/etablissements', '/admin/organisations', '/admin/courrier',
    '/inscriptions/1', '/compte', '/compte/jetons']) {
    await page.goto(srv.url + path);
    await check(page);
  }
  await context.clearCookies();
  await signIn(page, 'parent');
  await page.goto(srv.url + '/mes-enfants');
  await check(page);
  await page.goto(srv.url + '/langue?l=en&suite=/catalogue');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await check(page);
});
