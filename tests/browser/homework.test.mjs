// In a real browser: the learner hands in a PDF and gets the receipt; the
// teacher opens the queue, starts the correction, returns it with an
// annotated file, feedback and a grade; the learner and the guardian see
// the grade and the feedback. axe-core checks every page visited (no
// serious or critical violation), including the settings, the copies of
// an assignment, the gradebook and the turnaround report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { launch, seriousViolations } from '../lib/browser.mjs';

let srv, browser, context;
const copyPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% copie de Lina\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const annotatedPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% annotations du professeur\ntrailer<</Root 1 0 R>>\n%%EOF\n');
let copyPath;

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

async function signIn(page, login) {
  await context.clearCookies();
  await page.goto(srv.url + '/connexion');
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(srv.url + '/');
}

test('the learner hands in a PDF and gets a receipt with date, time and SHA-256', async () => {
  const page = await context.newPage();
  await signIn(page, 'eleve');
  await page.getByRole('link', { name: 'Devoirs', exact: true }).first().click();
  await page.waitForURL(/\/devoirs$/);
  await check(page);
  await page.getByRole('link', { name: 'Devoir 1 — Suites' }).click();
  await page.waitForURL(/\/devoirs\/\d+$/);
  await check(page);
  await page.getByLabel('Votre copie (fichier)').setInputFiles(
    { name: 'devoir1.pdf', mimeType: 'application/pdf', buffer: copyPdf });
  await page.getByRole('button', { name: 'Rendre mon devoir' }).click();
  await page.waitForURL(/\/copies\/\d+$/);
  copyPath = new URL(page.url()).pathname;
  await check(page);
  const main = await page.textContent('main');
  assert.match(main, /Copie reçue le/);
  assert.match(main, /Reçu de dépôt/);
  assert.match(main, /Déposée le\s*\d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}:\d{2}/);
  assert.ok(main.includes(createHash('sha256').update(copyPdf).digest('hex')), 'SHA-256 of the file');
  await page.close();
});

test('the teacher corrects it from the queue with an annotated file, feedback and a grade', async () => {
  const page = await context.newPage();
  await signIn(page, 'prof');
  await page.getByRole('link', { name: 'Corrections', exact: true }).first().click();
  await page.waitForURL(/\/corrections$/);
  await check(page);
  await page.locator(`a[href="${copyPath.replace('/copies/', '/corrections/')}"]`).click();
  await page.waitForURL(/\/corrections\/\d+$/);
  await check(page);
  await page.getByRole('button', { name: 'Commencer la correction' }).click();
  await page.waitForURL(/\/corrections\/\d+$/);
  assert.match(await page.textContent('main'), /Correction commencée/);
  await check(page);
  await page.getByLabel('Copie annotée (facultative)').setInputFiles(
    { name: 'devoir1-annote.pdf', mimeType: 'application/pdf', buffer: annotatedPdf });
  await page.getByLabel('Appréciation (Markdown)').fill('Raisonnement **solide**.\n\n- Attention aux notations.');
  await page.getByLabel('Note sur 20').fill('15,5');
  await page.getByRole('button', { name: 'Rendre la copie corrigée' }).click();
  await page.waitForURL(/\/corrections$/);
  assert.match(await page.textContent('main'), /Copie rendue/);
  await check(page);
  // the other staff pages
  await page.getByRole('link', { name: 'Délais de correction' }).click();
  await page.waitForURL(/\/corrections\/delais/);
  await check(page);
  await page.getByRole('link', { name: 'Notes', exact: true }).first().click();
  await check(page);
  await page.getByRole('link', { name: 'Mathématiques – Terminale (spécialité)' }).click();
  await page.waitForURL(/\/notes\/cours\/\d+$/);
  await check(page);
  assert.match(await page.textContent('main'), /15,5/);
  const id = /\/copies\/(\d+)/.exec(copyPath)[1];
  await page.goto(srv.url + copyPath);
  await check(page);
  const item = await page.locator('a', { hasText: '← Le devoir' }).getAttribute('href');
  await page.goto(srv.url + item + '/parametres');
  await check(page);
  await page.goto(srv.url + item + '/copies');
  await check(page);
  assert.ok(id);
  await page.close();
});

test('the learner and the guardian see the grade and the feedback', async () => {
  for (const login of ['eleve', 'parent']) {
    const page = await context.newPage();
    await signIn(page, login);
    await page.getByRole('link', { name: 'Notes', exact: true }).first().click();
    await page.waitForURL(/\/notes$/);
    await check(page);
    const notes = await page.textContent('main');
    assert.match(notes, /Devoir 1 — Suites/);
    assert.match(notes, /15,5 \/ 20/);
    await page.getByRole('link', { name: 'Devoir 1 — Suites' }).click();
    await page.waitForURL(/\/copies\/\d+$/);
    await check(page);
    const main = await page.textContent('main');
    assert.match(main, /Note\s*15,5 \/ 20/);
    assert.match(main, /Raisonnement solide/);
    assert.equal(await page.locator('.feedback strong').textContent(), 'solide');
    const link = page.getByRole('link', { name: 'devoir1-annote.pdf' });
    assert.equal(await link.getAttribute('href'), copyPath + '/corrige');
    await page.getByRole('link', { name: 'Devoirs', exact: true }).first().click();
    await check(page);
    await page.close();
  }
});
