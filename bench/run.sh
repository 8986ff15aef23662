#!/usr/bin/env bash
# bench/run.sh - the benchmark of issue 2 (called by `make bench`).
#
#  1. generates the operator's scale once (bench/gen.c into bench/out/data,
#     reused while bench/gen.c, bench/catalogue.h and db/migrations do not
#     change; REGEN=1 forces it), and runs on a fresh copy of it;
#  2. starts `cartable serve --quiet --threads $THREADS` and a throwaway
#     nginx (worker_processes auto) serving, byte for byte, the pages the
#     server produced, with the same security headers;
#  3. measures with wrk ($CONNS connections, --latency), back to back and
#     $ROUNDS times over (the machine is shared: alternating smooths out
#     the neighbours): the catalogue search page (anonymous, rotating
#     queries), then the same bytes from nginx; then "my enrolments"
#     ($SESSIONS signed-in learners, rotating), then nginx; samples the
#     server's RSS and CPU time during each run;
#  4. replays the busiest enrolment day through the API ($REPLAY_CONC
#     clients, bearer token of the advisor `conseiller`);
#  5. prints a table (bench/report.mjs) into bench/out/results.md and
#     bench/out/results.json.
#
# Settings (environment): THREADS=4 CONNS=64 WRK_THREADS=2 DURATION=10
# WARMUP=3 ROUNDS=3 PORT=18480 NGINX_PORT=18481 SESSIONS=200 REPLAY_CONC=16
# REGEN=0, and CARTABLE_BIN=path to measure another build than build/cartable
# (the environment is passed on to it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
THREADS=${THREADS:-4}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18480}
NGINX_PORT=${NGINX_PORT:-18481}
SESSIONS=${SESSIONS:-200}
REPLAY_CONC=${REPLAY_CONC:-16}
REGEN=${REGEN:-0}
# anonymous catalogue searches, typed without accents as people do
QUERIES=("lycee" "diete" "bts" "preparation concours" "anglais" "cap" "terminale" "francais" "" "mathematiques")

WORK=$OUT/work
BENCH_NAME=bench
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
need_tools wrk nginx node sqlite3 curl gcc pkg-config
copy_program

# ---- 1. data ----
DATA=$OUT/data
stamp=$(cat "$BENCH/gen.c" "$BENCH/gen_util.h" "$BENCH/catalogue.h" "$ROOT"/db/migrations/*.sql | sha256sum | cut -c1-16)
if [ "$REGEN" = 1 ] || [ ! -f "$DATA/stamp" ] || [ "$(cat "$DATA/stamp")" != "$stamp" ]; then
	say "generating the data set into $DATA"
	rm -rf "$DATA"
	mkdir -p "$DATA"
	gcc -O2 -std=c17 -D_GNU_SOURCE -Wall -Wextra -I"$ROOT/src" -o "$OUT/gen" "$BENCH/gen.c" \
		"$ROOT/src/kernel/text.c" "$ROOT/src/kernel/str.c" "$ROOT/src/kernel/arena.c" \
		$(pkg-config --cflags --libs sqlite3)
	t0=$(date +%s.%N)
	"$CARTABLE" demo --data-dir "$DATA" >/dev/null 2>"$DATA/demo.log"
	"$OUT/gen" "$DATA/cartable.db" --out "$DATA" --sessions "$SESSIONS" 2>&1 | tee "$DATA/gen.log" >&2
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }' >"$DATA/gen.seconds"
	echo "$stamp" >"$DATA/stamp"
else
	say "reusing the data set in $DATA (REGEN=1 to rebuild)"
fi
GEN_SECONDS=$(cat "$DATA/gen.seconds")

rm -rf "$WORK"
mkdir -p "$WORK/files" "$WORK/tmp"
cp "$DATA/cartable.db" "$WORK/"

# ---- 2. servers ----
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start_cartable /catalogue
# the server's memory, every 100 ms: VmRSS, RssAnon, RssFile, Pss (kB). SQLite
# maps the database file once per connection (one per thread): RSS counts a
# page of it once per mapping, PSS once in all.
mem_sample() {
	awk '/^VmRSS|^RssAnon|^RssFile/ { printf "%s ", $2 } /^Pss:/ { p = $2 } END { print p }' \
		"/proc/$SERVER_PID/status" "/proc/$SERVER_PID/smaps_rollup" 2>/dev/null
}
(while mem_sample; do sleep 0.1; done) >"$WORK/rss_all.txt" &
GSAMPLER_PID=$!

say "signing in $SESSIONS learners and the advisor"
node "$BENCH/client.mjs" signin "$BASE" "$DATA/learners.txt" "$WORK/cookies.txt" 2
TOKEN=$(node "$BENCH/client.mjs" token "$BASE" conseiller)

# the pages nginx will serve: what cartable answered, saved byte for byte
NGX=$WORK/nginx
mkdir -p "$NGX/www/cat" "$NGX/www/mine" "$NGX/tmp"
: >"$WORK/cat_paths.txt"
: >"$WORK/ngx_cat_paths.txt"
i=0
for q in "${QUERIES[@]}"; do
	i=$((i + 1))
	path="/catalogue"
	[ -n "$q" ] && path="/catalogue?q=${q// /+}"
	code=$(curl -s -o "$NGX/www/cat/$i.html" -w '%{http_code}' "$BASE$path")
	[ "$code" = 200 ] || die "GET $path: HTTP $code"
	echo "$path" >>"$WORK/cat_paths.txt"
	echo "/cat/$i.html" >>"$WORK/ngx_cat_paths.txt"
done
CAT_AVG=$(($(cat "$NGX"/www/cat/*.html | wc -c) / i))
echo "/mes-inscriptions" >"$WORK/mine_paths.txt"
: >"$WORK/ngx_mine_paths.txt"
i=0
while IFS= read -r cookie; do
	i=$((i + 1))
	code=$(curl -s -o "$NGX/www/mine/$i.html" -w '%{http_code}' -H "Cookie: $cookie" "$BASE/mes-inscriptions")
	[ "$code" = 200 ] || die "GET /mes-inscriptions as learner $i: HTTP $code"
	grep -q '/inscriptions/' "$NGX/www/mine/$i.html" || die "learner $i has no enrolment on the page"
	echo "/mine/$i.html" >>"$WORK/ngx_mine_paths.txt"
done <"$WORK/cookies.txt"
MINE_AVG=$(($(cat "$NGX"/www/mine/*.html | wc -c) / i))

start_nginx "$NGX" /cat/1.html 'types { } default_type "text/html; charset=utf-8";' \
	'add_header Cross-Origin-Opener-Policy same-origin;'

# ---- 3. measurements ----
RESULTS=$WORK/results.jsonl
: >"$RESULTS"
start_sampler() {
	(while mem_sample; do sleep 0.1; done) >"$WORK/rss.txt" &
	SAMPLER_PID=$!
}
stop_sampler() { # peaks of each: {"rss_mb","anon_mb","file_mb","pss_mb"}
	kill "$SAMPLER_PID" 2>/dev/null || true
	wait "$SAMPLER_PID" 2>/dev/null || true
	SAMPLER_PID=''
	mem_peaks "$WORK/rss.txt"
}
mem_peaks() {
	awk 'NF == 4 { for (i = 1; i <= 4; i++) if ($i > m[i]) m[i] = $i }
	     END { printf "{\"rss_mb\":%.1f,\"anon_mb\":%.1f,\"file_mb\":%.1f,\"pss_mb\":%.1f}",
	           m[1] / 1024, m[2] / 1024, m[3] / 1024, m[4] / 1024 }' "$1"
}
delta() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

run_wrk() { # name round url paths [cookies]
	local name=$1 round=$2 url=$3 paths=$4 cookies=${5:-}
	local args=(-t"$WRK_THREADS" -c"$CONNS" --latency -s "$BENCH/rotate.lua" "$url" -- "$paths")
	[ -n "$cookies" ] && args+=("$cookies")
	wrk -d"${WARMUP}s" "${args[@]}" >/dev/null
	local c0 n0 rss out
	c0=$(cpu_of "$SERVER_PID")
	n0=$(cpu_of $(nginx_pids))
	start_sampler
	wrk -d"${DURATION}s" "${args[@]}" >"$WORK/wrk.$name.$round.txt"
	rss=$(stop_sampler)
	out=$(tail -1 "$WORK/wrk.$name.$round.txt")
	printf '{"name":"%s","round":%d,"wrk":%s,"server_cpu_s":%s,"nginx_cpu_s":%s,"server_rss":%s}\n' \
		"$name" "$round" "$out" "$(delta "$c0" "$(cpu_of "$SERVER_PID")")" \
		"$(delta "$n0" "$(cpu_of $(nginx_pids))")" "$rss" >>"$RESULTS"
	say "$name, round $round: $(echo "$out" | cut -c1-110)"
}

say "catalogue search: cartable then nginx, $ROUNDS rounds of ${WARMUP}s warm-up + ${DURATION}s"
for r in $(seq "$ROUNDS"); do
	run_wrk cat "$r" "$BASE" "$WORK/cat_paths.txt"
	run_wrk cat_nginx "$r" "$NBASE" "$WORK/ngx_cat_paths.txt"
done
say "my enrolments: cartable then nginx, $ROUNDS rounds"
for r in $(seq "$ROUNDS"); do
	run_wrk mine "$r" "$BASE" "$WORK/mine_paths.txt" "$WORK/cookies.txt"
	run_wrk mine_nginx "$r" "$NBASE" "$WORK/ngx_mine_paths.txt" "$WORK/cookies.txt"
done

# the sessions must still be valid: a redirect to the sign-in page would be fast and wrong
code=$(curl -s -o "$WORK/check.html" -w '%{http_code}' -H "Cookie: $(head -1 "$WORK/cookies.txt")" \
	"$BASE/mes-inscriptions")
if [ "$code" != 200 ] || ! cmp -s "$WORK/check.html" "$NGX/www/mine/1.html"; then
	say "warning: /mes-inscriptions after the run: HTTP $code, or the page differs from its saved copy"
fi

# ---- 4. busiest enrolment day ----
NREPLAY=$(wc -l <"$DATA/replay.tsv")
say "replaying $NREPLAY enrolments through POST /api/v1/enrolments ($REPLAY_CONC clients)"
c0=$(cpu_of "$SERVER_PID")
start_sampler
REPLAY=$(node "$BENCH/client.mjs" replay "$BASE" "$TOKEN" "$DATA/replay.tsv" "$REPLAY_CONC")
rss=$(stop_sampler)
printf '{"name":"replay","result":%s,"server_cpu_s":%s,"server_rss":%s}\n' "$REPLAY" \
	"$(delta "$c0" "$(cpu_of "$SERVER_PID")")" "$rss" >>"$RESULTS"
say "replay: $REPLAY"

# ---- 5. report ----
kill "$GSAMPLER_PID" 2>/dev/null || true
wait "$GSAMPLER_PID" 2>/dev/null || true
GSAMPLER_PID=''
peaks=$(mem_peaks "$WORK/rss_all.txt")
cpu_model=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
queries=$(printf '%s\n' "${QUERIES[@]}" | node -e \
	'console.log(JSON.stringify(require("fs").readFileSync(0, "utf8").split("\n").slice(0, -1)))')
cat >"$WORK/run.json" <<EOF
{"date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
 "commit": "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')",
 "binary": "$CARTABLE_BIN", "sha256": "$(sha256sum "$CARTABLE" | cut -c1-12)",
 "cpus": $(nproc), "cpu": "$cpu_model", "threads": $THREADS, "connections": $CONNS,
 "wrk_threads": $WRK_THREADS, "duration_s": $DURATION, "warmup_s": $WARMUP, "rounds": $ROUNDS,
 "sessions": $SESSIONS, "replay_clients": $REPLAY_CONC, "gen_seconds": $GEN_SECONDS,
 "queries": $queries, "catalogue_page_bytes": $CAT_AVG, "mine_page_bytes": $MINE_AVG,
 "peaks_whole_run": $peaks, "db_mb": $(du -m "$WORK/cartable.db" | cut -f1),
 "vmhwm_mb": $(awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"),
 "enrolments_after": $(sqlite3 "$WORK/cartable.db" "SELECT COUNT(*) FROM enrolments"),
 "load_before": "$LOAD_BEFORE", "load_after": "$(cut -d' ' -f1-3 /proc/loadavg)"}
EOF
node "$BENCH/report.mjs" "$WORK/run.json" "$RESULTS" "$OUT/results.json" | tee "$OUT/results.md"
