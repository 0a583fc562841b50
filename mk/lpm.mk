# LPM table micro-benchmark: kmod/lpm.c built in user space, -O2, no
# sanitizers; -mpopcnt as the kernel's hweight64() is patched to popcnt.
#   make bench-lpm       1k/100k/1M random IPv4 and IPv6 prefixes (~20 s)

# kmod/lpm.c under its own names (lpm_*), not agent/ms/lpm_user.c's.
$(BUILD)/lpm_bench: bench/lpm_bench.c $(OBJ)/bench/kmod/lpm.o | $(BUILD)
	$(CC) $(USER_CFLAGS) $(BENCH_CFLAGS) $(BIN_DEP_CFLAGS) -o $@ $< \
		$(OBJ)/bench/kmod/lpm.o

.PHONY: bench-lpm
bench-lpm: $(BUILD)/lpm_bench
	$(BUILD)/lpm_bench
