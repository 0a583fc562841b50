# ITR resolver and "lispd lig" (agent/itr/):
#   make unit                     tests/unit/test_itr*.c among the others
#   bash tests/host/itr_tshark.sh tshark decodes the resolver's ECMs
#   bash tests/host/lig.sh        lispd lig against a fake Map-Resolver
#
# Everything in agent/itr/ is pure (unit-tested) but the socket code.

ITR_IO_SRCS := agent/itr/lig.c agent/itr/random.c
ITR_PURE_SRCS := $(filter-out $(ITR_IO_SRCS),$(wildcard agent/itr/*.c))

PURE_SRCS += $(ITR_PURE_SRCS)
AGENT_SRCS += $(wildcard agent/itr/*.c)
HDRS += $(wildcard agent/itr/*.h)
