# LPM table micro-benchmark: kmod/lpm.c built in user space, -O2, no
# sanitizers; -mpopcnt as the kernel's hweight64() is patched to popcnt.
#   make bench-lpm       1k/100k/1M random IPv4 and IPv6 prefixes (~20 s)

LPM_SRCS := kmod/lpm.c kmod/lpm.h kmod/lpm_platform.h

$(BUILD)/lpm_bench: bench/lpm_bench.c $(LPM_SRCS) | $(BUILD)
	$(CC) $(USER_CFLAGS) -DNDEBUG -mpopcnt -o $@ bench/lpm_bench.c kmod/lpm.c

.PHONY: bench-lpm
bench-lpm: $(BUILD)/lpm_bench
	$(BUILD)/lpm_bench
