# bench/lib.sh - what the benchmark scripts share (sourced, not run).
#
# Before sourcing, a script sets BENCH_NAME (its name in error messages),
# OUT, WORK, PORT, NGINX_PORT and THREADS. It then has:
#   say MSG, die MSG            progress on stderr; a fatal error
#   need_tools TOOL...          dies naming the Debian packages if one is missing
#   copy_program                checks the ports are free and copies
#                               $CARTABLE_BIN to $OUT/cartable: CARTABLE
#   start_cartable PROBE        cartable serve on $PORT over $WORK (log in
#                               $WORK/server.log), ready once PROBE answers: SERVER_PID
#   start_nginx DIR PROBE MIME HEADERS
#                               nginx on $NGINX_PORT serving DIR/www with the
#                               headers cartable sends with every response,
#                               MIME (its types/default_type lines) and
#                               HEADERS (more add_header lines); checks that
#                               it serves PROBE byte for byte: NGINX_PID
#   cpu_of PID...               CPU seconds (user + system) used so far
#   nginx_pids                  nginx's master and workers
# Every process in SERVER_PID, NGINX_PID, SAMPLER_PID and GSAMPLER_PID is
# stopped when the script exits.

BASE=http://127.0.0.1:$PORT
NBASE=http://127.0.0.1:$NGINX_PORT
SERVER_PID='' NGINX_PID='' SAMPLER_PID='' GSAMPLER_PID=''

say() { printf '== %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; exit 1; }

need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null ||
			die "$t is missing (Debian: wrk nginx-light nodejs curl gcc pkg-config sqlite3)"
	done
}

copy_program() {
	local p
	CARTABLE_BIN=${CARTABLE_BIN:-$ROOT/build/cartable}
	[ -x "$CARTABLE_BIN" ] || die "$CARTABLE_BIN is missing: run make"
	for p in "$PORT" "$NGINX_PORT"; do
		if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set PORT / NGINX_PORT)"; fi
	done
	mkdir -p "$OUT"
	# a private copy of the program: others may rebuild build/cartable meanwhile
	cp "$CARTABLE_BIN" "$OUT/cartable"
	CARTABLE=$OUT/cartable
}

stop_all() {
	local p
	for p in $SAMPLER_PID $GSAMPLER_PID $SERVER_PID $NGINX_PID; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap stop_all EXIT

start_cartable() { # probe-path
	say "starting cartable (threads $THREADS) on $BASE"
	"$CARTABLE" serve --quiet --threads "$THREADS" --port "$PORT" --data-dir "$WORK" \
		>"$WORK/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 300); do
		curl -sf -o /dev/null "$BASE$1" && return 0
		sleep 0.2
	done
	die "the server did not start: $(tail -5 "$WORK/server.log")"
}

start_nginx() { # dir probe-path mime-lines header-lines
	local ngx=$1 probe=$2
	mkdir -p "$ngx/www" "$ngx/tmp"
	cat >"$ngx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	client_body_temp_path $ngx/tmp/body;
	proxy_temp_path $ngx/tmp/proxy;
	fastcgi_temp_path $ngx/tmp/fastcgi;
	uwsgi_temp_path $ngx/tmp/uwsgi;
	scgi_temp_path $ngx/tmp/scgi;
	$3
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $ngx/www;
		add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
		add_header X-Content-Type-Options nosniff;
		add_header Referrer-Policy same-origin;
		add_header X-Frame-Options DENY;
		$4
	}
}
EOF
	say "starting nginx on $NBASE"
	nginx -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/error.log" &
	NGINX_PID=$!
	for _ in $(seq 50); do
		curl -sf -o /dev/null "$NBASE$probe" && break
		sleep 0.1
	done
	cmp -s <(curl -s "$NBASE$probe") "$ngx/www$probe" || die "nginx does not serve $probe as saved"
}

cpu_of() {
	local s=0 p
	for p in "$@"; do
		s=$(awk -v s="$s" '{ printf "%.2f\n", s + ($14 + $15) / 100 }' "/proc/$p/stat")
	done
	echo "$s"
}

nginx_pids() { echo "$NGINX_PID" $(pgrep -P "$NGINX_PID"); }
