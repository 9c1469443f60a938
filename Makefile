# origo: build, test, demo, bench, install.
#
# Every public target first runs `deps`, which installs the Debian packages the
# build and the tests need (as root) or says which ones to install. The real
# work happens in a sub-make so that pkg-config is only asked once the
# packages are there.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
V       ?= 0

DEB_PACKAGES = gcc make pkg-config libncurses-dev libcurl4-openssl-dev \
               libcjson-dev libconfig-dev libcmocka-dev libvterm-dev \
               libmicrohttpd-dev ca-certificates openssl curl jq \
               clang libclang-rt-14-dev

.PHONY: all deps check demo bench install clean fuzz fuzz-known
all: deps
	@$(MAKE) --no-print-directory _all

check: deps
	@$(MAKE) --no-print-directory _check

demo: deps
	@$(MAKE) --no-print-directory _demo

bench: deps
	@$(MAKE) --no-print-directory _bench

install: deps
	@$(MAKE) --no-print-directory _install

fuzz: deps
	@$(MAKE) --no-print-directory _fuzz

fuzz-known: deps
	@$(MAKE) --no-print-directory VARIANT=asan _fuzz_known

clean:
	rm -rf build origo

# Installs only what is missing, so a second run costs one dpkg query.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	      || { echo "deps: apt-get install failed"; exit 1; }; \
	  else \
	    echo "deps: missing Debian packages:$$missing"; \
	    echo "deps: run as root: apt-get install$$missing"; exit 1; \
	  fi; \
	fi

# ---------------------------------------------------------------------------
# Below: the real build, reached through the sub-make above. Variables that ask
# pkg-config are recursive (=) so they are expanded only here, after deps.

VARIANT ?= normal
B       := build/$(VARIANT)
J       ?= $(shell nproc 2>/dev/null || echo 2)

PKGS_APP  = ncursesw libcurl libcjson libconfig
PKGS_TEST = cmocka vterm libmicrohttpd libcurl libcjson libconfig
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS_APP) $(PKGS_TEST))
LIBS_APP   = $(shell pkg-config --libs $(PKGS_APP)) -lpthread
LIBS_NET   = $(shell pkg-config --libs libcurl libcjson libconfig) -lpthread
LIBS_TEST  = $(shell pkg-config --libs cmocka libcurl libcjson libconfig) -lpthread
LIBS_E2E   = $(shell pkg-config --libs cmocka vterm libcurl libcjson) -lpthread -lutil
LIBS_EMU   = $(shell pkg-config --libs libmicrohttpd libcjson) -lpthread

WARN    = -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
OPT_normal = -O2 -g
OPT_asan   = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
OPT_tsan   = -O1 -g -fsanitize=thread
OPT     = $(OPT_$(VARIANT))
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(WARN) $(OPT) $(PKG_CFLAGS) -I. \
             -DORIGO_VERSION='"$(VERSION)"' -DORIGO_DATADIR='"$(PREFIX)/share/origo"'
LDFLAGS_ALL = $(filter -fsanitize=%,$(OPT))
VERSION = 0.1.0

MODEL_SRC = $(wildcard model/*.c)
NET_SRC   = $(wildcard net/*.c)
TUI_SRC   = $(filter-out tui/main.c,$(wildcard tui/*.c))
EMU_SRC   = $(wildcard tests/emu/*.c)
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
E2E_SRC   = $(wildcard tests/e2e/e2e_*.c)
E2E_LIB   = $(filter-out $(E2E_SRC),$(wildcard tests/e2e/*.c))

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))
MODEL_OBJ = $(call obj,$(MODEL_SRC))
NET_OBJ   = $(call obj,$(NET_SRC))
TUI_OBJ   = $(call obj,$(TUI_SRC))
EMU_OBJ   = $(call obj,$(EMU_SRC))
E2E_LIB_OBJ = $(call obj,$(E2E_LIB))

ORIGO_BIN = $(B)/origo
EMU_BIN   = $(B)/origo-emu
UNIT_BINS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
E2E_BINS  = $(patsubst tests/e2e/%.c,$(B)/tests/%,$(E2E_SRC))

.PHONY: _all _check _demo _bench _install _build _tests
_all: _build
	@ln -sf $(ORIGO_BIN) origo

_build: $(ORIGO_BIN) $(EMU_BIN)
_tests: _build $(UNIT_BINS) $(E2E_BINS)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(filter 1,$(V)),,echo "  CC [$(VARIANT)] $<";)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(ORIGO_BIN): $(call obj,tui/main.c) $(TUI_OBJ) $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_APP)

$(EMU_BIN): $(EMU_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_EMU)

# Unit tests link the model and the network layer; test_tui_* also the views'
# logic (everything of tui/ but main).
$(B)/tests/test_tui_%: $(B)/obj/tests/unit/test_tui_%.o $(TUI_OBJ) $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_TEST) $(shell pkg-config --libs ncursesw)

$(B)/tests/test_%: $(B)/obj/tests/unit/test_%.o $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_TEST)

$(B)/tests/e2e_%: $(B)/obj/tests/e2e/e2e_%.o $(E2E_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_E2E)

$(B)/tests/bench_origo: $(call obj,tests/bench/bench_origo.c) $(E2E_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_E2E)

# The themes folder is compiled in from PREFIX: rebuild theme.o when it changes,
# so `make install PREFIX=/usr` never ships a binary looking in /usr/local.
PREFIX_STAMP = $(B)/prefix$(subst /,_,$(PREFIX)).stamp
$(B)/obj/tui/theme.o: $(PREFIX_STAMP)
$(PREFIX_STAMP):
	@mkdir -p $(B) && rm -f $(B)/prefix*.stamp && touch $@

-include $(shell find build -name '*.d' 2>/dev/null)

# The threaded code under TSan: the worker and the adapters with token caches.
TSAN_TESTS = test_worker test_yandex test_edgio

# make check: every suite plain, then under ASan+UBSan, then the worker under TSan.
_check:
	@rm -f build/results.txt
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal _tests
	@$(MAKE) --no-print-directory -j$(J) VARIANT=asan _tests
	@$(MAKE) --no-print-directory -j$(J) VARIANT=tsan $(addprefix build/tsan/tests/,$(TSAN_TESTS))
	@$(MAKE) --no-print-directory -j$(J) VARIANT=asan _fuzz_replay
	@ln -sf build/normal/origo origo
	@ORIGO_TSAN_TESTS="$(TSAN_TESTS)" tests/run-suites.sh build

_demo:
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal _build
	@tests/demo.sh build/normal

_bench:
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal _build build/normal/tests/bench_origo
	@build/normal/tests/bench_origo build/normal

_install:
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal _build
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/origo/themes" "$(DESTDIR)$(PREFIX)/share/man/man1"
	install -m 0755 build/normal/origo "$(DESTDIR)$(PREFIX)/bin/origo"
	install -m 0644 themes/*.theme "$(DESTDIR)$(PREFIX)/share/origo/themes/"
	install -m 0644 origo.1 "$(DESTDIR)$(PREFIX)/share/man/man1/origo.1"

# ---------------------------------------------------------------------------
# Fuzzing (tests/fuzz/): one libFuzzer harness per parser of untrusted input.
# `make fuzz` builds them with clang (VARIANT=fuzz: ASan+UBSan, libFuzzer's
# coverage) and runs each for FUZZ_SECONDS, growing a corpus in build/fuzz/
# from the committed one. `make check` replays the committed corpus through
# the same harnesses built with gcc under ASan+UBSan (tests/fuzz/replay.c).
FUZZ_SECONDS ?= 60
FUZZ_SRC   = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES = $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC))
OPT_fuzz   = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
             -fno-sanitize-recover=undefined

.PHONY: _fuzz _fuzz_build _fuzz_replay _fuzz_known
# kept between runs (make would delete them as intermediate files)
.SECONDARY: $(call obj,$(FUZZ_SRC) tests/fuzz/replay.c)
_fuzz_replay: $(addprefix $(B)/tests/,$(FUZZ_NAMES))

$(B)/tests/fuzz_%: $(B)/obj/tests/fuzz/fuzz_%.o $(B)/obj/tests/fuzz/replay.o $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_TEST)

$(B)/fuzzers/fuzz_%: $(B)/obj/tests/fuzz/fuzz_%.o $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS_TEST)

_fuzz_build: $(addprefix $(B)/fuzzers/,$(FUZZ_NAMES))

# Each harness in turn (nice: the machine is shared); its last line is
# libFuzzer's final stats (execs, cov, ft), also kept in build/fuzz/<name>.log.
_fuzz:
	@$(MAKE) --no-print-directory -j$(J) VARIANT=fuzz CC=clang _fuzz_build
	@set -e; for h in $(FUZZ_NAMES); do \
	  mkdir -p build/fuzz/corpus/$$h build/fuzz/artifacts; \
	  echo "fuzz: $$h for $(FUZZ_SECONDS)s"; \
	  ORIGO_SRCDIR=$(CURDIR) UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/e2e/lsan.supp:print_suppressions=0 \
	    nice -n 10 build/fuzz/fuzzers/$$h -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/$$h- \
	    build/fuzz/corpus/$$h tests/fuzz/corpus/$${h#fuzz_} >build/fuzz/$$h.log 2>&1 \
	    || { tail -n 40 build/fuzz/$$h.log; echo "fuzz: $$h found a crash (build/fuzz/artifacts/)"; exit 1; }; \
	  grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss' build/fuzz/$$h.log | tr '\n' ' '; echo; \
	done

# `make fuzz-known`: the inputs of tests/fuzz/known/ (bugs fixed on another
# branch, which the harnesses otherwise leave alone) judged by harnesses built
# with -DFUZZ_JUDGE_KNOWN; <harness>-*.ext goes to fuzz_<harness>. It passes
# once those fixes are in; then the filters and this target can go.
$(B)/judge/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DFUZZ_JUDGE_KNOWN $(LDFLAGS_ALL) -o $@ $^ $(LIBS_TEST)

_fuzz_known: $(addprefix $(B)/judge/,$(FUZZ_NAMES))
	@bad=0; for f in tests/fuzz/known/*; do \
	  n=$${f##*/}; h=fuzz_$${n%%-*}; \
	  if LSAN_OPTIONS=suppressions=$(CURDIR)/tests/e2e/lsan.supp $(B)/judge/$$h $$f >$(B)/judge/$$n.log 2>&1; \
	  then echo "fuzz-known: $$n ok"; \
	  else echo "fuzz-known: $$n FAILS: $$(grep -m1 -E 'invariant|ERROR' $(B)/judge/$$n.log | cut -c1-160)"; bad=1; fi; \
	done; exit $$bad
