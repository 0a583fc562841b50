# ITR resolver and "lispd lig" (agent/itr/):
#   make unit                     tests/unit/test_itr*.c among the others
#   bash tests/host/itr_tshark.sh tshark decodes the resolver's ECMs
#   bash tests/host/lig.sh        lispd lig against a fake Map-Resolver
#
# Everything in agent/itr/ is pure (unit-tested); "lispd lig"'s socket
# is agent/cli/cmd_lig.c, its nonces agent/daemon/nonce.c (getrandom()).

# The miss socket's overrun handling, on rtnetlink in a private netns:
#   bash tests/host/miss_overrun.sh
$(BUILD)/miss_overrun: tests/host/miss_overrun.c \
		$(addprefix $(OBJ)/plain/agent/kernel/,kernel.o kernel_map.o kernel_miss.o) \
		$(LIBPURE_PLAIN) | $(BUILD)
	$(CC) $(USER_CFLAGS) -o $@ $^ -lmnl -lcrypto
