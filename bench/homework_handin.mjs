// bench/homework_handin.mjs - hand-ins of 1 MB PDFs through the API, as many
// at a time as asked, each to an assignment not handed in yet.
//
//   node bench/homework_handin.mjs BASE TSV CONCURRENCY COUNT [SIZE_BYTES]
//
// TSV has "token<TAB>assignment id" lines (bench/homework_gen.c writes
// them). Each request is POST /api/v1/assignments/{id}/submissions with a
// multipart `file`: a PDF header and SIZE_BYTES (1 MiB) of random bytes, so
// every file is new to the content-addressed store and really written and
// fsynced. The receipt's SHA-256 is checked. Prints one JSON line.
import fs from 'node:fs';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

const [base, tsv, conc = '32', count = '2000', size = String(1024 * 1024)] = process.argv.slice(2);
const jobs = fs.readFileSync(tsv, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'))
  .slice(0, Number(count));
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(conc) });
const lat = [];
const status = {};
let bad = 0, bytes = 0;

function post([token, item]) {
  const boundary = '----bench' + randomBytes(8).toString('hex');
  const data = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(Number(size))]);
  const sha = createHash('sha256').update(data).digest('hex');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="copie.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n'), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  bytes += body.length;
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.request({
      host: url.hostname, port: url.port, path: `/api/v1/assignments/${item}/submissions`, method: 'POST',
      agent, headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`,
                        'content-length': body.length },
    }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        lat.push(performance.now() - t);
        status[res.statusCode] = (status[res.statusCode] || 0) + 1;
        if (res.statusCode === 201) {
          try { if (JSON.parse(text).sha256 !== sha) bad++; } catch { bad++; }
        }
        resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: Number(conc) }, async () => {
  while (next < jobs.length) await post(jobs[next++]);
}));
const secs = (performance.now() - t0) / 1000;
agent.destroy();
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
console.log(JSON.stringify({
  requests: jobs.length, seconds: +secs.toFixed(2), rate: +(jobs.length / secs).toFixed(1),
  mb_per_s: +(bytes / secs / 1048576).toFixed(1), status, bad_receipts: bad,
  p50_ms: +q(0.5).toFixed(1), p99_ms: +q(0.99).toFixed(1), max_ms: +lat[lat.length - 1].toFixed(1),
}));
