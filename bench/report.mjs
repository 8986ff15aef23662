// bench/report.mjs - turns the measurements of bench/run.sh into a table.
//
//   node bench/report.mjs RUN_JSON RESULTS_JSONL OUT_JSON  > results.md
//
// For each page, every round pairs a cartable run with the nginx run that
// followed it; the table shows the median round (by ratio), and the lines
// under it every round, so that the noise of the shared machine shows.
import fs from 'node:fs';

const [runFile, resultsFile, outFile] = process.argv.slice(2);
const run = JSON.parse(fs.readFileSync(runFile, 'utf8'));
const rows = fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const f1 = (x) => x.toFixed(1);
const f0 = (x) => Math.round(x).toLocaleString('en-US');
const pct = (x) => `${Math.round(100 * x)}%`;
const us = (cpu, n) => (1e6 * cpu) / n;

function page(name) {
  const rounds = [];
  for (const a of rows.filter((r) => r.name === name)) {
    const b = rows.find((r) => r.name === `${name}_nginx` && r.round === a.round);
    rounds.push({
      round: a.round,
      rps: a.wrk.rps, nginx_rps: b.wrk.rps, ratio: a.wrk.rps / b.wrk.rps,
      p50: a.wrk.p50_ms, p99: a.wrk.p99_ms, max: a.wrk.max_ms,
      nginx_p50: b.wrk.p50_ms, nginx_p99: b.wrk.p99_ms,
      bytes: a.wrk.avg_bytes, nginx_bytes: b.wrk.avg_bytes,
      errors: a.wrk.errors, nginx_errors: b.wrk.errors,
      cpu_us: us(a.server_cpu_s, a.wrk.requests), nginx_cpu_us: us(b.nginx_cpu_s, b.wrk.requests),
      rss: a.server_rss,
    });
  }
  const sorted = [...rounds].sort((x, y) => x.ratio - y.ratio);
  return { rounds, median: sorted[Math.floor((sorted.length - 1) / 2)],
           rss_peak: Math.max(...rounds.map((r) => r.rss.rss_mb)),
           pss_peak: Math.max(...rounds.map((r) => r.rss.pss_mb)),
           anon_peak: Math.max(...rounds.map((r) => r.rss.anon_mb)),
           file_peak: Math.max(...rounds.map((r) => r.rss.file_mb)) };
}

const cat = page('cat'), mine = page('mine');
const replay = rows.find((r) => r.name === 'replay');
const met = (ok) => (ok ? 'met' : '**missed**');

const out = [];
out.push(`Run of ${run.date}, commit ${run.commit} (${run.binary}, sha256 ${run.sha256}…), on ${run.cpus} CPUs (${run.cpu}), load average before ${run.load_before}, after ${run.load_after}.`);
out.push(`cartable --threads ${run.threads}; wrk -t${run.wrk_threads} -c${run.connections} -d${run.duration_s}s --latency after ${run.warmup_s}s of warm-up, ${run.rounds} rounds, each cartable run followed by nginx on the same bytes; data set generated in ${run.gen_seconds} s.`);
out.push('');
out.push('| page | req/s | nginx req/s | ratio (≥ 40%) | p50 ms | p99 ms (< 50) | nginx p50 / p99 ms | bytes/resp | server CPU µs/req | nginx CPU µs/req | server memory peak: PSS (< 150 MB); VmRSS = private + mapped file |');
out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const [label, p] of [['catalogue search `/catalogue?q=`', cat], ['my enrolments `/mes-inscriptions`', mine]]) {
  const m = p.median;
  out.push(`| ${label} | ${f0(m.rps)} | ${f0(m.nginx_rps)} | ${pct(m.ratio)} | ${f1(m.p50)} | ${f1(m.p99)} | ${f1(m.nginx_p50)} / ${f1(m.nginx_p99)} | ${f0(m.bytes)} | ${f0(m.cpu_us)} | ${f0(m.nginx_cpu_us)} | ${f1(p.pss_peak)} MB; ${f1(p.rss_peak)} = ${f1(p.anon_peak)} + ${f1(p.file_peak)} MB |`);
}
out.push('');
for (const [label, p] of [['Catalogue', cat], ['My enrolments', mine]]) {
  out.push(`${label}, every round (cartable / nginx req/s = ratio, p99): ` +
    p.rounds.map((r) => `${f0(r.rps)} / ${f0(r.nginx_rps)} = ${pct(r.ratio)}, ${f1(r.p99)} ms`).join('; ') + '.');
  const errs = p.rounds.flatMap((r) => [r.errors, r.nginx_errors]).reduce((s, e) => s + e.connect + e.read + e.write + e.status + e.timeout, 0);
  if (errs) out.push(`  (wrk counted ${errs} socket errors or non-2xx/3xx answers in these runs.)`);
}
out.push('');
const rr = replay.result;
out.push(`Busiest enrolment day: ${rr.requests} \`POST /api/v1/enrolments\` in ${rr.seconds} s = **${f0(rr.rate)} enrolments/s** with ${run.replay_clients} clients (answers ${JSON.stringify(rr.status)}; p50 ${rr.p50_ms} ms, p99 ${rr.p99_ms} ms; server CPU ${f0(us(replay.server_cpu_s, rr.requests))} µs per enrolment; memory peak PSS ${f1(replay.server_rss.pss_mb)} MB, VmRSS ${f1(replay.server_rss.rss_mb)} MB); ${run.enrolments_after} enrolments in the database afterwards.`);
out.push('');
const pk = run.peaks_whole_run;
out.push(`Server memory over the whole run, sign-ins included (${run.sessions} Argon2id hashes of 46 MiB, at most 2 at a time): ` +
  `peak PSS ${f1(pk.pss_mb)} MB; peak VmRSS ${f1(pk.rss_mb)} MB, of which private memory (RssAnon) peaked at ${f1(pk.anon_mb)} MB ` +
  `and the mapped database file (RssFile: SQLite maps the ${run.db_mb} MB file once per connection, and RSS counts a page once per mapping) at ${f1(pk.file_mb)} MB; VmHWM ${run.vmhwm_mb} MB.`);
out.push('');
const p99max = (p) => Math.max(...p.rounds.map((r) => r.p99));
const pagePss = Math.max(cat.pss_peak, mine.pss_peak), pageRss = Math.max(cat.rss_peak, mine.rss_peak);
out.push(`Targets (median round): catalogue ${pct(cat.median.ratio)} of nginx: ${met(cat.median.ratio >= 0.4)}; ` +
  `my enrolments ${pct(mine.median.ratio)}: ${met(mine.median.ratio >= 0.4)}; ` +
  `p99 ${f1(cat.median.p99)} / ${f1(mine.median.p99)} ms (worst round ${f1(p99max(cat))} / ${f1(p99max(mine))}): ${met(cat.median.p99 < 50 && mine.median.p99 < 50)}; ` +
  `memory under page load: PSS ${f1(pagePss)} MB ${met(pagePss < 150)}, VmRSS ${f1(pageRss)} MB ${met(pageRss < 150)}; ` +
  `over the whole run (sign-ins): PSS ${f1(pk.pss_mb)} MB ${met(pk.pss_mb < 150)}, VmRSS ${f1(pk.rss_mb)} MB ${met(pk.rss_mb < 150)}.`);
console.log(out.join('\n'));
fs.writeFileSync(outFile, JSON.stringify({ run, catalogue: cat, mine, replay }, null, 1) + '\n');
