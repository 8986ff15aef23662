#!/usr/bin/env bash
# bench/homework_run.sh - the homework benchmark of issue 3.
#
#  1. builds the data once (reused while the generators and migrations do
#     not change; REGEN=1 forces it) into bench/out/homework/data: the demo,
#     then bench/gen.c (the foundation's 150,000 learners and enrolments),
#     then bench/homework_gen.c (1,000 courses, 1,000,000 copies with their
#     corrections and grades);
#  2. starts `cartable serve --quiet --threads $THREADS` on a fresh copy and
#     a throwaway nginx serving, byte for byte, the pages the server made;
#  3. measures with wrk ($CONNS connections, --latency), back to back, each
#     page then nginx, $ROUNDS rounds: a teacher's correction queue
#     (/corrections, $SESSIONS teachers with copies waiting, rotating), a
#     learner's homework list (/devoirs, $SESSIONS learners, rotating) and
#     the same learners' dashboard (/);
#  4. hands in $HANDINS PDFs of 1 MiB through the API, $HANDIN_CONC at a
#     time (each file new, fsynced, then the row committed; HANDINS=0 skips);
#  5. prints a table and writes bench/out/homework/results.md and .json.
#
# Settings (environment): THREADS=4 CONNS=64 WRK_THREADS=2 DURATION=10
# WARMUP=3 ROUNDS=2 PORT=18490 NGINX_PORT=18491 SESSIONS=100 HANDINS=2000
# HANDIN_CONC=32 REGEN=0 CARTABLE_BIN=build/cartable PAGES="queue list dash"
# (PAGES: the pages measured, for a quicker A/B of one of them)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out/homework
THREADS=${THREADS:-4}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-18490}
NGINX_PORT=${NGINX_PORT:-18491}
SESSIONS=${SESSIONS:-100}
HANDINS=${HANDINS:-2000}
HANDIN_CONC=${HANDIN_CONC:-32}
REGEN=${REGEN:-0}
PAGES=${PAGES:-queue list dash}
WORK=$OUT/work
BENCH_NAME="homework bench"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
need_tools wrk nginx node curl gcc pkg-config
copy_program

# ---- 1. data ----
DATA=$OUT/data
stamp=$( (cat "$BENCH/gen.c" "$BENCH/gen_util.h" "$BENCH/catalogue.h" "$BENCH/homework_gen.c" \
	"$ROOT"/db/migrations/*.sql
	echo "handins $((HANDINS > 2000 ? HANDINS : 2000))") | sha256sum | cut -c1-16)
if [ "$REGEN" = 1 ] || [ ! -f "$DATA/stamp" ] || [ "$(cat "$DATA/stamp")" != "$stamp" ]; then
	say "generating the data set into $DATA"
	rm -rf "$DATA"
	mkdir -p "$DATA"
	KERNEL="$ROOT/src/kernel/text.c $ROOT/src/kernel/str.c $ROOT/src/kernel/arena.c"
	gcc -O2 -std=c17 -D_GNU_SOURCE -Wall -Wextra -I"$ROOT/src" -o "$OUT/gen" "$BENCH/gen.c" $KERNEL \
		$(pkg-config --cflags --libs sqlite3)
	gcc -O2 -std=c17 -D_GNU_SOURCE -Wall -Wextra -I"$ROOT/src" -o "$OUT/homework_gen" \
		"$BENCH/homework_gen.c" $KERNEL $(pkg-config --cflags --libs sqlite3 libsodium) -lm
	t0=$(date +%s.%N)
	"$CARTABLE" demo --data-dir "$DATA" >/dev/null 2>"$DATA/demo.log"
	"$OUT/gen" "$DATA/cartable.db" --out "$DATA" --sessions 10 2>&1 | tee "$DATA/gen.log" >&2
	"$OUT/homework_gen" "$DATA/cartable.db" --out "$DATA" --sessions "$SESSIONS" \
		--handins "$((HANDINS > 2000 ? HANDINS : 2000))" 2>&1 | tee -a "$DATA/gen.log" >&2
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }' >"$DATA/gen.seconds"
	echo "$stamp" >"$DATA/stamp"
else
	say "reusing the data set in $DATA (REGEN=1 to rebuild)"
fi

rm -rf "$WORK"
mkdir -p "$WORK/files" "$WORK/tmp"
cp "$DATA/cartable.db" "$WORK/"

# ---- 2. servers ----
start_cartable /robots.txt

say "signing in $SESSIONS teachers and $SESSIONS learners"
node "$BENCH/client.mjs" signin "$BASE" "$DATA/hw_teachers.txt" "$WORK/teachers.cookies" 2
node "$BENCH/client.mjs" signin "$BASE" "$DATA/hw_learners.txt" "$WORK/learners.cookies" 2

NGX=$WORK/nginx
mkdir -p "$NGX/www/queue" "$NGX/www/list" "$NGX/www/dash" "$NGX/tmp"
save_pages() { # name path cookies pattern
	local name=$1 path=$2 cookies=$3 pattern=$4 i=0
	echo "$path" >"$WORK/$name.paths"
	: >"$WORK/ngx_$name.paths"
	while IFS= read -r cookie; do
		i=$((i + 1))
		code=$(curl -s -o "$NGX/www/$name/$i.html" -w '%{http_code}' -H "Cookie: $cookie" "$BASE$path")
		[ "$code" = 200 ] || die "GET $path as session $i: HTTP $code"
		grep -q "$pattern" "$NGX/www/$name/$i.html" || die "GET $path as session $i: no $pattern in the page"
		echo "/$name/$i.html" >>"$WORK/ngx_$name.paths"
	done <"$cookies"
	echo $(($(cat "$NGX/www/$name"/*.html | wc -c) / i))
}
QUEUE_BYTES=$(save_pages queue /corrections "$WORK/teachers.cookies" 'href="/corrections/[0-9]')
LIST_BYTES=$(save_pages list /devoirs "$WORK/learners.cookies" 'href="/devoirs/[0-9]')
DASH_BYTES=$(save_pages dash / "$WORK/learners.cookies" 'href="/mes-cours/[0-9]')
QUEUE_ROWS=$(($(cat "$NGX"/www/queue/*.html | grep -o 'href="/corrections/[0-9]*"' | wc -l) / SESSIONS))
LIST_ROWS=$(($(cat "$NGX"/www/list/*.html | grep -o '<tr><td><a href="/devoirs/' | wc -l) / SESSIONS))
DASH_COURSES=$(($(cat "$NGX"/www/dash/*.html | grep -o 'href="/mes-cours/[0-9]*"' | wc -l) / SESSIONS))
DASH_DEADLINES=$(($(cat "$NGX"/www/dash/*.html | grep -o '<li><a href="/devoirs/[0-9]*"' | wc -l) / SESSIONS))

start_nginx "$NGX" /queue/1.html 'types { } default_type "text/html; charset=utf-8";' \
	'add_header Cross-Origin-Opener-Policy same-origin;'

# ---- 3. pages ----
RESULTS=$WORK/results.jsonl
: >"$RESULTS"
run_wrk() { # name round url paths cookies
	local name=$1 round=$2 url=$3 paths=$4 cookies=$5 c0 out
	local args=(-t"$WRK_THREADS" -c"$CONNS" --latency -s "$BENCH/rotate.lua" "$url" -- "$paths" "$cookies")
	wrk -d"${WARMUP}s" "${args[@]}" >/dev/null
	c0=$(cpu_of "$SERVER_PID")
	wrk -d"${DURATION}s" "${args[@]}" >"$WORK/wrk.$name.$round.txt"
	out=$(tail -1 "$WORK/wrk.$name.$round.txt")
	printf '{"name":"%s","round":%d,"wrk":%s,"server_cpu_s":%s}\n' "$name" "$round" "$out" \
		"$(awk -v a="$c0" -v b="$(cpu_of "$SERVER_PID")" 'BEGIN { printf "%.2f", b - a }')" >>"$RESULTS"
	say "$name, round $round: $(echo "$out" | cut -c1-110)"
}
cookies_of() { [ "$1" = queue ] && echo "$WORK/teachers.cookies" || echo "$WORK/learners.cookies"; }
for r in $(seq "$ROUNDS"); do
	for name in $PAGES; do
		run_wrk "$name" "$r" "$BASE" "$WORK/$name.paths" "$(cookies_of "$name")"
		run_wrk "${name}_nginx" "$r" "$NBASE" "$WORK/ngx_$name.paths" "$(cookies_of "$name")"
	done
done
# the sessions must still be valid: a redirect to the sign-in page would be fast and wrong
for name in $PAGES; do
	cookie=$(head -1 "$(cookies_of "$name")")
	path=$(cat "$WORK/$name.paths")
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE$path")
	[ "$code" = 200 ] || say "warning: $path after the run: HTTP $code"
done

# ---- 4. hand-ins ----
HANDIN=null HANDIN_CPU=0
if [ "$HANDINS" -gt 0 ]; then
	say "handing in $HANDINS PDFs of 1 MiB, $HANDIN_CONC at a time"
	c0=$(cpu_of "$SERVER_PID")
	HANDIN=$(node "$BENCH/homework_handin.mjs" "$BASE" "$DATA/hw_handin.tsv" "$HANDIN_CONC" "$HANDINS")
	HANDIN_CPU=$(awk -v a="$c0" -v b="$(cpu_of "$SERVER_PID")" 'BEGIN { printf "%.2f", b - a }')
	say "hand-ins: $HANDIN"
fi

# ---- 5. report ----
counts=$(sqlite3 "$WORK/cartable.db" "SELECT (SELECT COUNT(*) FROM courses), (SELECT COUNT(*) FROM submissions),
	(SELECT COUNT(*) FROM submissions WHERE returned_at = 0), (SELECT COUNT(*) FROM grades),
	(SELECT COUNT(*) FROM accounts)" 2>/dev/null || echo '?|?|?|?|?')
cat >"$WORK/run.json" <<EOF
{"date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
 "commit": "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')",
 "cpus": $(nproc), "cpu": "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)",
 "threads": $THREADS, "connections": $CONNS, "wrk_threads": $WRK_THREADS, "duration_s": $DURATION,
 "warmup_s": $WARMUP, "rounds": $ROUNDS, "sessions": $SESSIONS,
 "queue_bytes": $QUEUE_BYTES, "queue_rows": $QUEUE_ROWS, "list_bytes": $LIST_BYTES, "list_rows": $LIST_ROWS,
 "dash_bytes": $DASH_BYTES, "dash_courses": $DASH_COURSES, "dash_deadlines": $DASH_DEADLINES,
 "counts": "$counts", "db_mb": $(du -m "$WORK/cartable.db" | cut -f1),
 "gen_seconds": $(cat "$DATA/gen.seconds"), "handin": $HANDIN, "handin_cpu_s": $HANDIN_CPU,
 "handin_conc": $HANDIN_CONC}
EOF
node - "$WORK/run.json" "$RESULTS" <<'EOF' | tee "$OUT/results.md"
const fs = require('fs');
const run = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rows = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean).map(JSON.parse);
const med = (v) => { v = [...v].sort((a, b) => a - b); return v[Math.floor((v.length - 1) / 2)]; };
const stat = (name) => {
  const r = rows.filter((x) => x.name === name);
  return { rps: med(r.map((x) => x.wrk.rps)), p50: med(r.map((x) => x.wrk.p50_ms)),
    p99: med(r.map((x) => x.wrk.p99_ms)), bytes: med(r.map((x) => x.wrk.avg_bytes)),
    cpu_us: med(r.map((x) => x.server_cpu_s * 1e6 / x.wrk.requests)),
    errors: r.reduce((s, x) => s + Object.values(x.wrk.errors).reduce((a, b) => a + b, 0), 0) };
};
const [c, s, p, g, a] = run.counts.split('|');
const out = [];
out.push(`Run of ${run.date} on ${run.cpus} CPUs (${run.cpu}); commit ${run.commit}.`);
out.push(`cartable --threads ${run.threads}; wrk -t${run.wrk_threads} -c${run.connections} -d${run.duration_s}s --latency after ${run.warmup_s}s of warm-up, ${run.rounds} rounds (medians); data generated in ${run.gen_seconds}s: ${c} courses, ${s} copies (${p} waiting), ${g} grades, ${a} accounts, database ${run.db_mb} MB.`);
out.push('');
// each round pairs a cartable run with the nginx run just after it: the
// ratio is taken per round, and the table shows the median of the ratios
const ratios = (name) => rows.filter((x) => x.name === name).map((x) => {
  const n = rows.find((y) => y.name === name + '_nginx' && y.round === x.round);
  return 100 * x.wrk.rps / n.wrk.rps;
});
out.push('| page | req/s | vs nginx (median of rounds) | rounds | p50 ms | p99 ms | bytes/resp | server CPU µs/req | errors |');
out.push('|---|---:|---:|---|---:|---:|---:|---:|---:|');
for (const [name, label, extra] of [['queue', "teacher's correction queue", `${run.queue_rows} copies`],
    ['list', "learner's homework list", `${run.list_rows} assignments`],
    ['dash', "learner's dashboard", `${run.dash_deadlines} deadline(s) on average, ${run.dash_courses} courses`]]) {
  if (!rows.some((x) => x.name === name)) continue;
  const m = stat(name), n = stat(name + '_nginx'), r = ratios(name);
  out.push(`| ${label} (${extra}) | ${m.rps.toFixed(0)} | ${med(r).toFixed(0)}% | ${r.map((x) => x.toFixed(0) + '%').join(', ')} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.bytes.toFixed(0)} | ${m.cpu_us.toFixed(0)} | ${m.errors} |`);
  out.push(`| same bytes (nginx) | ${n.rps.toFixed(0)} | 100% | | ${n.p50.toFixed(2)} | ${n.p99.toFixed(2)} | ${n.bytes.toFixed(0)} | - | ${n.errors} |`);
}
const h = run.handin;
if (h) out.push('');
if (h) out.push(`Hand-in of ${h.requests} PDFs of 1 MiB by ${run.handin_conc} concurrent API clients (file fsynced and renamed, directory fsynced, then the row committed with synchronous=FULL): **${h.rate} submissions/s** (${h.mb_per_s} MB/s; statuses ${JSON.stringify(h.status)}; ${h.bad_receipts} bad receipts; p50 ${h.p50_ms} ms, p99 ${h.p99_ms} ms; server CPU ${(run.handin_cpu_s * 1e3 / h.requests).toFixed(1)} ms per hand-in).`);
console.log(out.join('\n'));
fs.writeFileSync(process.argv[2].replace(/run\.json$/, '../results.json'), JSON.stringify({ run, rows }, null, 1));
EOF
