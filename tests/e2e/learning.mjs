// Helpers shared by the end-to-end tests of messages, agenda and news (not
// a test file itself): signed-in clients, accounts made by the admin, a
// learner enrolled and activated by an advisor, the demo's course ids.
import assert from 'node:assert/strict';
import { Client } from '../lib/client.mjs';
import { api, programmeId, tokenFor } from './support.mjs';

export async function signedIn(base, login) {
  const c = new Client(base);
  await c.login(login);
  return c;
}

// The admin creates an account of the operator with one role.
export async function createAccount(admin, login, role, email = '') {
  const fields = { given_name: login.split('.')[0], family_name: 'Test', login, password: 'demo', role };
  if (email) fields.email = email;
  const r = await admin.submit('/admin/personnes/nouvelle', '/admin/personnes', fields);
  assert.equal(r.status, 303, r.text.slice(0, 400));
}

// An advisor enrols learner_id in the programme with this code and makes
// the enrolment active (documents waived).
export async function enrolActive(base, advisor, learnerId, code = 'TLE-GEN') {
  const token = await tokenFor(base, 'conseiller');
  const r = await api(base, 'POST', '/api/v1/enrolments', { token,
    json: { programme_id: await programmeId(base, code), learner_id: learnerId } });
  assert.equal(r.status, 201, r.text);
  const s = await advisor.submit(`/inscriptions/${r.json.id}`, `/inscriptions/${r.json.id}/statut`,
    { status: 'active', note: 'Pièces vues (test).' });
  assert.equal(s.status, 303, s.text.slice(0, 400));
}

// Ids of the demo's Terminale courses, by code, as eleve sees them.
export async function demoCourses(base) {
  const token = await tokenFor(base, 'eleve');
  const r = await api(base, 'GET', '/api/v1/courses', { token });
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.courses.map((c) => [c.code, c.id]));
}

// "AAAA-MM-JJ" of the day `days` from today, in the server's zone (Paris).
export function day(days) {
  const d = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
