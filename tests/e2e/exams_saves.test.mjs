// Exam answers saved together: every candidate of the demo's two open
// sessions sends all their answers at once, so the answers are written in
// shared groups (one commit and one fsync for all that arrived together)
// while their requests wait without holding an HTTP thread. Every "saved"
// must mean on disk: the server is killed (SIGKILL) as soon as the last
// answer is acknowledged, started again on the same data, and each attempt
// then scores every point its saved answers earned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { api, serveExisting, tokenFor } from './support.mjs';

const CODES = {
  CASQUE: ['TU23-VW45', 'XY67-ZA89'],
  TRAJET: ['BC34-DE56', 'FG78-HJ92', 'KM34-NP56', 'QR78-ST92'],
};

// The response earning every point of a question, and one earning none
// (for true/false and single-choice questions; null for the others), read
// from the bank as the admin.
async function responses(url, adminToken, id) {
  const q = (await api(url, 'GET', `/api/v1/questions/${id}`, { token: adminToken })).json;
  switch (q.type) {
    case 'truefalse': return { right: { value: q.correct }, wrong: { value: !q.correct } };
    case 'multichoice': {
      if (!q.single)
        return { right: { choices: q.answers.map((a, i) => (a.fraction > 0 ? i : -1)).filter((i) => i >= 0) }, wrong: null };
      let best = 0;
      q.answers.forEach((a, i) => { if (a.fraction > q.answers[best].fraction) best = i; });
      const zero = q.answers.findIndex((a) => a.fraction === 0);
      return { right: { choices: [best] }, wrong: zero >= 0 ? { choices: [zero] } : null };
    }
    case 'numerical': return { right: { text: String(q.answers[0].value ?? q.answers[0].min) }, wrong: null };
    case 'matching': {
      const rights = [];
      for (const p of q.answers) if (!rights.includes(p.right)) rights.push(p.right);
      return { right: { matches: q.answers.filter((p) => p.left).map((p) => rights.indexOf(p.right)) }, wrong: null };
    }
    default: return { right: { text: q.answers[0].text }, wrong: null };
  }
}

test('answers sent all at once are each saved, survive a SIGKILL, and count', async (t) => {
  const srv = await startServer();
  let again;
  try {
    const admin = await tokenFor(srv.url, 'admin');
    const attempts = [];
    for (const [session_code, codes] of Object.entries(CODES)) {
      for (const candidate_code of codes) {
        const a = await api(srv.url, 'POST', '/api/v1/exam/attempts', { json: { session_code, candidate_code } });
        assert.equal(a.status, 200, a.text);
        attempts.push(a.json);
      }
    }
    const put = (url, a, qid, json) => api(url, 'PUT', `/api/v1/exam/attempts/${a.id}/answers/${qid}`,
      { json, headers: { 'x-exam-token': a.token } });

    const work = [];
    for (const a of attempts) for (const q of a.questions) work.push({ a, qid: q.id, ...(await responses(srv.url, admin, q.id)) });
    // every right answer at once, then a wrong one to some questions, at once
    // again: each request gets its own answer back, and the last answer given
    // is the one kept
    const check = (rs, list) => rs.forEach((r, i) => {
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.saved, true);
      assert.equal(r.json.question_id, list[i].qid);
      assert.ok(r.json.seconds_left > 0);
    });
    check(await Promise.all(work.map((w) => put(srv.url, w.a, w.qid, w.right))), work);
    const changed = work.filter((w) => w.wrong);
    check(await Promise.all(changed.map((w) => put(srv.url, w.a, w.qid, w.wrong))), changed);
    assert.ok(changed.length >= attempts.length, `${changed.length} answers changed`);
    // a refused answer is answered at once and changes nothing (checked below)
    const bad = await put(srv.url, attempts[0], attempts[0].questions[0].id, { choices: [99] });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid');
    t.diagnostic(`${work.length + changed.length} answers acknowledged`);

    // killed as soon as the last "saved" arrived: nothing acknowledged is lost
    const exited = new Promise((ok) => srv.proc.on('exit', (code, signal) => ok(signal)));
    srv.proc.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    again = await serveExisting(srv);
    for (const a of attempts) {
      const fin = await api(again.url, 'POST', `/api/v1/exam/attempts/${a.id}/finish`, { headers: { 'x-exam-token': a.token } });
      assert.equal(fin.status, 200, fin.text);
      const wrong = changed.filter((w) => w.a === a).length;
      assert.equal(fin.json.result.score, a.questions.length - wrong, `attempt ${a.id}: the last answers were kept`);
    }
  } finally {
    if (again) await again.stop();
    if (srv.proc.exitCode === null && srv.proc.signalCode === null) await srv.stop();
    else rmSync(srv.dir, { recursive: true, force: true });
  }
});
