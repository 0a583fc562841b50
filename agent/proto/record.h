/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EID-records with their RLOC-records (RFC 9301 5.4), the unit shared by
 * Map-Reply, Map-Register, Map-Notify and the Map-Request's Map-Reply
 * record.
 */
#ifndef LISP_PROTO_RECORD_H
#define LISP_PROTO_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

/* Most RLOC-records one EID-record may carry. */
#define LISP_MAX_RLOCS	32
#define LISP_MAP_VERSION_MAX	0xfff

/* ACT field of a negative Map-Reply (IANA "LISP ACT Values"). */
enum lisp_act {
	LISP_ACT_NO_ACTION = 0,
	LISP_ACT_NATIVELY_FORWARD = 1,
	LISP_ACT_SEND_MAP_REQUEST = 2,
	LISP_ACT_DROP_NO_REASON = 3,
	LISP_ACT_DROP_POLICY_DENIED = 4,
	LISP_ACT_DROP_AUTH_FAILURE = 5,
	LISP_ACT_MAX = LISP_ACT_DROP_AUTH_FAILURE
};

struct lisp_locator {
	uint8_t priority;	/* 255: do not use for unicast */
	uint8_t weight;
	uint8_t mpriority;
	uint8_t mweight;
	bool local;		/* L: the sender owns this RLOC */
	bool probed;		/* p: the RLOC-probe reply came from here */
	bool reachable;		/* R */
	struct lisp_addr addr;
};

struct lisp_record {
	uint32_t ttl;		/* minutes */
	uint8_t eid_mask_len;
	uint8_t act;		/* enum lisp_act */
	bool authoritative;	/* A */
	uint16_t map_version;	/* 12 bits */
	struct lisp_addr eid;
	uint8_t nloc;
	struct lisp_locator loc[LISP_MAX_RLOCS];
};

/*
 * A Record TTL (minutes on the wire) in seconds: lispd shows every TTL
 * in seconds, as the kernel's map-cache holds them (issue 14).
 */
static inline uint64_t lisp_record_ttl_s(uint32_t ttl_min)
{
	return (uint64_t)ttl_min * 60;
}

/* An EID prefix as in a Map-Request EID-record. */
struct lisp_prefix {
	uint8_t plen;
	struct lisp_addr addr;
};

/* Decode one EID-record; returns bytes consumed or -LISP_ERR_*. */
int lisp_record_parse(const uint8_t *buf, size_t len, struct lisp_record *out);
/* Encode one EID-record; returns bytes written or -LISP_ERR_*. */
int lisp_record_write(const struct lisp_record *rec, uint8_t *buf, size_t len);
bool lisp_record_equal(const struct lisp_record *a,
		       const struct lisp_record *b);
bool lisp_locator_equal(const struct lisp_locator *a,
			const struct lisp_locator *b);
/* "no-action", "natively-forward", ..., or "unassigned". */
const char *lisp_act_str(unsigned int act);

#endif /* LISP_PROTO_RECORD_H */
