# ailife: make (build), make run, make test, make asan, make bench, make install, make clean.
VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
BUILD      ?= build
CC         ?= cc
PKG_CONFIG ?= pkg-config

LIBS_PC    := ncursesw libcurl jansson libcrypto sqlite3 zlib expat
CFLAGS_PC  := $(shell $(PKG_CONFIG) --cflags $(LIBS_PC) 2>/dev/null)
# libcurl is loaded on first use (datastore/ddb/curl_lib.c): its headers only, no -lcurl.
LDLIBS_PC  := $(shell $(PKG_CONFIG) --libs $(filter-out libcurl,$(LIBS_PC)) 2>/dev/null)
CMOCKA_CF  := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LD  := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef \
           -Wno-unused-parameter -Wvla
OPT     ?= -O2 -g
CFLAGS  ?=
CFLAGS  += -std=c11 -D_GNU_SOURCE -DAILIFE_VERSION='"$(VERSION)"' $(OPT) $(WARN) -I. $(CFLAGS_PC) -MMD -MP
LDFLAGS ?=
LDLIBS  += $(LDLIBS_PC) -lpthread -lm -ldl

SRC_DIRS := util datastore datastore/local datastore/ddb datastore/migrate config cli tui views
LIB_SRC  := $(filter-out cli/main.c,$(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/cli/main.o
BIN      := $(BUILD)/ailife

TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Every fuzz target also built without libFuzzer, to replay its seeds and kept crashes in make test.
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/replay_%)

.PHONY: all run test unit asan valgrind bench install uninstall clean deps fuzz fuzz-run tests-bin lint

all: $(BIN)

$(BIN): $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMOCKA_CF) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LD) $(LDLIBS)

$(BUILD)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/replay_%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay_main.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Installs the Debian packages a target needs that are missing (as root, through sudo, or says
# the one line to run): what it builds with and every program its scripts run.
deps:
	@sh scripts/install-deps.sh run

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN)

unit: $(TEST_BIN)
	@sh tests/run-unit.sh $(TEST_BIN)

test:
	@sh scripts/install-deps.sh test
	@$(MAKE) --no-print-directory all $(TEST_BIN) $(REPLAY_BIN)
	@sh tests/run-all.sh $(BUILD)

asan:
	@sh scripts/install-deps.sh asan
	@$(MAKE) --no-print-directory BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' all tests-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    sh tests/run-all.sh build-asan

tests-bin: $(TEST_BIN) $(REPLAY_BIN)

# The unit tests and every ailife run of the CLI tests under valgrind memcheck.
valgrind:
	@sh scripts/install-deps.sh valgrind
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@sh tests/valgrind.sh $(BUILD)

# Static analysis with cppcheck: the checks and their answers are in tests/lint/.
lint:
	@sh scripts/install-deps.sh lint
	@sh tests/lint/run.sh

bench:
	@sh scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory all
	@sh tests/bench/run.sh $(BUILD)
	@bash tests/bench/tui.sh $(BUILD)
	@bash tests/bench/ddb.sh $(BUILD)
	@bash tests/bench/migrate.sh $(BUILD)
	@bash tests/bench/stream.sh $(BUILD)
	@bash tests/bench/roundtrips.sh $(BUILD)
	@bash tests/bench/decode.sh $(BUILD)

fuzz:
	@sh scripts/install-deps.sh fuzz
	@$(MAKE) --no-print-directory -f tests/fuzz/Makefile all

fuzz-run:
	@sh scripts/install-deps.sh fuzz
	@$(MAKE) --no-print-directory -f tests/fuzz/Makefile fuzz-run

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/ailife
	install -m 0644 doc/ailife.1 $(DESTDIR)$(PREFIX)/share/man/man1/ailife.1
	install -m 0644 scripts/ailife.bash-completion $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ailife
	install -m 0644 scripts/_ailife $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ailife
	install -m 0644 scripts/ailife.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ailife.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ailife $(DESTDIR)$(PREFIX)/share/man/man1/ailife.1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ailife \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ailife \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ailife.fish

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:%=%.d) $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/fuzz/%.d)
