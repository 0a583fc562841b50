# Programs the VM selftests run (the guest finds them in build/):
#   build/lisp-flood     malformed LISP data packets (fault_flood.sh)

SELFTEST_TOOLS := $(BUILD)/lisp-flood

.PHONY: selftest-tools
selftest-tools: $(SELFTEST_TOOLS)

$(BUILD)/lisp-flood: selftests/tools/lisp_flood.c | $(BUILD)
	$(CC) $(USER_CFLAGS) -o $@ $<
