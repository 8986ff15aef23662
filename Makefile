# cartable - build, run, check, bench, fuzz.
#
#   make run     install what is missing, build, serve the demo on :8080
#   make check   install what is missing, build, run every test
#   make         build build/cartable (release) only
#   make asan    build build/asan/cartable and the unit tests with ASan+UBSan
#   make fuzz    run every fuzz target for FUZZ_SECONDS each (default 60)
#   make bench   generate the operator's scale and measure (see bench/README.md)
#
# Libraries come from Debian packages (scripts/deps.sh) through pkg-config.

PKGS      := libmicrohttpd sqlite3 jansson libsodium libcmark libcurl libpq libqrencode
CC        := gcc
CLANG     := clang
WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
BASEFLAGS := -std=c17 -D_GNU_SOURCE -pthread -Isrc -Ibuild/gen $(WARN) -MMD -MP
PKGCFLAGS  = $(shell pkg-config --cflags $(PKGS))
PKGLIBS    = $(shell pkg-config --libs $(PKGS)) -lhpdf -lm -pthread

REL_FLAGS  := -O2 -g
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined

SRC       := $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRC   := $(filter-out src/main.c,$(SRC))
GEN_SRC   := build/gen/embedded.c
EMBEDDED  := $(sort $(wildcard static/*.* static/*/*.* db/migrations/*.sql po/*.po src/*/openapi.json))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))

REL_OBJ   := $(patsubst %.c,build/release/%.o,$(LIB_SRC)) build/release/gen/embedded.o
ASAN_OBJ  := $(patsubst %.c,build/asan/%.o,$(LIB_SRC)) build/asan/gen/embedded.o
FUZZ_OBJ  := $(patsubst %.c,build/fuzz/%.o,$(LIB_SRC)) build/fuzz/gen/embedded.o
UNIT_BIN  := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,build/fuzz/tests/%,$(FUZZ_SRC))

FUZZ_SECONDS ?= 60

.PHONY: all asan run check deps test unit e2e browser fuzz fuzz-short bench clean
all: build/cartable

deps:
	@scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	./build/cartable serve --demo

check: deps
	@$(MAKE) --no-print-directory all asan fuzz-build
	@scripts/check.sh

asan: build/asan/cartable $(UNIT_BIN)

build/cartable: build/release/src/main.o $(REL_OBJ)
	$(CC) $(REL_FLAGS) -o $@ $^ $(PKGLIBS)

build/asan/cartable: build/asan/src/main.o $(ASAN_OBJ)
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(PKGLIBS)

build/asan/tests/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(ASAN_FLAGS) $(PKGCFLAGS) -Itests/unit -o $@ $< $(ASAN_OBJ) $(PKGLIBS)

build/release/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(REL_FLAGS) $(PKGCFLAGS) -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(ASAN_FLAGS) $(PKGCFLAGS) -c -o $@ $<

build/fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(CLANG) $(BASEFLAGS) $(FUZZ_FLAGS) $(PKGCFLAGS) -c -o $@ $<

# Generated sources: static files, migrations and translations are compiled
# into the program so that one binary is the whole product.
build/gen/embedded.c: build/tools/embed $(EMBEDDED)
	@mkdir -p $(@D)
	build/tools/embed $(EMBEDDED) > $@.tmp && mv $@.tmp $@

build/release/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -c -o $@ $<
build/asan/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -c -o $@ $<
build/fuzz/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(@D)
	$(CLANG) -std=c17 -O1 -c -o $@ $<

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O2 -Wall -Wextra -Werror -o $@ $<

fuzz-build: $(FUZZ_BIN)

build/fuzz/tests/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	$(CLANG) $(BASEFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKGCFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKGLIBS)

unit: asan
	@scripts/check.sh unit

e2e: all asan
	@scripts/check.sh e2e

browser: all
	@scripts/check.sh browser

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/check.sh fuzz

bench: deps all
	@bench/run.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
