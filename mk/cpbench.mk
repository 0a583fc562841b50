# Control plane of the real daemon (lispd run), over UDP on 127.0.0.1:
#   make bench-cp        Map-Requests answered and Map-Registers
#                        accepted by one lispd on one core, 1000 sites,
#                        100k EID prefixes, beside its logic on the same
#                        data: per (CPU-)second, and instructions per
#                        request under callgrind (~1.5 min;
#                        CP_CALLGRIND=0: ~30 s)

# The generator takes the codec from the archive, and its baseline (-L)
# the Map-Server logic: from lispd's own flavour (plain), so that the
# daemon is compared with the very code it runs, not one built with
# -mpopcnt and without assert().
$(BUILD)/cp_bench: bench/cp_bench.c $(LIBPURE_PLAIN) | $(BUILD)
	$(CC) $(USER_CFLAGS) $(BENCH_CFLAGS) $(BIN_DEP_CFLAGS) -o $@ $< \
		$(LIBPURE_PLAIN) -lcrypto

.PHONY: bench-cp
bench-cp: $(BUILD)/cp_bench $(BUILD)/lispd $(BUILD)/ms_bench
	bench/cp_bench.sh
