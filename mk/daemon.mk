# "lispd run", the control-plane daemon (agent/daemon/):
#   bash tests/host/daemon_ms.sh  Map-Server/Resolver and two ETRs, loopback
#   bash tests/host/daemon_mr.sh  Map-Resolver forwarding to Map-Servers
#   bash tests/host/daemon_tx_eagain.sh  sends that would block wait for
#                                 EPOLLOUT (with build/eagain_preload.so)
#   bash tests/host/daemon_sites.sh  replayed Map-Registers, two xTRs of a
#                                 site, a site over its quota
#   bash tests/host/daemon_pubsub.sh  publish/subscribe (RFC 9437) at the
#                                 Map-Server, a subscriber in Python
#   bash tests/host/daemon_interop.sh  what another implementation sends
#                                 and expects: key-ids, IID 0, no dev
#   bash tests/host/daemon_move.sh  a host prefix moving between xTRs
#                                 (Map-Notify to the old one), SMRs
#   bash tests/host/daemon_move_retx.sh  that Map-Notify again until its
#                                 Ack, the old xTR in Python
#   bash tests/host/daemon_dyneid.sh  dynamic EIDs from hand-written
#                                 neighbour entries (root: a netns)
#
# Its pure files (configuration parser, message building, SMR targets,
# timer list, send queue) are linked into the unit tests too; the rest (sockets,
# epoll, kernel) only into lispd.  Which is which: AGENT_PURE_DAEMON in
# the top Makefile.

$(BUILD)/eagain_preload.so: tests/host/eagain_preload.c | $(BUILD)
	$(CC) $(USER_CFLAGS) -fPIC -shared -o $@ $< -ldl
