/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration of "lispd run": the CLI's commands, one per line.
 *
 *   log-level {debug|info|warn|error}
 *   control-port N
 *   register-period SECONDS
 *   iid0-encoding {plain|lcaf}
 *   site add NAME key SECRET [key-id N] [key-type {sha1|sha256}]
 *   site prefix NAME PREFIX [iid N] [accept-more-specifics]
 *   site anti-replay NAME {counter|require-xtr-id|window}
 *   site max-registrations NAME N
 *   map-resolver enable
 *   map-resolver forward PREFIX [iid N] to ADDR [port N]
 *   map-server add ADDR key SECRET [key-id N] [key-type {sha1|sha256}] [port N]
 *   map-server reply-ratio N
 *   map-server pubsub [max-subscriptions N] [per-prefix N] [retry-ms N]
 *                     [retries N]
 *   xtr-id HEX32
 *   site-id N
 *   rate-limit {requests|smr|smr-all|smr-send|smr-send-all} RATE BURST
 *   map-resolver add ADDR [port N]
 *   itr dev DEV [pitr]
 *   itr min-prefix-len {4|6} N
 *   rloc-probing {off | on | [interval S] [retries N] [retry-interval S]}
 *   device add NAME [iid N] [port N] [local ADDR] [ttl N|inherit]
 *              [tos N|inherit] [miss-rate N] [src-check on|off]
 *              [dst-check on|off] [mtu N] [route PREFIX ...]
 *              [on-stop keep|delete]
 *   database add [dev DEV] PREFIX [iid N] rloc ADDR [priority P] [weight W] [rloc ...]
 *   petr set dev DEV ADDR [priority P] [weight W] [ADDR ...]
 *   map-cache add dev DEV PREFIX { rloc ADDR [priority P] [weight W] [down]
 *                                  ... | action ACTION } [ttl S]
 *   dynamic-eid NAME prefix PREFIX [iid N] interface IF [dev DEV]
 *               rloc ADDR [priority P] [weight W] [rloc ...]
 *               [max-hosts N] [hold S]
 *
 * Pure: the parser takes text, not files, and returns a struct lispd_conf
 * or an error "NAME:LINE: reason".  Nothing here touches the kernel or
 * the network; lispd applies a parsed configuration (conf_apply.c).
 */
#ifndef LISPD_DAEMON_CONF_H
#define LISPD_DAEMON_CONF_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kernel.h"
#include "lib/addr.h"
#include "itr/probe.h"
#include "itr/resolver.h"
#include "ms/ms.h"
#include "proto/addr.h"

#define LISPD_CONF_LINE_MAX	4096	/* bytes of one line */
#define LISPD_CONF_WORDS_MAX	256	/* words of one line */
#define LISPD_CONF_ERR_MAX	512	/* an error message */
/* Bounds of the lists: a file past them is refused. */
#define LISPD_CONF_MAX_PEERS	64	/* map-servers, map-resolvers */
#define LISPD_CONF_MAX_ITRS	64
#define LISPD_CONF_MAX_DB	4096	/* database entries */
#define LISPD_CONF_MAX_PETR_DEVS 256
#define LISPD_CONF_MAX_MAPS	65536	/* static map-cache entries */
#define LISPD_CONF_MAX_DEVICES	64	/* device add */
#define LISPD_CONF_MAX_DEV_ROUTES 64	/* routes of one device */
#define LISPD_CONF_MAX_DYNEIDS	64	/* dynamic-eid lines */
#define LISPD_DYNEID_NAME_MAX	32	/* bytes of a name, with its NUL */
#define LISPD_DYNEID_HOLD_MAX_S	3600

#define LISPD_REGISTER_PERIOD_S	(LISP_MS_REG_PERIOD_MS / 1000)
#define LISPD_REGISTER_PERIOD_MAX 3600
#define LISPD_DEFAULT_KEY_ID	0
#define LISPD_DEFAULT_ALG	LISP_ALG_HMAC_SHA256_128

enum lispd_log_level {
	LISPD_LOG_DEBUG,
	LISPD_LOG_INFO,
	LISPD_LOG_WARN,
	LISPD_LOG_ERROR,
};

/* "site prefix NAME PREFIX [iid N] [accept-more-specifics]" */
struct lispd_conf_prefix {
	struct lisp_addr eid;	/* plain, or Instance-ID LCAF with "iid" */
	uint8_t plen;		/* host bits of eid are clear */
	bool accept_more_specifics;
	unsigned int line;
};

/* "site add" lines of one NAME (a repeated one adds a key: roll-over). */
struct lispd_conf_site {
	char name[LISP_MS_NAME_MAX];
	unsigned int nkeys;
	struct lisp_ms_key key[LISP_MS_MAX_KEYS];
	unsigned int nprefix, prefix_cap;
	struct lispd_conf_prefix *prefix;
	unsigned int line;	/* the first "site add" */
	/* "site anti-replay": enum lisp_ms_replay, default counter. */
	unsigned int replay;
	unsigned int replay_line;
	/* "site max-registrations", default LISP_MS_SITE_MAX_REGS. */
	unsigned int max_regs;
	unsigned int max_regs_line;
};

/* "map-server add" (with a key) or "map-resolver add" (key unused). */
struct lispd_conf_peer {
	struct lisp_ip addr;
	uint16_t port;
	struct lisp_ms_key key;
	unsigned int line;
};

/* "map-resolver forward": EIDs whose Map-Requests go to a Map-Server. */
struct lispd_conf_route {
	struct lisp_addr eid;	/* plain, or Instance-ID LCAF with "iid" */
	uint8_t plen;		/* host bits of eid are clear */
	struct lisp_ip ms_addr;
	uint16_t port;
	unsigned int line;
};

struct lispd_conf_itr {
	char dev[IF_NAMESIZE];
	bool pitr;
	unsigned int line;
};

struct lispd_conf_loc {
	struct lisp_ip addr;
	uint8_t priority;
	uint8_t weight;
};

/*
 * "device add": a lisp device lispd makes (if missing) and keeps as
 * written: its attributes (link_opts.h), MTU, up, and routes into it.
 */
struct lispd_conf_dev_route {
	struct lisp_kaddr dst;		/* host bits clear */
	uint8_t plen;
};

struct lispd_conf_device {
	char name[IF_NAMESIZE];
	struct lisp_link_opts opts;	/* as written, then completed */
	uint32_t mtu;			/* 0: the kernel's default */
	bool delete_on_stop;		/* on-stop delete (default keep) */
	unsigned int nroute;
	struct lispd_conf_dev_route route[LISPD_CONF_MAX_DEV_ROUTES];
	unsigned int line;
};

/* "database add": a local EID prefix and the site's RLOCs for it. */
struct lispd_conf_db {
	char dev[IF_NAMESIZE];	/* "": none (with --no-kernel only) */
	struct lisp_ip eid;	/* host bits clear */
	uint8_t plen;
	bool has_iid;		/* "iid N": used only without the kernel */
	uint32_t iid;
	unsigned int nloc;
	struct lispd_conf_loc loc[LISP_MAX_LOCATORS];
	unsigned int line;
};

/*
 * "dynamic-eid": hosts of a roaming prefix, detected on interface IF
 * (agent/dyneid/dyneid.h).  Each host becomes a database entry of its
 * own, a /32 or /128 with the line's dev, iid and locators: db holds
 * them with the roaming prefix as eid/plen.
 */
struct lispd_conf_dyneid {
	char name[LISPD_DYNEID_NAME_MAX];
	struct lispd_conf_db db;
	char interface[IF_NAMESIZE];
	unsigned int max_hosts;		/* LISP_DYN_MAX_HOSTS_DEFAULT */
	uint32_t hold_ms;		/* LISP_DYN_HOLD_MS_DEFAULT */
	unsigned int line;
};

struct lispd_conf_petr {
	char dev[IF_NAMESIZE];
	unsigned int nloc;
	struct lispd_conf_loc loc[LISP_MAX_PETRS];
	unsigned int line;
	bool kfailed;		/* run time: the kernel refused it */
};

/* "map-cache add dev DEV ...": a static kernel map-cache entry. */
struct lispd_conf_map {
	char dev[IF_NAMESIZE];
	struct lisp_kmap map;
	unsigned int line;
	bool kfailed;		/* run time: the kernel refused it */
};

/*
 * Token buckets (issue 11): Map-Requests per source address and per
 * ITR-RLOC, at the Map-Server/Map-Resolver and the ETR; SMRs per source.
 * RATE a second, BURST at once; rate 0: no limit.
 */
#define LISPD_RL_REQ_RATE	100
#define LISPD_RL_REQ_BURST	200
#define LISPD_RL_SMR_RATE	1
#define LISPD_RL_SMR_BURST	5
/*
 * SMRs from all sources together: a bucket per source does not bound
 * SMRs that each come from another (spoofed) address, and each costs
 * kernel lookups for its records.
 */
#define LISPD_RL_SMR_ALL_RATE	10
#define LISPD_RL_SMR_ALL_BURST	20
/*
 * SMRs this ETR sends (issue 12): per destination, as another lispd
 * takes them (LISPD_RL_SMR_*: more would be dropped there), and all
 * together, so that a reload changing many entries stays a trickle.
 */
#define LISPD_RL_SMR_SEND_RATE		LISPD_RL_SMR_RATE
#define LISPD_RL_SMR_SEND_BURST		LISPD_RL_SMR_BURST
#define LISPD_RL_SMR_SEND_ALL_RATE	100
#define LISPD_RL_SMR_SEND_ALL_BURST	100
#define LISPD_RL_MAX		1000000

struct lispd_conf {
	enum lispd_log_level log_level;	/* default info */
	uint16_t control_port;		/* default LISP_CONTROL_PORT */
	/* ETR: Map-Register every period; Map-Server: expiry after 3. */
	uint32_t register_period_s;	/* default LISPD_REGISTER_PERIOD_S */
	/*
	 * "iid0-encoding lcaf": EIDs of instance 0 in an Instance-ID LCAF
	 * in what lispd sends; plain by default (lisp_addr_set_eid_iid).
	 */
	bool iid0_lcaf;
	bool map_resolver;		/* "map-resolver enable" */
	unsigned int nroute, route_cap;	/* map-resolver forward */
	struct lispd_conf_route *route;
	unsigned int nsite, site_cap;
	struct lispd_conf_site *site;
	unsigned int nms, ms_cap;	/* map-server add */
	struct lispd_conf_peer *ms;
	unsigned int nmr, mr_cap;	/* map-resolver add */
	struct lispd_conf_peer *mr;
	unsigned int nitr, itr_cap;
	struct lispd_conf_itr *itr;
	/* "itr min-prefix-len": the widest prefix a Map-Reply installs. */
	uint8_t itr_min_plen4;		/* default LISP_ITR_MIN_PLEN4 */
	uint8_t itr_min_plen6;		/* default LISP_ITR_MIN_PLEN6 */
	/*
	 * "itr subscribe on": the ITR's Map-Requests subscribe to what they
	 * ask (RFC 9437, agent/itr/subscribe.c); off by default.
	 */
	bool itr_subscribe;
	/*
	 * "rloc-probing": the ITR probes the locators of the entries it
	 * installed (agent/itr/probe.h); on by default.
	 */
	bool probe_off;
	uint32_t probe_interval_s;	/* LISP_PROBE_INTERVAL_MS / 1000 */
	uint32_t probe_retries;		/* LISP_PROBE_RETRIES */
	uint32_t probe_retry_s;		/* LISP_PROBE_RETRY_MS / 1000 */
	/*
	 * The ETR's I bit (issue 11): "xtr-id", else random at every
	 * start; "site-id", default 0.
	 */
	bool has_xtr_id;
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
	/* "map-server reply-ratio": Map-Reply bytes / request bytes. */
	unsigned int ms_reply_ratio;	/* default LISP_MS_REPLY_RATIO */
	/* "map-server pubsub" (RFC 9437); 0: the Map-Server's default. */
	unsigned int ms_ps_max_subs, ms_ps_per_prefix, ms_ps_retries;
	uint32_t ms_ps_retry_ms;
	/*
	 * "rate-limit requests|smr|smr-all RATE BURST": per source (and
	 * ITR-RLOC); smr-all for all sources together.
	 */
	uint32_t rl_req_rate, rl_req_burst;	/* LISPD_RL_REQ_* */
	uint32_t rl_smr_rate, rl_smr_burst;	/* LISPD_RL_SMR_* */
	uint32_t rl_smr_all_rate, rl_smr_all_burst; /* LISPD_RL_SMR_ALL_* */
	/* "rate-limit smr-send|smr-send-all": SMRs sent (issue 12). */
	uint32_t rl_smr_send_rate, rl_smr_send_burst;
	uint32_t rl_smr_send_all_rate, rl_smr_send_all_burst;
	unsigned int ndevice, device_cap;
	struct lispd_conf_device *device;
	unsigned int ndb, db_cap;
	struct lispd_conf_db *db;
	unsigned int npetr, petr_cap;
	struct lispd_conf_petr *petr;
	unsigned int nmap, map_cap;
	struct lispd_conf_map *map;
	unsigned int ndyneid, dyneid_cap;
	struct lispd_conf_dyneid *dyneid;
};

/*
 * Parse nlines lines (each NUL-terminated, newline optional).  name is
 * the file name errors start with.  Returns 0 and a new configuration
 * in *out, or -1 with "name:line: reason" in err (and *out untouched).
 */
int lispd_conf_parse(const char *name, const char *const *lines,
		     size_t nlines, struct lispd_conf **out,
		     char *err, size_t errlen);
/* The same over a whole text of len bytes, lines split at '\n'. */
int lispd_conf_parse_text(const char *name, const char *text, size_t len,
			  struct lispd_conf **out, char *err, size_t errlen);
void lispd_conf_free(struct lispd_conf *c);

/*
 * With the kernel, every database entry needs its device: 0, or -1 with
 * "name:line: reason" in err for the first without "dev DEV".  lispd
 * run checks it unless --no-kernel (a Map-Server or a test ETR has no
 * device).
 */
int lispd_conf_check_kernel(const struct lispd_conf *c, const char *name,
			    char *err, size_t errlen);

/* Roles the configuration asks for. */
bool lispd_conf_is_ms(const struct lispd_conf *c);
bool lispd_conf_is_etr(const struct lispd_conf *c);
/* Has lines the kernel must apply (device, database, petr, map-cache, itr). */
bool lispd_conf_needs_kernel(const struct lispd_conf *c);

const char *lispd_log_level_str(enum lispd_log_level l);
/* "sha1", "sha256", or "unknown". */
const char *lispd_key_type_str(unsigned int alg_id);
/*
 * Why the n keys configured (a site's, a map-server's) refused a message
 * with key_id and alg_id, in the words of the configuration (issue 14):
 * "received key-id 0 key-type sha1, configured key-id 1 key-type
 * sha256", or, when one of them has that key-id and key-type, that the
 * HMAC does not verify with it.  Returns the length or
 * -LISP_ERR_NO_SPACE.
 */
int lispd_auth_refusal_str(unsigned int key_id, unsigned int alg_id,
			   const struct lisp_ms_key *keys, unsigned int n,
			   char *buf, size_t len);

/* Equality used by reload to tell what changed. */
bool lispd_conf_key_equal(const struct lisp_ms_key *a,
			  const struct lisp_ms_key *b);
bool lispd_conf_peer_equal(const struct lispd_conf_peer *a,
			   const struct lispd_conf_peer *b);
bool lispd_conf_db_equal(const struct lispd_conf_db *a,
			 const struct lispd_conf_db *b);
bool lispd_conf_petr_equal(const struct lispd_conf_petr *a,
			   const struct lispd_conf_petr *b);
bool lispd_conf_map_equal(const struct lispd_conf_map *a,
			  const struct lispd_conf_map *b);
/* The same hosts would be detected and registered the same way. */
bool lispd_conf_dyneid_equal(const struct lispd_conf_dyneid *a,
			     const struct lispd_conf_dyneid *b);
const struct lispd_conf_device *lispd_conf_device_find(const struct lispd_conf *c,
						       const char *name);
bool lispd_conf_dev_route_in(const struct lispd_conf_dev_route *r,
			     const struct lispd_conf_device *dev);
/* Same (dev, prefix): the key of the kernel's tables. */
bool lispd_conf_db_same_key(const struct lispd_conf_db *a,
			    const struct lispd_conf_db *b);
bool lispd_conf_map_same_key(const struct lispd_conf_map *a,
			     const struct lispd_conf_map *b);

#endif /* LISPD_DAEMON_CONF_H */
