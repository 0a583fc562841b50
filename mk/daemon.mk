# "lispd run", the control-plane daemon (agent/daemon/):
#   bash tests/host/daemon_ms.sh  Map-Server/Resolver and two ETRs, loopback
#   bash tests/host/daemon_mr.sh  Map-Resolver forwarding to Map-Servers
#
# Its pure files (configuration parser, message building, timer list)
# are linked into the unit tests too; the rest (sockets, epoll, kernel)
# only into lispd.  Which is which: AGENT_PURE_DAEMON in the top Makefile.
