# LISP control-plane codec tools:
#   make build/codec_emit          pcap writer for tests/host/codec_tshark.sh
#   make fuzz [FUZZ_TIME=60]       libFuzzer run over every parser

FUZZ_TIME ?= 60
FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror \
	-Iuapi -Iagent -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer

$(BUILD)/codec_emit: tests/host/codec_emit.c $(PROTO_SRCS) $(HDRS) | $(BUILD)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) -o $@ $< $(PROTO_SRCS) -lcrypto

$(BUILD)/fuzz_codec: tests/fuzz/fuzz_codec.c $(PROTO_SRCS) $(HDRS) | $(BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(PROTO_SRCS) -lcrypto

# New inputs go to $(BUILD)/fuzz-corpus; tests/fuzz/corpus only seeds.
.PHONY: fuzz
fuzz: $(BUILD)/fuzz_codec
	@mkdir -p $(BUILD)/fuzz-corpus
	$(BUILD)/fuzz_codec -max_total_time=$(FUZZ_TIME) -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz- \
		$(BUILD)/fuzz-corpus tests/fuzz/corpus
