/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ITR's resolver (RFC 9301 5.3, 5.4, 5.8; RFC 6832 for a PITR): turn
 * map-cache misses into Encapsulated Map-Requests to the Map-Resolvers,
 * retry them, match the Map-Replies by nonce and turn their records into
 * map-cache entries (map.h), refresh entries in use before they expire.
 *
 * Pure C: no sockets, no clock, no global state.  The caller passes
 * now_ms (any monotonic milliseconds) and gets back the packets to send
 * (UDP payloads for its control socket) and the entries to install.
 * One thread at a time per struct lisp_itr.
 *
 * How a daemon drives it:
 *   miss (kernel LISP_CMD_MISS)  lisp_itr_miss()          -> 0/1 packet
 *   Map-Reply on its socket      lisp_itr_handle_reply()  -> entries
 *   timer at lisp_itr_next_deadline()
 *                                lisp_itr_tick()          -> retries,
 *                                                            give-ups
 *   every few seconds, a paced scan of the kernel's map-caches
 *                                lisp_itr_scan_*()        -> 0/1 packet
 *                                                            per entry
 *   Solicit-Map-Request for a cached EID
 *                                lisp_itr_smr()           -> 0/1 packet
 *
 * Per EID prefix (and device and instance-id) at most one request is
 * outstanding and at most one Map-Request is sent per second: a miss
 * for a prefix that is waiting for its answer, was answered less than a
 * second after its last Map-Request, or gave up less than holddown_ms
 * ago is suppressed (and counted).  Retries use the same nonce, go to
 * the next Map-Resolver and back off exponentially: with the defaults
 * the Map-Requests leave at 0, 1, 3 and 7 s and the request gives up at
 * 15 s (each wait is twice the one before).  RFC 9301 5.3 allows up to
 * 10 retransmissions, then asks for a 30 s pause: the hold-down.
 */
#ifndef LISP_ITR_RESOLVER_H
#define LISP_ITR_RESOLVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ms/ms.h"
#include "proto/addr.h"
#include "proto/msg.h"
#include "map.h"

/* Bounds and defaults (struct lisp_itr_cfg). */
#define LISP_ITR_MAX_RESOLVERS		8
#define LISP_ITR_PENDING_DEFAULT	4096
#define LISP_ITR_PENDING_MAX		65536
#define LISP_ITR_PKT_MAX		1024	/* one ECM; ~300 bytes used */
#define LISP_ITR_TICK_MAX		64	/* packets/events per tick */
#define LISP_ITR_RETRY_MS		1000	/* first back-off */
#define LISP_ITR_RETRIES		3
#define LISP_ITR_MIN_INTERVAL_MS	1000	/* RFC 9301 5.3: 1/s/prefix */
#define LISP_ITR_HOLDDOWN_MS		30000	/* after giving up */
/* Refresh (lisp_itr_refresh_decide). */
#define LISP_ITR_REFRESH_LEAD_MAX_MS	60000
#define LISP_ITR_REFRESH_IDLE_MS	60000
/*
 * The widest prefix a Map-Reply may install, per family ("itr
 * min-prefix-len 4|6 N").  A positive record wider than that is refused;
 * a negative one is narrowed to it around the EID asked (what the
 * Map-Server said holds for the narrower prefix too, and a negative
 * answer for a non-EID is often wide).  0 allows any.
 */
#define LISP_ITR_MIN_PLEN4		8
#define LISP_ITR_MIN_PLEN6		16
/* Entries the ITR installed and may replace or remove (owned.c). */
#define LISP_ITR_OWNED_MAX		4194304

/* Errors, after the codec's (err.h) and the Map-Server's (ms.h). */
enum lisp_itr_err {
	LISP_ITR_ERR_BASE = 128,
	LISP_ITR_ERR_FULL = LISP_ITR_ERR_BASE,	/* max_pending reached */
	LISP_ITR_ERR_NO_RESOLVER,	/* no Map-Resolver configured */
	LISP_ITR_ERR_NO_RLOC,		/* no ITR-RLOC configured */
	LISP_ITR_ERR_INVALID,		/* bad EID, prefix length, config */
	LISP_ITR_ERR_UNKNOWN_NONCE,	/* a Map-Reply nobody asked for */
	LISP_ITR_ERR_WRONG_EID,		/* no record for the EID asked */
	LISP_ITR_ERR_NOMEM,
	LISP_ITR_ERR_WRONG_SOURCE,	/* an RLOC-probe's answer from elsewhere */
	LISP_ITR_ERR_AUTH,		/* a Map-Notify's HMAC is not good */
	LISP_ITR_ERR_OLD_NONCE,		/* a publication not newer */
	LISP_ITR_ERR_NOT_SUBSCRIBED,	/* a Map-Notify nobody subscribed to */
	LISP_ITR_ERR_MAX
};

typedef uint64_t (*lisp_itr_random_fn)(void *arg);

/* Publish/subscribe (subscribe.c). */
#define LISP_ITR_MAX_MS			8	/* map-servers */
#define LISP_ITR_SUBS_MAX		4096	/* subscribed prefixes */
#define LISP_ITR_SUB_MIN_LIFE_MS	60000	/* the Map-Server's minimum */

/* A map-server this xTR registers with: it publishes, signed with key. */
struct lisp_itr_ms {
	struct lisp_ip addr;
	struct lisp_ms_key key;
};

struct lisp_itr_cfg {
	unsigned int nresolver;
	struct lisp_ip resolver[LISP_ITR_MAX_RESOLVERS];	/* in order */
	uint16_t resolver_port;		/* LISP_CONTROL_PORT */
	unsigned int nrloc;		/* own RLOCs: the ITR-RLOCs sent */
	struct lisp_ip rloc[LISP_MAX_ITR_RLOCS];
	/* Inner UDP source port: where the caller receives Map-Replies. */
	uint16_t reply_port;
	bool pitr;			/* set the p bit (RFC 6832) */
	unsigned int max_pending;	/* fixed by lisp_itr_new() */
	uint32_t retry_ms;		/* wait after the first Map-Request */
	unsigned int max_retries;
	uint32_t min_interval_ms;
	uint32_t holddown_ms;
	uint8_t min_plen4;		/* LISP_ITR_MIN_PLEN4, <= 32 */
	uint8_t min_plen6;		/* LISP_ITR_MIN_PLEN6, <= 128 */
	bool iid0_lcaf;			/* IID 0 in an LCAF too */
	lisp_itr_random_fn random;	/* nonces; must be set */
	void *random_arg;
	/*
	 * RFC 9437: every Map-Request subscribes (I with xtr_id and
	 * site_id, the ETR's, and N); Map-Notifies are taken from the
	 * map-servers in ms[], under their keys.
	 */
	bool subscribe;
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
	unsigned int nms;
	struct lisp_itr_ms ms[LISP_ITR_MAX_MS];
};

/* A miss as the kernel reports it (struct lisp_kmiss), plus the device. */
struct lisp_itr_miss {
	uint32_t dev;		/* the caller's device id, echoed in results */
	bool has_iid;
	uint32_t iid;
	bool has_petr;		/* device has proxy ETRs (map.h) */
	struct lisp_ip src;	/* source EID; AFI 0 if unknown */
	struct lisp_ip dst;	/* the EID to resolve */
};

/* An entry the kernel reports, for refresh decisions. */
struct lisp_itr_installed {
	uint32_t dev;
	bool has_iid;
	uint32_t iid;
	bool has_petr;
	struct lisp_ip eid;
	uint8_t plen;
	uint32_t ttl_s;		/* as installed */
	uint32_t idle_ms;	/* since last use */
	bool has_expires;	/* false: no expiry, never refreshed */
	uint32_t expires_ms;	/* time left */
};

/* One Map-Request to send: the UDP payload (an ECM) and where to. */
struct lisp_itr_pkt {
	struct lisp_ip dst;	/* a Map-Resolver (an RLOC for a probe) */
	struct lisp_ip src;	/* AFI 0: the kernel's choice */
	uint16_t dport;
	size_t len;
	uint8_t buf[LISP_ITR_PKT_MAX];
};

/* Entries from one Map-Reply (large: keep off small stacks). */
struct lisp_itr_reply {
	unsigned int nmap;
	struct lisp_itr_map map[LISP_MAX_RECORDS];
};

/* A request that got no answer: the caller may install a negative. */
struct lisp_itr_unresolved {
	uint32_t dev;
	bool has_iid;
	uint32_t iid;
	struct lisp_ip eid;
	uint8_t plen;
	bool refresh;		/* a refresh or SMR: the entry just expires */
};

/* What one tick produced; the rest waits for the next tick. */
struct lisp_itr_tick {
	unsigned int npkt;
	struct lisp_itr_pkt pkt[LISP_ITR_TICK_MAX];
	unsigned int nunresolved;
	struct lisp_itr_unresolved unresolved[LISP_ITR_TICK_MAX];
};

struct lisp_itr_stats {
	uint64_t requests;	/* first Map-Requests sent */
	uint64_t retries;	/* retransmissions */
	uint64_t refreshes;	/* of the requests: refreshes ... */
	uint64_t smr_invoked;	/* ... and answers to SMRs */
	uint64_t suppressed;	/* misses/refreshes not sent (1/s, pending) */
	uint64_t full;		/* not sent: max_pending requests */
	uint64_t build_errors;	/* not sent: the request did not encode */
	uint64_t replies;	/* Map-Replies matched to a request */
	uint64_t duplicates;	/* matched, but already answered */
	uint64_t unknown_nonce;
	uint64_t wrong_eid;	/* records not covering the EID asked */
	uint64_t too_wide;	/* positive records past min_plen4/6 */
	uint64_t narrowed;	/* negative records cut to min_plen4/6 */
	uint64_t not_most_specific; /* covering, but a longer one came too */
	uint64_t not_owned;	/* would replace/remove a static entry */
	uint64_t owned_full;	/* LISP_ITR_OWNED_MAX entries owned */
	uint64_t malformed;	/* Map-Replies the codec refused */
	uint64_t positive;	/* records turned into entries ... */
	uint64_t negative;
	uint64_t removed;	/* ... and TTL 0 records */
	uint64_t gave_up;	/* unresolved after every retry */
};

/* Publish/subscribe, the subscriber's side (subscribe.c). */
struct lisp_itr_ps_stats {
	uint64_t subscriptions;	/* confirmed (renewals too) */
	uint64_t publications_accepted;	/* later Map-Notifies taken */
	uint64_t withdrawals;	/* of those, the prefix withdrawn */
	uint64_t duplicates;	/* the last one again: acked again only */
	uint64_t refused_auth;	/* HMAC missing, wrong or wrong key */
	uint64_t refused_nonce;	/* not newer than the last taken */
	uint64_t refused_unknown; /* no such map-server, xTR-ID, prefix */
	uint64_t malformed;
	uint64_t acks_sent;	/* Map-Notify-Acks built */
	uint64_t table_full;	/* LISP_ITR_SUBS_MAX: not remembered */
};

struct lisp_itr;

void lisp_itr_cfg_init(struct lisp_itr_cfg *cfg);
/* NULL if cfg is invalid (see lisp_itr_configure) or out of memory. */
struct lisp_itr *lisp_itr_new(const struct lisp_itr_cfg *cfg);
void lisp_itr_free(struct lisp_itr *itr);
/*
 * Change resolvers, RLOCs, ports, PITR and timings (max_pending stays).
 * -LISP_ITR_ERR_INVALID if a count is past its bound, an address is not
 * IPv4/IPv6, random is NULL or retry_ms is 0.  Pending requests go on.
 */
int lisp_itr_configure(struct lisp_itr *itr, const struct lisp_itr_cfg *cfg);
const struct lisp_itr_cfg *lisp_itr_config(const struct lisp_itr *itr);
const struct lisp_itr_stats *lisp_itr_stats(const struct lisp_itr *itr);
unsigned int lisp_itr_npending(const struct lisp_itr *itr);

/*
 * A miss for m->dst: returns 1 and the first Map-Request in *out (EID
 * m->dst as a /32 or /128, source EID m->src), 0 if suppressed, or
 * -LISP_ITR_ERR_* / -LISP_ERR_* when nothing can be sent.
 */
int lisp_itr_miss(struct lisp_itr *itr, const struct lisp_itr_miss *m,
		  uint64_t now_ms, struct lisp_itr_pkt *out);

/*
 * A Map-Reply (UDP payload) arrived.  Its nonce must be that of a
 * request; each record must cover the EID asked (or, for a refresh,
 * overlap the prefix asked), in its instance-id.  Of the records that
 * cover it, only the most specific is taken; one wider than the
 * family's min_plen is refused if positive, narrowed if negative (see
 * LISP_ITR_MIN_PLEN4).  Returns the number of
 * entries in *out (0 for a duplicate answer), or -LISP_ITR_ERR_* /
 * -LISP_ERR_* (malformed) with nothing to install; every case counted.
 * A reply with no acceptable record leaves the request waiting.
 */
int lisp_itr_handle_reply(struct lisp_itr *itr, const uint8_t *buf,
			  size_t len, uint64_t now_ms,
			  struct lisp_itr_reply *out);

/*
 * Entries the ITR installed itself (owned.c): a Map-Reply may replace
 * or remove (TTL 0) only those, never a static entry ("map-cache add"
 * in the config or on the command line).  The caller asks the kernel
 * whether an entry exists at exactly m's prefix (exists), then:
 *   lisp_itr_may_install(itr, m, exists)  false: leave it (counted)
 *   install or remove it in the kernel
 *   lisp_itr_installed() / lisp_itr_removed() on success.
 * An entry the kernel dropped (expired, flushed) is forgotten by a
 * sweep over a full dump of the devices: sweep_begin, seen per entry,
 * sweep_end (returns how many were forgotten).
 */
bool lisp_itr_may_install(struct lisp_itr *itr, const struct lisp_itr_map *m,
			  bool exists);
bool lisp_itr_owns(const struct lisp_itr *itr, const struct lisp_itr_map *m);
/* 0, or -LISP_ITR_ERR_FULL / -LISP_ITR_ERR_NOMEM (counted owned_full). */
int lisp_itr_installed(struct lisp_itr *itr, const struct lisp_itr_map *m);
void lisp_itr_removed(struct lisp_itr *itr, const struct lisp_itr_map *m);
unsigned int lisp_itr_nowned(const struct lisp_itr *itr);
void lisp_itr_owned_sweep_begin(struct lisp_itr *itr);
void lisp_itr_owned_seen(struct lisp_itr *itr, uint32_t dev,
			 const struct lisp_ip *eid, uint8_t plen);
unsigned int lisp_itr_owned_sweep_end(struct lisp_itr *itr);

/* Retries, give-ups and clean-up due at now_ms. */
void lisp_itr_tick(struct lisp_itr *itr, uint64_t now_ms,
		   struct lisp_itr_tick *out);
/* When lisp_itr_tick() has work next; UINT64_MAX if never. */
uint64_t lisp_itr_next_deadline(const struct lisp_itr *itr);

/*
 * Refresh of installed entries (RFC 9301 5.3: "refresh a Map-Cache entry
 * before TTL expiration").  The rule, on what the kernel reports:
 *   - no expiry (static entry): never;
 *   - more than lead = min(TTL / 10, 60 s) left: not yet;
 *   - used in the last LISP_ITR_REFRESH_IDLE_MS: refresh now;
 *   - else let it expire: a later packet misses and resolves it again.
 * The caller polls at least every lead (6 s for the shortest, 1 minute
 * TTLs); a refresh sent is a request like a miss's (same 1/s rule,
 * retries), for the installed prefix, with no source EID (RFC 9301 5.3).
 */
enum lisp_itr_refresh_decision {
	LISP_ITR_REFRESH_NOT_YET,
	LISP_ITR_REFRESH_NOW,
	LISP_ITR_REFRESH_LET_EXPIRE,
	LISP_ITR_REFRESH_NEVER,
};

enum lisp_itr_refresh_decision
lisp_itr_refresh_decide(const struct lisp_itr_installed *e);
/*
 * 1 and a Map-Request in *out if e is to be refreshed now, else 0 (or
 * an error as lisp_itr_miss()).
 */
int lisp_itr_refresh(struct lisp_itr *itr, const struct lisp_itr_installed *e,
		     uint64_t now_ms, struct lisp_itr_pkt *out);
/*
 * The refresh scan: every LISP_ITR_SCAN_PERIOD_MS the caller reads the
 * map-cache of each of its ndev devices (a kernel dump) and gives every
 * entry to lisp_itr_scan_entry(), which refreshes it if due
 * (lisp_itr_refresh) and marks it seen for the owned sweep.  The work is
 * paced: one step takes at most LISP_ITR_SCAN_STEP entries, then the
 * caller stops reading the dump (lisp_itr_scan_paused) and resumes where
 * it stopped at the next step, a later turn of its event loop; however
 * large the map-caches, no turn does more.  A round that ends with every
 * device read forgets the owned entries not seen (sweep_end); one in
 * which a dump failed forgets nothing.
 *
 *   i = lisp_itr_scan_step(itr, now, ndev)    device to read, or -1
 *   while i >= 0:
 *       read device i's dump from where it stopped, each entry:
 *           lisp_itr_scan_entry()  (1: send *out)
 *           stop if lisp_itr_scan_paused(): call step again later
 *       at its end, or if it failed: i = lisp_itr_scan_dev_done(itr, ok)
 *   no round under way: call step again at lisp_itr_scan_due()
 */
#define LISP_ITR_SCAN_PERIOD_MS		5000	/* below the 6 s shortest lead */
#define LISP_ITR_SCAN_STEP		4096	/* entries per step */

/*
 * Start a step at now_ms (a round too, over ndev devices, if none is
 * under way and one is due): the index of the device to read, from
 * where the last step stopped, or -1 if there is nothing to do now.
 */
int lisp_itr_scan_step(struct lisp_itr *itr, uint64_t now_ms,
		       unsigned int ndev);
/* An entry of the device being read: as lisp_itr_refresh(). */
int lisp_itr_scan_entry(struct lisp_itr *itr,
			const struct lisp_itr_installed *e, uint64_t now_ms,
			struct lisp_itr_pkt *out);
/* This step has taken LISP_ITR_SCAN_STEP entries: stop reading. */
bool lisp_itr_scan_paused(const struct lisp_itr *itr);
/*
 * The device's dump ended (ok) or failed: the index of the next device
 * to read, or -1 when the round is over (the sweep done if complete).
 */
int lisp_itr_scan_dev_done(struct lisp_itr *itr, bool ok);
/* Drop the round under way (the devices changed); no sweep. */
void lisp_itr_scan_abort(struct lisp_itr *itr);
/* When the next round may start. */
uint64_t lisp_itr_scan_due(const struct lisp_itr *itr);

/*
 * A Solicit-Map-Request for smr_eid (its source EID, RFC 9301 6.1)
 * arrived and e is the cached entry that covers it: an SMR-invoked
 * Map-Request (s bit, new nonce, no source EID) to the Map-Resolver
 * rather than to the SMR's sender (whose source address proves
 * nothing); rate-limited as any request.  It asks for smr_eid itself
 * (a host prefix) when that is more specific than e's prefix, so that
 * a host that moved out of a cached site prefix gets an entry of its
 * own from the answer; else (or smr_eid NULL, or outside e) for e's
 * prefix.  The SMR's contents are never a mapping.  Only dev, iid,
 * has_petr, eid and plen of e are used.  The caller calls it only for
 * an EID it has cached: an SMR for anything else is dropped (RFC 9301
 * 6.1), and a spoofed SMR then costs one request per second.  Returns
 * as lisp_itr_miss().
 */
int lisp_itr_smr(struct lisp_itr *itr, const struct lisp_itr_installed *e,
		 const struct lisp_ip *smr_eid, uint64_t now_ms,
		 struct lisp_itr_pkt *out);

/*
 * ---- subscribe.c: publish/subscribe, the subscriber (RFC 9437) ----
 *
 * With cfg.subscribe every Map-Request (miss, refresh, SMR-invoked)
 * subscribes to the prefix it asks for.  The map-server answers an
 * accepted subscription itself with a Map-Notify carrying the request's
 * nonce: taken as a Map-Reply to that request (the same records
 * accepted, the same entries), and the prefixes installed are
 * remembered as subscribed: map-server, last nonce, expiry (the TTL,
 * at least LISP_ITR_SUB_MIN_LIFE_MS; a refresh renews it).  Each later
 * Map-Notify (a publication: the mapping changed) from that map-server
 * for a subscribed prefix, or one more specific under it, is taken if
 * its nonce is greater than the last taken for that subscription: its
 * records replace the entries at once, a record with TTL 0 and no
 * locators (withdrawn) removes the entry.  Every Map-Notify taken, and
 * the last one again (its ack was lost), is answered by a
 * Map-Notify-Ack: the same message, type 5, signed again.
 *
 * Before anything a Map-Notify must come from a map-server of cfg.ms
 * (by address), be signed with its key (key-id, algorithm, HMAC) and
 * carry the I bit with this xTR's xTR-ID.  What fails is counted and
 * changes nothing.
 */

/* Where a Map-Notify came from and arrived (dst: AFI 0 if unknown). */
struct lisp_itr_notify_rx {
	struct lisp_ip src;
	uint16_t sport;
	struct lisp_ip dst;
};

/*
 * A Map-Notify (UDP payload): returns the number of entries in *out to
 * install or remove (0: nothing changes), ack->len > 0 if a
 * Map-Notify-Ack is to be sent (to src:sport, from dst), or
 * -LISP_ITR_ERR_* / -LISP_ERR_* with nothing to do; all counted.
 */
int lisp_itr_handle_notify(struct lisp_itr *itr, const uint8_t *buf,
			   size_t len, const struct lisp_itr_notify_rx *rx,
			   uint64_t now_ms, struct lisp_itr_reply *out,
			   struct lisp_itr_pkt *ack);
const struct lisp_itr_ps_stats *lisp_itr_ps_stats(const struct lisp_itr *itr);
/* Subscriptions not expired at now_ms. */
unsigned int lisp_itr_nsubs(const struct lisp_itr *itr, uint64_t now_ms);

struct lisp_itr_sub_info {
	uint32_t dev;
	bool has_iid;
	uint32_t iid;
	struct lisp_ip eid;
	uint8_t plen;
	struct lisp_ip ms;
	uint64_t nonce;		/* the last taken */
	uint64_t since_ms;	/* first confirmed */
	uint64_t last_ms;	/* last Map-Notify taken */
	uint64_t expires_ms;
	uint64_t publications;
};

typedef int (*lisp_itr_sub_fn)(const struct lisp_itr_sub_info *s, void *arg);
/* The subscriptions not expired; a non-zero return from fn stops. */
int lisp_itr_subs_walk(const struct lisp_itr *itr, uint64_t now_ms,
		       lisp_itr_sub_fn fn, void *arg);
/*
 * Which of the ITR's a Map-Notify m from src is, before any check (the
 * daemon routes it: the ETR takes Map-Notifies too): _ANSWER if the ITR
 * subscribes, src is one of cfg.ms and m's nonce is that of a
 * Map-Request of ours in flight; _PUBLICATION if, instead, a record of m
 * is inside a subscription (not expired) confirmed by src; else _NONE.
 */
enum lisp_itr_notify_claim {
	LISP_ITR_NOTIFY_NONE,
	LISP_ITR_NOTIFY_ANSWER,
	LISP_ITR_NOTIFY_PUBLICATION,
};
enum lisp_itr_notify_claim
lisp_itr_notify_claim(const struct lisp_itr *itr,
		      const struct lisp_map_register *m,
		      const struct lisp_ip *src, uint64_t now_ms);
/* Is eid/plen on device dev a subscribed prefix (show map-cache)? */
bool lisp_itr_subscribed(const struct lisp_itr *itr, uint32_t dev,
			 const struct lisp_ip *eid, uint8_t plen,
			 uint64_t now_ms);

/* ---- show.c ---- */
typedef int (*lisp_itr_line_fn)(const char *line, void *arg);
/*
 * One line per pending request, e.g.
 *   "dev 3 [7]10.1.0.1/32 waiting nonce 0x... tries 2 resolver
 *    192.0.2.11 age 1500ms next 1500ms"
 * A non-zero return from fn stops and is returned.
 */
int lisp_itr_show_pending(const struct lisp_itr *itr, uint64_t now_ms,
			  lisp_itr_line_fn fn, void *arg);
/* One line per Map-Resolver: "192.0.2.10 port 4342 preferred". */
int lisp_itr_show_resolvers(const struct lisp_itr *itr, lisp_itr_line_fn fn,
			    void *arg);
/* "requests 3 retries 2 ..." on one line; length or -LISP_ERR_NO_SPACE. */
int lisp_itr_stats_to_str(const struct lisp_itr_stats *s, char *buf,
			  size_t len);
const char *lisp_itr_strerror(int err);
const char *lisp_itr_refresh_str(enum lisp_itr_refresh_decision d);

#endif /* LISP_ITR_RESOLVER_H */
