/* SPDX-License-Identifier: GPL-2.0 */
/* lispd's client of the kernel's generic netlink family "lisp" (libmnl). */
#ifndef LISPD_KERNEL_H
#define LISPD_KERNEL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/lisp.h>

#include "lib/link_opts.h"

struct mnl_socket;

struct lisp_kernel {
	struct mnl_socket *nl;
	uint16_t family_id;
	uint32_t miss_group;	/* multicast group id of "miss" */
	uint32_t events_group;	/* ... of "events" (0: none, an old lisp.ko) */
	uint32_t portid;
	uint32_t seq;
	/* Why the last call failed: the kernel's extack message if any. */
	char err[256];
};

/* An IPv4 or IPv6 address as the kernel API carries it. */
struct lisp_kaddr {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t bytes[16];
};

struct lisp_kloc {
	struct lisp_kaddr addr;
	uint8_t priority;
	uint8_t weight;
	bool up;		/* sent on add too: set it for a usable RLOC */
};

/* A lisp device as LISP_CMD_DEV_GET reports it. */
struct lisp_kdev {
	uint32_t ifindex;
	char name[IF_NAMESIZE];
	bool has_iid;
	uint32_t iid;
	uint16_t port;
	bool src_check, dst_check;		/* IFLA_LISP_{SRC,DST}_CHECK */
	uint64_t stats[__LISP_STAT_MAX];	/* enum lisp_stat */
	/* LISP_A_MISS_*: waiting now, not counters */
	uint32_t miss_waiting, miss_queued, miss_queued_bytes;
	unsigned int n_petr;
	struct lisp_kloc petr[LISP_MAX_PETRS];	/* proxy ETRs */
};

typedef int (*lisp_kdev_fn)(const struct lisp_kdev *dev, void *arg);

/* A map-cache entry (LISP_A_MAP), to install or as reported. */
struct lisp_kmap {
	struct lisp_kaddr eid;
	uint8_t plen;
	uint8_t action;		/* enum lisp_map_action */
	uint32_t flags;		/* LISP_MAP_F_* */
	uint32_t ttl;
	unsigned int n_loc;
	struct lisp_kloc loc[LISP_MAX_LOCATORS];
	/* Reported only. */
	uint64_t packets, bytes;
	uint32_t idle_ms;
	bool has_expires;
	uint32_t expires_ms;
};

typedef int (*lisp_kmap_fn)(const struct lisp_kmap *map, void *arg);

int lisp_kernel_open(struct lisp_kernel *k);
void lisp_kernel_close(struct lisp_kernel *k);
int lisp_kernel_dev_dump(struct lisp_kernel *k, lisp_kdev_fn fn, void *arg);
int lisp_kernel_dev_get(struct lisp_kernel *k, const char *name,
			struct lisp_kdev *out);
/* Install @n (<= LISP_MAP_BATCH_MAX) entries, all or none. */
int lisp_kernel_map_add(struct lisp_kernel *k, const char *dev,
			const struct lisp_kmap *maps, unsigned int n, bool excl);
int lisp_kernel_map_del(struct lisp_kernel *k, const char *dev,
			const struct lisp_kaddr *eid, uint8_t plen);
int lisp_kernel_map_flush(struct lisp_kernel *k, const char *dev);
/* One entry: exact prefix, or the longest match of @eid if @lookup. */
int lisp_kernel_map_get(struct lisp_kernel *k, const char *dev,
			const struct lisp_kaddr *eid, uint8_t plen, bool lookup,
			struct lisp_kmap *out);
int lisp_kernel_map_dump(struct lisp_kernel *k, const char *dev,
			 lisp_kmap_fn fn, void *arg);
/*
 * A map-cache dump read a little at a time, on a socket of its own, so
 * that an event loop can do other work between the steps: the kernel
 * resumes its dump where the reading stopped.  Zero it before first use.
 */
struct lisp_kdump {
	struct lisp_kernel k;
	bool open;		/* k is open */
	bool active;		/* a dump is under way */
	uint32_t seq;
	char *buf;		/* what the last read brought ... */
	size_t len, off;	/* ... and how far it has been handed out */
};

/* Start dumping dev's map-cache (dropping a dump under way); 0 or -1. */
int lisp_kdump_start(struct lisp_kdump *d, const char *dev);
/*
 * Hand the next entries to @fn until it returns > 0 (1: paused, the
 * next call goes on after that entry), the dump ends (0) or fails (-1,
 * d->k.err says why; the dump is dropped).  Also 0 with no dump.
 */
int lisp_kdump_step(struct lisp_kdump *d, lisp_kmap_fn fn, void *arg);
/* Drop the dump under way, the socket and the buffer. */
void lisp_kdump_close(struct lisp_kdump *d);
/*
 * The database (local EID prefixes with the site's own locators): the
 * same entries and semantics as the map-cache calls above.
 */
int lisp_kernel_db_add(struct lisp_kernel *k, const char *dev,
		       const struct lisp_kmap *maps, unsigned int n, bool excl);
int lisp_kernel_db_del(struct lisp_kernel *k, const char *dev,
		       const struct lisp_kaddr *eid, uint8_t plen);
int lisp_kernel_db_flush(struct lisp_kernel *k, const char *dev);
int lisp_kernel_db_dump(struct lisp_kernel *k, const char *dev,
			lisp_kmap_fn fn, void *arg);
/* Replace the device's proxy ETRs by @n (<= LISP_MAX_PETRS); 0 clears. */
int lisp_kernel_petr_set(struct lisp_kernel *k, const char *dev,
			 const struct lisp_kloc *petr, unsigned int n);
int lisp_kernel_rloc_set(struct lisp_kernel *k, const char *dev,
			 const struct lisp_kaddr *rloc, bool up);
/* The netns-wide counters (LISP_STAT_RX_NO_DEVICE, ...). */
int lisp_kernel_net_stats(struct lisp_kernel *k,
			  uint64_t stats[__LISP_STAT_MAX]);
/*
 * rtnetlink (kernel_link.c): devices and routes.  A struct lisp_kernel
 * opened with lisp_rtnl_open() (a NETLINK_ROUTE socket) is closed with
 * lisp_kernel_close(); errors as above, in k->err.
 */
struct lisp_klink {
	uint32_t ifindex;
	char kind[16];			/* IFLA_INFO_KIND, "" for none */
	bool up;
	uint32_t mtu;
	struct lisp_link_opts opts;	/* kind "lisp": what it reports */
};

int lisp_rtnl_open(struct lisp_kernel *k);
/* The device called name; -1 with errno ENODEV when there is none. */
int lisp_rtnl_link_get(struct lisp_kernel *k, const char *name,
		       struct lisp_klink *out);
/* A new lisp device with o's attributes, up; mtu 0: the kernel's. */
int lisp_rtnl_link_add(struct lisp_kernel *k, const char *name,
		       const struct lisp_link_opts *o, uint32_t mtu);
/* Set o's attributes in mask (and mtu unless 0) and bring it up. */
int lisp_rtnl_link_set(struct lisp_kernel *k, uint32_t ifindex,
		       const struct lisp_link_opts *o, uint32_t mask,
		       uint32_t mtu);
int lisp_rtnl_link_del(struct lisp_kernel *k, uint32_t ifindex);
/*
 * Add (or replace) or delete the main table's route dst/plen dev
 * ifindex, of protocol proto (RTPROT_STATIC, or lispd's own numbers
 * that say which of its parts owns the route).
 */
int lisp_rtnl_route(struct lisp_kernel *k, uint32_t ifindex,
		    const struct lisp_kaddr *dst, uint8_t plen, bool add,
		    uint8_t proto);
/* Delete the main table's routes of protocol proto: how many, or -1. */
int lisp_rtnl_route_flush_proto(struct lisp_kernel *k, uint8_t proto);

/* A neighbour entry (ARP, ND) as rtnetlink reports it (kernel_neigh.c). */
struct lisp_kneigh {
	uint32_t ifindex;
	struct lisp_kaddr addr;
	uint16_t state;			/* NUD_* */
	bool deleted;			/* RTM_DELNEIGH */
};

typedef int (*lisp_kneigh_fn)(const struct lisp_kneigh *n, void *arg);

/* Join RTNLGRP_NEIGH on this (rtnetlink) socket: a socket of its own. */
int lisp_rtnl_neigh_subscribe(struct lisp_kernel *k);
/* Every IPv4 and IPv6 neighbour entry (no proxy entries) to fn. */
int lisp_rtnl_neigh_dump(struct lisp_kernel *k, lisp_kneigh_fn fn, void *arg);
/*
 * Without blocking, the events queued on a subscribed socket to fn:
 * how many reads, or -1; *overruns counts ENOBUFS (events lost: dump
 * again).
 */
int lisp_rtnl_neigh_drain(struct lisp_kernel *k, lisp_kneigh_fn fn, void *arg,
			  uint64_t *overruns);
int lisp_rtnl_neigh_del(struct lisp_kernel *k, uint32_t ifindex,
			const struct lisp_kaddr *addr);

/* A LISP_CMD_MISS notification. */
struct lisp_kmiss {
	uint32_t ifindex;
	bool has_iid;
	uint32_t iid;
	struct lisp_kaddr src, dst;
};

typedef int (*lisp_kmiss_fn)(const struct lisp_kmiss *miss, void *arg);

/*
 * A LISP_CMD_EVENT notification (enum lisp_event_type says which and
 * which members are set: an address of family 0 was not sent).
 */
struct lisp_kevent {
	uint8_t type;			/* enum lisp_event_type */
	uint32_t ifindex;
	bool has_iid;
	uint32_t iid;
	struct lisp_kaddr src, dst;	/* inner addresses */
	struct lisp_kaddr rloc;		/* outer source */
	bool has_lsb;
	uint32_t lsb, lsb_kernel;	/* received, and the map-cache's */
	uint32_t iif;			/* input interface; 0: not sent */
};

typedef int (*lisp_kevent_fn)(const struct lisp_kevent *ev, void *arg);

/* Join the "miss" group on this socket (a socket of its own). */
int lisp_kernel_miss_subscribe(struct lisp_kernel *k);
/* Join the "events" group on this socket (may share the miss one's). */
int lisp_kernel_events_subscribe(struct lisp_kernel *k);
/*
 * Wait for notifications and hand each miss to @miss, each event to
 * @event (either NULL: not wanted) until one returns < 0.
 */
int lisp_kernel_notify_recv(struct lisp_kernel *k, lisp_kmiss_fn miss,
			    lisp_kevent_fn event, void *arg);
/*
 * Without blocking: hand every queued notification to @fn.  Returns how
 * many were read, or -1.  Each time the socket's receive buffer overran
 * (ENOBUFS: some notifications were dropped, which and how many is not
 * known) *overruns is incremented.  What was lost comes again: lisp.ko
 * announces a destination that still waits on its next packet once
 * LISP_MISS_RENOTIFY_MS has passed, and an event that still holds
 * after LISP_EVENT_DEDUP_MS.  A larger buffer (lisp_kernel_rcvbuf)
 * makes an overrun less likely.
 */
int lisp_kernel_miss_drain(struct lisp_kernel *k, lisp_kmiss_fn fn, void *arg,
			   uint64_t *overruns);
int lisp_kernel_event_drain(struct lisp_kernel *k, lisp_kevent_fn fn,
			    void *arg, uint64_t *overruns);
/*
 * Ask for a receive buffer of @bytes on k's socket (SO_RCVBUFFORCE with
 * CAP_NET_ADMIN, else SO_RCVBUF, which net.core.rmem_max caps).
 * Returns the size in effect (as SO_RCVBUF reports it), or -1.
 */
int lisp_kernel_rcvbuf(struct lisp_kernel *k, int bytes);
/* The netlink socket's fd, for an event loop. */
int lisp_kernel_fd(const struct lisp_kernel *k);

/* Name of a counter, as lispd prints it. */
const char *lisp_stat_name(unsigned int stat);
/*
 * Is it one of the netns-wide counters (LISP_CMD_NET_STATS_GET), not a
 * device's?  enum lisp_stat only grows, so the two kinds interleave.
 */
bool lisp_stat_netns(unsigned int stat);
/* Name of an event type ("lsb-mismatch"), NULL if unknown. */
const char *lisp_event_name(unsigned int type);

#endif /* LISPD_KERNEL_H */
