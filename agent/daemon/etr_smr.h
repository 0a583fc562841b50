/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Solicit-Map-Requests from the ETR (RFC 9301 6.1, issue 12 item 3):
 * when a database entry changes (a reload, a locator marked down or up,
 * a host that moved away), the ITRs that may have cached it are asked
 * to re-resolve it through the mapping system.  Which ITRs: those whose
 * Map-Requests (and RLOC-probes) for the entry this ETR answered, kept
 * per entry in a small table that forgets after a while; the caller
 * adds the locators of its own map-cache entries in use (they are ITRs
 * talking to us).  Pure: the caller passes the time and the nonce.
 */
#ifndef LISPD_DAEMON_ETR_SMR_H
#define LISPD_DAEMON_ETR_SMR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/addr.h"
#include "proto/msg.h"

/* ITRs remembered per database entry; then the least recent goes. */
#define LISPD_SMR_ITRS_MAX	32
/*
 * How long an ITR is remembered after its last Map-Request: a day, the
 * TTL of the ETR's records (LISPD_RECORD_TTL): past it, the ITR holds
 * nothing of ours that it did not ask for again.
 */
#define LISPD_SMR_ITR_AGE_MS	(24ULL * 3600 * 1000)

struct lispd_smr_itr {
	struct lisp_ip rloc;	/* where the Map-Reply went */
	uint16_t port;		/* ... and its port */
	uint64_t last_ms;	/* its last Map-Request */
};

struct lispd_smr_itrs {
	unsigned int n;
	struct lispd_smr_itr v[LISPD_SMR_ITRS_MAX];
};

/*
 * rloc:port asked at now_ms: refreshed, or added; with the table full
 * the least recent goes (returns 1: counted as evicted by the caller),
 * else 0.  Entries older than LISPD_SMR_ITR_AGE_MS go first.
 */
int lispd_smr_itrs_note(struct lispd_smr_itrs *t, const struct lisp_ip *rloc,
			uint16_t port, uint64_t now_ms);
/* Drop the ITRs not heard from in LISPD_SMR_ITR_AGE_MS. */
void lispd_smr_itrs_expire(struct lispd_smr_itrs *t, uint64_t now_ms);

/*
 * Write the SMR for eid/plen (the changed prefix, plain or Instance-ID
 * LCAF): a Map-Request with the S bit, source EID the prefix's address
 * (RFC 9301 5.2: the EID of the site whose mapping changed), one
 * ITR-RLOC itr_rloc, one EID-record eid/plen, nonce.  m is scratch.
 * Returns the length or -LISP_ERR_*.
 */
int lispd_smr_write(const struct lisp_addr *eid, unsigned int plen,
		    const struct lisp_ip *itr_rloc, uint64_t nonce,
		    struct lisp_map_request *m, uint8_t *buf, size_t len);

#endif /* LISPD_DAEMON_ETR_SMR_H */
