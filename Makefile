# LISP for Linux: lisp.ko, lispd, the iproute2 plugin, tests and the demo.
#
#   make              build everything (KDIR=... to pick the kernel tree)
#   make deps         install the Debian packages everything here needs
#   make check        unit tests + VM selftests + DKMS build, then a summary
#   make demo         boot a VM and show a lisp0 device
#   make selftest T=dev_create.sh     one selftest in the VM
#   make vm-shell     a shell inside the test VM
#   make bench        LPM and data-plane benchmarks, with baselines
#   make sparse | checkpatch          kernel code checks

.DEFAULT_GOAL := all
KDIR ?= $(shell scripts/find-kdir.sh)
BUILD := build

CC ?= cc
USER_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
	-Wshadow -Wstrict-prototypes -Wmissing-prototypes -Iuapi -Iagent
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

PROTO_SRCS := $(wildcard agent/proto/*.c agent/ms/*.c)
# Code without sockets or global state, linked into the unit tests too.
PURE_SRCS := $(PROTO_SRCS) agent/json.c agent/word.c agent/map_entry.c
AGENT_SRCS := $(wildcard agent/*.c)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
HDRS := $(wildcard uapi/linux/*.h agent/*.h agent/proto/*.h tests/unit/*.h)
KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h) Kbuild

# Per-concern build fragments (fuzz targets, benchmarks, ...).
-include mk/*.mk

.PHONY: all module agent plugin deps check unit vm-check selftest vm-shell \
	demo bench dkms-check sparse checkpatch clean

all: module agent plugin

module: lisp.ko
lisp.ko: $(KMOD_SRCS) uapi/linux/lisp.h dkms.conf
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

agent: $(BUILD)/lispd
$(BUILD)/lispd: $(AGENT_SRCS) $(PROTO_SRCS) $(HDRS) | $(BUILD)
	$(CC) $(USER_CFLAGS) -o $@ $(AGENT_SRCS) $(PROTO_SRCS) -lmnl -lcrypto

plugin: $(BUILD)/link_lisp.so
$(BUILD)/link_lisp.so: agent/iproute2/link_lisp.c agent/iproute2/iproute2_abi.h uapi/linux/lisp.h | $(BUILD)
	$(CC) $(USER_CFLAGS) -fPIC -shared -o $@ $<

$(BUILD):
	mkdir -p $@

# Unit tests: plain user-space C with ASan/UBSan, TAP on stdout.
$(BUILD)/unit/%: tests/unit/%.c $(PURE_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) -Itests/unit -o $@ $< $(PURE_SRCS) -lcrypto

unit: $(UNIT_BINS)
	@scripts/run-unit.sh $(UNIT_BINS)

deps:
	scripts/install-deps.sh

check: deps
	$(MAKE) all
	scripts/check.sh

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

dkms-check:
	scripts/dkms-check.sh

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 CF="-D__CHECK_ENDIAN__" W=1 modules

checkpatch:
	scripts/lint-kernel.sh checkpatch

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(BUILD)
