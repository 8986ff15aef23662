#!/usr/bin/env bash
# bench/srs_run.sh - the spaced-repetition benchmark of issue 5.
#
#  1. builds the data once (reused while bench/srs_gen.c, the scheduler
#     and the migrations do not change; REGEN=1 forces it) into
#     bench/out/srs/data: `cartable demo`, then bench/srs_gen.c (26,000
#     learners with 2,000 cards each and a year of reviews, srs.lourd with
#     20,000 cards, srs.optim with about 10,000 reviews), timing each step;
#  2. on a fresh copy, times in-process (bench/srs_time.c, linked with the
#     server's objects) the queue of srs.lourd and the fit of srs.optim's
#     parameters;
#  3. starts `cartable serve --quiet --threads $THREADS` and a throwaway
#     nginx serving, byte for byte, a rating's JSON answer;
#  4. measures with wrk ($CONNS connections, --latency), back to back,
#     $ROUNDS rounds: POST /api/v1/srs/reviews with ratings the server
#     accepts (bench/srs_rate.lua: each sent once, answers counted), then
#     nginx; and GET /api/v1/srs/queue of srs.lourd over HTTP with curl;
#  5. prints a table into bench/out/srs/results.md (and results.json).
#
# Settings (environment): THREADS=4 CONNS=64 WRK_THREADS=2 DURATION=10
# WARMUP=3 ROUNDS=3 PORT=18500 NGINX_PORT=18501 LEARNERS=26000 TOKENS=2000
# REGEN=0 CARTABLE_BIN=build/cartable (build/release/ must hold its objects:
# run `make` first).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out/srs
THREADS=${THREADS:-4}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18500}
NGINX_PORT=${NGINX_PORT:-18501}
LEARNERS=${LEARNERS:-26000}
TOKENS=${TOKENS:-2000}
REGEN=${REGEN:-0}
WORK=$OUT/work
BENCH_NAME="srs bench"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
need_tools wrk nginx node curl gcc pkg-config sqlite3
copy_program
LIBS="$(pkg-config --libs libmicrohttpd sqlite3 jansson libsodium libcmark libcurl libpq libqrencode) -lhpdf -lm -pthread"

# ---- 1. data ----
DATA=$OUT/data
stamp=$( (cat "$BENCH/srs_gen.c" "$BENCH/gen_util.h" "$ROOT/src/srs/fsrs.c" "$ROOT"/db/migrations/*.sql; echo "$LEARNERS $TOKENS") |
	sha256sum | cut -c1-16)
if [ "$REGEN" = 1 ] || [ ! -f "$DATA/stamp" ] || [ "$(cat "$DATA/stamp")" != "$stamp" ]; then
	say "generating the data set into $DATA ($LEARNERS learners)"
	rm -rf "$DATA"
	mkdir -p "$DATA"
	gcc -O2 -std=c17 -D_GNU_SOURCE -Wall -Wextra -I"$ROOT/src" -o "$OUT/srs_gen" "$BENCH/srs_gen.c" \
		"$ROOT/src/srs/fsrs.c" "$ROOT/src/kernel/text.c" "$ROOT/src/kernel/str.c" "$ROOT/src/kernel/arena.c" \
		$(pkg-config --cflags --libs sqlite3 libsodium) -lm
	t0=$(date +%s.%N)
	"$CARTABLE" demo --data-dir "$DATA" >/dev/null 2>"$DATA/demo.log"
	t1=$(date +%s.%N)
	"$OUT/srs_gen" "$DATA/cartable.db" --out "$DATA" --learners "$LEARNERS" --tokens "$TOKENS" 2>&1 |
		tee "$DATA/gen.log" >&2
	t2=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "{\"demo_s\":%.1f,\"gen_s\":%.1f}\n", b - a, c - b }' \
		>"$DATA/gen.json"
	echo "$stamp" >"$DATA/stamp"
else
	say "reusing the data set in $DATA (REGEN=1 to rebuild)"
fi
HEAVY=$(awk '$1 == "heavy" { print $2 }' "$DATA/srs_accounts.txt")
HEAVY_TOKEN=$(awk '$1 == "heavy" { print $3 }' "$DATA/srs_accounts.txt")
OPTIM=$(awk '$1 == "optim" { print $2 }' "$DATA/srs_accounts.txt")

rm -rf "$WORK"
mkdir -p "$WORK/files" "$WORK/tmp"
t0=$(date +%s.%N)
cp "$DATA/cartable.db" "$WORK/"
COPY_S=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
RESULTS=$WORK/results.jsonl
: >"$RESULTS"

# ---- 2. in-process timings ----
say "timing the queue of srs.lourd and the fit of srs.optim in-process"
OBJ=$(find "$ROOT/build/release/src" -name '*.o' ! -path '*/src/main.o' | sort)
[ -n "$OBJ" ] || die "no objects in build/release: run make"
gcc -O2 -std=c17 -D_GNU_SOURCE -Wall -Wextra -I"$ROOT/src" -I"$ROOT/build/gen" \
	$(pkg-config --cflags jansson) -o "$OUT/srs_time" "$BENCH/srs_time.c" $OBJ \
	"$ROOT/build/release/gen/embedded.o" $LIBS
"$OUT/srs_time" "$WORK/cartable.db" "$HEAVY" "$OPTIM" 50 2>"$WORK/srs_time.log" | tee -a "$RESULTS" >&2

# ---- 3. servers ----
start_cartable /robots.txt

# the first rating gives nginx its bytes; the others are cut into one
# file per wrk run, so that every rating is sent once
NGX=$WORK/nginx
mkdir -p "$NGX/www" "$NGX/tmp"
IFS=$'\t' read -r tok card version rating <"$DATA/srs_ratings.tsv"
code=$(curl -s -o "$NGX/www/rating.json" -w '%{http_code}' -H "Authorization: Bearer $tok" \
	-H 'Content-Type: application/json' -d "{\"card_id\":$card,\"rating\":$rating,\"version\":$version}" \
	"$BASE/api/v1/srs/reviews")
[ "$code" = 201 ] || die "POST /api/v1/srs/reviews: HTTP $code $(cat "$NGX/www/rating.json")"
RATING_BYTES=$(wc -c <"$NGX/www/rating.json")
echo "/rating.json" >"$WORK/ngx.paths"
NLINES=$(($(wc -l <"$DATA/srs_ratings.tsv") - 1))
PARTS=$((2 * ROUNDS))
tail -n +2 "$DATA/srs_ratings.tsv" >"$WORK/ratings.tsv"
split -d -a 2 -n "l/$PARTS" "$WORK/ratings.tsv" "$WORK/ratings."

start_nginx "$NGX" /rating.json 'types { } default_type "application/json";' 'add_header Cache-Control no-store;'

# ---- 4. measurements ----
part=0
for r in $(seq "$ROUNDS"); do
	warm=$(printf '%s/ratings.%02d' "$WORK" $part)
	meas=$(printf '%s/ratings.%02d' "$WORK" $((part + 1)))
	part=$((part + 2))
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$BENCH/srs_rate.lua" "$BASE" -- "$warm" "$WRK_THREADS" >/dev/null
	c0=$(cpu_of "$SERVER_PID")
	out=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$BENCH/srs_rate.lua" "$BASE" -- \
		"$meas" "$WRK_THREADS" | tail -1)
	printf '{"name":"ratings","round":%d,"wrk":%s,"server_cpu_s":%s}\n' "$r" "$out" \
		"$(awk -v a="$c0" -v b="$(cpu_of "$SERVER_PID")" 'BEGIN { printf "%.2f", b - a }')" >>"$RESULTS"
	say "ratings, round $r: $(echo "$out" | cut -c1-120)"
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$BENCH/rotate.lua" "$NBASE" -- "$WORK/ngx.paths" >/dev/null
	c0=$(cpu_of $(nginx_pids))
	out=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$BENCH/rotate.lua" "$NBASE" -- \
		"$WORK/ngx.paths" | tail -1)
	printf '{"name":"nginx","round":%d,"wrk":%s,"nginx_cpu_s":%s}\n' "$r" "$out" \
		"$(awk -v a="$c0" -v b="$(cpu_of $(nginx_pids))" 'BEGIN { printf "%.2f", b - a }')" >>"$RESULTS"
	say "nginx, round $r: $(echo "$out" | cut -c1-110)"
done

say "GET /api/v1/srs/queue of srs.lourd over HTTP, 50 times"
for i in $(seq 53); do
	curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $HEAVY_TOKEN" "$BASE/api/v1/srs/queue?limit=50"
done | tail -n 50 | sort -n | awk '{ v[NR] = $1 * 1000 } END {
	printf "{\"name\":\"queue_http\",\"runs\":%d,\"median_ms\":%.2f,\"p90_ms\":%.2f,\"min_ms\":%.2f}\n",
	NR, v[int((NR + 1) / 2)], v[int(NR * 0.9)], v[1] }' | tee -a "$RESULTS" >&2
QUEUE_BYTES=$(curl -s -H "Authorization: Bearer $HEAVY_TOKEN" "$BASE/api/v1/srs/queue?limit=50" | wc -c)

# ---- 5. report ----
counts=$(sqlite3 "$WORK/cartable.db" "SELECT (SELECT COUNT(*) FROM srs_reviews), (SELECT COUNT(*) FROM srs_states),
	(SELECT COUNT(*) FROM srs_cards), (SELECT COUNT(*) FROM srs_decks), (SELECT COUNT(*) FROM account_roles
	WHERE role = 'learner')")
cat >"$WORK/run.json" <<EOF
{"date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
 "commit": "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')",
 "cpus": $(nproc), "cpu": "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)",
 "threads": $THREADS, "connections": $CONNS, "wrk_threads": $WRK_THREADS, "duration_s": $DURATION,
 "warmup_s": $WARMUP, "rounds": $ROUNDS, "learners": $LEARNERS, "ratings_file": $NLINES,
 "rating_bytes": $RATING_BYTES, "queue_bytes": $QUEUE_BYTES, "counts": "$counts",
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
const [reviews, states, cards, decks, learners] = run.counts.split('|').map(Number);
const out = [];
out.push(`Run of ${run.date} on ${run.cpus} CPUs (${run.cpu}); commit ${run.commit}; load ${run.load}.`);
out.push(`Data: ${learners} learners, ${decks} decks, ${cards} cards; ${reviews.toLocaleString('en')} review-log rows, ${states.toLocaleString('en')} card states; database ${run.db_mb} MB; generated in ${(run.gen.demo_s + run.gen.gen_s).toFixed(0)} s (demo ${run.gen.demo_s} s, srs_gen ${run.gen.gen_s} s); copied for the run in ${run.copy_s} s.`);
out.push('');
const rat = rows.filter((x) => x.name === 'ratings'), ngx = rows.filter((x) => x.name === 'nginx');
const ratios = rat.map((x) => { const n = ngx.find((y) => y.round === x.round); return 100 * x.wrk.created_per_s / n.wrk.rps; });
out.push('| measure | per second | vs nginx (median of rounds) | rounds | p50 ms | p99 ms | bytes/resp | CPU µs/req | errors, other statuses, repeats |');
out.push('|---|---:|---:|---|---:|---:|---:|---:|---|');
const m = (v, f) => med(v.map(f));
out.push(`| ratings recorded (POST /api/v1/srs/reviews, 201) | ${m(rat, (x) => x.wrk.created_per_s).toFixed(0)} | ${med(ratios).toFixed(1)}% | ${ratios.map((x) => x.toFixed(1) + '%').join(', ')} | ${m(rat, (x) => x.wrk.p50_ms).toFixed(2)} | ${m(rat, (x) => x.wrk.p99_ms).toFixed(2)} | ${m(rat, (x) => x.wrk.avg_bytes)} | ${m(rat, (x) => x.server_cpu_s * 1e6 / x.wrk.requests).toFixed(0)} | ${rat.map((x) => Object.values(x.wrk.errors).reduce((a, b) => a + b, 0) + '/' + x.wrk.other_status + '/' + x.wrk.repeats).join(', ')} |`);
out.push(`| the same bytes from nginx (GET) | ${m(ngx, (x) => x.wrk.rps).toFixed(0)} | 100% | | ${m(ngx, (x) => x.wrk.p50_ms).toFixed(2)} | ${m(ngx, (x) => x.wrk.p99_ms).toFixed(2)} | ${m(ngx, (x) => x.wrk.avg_bytes)} | ${m(ngx, (x) => x.nginx_cpu_s * 1e6 / x.wrk.requests).toFixed(0)} | |`);
out.push('');
const q50 = one('queue_20000_cards_50'), q1 = one('queue_20000_cards_1'), h = one('heavy_learner'), qh = one('queue_http');
const fj = one('fit_job'), fo = one('fsrs_optimize');
out.push('| timing | median | p90 | min | what |');
out.push('|---|---:|---:|---:|---|');
out.push(`| queue of srs.lourd, 50 cards (srs_queue_build, in-process) | ${q50.median_ms.toFixed(2)} ms | ${q50.p90_ms.toFixed(2)} ms | ${q50.min_ms.toFixed(2)} ms | ${h.card_states} card states, ${h.reviews} reviews; ${q50.due} due, ${q50.new} new allowed, ${q50.later_today} later today |`);
out.push(`| the same, counts and the first card | ${q1.median_ms.toFixed(2)} ms | ${q1.p90_ms.toFixed(2)} ms | ${q1.min_ms.toFixed(2)} ms | what the review page needs |`);
out.push(`| GET /api/v1/srs/queue?limit=50 of srs.lourd (curl) | ${qh.median_ms.toFixed(2)} ms | ${qh.p90_ms.toFixed(2)} ms | ${qh.min_ms.toFixed(2)} ms | ${run.queue_bytes} bytes of JSON, texts and rendered HTML |`);
out.push(`| fit of srs.optim's parameters (job srs.fit: read, fit, record) | ${fj.ms.toFixed(0)} ms | | | ${fj.reviews} reviews (${fj.train} scored for training, ${fj.held_out} held out); held-out log loss ${fj.loss_default.toFixed(4)} → ${fj.loss_fitted.toFixed(4)}; outcome ${fj.outcome} |`);
out.push(`| fsrs_optimize() alone, same reviews | ${fo.median_ms.toFixed(0)} ms | ${fo.p90_ms.toFixed(0)} ms | ${fo.min_ms.toFixed(0)} ms | 5 runs |`);
console.log(out.join('\n'));
fs.writeFileSync(process.argv[2].replace(/work\/run\.json$/, 'results.json'), JSON.stringify({ run, rows }, null, 1));
EOF
