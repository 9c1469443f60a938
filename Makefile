# origo: build, install, test, demo, bench, package.
#
# `make` and `make install` build origo alone, as the user who runs them; when
# a build dependency is missing they say which Debian packages to install.
# `make check`, `make demo`, `make bench` and `make deb` first run `deps`, which
# installs the Debian packages the build and the tests need (as root) or says
# which ones to install. The real work happens in a sub-make so that pkg-config
# is only asked once the packages are there.
#
# Packagers: CC, CPPFLAGS, CFLAGS, LDFLAGS and LDLIBS are the user's and come
# after the project's own flags on every compile and link (so dpkg-buildflags'
# hardening reaches them all); PREFIX and DESTDIR place `make install`;
# V=1 shows whole command lines. -Werror is only for `make check`.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/origo
MANDIR   = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/vendor-completions
CC      ?= cc
CPPFLAGS ?=
CFLAGS  ?=
LDFLAGS ?=
LDLIBS  ?=
V       ?= 0

DEB_PACKAGES = gcc make pkg-config libncurses-dev libcurl4-openssl-dev \
               libcjson-dev libconfig-dev libcmocka-dev libvterm-dev \
               libmicrohttpd-dev ca-certificates openssl curl jq \
               dpkg-dev debhelper fakeroot lintian mandoc zsh \
               clang libclang-rt-14-dev

# What `make` itself needs: pkg-config module, then its Debian package.
APP_BUILD_DEPS = ncursesw:libncurses-dev libcurl:libcurl4-openssl-dev \
                 libcjson:libcjson-dev libconfig:libconfig-dev

.PHONY: all deps build-deps check demo bench deb install uninstall clean fuzz soak
all: build-deps
	@$(MAKE) --no-print-directory _all

check: deps
	@$(MAKE) --no-print-directory _check

demo: deps
	@$(MAKE) --no-print-directory _demo

bench: deps
	@$(MAKE) --no-print-directory _bench

deb: deps
	@$(MAKE) --no-print-directory _deb

install: build-deps
	@$(MAKE) --no-print-directory VARIANT=normal _install

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/origo" "$(DESTDIR)$(MANDIR)/man1/origo.1" \
	      "$(DESTDIR)$(BASHCOMPDIR)/origo" "$(DESTDIR)$(ZSHCOMPDIR)/_origo"
	for t in $(notdir $(wildcard themes/*.theme)); do rm -f "$(DESTDIR)$(DATADIR)/themes/$$t"; done
	@rmdir "$(DESTDIR)$(DATADIR)/themes" "$(DESTDIR)$(DATADIR)" 2>/dev/null || true

fuzz: deps
	@$(MAKE) --no-print-directory _fuzz

# Not part of check: 1,000 toggles with injected faults (tests/README.md).
soak: deps
	@$(MAKE) --no-print-directory _soak

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

# Only checks (never installs) what building origo needs, and names the
# Debian packages that provide what is missing.
build-deps:
	@command -v pkg-config >/dev/null 2>&1 || { \
	  echo "origo: building needs pkg-config; install it first: apt-get install pkg-config"; exit 1; }; \
	missing=""; for d in $(APP_BUILD_DEPS); do \
	  pkg-config --exists "$${d%%:*}" || missing="$$missing $${d#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "origo: missing build dependencies; install them first: apt-get install$$missing"; exit 1; \
	fi

# ---------------------------------------------------------------------------
# Below: the real build, reached through the sub-make above. Variables that ask
# pkg-config are recursive (=) so they are expanded only here, after deps.

VARIANT ?= normal
B       := build/$(VARIANT)
J       ?= $(shell nproc 2>/dev/null || echo 2)

PKGS_APP  = ncursesw libcurl libcjson libconfig
PKGS_TEST = cmocka vterm libmicrohttpd libcurl libcjson libconfig
# The application's objects need only its own libraries' flags, so that `make`
# works without the test libraries; tests/ objects add theirs.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS_APP))
$(B)/obj/tests/%.o: PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS_APP) $(PKGS_TEST))
LIBS_APP   = $(shell pkg-config --libs $(PKGS_APP)) -lpthread
LIBS_NET   = $(shell pkg-config --libs libcurl libcjson libconfig) -lpthread
LIBS_TEST  = $(shell pkg-config --libs cmocka libcurl libcjson libconfig) -lpthread
LIBS_E2E   = $(shell pkg-config --libs cmocka vterm libcurl libcjson) -lpthread -lutil
LIBS_EMU   = $(shell pkg-config --libs libmicrohttpd libcjson) -lpthread

# -Werror only when the project checks itself (make check sets WERROR).
WERROR  ?=
WARN    = -Wall -Wextra -Wpedantic $(WERROR) -Wshadow -Wstrict-prototypes -Wno-unused-parameter
OPT_normal = -O2 -g
OPT_asan   = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
OPT_tsan   = -O1 -g -fsanitize=thread
OPT     = $(OPT_$(VARIANT))
# The project's flags first, the user's after them (they win where they clash).
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(WARN) $(OPT) $(PKG_CFLAGS) -I. \
             -DORIGO_VERSION='"$(VERSION)"' -DORIGO_DATADIR='"$(DATADIR)"' \
             $(CPPFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(filter -fsanitize=%,$(OPT)) $(CFLAGS) $(LDFLAGS)
VERSION = 0.1.0

# V=1: whole command lines; otherwise one short line a file.
ifeq ($(V),1)
say =
else
say = @echo "  $(1) [$(VARIANT)] $(2)";
endif
# $(call link,LIBS): one link line, the user's CFLAGS and LDFLAGS included.
link = $(call say,LD,$@)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(1) $(LDLIBS)

MODEL_SRC = $(wildcard model/*.c)
NET_SRC   = $(wildcard net/*.c net/*/*.c)
TUI_SRC   = $(filter-out tui/main.c,$(wildcard tui/*.c tui/views/*.c))
EMU_SRC   = $(wildcard tests/emu/*.c)
LISTENERS_SRC = $(wildcard tests/listeners/*.c)
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
E2E_SRC   = $(wildcard tests/e2e/e2e_*.c)
E2E_LIB   = $(filter-out $(E2E_SRC),$(wildcard tests/e2e/*.c))

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))
MODEL_OBJ = $(call obj,$(MODEL_SRC))
NET_OBJ   = $(call obj,$(NET_SRC))
TUI_OBJ   = $(call obj,$(TUI_SRC))
EMU_OBJ   = $(call obj,$(EMU_SRC))
LISTENERS_OBJ = $(call obj,$(LISTENERS_SRC))
E2E_LIB_OBJ = $(call obj,$(E2E_LIB))

ORIGO_BIN = $(B)/origo
EMU_BIN   = $(B)/origo-emu
LISTENERS_BIN = $(B)/origo-listeners
UNIT_BINS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
E2E_BINS  = $(patsubst tests/e2e/%.c,$(B)/tests/%,$(E2E_SRC))

.PHONY: _all _check _demo _bench _deb _install _build _tests
# `make` builds origo alone: the emulator and the tests are for check and demo.
_all: $(ORIGO_BIN)
	@ln -sf $(ORIGO_BIN) origo

_build: $(ORIGO_BIN) $(EMU_BIN) $(LISTENERS_BIN)
_tests: _build $(UNIT_BINS) $(E2E_BINS)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(ORIGO_BIN): $(call obj,tui/main.c) $(TUI_OBJ) $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(call link,$(LIBS_APP))

$(EMU_BIN): $(EMU_OBJ)
	@mkdir -p $(dir $@)
	$(call link,$(LIBS_EMU))

# Loopback origins for probes (tests/listeners/): the e2e tests and make demo.
$(LISTENERS_BIN): $(LISTENERS_OBJ)
	@mkdir -p $(dir $@)
	$(call link,-lpthread)

# Unit tests link the model and the network layer; test_tui_* also the views'
# logic (everything of tui/ but main).
$(B)/tests/test_tui_%: $(B)/obj/tests/unit/test_tui_%.o $(TUI_OBJ) $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(call link,$(LIBS_TEST) $(shell pkg-config --libs ncursesw))

$(B)/tests/test_%: $(B)/obj/tests/unit/test_%.o $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(call link,$(LIBS_TEST))

$(B)/tests/e2e_%: $(B)/obj/tests/e2e/e2e_%.o $(E2E_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(call link,$(LIBS_E2E))

$(B)/tests/bench_origo: $(call obj,tests/bench/bench_origo.c) $(E2E_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(call link,$(LIBS_E2E))

# The themes folder is compiled in from PREFIX (DATADIR): rebuild theme.o when
# it changes, so `make install PREFIX=/usr` never ships a binary looking in
# /usr/local.
PREFIX_STAMP = $(B)/prefix$(subst /,_,$(DATADIR)).stamp
$(B)/obj/tui/theme.o: $(PREFIX_STAMP)
$(PREFIX_STAMP):
	@mkdir -p $(B) && rm -f $(B)/prefix*.stamp && touch $@

-include $(shell find build -name '*.d' 2>/dev/null)

# The threaded code under TSan: the worker, the adapters with token caches and
# the Gcore list pages read on helper threads.
TSAN_TESTS = test_worker test_yandex test_edgio test_gcore_pages

# make check: every suite plain, then under ASan+UBSan, then the worker under TSan.
_check:
	@rm -f build/results.txt
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal WERROR=-Werror _tests
	@$(MAKE) --no-print-directory -j$(J) VARIANT=asan WERROR=-Werror _tests
	@$(MAKE) --no-print-directory -j$(J) VARIANT=tsan WERROR=-Werror $(addprefix build/tsan/tests/,$(TSAN_TESTS))
	@$(MAKE) --no-print-directory -j$(J) VARIANT=asan WERROR=-Werror _fuzz_replay
	@ln -sf build/normal/origo origo
	@ORIGO_TSAN_TESTS="$(TSAN_TESTS)" tests/run-suites.sh build

_demo:
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal _build
	@tests/demo.sh build/normal

_bench:
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal _build build/normal/tests/bench_origo
	@build/normal/tests/bench_origo build/normal

_soak:
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal _build build/normal/tests/soak_origo
	@build/normal/tests/soak_origo $(SOAK_TOGGLES)

$(B)/tests/soak_origo: $(call obj,tests/soak/soak_origo.c) $(E2E_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(call link,$(LIBS_E2E))

_install:
	@$(MAKE) --no-print-directory -j$(J) $(ORIGO_BIN)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(DATADIR)/themes" "$(DESTDIR)$(MANDIR)/man1" \
	           "$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(ZSHCOMPDIR)"
	install -m 0755 $(ORIGO_BIN) "$(DESTDIR)$(BINDIR)/origo"
	install -m 0644 themes/*.theme "$(DESTDIR)$(DATADIR)/themes/"
	install -m 0644 origo.1 "$(DESTDIR)$(MANDIR)/man1/origo.1"
	install -m 0644 completion/origo.bash "$(DESTDIR)$(BASHCOMPDIR)/origo"
	install -m 0644 completion/_origo "$(DESTDIR)$(ZSHCOMPDIR)/_origo"

# make deb: dpkg-buildpackage on a copy of the tree in $(DEB_OUT)/, so the
# package lands there (dpkg-buildpackage writes to the parent folder) and the
# tree itself stays clean. A copy also goes where dpkg-buildpackage would put
# it (..), unless DEB_COPY_TO is empty.
DEB_OUT     ?= build/deb
DEB_COPY_TO ?= ..
DEB_TREE     = $(DEB_OUT)/origo-$(VERSION)
_deb:
	@rm -rf "$(DEB_OUT)" && mkdir -p "$(DEB_TREE)"
	@cp -a $(filter-out build origo,$(wildcard *)) "$(DEB_TREE)/"
	cd "$(DEB_TREE)" && dpkg-buildpackage -us -uc -b -Jauto
	@rm -rf "$(DEB_TREE)"
	@$(if $(DEB_COPY_TO),cp $(DEB_OUT)/origo_$(VERSION)_*.deb "$(DEB_COPY_TO)/" &&) \
	 for d in $(DEB_OUT)/origo_$(VERSION)_*.deb; do echo "deb: $$d$(if $(DEB_COPY_TO), (also in $(DEB_COPY_TO)/))"; done

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

.PHONY: _fuzz _fuzz_build _fuzz_replay
# kept between runs (make would delete them as intermediate files)
.SECONDARY: $(call obj,$(FUZZ_SRC) tests/fuzz/replay.c)
_fuzz_replay: $(addprefix $(B)/tests/,$(FUZZ_NAMES))

$(B)/tests/fuzz_%: $(B)/obj/tests/fuzz/fuzz_%.o $(B)/obj/tests/fuzz/replay.o $(NET_OBJ) $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	$(call link,$(LIBS_TEST))

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
