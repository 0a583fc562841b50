/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * LISP (Locator/ID Separation Protocol, RFC 9300/9301) for Linux:
 * the one definition of the API between lisp.ko and user space
 * (lispd, the iproute2 plugin, tests).  Nothing here is defined twice.
 */
#ifndef _UAPI_LINUX_LISP_H
#define _UAPI_LINUX_LISP_H

#include <linux/types.h>

/* Well-known ports, RFC 9300 section 5 and RFC 9301 section 5. */
#define LISP_DATA_PORT		4341
#define LISP_CONTROL_PORT	4342

/* The LISP data header is 8 bytes (RFC 9300 section 5.1). */
#define LISP_HDR_LEN		8
/* Encapsulation overhead: outer IP header + UDP header + LISP header. */
#define LISP_V4_OVERHEAD	(20 + 8 + LISP_HDR_LEN)
#define LISP_V6_OVERHEAD	(40 + 8 + LISP_HDR_LEN)

/* The instance-id is 24 bits wide in the data header. */
#define LISP_IID_MAX		0xffffff

/* Packets held per destination EID, and per device, awaiting a mapping. */
#define LISP_MISS_QUEUE_PER_EID	4
#define LISP_MISS_QUEUE_PER_DEV	256
/* Destinations awaiting a mapping, per device. */
#define LISP_MISS_PENDING_MAX	1024
/* How long packets wait for a mapping before they are dropped. */
#define LISP_MISS_TIMEOUT_MS	3000
/*
 * A destination still waiting is announced again, on its next packet, once
 * this long has passed since it was last announced (or at once if the rate
 * limit held its announcement back): a notification lost to a listener's
 * full socket buffer costs at most this, not the whole timeout.
 */
#define LISP_MISS_RENOTIFY_MS	1000
/* Default IFLA_LISP_MISS_RATE: notifications per second per device. */
#define LISP_MISS_RATE_DEFAULT	100

/*
 * Events (LISP_CMD_EVENT): at most LISP_EVENT_RATE a second per device
 * and type (a token bucket, bursts of as many), and one per second
 * (LISP_EVENT_DEDUP_MS) for the same type and addresses.
 */
#define LISP_EVENT_RATE		100
#define LISP_EVENT_DEDUP_MS	1000

/* IFLA_LISP_TOS value that copies the inner TOS/traffic class outward. */
#define LISP_TOS_INHERIT	1

/*
 * rtnetlink: attributes nested in IFLA_INFO_DATA for link kind "lisp"
 * ("ip link add lisp0 type lisp iid 7 port 4341 local 192.0.2.1").
 */
enum {
	IFLA_LISP_UNSPEC,
	IFLA_LISP_IID,		/* u32: instance-id (<= LISP_IID_MAX); absent
				 * means packets carry no I bit
				 */
	IFLA_LISP_PORT,		/* u16, host order: UDP data port */
	IFLA_LISP_LOCAL,	/* struct in_addr: local IPv4 RLOC */
	IFLA_LISP_LOCAL6,	/* struct in6_addr: local IPv6 RLOC */
	IFLA_LISP_TTL,		/* u8: outer TTL/hop limit, 0 = inherit */
	IFLA_LISP_TOS,		/* u8: outer TOS, LISP_TOS_INHERIT = inherit */
	IFLA_LISP_MISS_RATE,	/* u32: miss notifications/s, 0 = no limit */
	IFLA_LISP_SRC_CHECK,	/* u8: 1 (default) = encapsulate only packets
				 * whose source is in the database (an ITR);
				 * 0 = any source (a PITR)
				 */
	IFLA_LISP_DST_CHECK,	/* u8: 1 = decapsulate only packets whose
				 * inner destination is in the database;
				 * 0 (default) = any
				 */
	__IFLA_LISP_MAX
};

#define IFLA_LISP_MAX (__IFLA_LISP_MAX - 1)

/* Generic netlink family. */
#define LISP_GENL_NAME		"lisp"
#define LISP_GENL_VERSION	1
/* Multicast group on which map-cache misses are announced. */
#define LISP_GENL_MCGRP_MISS	"miss"
/* Multicast group on which data-path events are announced. */
#define LISP_GENL_MCGRP_EVENTS	"events"

enum lisp_cmd {
	LISP_CMD_UNSPEC,
	/*
	 * Get one device (LISP_A_IFINDEX or LISP_A_IFNAME) or dump every
	 * lisp device of the caller's netns.  Replies carry LISP_A_IFINDEX,
	 * LISP_A_IFNAME, LISP_A_PORT, LISP_A_STATS, LISP_A_SRC_CHECK,
	 * LISP_A_DST_CHECK, LISP_A_PETR and, when set, LISP_A_IID.
	 */
	LISP_CMD_DEV_GET,
	/*
	 * Map-cache of one device (LISP_A_IFINDEX or LISP_A_IFNAME).
	 * ADD takes one or more LISP_A_MAP (a batch is applied entirely or
	 * not at all) and replaces existing prefixes unless LISP_A_EXCL is
	 * set.  DEL takes LISP_A_MAP with EID and prefix length.  GET with
	 * LISP_A_MAP returns that prefix (exact) or, with LISP_MAP_A_LOOKUP,
	 * the longest match of the EID; as a dump it lists every entry.
	 * FLUSH empties the map-cache.  All but GET need CAP_NET_ADMIN.
	 */
	LISP_CMD_MAP_ADD,
	LISP_CMD_MAP_DEL,
	LISP_CMD_MAP_GET,
	LISP_CMD_MAP_FLUSH,
	/*
	 * Mark every use of RLOC LISP_A_RLOC by this device's map-cache up
	 * or down (LISP_A_RLOC_UP); down locators are never chosen.
	 */
	LISP_CMD_RLOC_SET,
	/*
	 * Counters of the caller's netns: LISP_A_STATS with the packets
	 * the UDP sockets could give to no device (LISP_STAT_RX_NO_DEVICE,
	 * LISP_STAT_RX_MALFORMED).  Device counters come with DEV_GET.
	 */
	LISP_CMD_NET_STATS_GET,
	/*
	 * Notification on multicast group "miss": no usable mapping for a
	 * packet's destination (or a send-map-request entry matched).
	 * Carries LISP_A_IFINDEX, LISP_A_IID (if set), LISP_A_MISS_SRC and
	 * LISP_A_MISS_DST.  The packet waits in a small queue until a
	 * mapping covering it is added, or LISP_MISS_TIMEOUT_MS passes.
	 */
	LISP_CMD_MISS,
	/*
	 * The database: the device's local EID prefixes, each with the
	 * site's own locators (LISP_A_MAP, action LISP_MAP_ENCAP, zero or
	 * more locators; LISP_LOC_A_UP says whether a locator is up).  As
	 * an ITR the device encapsulates only packets from these prefixes
	 * (IFLA_LISP_SRC_CHECK) and sends their locators' up/down state as
	 * locator-status-bits (the L bit, RFC 9300 section 5.3: bit 0 is
	 * the first locator).  As an ETR it may accept only packets to them
	 * (IFLA_LISP_DST_CHECK).  Same attributes and semantics as the
	 * MAP_* commands; all but GET need CAP_NET_ADMIN.
	 */
	LISP_CMD_DB_ADD,
	LISP_CMD_DB_DEL,
	LISP_CMD_DB_GET,
	LISP_CMD_DB_FLUSH,
	/*
	 * Replace the device's proxy ETRs (RFC 6832) by the LISP_A_PETR
	 * locators given (none: clear them).  Packets of LISP_MAP_USE_PETR
	 * entries, and packets with no mapping at all, are encapsulated to
	 * them, chosen as map-cache locators are.  DEV_GET reports them.
	 */
	LISP_CMD_PETR_SET,
	/*
	 * Notification on multicast group "events": something the data
	 * path saw that the agent may act on; the kernel changes no state
	 * for it.  Carries LISP_A_EVENT_TYPE (enum lisp_event_type),
	 * LISP_A_IFINDEX, LISP_A_IID (if set) and, per type, the inner
	 * LISP_A_MISS_SRC / LISP_A_MISS_DST, the outer source
	 * LISP_A_EVENT_RLOC and LISP_A_EVENT_LSB / LISP_A_EVENT_LSB_KERNEL.
	 */
	LISP_CMD_EVENT,
	__LISP_CMD_MAX
};

#define LISP_CMD_MAX (__LISP_CMD_MAX - 1)

enum lisp_attr {
	LISP_A_UNSPEC,
	LISP_A_IFINDEX,		/* u32 */
	LISP_A_IFNAME,		/* string, < IFNAMSIZ */
	LISP_A_IID,		/* u32 */
	LISP_A_PORT,		/* u16, host order */
	LISP_A_MAP,		/* nested enum lisp_map_attr, may repeat */
	LISP_A_EXCL,		/* flag: MAP_ADD fails if a prefix exists */
	LISP_A_RLOC,		/* binary: 4-byte IPv4 or 16-byte IPv6 RLOC */
	LISP_A_RLOC_UP,		/* u8: 1 up, 0 down */
	LISP_A_STATS,		/* nested: u64 counters, type = enum lisp_stat */
	LISP_A_PAD,
	LISP_A_MISS_SRC,	/* binary: inner source address (MISS, EVENT) */
	LISP_A_MISS_DST,	/* binary: inner destination (MISS, EVENT) */
	LISP_A_PETR,		/* nested enum lisp_loc_attr, may repeat */
	LISP_A_SRC_CHECK,	/* u8, DEV_GET reply: IFLA_LISP_SRC_CHECK */
	LISP_A_DST_CHECK,	/* u8, DEV_GET reply: IFLA_LISP_DST_CHECK */
	LISP_A_EVENT_TYPE,	/* u8, EVENT: enum lisp_event_type */
	LISP_A_EVENT_RLOC,	/* binary, EVENT: the packet's outer source */
	LISP_A_EVENT_LSB,	/* u32, EVENT: locator-status-bits received */
	LISP_A_EVENT_LSB_KERNEL, /* u32, EVENT: the same bits as the map-cache
				  * has its locators up
				  */
	LISP_A_EVENT_IIF,	/* u32, EVENT: ifindex the packet came in on */
	/*
	 * DEV_GET replies, values now (not counters): destinations waiting
	 * for a mapping (<= LISP_MISS_PENDING_MAX), the packets held for
	 * them (<= LISP_MISS_QUEUE_PER_DEV) and those packets' size in
	 * memory (skb truesize, bytes).
	 */
	LISP_A_MISS_WAITING,	/* u32 */
	LISP_A_MISS_QUEUED,	/* u32 */
	LISP_A_MISS_QUEUED_BYTES, /* u32 */
	__LISP_A_MAX
};

#define LISP_A_MAX (__LISP_A_MAX - 1)

/*
 * Why packets were dropped (and how some were forwarded), counted per
 * device (LISP_A_STATS in DEV_GET replies) or per netns (NET_STATS_GET:
 * the two marked "netns").  Attribute type = value.  New counters go
 * at the end, of either kind: the numbers are the ABI.
 */
enum lisp_stat {
	LISP_STAT_UNSPEC,
	LISP_STAT_TX_NOT_IP,		/* neither IPv4 nor IPv6 */
	LISP_STAT_TX_NO_MAPPING,	/* no map-cache entry for the EID */
	LISP_STAT_TX_NEGATIVE,		/* negative entry: drop */
	LISP_STAT_TX_NO_RLOC,		/* no reachable locator */
	LISP_STAT_TX_NO_ROUTE,		/* no underlay route to the RLOC */
	LISP_STAT_TX_LOOP,		/* underlay route via the device */
	LISP_STAT_TX_TOO_BIG,		/* ICMP too big sent back */
	LISP_STAT_TX_DOWN,		/* device has no socket (down) */
	LISP_STAT_RX_BAD_INNER,		/* inner not IPv4/IPv6, or lengths lie */
	LISP_STAT_RX_ECN,		/* ECN decapsulation said drop */
	LISP_STAT_TX_MISS_NO_LISTENER,	/* miss, and nobody listens */
	LISP_STAT_TX_MISS_QUEUE_FULL,	/* miss, and the wait queue is full */
	LISP_STAT_TX_MISS_TIMEOUT,	/* waited, and no mapping came */
	LISP_STAT_MISS_NOTIFIED,	/* miss notifications sent */
	LISP_STAT_MISS_RATELIMITED,	/* miss notifications not sent */
	LISP_STAT_MISS_RELEASED,	/* waiting packets sent on a mapping */
	LISP_STAT_TX_SRC_NOT_EID,	/* source not in the database */
	LISP_STAT_TX_NATIVE,		/* forwarded natively (not dropped) */
	LISP_STAT_TX_PETR,		/* sent to a proxy ETR (not dropped) */
	LISP_STAT_TX_NO_PETR,		/* should go to a PETR, none is up */
	LISP_STAT_RX_NOT_LOCAL_RLOC,	/* outer destination not our RLOC */
	LISP_STAT_RX_DST_NOT_EID,	/* inner destination not in database */
	LISP_STAT_RX_NO_DEVICE,		/* netns: no device for the iid */
	LISP_STAT_RX_MALFORMED,		/* netns: shorter than LISP+IP */
	LISP_STAT_EVENT_SENT,		/* events delivered (LISP_CMD_EVENT) */
	LISP_STAT_EVENT_RATELIMITED,	/* events not sent: LISP_EVENT_RATE */
	LISP_STAT_TX_NOT_RELAYED,	/* routed back in, to no relay entry */
	__LISP_STAT_MAX
};

#define LISP_STAT_MAX (__LISP_STAT_MAX - 1)

/*
 * What a LISP_CMD_EVENT reports.  Events go out only while someone
 * listens on "events"; the packet is handled as without them.
 */
enum lisp_event_type {
	LISP_EVENT_UNSPEC,
	/*
	 * Decapsulated with the L bit, and the locator-status-bits say a
	 * locator of the map-cache entry for the inner source is up or
	 * down where the entry has it the other way (RFC 9300 section
	 * 10): the agent may probe.  EVENT_RLOC, MISS_SRC, EVENT_LSB and
	 * EVENT_LSB_KERNEL (both masked to the bits the header carries
	 * and the entry has locators for).
	 */
	LISP_EVENT_LSB_MISMATCH,
	/*
	 * Decapsulated, and the inner destination is not a local EID
	 * (dropped, IFLA_LISP_DST_CHECK), or a relaying map-cache
	 * entry (LISP_MAP_F_RELAY) covers it (the EID moved away: the packet
	 * goes on, encapsulated again; checked only with DST_CHECK on).
	 * The sender may need a Solicit-Map-Request (RFC 9301 section
	 * 5.7).  EVENT_RLOC, MISS_SRC and MISS_DST.
	 */
	LISP_EVENT_RX_DST_NOT_EID,
	LISP_EVENT_RX_DST_MAPPED,
	/*
	 * To encapsulate, from a source not in the database (dropped,
	 * IFLA_LISP_SRC_CHECK): maybe a host that just appeared.
	 * MISS_SRC, and EVENT_IIF when the packet was forwarded (not sent
	 * by this host): the interface the host is behind.
	 */
	LISP_EVENT_TX_SRC_NOT_EID,
	__LISP_EVENT_MAX
};

#define LISP_EVENT_MAX (__LISP_EVENT_MAX - 1)

/* Most map-cache entries one LISP_CMD_MAP_ADD may carry. */
#define LISP_MAP_BATCH_MAX	1024
/* Most locators (RLOCs) in one map-cache entry. */
#define LISP_MAX_LOCATORS	32
/* Most proxy ETRs per device. */
#define LISP_MAX_PETRS		8

/* What a map-cache entry does with the packets it matches. */
enum lisp_map_action {
	LISP_MAP_ENCAP,		/* positive: encapsulate to a locator */
	LISP_MAP_DROP,		/* negative: drop */
	LISP_MAP_FORWARD,	/* negative: forward natively, unencapsulated */
	LISP_MAP_SEND_MAP_REQUEST, /* negative: signal a miss, then drop */
	LISP_MAP_USE_PETR,	/* negative: encapsulate to a proxy ETR */
	__LISP_MAP_ACTION_MAX
};

#define LISP_MAP_ACTION_MAX (__LISP_MAP_ACTION_MAX - 1)

enum lisp_map_attr {
	LISP_MAP_A_UNSPEC,
	LISP_MAP_A_EID,		/* binary: 4-byte IPv4 or 16-byte IPv6 address */
	LISP_MAP_A_PLEN,	/* u8: EID prefix length */
	LISP_MAP_A_ACTION,	/* u8: enum lisp_map_action, default ENCAP */
	LISP_MAP_A_TTL,		/* u32: seconds; 0 or absent = no expiry */
	LISP_MAP_A_LOCATOR,	/* nested enum lisp_loc_attr, may repeat */
	LISP_MAP_A_LOOKUP,	/* flag: GET by longest match of EID */
	LISP_MAP_A_PACKETS,	/* u64, reply only: packets encapsulated */
	LISP_MAP_A_BYTES,	/* u64, reply only: bytes encapsulated */
	LISP_MAP_A_IDLE_MS,	/* u32, reply only: ms since last use */
	LISP_MAP_A_EXPIRES_MS,	/* u32, reply only: ms until expiry */
	LISP_MAP_A_PAD,
	LISP_MAP_A_FLAGS,	/* u32: LISP_MAP_F_*, map-cache entries only */
	__LISP_MAP_A_MAX
};

/*
 * LISP_MAP_A_FLAGS.  RELAY: the EID moved away from this site (RFC 9301
 * section 6, issue 12).  Packets for it that arrive encapsulated are
 * decapsulated although the database lost it (DST_CHECK), and are
 * encapsulated again to the entry's locators although their source is
 * not one of this site's EIDs (SRC_CHECK): this site relays what its
 * senders' caches still send here.  With SRC_CHECK, no other entry
 * takes a packet decapsulated from the device and routed back into it
 * (LISP_STAT_TX_NOT_RELAYED), whatever its source: the underlay cannot
 * have this router send on to other EIDs.
 */
#define LISP_MAP_F_RELAY	0x00000001U
#define LISP_MAP_F_ALL		LISP_MAP_F_RELAY

#define LISP_MAP_A_MAX (__LISP_MAP_A_MAX - 1)

enum lisp_loc_attr {
	LISP_LOC_A_UNSPEC,
	LISP_LOC_A_ADDR,	/* binary: 4-byte IPv4 or 16-byte IPv6 RLOC */
	LISP_LOC_A_PRIORITY,	/* u8: lower is preferred, 255 = never used */
	LISP_LOC_A_WEIGHT,	/* u8: share among equal priorities */
	LISP_LOC_A_UP,		/* u8: 1 if reachable (default on add) */
	__LISP_LOC_A_MAX
};

#define LISP_LOC_A_MAX (__LISP_LOC_A_MAX - 1)

#endif /* _UAPI_LINUX_LISP_H */
