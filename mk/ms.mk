# Map-Server / Map-Resolver logic (agent/ms/):
#   make bench-ms        Map-Requests/s and Map-Registers/s, 10k sites,
#                        100k registered EIDs, one core (~2 s)
#
# agent/ms/lpm_user.c includes kmod/lpm.c: the compiler's dependency
# files (-MMD, top Makefile) rebuild its objects when that changes.

# BENCH_CFLAGS: -DNDEBUG, and -mpopcnt as in bench-lpm.
$(BUILD)/ms_bench: bench/ms_bench.c $(LIBPURE_BENCH) | $(BUILD)
	$(CC) $(USER_CFLAGS) $(BENCH_CFLAGS) $(BIN_DEP_CFLAGS) -o $@ $< \
		$(LIBPURE_BENCH) -lcrypto

.PHONY: bench-ms
bench-ms: $(BUILD)/ms_bench
	$(BUILD)/ms_bench
