/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RLOC probing (RFC 9300 10, RFC 9301 5.2 and 5.4: the P bit): the ITR
 * asks each locator of the map-cache entries it installed, with a
 * Map-Request sent straight to it (not through the mapping system),
 * whether it still answers, and marks it down when it stops, up when it
 * answers again, so that the kernel's choice of locator (priority, then
 * weight) moves traffic to the next one in between.
 *
 * One probe per distinct RLOC, however many entries list it: the
 * answer is about the locator, not the entry, and the kernel keeps one
 * up/down state per RLOC too (struct lisp_peer, shared by every entry
 * of a device that lists it).  The table is bounded (max_rlocs) and so
 * are the probes, rate a second for all RLOCs together.
 *
 * The rule, per RLOC (cfg: interval, retries, retry):
 *   up:   a probe every interval (minus up to a tenth, jitter); no
 *         answer within retry: the next at once, retries times; the
 *         last unanswered too: down (an event for the caller).  So a
 *         locator that fails is down at most interval + (retries + 1)
 *         * retry after its last answer.
 *   down: a probe every interval; an answer: up (an event).
 *   Down goes to the kernel only where it moves traffic: when some entry
 *   listing the RLOC lists another usable locator too (lisp_probe_use.
 *   alt).  For an entry whose only locator it is, a down RLOC would just
 *   drop the traffic, also when only its ETR's control plane stopped
 *   (lispd restarting or stopped while the kernel still decapsulates):
 *   such an RLOC is down here and left up in the kernel (held).
 *   An answer counts only from the RLOC probed (the reply's source) and
 *   with the nonce of the probe out to it: every probe draws a fresh
 *   nonce, valid until the next probe to that RLOC or until retry has
 *   passed.  Anything else (no probe out, a late or forged answer, an
 *   answer from another address) changes nothing and is counted.
 *   An RLOC enters the table when an installed entry lists it and has
 *   carried traffic lately (lisp_probe_use.in_use), or when the kernel
 *   already shows it down (left so by an earlier run: it is probed and
 *   comes back up when it answers).  One the kernel shows down while
 *   probing has it up (marked down by hand) is taken as down and probed
 *   at once; one probing has down and the kernel shows up is reported
 *   (lisp_probe_seen returns 1).  It leaves when for
 *   LISP_PROBE_IDLE_MS no entry listing it carried traffic (up) or was
 *   seen at all (down: the kernel cannot count traffic for an entry
 *   whose locators are all down).  Priority 255 locators are never used
 *   (RFC 9300 13) and never probed: the caller leaves them out.
 *
 * Pure C: the caller passes the time and gets back the Map-Requests to
 * send (bare, to port cfg.port of the RLOC) and the RLOCs to mark up or
 * down in the kernel.
 *
 *   an entry listed by a scan or installed    lisp_probe_seen()
 *   timer at lisp_probe_next_deadline()      lisp_probe_tick()
 *   a Map-Reply with the P bit               lisp_probe_handle_reply()
 */
#ifndef LISP_ITR_PROBE_H
#define LISP_ITR_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolver.h"

/* Defaults ("rloc-probing interval S retries N retry-interval S"). */
#define LISP_PROBE_INTERVAL_MS	10000
#define LISP_PROBE_RETRIES	2
#define LISP_PROBE_RETRY_MS	1000
/* Bounds of the settings. */
#define LISP_PROBE_INTERVAL_MAX_MS	3600000
#define LISP_PROBE_RETRIES_MAX	10
/* RLOCs probed at once: the kernel's rloc_max per device (lisp(4)). */
#define LISP_PROBE_RLOCS_MAX	65536
/* Probes a second, all RLOCs together, and the burst allowed. */
#define LISP_PROBE_RATE		1000
#define LISP_PROBE_BURST	100
/* An RLOC no entry in use listed for this long is no longer probed. */
#define LISP_PROBE_IDLE_MS	60000
#define LISP_PROBE_TICK_MAX	64	/* probes and events per tick */

enum lisp_probe_state {
	LISP_PROBE_UP,
	LISP_PROBE_DOWN,
};

/*
 * The local address the probe to rloc leaves from (the route's source):
 * 0 and *src, or -1 if there is no route.  The answer comes back to the
 * first ITR-RLOC of the probe, so that is this address: a multihomed
 * ITR's other addresses may be where a failure is.
 */
typedef int (*lisp_probe_source_fn)(void *arg, const struct lisp_ip *rloc,
				    struct lisp_ip *src);

struct lisp_probe_cfg {
	uint32_t interval_ms;	/* 1 .. LISP_PROBE_INTERVAL_MAX_MS */
	uint32_t retry_ms;	/* wait for an answer; 1 .. interval_ms */
	unsigned int retries;	/* 0 .. LISP_PROBE_RETRIES_MAX */
	unsigned int max_rlocs;	/* fixed by lisp_probe_new() */
	uint32_t rate;		/* probes a second, >= 1 */
	uint32_t burst;		/* >= 1 */
	uint16_t port;		/* where RLOCs take probes: 4342 */
	bool pitr;		/* set the p bit (RFC 6832) */
	bool iid0_lcaf;		/* instance 0 in an LCAF too (resolver.h) */
	unsigned int nrloc;	/* own RLOCs: the ITR-RLOCs sent */
	struct lisp_ip rloc[LISP_MAX_ITR_RLOCS];
	lisp_itr_random_fn random;	/* nonces and jitter; must be set */
	void *random_arg;
	lisp_probe_source_fn source;	/* NULL: rloc[] as they are */
	void *source_arg;
};

/* A locator of a map-cache entry, as a scan or an install reports it. */
struct lisp_probe_use {
	struct lisp_ip rloc;	/* AFI 1 or 2 */
	bool kernel_up;		/* what the kernel shows for it */
	bool in_use;		/* the entry carried traffic lately */
	bool alt;		/* it lists another usable locator too */
	/* The entry: its prefix is the EID-record of the probe. */
	uint32_t dev;
	bool has_iid;
	uint32_t iid;
	struct lisp_ip eid;
	uint8_t plen;
};

/* An RLOC found up or down, to mark so in the kernel if kernel. */
struct lisp_probe_event {
	struct lisp_ip rloc;
	bool up;
	bool kernel;		/* false: down but held up (see above) */
	unsigned int misses;	/* down: probes unanswered in a row */
	uint32_t rtt_ms;	/* up: of the answer */
};

/* What one tick produced; the rest waits for the next tick. */
struct lisp_probe_tick {
	unsigned int npkt;
	struct lisp_itr_pkt pkt[LISP_PROBE_TICK_MAX];
	unsigned int nevent;
	struct lisp_probe_event event[LISP_PROBE_TICK_MAX];
};

struct lisp_probe_stats {
	uint64_t probes_sent;
	uint64_t probe_replies;		/* matched: nonce and source */
	uint64_t probe_timeouts;	/* probes unanswered within retry */
	uint64_t rloc_down_events;
	uint64_t rloc_up_events;
	uint64_t replies_unmatched;	/* no probe out with that nonce */
	uint64_t replies_wrong_source;	/* nonce of a probe to another RLOC */
	uint64_t replies_malformed;
	uint64_t rate_limited;		/* ticks held back by the rate */
	uint64_t table_full;		/* RLOCs not probed: max_rlocs */
	uint64_t forgotten;		/* RLOCs no longer in use */
	uint64_t build_errors;		/* the probe did not encode */
	uint64_t hints;			/* lisp_probe_hint() calls */
	uint64_t hint_probes;		/* ... that brought a probe forward */
	uint64_t unlisted;		/* probed entries that dropped it */
};

/* One RLOC of the table, for "show rlocs". */
struct lisp_probe_info {
	struct lisp_ip rloc;
	enum lisp_probe_state state;
	bool kernel_down;	/* probing has it down in the kernel */
	bool waiting;		/* a probe is out */
	bool answered;		/* some probe was ever answered */
	unsigned int misses;	/* unanswered in a row */
	uint32_t rtt_ms;	/* of the last answer */
	uint64_t last_sent_ms;	/* 0: never */
	uint64_t last_reply_ms;	/* 0: never */
	uint64_t changed_ms;	/* last up/down change, 0: never */
	uint64_t next_ms;	/* next probe, or end of the wait */
	uint64_t sent, replies;
	/* The entry whose prefix the probes carry. */
	uint32_t dev;
	bool has_iid;
	uint32_t iid;
	struct lisp_ip eid;
	uint8_t plen;
};

struct lisp_probe;

void lisp_probe_cfg_init(struct lisp_probe_cfg *cfg);
/* NULL if cfg is invalid (see lisp_probe_configure) or out of memory. */
struct lisp_probe *lisp_probe_new(const struct lisp_probe_cfg *cfg);
void lisp_probe_free(struct lisp_probe *pr);
/*
 * New timings, RLOCs, rate (max_rlocs stays); -LISP_ITR_ERR_INVALID if
 * a value is out of its bounds or random is NULL.  The RLOCs keep their
 * state; the next deadlines follow the new timings.
 */
int lisp_probe_configure(struct lisp_probe *pr,
			 const struct lisp_probe_cfg *cfg);
const struct lisp_probe_cfg *lisp_probe_config(const struct lisp_probe *pr);
const struct lisp_probe_stats *lisp_probe_stats(const struct lisp_probe *pr);
unsigned int lisp_probe_count(const struct lisp_probe *pr);

/*
 * A locator listed by an installed entry (see above for when it enters
 * the table).  Returns 1 when the kernel should be told the RLOC is
 * down (it shows it up while probing found it down and some entry can
 * do without it; at most once an interval per RLOC), 0 otherwise,
 * -LISP_ITR_ERR_FULL (counted) or -LISP_ITR_ERR_INVALID.
 */
int lisp_probe_seen(struct lisp_probe *pr, const struct lisp_probe_use *u,
		    uint64_t now_ms);
/*
 * u's entry (dev, instance-id, eid/plen) no longer lists u->rloc: its
 * mapping changed (a host that moved to another xTR) or it went.  If
 * the RLOC's probes named that entry, they would ask it about a prefix
 * it no longer serves, and its silence would mark it down (in the
 * kernel too, for every entry listing it, when one has another
 * locator): the RLOC is not probed until another entry listing it is
 * seen (lisp_probe_seen, in use or not), a probe out is dropped
 * uncounted and an up RLOC's misses are forgotten.  Returns 1 if the
 * RLOC's probes named the entry (counted unlisted), else 0.
 */
int lisp_probe_unlisted(struct lisp_probe *pr, const struct lisp_probe_use *u,
			uint64_t now_ms);
/*
 * Has probing marked rloc down in the kernel?  Installs keep such a
 * locator down (else a Map-Reply's R bit would bring it back).
 */
bool lisp_probe_is_down(const struct lisp_probe *pr,
			const struct lisp_ip *rloc);
/*
 * Something suggests rloc changed state (locator-status-bits that
 * disagree with the kernel, RFC 9300 10): probe it at once rather than
 * at its turn, unless it is not in the table (lisp_probe_seen() first),
 * a probe to it is out, or one left less than retry_ms ago: a stream of
 * hints costs at most a probe per retry_ms per RLOC, within the rate.
 * Only the answer (or its absence) changes the state.  Returns 1 if a
 * probe was brought forward, 0 if not; both counted.
 */
int lisp_probe_hint(struct lisp_probe *pr, const struct lisp_ip *rloc,
		    uint64_t now_ms);
/* Probes, timeouts and up/down changes due at now_ms. */
void lisp_probe_tick(struct lisp_probe *pr, uint64_t now_ms,
		     struct lisp_probe_tick *out);
/* When lisp_probe_tick() has work next; UINT64_MAX if never. */
uint64_t lisp_probe_next_deadline(const struct lisp_probe *pr);
/*
 * A Map-Reply with the P bit (lisp_map_reply_is_probe) from src: 1 and
 * *ev if it brings its RLOC up, 0 if it is a good answer that changes
 * nothing, or -LISP_ERR_* (malformed), -LISP_ITR_ERR_UNKNOWN_NONCE,
 * -LISP_ITR_ERR_WRONG_SOURCE; every case counted.
 */
int lisp_probe_handle_reply(struct lisp_probe *pr, const uint8_t *buf,
			    size_t len, const struct lisp_ip *src,
			    uint64_t now_ms, struct lisp_probe_event *ev);
/* Each RLOC, in no order; a non-zero return from fn stops and is returned. */
typedef int (*lisp_probe_walk_fn)(const struct lisp_probe_info *info,
				  void *arg);
int lisp_probe_walk(const struct lisp_probe *pr, lisp_probe_walk_fn fn,
		    void *arg);
const char *lisp_probe_state_str(enum lisp_probe_state s);

#endif /* LISP_ITR_PROBE_H */
