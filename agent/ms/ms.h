/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map-Server and Map-Resolver logic of lispd (RFC 9301 sections 6.1,
 * 6.2, 8.2 to 8.4): site configuration, Map-Register processing and
 * registrations, Map-Notify, Map-Request answers.
 *
 * Pure C: no sockets, no clock (callers pass now_ms, any monotonic
 * milliseconds), no global state; everything lives in a struct lisp_ms.
 * One thread at a time per struct lisp_ms (handlers use scratch space
 * in it).  Functions return 0 (or a count) or a negative error: codec
 * errors (-LISP_ERR_*, err.h) or -LISP_MS_ERR_*; lisp_ms_strerror()
 * names both.  Every table is bounded by the LISP_MS_MAX_* below; past a
 * bound the call fails with -LISP_MS_ERR_FULL and changes nothing.
 */
#ifndef LISP_MS_MS_H
#define LISP_MS_MS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/addr.h"
#include "proto/ecm.h"
#include "proto/msg.h"
#include "proto/record.h"

/* Bounds. */
#define LISP_MS_MAX_SITES		65536
#define LISP_MS_MAX_SITE_PREFIXES	1024	/* configured, per site */
#define LISP_MS_MAX_PREFIXES		262144	/* configured, all sites */
#define LISP_MS_MAX_REGS		1048576	/* xTRs' registrations */
#define LISP_MS_MAX_REG_XTRS		8	/* xTRs per registered prefix */
/*
 * Registered prefixes a site may have unless configured otherwise
 * (lisp_ms_site_set_max_regs; issue 11): four times the prefixes it may
 * have configured, so that a site without accept-more-specifics never
 * reaches it, while one with it may register thousands of more
 * specifics (hosts that move) but not fill LISP_MS_MAX_REGS: that takes
 * 256 sites at their quota.
 */
#define LISP_MS_SITE_MAX_REGS		(4 * LISP_MS_MAX_SITE_PREFIXES)
#define LISP_MS_MAX_DBS			4096	/* (iid, family) tables */
#define LISP_MS_MAX_KEYS		4	/* per site: key roll-over */
#define LISP_MS_KEY_MAX			64	/* bytes of one key */
#define LISP_MS_NAME_MAX		64	/* site name, with the NUL */
#define LISP_MS_MAX_FWD			4	/* ETRs or MSs per Map-Request */
#define LISP_MS_MAX_ROUTES		65536	/* map-resolver forwards */
#define LISP_MS_PKT_MAX			8192	/* one built message */
#define LISP_MS_REPORTED_MAX		64	/* (source, reason) kept */
#define LISP_MS_REPORT_FORGET_MS	3600000	/* then reported again */
#define LISP_MS_MAX_NOFWD		256	/* own and Map-Server addresses */
#define LISP_MS_MAX_MOVE_NOTIFY		8	/* per Map-Register (issue 12) */
/*
 * Moves' Map-Notifies waiting for their Map-Notify-Acks (move.c), all
 * sites; past it the oldest is dropped.  Each keeps its message (about
 * 100 bytes, 1 KiB with 32 IPv6 locators), so even old xTRs that never
 * answer a burst of moves cost 4 MiB at most.
 */
#define LISP_MS_MAX_MOVE_WAIT		4096

/* RFC 9301 8.2: Map-Register every minute, dropped after 3 missed. */
#define LISP_MS_REG_PERIOD_MS		60000
#define LISP_MS_REG_MISSES		3
/* RFC 9301 8.3/8.4: negative Map-Reply TTLs, minutes. */
#define LISP_MS_TTL_NOT_EID		15
#define LISP_MS_TTL_UNREGISTERED	1

/* Why a Map-Register was refused; each is counted. */
enum lisp_ms_reject {
	LISP_MS_REJ_MALFORMED,		/* codec refused it, or no record */
	LISP_MS_REJ_UNKNOWN_SITE,	/* a record in no configured prefix */
	LISP_MS_REJ_PREFIX,		/* more specific, not accepted */
	LISP_MS_REJ_AUTH,		/* no such key-id/algorithm, bad HMAC */
	LISP_MS_REJ_MIXED_SITES,	/* records of sites with other keys */
	LISP_MS_REJ_FULL,		/* LISP_MS_MAX_REGS, or out of memory */
	LISP_MS_REJ_COVERS,		/* covers another site's prefix */
	LISP_MS_REJ_REPLAYED,		/* its nonce is not new: a replay */
	LISP_MS_REJ_NO_XTR_ID,		/* no I bit, the site requires it */
	LISP_MS_REJ_OVER_QUOTA,		/* past the site's max_regs */
	LISP_MS_REJ_MAX
};

/* Errors, after the codec's (err.h) so that one int carries either. */
enum lisp_ms_err {
	LISP_MS_ERR_BASE = 64,
	/* LISP_MS_ERR_BASE + enum lisp_ms_reject: */
	LISP_MS_ERR_MALFORMED = LISP_MS_ERR_BASE,
	LISP_MS_ERR_UNKNOWN_SITE,
	LISP_MS_ERR_PREFIX,
	LISP_MS_ERR_AUTH,
	LISP_MS_ERR_MIXED_SITES,
	LISP_MS_ERR_FULL,
	LISP_MS_ERR_COVERS,
	LISP_MS_ERR_REPLAYED,
	LISP_MS_ERR_NO_XTR_ID,
	LISP_MS_ERR_OVER_QUOTA,
	/* configuration */
	LISP_MS_ERR_EXISTS,
	LISP_MS_ERR_NOT_FOUND,
	LISP_MS_ERR_NOMEM,
	LISP_MS_ERR_MAX
};

struct lisp_ms_link {
	struct lisp_ms_link *prev, *next;
};

/* An authentication key (RFC 9301 5.6: Key ID + Algorithm ID). */
struct lisp_ms_key {
	uint8_t key_id;
	uint8_t alg_id;		/* LISP_ALG_HMAC_SHA1_96 or _SHA256_128 */
	uint16_t len;
	uint8_t bytes[LISP_MS_KEY_MAX];
};

/*
 * How a site's Map-Registers are checked for replays (issue 11), after
 * their HMAC.  The nonce of a Map-Register is not used by RFC 9301 but
 * "may be in the future as part of an anti-replay solution"; lispd's
 * ETR sends the I bit, its xTR-ID and an increasing nonce.
 *
 *   COUNTER         with the I bit, the nonce must be greater than the
 *                   last one accepted from that xTR-ID for the site;
 *                   without it, a nonce among the site's last
 *                   LISP_MS_NONCE_WINDOW is refused (0 never: RFC 9301
 *                   lets an xTR send 0).  The default.
 *   REQUIRE_XTR_ID  as COUNTER, and Map-Registers without the I bit
 *                   are refused (no-xtr-id): replays are never taken.
 *   WINDOW          the window only, I bit or not: for xTRs that send
 *                   the I bit with random nonces.
 */
enum lisp_ms_replay {
	LISP_MS_REPLAY_COUNTER,
	LISP_MS_REPLAY_REQUIRE_XTR_ID,
	LISP_MS_REPLAY_WINDOW,
	LISP_MS_REPLAY_MAX
};

#define LISP_MS_NONCE_WINDOW	64	/* nonces remembered, per site */
#define LISP_MS_MAX_SITE_XTRS	256	/* xTR-IDs remembered, per site */

/* The highest nonce accepted from one xTR-ID of a site. */
struct lisp_ms_xtr {
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t nonce;
	uint64_t last_ms;		/* when */
};

/*
 * A site's anti-replay state, made at its first Map-Register.  Past
 * LISP_MS_MAX_SITE_XTRS xTR-IDs, the one heard from longest ago is
 * forgotten (a replay of its Map-Registers would be taken once more).
 */
struct lisp_ms_replay_state {
	unsigned int nxtr, xtr_cap;
	struct lisp_ms_xtr *xtr;
	unsigned int nwin, win_next;
	uint64_t win[LISP_MS_NONCE_WINDOW];
};

struct lisp_ms_site_stats {
	uint64_t registers;	/* Map-Registers accepted */
	uint64_t records;	/* EID-records stored (refreshes included) */
	uint64_t deregisters;	/* records with TTL 0 */
	uint64_t expired;	/* xTRs' registrations timed out */
	uint64_t notifies;	/* Map-Notifies built */
	uint64_t moves;		/* xTRs' parts taken by another (issue 12) */
	uint64_t auth_failures;
	uint64_t replayed;	/* refused: replayed, or no xTR-ID */
	uint64_t over_quota;	/* refused: past max_regs */
	uint64_t prefix_refused;
	uint64_t proxy_replies;	/* records answered for the site */
	uint64_t forwards;	/* records forwarded to its ETRs */
	uint64_t unregistered;	/* negative answers for its prefixes */
};

/* Fields a caller may read; the links are the Map-Server's. */
struct lisp_ms_site {
	char name[LISP_MS_NAME_MAX];
	uint8_t nkeys;
	struct lisp_ms_key key[LISP_MS_MAX_KEYS];
	unsigned int nprefix;	/* configured EID prefixes */
	unsigned int nreg;	/* registered prefixes */
	unsigned int max_regs;	/* LISP_MS_SITE_MAX_REGS */
	enum lisp_ms_replay replay;	/* LISP_MS_REPLAY_COUNTER */
	struct lisp_ms_replay_state *rp;	/* NULL: nothing heard yet */
	uint64_t last_register_ms;
	struct lisp_ip last_etr;
	struct lisp_ms_site_stats stats;
	struct lisp_ms_link node;	/* lisp_ms.sites */
	struct lisp_ms_link eids;	/* its struct lisp_ms_eid */
	struct lisp_ms_link regs;	/* its struct lisp_ms_reg */
	struct lisp_ms_site *hash_next;
};

struct lisp_ms_db;

/* A configured EID prefix of a site. */
struct lisp_ms_eid {
	struct lisp_ms_site *site;
	struct lisp_ms_db *db;
	struct lisp_prefix pfx;		/* as configured, host bits cleared */
	bool accept_more_specifics;
	unsigned int nreg;		/* registrations under it */
	struct lisp_ms_link node;	/* site->eids */
};

struct lisp_ms_reg;

/*
 * One xTR's registration of a prefix (RFC 9301 8.2: several xTRs of a
 * site register one prefix, told apart by their xTR-IDs, and the
 * Map-Server merges them).  Map-Registers without the I bit are the
 * xTR of the null xTR-ID: each replaces the last one.
 */
struct lisp_ms_xreg {
	struct lisp_ms_reg *reg;
	bool xtr_id_present;		/* I; false: the null xTR-ID */
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
	struct lisp_ip etr;		/* source of its last Map-Register */
	uint16_t etr_port;
	/*
	 * Where Map-Requests go to reach this xTR: one of its locators,
	 * never an address only the unauthenticated outer header gave
	 * (issue 11).  fwd_port 0: none the Map-Server can send to.
	 */
	struct lisp_ip fwd;
	uint16_t fwd_port;
	bool proxy_reply;		/* P */
	bool want_notify;		/* M */
	/* The key it registered with: a Map-Notify to it uses that one. */
	uint8_t key_id, alg_id;
	uint32_t ttl;			/* minutes, as registered */
	uint8_t nloc;
	uint64_t first_ms;		/* first registered */
	uint64_t last_ms;		/* last refreshed */
	uint64_t expires_ms;
	/* Its EID-record as a Map-Reply carries it (A, L, p clear). */
	uint16_t rec_len;
	uint32_t rec_cap;
	uint8_t *rec;
	struct lisp_ms_xreg *next;	/* reg->xregs, oldest first */
	struct lisp_ms_link exp_node;	/* lisp_ms.expiry, soonest first */
};

/*
 * A registered EID prefix: its xTRs' registrations, merged.  The fields
 * below xregs are the merge's, redone whenever an xTR's part changes.
 */
struct lisp_ms_reg {
	struct lisp_ms_site *site;
	struct lisp_ms_eid *eid;	/* the configured prefix it is under */
	struct lisp_prefix pfx;
	unsigned int nxreg;
	struct lisp_ms_xreg *xregs;	/* at most LISP_MS_MAX_REG_XTRS */
	struct lisp_ip etr;		/* source of its last Map-Register */
	uint16_t etr_port;
	/* The last refreshed xTR's fwd (fwd_port 0: none). */
	struct lisp_ip fwd;
	uint16_t fwd_port;
	bool proxy_reply;		/* P from any of its xTRs */
	/*
	 * The union holds RLOCs that the xTR forwarded requests go to does
	 * not register: only the Map-Server can give the merged set, so it
	 * answers itself (proxy Map-Reply).
	 */
	bool union_wider;
	bool want_notify;		/* M from any */
	uint32_t ttl;			/* minutes, the shortest */
	uint8_t nloc;			/* in the union */
	uint64_t first_ms;		/* first registered */
	uint64_t last_ms;		/* last refreshed */
	uint64_t expires_ms;		/* when its last xTR's part expires */
	/*
	 * The EID-record as the Map-Server's Map-Replies carry it: the
	 * union of its xTRs' locators.  rec_cap is at least the sum of
	 * their records' lengths, so that a merge always fits.
	 */
	uint16_t rec_len;
	uint32_t rec_cap;
	uint8_t *rec;
	uint64_t pub_hash;		/* of rec when last seen by pubsub.c */
	struct lisp_ms_link site_node;	/* site->regs */
};

struct lisp_ms_stats {
	uint64_t registers;		/* accepted */
	uint64_t rejected[LISP_MS_REJ_MAX];
	uint64_t notifies;
	uint64_t notify_errors;		/* accepted, but no Map-Notify built */
	/* Issue 12: a prefix registered by another xTR (a host moved). */
	uint64_t moves;			/* xTRs' parts taken */
	uint64_t move_notifies;		/* Map-Notifies built to them */
	uint64_t move_notify_errors;	/* not built, or past the bound */
	uint64_t move_notify_retransmits;	/* no Map-Notify-Ack yet */
	uint64_t move_notify_unacked;	/* given up after the last */
	uint64_t move_notify_evicted;	/* LISP_MS_MAX_MOVE_WAIT: oldest went */
	/* Not sent again: its xTR registered the prefix once more. */
	uint64_t move_notify_superseded;
	uint64_t notify_acks;		/* Map-Notify-Acks of moves verified */
	uint64_t notify_acks_bad;	/* refused: no move's, no publication's */
	uint64_t deregisters;
	uint64_t expired;
	uint64_t requests;
	uint64_t req_malformed;
	uint64_t proxy_replies;		/* records, each outcome */
	uint64_t forwards;
	uint64_t neg_unregistered;
	uint64_t neg_not_eid;
	uint64_t rec_dropped;		/* bad EID, no room, too many ETRs */
	uint64_t no_itr_rloc;		/* nowhere to send the Map-Reply */
	uint64_t ms_forwards;		/* records sent on to a Map-Server */
	uint64_t fwd_ttl_expired;	/* not sent on: inner TTL ran out */
	uint64_t fwd_loop_refused;	/* not sent to a Map-Server/ourselves */
	uint64_t fwd_no_rloc;		/* not sent: no locator to send to */
	uint64_t req_duplicate_eid;	/* requests naming an EID twice */
	uint64_t dont_reply;		/* D bit: no Map-Reply sent */
	uint64_t reply_truncated;	/* records left out: reply_ratio */
	uint64_t reports_suppressed;	/* rejections not logged: too many */
};

/*
 * A Map-Resolver route (RFC 9301 8.4): Map-Requests for EIDs in pfx go
 * to the Map-Server at ms_addr:port, unless a site configured here has
 * a prefix at least as specific for the EID.
 */
struct lisp_ms_route {
	struct lisp_ms_db *db;
	struct lisp_prefix pfx;		/* host bits cleared */
	struct lisp_ip ms_addr;
	uint16_t port;
	uint64_t forwards;		/* records sent there */
	struct lisp_ms_link node;	/* lisp_ms.routes, in order added */
};

/* An address and UDP port (a daemon on this host may use another port). */
struct lisp_ms_endpoint {
	struct lisp_ip addr;
	uint16_t port;
};

struct lisp_ms_reported {
	bool used;
	uint8_t reason;
	struct lisp_ip src;
	uint64_t at_ms;
};

#define LISP_MS_SITE_HASH	16384
#define LISP_MS_REPORT_BURST	10	/* log lines ... */
#define LISP_MS_REPORT_WINDOW_MS 60000	/* ... a minute, all sources */
#define LISP_MS_REPLY_RATIO	4	/* default lisp_ms.reply_ratio */
#define LISP_MS_DB_SLOTS	(2 * LISP_MS_MAX_DBS)

/* lisp_ms.reply_afis: ITR-RLOC families the daemon can send to. */
#define LISP_MS_AFI_IPV4	(1u << LISP_AFI_IPV4)
#define LISP_MS_AFI_IPV6	(1u << LISP_AFI_IPV6)

struct lisp_ms {
	/* Settings, defaults from lisp_ms_new(). */
	uint32_t register_period_ms;	/* LISP_MS_REG_PERIOD_MS */
	unsigned int reply_afis;	/* LISP_MS_AFI_IPV4 | _IPV6 */
	/*
	 * A Map-Reply's bytes stay within reply_ratio times the request's
	 * (0: no cap); its first record always goes.  LISP_MS_REPLY_RATIO.
	 */
	unsigned int reply_ratio;
	/*
	 * The nonce of the last unsolicited Map-Notify (issue 12: to an
	 * xTR whose prefix another took): each one more.  The caller may
	 * seed it with the time, so that it grows across restarts too and
	 * the xTR can refuse one it has seen (or older).
	 */
	uint64_t move_nonce;
	uint64_t move_nonce_first;	/* the first issued, 0: none yet */
	struct lisp_ms_link move_wait;	/* move.c: waiting for their Acks */
	unsigned int nmove_wait;
	/* State. */
	uint64_t report_window_ms;	/* lisp_ms_reported's window start */
	unsigned int report_count;	/* lines logged in it */
	unsigned int nsites, nprefix, ndb, nroute;
	unsigned int nreg;		/* registered prefixes */
	unsigned int nxreg;		/* their xTRs' parts */
	struct lisp_ms_stats stats;
	struct lisp_ms_link sites;	/* in the order added */
	struct lisp_ms_link routes;	/* struct lisp_ms_route */
	struct lisp_ms_link expiry;	/* xTRs' parts, soonest first */
	struct lisp_ms_site *site_hash[LISP_MS_SITE_HASH];
	struct lisp_ms_db *db_slot[LISP_MS_DB_SLOTS];
	struct lisp_ms_db *db_list[LISP_MS_MAX_DBS];
	struct lisp_ms_reported reported[LISP_MS_REPORTED_MAX];
	struct lisp_ms_pubsub *ps;	/* pubsub.c */
	/*
	 * Never a forward's destination: this node's addresses and the
	 * Map-Servers it knows (lisp_ms_set_no_forward), and the distinct
	 * Map-Servers of the routes (route.c).
	 */
	unsigned int nnofwd, nroute_ms;
	struct lisp_ms_endpoint nofwd[LISP_MS_MAX_NOFWD];
	struct lisp_ms_endpoint route_ms[LISP_MS_MAX_NOFWD];
	/* Scratch space of the handlers (the codec's structs are large). */
	struct lisp_map_register *mreg, *mnot;
	struct lisp_map_request *mreq, *msub;
	struct lisp_record *rec, *mrec;
	uint8_t *tmp;			/* LISP_MS_PKT_MAX */
};

/* One message to send (UDP payload). */
struct lisp_ms_pkt {
	struct lisp_ip dst;
	uint16_t sport, dport;
	size_t len;
	uint8_t buf[LISP_MS_PKT_MAX];
};

struct lisp_ms_reg_action {
	struct lisp_ms_site *site;	/* NULL if rejected */
	unsigned int nrec;		/* records stored or removed */
	int codec_err;			/* LISP_MS_ERR_MALFORMED: why */
	/*
	 * LISP_MS_ERR_AUTH (issue 14: say what was received against what
	 * is configured): the site whose keys refused the message, and
	 * the message's Key ID and Algorithm ID.
	 */
	const struct lisp_ms_site *auth_site;
	uint8_t auth_key_id, auth_alg_id;
	bool has_notify;
	struct lisp_ms_pkt notify;	/* to the ETR */
	/*
	 * Issue 12: Map-Notifies to the xTRs whose parts a record of this
	 * Map-Register took (lisp_ms_handle_register says when).
	 */
	unsigned int nmoved;
	struct lisp_ms_pkt moved[LISP_MS_MAX_MOVE_NOTIFY];
};

/* What the Map-Server does for one EID of a Map-Request. */
enum lisp_ms_answer {
	LISP_MS_ANS_PROXY,		/* Map-Reply from the registration */
	LISP_MS_ANS_FORWARD,		/* Map-Request forwarded to the ETR */
	LISP_MS_ANS_UNREGISTERED,	/* negative, configured, unregistered */
	LISP_MS_ANS_NOT_EID,		/* negative, not in any site prefix */
	LISP_MS_ANS_DROPPED,		/* bad EID, or no room for it */
	LISP_MS_ANS_MS_FORWARD,		/* sent on to a remote Map-Server */
	LISP_MS_ANS_SUBSCRIBED,		/* Map-Notify to the subscriber */
};

struct lisp_ms_req_action {
	uint8_t nrec;
	uint8_t answer[LISP_MAX_RECORDS];	/* enum lisp_ms_answer */
	bool has_reply;
	struct lisp_ms_pkt reply;		/* Map-Reply to the ITR-RLOC */
	unsigned int nfwd;
	struct lisp_ms_pkt fwd[LISP_MS_MAX_FWD];	/* ECMs to ETRs, MSs */
};

/* The answer for one EID (lisp_ms_match). */
struct lisp_ms_match {
	enum lisp_ms_answer answer;
	struct lisp_ms_eid *eid;	/* configured prefix covering it */
	struct lisp_ms_reg *reg;	/* PROXY, FORWARD */
	struct lisp_ms_route *route;	/* MS_FORWARD */
	uint8_t neg_plen;		/* UNREGISTERED, NOT_EID: prefix ... */
	uint32_t neg_ttl;		/* ... and TTL (minutes) to answer */
};

/* ---- site.c: the Map-Server and its configuration ---- */
struct lisp_ms *lisp_ms_new(void);
void lisp_ms_free(struct lisp_ms *ms);
int lisp_ms_key_set(struct lisp_ms_key *k, unsigned int key_id,
		    unsigned int alg_id, const void *bytes, size_t len);
int lisp_ms_site_add(struct lisp_ms *ms, const char *name,
		     const struct lisp_ms_key *key, struct lisp_ms_site **out);
int lisp_ms_site_add_key(struct lisp_ms *ms, struct lisp_ms_site *site,
			 const struct lisp_ms_key *key);
struct lisp_ms_site *lisp_ms_site_find(const struct lisp_ms *ms,
				       const char *name);
/* Anti-replay mode of a site (its state is kept); -LISP_ERR_INVALID. */
int lisp_ms_site_set_replay(struct lisp_ms_site *site, unsigned int mode);
/*
 * At most n (1 .. LISP_MS_MAX_REGS) registered prefixes for the site:
 * past it a Map-Register with a new prefix is refused (over-quota).
 * Lowered below what the site has, those stay and may be refreshed.
 */
int lisp_ms_site_set_max_regs(struct lisp_ms_site *site, unsigned int n);
/* eid: plain or Instance-ID LCAF (IID 0 if plain) IPv4/IPv6 address. */
int lisp_ms_site_add_prefix(struct lisp_ms *ms, struct lisp_ms_site *site,
			    const struct lisp_addr *eid, unsigned int plen,
			    bool accept_more_specifics);
int lisp_ms_site_del_prefix(struct lisp_ms *ms, struct lisp_ms_site *site,
			    const struct lisp_addr *eid, unsigned int plen);
/* Removes its prefixes and registrations too. */
void lisp_ms_site_del(struct lisp_ms *ms, struct lisp_ms_site *site);

/* ---- route.c: where the Map-Resolver sends what is not local ---- */
/*
 * Send Map-Requests for eid/plen (plain or Instance-ID LCAF) to the
 * Map-Server ms_addr:port.  -LISP_MS_ERR_EXISTS if the prefix has a
 * route already, -LISP_MS_ERR_FULL past LISP_MS_MAX_ROUTES.
 */
int lisp_ms_route_add(struct lisp_ms *ms, const struct lisp_addr *eid,
		      unsigned int plen, const struct lisp_ip *ms_addr,
		      uint16_t port);
/*
 * Where Map-Requests are never forwarded to (issue 11): this node's own
 * addresses at its control port, and the Map-Servers it knows besides
 * its routes'.  Replaces the
 * previous set; -LISP_MS_ERR_FULL past LISP_MS_MAX_NOFWD (unchanged).
 */
int lisp_ms_set_no_forward(struct lisp_ms *ms,
			   const struct lisp_ms_endpoint *ep, unsigned int n);
/* Remove every route (a reload adds the configured ones again). */
void lisp_ms_route_flush(struct lisp_ms *ms);
typedef int (*lisp_ms_route_fn)(const struct lisp_ms_route *r, void *arg);
int lisp_ms_show_routes(const struct lisp_ms *ms, lisp_ms_route_fn fn,
			void *arg);

/* ---- register.c: Map-Register, registrations ---- */
/*
 * Handle the Map-Register pkt[0..len) from src:sport (RFC 9301 8.2).
 * Each record must be a configured prefix, or inside one with
 * accept-more-specifics (the most specific configured prefix decides
 * the site) that covers no configured prefix of another site (else its
 * proxy answers would take that site's traffic); all must answer to one
 * key (the message's key-id and algorithm), and the HMAC must verify
 * with it.  Then each record replaces the sender's part of the
 * registration of its prefix, the sender being its xTR-ID (or the null
 * xTR-ID without the I bit); TTL 0 removes that part only.  Each part
 * expires after LISP_MS_REG_MISSES register periods; a prefix has at
 * most LISP_MS_MAX_REG_XTRS parts (a new xTR pushes out the part
 * refreshed longest ago), and a site at most max_regs prefixes (a
 * Map-Register that would pass it is refused as a whole).  Before
 * that, after the HMAC, a replay is
 * refused as each record's site says (enum lisp_ms_replay): a replayed
 * TTL 0 deletes nothing.
 *
 * A host moved (issue 12): a record (TTL not 0, locators) for a prefix
 * more specific than its configured one (accept-more-specifics: a
 * roaming host's /32 or /128) whose locators share none with the parts
 * of other xTRs of its prefix (the null xTR-ID from another source is
 * another xTR; a sender without the I bit takes only that null part)
 * takes the prefix from them, but from those that sent the
 * I bit with the sender's site-ID, if not 0 (xTRs of one multihomed
 * site that both see the host, which merge).  A configured prefix
 * itself never moves: its xTRs' parts merge (RFC 9301 8.2).  Each part
 * taken is dropped
 * (superseded, counted as moves) and
 * act->moved gets a Map-Notify to where its last Map-Register came from
 * (RFC 9301 5.7 format: the new record, the old part's key-id, its
 * xTR-ID and site-ID, nonce ++ms->move_nonce, signed with the key the
 * part registered with).  At most LISP_MS_MAX_MOVE_NOTIFY a message;
 * past them the parts still go (move_notify_errors).  The caller sends
 * them and hands them to lisp_ms_move_wait: they go again until
 * acknowledged.  A record of a host prefix (more specific than its
 * configured one) stops those still telling its sender that the host
 * went elsewhere (move_notify_superseded).
 *
 * Returns 0, with act->notify (to src:sport, the Map-Register's nonce
 * echoed as RFC 9301 5.7 wants) if M was set, or -LISP_MS_ERR_<reason>,
 * counted in ms->stats.rejected[reason].
 */
int lisp_ms_handle_register(struct lisp_ms *ms, const uint8_t *pkt,
			    size_t len, const struct lisp_ip *src,
			    uint16_t sport, uint64_t now_ms,
			    struct lisp_ms_reg_action *act);
/*
 * A Map-Notify-Ack (RFC 9301 5.7, UDP payload) from src, to one of the
 * Map-Server's unsolicited Map-Notifies: tried first as a publication's
 * (RFC 9437, see lisp_ms_pubsub_poll: it waits no more; counted in the
 * pubsub stats' acks), then as a move's, a Map-Notify of act->moved (a
 * nonce move_notify issued, verified with the key of the site its first
 * record's prefix is configured in; counted notify_acks, and the
 * Map-Notify of that nonce, if lisp_ms_move_wait keeps it, is not sent
 * again).  0, or refused by both: counted once
 * as notify_acks_bad (and, once pubsub ran, as ack_auth_failures if a
 * publication waits for it but its HMAC fails, else ack_unknown), with
 * -LISP_MS_ERR_AUTH (the nonce of one, not its HMAC),
 * -LISP_MS_ERR_NOT_FOUND or a codec error.
 */
int lisp_ms_handle_notify_ack(struct lisp_ms *ms, const uint8_t *pkt,
			      size_t len, const struct lisp_ip *src);
/* Drop xTRs' registrations not refreshed in time; returns how many. */
unsigned int lisp_ms_expire(struct lisp_ms *ms, uint64_t now_ms);
/* Registration of exactly eid/plen, or NULL. */
struct lisp_ms_reg *lisp_ms_reg_find(const struct lisp_ms *ms,
				     const struct lisp_addr *eid,
				     unsigned int plen);
void lisp_ms_reg_del(struct lisp_ms *ms, struct lisp_ms_reg *reg);

/* ---- move.c: a move's Map-Notify until its Map-Notify-Ack ---- */
/*
 * RFC 9301 5.7: an unsolicited Map-Notify is retransmitted until a
 * Map-Notify-Ack with its nonce comes; an implementation SHOULD
 * retransmit up to 3 times at 3-second intervals, then back off
 * exponentially for another 3 attempts.  So a move's Map-Notify goes
 * again 3, 6 and 9 s after the first, then 15, 27 and 51 s after it
 * (waits of 6, 12 and 24 s); 48 s after that last one it is given up
 * (move_notify_unacked).
 */
#define LISP_MS_MOVE_RETRY_MS		3000
#define LISP_MS_MOVE_RETRIES_FLAT	3	/* LISP_MS_MOVE_RETRY_MS apart */
#define LISP_MS_MOVE_RETRIES		6	/* then each wait doubled */
/*
 * The caller sent act->moved[] (lisp_ms_handle_register) at now_ms,
 * from local: the address the Map-Register came to, which the old xTR
 * knows its map-server by (NULL, or of another family: any).  Each
 * then waits for its Map-Notify-Ack, goes again (the same message, from
 * the same address) at lisp_ms_move_poll, and waits no more once its
 * xTR registers the prefix again (move_notify_superseded).  At most
 * LISP_MS_MAX_MOVE_WAIT wait (ms->nmove_wait): past it, the one waiting
 * since longest goes (move_notify_evicted).
 */
void lisp_ms_move_wait(struct lisp_ms *ms,
		       const struct lisp_ms_reg_action *act,
		       const struct lisp_ip *local, uint64_t now_ms);
/*
 * The next move's Map-Notify due at now_ms again: 1, *out and *local
 * (its source; afi 0: any), or 0.  The daemon calls it when it calls
 * lisp_ms_pubsub_poll, and at lisp_ms_move_next_ms().
 */
int lisp_ms_move_poll(struct lisp_ms *ms, uint64_t now_ms,
		      struct lisp_ms_pkt *out, struct lisp_ip *local);
/* When lisp_ms_move_poll has work next, UINT64_MAX if never. */
uint64_t lisp_ms_move_next_ms(const struct lisp_ms *ms);

/* ---- request.c: Map-Request ---- */
/*
 * Answer the Map-Request pkt[0..len) that arrived in an ECM whose inner
 * IP/UDP header is inner (NULL for a bare Map-Request: then nothing can
 * be forwarded).  Sent on, to an ETR or a Map-Server, the ECM keeps the
 * ITR's inner header, its TTL less one: a request with TTL 1 or 0 is
 * not sent on (fwd_ttl_expired), and nothing goes to an address of
 * lisp_ms_set_no_forward's or to a route's Map-Server when an ETR was
 * meant (fwd_loop_refused), so that Map-Servers cannot loop.  A request
 * naming one EID-prefix twice gets nothing (req_duplicate_eid, act->nrec
 * 0); one with the D bit gets no Map-Reply (dont_reply), its forwards
 * still go, and its answers are not counted as sent.  The Map-Reply
 * holds the first answer and the next ones while it stays within
 * reply_ratio times len (the others: reply_truncated).  Returns 0 and
 * fills act (a Map-Reply and/or ECMs to
 * forward, an answer per record), or an error if the Map-Request does
 * not parse.  act is large (~40 KiB): keep it off small stacks.
 */
int lisp_ms_handle_request(struct lisp_ms *ms, const uint8_t *pkt,
			   size_t len, const struct lisp_ip_udp *inner,
			   uint64_t now_ms, struct lisp_ms_req_action *act);
/*
 * The same for a Map-Request the caller has parsed already (a daemon
 * checks it before it gets here: no second parse): req is pkt[0..len)
 * as lisp_map_request_parse() made it; pkt is still read, a forward
 * carries its bytes.  Returns 0.
 */
int lisp_ms_answer_request(struct lisp_ms *ms, const uint8_t *pkt,
			   size_t len, const struct lisp_map_request *req,
			   const struct lisp_ip_udp *inner, uint64_t now_ms,
			   struct lisp_ms_req_action *act);
/* The same from the whole ECM (UDP payload). */
int lisp_ms_handle_ecm(struct lisp_ms *ms, const uint8_t *pkt, size_t len,
		       uint64_t now_ms, struct lisp_ms_req_action *act);
/* What the Map-Server answers for eid/plen (plen: max for a host). */
int lisp_ms_match(struct lisp_ms *ms, const struct lisp_addr *eid,
		  unsigned int plen, uint64_t now_ms, struct lisp_ms_match *m);

/* ---- pubsub.c: publish/subscribe (RFC 9437) ---- */
/*
 * A Map-Request with I (xTR-ID, site-ID) and N on an EID-record is a
 * subscription to the mapping that answers that record.  The Map-Server
 * takes it only for a registered prefix, and only from a subscriber it
 * knows: an xTR-ID that registers (authenticated Map-Registers) with a
 * site here, the site-ID it registers with, and an ITR-RLOC among the
 * locators it registers.  The subscriber shares its site's key with the
 * Map-Server: the Map-Notifies it gets are signed with the site's first
 * key (RFC 9437 7 leaves how the key is agreed to deployments).  A
 * subscription is answered by the Map-Server itself, never forwarded: a
 * Map-Notify with the mapping and the request's nonce; every later
 * change of the registration (locators, withdrawal, another xTR), or of
 * a more specific one under it, goes to each subscriber in a Map-Notify
 * whose nonce is one more than the last, retransmitted every retry_ms
 * until a Map-Notify-Ack, retries times at most (then the subscription
 * goes: counted unacked).  A subscription lives as long as the
 * mapping's TTL; the ITR's refresh renews it.
 */
#define LISP_MS_PS_MAX_SUBS		65536	/* default, all prefixes */
#define LISP_MS_PS_MAX_SUBS_LIMIT	1048576
#define LISP_MS_PS_PER_PREFIX		64	/* default, per prefix */
#define LISP_MS_PS_MAX_XTRS		65536	/* subscribers known */
#define LISP_MS_PS_RETRY_MS		1000
#define LISP_MS_PS_RETRIES		3
#define LISP_MS_PS_MIN_LIFE_MS		60000	/* whatever the TTL */

struct lisp_ms_ps_stats {
	uint64_t subscriptions;		/* accepted (renewals too) */
	uint64_t renewals;		/* of those, of a known one */
	uint64_t refused_unknown;	/* xTR-ID/site-ID not registered */
	uint64_t refused_rloc;		/* ITR-RLOC not one it registers */
	uint64_t refused_unregistered;	/* no registration to follow */
	uint64_t refused_full;		/* max_subs reached */
	uint64_t evictions;		/* per-prefix bound: oldest went */
	uint64_t notifies_sent;		/* first transmissions */
	uint64_t retransmits;
	uint64_t acks;			/* Map-Notify-Acks matched */
	/* Refused, no move's either (in notify_acks_bad too): */
	uint64_t ack_unknown;		/* no such Map-Notify waiting */
	uint64_t ack_auth_failures;	/* one waiting, HMAC failed */
	uint64_t unacked;		/* gave up: subscription dropped */
	uint64_t expired;		/* not renewed within its life */
	uint64_t publications;		/* changes that had subscribers */
	uint64_t build_errors;		/* Map-Notify not built, or no key */
};

/* Bounds and timers; 0 keeps a value.  -LISP_ERR_INVALID past a bound. */
int lisp_ms_pubsub_set(struct lisp_ms *ms, unsigned int max_subs,
		       unsigned int per_prefix, uint32_t retry_ms,
		       unsigned int retries);
/* NULL if pubsub never ran (nothing subscribed, nothing counted). */
const struct lisp_ms_ps_stats *lisp_ms_pubsub_stats(const struct lisp_ms *ms);
unsigned int lisp_ms_pubsub_count(const struct lisp_ms *ms);
/*
 * The next Map-Notify due at now_ms (a first transmission or a retry),
 * 1 and *out, or 0.  The daemon calls it after every message it hands
 * the Map-Server and at lisp_ms_pubsub_next_ms().
 */
int lisp_ms_pubsub_poll(struct lisp_ms *ms, uint64_t now_ms,
			struct lisp_ms_pkt *out);
/* When poll has work next, UINT64_MAX if never. */
uint64_t lisp_ms_pubsub_next_ms(const struct lisp_ms *ms);
/* Drop subscriptions past their life; returns how many. */
unsigned int lisp_ms_pubsub_expire(struct lisp_ms *ms, uint64_t now_ms);
typedef int (*lisp_ms_sub_fn)(const struct lisp_prefix *pfx,
			      const uint8_t *xtr_id,
			      const struct lisp_ip *rloc, uint64_t nonce,
			      bool waiting, uint64_t expires_ms, void *arg);
/* Every subscription; a non-zero return from fn stops and is returned. */
int lisp_ms_pubsub_show(const struct lisp_ms *ms, lisp_ms_sub_fn fn,
			void *arg);

/* ---- show.c: listings, errors, log-once ---- */
typedef int (*lisp_ms_site_fn)(const struct lisp_ms_site *site, void *arg);
typedef int (*lisp_ms_eid_fn)(const struct lisp_ms_eid *eid, void *arg);
typedef int (*lisp_ms_reg_fn)(const struct lisp_ms_reg *reg, void *arg);
/* Visit in order added; a non-zero return from fn stops and is returned. */
int lisp_ms_show_sites(const struct lisp_ms *ms, lisp_ms_site_fn fn,
		       void *arg);
int lisp_ms_show_prefixes(const struct lisp_ms_site *site,
			  lisp_ms_eid_fn fn, void *arg);
/* Registrations of site, or of every site if site is NULL. */
int lisp_ms_show_registrations(const struct lisp_ms *ms,
			       const struct lisp_ms_site *site,
			       lisp_ms_reg_fn fn, void *arg);
/* Decode a registration's EID-record (its RLOC set). */
int lisp_ms_reg_record(const struct lisp_ms_reg *reg, struct lisp_record *out);
/* One-line text forms for "show"; return the length or -LISP_ERR_NO_SPACE. */
int lisp_ms_site_to_str(const struct lisp_ms_site *site, uint64_t now_ms,
			char *buf, size_t len);
int lisp_ms_reg_to_str(const struct lisp_ms_reg *reg, uint64_t now_ms,
		       char *buf, size_t len);
int lisp_ms_xreg_to_str(const struct lisp_ms_xreg *xr, uint64_t now_ms,
			char *buf, size_t len);
const char *lisp_ms_strerror(int err);
const char *lisp_ms_reject_str(unsigned int reason);
const char *lisp_ms_answer_str(unsigned int answer);
/* "counter", "require-xtr-id", "window" (enum lisp_ms_replay). */
const char *lisp_ms_replay_str(unsigned int mode);
/* enum lisp_ms_reject of a -LISP_MS_ERR_* from a handler, or -1. */
int lisp_ms_err_reason(int err);
/*
 * Log once per source: true if (src, reason) was already reported in the
 * last LISP_MS_REPORT_FORGET_MS; else remembers it (the oldest of
 * LISP_MS_REPORTED_MAX is forgotten) and returns false: log it.  Across
 * sources, at most LISP_MS_REPORT_BURST a LISP_MS_REPORT_WINDOW_MS are
 * logged; the others are counted (reports_suppressed).
 */
bool lisp_ms_reported(struct lisp_ms *ms, const struct lisp_ip *src,
		      unsigned int reason, uint64_t now_ms);

#endif /* LISP_MS_MS_H */
