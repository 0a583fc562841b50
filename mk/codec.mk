# LISP control-plane codec tools:
#   make build/codec_emit          pcap writer for tests/host/codec_tshark.sh
#   make fuzz [FUZZ_TIME=60]       libFuzzer run over every parser
# FUZZ_CC and FUZZ_CFLAGS, shared with libpure-fuzz.a: top Makefile.

FUZZ_TIME ?= 60

$(BUILD)/codec_emit: tests/host/codec_emit.c $(LIBPURE_SAN) | $(BUILD)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) $(BIN_DEP_CFLAGS) -o $@ $< \
		$(LIBPURE_SAN) -lcrypto

$(BUILD)/fuzz_codec: tests/fuzz/fuzz_codec.c $(LIBPURE_FUZZ) | $(BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) \
		$(BIN_DEP_CFLAGS) -o $@ $< $(LIBPURE_FUZZ) -lcrypto

# New inputs go to $(BUILD)/fuzz-corpus; tests/fuzz/corpus only seeds.
.PHONY: fuzz
fuzz: $(BUILD)/fuzz_codec
	@mkdir -p $(BUILD)/fuzz-corpus
	$(BUILD)/fuzz_codec -max_total_time=$(FUZZ_TIME) -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz- \
		$(BUILD)/fuzz-corpus tests/fuzz/corpus
