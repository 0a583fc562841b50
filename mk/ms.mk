# Map-Server / Map-Resolver logic (agent/ms/):
#   make bench-ms        Map-Requests/s and Map-Registers/s, 10k sites,
#                        100k registered EIDs, one core (~2 s)

MS_HDRS := $(wildcard agent/ms/*.h) kmod/lpm.c kmod/lpm.h kmod/lpm_platform.h

# agent/ms/lpm_user.c includes kmod/lpm.c: rebuild on its changes too.
$(UNIT_BINS) $(BUILD)/lispd: $(MS_HDRS)

# -mpopcnt as in bench-lpm: the kernel's hweight64() is patched to popcnt.
$(BUILD)/ms_bench: bench/ms_bench.c $(PROTO_SRCS) $(HDRS) $(MS_HDRS) | $(BUILD)
	$(CC) $(USER_CFLAGS) -DNDEBUG -mpopcnt -o $@ bench/ms_bench.c \
		$(PROTO_SRCS) -lcrypto

.PHONY: bench-ms
bench-ms: $(BUILD)/ms_bench
	$(BUILD)/ms_bench
