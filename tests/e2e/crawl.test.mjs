// Every demo login, as a new user would: from the dashboard, follow every
// link of the site (GET only, a few hundred pages each) and check that no
// page fails, no link is dead, and every page is a whole French page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const LOGINS = [null, 'admin', 'eleve', 'parent', 'prof', 'conseiller', 'auteur', 'etablissement',
  'support', 'compta', 'etudiant.univ'];
const MAX_PAGES = 250;

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

function links(html) {
  const out = [];
  const re = /<a [^>]*href="([^"]+)"/g;
  for (let m; (m = re.exec(html));) {
    const href = m[1].replace(/&amp;/g, '&');
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    // leave out what changes state or the session through GET on purpose
    if (href.startsWith('/langue') || href.startsWith('/agenda/flux/')) continue;
    out.push(href.split('#')[0]);
  }
  return out;
}

for (const login of LOGINS) {
  test(`every page reached by ${login || 'a visitor'} answers, and no link is dead`, async () => {
    const c = new Client(srv.url);
    if (login) await c.login(login);
    const seen = new Set(['/']);
    const queue = ['/'];
    const problems = [];
    while (queue.length && seen.size <= MAX_PAGES) {
      const path = queue.shift();
      const r = await c.get(path);
      const type = r.headers.get('content-type') || '';
      if (r.status >= 500 || (r.status >= 400 && r.status !== 403)) {
        problems.push(`${path}: ${r.status}`);
        continue;
      }
      if (r.status !== 200 || !type.startsWith('text/html')) continue;
      if (!/<html lang="fr">/.test(r.text) || !/<\/html>/.test(r.text)) problems.push(`${path}: not a whole page`);
      if (/Erreur interne/.test(r.text)) problems.push(`${path}: internal error`);
      for (const href of links(r.text)) {
        if (!seen.has(href)) {
          seen.add(href);
          queue.push(href);
        }
      }
    }
    assert.deepEqual(problems, [], `${login || 'visitor'}: ${problems.join('; ')}`);
    assert.ok(seen.size > 3, 'the crawl went somewhere');
  });
}
