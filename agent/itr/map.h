/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an ITR installs for one Map-Reply EID-record (RFC 9301 5.4): a
 * map-cache entry in the terms of the kernel API (uapi/linux/lisp.h,
 * struct lisp_kmap), without depending on the netlink client.  Pure C.
 */
#ifndef LISP_ITR_MAP_H
#define LISP_ITR_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <linux/lisp.h>

#include "proto/addr.h"
#include "proto/record.h"

/*
 * Record TTL 0xffffffff lets the receiver choose (RFC 9301 5.4): a day,
 * the usual TTL.  Longer TTLs are cut to a week: the kernel reports the
 * time left in u32 milliseconds (49 days), and a shorter life only means
 * an earlier refresh.
 */
#define LISP_ITR_TTL_LOCAL_S	86400u
#define LISP_ITR_TTL_MAX_S	604800u

struct lisp_itr_loc {
	struct lisp_ip addr;	/* AFI 1 or 2 */
	uint8_t priority;	/* 255: kept, never used by the kernel */
	uint8_t weight;
	bool up;		/* the R bit */
};

/* One entry to install, or to remove (TTL 0). */
struct lisp_itr_map {
	uint32_t dev;		/* the caller's device, from the request */
	bool has_iid;
	uint32_t iid;
	struct lisp_ip eid;	/* AFI 1 or 2, bits past plen clear */
	uint8_t plen;
	bool remove;		/* record TTL 0: delete eid/plen */
	uint8_t action;		/* enum lisp_map_action */
	uint8_t act;		/* the record's ACT (enum lisp_act) */
	bool authoritative;
	uint32_t ttl_s;		/* seconds; never 0 unless remove */
	bool relay;		/* moved away from here: LISP_MAP_F_RELAY */
	unsigned int nloc;
	struct lisp_itr_loc loc[LISP_MAX_RLOCS];
};

/* AF_INET / AF_INET6 of an AFI 1 / 2 address (0 otherwise). */
static inline uint8_t lisp_itr_ip_family(const struct lisp_ip *ip)
{
	return ip->afi == LISP_AFI_IPV4 ? AF_INET :
	       ip->afi == LISP_AFI_IPV6 ? AF_INET6 : 0;
}

/* Record TTL (minutes) to seconds, bounded as above; 0 stays 0. */
uint32_t lisp_itr_ttl_seconds(uint32_t ttl_min);

/*
 * The kernel action for a negative record's ACT.  No-action and
 * natively-forward mean "not a LISP destination": LISP_MAP_USE_PETR
 * when the device has proxy ETRs (RFC 6832 5), else LISP_MAP_FORWARD.
 * Send-map-request and the drops keep their meaning with or without
 * proxy ETRs: the Map-Server asked for them.  Unassigned codes drop.
 */
uint8_t lisp_itr_negative_action(unsigned int act, bool has_petr);

/*
 * Convert an EID-record.  Locators that are not IPv4/IPv6 (the first
 * IPv4/IPv6 address of an AFI-List is taken) are left out; a record
 * left with no locator is negative (its ACT decides, as above).
 * Returns 0, or -LISP_ERR_BAD_AFI if the EID is not an IP prefix.
 */
int lisp_itr_map_from_record(const struct lisp_record *rec, bool has_petr,
			     struct lisp_itr_map *out);

#endif /* LISP_ITR_MAP_H */
