#!/usr/bin/env bash
# bench/exam_run.sh - the certification exams benchmark of issue 4 (the
# June peak of the road-safety certificates).
#
#  1. builds the data once (reused while bench/exam_gen.c, the migrations
#     and the scale do not change; REGEN=1 forces it) into
#     bench/out/exam/data: `cartable demo`, then bench/exam_gen.c (13,000
#     schools, 2,000,000 candidates with last spring's attempts and
#     statistics, $LIVE running attempts in $LIVE_SCHOOLS open sessions),
#     timing each step;
#  2. on a fresh copy (the running attempts and open sessions moved to
#     now), starts `cartable serve --quiet --threads $THREADS` and a
#     throwaway nginx serving, byte for byte, one answer of each kind that
#     the server gave;
#  3. measures with wrk ($CONNS connections, --latency, bench/exam_load.lua
#     counting statuses), back to back with nginx, $ROUNDS rounds:
#     (a) question pages: GET /examen/epreuve/N with the attempt's cookie,
#         and GET /api/v1/exam/attempts/{id} (the questions as JSON) with
#         its X-Exam-Token, rotating over the running attempts;
#         and, for the public, GET /entrainement/question (a practice
#         question, anonymous);
#     (b) answer saves: PUT /api/v1/exam/attempts/{id}/answers/{qid},
#         rotating over the running attempts and their questions (each save
#         committed on disk before its answer);
#     the server's VmRSS and VmHWM (peak) are read after each measure;
#  4. signs in (after the load: a sign-in's Argon2id takes 46 MiB) and
#     times with curl, as the staff member bench.ecole, the PDF of the 30
#     certificates of a class, and the statistics pages: the academy's (as
#     admin, the largest academy) and the school's (the staff member's page,
#     which shows their school and their academy);
#  5. prints a table into bench/out/exam/results.md (and results.json).
#
# Settings (environment): THREADS=4 CONNS=64 WRK_THREADS=2 DURATION=10
# WARMUP=3 ROUNDS=3 PORT=18510 NGINX_PORT=18511 SCHOOLS=13000
# CANDIDATES=2000000 LIVE=20000 LIVE_SCHOOLS=500 SAVES=4 RUNS=10 REGEN=0
# MEASURES="pages api practice saves" (the load measures to run)
# CARTABLE_BIN=build/cartable
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out/exam
THREADS=${THREADS:-4}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18510}
NGINX_PORT=${NGINX_PORT:-18511}
SCHOOLS=${SCHOOLS:-13000}
CANDIDATES=${CANDIDATES:-2000000}
LIVE=${LIVE:-20000}
LIVE_SCHOOLS=${LIVE_SCHOOLS:-500}
SAVES=${SAVES:-4}
RUNS=${RUNS:-10}
REGEN=${REGEN:-0}
MEASURES=${MEASURES:-pages api practice saves}
WORK=$OUT/work
BENCH_NAME="exam bench"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
need_tools wrk nginx node curl gcc pkg-config sqlite3
copy_program

# ---- 1. data ----
DATA=$OUT/data
stamp=$( (cat "$BENCH/exam_gen.c" "$BENCH/gen_util.h" "$ROOT"/db/migrations/*.sql
	echo "$SCHOOLS $CANDIDATES $LIVE $LIVE_SCHOOLS $SAVES") | sha256sum | cut -c1-16)
if [ "$REGEN" = 1 ] || [ ! -f "$DATA/stamp" ] || [ "$(cat "$DATA/stamp")" != "$stamp" ]; then
	say "generating the data set into $DATA ($SCHOOLS schools, $CANDIDATES candidates)"
	rm -rf "$DATA"
	mkdir -p "$DATA"
	gcc -O2 -std=c17 -D_GNU_SOURCE -Wall -Wextra -I"$ROOT/src" -o "$OUT/exam_gen" "$BENCH/exam_gen.c" \
		"$ROOT/src/kernel/text.c" "$ROOT/src/kernel/str.c" "$ROOT/src/kernel/arena.c" \
		$(pkg-config --cflags --libs sqlite3 libsodium) -lm
	t0=$(date +%s.%N)
	"$CARTABLE" demo --data-dir "$DATA" >/dev/null 2>"$DATA/demo.log"
	t1=$(date +%s.%N)
	"$OUT/exam_gen" "$DATA/cartable.db" --out "$DATA" --schools "$SCHOOLS" --candidates "$CANDIDATES" \
		--live "$LIVE" --live-schools "$LIVE_SCHOOLS" --saves "$SAVES" 2>&1 | tee "$DATA/gen.log" >&2
	t2=$(date +%s.%N)
	sqlite3 "$DATA/cartable.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "{\"demo_s\":%.1f,\"gen_s\":%.1f}\n", b - a, c - b }' \
		>"$DATA/gen.json"
	echo "$stamp" >"$DATA/stamp"
else
	say "reusing the data set in $DATA (REGEN=1 to rebuild)"
fi
# shellcheck disable=SC1091
. "$DATA/exam_bench.env"

rm -rf "$WORK"
mkdir -p "$WORK/files" "$WORK/tmp"
t0=$(date +%s.%N)
cp "$DATA/cartable.db" "$WORK/"
COPY_S=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
# the data may be days old: the running attempts and open sessions start now
now=$(date +%s)
sqlite3 "$WORK/cartable.db" "UPDATE exam_attempts SET started_at = $now, deadline_at = $now + 86400
	WHERE id BETWEEN $LIVE_FIRST AND $LIVE_LAST AND finished_at = 0;
	UPDATE exam_sessions SET opens_at = $now - 3600, closes_at = $now + 30 * 86400
	WHERE id IN (SELECT session_id FROM exam_attempts WHERE id BETWEEN $LIVE_FIRST AND $LIVE_LAST)" >/dev/null
RESULTS=$WORK/results.jsonl
: >"$RESULTS"

# ---- 2. servers ----
start_cartable /robots.txt
mem() { # VmRSS and VmHWM of the server, in MiB
	awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { printf "{\"rss_mb\":%.1f,\"hwm_mb\":%.1f}", r / 1024, h / 1024 }' \
		"/proc/$SERVER_PID/status"
}
printf '{"name":"memory","when":"started","mem":%s}\n' "$(mem)" >>"$RESULTS"

# one answer of each kind, from the server, gives nginx its bytes
NGX=$WORK/nginx
mkdir -p "$NGX/www" "$NGX/tmp"
sample() { # tsv file expected-status
	local method path header body
	IFS=$'\t' read -r method path header body <"$2"
	local args=(-s -o "$NGX/www/$1" -w '%{http_code}' -X "$method" -H "$header")
	if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$body"); fi
	code=$(curl "${args[@]}" "$BASE$path")
	[ "$code" = 200 ] || die "$method $path: HTTP $code $(head -c 300 "$NGX/www/$1")"
	wc -c <"$NGX/www/$1"
}
PAGE_BYTES=$(sample page.html "$DATA/exam_pages.tsv")
grep -q 'name="r"' "$NGX/www/page.html" || die "GET /examen/epreuve/N: no question form in the page"
API_BYTES=$(sample attempt.json "$DATA/exam_api.tsv")
grep -q '"questions":\[{' "$NGX/www/attempt.json" || die "GET /api/v1/exam/attempts/{id}: no questions"
PRACTICE_BYTES=$(sample practice.html "$DATA/practice.tsv")
grep -q 'class="question"' "$NGX/www/practice.html" || die "GET /entrainement/question: no question form in the page"
SAVE_BYTES=$(sample save.json "$DATA/exam_saves.tsv")
grep -q '"saved":true' "$NGX/www/save.json" || die "PUT .../answers/{qid}: not saved"

start_nginx "$NGX" /page.html 'types { text/html html; application/json json; }' \
	'add_header Cache-Control no-store;'
for f in page.html attempt.json practice.html save.json; do
	cmp -s <(curl -s "$NBASE/$f") "$NGX/www/$f" || die "nginx does not serve $f as saved"
done

# ---- 3. measurements ----
measure() { # name base tsv [nginx path]
	local name=$1 base=$2 tsv=$3 path=${4:-} c0 out pids
	if [ -n "$path" ]; then pids=$(nginx_pids); else pids=$SERVER_PID; fi
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$BENCH/exam_load.lua" "$base" -- "$tsv" "$WRK_THREADS" \
		$path >/dev/null
	c0=$(cpu_of $pids)
	out=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$BENCH/exam_load.lua" "$base" -- \
		"$tsv" "$WRK_THREADS" $path | tail -1)
	printf '{"name":"%s","round":%d,"wrk":%s,"cpu_s":%s,"mem":%s}\n' "$name" "$r" "$out" \
		"$(awk -v a="$c0" -v b="$(cpu_of $pids)" 'BEGIN { printf "%.2f", b - a }')" "$(mem)" >>"$RESULTS"
	say "$name, round $r: $(echo "$out" | cut -c1-130)"
}
wanted() { case " $MEASURES " in *" $1 "*) return 0 ;; esac; return 1; }
for r in $(seq "$ROUNDS"); do
	for m in pages:exam_pages:/page.html api:exam_api:/attempt.json practice:practice:/practice.html \
	         saves:exam_saves:/save.json; do
		IFS=: read -r name tsv path <<<"$m"
		wanted "$name" || continue
		measure "$name" "$BASE" "$DATA/$tsv.tsv"
		measure "${name}_nginx" "$NBASE" "$DATA/$tsv.tsv" "$path"
	done
done
printf '{"name":"memory","when":"after load","mem":%s}\n' "$(mem)" >>"$RESULTS"

# ---- 4. certificates and statistics, one request at a time ----
# signed in only now: a sign-in's Argon2id hash takes 46 MiB, which would
# hide the peak memory of the load itself
say "signing in bench.ecole and admin"
echo bench.ecole >"$WORK/staff.login"
echo admin >"$WORK/admin.login"
node "$BENCH/client.mjs" signin "$BASE" "$WORK/staff.login" "$WORK/staff.cookie" 1 2>/dev/null
node "$BENCH/client.mjs" signin "$BASE" "$WORK/admin.login" "$WORK/admin.cookie" 1 2>/dev/null
STAFF_COOKIE=$(head -1 "$WORK/staff.cookie")
ADMIN_COOKIE=$(head -1 "$WORK/admin.cookie")
printf '{"name":"memory","when":"signed in","mem":%s}\n' "$(mem)" >>"$RESULTS"
timed() { # name runs cookie url content-type-pattern
	local name=$1 runs=$2 cookie=$3 url=$4 want=$5 i line
	for i in $(seq $((runs + 1))); do
		line=$(curl -s -o "$WORK/$name.out" -w '%{http_code}|%{content_type}|%{time_total}|%{size_download}\n' \
			-H "Cookie: $cookie" "$url")
		case "$line" in "200|$want"*) ;; *) die "GET $url: $line" ;; esac
		echo "$line"
	done | tail -n "$runs" | sort -t'|' -k3 -n | awk -F'|' -v name="$name" '{ v[NR] = $3 * 1000; b = $4 } END {
		printf "{\"name\":\"%s\",\"runs\":%d,\"median_ms\":%.1f,\"p90_ms\":%.1f,\"min_ms\":%.1f,\"max_ms\":%.1f,\"bytes\":%d}\n",
		name, NR, v[int((NR + 1) / 2)], v[int(NR * 0.9)], v[1], v[NR], b }' | tee -a "$RESULTS" >&2
}
class=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$CERT_CLASS")
say "the certificates of $CERT_CLASS (session $CERT_SESSION) as one PDF, $RUNS times"
timed certificates "$RUNS" "$STAFF_COOKIE" "$BASE/examens/sessions/$CERT_SESSION/attestations.pdf?classe=$class" \
	application/pdf
CERT_PAGES=$(grep -ao '/Type */Pages\?' "$WORK/certificates.out" | grep -vc 'Pages$' || true)
academy=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$ACADEMY")
say "the statistics of the academy of $ACADEMY (admin) and of the school with its academy (staff)"
timed stats_academy "$RUNS" "$ADMIN_COOKIE" "$BASE/examens/statistiques?academie=$academy" text/html
grep -q "Académie : $ACADEMY" "$WORK/stats_academy.out" || die "no statistics of $ACADEMY on the admin's page"
timed stats_school "$RUNS" "$STAFF_COOKIE" "$BASE/examens/statistiques" text/html
grep -q "Établissement : " "$WORK/stats_school.out" || die "no statistics of the school on the staff page"
printf '{"name":"memory","when":"end","mem":%s}\n' "$(mem)" >>"$RESULTS"

# ---- 5. report ----
counts=$(sqlite3 "$WORK/cartable.db" "SELECT (SELECT COUNT(*) FROM exam_schools), (SELECT COUNT(*) FROM exam_candidates),
	(SELECT COUNT(*) FROM exam_attempts), (SELECT COUNT(*) FROM exam_attempts WHERE passed = 1),
	(SELECT COUNT(*) FROM exam_answers), (SELECT COUNT(*) FROM exam_sessions),
	(SELECT COUNT(*) FROM exam_stats_question), (SELECT COUNT(*) FROM exam_schools WHERE academy = '$ACADEMY')")
cat >"$WORK/run.json" <<EOF
{"date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
 "commit": "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')",
 "cpus": $(nproc), "cpu": "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)",
 "threads": $THREADS, "connections": $CONNS, "wrk_threads": $WRK_THREADS, "duration_s": $DURATION,
 "warmup_s": $WARMUP, "rounds": $ROUNDS, "live": $(wc -l <"$DATA/exam_api.tsv"),
 "saves_lines": $(wc -l <"$DATA/exam_saves.tsv"), "page_bytes": $PAGE_BYTES, "api_bytes": $API_BYTES, "practice_bytes": $PRACTICE_BYTES,
 "save_bytes": $SAVE_BYTES, "cert_pages": ${CERT_PAGES:-0}, "academy": "$ACADEMY", "counts": "$counts",
 "db_mb": $(du -m "$DATA/cartable.db" | cut -f1), "gen": $(cat "$DATA/gen.json"), "copy_s": $COPY_S,
 "gen_log": $(node -e 'console.log(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' "$DATA/gen.log"),
 "load": "$(cut -d' ' -f1-3 /proc/loadavg)"}
EOF
node - "$WORK/run.json" "$RESULTS" <<'EOF' | tee "$OUT/results.md"
const fs = require('fs');
const run = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rows = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean).map(JSON.parse);
const med = (v) => { v = [...v].sort((a, b) => a - b); return v[Math.floor((v.length - 1) / 2)]; };
const one = (name) => rows.find((x) => x.name === name);
const [schools, candidates, attempts, passed, answers, sessions, qstats, acadSchools] = run.counts.split('|').map(Number);
const f = (n) => n.toLocaleString('en');
const out = [];
out.push(`Run of ${run.date} on ${run.cpus} CPUs (${run.cpu}); commit ${run.commit}; load ${run.load}.`);
out.push(`Data: ${f(schools)} schools registered, ${f(candidates)} candidates, ${f(sessions)} sessions, ${f(attempts)} attempts (${f(passed)} passed), ${f(answers)} saved answers after the run, ${f(qstats)} question counters; ${run.live} running attempts; database ${run.db_mb} MB; generated in ${(run.gen.demo_s + run.gen.gen_s).toFixed(0)} s (demo ${run.gen.demo_s} s, exam_gen ${run.gen.gen_s} s); copied for the run in ${run.copy_s} s.`);
out.push(`Settings: cartable --threads ${run.threads}; wrk ${run.wrk_threads} threads, ${run.connections} connections, ${run.rounds} rounds of ${run.duration_s} s after ${run.warmup_s} s of warm-up; nginx serving the server's own answer, byte for byte, to the same requests (GET).`);
out.push('');
out.push('| measure | per second | vs nginx (median of rounds) | rounds | p50 ms | p99 ms | bytes/resp | CPU µs/req | non-2xx, socket errors |');
out.push('|---|---:|---:|---|---:|---:|---:|---:|---|');
const kinds = [
  ['pages', `question page GET /examen/epreuve/N (cookie), ${run.page_bytes} B`],
  ['api', `questions as JSON GET /api/v1/exam/attempts/{id} (X-Exam-Token), ${run.api_bytes} B`],
  ['practice', `public practice question GET /entrainement/question (anonymous), ${run.practice_bytes} B`],
  ['saves', `answer saves PUT /api/v1/exam/attempts/{id}/answers/{qid}, committed (fsync) before the answer`],
];
const m = (v, fn) => med(v.map(fn));
const errs = (x) => Object.values(x.wrk.errors).reduce((a, b) => a + b, 0) - x.wrk.errors.status;
for (const [k, label] of kinds) {
  const me = rows.filter((x) => x.name === k), ng = rows.filter((x) => x.name === k + '_nginx');
  if (!me.length) continue; // not in $MEASURES
  const ratios = me.map((x) => { const n = ng.find((y) => y.round === x.round); return 100 * x.wrk.ok_per_s / n.wrk.rps; });
  out.push(`| ${label} | ${m(me, (x) => x.wrk.ok_per_s).toFixed(0)} | **${med(ratios).toFixed(1)}%** | ${ratios.map((x) => x.toFixed(1) + '%').join(', ')} | ${m(me, (x) => x.wrk.p50_ms).toFixed(2)} | ${m(me, (x) => x.wrk.p99_ms).toFixed(2)} | ${m(me, (x) => x.wrk.avg_bytes)} | ${m(me, (x) => x.cpu_s * 1e6 / x.wrk.requests).toFixed(0)} | ${me.map((x) => (x.wrk.redirects + x.wrk.other_status) + ', ' + errs(x)).join('; ')} |`);
  out.push(`| the same bytes from nginx | ${m(ng, (x) => x.wrk.rps).toFixed(0)} | 100% | | ${m(ng, (x) => x.wrk.p50_ms).toFixed(2)} | ${m(ng, (x) => x.wrk.p99_ms).toFixed(2)} | ${m(ng, (x) => x.wrk.avg_bytes)} | ${m(ng, (x) => x.cpu_s * 1e6 / x.wrk.requests).toFixed(0)} | |`);
}
out.push('');
const c = one('certificates'), sa = one('stats_academy'), ss = one('stats_school');
out.push('| one request at a time (curl) | median | p90 | min | max | bytes |');
out.push('|---|---:|---:|---:|---:|---:|');
out.push(`| the ${run.cert_pages} certificates of a class as one PDF (GET /examens/sessions/{id}/attestations.pdf, staff) | ${c.median_ms} ms | ${c.p90_ms} ms | ${c.min_ms} ms | ${c.max_ms} ms | ${f(c.bytes)} |`);
out.push(`| statistics of the academy of ${run.academy} (${f(acadSchools)} schools; GET /examens/statistiques?academie=, admin) | ${sa.median_ms} ms | ${sa.p90_ms} ms | ${sa.min_ms} ms | ${sa.max_ms} ms | ${f(sa.bytes)} |`);
out.push(`| statistics of a school and of its academy (${run.academy}) (GET /examens/statistiques, staff) | ${ss.median_ms} ms | ${ss.p90_ms} ms | ${ss.min_ms} ms | ${ss.max_ms} ms | ${f(ss.bytes)} |`);
out.push('');
const mem = rows.filter((x) => x.mem);
out.push('| server memory | VmRSS MiB | VmHWM MiB |');
out.push('|---|---:|---:|');
const at = (w) => mem.find((x) => x.name === 'memory' && x.when === w);
out.push(`| started, before any request | ${at('started').mem.rss_mb} | ${at('started').mem.hwm_mb} |`);
const loads = rows.filter((x) => ['pages', 'api', 'practice', 'saves'].includes(x.name));
out.push(`| after each load measure (max) | ${Math.max(...loads.map((x) => x.mem.rss_mb)).toFixed(1)} | ${Math.max(...loads.map((x) => x.mem.hwm_mb)).toFixed(1)} |`);
out.push(`| after two sign-ins (Argon2id, 46 MiB each) | ${at('signed in').mem.rss_mb} | ${at('signed in').mem.hwm_mb} |`);
out.push(`| at the end (after the PDFs and statistics) | ${at('end').mem.rss_mb} | ${at('end').mem.hwm_mb} |`);
console.log(out.join('\n'));
fs.writeFileSync(process.argv[2].replace(/work\/run\.json$/, 'results.json'), JSON.stringify({ run, rows }, null, 1));
EOF
