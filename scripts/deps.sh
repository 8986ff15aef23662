#!/bin/sh
# Installs the Debian packages cartable's build and tests need, and the npm
# test tooling (playwright-core, axe-core) under tests/. Does nothing when
# everything is already there, so `make run` and `make check` call it first.
set -eu
cd "$(dirname "$0")/.."

# build: compiler, pkg-config and the libraries DESIGN.md names
# tests: clang (libFuzzer), PostgreSQL (second engine), chromium (browser
# tests), nodejs/npm (test runner), wrk + nginx-light (benchmarks), tzdata;
# certificates: fonts-dejavu-core (a TrueType font with every French
# letter), poppler-utils and zbar-tools (tests read the PDF and its QR code)
PACKAGES="gcc make pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libsqlite3-dev sqlite3 libjansson-dev libsodium-dev
libcmark-dev libcurl4-openssl-dev libpq-dev libhpdf-dev libqrencode-dev
postgresql chromium nodejs wrk nginx-light tzdata ca-certificates
fonts-dejavu-core poppler-utils zbar-tools"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
# npm ships inside nodesource's nodejs; Debian's nodejs needs the npm package.
if ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

# Test tooling from npm, pinned by tests/package-lock.json.
if [ -f tests/package.json ] && [ ! -d tests/node_modules/playwright-core ]; then
	echo "deps: installing npm test tooling"
	(cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
exit 0
