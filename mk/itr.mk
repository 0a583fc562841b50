# ITR resolver and "lispd lig" (agent/itr/):
#   make unit                     tests/unit/test_itr*.c among the others
#   bash tests/host/itr_tshark.sh tshark decodes the resolver's ECMs
#   bash tests/host/lig.sh        lispd lig against a fake Map-Resolver
#
# Everything in agent/itr/ is pure (unit-tested) but the socket code and
# getrandom(): lig.c and random.c, in AGENT_IO_SRCS (top Makefile).
