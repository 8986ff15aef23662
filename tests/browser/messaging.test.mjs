// In a real browser: a learner writes to the teacher of a course, the
// teacher answers, the learner sees the reply; then the agenda, its feed
// page, the news and a course forum. axe-core checks every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, seriousViolations } from '../lib/browser.mjs';

let srv, browser, context;

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
  assert.deepEqual(v, [], `accessibility violations on ${path}`);
}

async function signIn(login) {
  const ctx = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
  const page = await ctx.newPage();
  await page.goto(srv.url + '/connexion');
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(srv.url + '/');
  return { ctx, page };
}

test('a learner writes to the teacher, the teacher answers, the learner reads the answer', async () => {
  const learner = await signIn('eleve');
  let page = learner.page;
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /^Messages/ }).click();
  await page.waitForURL(/\/messages$/);
  await check(page);
  await page.getByRole('link', { name: 'Écrire un message' }).click();
  await check(page);
  await page.getByRole('link', { name: 'Mathématiques – Terminale (spécialité)' }).click();
  await check(page);
  await page.getByLabel('Sujet').fill('Question sur le devoir 1');
  await page.getByLabel('Message').fill("Bonjour,\nfaut-il rendre les exercices 12 à 15 ou seulement le 12 ?\nMerci");
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await page.waitForURL(/\/messages\/\d+$/);
  await check(page);
  const threadUrl = page.url();
  assert.match(await page.textContent('main'), /Votre message est envoyé/);
  assert.match(await page.textContent('main'), /seulement le 12/);

  const teacher = await signIn('prof');
  const tp = teacher.page;
  const nav = tp.getByRole('navigation', { name: 'Navigation principale' });
  assert.match(await nav.getByRole('link', { name: /^Messages/ }).textContent(), /1/);
  await nav.getByRole('link', { name: /^Messages/ }).click();
  await check(tp);
  await tp.getByRole('link', { name: 'Question sur le devoir 1' }).click();
  await tp.waitForURL(threadUrl);
  await check(tp);
  await tp.getByLabel('Votre réponse').fill('Bonjour Lina,\nles quatre exercices, sur une seule copie.');
  await tp.getByRole('button', { name: 'Envoyer la réponse' }).click();
  await tp.waitForURL(threadUrl);
  await check(tp);
  assert.match(await tp.textContent('main'), /Votre réponse est envoyée/);

  await page.goto(srv.url + '/messages');
  await check(page);
  const row = page.locator('main table tbody tr', { hasText: 'Question sur le devoir 1' });
  assert.match(await row.textContent(), /nouveau/);
  await row.getByRole('link', { name: 'Question sur le devoir 1' }).click();
  await check(page);
  assert.match(await page.textContent('main'), /les quatre exercices, sur une seule copie/);
  await page.goto(srv.url + '/messages');
  assert.doesNotMatch(await page.locator('main table tbody tr', { hasText: 'Question sur le devoir 1' }).textContent(), /nouveau/);
  await learner.ctx.close();
  await teacher.ctx.close();
});

test('agenda, calendar feed, news and a course forum are accessible', async () => {
  const learner = await signIn('eleve');
  const page = learner.page;
  for (const path of ['/agenda', '/agenda/abonnement', '/actualites', '/forums']) {
    await page.goto(srv.url + path);
    await check(page);
  }
  await page.goto(srv.url + '/agenda/abonnement');
  await page.getByRole('button', { name: "Créer mon lien d'abonnement" }).click();
  await check(page);
  assert.match(await page.locator('code.token').textContent(), /\/agenda\/flux\/[A-Za-z0-9_-]{43}\.ics$/);
  await page.goto(srv.url + '/forums');
  await page.getByRole('link', { name: 'Mathématiques – Terminale (spécialité)' }).click();
  await check(page);
  await page.getByRole('link', { name: 'Méthode pour les limites de suites' }).click();
  await check(page);
  await learner.ctx.close();
  const teacher = await signIn('prof');
  for (const path of ['/agenda/classes-virtuelles', '/actualites/nouvelle', '/messages/nouveau']) {
    await teacher.page.goto(srv.url + path);
    await check(teacher.page);
  }
  await teacher.ctx.close();
  const admin = await signIn('admin');
  await admin.page.goto(srv.url + '/agenda/evenements');
  await check(admin.page);
  await admin.ctx.close();
});
