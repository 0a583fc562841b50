# LPM table micro-benchmark: kmod/lpm.c built in user space, -O2, no
# sanitizers; -mpopcnt as the kernel's hweight64() is patched to popcnt.
#   make bench-lpm       1k/100k/1M random IPv4 and IPv6 prefixes (~20 s)
#   make bench-lpm-count the same lookups at 1M counted by callgrind

# kmod/lpm.c under its own names (lpm_*), not agent/ms/lpm_user.c's.
$(BUILD)/lpm_bench: bench/lpm_bench.c $(OBJ)/bench/kmod/lpm.o | $(BUILD)
	$(CC) $(USER_CFLAGS) $(BENCH_CFLAGS) $(BIN_DEP_CFLAGS) -o $@ $< \
		$(OBJ)/bench/kmod/lpm.o

.PHONY: bench-lpm
bench-lpm: $(BUILD)/lpm_bench
	$(BUILD)/lpm_bench

# Instructions and simulated cache misses per lookup at 1M prefixes
# (callgrind; figures that do not move with the machine's load, ~5 min).
.PHONY: bench-lpm-count
bench-lpm-count: $(BUILD)/lpm_bench
	bench/lpm_profile.sh $(BUILD)/lpm_bench
