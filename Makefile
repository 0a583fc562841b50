# LISP for Linux: lisp.ko, lispd, the iproute2 plugin, tests and the demo.
#
#   make              build everything (KDIR=... to pick the kernel tree)
#   make deps         install the Debian packages everything here needs
#   make install      lispd, the ip plugin, man pages, unit, completion and
#                     the DKMS source (PREFIX=/usr/local, DESTDIR=; see
#                     mk/install.mk); make uninstall removes them
#   make deb          Debian packages lisp-dkms and lispd in build/deb
#   make check        unit tests + VM selftests + DKMS build, then a summary
#   make check-kernels    the full VM selftests on every kernel of the
#                     matrix (scripts/kernels.sh), with their builds and DKMS
#   make demo         boot a VM and show a lisp0 device
#   make selftest T=dev_create.sh     one selftest in the VM
#   make vm-shell     a shell inside the test VM
#   make bench        LPM and data-plane benchmarks, with baselines
#   make soak         the fault tests, long and with SLUB debugging, on
#                     every kernel of the matrix (scripts/soak.sh)
#   make sparse | checkpatch          kernel code checks
#   make clean        remove build output (keeps the kernels' chroot)
#   make distclean    ... and build/kernels too

.DEFAULT_GOAL := all
KDIR ?= $(shell scripts/find-kdir.sh)
BUILD := build

CC ?= cc
USER_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
	-Wshadow -Wstrict-prototypes -Wmissing-prototypes -Iuapi -Iagent
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
# Benchmarks time release code (no assert()); -mpopcnt as the kernel's
# hweight64() is patched to popcnt.
BENCH_CFLAGS := -DNDEBUG -mpopcnt
# libFuzzer needs clang.  The code under test gets fuzzer-no-link (the
# coverage hooks); only a fuzz target links libFuzzer's main().
FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror \
	-Iuapi -Iagent -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SAN := address,undefined

# lispd: every .c under agent/ but the ip plugin (agent/iproute2/, below).
AGENT_SRCS := $(sort $(filter-out agent/iproute2/%,$(shell find agent -name '*.c')))

# The agent's pure/I-O split, made here and nowhere else, by folder.
# PURE code is archived in build/lib/libpure-*.a and linked into the
# unit tests, fuzzers and benchmarks (and lispd); I/O code -- sockets,
# epoll, netlink/libmnl, getrandom(), files, stderr, the daemon's
# process-wide state -- goes into lispd only, and tests stub what they
# need of it.  Every .c of a pure folder is pure, every .c of an I/O
# folder is I/O; a new folder must be put in one list.
#   lib/ words, JSON/text printer, addresses; proto/ the codec;
#   ms/ Map-Server/Resolver; itr/ the ITR resolver and lig's output;
#   dyneid/ the hosts of roaming prefixes (dynamic EIDs).
AGENT_PURE_DIRS := lib proto ms itr dyneid
#   cli/ the command line; kernel/ generic netlink to lisp.ko (libmnl);
#   daemon/ "lispd run": sockets, epoll, control socket, log, roles.
AGENT_IO_DIRS := cli kernel daemon
#   daemon/ is the one mixed folder: the pure parts of "lispd run" that
#   the unit tests link (configuration parser and checks, the ETR's
#   messages and SMR targets, the timer list, the send queue) are listed here.
AGENT_PURE_DAEMON := $(addprefix agent/daemon/,conf.c conf_check.c \
	conf_cmd.c conf_util.c conf_word.c etr_msg.c etr_smr.c timer.c txq.c)

agent_dir_srcs = $(sort $(wildcard $(addprefix agent/,$(addsuffix /*.c,$(1)))))
PURE_SRCS := $(call agent_dir_srcs,$(AGENT_PURE_DIRS)) $(AGENT_PURE_DAEMON)
AGENT_IO_SRCS := $(filter-out $(AGENT_PURE_DAEMON),$(call agent_dir_srcs,$(AGENT_IO_DIRS)))
# A folder in neither list, or a listed file that is gone, is an error:
# nothing turns pure or I/O unnoticed.
AGENT_DIRS := $(sort $(patsubst agent/%/,%,$(dir $(AGENT_SRCS))))
ifneq ($(filter-out $(AGENT_PURE_DIRS) $(AGENT_IO_DIRS),$(AGENT_DIRS)),)
$(error agent/ folders neither pure nor I/O (Makefile): $(filter-out $(AGENT_PURE_DIRS) $(AGENT_IO_DIRS),$(AGENT_DIRS)))
endif
ifneq ($(filter-out $(AGENT_SRCS),$(AGENT_PURE_DAEMON)),)
$(error AGENT_PURE_DAEMON names files that are gone: $(filter-out $(AGENT_SRCS),$(AGENT_PURE_DAEMON)))
endif

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h) kmod/Kbuild

# Every source is compiled once per flavour, to $(OBJ)/FLAVOUR/path.o,
# and the pure objects are archived per flavour; a binary links its own
# .c with the archive, which gives it only the members it uses.
#   plain  lispd, with the I/O objects          USER_CFLAGS
#   san    unit tests, tests/host helpers       USER_CFLAGS SAN_CFLAGS
#   bench  benchmarks                           USER_CFLAGS BENCH_CFLAGS
#   fuzz   fuzz targets (FUZZ_CC)               FUZZ_CFLAGS
# Header dependencies come from the compiler (-MMD), so they follow the
# #includes, e.g. agent/ms/lpm_user.c including kmod/lpm.c.
OBJ := $(BUILD)/obj
DEP_CFLAGS := -MMD -MP
# A binary compiled and linked in one command keeps them in .NAME.d.
BIN_DEP_CFLAGS = -MMD -MP -MT $@ -MF $(@D)/.$(@F).d
pure_objs = $(PURE_SRCS:%.c=$(OBJ)/$(1)/%.o)
IO_OBJS := $(AGENT_IO_SRCS:%.c=$(OBJ)/plain/%.o)
LIBPURE_PLAIN := $(BUILD)/lib/libpure-plain.a
LIBPURE_SAN := $(BUILD)/lib/libpure-san.a
LIBPURE_BENCH := $(BUILD)/lib/libpure-bench.a
LIBPURE_FUZZ := $(BUILD)/lib/libpure-fuzz.a

# Per-concern build fragments (fuzz targets, benchmarks, ...).
-include mk/*.mk

.PHONY: all module agent plugin deps check check-kernels distclean unit vm-check selftest vm-shell \
	demo bench soak dkms-check deb deb-dkms-tarball sparse checkpatch clean

all: module agent plugin selftest-tools

module: kmod/lisp.ko
kmod/lisp.ko: $(KMOD_SRCS) uapi/linux/lisp.h dkms.conf
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod W=1 modules

# The version lives in one place, dkms.conf's PACKAGE_VERSION: DKMS needs
# it there as a literal (the file is shipped as is), kmod/Kbuild reads it
# for MODULE_VERSION, and lispd --version gets it from here.
VERSION := $(shell scripts/version.sh)
ifeq ($(VERSION),)
$(error dkms.conf has no PACKAGE_VERSION)
endif
$(OBJ)/plain/agent/cli/main.o: USER_CFLAGS += -DLISPD_VERSION='"$(VERSION)"'
$(OBJ)/plain/agent/cli/main.o: dkms.conf

agent: $(BUILD)/lispd
$(BUILD)/lispd: $(IO_OBJS) $(LIBPURE_PLAIN) | $(BUILD)
	$(CC) $(USER_CFLAGS) $(CFLAGS) $(LDFLAGS) -pthread -o $@ $(IO_OBJS) $(LIBPURE_PLAIN) -lmnl -lcrypto

plugin: $(BUILD)/link_lisp.so
# The plugin parses the attributes with lispd's own code: these sources,
# built into it, hidden from ip (only lisp_link_util is exported).
PLUGIN_SRCS := agent/iproute2/link_lisp.c agent/lib/link_opts.c agent/lib/word.c \
	agent/lib/addr.c agent/lib/bits.c agent/lib/strbuf.c agent/proto/addr.c \
	agent/proto/addr_str.c
$(BUILD)/link_lisp.so: $(PLUGIN_SRCS) $(wildcard agent/*/*.h) uapi/linux/lisp.h | $(BUILD)
	$(CC) $(USER_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -fPIC -shared \
		-fvisibility=hidden -o $@ $(PLUGIN_SRCS)

$(BUILD):
	mkdir -p $@

# One object per source and flavour (the table above).  What is
# installed (lispd, the plugin: the plain flavour) also takes the
# builder's CPPFLAGS, CFLAGS and LDFLAGS, as packagers expect (Debian's
# hardening flags come that way; empty otherwise).
$(OBJ)/plain/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(DEP_CFLAGS) -c -o $@ $<
$(OBJ)/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) $(DEP_CFLAGS) -c -o $@ $<
$(OBJ)/bench/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(BENCH_CFLAGS) $(DEP_CFLAGS) -c -o $@ $<
$(OBJ)/fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) \
		$(DEP_CFLAGS) -c -o $@ $<

$(LIBPURE_PLAIN): $(call pure_objs,plain)
$(LIBPURE_SAN): $(call pure_objs,san)
$(LIBPURE_BENCH): $(call pure_objs,bench)
$(LIBPURE_FUZZ): $(call pure_objs,fuzz)
# The pure set as a file, rewritten (at parse time) only when it changes:
# moving a file in or out of AGENT_IO_SRCS remakes the archives and
# relinks what uses them, though no object is newer.
PURE_LIST := $(BUILD)/lib/pure-srcs
$(shell mkdir -p $(BUILD)/lib && echo '$(PURE_SRCS)' | cmp -s - $(PURE_LIST) \
	|| echo '$(PURE_SRCS)' >$(PURE_LIST))
# Made afresh, so that no member outlives its source.
$(BUILD)/lib/%.a: $(PURE_LIST)
	rm -f $@ && $(AR) rcs $@ $(filter %.o,$^)

# Unit tests: plain user-space C with ASan/UBSan, TAP on stdout.
$(BUILD)/unit/%: tests/unit/%.c $(LIBPURE_SAN)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) -Itests/unit $(BIN_DEP_CFLAGS) \
		-o $@ $< $(LIBPURE_SAN) -lcrypto

unit: $(UNIT_BINS)
	@scripts/run-unit.sh $(UNIT_BINS)

# The header dependencies the compiler wrote on earlier builds.
-include $(shell find $(OBJ) -name '*.d' 2>/dev/null) \
	$(wildcard $(BUILD)/.*.d $(BUILD)/unit/.*.d)

# make check builds on every core; the tests themselves run one by one.
NPROC := $(shell nproc 2>/dev/null || echo 1)

deps:
	scripts/install-deps.sh

check: deps
	$(MAKE) -j$(NPROC) all
	scripts/check.sh

check-kernels: deps
	$(MAKE) -j$(NPROC) all
	scripts/check.sh --kernels

vm-check: all
	selftests/vm/run-vm.sh

selftest: all
	selftests/vm/run-vm.sh $(T)

vm-shell: all
	selftests/vm/run-vm.sh --shell

demo: deps
	$(MAKE) all
	scripts/demo.sh

bench: deps
	$(MAKE) all
	scripts/bench.sh

soak: deps
	$(MAKE) all
	scripts/soak.sh

dkms-check:
	scripts/dkms-check.sh

# The Debian packages lisp-dkms and lispd in build/deb (packaging/debian).
deb:
	scripts/make-deb.sh

# DKMS's binaries-only tarball of that module for every prepared kernel
# of the matrix, which selftests/pkg_installed.sh gives the package
# (scripts/dkms-tarball.sh).
deb-dkms-tarball:
	scripts/dkms-tarball.sh

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod C=2 CF="-D__CHECK_ENDIAN__" W=1 modules

checkpatch:
	scripts/lint-kernel.sh checkpatch

# build/kernels holds the kernels' chroot (1.5 GB, minutes to remake):
# only distclean removes it.
clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean
	-find $(BUILD) -mindepth 1 -maxdepth 1 ! -name kernels -exec rm -rf {} +

distclean: clean
	if mountpoint -q $(BUILD)/kernels/trixie-root/proc; then \
		umount $(BUILD)/kernels/trixie-root/proc; fi
	rm -rf --one-file-system $(BUILD)
