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
               libmicrohttpd-dev ca-certificates openssl curl jq

.PHONY: all deps check demo bench install clean soak
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
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_E2E)

_install:
	@$(MAKE) --no-print-directory -j$(J) VARIANT=normal _build
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/origo/themes" "$(DESTDIR)$(PREFIX)/share/man/man1"
	install -m 0755 build/normal/origo "$(DESTDIR)$(PREFIX)/bin/origo"
	install -m 0644 themes/*.theme "$(DESTDIR)$(PREFIX)/share/origo/themes/"
	install -m 0644 origo.1 "$(DESTDIR)$(PREFIX)/share/man/man1/origo.1"
