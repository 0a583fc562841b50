/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ETR's messages (RFC 9301 5.4 to 5.7, 8.2): its database as
 * EID-records, the Map-Register that carries them, the check of the
 * Map-Notify that answers it, and the Map-Reply to a Map-Request or an
 * RLOC-probe.  Pure: everything goes through the codec (agent/proto).
 */
#ifndef LISPD_DAEMON_ETR_MSG_H
#define LISPD_DAEMON_ETR_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "proto/msg.h"

/* RFC 9301 5.4: the recommended record TTL, minutes (one day). */
#define LISPD_RECORD_TTL	1440

enum lispd_db_kstate {
	LISPD_DB_K_NONE,	/* --no-kernel */
	LISPD_DB_K_INSTALLED,
	LISPD_DB_K_FAILED,	/* the kernel refused it (kerr says why) */
};

struct lispd_smr_itrs;

/*
 * A database entry as the ETR uses it: the configured line plus what
 * was learnt at run time.
 */
struct lispd_db_entry {
	struct lispd_conf_db cfg;
	bool dynamic;		/* a dynamic-eid host: cfg.line is that line */
	bool usable;		/* its instance-id is known */
	bool nodev_warned;	/* "no such device" logged */
	bool has_iid;		/* the device's (or the line's) iid */
	uint32_t iid;
	bool iid0_lcaf;		/* iid0-encoding lcaf */
	bool local[LISP_MAX_LOCATORS];	/* RLOC is an address of this host */
	/* Marked down ("lispd rloc ADDR down"): sent with R clear. */
	bool down[LISP_MAX_LOCATORS];
	enum lispd_db_kstate kstate;
	char kerr[256];		/* as struct lisp_kernel.err */
	/*
	 * A dynamic host whose neighbour entry went (its hold time runs):
	 * in no registration round, so that no Map-Server (a restarted
	 * one) learns it again from here; only its withdrawal goes out.
	 */
	bool leaving;
	uint64_t last_register_ms;	/* 0: never */
	uint64_t last_notify_ms;	/* last verified Map-Notify with it */
	/* A dynamic host's Map-Registers since it was acknowledged: the
	 * next one goes 1 s, 2 s, 4 s ... after the last. */
	unsigned int unacked;
	/* Issue 12: ITRs that asked for it (etr_smr.h), NULL: none yet. */
	struct lispd_smr_itrs *itrs;
	bool smr_due;		/* changed: SMRs after the next register */
};

/* Bit (1 << afi) per address family the daemon has a socket for. */
#define LISPD_AFI_BIT(afi)	(1u << (afi))

/*
 * The entry's EID as the ETR sends it: plain, or in an Instance-ID LCAF
 * (lisp_addr_set_eid_iid(): instance 0 only with iid0_lcaf).
 */
void lispd_db_eid(const struct lispd_db_entry *e, struct lisp_addr *eid);
/*
 * Is eid/plen the entry's prefix, whichever form the peer gave it (a
 * plain EID is instance 0, as is an LCAF of IID 0)?
 */
bool lispd_db_is_prefix(const struct lispd_db_entry *e,
			const struct lisp_addr *eid, unsigned int plen);
/*
 * The entry as an EID-record: A set, ttl minutes, L on local RLOCs, R
 * on those not marked down.
 */
void lispd_db_record(const struct lispd_db_entry *e, uint32_t ttl,
		     struct lisp_record *rec);
/* Who the ETR is in its Map-Registers (RFC 9301 5.6, the I bit). */
struct lispd_xtr_ident {
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
};

/*
 * Write the Map-Register of m->rec[0 .. m->nrec) (RFC 9301 5.6): no
 * proxy-reply, want-map-notify, the I bit with id's xTR-ID and site-ID,
 * nonce, key's id and algorithm, signed with it.  Returns the length or
 * -LISP_ERR_*.
 */
int lispd_map_register_write(struct lisp_map_register *m,
			     const struct lisp_ms_key *key,
			     const struct lispd_xtr_ident *id, uint64_t nonce,
			     uint8_t *buf, size_t len);
/*
 * The nonce of the ETR's next Map-Register after last, now_us being
 * CLOCK_REALTIME in microseconds (issue 11).  The Map-Server takes from
 * one xTR-ID only nonces greater than the last it took (agent/ms/
 * replay.c), so the nonce is a counter: the clock, or one more than
 * the last when that is not less.  The clock makes it grow across a
 * restart too, when the xTR-ID is configured and so the same (the
 * clock has moved on by more than the messages sent, at most one a
 * microsecond); the +1 keeps it growing within a run whatever the
 * clock does.  Microseconds: 2^64 of them are 584,000 years.  Known
 * to the Map-Server only as a number that grows, never as a time.
 */
uint64_t lispd_register_nonce(uint64_t last, uint64_t now_us);
/*
 * Is pkt a Map-Notify authenticated with key (same key-id and algorithm,
 * good HMAC)?  0 with it parsed into m (the caller checks m->nonce), or
 * -LISP_ERR_*.
 */
int lispd_map_notify_check(const uint8_t *pkt, size_t len,
			   const struct lisp_ms_key *key,
			   struct lisp_map_register *m);
/* The usable entry whose prefix covers q most specifically, or -1. */
int lispd_db_match(const struct lispd_db_entry *db, unsigned int n,
		   const struct lisp_prefix *q);
/* The first ITR-RLOC of req a reply can go to (families in afis). */
static inline const struct lisp_ip *
lispd_itr_rloc_pick(const struct lisp_map_request *req, unsigned int afis)
{
	return lisp_map_request_reply_rloc(req, afis);
}
/*
 * The ETR's Map-Reply to req (RFC 9301 8.1 step 4, 6.3.2 for probes):
 * one authoritative record per requested EID in the database, the
 * request's nonce, P for an RLOC-probe (p on the RLOC that is probed,
 * the address it reached; may be NULL).  Returns the length, 0 if no
 * EID of req is in the database (nothing to send), or -LISP_ERR_*.
 */
int lispd_etr_reply_write(const struct lisp_map_request *req,
			  const struct lispd_db_entry *db, unsigned int n,
			  const struct lisp_ip *probed,
			  struct lisp_map_reply *rep, uint8_t *buf,
			  size_t len);

#endif /* LISPD_DAEMON_ETR_MSG_H */
