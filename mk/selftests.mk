# Programs the VM selftests and benchmarks run (the guest finds them in
# build/):
#   build/lisp-flood     malformed LISP data packets (fault_flood.sh)
#   build/spare-cycles   CPU left over beside a workload (bench/dataplane.sh)

SELFTEST_TOOLS := $(BUILD)/lisp-flood $(BUILD)/spare-cycles

.PHONY: selftest-tools
selftest-tools: $(SELFTEST_TOOLS)

$(BUILD)/lisp-flood: selftests/tools/lisp_flood.c | $(BUILD)
	$(CC) $(USER_CFLAGS) -o $@ $<

$(BUILD)/spare-cycles: bench/spare_cycles.c | $(BUILD)
	$(CC) $(USER_CFLAGS) -o $@ $<
