#!/bin/sh
# Starts (start DIR) or stops (stop DIR) a throwaway PostgreSQL server for
# the end-to-end tests, on a Unix socket in DIR only (no TCP port), and
# prints the URL of its "postgres" database. PostgreSQL comes from Debian
# (scripts/deps.sh). As root, the server runs as the "postgres" user, since
# PostgreSQL refuses to run as root.
set -eu
cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "pg-test: PostgreSQL server binaries not found" >&2; exit 1; }
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
	as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
		-o "-k $dir -c listen_addresses= -p 5499 -c fsync=off -c max_connections=300" start >/dev/null
	echo "postgresql://postgres@/postgres?host=$dir&port=5499"
	;;
stop)
	as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
esac
