/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Map-Request an ITR sends to its Map-Resolver (RFC 9301 5.2, 5.3),
 * inside an Encapsulated Control Message (5.8), or bare to a locator as
 * an RLOC-probe.  Pure C, shared by the resolver (resolver.h), the
 * prober (probe.h) and "lispd lig".
 */
#ifndef LISP_ITR_REQUEST_H
#define LISP_ITR_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/addr.h"
#include "proto/msg.h"

/* Inner IPv4 TTL / IPv6 hop limit of the ECM. */
#define LISP_ITR_INNER_TTL	64

struct lisp_itr_req {
	uint64_t nonce;
	bool pitr;			/* p: sent by a proxy ITR (RFC 6832) */
	bool smr_invoked;		/* s: answers a Solicit-Map-Request */
	bool probe;			/* P: an RLOC-probe (probe.h) */
	bool has_iid;			/* both EIDs in an IID LCAF, */
	uint32_t iid;
	bool iid0_lcaf;			/* for IID 0 only with this */
	struct lisp_ip src_eid;		/* AFI 0: none (refresh, probe) */
	struct lisp_ip eid;		/* the EID-record: eid/plen */
	uint8_t plen;
	uint8_t nrloc;			/* 1..LISP_MAX_ITR_RLOCS */
	struct lisp_ip rloc[LISP_MAX_ITR_RLOCS];	/* the ITR-RLOCs */
	/* Inner UDP source: Map-Replies come back to it (RFC 9301 5.8). */
	uint16_t sport;
	/*
	 * RFC 9437: I with this xTR-ID and site-ID, N on the EID-record:
	 * subscribe to the mapping of the prefix.
	 */
	bool subscribe;
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
};

/*
 * The inner IP source of the ECM for r: the first ITR-RLOC of the EID's
 * family, else the source EID, else the unspecified address of that
 * family.  The inner header carries the EID as destination, so its
 * source must be of the EID's family; a Map-Resolver answers the
 * ITR-RLOCs in the Map-Request, not this address.
 */
struct lisp_ip lisp_itr_inner_source(const struct lisp_itr_req *r);

/*
 * Write the ECM (UDP payload to the Map-Resolver's port 4342) for r into
 * buf.  Inner header: the source above, destination the EID (RFC 9301
 * 5.8), UDP r->sport -> 4342.  Returns the length or -LISP_ERR_*.
 */
int lisp_itr_request_write(const struct lisp_itr_req *r, uint8_t *buf,
			   size_t len);
/*
 * The same Map-Request bare, without the ECM: an RLOC-probe goes
 * straight to the locator probed (RFC 9301 5.2, the P bit in r->probe),
 * not through the mapping system.  Returns the length or -LISP_ERR_*.
 */
int lisp_itr_request_write_bare(const struct lisp_itr_req *r, uint8_t *buf,
				size_t len);

#endif /* LISP_ITR_REQUEST_H */
