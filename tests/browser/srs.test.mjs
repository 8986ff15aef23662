// In a real browser: a learner's review session with the keyboard only
// (Space shows the answer, 1-4 rate, U undoes), the same session without
// JavaScript (the answer is a <details> element, the ratings plain
// buttons), the statistics with their charts, and an author's deck page.
// axe-core checks every page, with the answer hidden and shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, seriousViolations } from '../lib/browser.mjs';

let srv, browser;

before(async () => {
  srv = await startServer();
  ({ browser } = await launch());
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function check(page, what = '') {
  const path = new URL(page.url()).pathname;
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `accessibility violations on ${path} ${what}`);
}

async function signIn(login, options = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', ...options });
  const page = await ctx.newPage();
  await page.goto(srv.url + '/connexion');
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(srv.url + '/');
  return { ctx, page };
}

const counts = async (page) => (await page.textContent('.srs-counts')).trim();

test('a review session with the keyboard only', async () => {
  const { ctx, page } = await signIn('eleve');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Révisions' }).click();
  await page.waitForURL(/\/revisions$/);
  await check(page);
  assert.match(await page.textContent('main'), /Aujourd'hui : \d+ carte\(s\) à revoir et \d+ nouvelle\(s\)/);
  await page.getByRole('link', { name: 'Commencer la séance' }).click();
  await page.waitForURL(/\/revisions\/seance$/);
  await check(page, 'with the answer hidden');
  const answer = page.locator('details.srs-answer');
  assert.equal(await answer.evaluate((d) => d.open), false);
  assert.equal(await page.locator('.srs-back').isVisible(), false);
  const first = await counts(page);

  // Space shows the answer and the four buttons with their intervals
  await page.keyboard.press('Space');
  assert.equal(await answer.evaluate((d) => d.open), true);
  assert.ok(await page.locator('.srs-back').isVisible());
  const buttons = page.locator('.srs-buttons button');
  assert.equal(await buttons.count(), 4);
  assert.match(await buttons.nth(2).textContent(), /^Correct \d/);
  await check(page, 'with the answer shown');

  // 3 rates Good: the next card comes, the rating can be undone
  await Promise.all([page.waitForNavigation(), page.keyboard.press('3')]);
  assert.match(page.url(), /\/revisions\/seance$/);
  assert.notEqual(await counts(page), first);
  assert.match(await page.textContent('form.srs-undo'), /Annuler la dernière réponse \(« Correct »\)/);
  await check(page, 'after a rating');

  // U undoes it: the counts are back
  await Promise.all([page.waitForNavigation(), page.keyboard.press('u')]);
  assert.match(await page.textContent('main'), /Dernière réponse annulée/);
  assert.equal(await counts(page), first);
  await check(page, 'after an undo');

  // keys before the answer is shown do nothing; then a few cards in a row
  await page.keyboard.press('4');
  assert.match(page.url(), /\/revisions\/seance$/);
  let rated = 0;
  for (let i = 0; i < 12; i++) {
    if (await page.locator('details.srs-answer').count() === 0) break;
    await page.keyboard.press('Space');
    await Promise.all([page.waitForNavigation(), page.keyboard.press(i % 4 === 0 ? '2' : '4')]);
    rated++;
  }
  assert.ok(rated >= 3, `rated ${rated} cards`);
  await check(page, 'later in the session');
  await ctx.close();
});

test('the same session works without JavaScript', async () => {
  const { ctx, page } = await signIn('eleve', { javaScriptEnabled: false });
  await page.goto(srv.url + '/revisions/seance');
  const before = await counts(page);
  if (await page.locator('details.srs-answer').count() === 0) {
    assert.match(await page.textContent('main'), /Plus rien à revoir/);
    await ctx.close();
    return;
  }
  await page.getByText('Voir la réponse').click();
  assert.ok(await page.locator('.srs-back').isVisible());
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Facile/ }).click()]);
  assert.notEqual(await counts(page), before);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Annuler la dernière réponse/ }).click()]);
  assert.equal(await counts(page), before);
  await ctx.close();
});

test('statistics, a deck and an author\'s deck page are accessible', async () => {
  const { ctx, page } = await signIn('eleve');
  await page.goto(srv.url + '/revisions/statistiques');
  await check(page);
  assert.equal(await page.locator('figure.srs-chart svg[role="img"]').count(), 2);
  assert.equal(await page.locator('figure.srs-chart table').count(), 2);
  await page.goto(srv.url + '/revisions');
  await page.locator('main table a').first().click();
  await page.waitForURL(/\/revisions\/paquets\/\d+$/);
  await check(page, 'as a learner');
  await ctx.close();

  const author = await signIn('auteur');
  await author.page.goto(srv.url + '/revisions');
  await check(author.page);
  await author.page.locator('main table a', { hasText: 'Mathématiques – l\'essentiel' }).click();
  await author.page.waitForURL(/\/revisions\/paquets\/\d+$/);
  await check(author.page, 'as an author');
  await author.page.locator('main table a[href^="/revisions/cartes/"]').first().click();
  await author.page.waitForURL(/\/revisions\/cartes\/\d+$/);
  await check(author.page, 'a card');
  await author.ctx.close();
});
