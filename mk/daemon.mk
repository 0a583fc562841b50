# "lispd run", the control-plane daemon (agent/daemon/).  Its pure files
# (configuration parser, message building, timer list) are linked into
# the unit tests too; the rest (sockets, epoll, kernel) only into lispd.

DAEMON_PURE_SRCS := $(addprefix agent/daemon/,conf.c conf_cmd.c \
	conf_check.c conf_util.c conf_word.c etr_msg.c timer.c)

PURE_SRCS += $(DAEMON_PURE_SRCS)
AGENT_SRCS += $(wildcard agent/daemon/*.c)
HDRS += $(wildcard agent/daemon/*.h)
