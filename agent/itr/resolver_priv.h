/* SPDX-License-Identifier: GPL-2.0 */
/* Internals of the ITR resolver, shared by its files. */
#ifndef LISP_ITR_RESOLVER_PRIV_H
#define LISP_ITR_RESOLVER_PRIV_H

#include "resolver.h"

#define ITR_NIL		UINT32_MAX

enum itr_state {
	ITR_FREE,
	ITR_WAITING,		/* Map-Request out, deadline: retry/give up */
	ITR_ANSWERED,		/* deadline: end of the 1 s after the last */
	ITR_HOLD,		/* gave up, deadline: end of the hold-down */
};

/* A request, keyed by (dev, instance-id, EID prefix). */
struct itr_req {
	uint8_t state;		/* enum itr_state */
	uint8_t tries;		/* Map-Requests sent */
	uint8_t resolver;	/* index of the last one's Map-Resolver */
	uint8_t plen;
	bool has_iid;
	bool has_petr;
	bool refresh;		/* for an installed entry (refresh or SMR) */
	bool smr_invoked;	/* s bit (RFC 9301 6.1) */
	uint32_t dev;
	uint32_t iid;
	struct lisp_ip eid;	/* bits past plen clear */
	struct lisp_ip src;	/* source EID, AFI 0 for a refresh */
	uint64_t nonce;
	uint64_t first_ms, last_ms, deadline_ms;
	uint32_t key_next, nonce_next;	/* hash chains, or the free list */
	uint32_t prev, next;		/* the list of requests in use */
};

struct lisp_itr {
	struct lisp_itr_cfg cfg;
	struct lisp_itr_stats stats;
	unsigned int preferred;		/* resolver of first Map-Requests */
	unsigned int npending;		/* requests in use, any state */
	uint32_t nbucket;		/* power of two */
	uint32_t free_head;
	uint32_t used_head;
	struct itr_req *req;		/* cfg.max_pending */
	uint32_t *key_head;		/* nbucket chains by key ... */
	uint32_t *nonce_head;		/* ... and by nonce */
	struct lisp_map_reply *rep;	/* scratch for Map-Replies */
	/* Entries installed by this ITR (owned.c): open addressing. */
	struct itr_owned *owned;
	uint32_t owned_cap;		/* 0 or a power of two */
	uint32_t nowned;
	uint8_t owned_gen;		/* sweep generation */
	/* Publish/subscribe (subscribe.c): NULL until the first. */
	struct itr_sub *sub;		/* LISP_ITR_SUBS_MAX */
	struct lisp_itr_ps_stats ps;
	struct lisp_map_register *notify;	/* scratch */
	/* The refresh scan (refresh.c). */
	struct {
		bool running;
		bool complete;		/* no device's dump failed */
		unsigned int dev;	/* device being read */
		unsigned int ndev;
		unsigned int left;	/* entries this step may still take */
		uint64_t due_ms;	/* when the next round may start */
	} scan;
};

struct itr_owned {
	uint32_t dev;
	uint16_t afi;			/* 0: free slot */
	uint8_t plen;
	uint8_t gen;
	uint8_t addr[16];
};

void itr_owned_free(struct lisp_itr *itr);
void itr_subs_free(struct lisp_itr *itr);

/*
 * The records of an answer to r (a Map-Reply's, or a subscription's
 * Map-Notify): those RFC 9301 5.4 lets r install, appended to *out
 * (reply.c says which); the request is then answered.  Returns the
 * entries added, or -LISP_ITR_ERR_WRONG_EID if none (r still waits).
 */
int itr_answer(struct lisp_itr *itr, struct itr_req *r,
	       const struct lisp_record *rec, unsigned int nrec,
	       struct lisp_itr_reply *out);
/*
 * The records of a publication for r, a subscribed prefix (not a
 * request in the table): appended to *out as itr_answer() takes them.
 */
unsigned int itr_take_records(struct lisp_itr *itr, const struct itr_req *r,
			      const struct lisp_record *rec,
			      unsigned int nrec, struct lisp_itr_reply *out);

struct itr_key {
	uint32_t dev;
	bool has_iid;
	uint32_t iid;
	const struct lisp_ip *eid;
	uint8_t plen;
};

struct itr_req *itr_find_nonce(const struct lisp_itr *itr, uint64_t nonce);
/* How a request starts: from a miss, a refresh or an SMR. */
struct itr_how {
	const struct lisp_ip *src;	/* source EID, AFI 0 if none */
	bool has_petr;
	bool refresh;
	bool smr_invoked;
};

/* Start a request for key: returns as lisp_itr_miss(). */
int itr_start(struct lisp_itr *itr, const struct itr_key *k,
	      const struct itr_how *how, uint64_t now_ms,
	      struct lisp_itr_pkt *out);

#endif /* LISP_ITR_RESOLVER_PRIV_H */
