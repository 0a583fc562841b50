/* SPDX-License-Identifier: GPL-2.0 */
/* Map-Server internals shared by its files; not part of the API. */
#ifndef LISP_MS_PRIV_H
#define LISP_MS_PRIV_H

#include <string.h>

#include "ms.h"
#include "ms_lpm.h"
#include "ptree.h"

/*
 * The prefixes of one (instance-id, address family): what is configured,
 * what is registered (LPM tables, values struct lisp_ms_eid and struct
 * lisp_ms_reg), and both as a multiset for negative answers.
 */
struct lisp_ms_db {
	uint32_t iid;
	uint16_t afi;
	uint8_t bits;
	struct lpm_table cfg;
	struct lpm_table reg;
	struct lpm_table route;		/* struct lisp_ms_route */
	struct lisp_ms_ptree all;	/* cfg and route prefixes */
};

/* An EID as the tables key it: which table, and the address bytes. */
struct ms_key {
	uint32_t iid;
	uint16_t afi;
	uint8_t bits;
	uint8_t plen;
	uint8_t key[16];	/* network order, bits past plen cleared */
};

#define ms_entry(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

static inline void ms_list_init(struct lisp_ms_link *h)
{
	h->prev = h->next = h;
}

static inline bool ms_list_empty(const struct lisp_ms_link *h)
{
	return h->next == h;
}

/* Insert l after pos. */
static inline void ms_list_add_after(struct lisp_ms_link *pos,
				     struct lisp_ms_link *l)
{
	l->prev = pos;
	l->next = pos->next;
	pos->next->prev = l;
	pos->next = l;
}

static inline void ms_list_add_tail(struct lisp_ms_link *h,
				    struct lisp_ms_link *l)
{
	ms_list_add_after(h->prev, l);
}

static inline void ms_list_del(struct lisp_ms_link *l)
{
	l->prev->next = l->next;
	l->next->prev = l->prev;
	l->prev = l->next = l;
}

/*
 * retx.c: an unsolicited Map-Notify waiting for its Map-Notify-Ack
 * (RFC 9301 5.7), retransmitted until one comes: publications (pubsub.c,
 * RFC 9437) and moves (move.c, issue 12) alike.  Its owner keeps or
 * builds the message and decides how often; this is the queue of them,
 * soonest due first: the daemon polls after every message the
 * Map-Server takes, and a poll with nothing due looks at one entry.
 */
struct ms_retx {
	unsigned int tries;		/* transmissions so far */
	uint64_t next_ms;		/* the next one */
	struct lisp_ms_link node;	/* its queue; itself if in none */
};

/* Out of any queue (as ms_retx_stop leaves it). */
static inline void ms_retx_init(struct ms_retx *r)
{
	ms_list_init(&r->node);
}

static inline bool ms_retx_waiting(const struct ms_retx *r)
{
	return !ms_list_empty(&r->node);
}

/* r (in no queue, or in q) goes at due_ms, none sent: ahead of the rest. */
void ms_retx_start(struct lisp_ms_link *q, struct ms_retx *r, uint64_t due_ms);
void ms_retx_stop(struct ms_retx *r);
/*
 * What the owner of a queue does with one of its Map-Notifies due now:
 * made (into its caller's packet), it returns when it is due again
 * (later than now_ms); given up or not built, it takes r out of the
 * queue (ms_retx_stop), frees it and returns 0.  r->tries says how many
 * times it went before.
 */
typedef uint64_t (*ms_retx_fn)(struct ms_retx *r, uint64_t now_ms,
			       void *arg);
/*
 * The first Map-Notify of q due at now_ms for which fn makes a message:
 * counted as sent once more and queued last (the others due go
 * first), 1; 0 if none is due.
 */
int ms_retx_poll(struct lisp_ms_link *q, uint64_t now_ms, ms_retx_fn fn,
		 void *arg);
/* When the first of q is due, UINT64_MAX if none waits. */
uint64_t ms_retx_next_ms(const struct lisp_ms_link *q);

/* site.c */
/* The table for k, made if missing; NULL if full or out of memory. */
struct lisp_ms_db *ms_db_get(struct lisp_ms *ms, const struct ms_key *k);
int ms_key_from_addr(const struct lisp_addr *a, unsigned int plen,
		     struct ms_key *k);
struct lisp_ms_db *ms_db_find(const struct lisp_ms *ms, uint32_t iid,
			      uint16_t afi);
/*
 * A configured prefix (site or route) in its table t of db, and in
 * db->all for negative answers: 0, or -LISP_MS_ERR_NOMEM with neither
 * changed.  ms_db_remove undoes it.
 */
int ms_db_insert(struct lisp_ms_db *db, struct lpm_table *t,
		 const struct ms_key *k, void *value);
void ms_db_remove(struct lisp_ms_db *db, struct lpm_table *t,
		  const struct ms_key *k);
/* The configured prefix a record for k registers under, or NULL. */
struct lisp_ms_eid *ms_eid_for(const struct lisp_ms_db *db,
			       const struct ms_key *k);
const struct lisp_ms_key *ms_site_key(const struct lisp_ms_site *site,
				      unsigned int key_id,
				      unsigned int alg_id);

/* route.c: is ip a route's Map-Server; a no-forward address? */
bool ms_route_ms_known(const struct lisp_ms *ms, const struct lisp_ip *ip,
		       uint16_t port);
bool ms_no_forward(const struct lisp_ms *ms, const struct lisp_ip *ip,
		   uint16_t port);

/* replay.c: anti-replay (enum lisp_ms_replay) for the n sites of m. */
/* 0, or LISP_MS_ERR_REPLAYED/_NO_XTR_ID/_FULL (no memory) and *bad. */
int ms_replay_check(struct lisp_ms_site *const *site, unsigned int n,
		    const struct lisp_map_register *m,
		    struct lisp_ms_site **bad);
/* m is accepted: remember its nonce (cannot fail after the check). */
void ms_replay_accept(struct lisp_ms_site *const *site, unsigned int n,
		      const struct lisp_map_register *m, uint64_t now_ms);
void ms_replay_free(struct lisp_ms_site *site);

/* register.c */
void ms_reg_remove(struct lisp_ms *ms, struct lisp_ms_reg *reg);
/* Free reg and its xTRs' parts, unlinked from nothing (teardown). */
void ms_reg_free(struct lisp_ms_reg *reg);
/*
 * Drop the xTRs' parts of reg expired at now_ms (counted), and reg if
 * none is left: then false.
 */
bool ms_reg_expire(struct lisp_ms *ms, struct lisp_ms_reg *reg,
		   uint64_t now_ms);

/*
 * move.c.  A verified Map-Notify-Ack of a move's Map-Notify: the one of
 * that nonce, if it waits, waits no more (true).
 */
bool ms_move_acked(struct lisp_ms *ms, uint64_t nonce);
/*
 * m's sender, from src, registered pfx (host bits cleared): none of
 * the Map-Notifies waiting to tell it that pfx moved away is sent again.
 */
void ms_move_superseded(struct lisp_ms *ms, const struct lisp_prefix *pfx,
			const struct lisp_map_register *m,
			const struct lisp_ip *src);
void ms_move_free(struct lisp_ms *ms);

/*
 * pubsub.c.  The registration of pfx may have changed (stored,
 * refreshed, merged, withdrawn, expired): register.c's one hook.
 * Cheap when nothing subscribed; a refresh that changes nothing sends
 * nothing.
 */
void ms_pubsub_changed(struct lisp_ms *ms, const struct lisp_prefix *pfx);
/*
 * Record i of req (I and N set) answered by reg: subscribe the
 * requester.  true: subscribed, its Map-Notify queued (poll); false:
 * refused (counted), answer as usual.
 */
bool ms_pubsub_subscribe(struct lisp_ms *ms,
			 const struct lisp_map_request *req, unsigned int i,
			 struct lisp_ms_reg *reg, uint16_t dport,
			 uint64_t now_ms);
void ms_pubsub_free(struct lisp_ms *ms);
/*
 * lisp_ms_handle_notify_ack's try at the publications: m (parsed from
 * pkt[0..len), a Map-Notify-Ack from src) acknowledges the Map-Notify
 * waiting for it (same xTR-ID, nonce, EID-record and address) with the
 * HMAC under the subscriber's site key: 1, it waits no more (counted
 * acks).  0: no such Map-Notify waits; -LISP_MS_ERR_AUTH: one does, but
 * the HMAC fails.  Refusals are the caller's to count, once it knows no
 * move's Map-Notify took it either (ms_pubsub_ack_refused: auth, the
 * -LISP_MS_ERR_AUTH case, or not).
 */
int ms_pubsub_ack(struct lisp_ms *ms, const struct lisp_map_register *m,
		  const uint8_t *pkt, size_t len, const struct lisp_ip *src);
void ms_pubsub_ack_refused(struct lisp_ms *ms, bool auth);

#endif /* LISP_MS_PRIV_H */
