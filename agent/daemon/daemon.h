/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "lispd run": the control-plane daemon.  One thread: an epoll loop
 * (loop.c) over the UDP control sockets (udp.c), the UNIX control socket
 * (ctl.c), a signalfd and one timerfd driving the timer list (timer.c);
 * with --workers N, N threads read the UDP sockets and handle what they
 * read one batch at a time under d->lock, which the main thread holds
 * while it handles anything (worker.c): one handler runs at a time.
 * Roles come from the configuration (conf.h), any mix: Map-Server and
 * Map-Resolver (role_ms.c, on agent/ms), ETR (role_etr.c), ITR (hook in
 * role_itr.c); conf_apply.c turns a parsed configuration into state,
 * at start and on reload.
 */
#ifndef LISPD_DAEMON_DAEMON_H
#define LISPD_DAEMON_DAEMON_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "conf.h"
#include "dyneid/dyneid.h"
#include "etr_msg.h"
#include "etr_smr.h"
#include "kernel/kernel.h"
#include "lib/ratelimit.h"
#include "ms/ms.h"
#include "proto/ecm.h"
#include "proto/msg.h"
#include "timer.h"

#define LISPD_DEFAULT_CONF	"/etc/lispd.conf"
#define LISPD_DEFAULT_SOCK	"/run/lispd.sock"
#define LISPD_SOCK_ENV		"LISPD_SOCK"

#define LISPD_CONF_FILE_MAX	(16 << 20)	/* bytes of the config file */
#define LISPD_RX_BURST		64	/* datagrams per wake-up per socket */
#define LISPD_PKT_MAX		65536	/* one datagram */
#define LISPD_CTL_CONNS		16	/* control clients at once */
#define LISPD_CTL_REQ_MAX	1024	/* request line */
#define LISPD_CTL_OUT_MAX	(64 << 20)	/* reply, then truncated */
#define LISPD_CTL_TIMEOUT_MS	10000
#define LISPD_MS_EXPIRE_MS	1000	/* registration expiry check */
#define LISPD_MS_NOFWD_MS	30000	/* own addresses looked up again */
/* Map-Register nonces kept per map-server: two full rounds and more. */
#define LISPD_NONCES_MAX	(2 * LISPD_CONF_MAX_DB / LISP_MAX_RECORDS + 8)
#define LISPD_MSG_TYPES		16	/* the 4-bit type field */

struct lispd;

/* Something on the epoll set: its fd and what to do when it is ready. */
struct lispd_watch {
	int fd;
	void (*fn)(struct lispd *d, struct lispd_watch *w, uint32_t events);
};

/* A received datagram, as the role handlers see it. */
struct lispd_rx {
	const uint8_t *buf;
	size_t len;
	struct lisp_ip src;
	uint16_t sport;
	struct lisp_ip dst;	/* local address it reached (afi 0: unknown) */
	uint64_t now_ms;
};

struct lispd_stats {
	uint64_t rx[LISPD_MSG_TYPES];	/* by LISP message type */
	uint64_t tx[LISPD_MSG_TYPES];
	uint64_t rx_malformed;		/* the codec refused it */
	uint64_t rx_unknown_type;
	uint64_t rx_no_role;		/* no role here takes this type */
	uint64_t rx_errors;		/* recvmsg() failed */
	uint64_t tx_errors;		/* sendmsg() failed */
	uint64_t tx_deferred;		/* would block: waited for EPOLLOUT */
	uint64_t tx_dropped;		/* no room to wait (txq.h), socket closed */
	uint64_t ecm_ignored;		/* ECM, not map-resolver nor ours */
	uint64_t ms_notify_dropped;	/* Map-Notify not sent (no socket) */
	/* ETR */
	uint64_t etr_replies;		/* Map-Replies to Map-Requests */
	uint64_t etr_probe_replies;	/* ... to RLOC-probes */
	uint64_t etr_not_ours;		/* requests for EIDs not in it */
	uint64_t etr_no_itr_rloc;	/* nowhere to send the reply */
	uint64_t etr_smr;		/* SMRs (for the ITR) */
	uint64_t notify_unknown_ms;	/* Map-Notify from no map-server */
	/* Issue 12: Map-Notifies telling that a prefix moved away */
	uint64_t moved_notifies;	/* verified and taken */
	uint64_t moved_replayed;	/* nonce not newer than the last */
	uint64_t moved_ours;		/* naming a locator of ours: refused */
	uint64_t moved_static;		/* a static database entry: left */
	uint64_t moved_dynamic;		/* a dynamic EID: withdrawn */
	uint64_t moved_installed;	/* map-cache entries put in */
	uint64_t moved_evicted;		/* "show moved" table full */
	/* Issue 12: SMRs sent by the ETR */
	uint64_t smr_sent;
	uint64_t smr_rate_limited;	/* over the destination's rate */
	uint64_t smr_rate_limited_all;	/* over all destinations' rate */
	uint64_t smr_send_errors;
	uint64_t smr_itrs_evicted;	/* an entry's ITR table was full */
	/* abuse (issue 11) */
	uint64_t reply_target_refused;	/* ITR-RLOC scoped or ours */
	uint64_t rl_source;		/* Map-Requests over the source's rate */
	uint64_t rl_itr_rloc;		/* ... over the ITR-RLOC's rate */
	uint64_t rl_smr;		/* SMRs over the source's rate */
	uint64_t rl_smr_all;		/* ... over all sources' rate */
	/* ITR hook */
	uint64_t map_replies;		/* Map-Replies received */
	/* control socket */
	uint64_t ctl_requests;
	uint64_t ctl_denied;		/* SO_PEERCRED refused */
	uint64_t reloads;
	uint64_t reload_errors;
	/* "device add" lines (dev_sync.c) */
	uint64_t dev_created;
	uint64_t dev_changed;		/* attributes, MTU or up, in place */
	uint64_t dev_remade;		/* iid, port or local changed */
	uint64_t dev_deleted;		/* line gone, or on-stop delete */
};

/* A configured map-server and the ETR's dealings with it. */
struct lispd_ms_peer {
	struct lispd_conf_peer cfg;
	uint64_t last_register_ms;	/* 0: never */
	uint64_t last_notify_ms;
	uint64_t registers_sent;
	uint64_t send_errors;
	uint64_t notifies;		/* verified */
	uint64_t notify_bad_auth;
	uint64_t notify_bad_nonce;	/* unsolicited, nonce not newer */
	uint64_t notify_malformed;
	/* Issue 12: the nonce of the last unsolicited Map-Notify taken. */
	uint64_t moved_nonce;
	bool warned;			/* a bad Map-Notify was logged */
	unsigned int nnonce;
	uint64_t nonce[LISPD_NONCES_MAX];	/* last sent, oldest first */
};

/*
 * Issue 12: a prefix the Map-Server said moved to another xTR, and
 * where (what this xTR re-encapsulates to, for "show moved").
 */
struct lispd_moved {
	struct lisp_prefix pfx;
	uint8_t nloc;
	struct lisp_ip loc[LISP_MAX_LOCATORS];
	struct lisp_ip ms;		/* the map-server that said so */
	uint32_t ttl;			/* minutes, as the record had it */
	uint64_t at_ms;
	unsigned int devices;		/* itr devices it went into */
	/*
	 * The record, while it names a static database entry of ours
	 * (kept, moved_static): installed when a reload removes the entry
	 * (lispd_etr_moved_gone).  Owned; NULL otherwise.
	 */
	struct lisp_record *held;
};

#define LISPD_MOVED_MAX		256	/* "show moved"; the oldest goes */
/* What a moved-away mapping lives in the kernel before it is asked again. */
#define LISPD_MOVED_TTL_S	60
#define LISPD_DOWN_RLOCS_MAX	64	/* "lispd rloc ADDR down" */

struct lispd_etr_role {
	unsigned int ndb;
	struct lispd_db_entry *db;
	unsigned int npeer;
	struct lispd_ms_peer *peer;
	struct lispd_timer register_timer;
	uint64_t rounds;		/* registration rounds done */
	bool none_warned;		/* "nothing to register" logged */
	/* The I bit of its Map-Registers: "xtr-id", else random_xtr_id. */
	struct lispd_xtr_ident id;
	uint8_t random_xtr_id[LISP_XTR_ID_LEN];	/* drawn at start */
	uint64_t last_nonce;		/* lispd_register_nonce() */
	bool id_logged;			/* the ETR's id was logged */
	unsigned int nmoved;
	struct lispd_moved moved[LISPD_MOVED_MAX];
	/* Locators marked down, whichever entries list them. */
	unsigned int ndown;
	struct lisp_ip down[LISPD_DOWN_RLOCS_MAX];
};

/*
 * The ITR role, as far as lispd run goes today: the configured
 * map-resolvers and itr devices are listed by "show itr".
 * agent/itr/ plugs in here (role_itr.c says how): lispd_itr_apply()
 * (start and every reload) subscribes to the kernel's "miss" group and
 * puts that socket in miss (the loop then calls lispd_itr_on_miss()
 * when it is readable); Map-Replies and SMRs arrive through
 * lispd_itr_on_map_reply() / lispd_itr_on_smr(); tick drives retries;
 * probe_timer drives RLOC probing, whose answers (Map-Replies with the P
 * bit) arrive through lispd_itr_on_map_reply() too.
 */
struct lisp_itr;

/* An "itr dev" device as the kernel knows it. */
struct lispd_itr_dev {
	char name[IF_NAMESIZE];
	uint32_t ifindex;		/* 0: not found in the kernel */
	bool has_iid;
	uint32_t iid;
	bool has_petr;
};

struct lispd_itr_stats {
	uint64_t misses;		/* notifications read */
	uint64_t misses_other_dev;	/* for a device that is no itr */
	uint64_t misses_lost;		/* socket buffer overruns (ENOBUFS) */
	int miss_rcvbuf;		/* its size, as SO_RCVBUF reads */
	uint64_t installed;		/* map-cache entries added */
	uint64_t removed;
	uint64_t install_errors;	/* the kernel refused an entry */
	uint64_t send_errors;
	uint64_t unresolved;
	uint64_t refresh_scans;		/* rounds over every itr device */
	uint64_t refresh_steps;		/* of LISP_ITR_SCAN_STEP entries */
	uint64_t probe_kernel_errors;	/* an RLOC's state not set */
};

struct lispd_itr_role {
	struct lispd_watch miss;	/* fd -1: not subscribed */
	struct lisp_kernel miss_kern;	/* its own genl socket */
	int miss_rcvbuf;		/* bytes asked for (LISPD_MISS_RCVBUF*) */
	uint64_t overrun_warned_ms;	/* last overrun logged */
	struct lisp_itr *resolver;	/* agent/itr/resolver.h */
	struct lispd_timer tick;	/* at lisp_itr_next_deadline() */
	struct lispd_timer refresh;	/* scan the map-caches for refresh */
	struct lisp_kdump dump;		/* the scan's map-cache dump */
	/*
	 * RLOC probing (agent/itr/probe.h), fed by the refresh scan and
	 * by installs; NULL when off ("rloc-probing off", no ITR).
	 */
	struct lisp_probe *probe;
	struct lispd_timer probe_timer;	/* at lisp_probe_next_deadline() */
	unsigned int ndev;
	struct lispd_itr_dev dev[LISPD_CONF_MAX_ITRS];
	struct lispd_itr_stats stats;
};

/*
 * Dynamic EIDs (dyneid.c): a "dynamic-eid" line at run time, its hosts
 * in the pure table (agent/dyneid/dyneid.h).  Each present host is a
 * database entry of the ETR (dynamic), a route of protocol
 * LISPD_RTPROT_DYNEID to the interface, and an entry of the kernel's
 * database.
 */
struct lispd_dyneid {
	struct lispd_conf_dyneid cfg;
	struct lisp_dyn_table t;
	uint32_t ifindex;		/* of cfg.interface, 0: not seen yet */
	uint64_t refuse_logged_ms;	/* last max-hosts refusal logged */
	uint64_t refuse_unlogged;	/* refusals not logged since */
	uint64_t route_errors;		/* host routes the kernel refused */
	uint64_t kernel_errors;		/* database entries it refused */
	uint64_t data_detected;		/* detected from a packet, not ARP/ND */
};

struct lispd_dyneid_role {
	unsigned int n;
	struct lispd_dyneid *line;
	struct lispd_watch events;	/* RTNLGRP_NEIGH, fd -1: closed */
	struct lisp_kernel ev;		/* its socket */
	struct lisp_kernel rt;		/* requests: dumps, routes */
	bool rt_open;
	bool flushed;			/* routes of an earlier run removed */
	struct lispd_timer hold_timer;	/* the soonest leave_at_ms */
	struct lispd_timer register_timer;	/* new hosts, next turn */
	uint64_t overruns;		/* events lost (ENOBUFS): dumped again */
	uint64_t dumps;
};

/* The routes of dynamic-eid hosts: "ip route show proto 147". */
#define LISPD_RTPROT_DYNEID	147
#define LISPD_DYNEID_REFUSE_LOG_MS	10000	/* refusals logged that often */

/*
 * The miss socket's receive buffer: at start, and the most it doubles to
 * after overruns (a notification takes well under 1 KiB of it).
 */
#define LISPD_MISS_RCVBUF	(1 << 20)
#define LISPD_MISS_RCVBUF_MAX	(8 << 20)
#define LISPD_MISS_WARN_MS	60000	/* overruns logged once a minute */

#define LISPD_OWN_MAX	64	/* own addresses kept, reply targets */
#define LISPD_RL_ENTRIES 4096	/* per token-bucket table */

/*
 * The kernel's data-path events (multicast group "events", kern_events.c):
 * a socket of its own, joined while lispd has a kernel to talk to.  Each
 * event goes to the hook of the part that acts on it, with its
 * addresses in the codec's form.
 */
struct lispd_data_event {
	enum lisp_event_type type;
	uint32_t ifindex;
	bool has_iid;
	uint32_t iid;
	struct lisp_ip rloc;		/* outer source; AFI 0: not sent */
	struct lisp_ip src, dst;	/* inner; AFI 0: not sent */
	bool has_lsb;
	uint32_t lsb, lsb_kernel;	/* received; the map-cache's view */
	uint32_t iif;			/* input interface; 0: not sent */
};

struct lispd_kevents_stats {
	uint64_t received;		/* every event, known types */
	uint64_t lsb_mismatch;		/* to lispd_itr_on_lsb_mismatch() */
	uint64_t remote_itr_traffic;	/* to lispd_on_remote_itr_traffic() */
	uint64_t smr_sent;		/* SMRs sent on remote_itr_traffic */
	uint64_t unknown_source;	/* to lispd_on_unknown_source() */
	uint64_t dyneid_detected;	/* hosts detected on unknown_source */
	uint64_t overruns;		/* socket buffer overruns (ENOBUFS) */
};

struct lispd_kevents {
	struct lispd_watch watch;	/* fd -1: not subscribed */
	struct lisp_kernel kern;	/* its own genl socket */
	struct lispd_kevents_stats stats;
};

struct lispd {
	/* Options of "lispd run". */
	const char *conf_path;
	const char *sock_path;
	bool use_kernel;
	struct lispd_conf *conf;	/* in force */
	uint64_t started_ms;
	bool stop;
	/* Kernel (genl), opened when a configuration needs it. */
	struct lisp_kernel kern;
	bool kern_open;
	/* Event loop. */
	int epfd;
	struct lispd_watch timerfd;
	struct lispd_watch sigfd;
	struct lispd_timers timers;
	uint64_t timerfd_at;		/* deadline armed, LISPD_TIMER_NONE */
	/* UDP control sockets. */
	uint16_t port;
	struct lispd_watch udp4, udp6;
	unsigned int udp_gen;		/* reopened that many times */
	/* Worker threads (worker.c): 0, or "--workers N" with N > 1. */
	unsigned int nworkers;
	struct lispd_worker *workers;
	pthread_mutex_t lock;		/* held by whoever runs a handler */
	_Atomic bool workers_quit;
	/* Control socket and its clients. */
	struct lispd_watch ctl;
	struct lispd_ctl_conn *conns;	/* LISPD_CTL_CONNS of them */
	dev_t ctl_dev;			/* the socket file lispd made */
	ino_t ctl_ino;
	/* Roles. */
	struct lisp_ms *ms;
	struct lispd_timer ms_expire_timer;
	/* Unsolicited Map-Notifies' retries: publications, moves. */
	struct lispd_timer ms_notify_timer;
	uint64_t ms_nofwd_ms;		/* own addresses last looked up */
	struct lispd_etr_role etr;
	struct lispd_itr_role itr;
	struct lispd_dyneid_role dyn;
	struct lispd_kevents kev;
	struct lispd_stats stats;
	/* Token buckets (rate-limit): Map-Requests, SMRs. */
	struct lisp_rl rl_src, rl_itr, rl_smr;
	struct lisp_tb tb_smr_all;	/* SMRs from all sources */
	/* Issue 12: SMRs sent, per destination and all together. */
	struct lisp_rl rl_smr_send;
	struct lisp_tb tb_smr_send_all;
	/* This host's addresses (lispd_ms_no_forward, every apply). */
	unsigned int nown;
	struct lisp_ip own[LISPD_OWN_MAX];
	/* Scratch: the codec's structs are large, keep them off the stack. */
	uint8_t *rxbuf;			/* LISPD_PKT_MAX */
	uint8_t *txbuf;			/* LISPD_PKT_MAX */
	struct lisp_map_request *mreq;
	struct lisp_map_reply *mrep;
	struct lisp_map_register *mreg;
	/* A received Map-Notify: apart from mreg, in which handling it may
	 * build a Map-Register (a dynamic EID withdrawn on a move). */
	struct lisp_map_register *mnot;
	struct lisp_ms_req_action *req_act;
	struct lisp_ms_reg_action *reg_act;
};

/* run.c */
int lispd_run_main(int argc, char **argv);
uint64_t lispd_now_ms(void);

/* log.c: "lispd[level]: ..." on stderr. */
void lispd_log_set_level(enum lispd_log_level l);
__attribute__((format(printf, 2, 3)))
void lispd_log(enum lispd_log_level l, const char *fmt, ...);
/* Level in force; log_debug() skips its arguments' work below it. */
extern _Atomic enum lispd_log_level lispd_log_level;
#define log_debug(...)	do {						\
		if (lispd_log_level <= LISPD_LOG_DEBUG)			\
			lispd_log(LISPD_LOG_DEBUG, __VA_ARGS__);	\
	} while (0)
#define log_info(...)	lispd_log(LISPD_LOG_INFO, __VA_ARGS__)
#define log_warn(...)	lispd_log(LISPD_LOG_WARN, __VA_ARGS__)
#define log_error(...)	lispd_log(LISPD_LOG_ERROR, __VA_ARGS__)
/*
 * A failure while applying a configuration: logged, written to report
 * (the reload's reply; may be NULL) and counted in *errors.
 */
__attribute__((format(printf, 3, 4)))
void lispd_report_error(FILE *report, int *errors, const char *fmt, ...);
/* Text of an address for logs and show output (buffer LISP_ADDR_STRLEN). */
const char *lispd_ip_str(const struct lisp_ip *ip, char *buf);

/* loop.c */
int lispd_loop_init(struct lispd *d);
void lispd_loop_fini(struct lispd *d);
int lispd_loop_run(struct lispd *d);
int lispd_watch_add(struct lispd *d, struct lispd_watch *w, uint32_t events);
int lispd_watch_mod(struct lispd *d, struct lispd_watch *w, uint32_t events);
void lispd_watch_del(struct lispd *d, struct lispd_watch *w);
void lispd_timer_arm(struct lispd *d, struct lispd_timer *t, uint64_t at_ms);
void lispd_timer_stop(struct lispd *d, struct lispd_timer *t);

/* udp.c */
/* (Re)bind the control sockets to port: IPv4, and IPv6 if available. */
int lispd_udp_open(struct lispd *d, uint16_t port);
void lispd_udp_close(struct lispd *d);
/* Address families we can send to (LISPD_AFI_BIT). */
unsigned int lispd_udp_afis(const struct lispd *d);
/*
 * Send a control message to dst:dport from the control port (and from
 * src if given and of dst's family); counted by its type.  0 or -1.
 */
int lispd_udp_send(struct lispd *d, const struct lisp_ip *dst,
		   uint16_t dport, const struct lisp_ip *src,
		   const uint8_t *buf, size_t len);

/* The I/O of a worker thread (udp.c, for worker.c). */
struct lispd_io;
/* Its own descriptors of the sockets, in its epoll set epfd. */
struct lispd_io *lispd_io_new(struct lispd *d, int epfd);
/* Joined thread: its counts go to d->stats, its descriptors closed. */
void lispd_io_free(struct lispd_io *io);
/* The calling thread is io's worker: lispd_udp_send queues there. */
void lispd_io_enter(struct lispd_io *io);
/* Socket k (0: IPv4, 1: IPv6) is readable: read and handle a burst. */
void lispd_io_read(struct lispd_io *io, unsigned int k);
/*
 * Locked: io's counts into d->stats, its descriptors of the sockets
 * reopened if the sockets were.
 */
void lispd_io_sync(struct lispd_io *io);
/* Has io counted something outside the lock since? */
bool lispd_io_pending(const struct lispd_io *io);

/* worker.c */
#define LISPD_WORKERS_MAX	64
/* d->nworkers threads read the sockets (none if 0). */
int lispd_workers_start(struct lispd *d);
/* Stop and join them (unlocked). */
void lispd_workers_stop(struct lispd *d);
/* Wake them: the sockets were reopened (lispd_udp_open). */
void lispd_workers_kick(struct lispd *d);
/* The daemon's lock, if there are workers (no-ops otherwise). */
void lispd_lock(struct lispd *d);
void lispd_unlock(struct lispd *d);

/* rx.c: one received datagram to the role that takes it. */
void lispd_rx_dispatch(struct lispd *d, const struct lispd_rx *rx);
bool lispd_reply_dst_ok(struct lispd *d, const struct lisp_ip *dst,
			const struct lispd_rx *rx);

/* role_ms.c */
int lispd_ms_init(struct lispd *d);
void lispd_ms_fini(struct lispd *d);
void lispd_ms_on_register(struct lispd *d, const struct lispd_rx *rx);
/*
 * A Map-Notify-Ack to one of the Map-Server's unsolicited Map-Notifies:
 * a move's (issue 12) or a publication's (RFC 9437).
 */
void lispd_ms_on_notify_ack(struct lispd *d, const struct lispd_rx *rx);
/*
 * A Map-Request for the Map-Resolver, parsed in d->mreq: from the ECM e,
 * or bare (e NULL: rx is the Map-Request).
 */
void lispd_ms_on_request(struct lispd *d, const struct lispd_rx *rx,
			 const struct lisp_ecm *e);
/* Timer and reload: keep the expiry timer running while there are sites. */
void lispd_ms_schedule(struct lispd *d);
/* Own addresses and map-servers: never a forward's destination. */
void lispd_ms_no_forward(struct lispd *d);

/* role_etr.c */
/* A random xTR-ID for this run (used unless "xtr-id" is configured). */
void lispd_etr_init(struct lispd *d);
void lispd_etr_fini(struct lispd *d);
/*
 * A reload removed gone: if a Map-Server said it moved while it was a
 * static entry here (show moved, not older than the record's TTL), its
 * new locators go into the map-cache now, as for a prefix we did not
 * hold (see Moves in lispd(8)).
 */
void lispd_etr_moved_gone(struct lispd *d, const struct lispd_db_entry *gone);
/*
 * Database entry e is ours again (a dynamic EID's host came back): forget
 * that its prefix moved away, and remove the map-cache entry that sent
 * its traffic on.
 */
void lispd_etr_moved_back(struct lispd *d, const struct lispd_db_entry *e);
/* The xTR-ID and site-ID of c (start and reload); logged if new. */
void lispd_etr_set_id(struct lispd *d, const struct lispd_conf *c);
/* Would c change them? */
bool lispd_etr_id_differs(const struct lispd *d, const struct lispd_conf *c);
/* Register to every map-server now (and every period after). */
void lispd_etr_register_soon(struct lispd *d);
/*
 * Dynamic-eid hosts in the database (dyneid.c): add one (0, or -1 out
 * of memory), find one by (dev, prefix), remove one (deregistered with
 * TTL 0 if it was registered).  Pointers into the database last until
 * the next add or remove.
 */
int lispd_etr_db_add(struct lispd *d, const struct lispd_conf_db *cfg);
struct lispd_db_entry *lispd_etr_db_find(struct lispd *d,
					 const struct lispd_conf_db *key);
void lispd_etr_db_remove(struct lispd *d, const struct lispd_conf_db *key);
/*
 * Register the entries never registered, and the dynamic hosts due again
 * (no Map-Notify yet); keep the period's timer armed.  Returns when the
 * next host is due again, 0 if none.
 */
uint64_t lispd_etr_register_new(struct lispd *d);
/* Map-Register with TTL 0 for entries no longer configured. */
void lispd_etr_deregister(struct lispd *d, const struct lispd_db_entry *gone,
			  unsigned int n);
void lispd_etr_on_notify(struct lispd *d, const struct lispd_rx *rx);
/*
 * Hook for dynamic EIDs (issue 12 item 1): rec's EID, a database entry
 * of this xTR, was registered by another xTR at rec's locators (a
 * verified Map-Notify said so).  True if it was a dynamic EID's host, now
 * withdrawn here (lispd_dyneid_moved_away: its database entry is gone);
 * false for a static entry, which stays as configured.
 */
bool lispd_db_host_moved(struct lispd *d, const struct lisp_record *rec);
/* "lispd rloc ADDR up|down": 0, or -1 with why in err. */
int lispd_etr_rloc_set(struct lispd *d, const struct lisp_ip *rloc, bool up,
		       char *err, size_t errlen);
/* Which locators of the entries are down (at every apply). */
void lispd_etr_rloc_marks(struct lispd *d);
/*
 * Does the Map-Notify in rx carry the nonce of a Map-Register sent to
 * the map-server it comes from?  (Else it may be a move or a
 * publication: rx.c tells them apart.)
 */
bool lispd_etr_notify_expected(const struct lispd *d,
			       const struct lispd_rx *rx);
/* How the records of a Map-Notify m (not yet checked) stand to the database. */
enum lispd_db_relation {
	LISPD_DB_UNRELATED,
	LISPD_DB_INSIDE,	/* one is more specific than an entry */
	LISPD_DB_ENTRY,		/* one is an entry's prefix */
};
enum lispd_db_relation lispd_etr_db_relation(const struct lispd *d,
					    const struct lisp_map_register *m);
/*
 * Answer req (parsed from rx; from an ECM if inner) if its EIDs are in
 * the database: true if it was ours.
 */
bool lispd_etr_on_request(struct lispd *d, const struct lispd_rx *rx,
			  const struct lisp_map_request *req,
			  const struct lisp_ip_udp *inner);
/* Refresh instance-ids (kernel) and local RLOC flags of the database. */
void lispd_etr_refresh(struct lispd *d);

/* role_smr.c: the ETR's Solicit-Map-Requests (issue 12 item 3). */
/* itr:port asked for e (a Map-Request or an RLOC-probe answered). */
void lispd_smr_note(struct lispd *d, struct lispd_db_entry *e,
		    const struct lisp_ip *itr, uint16_t port, uint64_t now);
/*
 * SMRs for eid/plen (e's own prefix if eid is NULL) to e's ITRs and to
 * the locators of the map-cache entries in use, within the rate limits.
 * Returns how many went.
 */
unsigned int lispd_smr_send(struct lispd *d, struct lispd_db_entry *e,
			    const struct lisp_addr *eid, unsigned int plen);
/* The same with an ITR table of no database entry (NULL: none). */
unsigned int lispd_smr_send_itrs(struct lispd *d, struct lispd_smr_itrs *itrs,
				 const struct lisp_addr *eid, unsigned int plen);
/*
 * One SMR for eid/plen to the ITR at itr (its control port), within the
 * same rate limits; none to this daemon.  True if it went.
 */
bool lispd_smr_to_itr(struct lispd *d, const struct lisp_addr *eid,
		      unsigned int plen, const struct lisp_ip *itr);
/* The entries marked smr_due (after a Map-Register went). */
void lispd_smr_due(struct lispd *d);
/* Forget e's ITRs (it goes away). */
void lispd_smr_forget(struct lispd_db_entry *e);
/* kern_events.c: the kernel's events (see struct lispd_kevents). */
void lispd_kevents_init(struct lispd *d);
/* Subscribe if there is a kernel and not yet (start, every reload). */
void lispd_kevents_apply(struct lispd *d);
void lispd_kevents_fini(struct lispd *d);
/*
 * Encapsulated traffic arrived from the ITR at ev->rloc for an EID that
 * is not here (LISP_EVENT_RX_DST_NOT_EID: dropped by dst-check) or no
 * longer here (LISP_EVENT_RX_DST_MAPPED: a map-cache entry covers it,
 * the packet is encapsulated again): that ITR's map-cache is stale for
 * ev->dst (ev->src is the sender, ev->iid the instance): it gets a
 * Solicit-Map-Request for the host ev->dst (RFC 9301 5.7, issue 12
 * item 3; lispd_smr_to_itr()).  The kernel sends one event a second per
 * ITR, source and destination, LISP_EVENT_RATE a second per device and
 * type; the SMRs are limited as every SMR sent is ("rate-limit
 * smr-send", "smr-send-all").
 */
void lispd_on_remote_itr_traffic(struct lispd *d,
				 const struct lispd_data_event *ev);
/*
 * A packet to encapsulate came from ev->src, which is in no database
 * prefix of device ev->ifindex (dropped by src-check): maybe a host
 * that just appeared behind this xTR, a dynamic EID (issue 12 item 1):
 * handed to lispd_dyneid_on_data() with the interface it came in on.
 * Once a second per source at most.
 */
void lispd_on_unknown_source(struct lispd *d,
			     const struct lispd_data_event *ev);

/* role_itr.c: the ITR hook (see struct lispd_itr_role). */
void lispd_itr_init(struct lispd *d);
int lispd_itr_apply(struct lispd *d, char *err, size_t errlen);
void lispd_itr_fini(struct lispd *d);
void lispd_itr_on_miss(struct lispd *d, struct lispd_watch *w,
		       uint32_t events);
void lispd_itr_on_map_reply(struct lispd *d, const struct lispd_rx *rx);
/*
 * A Map-Notify rx.c found to be the ITR's: true if the ITR subscribes
 * and took it in hand (RFC 9437; taken, or refused and counted), false
 * if it does not subscribe (then it is the ETR's).
 */
bool lispd_itr_on_notify(struct lispd *d, const struct lispd_rx *rx);
/* show itr: the ITR's counters (text lines or JSON members). */
struct printer;
void lispd_itr_show(struct lispd *d, struct printer *p);
/* The name of the itr device of ifindex, or NULL. */
const char *lispd_itr_dev_name(const struct lispd *d, uint32_t ifindex);
void lispd_itr_on_smr(struct lispd *d, const struct lispd_rx *rx,
		      const struct lisp_map_request *req);
/*
 * Locator-status-bits of a packet from ev->src disagree with the map-cache
 * entry for it (LISP_EVENT_LSB_MISMATCH): probe that entry's locators now
 * (lisp_probe_hint()); only the answers change their state.
 */
void lispd_itr_on_lsb_mismatch(struct lispd *d,
			       const struct lispd_data_event *ev);
/*
 * Issue 12: rec's prefix moved to rec's locators (a verified
 * Map-Notify): a map-cache entry on each itr device of its instance,
 * owned by the resolver as if it had answered, with a TTL of at most
 * ttl_cap_s so that it is asked for again soon.  Returns the devices.
 */
unsigned int lispd_itr_install_moved(struct lispd *d,
				     const struct lisp_record *rec,
				     uint32_t ttl_cap_s);
/* Remove what lispd_itr_install_moved installed for eid/plen (only an
 * entry the resolver installed goes). */
void lispd_itr_remove_moved(struct lispd *d, const struct lisp_addr *eid,
			    uint8_t plen);
/* The local address the kernel would send from to dst:port; 0 or -1. */
int lispd_route_source(const struct lisp_ip *dst, uint16_t port,
		       struct lisp_ip *src);

/* dyneid.c: dynamic EIDs (struct lispd_dyneid_role). */
void lispd_dyneid_init(struct lispd *d);
/*
 * Start and every reload, after the ETR's database and the kernel:
 * lines gone or changed withdraw their hosts, new ones start with a
 * dump of the neighbour tables; the hold time changes in place.
 */
void lispd_dyneid_apply(struct lispd *d, FILE *report, int *errors);
/* At stop: every host withdrawn (TTL 0, routes, kernel), sockets closed. */
void lispd_dyneid_stop(struct lispd *d);
/*
 * The hook for the Map-Server's word that a host registered at another
 * xTR (a Map-Notify to the site it left, issue 12 item 2): eid is the
 * host's EID as the record gives it (plain, instance 0, or an
 * Instance-ID LCAF), plen its mask length (only host prefixes, /32 or
 * /128, are dynamic-eid hosts).  If it is a host of a dynamic-eid line
 * here, it is withdrawn now, without the hold time: route and kernel
 * entry removed, a TTL 0 Map-Register sent, counted moved_away, and its
 * neighbour entry deleted so that a return is detected afresh.  True if
 * it was one.
 */
bool lispd_dyneid_moved_away(struct lispd *d, const struct lisp_addr *eid,
			     unsigned int plen);
/*
 * Data-packet detection (issue 12 item 1): the lisp device dev dropped
 * a packet from ip, a source in no database prefix, forwarded from
 * interface iif (a kernel event).  A host that moved here with the
 * gateway's address and MAC in its ARP/ND cache sends before any
 * neighbour entry shows it.  If ip is inside the prefix of a
 * dynamic-eid line of dev and iif, it is taken as a usable neighbour
 * entry would be.  True if a new host was detected.
 */
bool lispd_dyneid_on_data(struct lispd *d, uint32_t dev, uint32_t iif,
			  const struct lisp_ip *ip);

/* conf_load.c: read and parse a file (I/O side of conf.c). */
int lispd_conf_load(const char *path, struct lispd_conf **out, char *err,
		    size_t errlen);

/* conf_apply.c */
/*
 * Put new in force (old is the one in force, NULL at start): what
 * changed is applied, the rest kept.  d->conf becomes new (old is freed)
 * even if a part failed; then -1, with what failed in report (a
 * human-readable summary either way).
 */
int lispd_conf_apply(struct lispd *d, struct lispd_conf *new_conf,
		     FILE *report);
/* Re-read d->conf_path and apply it; on a parse error keep the old. */
int lispd_reload(struct lispd *d, FILE *report);

/* kern_sync.c: the kernel's part of a configuration. */
int lispd_kernel_ensure(struct lispd *d, FILE *report);
void lispd_kernel_db_apply(struct lispd *d, const struct lispd_conf *old,
			   FILE *report, int *errors);
/*
 * One entry (a dynamic-eid host) into the kernel's database or out of
 * it; an add that fails is marked so and retried every period.  0 or -1
 * (d->kern.err says why).
 */
int lispd_kernel_db_one(struct lispd *d, struct lispd_db_entry *e, bool add);
/* Install again the entries the kernel refused (a device came back). */
void lispd_kernel_db_retry(struct lispd *d);
void lispd_kernel_petr_apply(struct lispd *d, const struct lispd_conf *old,
			     FILE *report, int *errors);
void lispd_kernel_map_apply(struct lispd *d, const struct lispd_conf *old,
			    FILE *report, int *errors);

/*
 * dev_sync.c: the "device add" lines, before the kernel's tables (a
 * device made now gets the lines of old that name it sent again: old's
 * petr and map-cache lines are marked for that).
 */
void lispd_devices_apply(struct lispd *d, struct lispd_conf *old,
			 FILE *report, int *errors);
/* At stop: delete the devices marked "on-stop delete". */
void lispd_devices_stop(struct lispd *d);

/* ctl.c: the UNIX control socket. */
/* Its path: opt if given, else $LISPD_SOCK, else LISPD_DEFAULT_SOCK. */
const char *lispd_sock_path(const char *opt);
int lispd_ctl_open(struct lispd *d);
void lispd_ctl_close(struct lispd *d);

/* show.c: control commands; output to out, 0 or 1 (error). */
int lispd_ctl_exec(struct lispd *d, int argc, char **argv, FILE *out);

/* Is what, of "lispd show WHAT", one of the listings above? */
bool lispd_ctl_is_show(const char *what);

#endif /* LISPD_DAEMON_DAEMON_H */
