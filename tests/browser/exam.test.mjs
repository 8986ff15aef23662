// In a real browser: a partner school plans a session for a class; a pupil
// enters with the session code and a personal code, answers every question
// (clicking, typing, choosing), finishes and passes; the school downloads
// the class's certificates and the QR code of the PDF opens the public page
// that verifies it. axe-core checks every page a candidate sees (pupils with
// disabilities take this exam), and the school's and practice pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, seriousViolations } from '../lib/browser.mjs';

let srv, browser, context, work, adminToken;

let clock;
const setClock = (seconds) => writeFileSync(clock, String(seconds));

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'cartable-exam-browser-'));
  clock = join(work, 'clock');
  setClock(0);
  srv = await startServer({ env: { CARTABLE_TEST_CLOCK_FILE: clock } });
  ({ browser, context } = await launch());
  const r = await fetch(srv.url + '/api/v1/auth/token', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: 'demo' }),
  });
  adminToken = (await r.json()).token;
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function check(page) {
  const path = new URL(page.url()).pathname;
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `accessibility violations on ${path}`);
}

// The question as the bank knows it, to answer it right.
async function bankQuestion(id) {
  const r = await fetch(`${srv.url}/api/v1/questions/${id}`, { headers: { authorization: `Bearer ${adminToken}` } });
  return r.json();
}

async function answerRight(page) {
  const id = Number((await page.locator('.qtext').first().getAttribute('id')).replace(/^q(\d+)-text$/, '$1'));
  const q = await bankQuestion(id);
  if (q.type === 'multichoice') {
    const right = q.answers.map((a, i) => ({ a, i })).filter(({ a }) => a.fraction > 0);
    const picks = q.single ? [right.sort((x, y) => y.a.fraction - x.a.fraction)[0]] : right;
    for (const { a } of picks) await page.getByLabel(a.text, { exact: true }).check();
  } else if (q.type === 'truefalse') {
    await page.getByLabel(q.correct ? 'Vrai' : 'Faux', { exact: true }).check();
  } else if (q.type === 'numerical') {
    await page.getByLabel('Votre réponse (un nombre)').fill(String(q.answers[0].value));
  } else if (q.type === 'matching') {
    for (const p of q.answers.filter((x) => x.left)) await page.getByLabel(p.left, { exact: true }).selectOption({ label: p.right });
  } else {
    await page.getByLabel('Votre réponse').fill(q.answers[0].text);
  }
}

const day = (offset) => {
  const d = new Date(Date.now() + offset * 86400e3);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
};

let sessionCode, sessionPath;

test('a school plans a session for a class', async () => {
  const page = await context.newPage();
  await page.goto(srv.url + '/connexion');
  await page.getByLabel('Identifiant').fill('etablissement');
  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(srv.url + '/');
  await page.getByRole('link', { name: 'Attestations', exact: true }).click();
  await check(page);
  await page.getByRole('link', { name: 'Planifier une session' }).click();
  await check(page);
  const exam = await page.locator('#f-exam_id option', { hasText: 'niveau 1' }).getAttribute('value');
  await page.getByLabel('Examen', { exact: true }).selectOption(exam);
  await page.getByLabel('Nom de la session (facultatif)').fill('ASSR1 — 5e A, salle 12');
  await page.getByLabel('Ouverture : date (JJ/MM/AAAA)').fill(day(-1));
  await page.getByLabel('Fermeture : date (JJ/MM/AAAA)').fill(day(1));
  await page.getByLabel(/^5e A/).check();
  await page.getByLabel('Surveillants').fill('M. Garnier\nMme Roux');
  await page.getByRole('button', { name: 'Planifier la session' }).click();
  await page.waitForURL(/\/examens\/sessions\/\d+$/);
  await check(page);
  sessionPath = new URL(page.url()).pathname;
  sessionCode = (await page.locator('dl.facts code.token').first().textContent()).trim();
  assert.match(sessionCode, /^[A-HJKMNP-Z2-9]{6}$/);
  await page.goto(srv.url + '/examens/candidats?classe=5e%20A');
  await check(page);
  await page.goto(srv.url + sessionPath);
  await page.getByRole('link', { name: 'Convocations à imprimer' }).first().click();
  await check(page);
  assert.equal(await page.locator('section.slip').count(), 4);
  await page.close();
});

test('on a phone, the timer counts down quietly, the question numbers keep a choice, a second tab sees it', async () => {
  const phone = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 360, height: 740 } });
  const page = await phone.newPage();
  await page.goto(srv.url + '/examen');
  await page.getByLabel('Code de la session').fill(sessionCode);
  await page.getByLabel('Votre code personnel').fill('FG78-HJ92');
  await page.getByRole('button', { name: "Commencer l'épreuve" }).click();
  await page.waitForURL(srv.url + '/examen/epreuve/1');
  await check(page);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');
  const shown = await page.locator('.timer strong').textContent();
  await page.waitForFunction((t) => document.querySelector('.timer strong').textContent !== t, shown, { timeout: 5000 });
  // the live region says nothing while minutes go by: screen readers are not told every second
  const live = page.locator('.timer + p[aria-live="polite"]');
  assert.equal(await live.count(), 1);
  assert.equal(await live.textContent(), '');
  // a choice, then question 3 by its number: the choice was saved
  await answerRight(page);
  await page.getByRole('button', { name: '3 (sans réponse)' }).click();
  await page.waitForURL(srv.url + '/examen/epreuve/3');
  const tab = await phone.newPage();
  await tab.goto(srv.url + '/examen/epreuve');
  assert.match(await tab.locator('main').textContent(), /1 question\(s\) répondue\(s\) sur 10/);
  await tab.getByRole('link', { name: '1 (répondue)' }).click();
  await tab.waitForURL(srv.url + '/examen/epreuve/1');
  assert.ok(await tab.locator('input:checked, input[value]:not([value=""]):not([type=hidden]), select option:checked:not([value="-1"])').count() > 0,
    'the second tab shows the saved answer');
  // the first tab goes on: nothing lost, no second attempt
  await answerRight(page);
  await page.getByRole('button', { name: 'Enregistrer et voir le récapitulatif' }).click();
  await page.waitForURL(srv.url + '/examen/epreuve');
  assert.match(await page.locator('main').textContent(), /2 question\(s\) répondue\(s\) sur 10/);
  await check(page);
  // a minute and a few seconds left: the live region says it once
  await page.goto(srv.url + '/examen/epreuve/4');
  setClock(Number(await page.locator('.timer').getAttribute('data-left')) - 66);
  try {
    await page.goto(srv.url + '/examen/epreuve/4');
    await page.waitForFunction(() => document.querySelector('.timer + p[aria-live]').textContent !== '', null, { timeout: 10000 });
    assert.equal(await page.locator('.timer + p[aria-live]').textContent(), "Plus qu'une minute.");
  } finally {
    setClock(0);
  }
  await phone.close();
});

test('a pupil takes the exam in the browser and passes', async () => {
  const pupil = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
  const page = await pupil.newPage();
  await page.goto(srv.url + '/');
  await check(page);
  await page.getByRole('link', { name: "Passer l'épreuve" }).click();
  await check(page);
  await page.getByLabel('Code de la session').fill(sessionCode.toLowerCase());
  await page.getByLabel('Votre code personnel').fill('bc34 de56');
  await page.getByRole('button', { name: "Commencer l'épreuve" }).click();
  await page.waitForURL(srv.url + '/examen/epreuve/1');
  for (let n = 1; n <= 10; n++) {
    await check(page);
    assert.match(await page.locator('h1').textContent(), new RegExp(`Question ${n} sur 10`));
    assert.match(await page.locator('.timer').textContent(), /Temps restant/);
    await answerRight(page);
    await page.getByRole('button', { name: n < 10 ? 'Enregistrer et question suivante' : 'Enregistrer et voir le récapitulatif' }).click();
    await page.waitForURL(n < 10 ? `${srv.url}/examen/epreuve/${n + 1}` : `${srv.url}/examen/epreuve`);
  }
  await check(page);
  assert.match(await page.locator('main').textContent(), /10 question\(s\) répondue\(s\) sur 10/);
  await page.getByRole('button', { name: "Terminer l'épreuve" }).click();
  await page.waitForURL(srv.url + '/examen/resultat');
  await check(page);
  assert.match(await page.getByRole('status').first().textContent(), /Épreuve réussie/);
  await pupil.close();
});

test("the class's certificates come as one PDF whose QR code verifies", async () => {
  const page = await context.newPage();
  await page.goto(srv.url + sessionPath);
  await check(page);
  const row = page.locator('tr', { hasText: 'Roux Léo' });
  assert.match(await row.textContent(), /admis/);
  const res = await page.request.get(`${srv.url}${sessionPath}/attestations.pdf?classe=5e%20A`);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  const file = join(work, 'classe.pdf');
  writeFileSync(file, await res.body());
  execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', file, join(work, 'page')], { stdio: 'ignore' });
  const url = execFileSync('zbarimg', ['--raw', '-q', join(work, 'page-1.png')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const m = /\/verify\/([A-Z0-9]{20})$/.exec(url);
  assert.ok(m, url);
  const anyone = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
  const v = await anyone.newPage();
  await v.goto(`${srv.url}/verify/${m[1]}`);
  await check(v);
  const text = await v.locator('main').textContent();
  assert.match(text, /Attestation vérifiée/);
  assert.match(text, /Léo Roux/);
  assert.match(text, /niveau 1/);
  assert.doesNotMatch(text, /5e A|Jean Moulin|04\/04\/2013/);
  await v.goto(`${srv.url}/verify`);
  await check(v);
  await anyone.close();
  await page.goto(srv.url + '/examens/statistiques');
  await check(page);
  await page.close();
});

test('public practice pages and the question bank have no serious violation', async () => {
  const anyone = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
  const page = await anyone.newPage();
  await page.goto(srv.url + '/entrainement');
  await check(page);
  await page.locator('ul.cards a').first().click();
  await page.waitForURL(/\/entrainement\/question/);
  await check(page);
  await answerRight(page);
  await page.getByRole('button', { name: 'Valider ma réponse' }).click();
  await check(page);
  assert.match(await page.getByRole('status').first().textContent(), /Bonne réponse/);
  await anyone.close();
  const author = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
  const a = await author.newPage();
  await a.goto(srv.url + '/connexion');
  await a.getByLabel('Identifiant').fill('auteur');
  await a.getByLabel('Mot de passe').fill('demo');
  await a.getByRole('button', { name: 'Se connecter' }).click();
  await a.waitForURL(srv.url + '/');
  for (const path of ['/banque', '/banque/categories/1', '/banque/questions/1', '/banque/import', '/examens/gestion']) {
    await a.goto(srv.url + path);
    await check(a);
  }
  await author.close();
});
