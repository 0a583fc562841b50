// SPDX-License-Identifier: GPL-2.0
/*
 * RLOC probing (probe.h): a table of RLOCs in slots that never move,
 * found by address and by the nonce of the probe out to them (hash
 * chains), and a binary min-heap of their deadlines, so that a tick
 * costs O(log n) per RLOC due however large the table.  The slots grow
 * by doubling up to max_rlocs.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bits.h"
#include "lib/ratelimit.h"
#include "probe.h"
#include "request.h"

#define NIL		UINT32_MAX
#define SLOTS_MIN	64
#define NONCE_DRAWS	8	/* a zero or colliding nonce is drawn again */

struct probe_rloc {
	struct lisp_ip addr;	/* AFI 0: a free slot */
	uint8_t state;		/* enum lisp_probe_state */
	uint8_t misses;		/* unanswered in a row */
	bool waiting;		/* a probe is out: nonce is in the chain */
	bool answered;
	bool kdown;		/* marked down in the kernel by probing */
	bool has_iid;
	uint8_t plen;
	uint32_t dev;
	uint32_t iid;
	struct lisp_ip eid;	/* the probe's EID-record */
	/* Its entry no longer lists it: unprobed until another does. */
	bool unlisted;
	uint64_t nonce;
	uint64_t deadline_ms;	/* next probe, or end of the wait */
	uint64_t last_sent_ms, last_reply_ms, changed_ms;
	uint64_t used_ms;	/* an entry listing it carried traffic */
	uint64_t seen_ms;	/* an entry listing it was seen */
	uint64_t kfix_ms;	/* last "tell the kernel again" */
	uint64_t alt_ms;	/* listed by an entry with another locator */
	uint32_t rtt_ms;
	uint64_t sent, replies;
	uint32_t addr_next;	/* chain by address, or the free list */
	uint32_t nonce_next;	/* chain by nonce, while waiting */
	uint32_t heap;		/* position in the heap */
};

struct lisp_probe {
	struct lisp_probe_cfg cfg;
	struct lisp_probe_stats stats;
	struct lisp_tb tb;
	uint64_t hold_ms;	/* out of tokens: nothing sent before */
	uint32_t n, cap;	/* slots in use, slots */
	uint32_t nbucket;	/* of each index: 0 or a power of two >= cap */
	uint32_t free_head;
	struct probe_rloc *r;
	uint32_t *addr_head;	/* cap chains by address ... */
	uint32_t *nonce_head;	/* ... and by nonce */
	uint32_t *heap;		/* n slot indexes, earliest deadline first */
	struct lisp_map_reply *rep;	/* scratch for answers */
};

void lisp_probe_cfg_init(struct lisp_probe_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->interval_ms = LISP_PROBE_INTERVAL_MS;
	cfg->retry_ms = LISP_PROBE_RETRY_MS;
	cfg->retries = LISP_PROBE_RETRIES;
	cfg->max_rlocs = LISP_PROBE_RLOCS_MAX;
	cfg->rate = LISP_PROBE_RATE;
	cfg->burst = LISP_PROBE_BURST;
	cfg->port = LISP_CONTROL_PORT;
}

static int cfg_check(const struct lisp_probe_cfg *cfg)
{
	unsigned int i;

	if (!cfg->interval_ms || cfg->interval_ms > LISP_PROBE_INTERVAL_MAX_MS ||
	    !cfg->retry_ms || cfg->retry_ms > cfg->interval_ms ||
	    cfg->retries > LISP_PROBE_RETRIES_MAX || !cfg->rate ||
	    !cfg->burst || !cfg->random || cfg->nrloc > LISP_MAX_ITR_RLOCS)
		return -LISP_ITR_ERR_INVALID;
	for (i = 0; i < cfg->nrloc; i++) {
		if (!lisp_ip_is_ip(&cfg->rloc[i]))
			return -LISP_ITR_ERR_INVALID;
	}
	return 0;
}

struct lisp_probe *lisp_probe_new(const struct lisp_probe_cfg *cfg)
{
	struct lisp_probe *pr;

	if (cfg_check(cfg) || !cfg->max_rlocs ||
	    cfg->max_rlocs > LISP_PROBE_RLOCS_MAX)
		return NULL;
	pr = calloc(1, sizeof(*pr));
	if (!pr)
		return NULL;
	pr->rep = malloc(sizeof(*pr->rep));
	if (!pr->rep) {
		free(pr);
		return NULL;
	}
	pr->cfg = *cfg;
	pr->free_head = NIL;
	lisp_tb_set(&pr->tb, cfg->rate, cfg->burst);
	return pr;
}

void lisp_probe_free(struct lisp_probe *pr)
{
	if (!pr)
		return;
	free(pr->r);
	free(pr->addr_head);
	free(pr->nonce_head);
	free(pr->heap);
	free(pr->rep);
	free(pr);
}

int lisp_probe_configure(struct lisp_probe *pr,
			 const struct lisp_probe_cfg *cfg)
{
	unsigned int max = pr->cfg.max_rlocs;
	int err = cfg_check(cfg);

	if (err)
		return err;
	pr->cfg = *cfg;
	pr->cfg.max_rlocs = max;
	lisp_tb_set(&pr->tb, cfg->rate, cfg->burst);
	return 0;
}

const struct lisp_probe_cfg *lisp_probe_config(const struct lisp_probe *pr)
{
	return &pr->cfg;
}

const struct lisp_probe_stats *lisp_probe_stats(const struct lisp_probe *pr)
{
	return &pr->stats;
}

unsigned int lisp_probe_count(const struct lisp_probe *pr)
{
	return pr->n;
}

const char *lisp_probe_state_str(enum lisp_probe_state s)
{
	return s == LISP_PROBE_DOWN ? "down" : "up";
}

/* ---- the indexes ---- */

/* rloc with the unused bytes of an IPv4 address clear: a key. */
static struct lisp_ip key_of(const struct lisp_ip *rloc)
{
	struct lisp_ip k = *rloc;

	if (k.afi == LISP_AFI_IPV4)
		memset(k.addr + 4, 0, sizeof(k.addr) - 4);
	return k;
}

static uint32_t addr_bucket(const struct lisp_probe *pr,
			    const struct lisp_ip *k)
{
	uint32_t h = FNV1A_INIT;

	h = fnv1a(h, &k->afi, sizeof(k->afi));
	h = fnv1a(h, k->addr, sizeof(k->addr));
	return h & (pr->nbucket - 1);
}

static uint32_t nonce_bucket(const struct lisp_probe *pr, uint64_t nonce)
{
	return (uint32_t)((nonce * 0x9e3779b97f4a7c15ULL) >> 32) &
	       (pr->nbucket - 1);
}

static struct probe_rloc *find_addr(const struct lisp_probe *pr,
				    const struct lisp_ip *k)
{
	uint32_t i;

	if (!pr->cap)
		return NULL;
	for (i = pr->addr_head[addr_bucket(pr, k)]; i != NIL;
	     i = pr->r[i].addr_next) {
		if (lisp_ip_equal(&pr->r[i].addr, k))
			return &pr->r[i];
	}
	return NULL;
}

static struct probe_rloc *find_nonce(const struct lisp_probe *pr,
				     uint64_t nonce)
{
	uint32_t i;

	if (!pr->cap)
		return NULL;
	for (i = pr->nonce_head[nonce_bucket(pr, nonce)]; i != NIL;
	     i = pr->r[i].nonce_next) {
		if (pr->r[i].nonce == nonce)
			return &pr->r[i];
	}
	return NULL;
}

static uint32_t idx(const struct lisp_probe *pr, const struct probe_rloc *r)
{
	return (uint32_t)(r - pr->r);
}

static void nonce_link(struct lisp_probe *pr, struct probe_rloc *r)
{
	uint32_t b = nonce_bucket(pr, r->nonce);

	r->nonce_next = pr->nonce_head[b];
	pr->nonce_head[b] = idx(pr, r);
}

/* The probe out to r is over (answered, timed out, r dropped). */
static void nonce_unlink(struct lisp_probe *pr, struct probe_rloc *r)
{
	uint32_t i = idx(pr, r), *pp;

	if (!r->waiting)
		return;
	pp = &pr->nonce_head[nonce_bucket(pr, r->nonce)];
	while (*pp != i)		/* always there while waiting */
		pp = &pr->r[*pp].nonce_next;
	*pp = r->nonce_next;
	r->waiting = false;
}

static void addr_link(struct lisp_probe *pr, struct probe_rloc *r)
{
	uint32_t b = addr_bucket(pr, &r->addr);

	r->addr_next = pr->addr_head[b];
	pr->addr_head[b] = idx(pr, r);
}

/* ---- the heap of deadlines ---- */

static bool earlier(const struct lisp_probe *pr, uint32_t a, uint32_t b)
{
	return pr->r[pr->heap[a]].deadline_ms < pr->r[pr->heap[b]].deadline_ms;
}

static void heap_swap(struct lisp_probe *pr, uint32_t a, uint32_t b)
{
	uint32_t t = pr->heap[a];

	pr->heap[a] = pr->heap[b];
	pr->heap[b] = t;
	pr->r[pr->heap[a]].heap = a;
	pr->r[pr->heap[b]].heap = b;
}

static void heap_up(struct lisp_probe *pr, uint32_t i)
{
	while (i && earlier(pr, i, (i - 1) / 2)) {
		heap_swap(pr, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_down(struct lisp_probe *pr, uint32_t i)
{
	uint32_t l, m;

	for (;;) {
		l = 2 * i + 1;
		m = i;
		if (l < pr->n && earlier(pr, l, m))
			m = l;
		if (l + 1 < pr->n && earlier(pr, l + 1, m))
			m = l + 1;
		if (m == i)
			return;
		heap_swap(pr, i, m);
		i = m;
	}
}

/* r's deadline changed: put it back in order. */
static void reschedule(struct lisp_probe *pr, struct probe_rloc *r,
		       uint64_t at_ms)
{
	r->deadline_ms = at_ms;
	heap_up(pr, r->heap);
	heap_down(pr, r->heap);
}

/* ---- slots ---- */

static int grow(struct lisp_probe *pr)
{
	uint32_t cap = pr->cap ? pr->cap * 2 : SLOTS_MIN, nb, i;
	struct probe_rloc *r;
	uint32_t *ah, *nh, *hp;

	if (cap > pr->cfg.max_rlocs)
		cap = pr->cfg.max_rlocs;
	if (cap <= pr->cap)
		return -LISP_ITR_ERR_FULL;
	for (nb = SLOTS_MIN; nb < cap;)
		nb *= 2;
	/* A failure below leaves a larger allocation, the same table. */
	r = realloc(pr->r, (size_t)cap * sizeof(*r));
	if (!r)
		return -LISP_ITR_ERR_NOMEM;
	pr->r = r;
	hp = realloc(pr->heap, (size_t)cap * sizeof(*hp));
	if (!hp)
		return -LISP_ITR_ERR_NOMEM;
	pr->heap = hp;
	ah = malloc((size_t)nb * sizeof(*ah));
	nh = malloc((size_t)nb * sizeof(*nh));
	if (!ah || !nh) {
		free(ah);
		free(nh);
		return -LISP_ITR_ERR_NOMEM;
	}
	free(pr->addr_head);
	free(pr->nonce_head);
	pr->addr_head = ah;
	pr->nonce_head = nh;
	pr->nbucket = nb;
	/* Called with no free slot: the new ones are the free list. */
	for (i = pr->cap; i < cap; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].addr_next = i + 1 < cap ? i + 1 : NIL;
	}
	pr->free_head = pr->cap;
	pr->cap = cap;
	/* New bucket count: every chain again. */
	for (i = 0; i < nb; i++)
		ah[i] = nh[i] = NIL;
	for (i = 0; i < cap; i++) {
		if (!r[i].addr.afi)
			continue;
		addr_link(pr, &r[i]);
		if (r[i].waiting)
			nonce_link(pr, &r[i]);
	}
	return 0;
}

static struct probe_rloc *slot_new(struct lisp_probe *pr,
				   const struct lisp_ip *k)
{
	struct probe_rloc *r;
	uint32_t i;

	if (pr->n >= pr->cfg.max_rlocs) {
		pr->stats.table_full++;
		return NULL;
	}
	if (pr->free_head == NIL && grow(pr)) {
		pr->stats.table_full++;
		return NULL;
	}
	i = pr->free_head;
	r = &pr->r[i];
	pr->free_head = r->addr_next;
	memset(r, 0, sizeof(*r));
	r->addr = *k;
	addr_link(pr, r);
	r->heap = pr->n;
	pr->heap[pr->n++] = i;
	return r;
}

static void slot_del(struct lisp_probe *pr, struct probe_rloc *r)
{
	uint32_t i = idx(pr, r), *pp, pos = r->heap;

	nonce_unlink(pr, r);
	pp = &pr->addr_head[addr_bucket(pr, &r->addr)];
	while (*pp != i)
		pp = &pr->r[*pp].addr_next;
	*pp = r->addr_next;
	/* The heap's last takes r's place, then finds its own. */
	pr->n--;
	if (pos != pr->n) {
		pr->heap[pos] = pr->heap[pr->n];
		pr->r[pr->heap[pos]].heap = pos;
		heap_up(pr, pos);
		heap_down(pr, pr->r[pr->heap[pos]].heap);
	}
	r->addr.afi = 0;
	r->addr_next = pr->free_head;
	pr->free_head = i;
}

/* ---- the rule ---- */

/*
 * The next probe: an interval after from_ms, up to a tenth of it early
 * (jitter: RLOCs seen together spread out), not before now_ms.
 */
static uint64_t next_probe_ms(struct lisp_probe *pr, uint64_t from_ms,
			      uint64_t now_ms)
{
	uint32_t span = pr->cfg.interval_ms / 10;
	uint64_t j = span ? pr->cfg.random(pr->cfg.random_arg) % (span + 1) : 0;
	uint64_t at = from_ms + pr->cfg.interval_ms - j;

	return at > now_ms ? at : now_ms;
}

static void set_entry(struct probe_rloc *r, const struct lisp_probe_use *u)
{
	r->dev = u->dev;
	r->has_iid = u->has_iid;
	r->iid = u->has_iid ? u->iid : 0;
	r->eid = u->eid;
	r->plen = u->plen;
	r->unlisted = false;
}

static bool names_entry(const struct probe_rloc *r,
			const struct lisp_probe_use *u)
{
	return r->dev == u->dev && r->has_iid == u->has_iid &&
	       r->iid == (u->has_iid ? u->iid : 0) && r->plen == u->plen &&
	       lisp_ip_equal(&r->eid, &u->eid);
}

/* Would down in the kernel move traffic (an entry has another locator)? */
static bool has_alt(const struct probe_rloc *r, uint64_t now_ms)
{
	return r->alt_ms && now_ms - r->alt_ms <= LISP_PROBE_IDLE_MS;
}

int lisp_probe_seen(struct lisp_probe *pr, const struct lisp_probe_use *u,
		    uint64_t now_ms)
{
	struct lisp_ip k;
	struct probe_rloc *r;

	if (!lisp_ip_is_ip(&u->rloc) || !lisp_ip_is_ip(&u->eid))
		return -LISP_ITR_ERR_INVALID;
	k = key_of(&u->rloc);
	r = find_addr(pr, &k);
	if (!r) {
		/* Idle and up: nothing to watch.  Down: may come back. */
		if (!u->in_use && u->kernel_up)
			return 0;
		r = slot_new(pr, &k);
		if (!r)
			return -LISP_ITR_ERR_FULL;
		r->state = u->kernel_up ? LISP_PROBE_UP : LISP_PROBE_DOWN;
		r->kdown = !u->kernel_up;
		r->alt_ms = u->alt ? now_ms : 0;
		r->used_ms = now_ms;
		set_entry(r, u);
		/* The first probe at once (the rate spreads a crowd). */
		r->seen_ms = now_ms;
		reschedule(pr, r, now_ms);
		return 0;
	}
	r->seen_ms = now_ms;
	if (u->alt)
		r->alt_ms = now_ms;
	if (u->in_use)
		r->used_ms = now_ms;
	if (u->in_use || r->unlisted)
		set_entry(r, u);
	if (r->state == LISP_PROBE_DOWN && u->kernel_up &&
	    has_alt(r, now_ms) &&
	    (!r->kfix_ms || now_ms - r->kfix_ms >= pr->cfg.interval_ms)) {
		r->kfix_ms = now_ms;
		r->kdown = true;
		return 1;
	}
	if (r->state == LISP_PROBE_UP && !u->kernel_up) {
		/*
		 * Marked down by someone else (lispd rloc ... down): down
		 * here too, and asked now; an answer brings it back up.
		 */
		r->state = LISP_PROBE_DOWN;
		r->kdown = true;
		r->changed_ms = now_ms;
		if (!r->waiting)
			reschedule(pr, r, now_ms);
	}
	return 0;
}

int lisp_probe_unlisted(struct lisp_probe *pr, const struct lisp_probe_use *u,
			uint64_t now_ms)
{
	struct lisp_ip k;
	struct probe_rloc *r;

	if (!lisp_ip_is_ip(&u->rloc))
		return 0;
	k = key_of(&u->rloc);
	r = find_addr(pr, &k);
	if (!r || r->unlisted || !names_entry(r, u))
		return 0;
	r->unlisted = true;
	pr->stats.unlisted++;
	if (r->waiting) {
		/* Its answer, or silence, is about the old entry. */
		nonce_unlink(pr, r);
		reschedule(pr, r, next_probe_ms(pr, r->last_sent_ms, now_ms));
	}
	/* Misses asking the wrong question say nothing of an up RLOC. */
	if (r->state == LISP_PROBE_UP)
		r->misses = 0;
	return 1;
}

bool lisp_probe_is_down(const struct lisp_probe *pr,
			const struct lisp_ip *rloc)
{
	struct lisp_ip k = key_of(rloc);
	const struct probe_rloc *r = find_addr(pr, &k);

	return r && r->state == LISP_PROBE_DOWN && r->kdown;
}

int lisp_probe_hint(struct lisp_probe *pr, const struct lisp_ip *rloc,
		    uint64_t now_ms)
{
	struct lisp_ip k;
	struct probe_rloc *r;

	pr->stats.hints++;
	if (!lisp_ip_is_ip(rloc))
		return 0;
	k = key_of(rloc);
	r = find_addr(pr, &k);
	if (!r || r->waiting ||
	    (r->last_sent_ms && now_ms - r->last_sent_ms < pr->cfg.retry_ms))
		return 0;
	reschedule(pr, r, now_ms);
	pr->stats.hint_probes++;
	return 1;
}

/*
 * The ITR-RLOCs: the address the probe leaves from first (the answer
 * goes to the first one the ETR can reach), then the configured ones,
 * those of the probed RLOC's family first.
 */
static void itr_rlocs(const struct lisp_probe *pr, const struct lisp_ip *src,
		      uint16_t afi, struct lisp_itr_req *q)
{
	unsigned int i, pass;

	q->nrloc = 0;
	if (src->afi)
		q->rloc[q->nrloc++] = *src;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < pr->cfg.nrloc; i++) {
			const struct lisp_ip *r = &pr->cfg.rloc[i];

			if ((r->afi == afi) != (pass == 0) ||
			    (src->afi && lisp_ip_equal(r, src)) ||
			    q->nrloc == LISP_MAX_ITR_RLOCS)
				continue;
			q->rloc[q->nrloc++] = *r;
		}
	}
}

/* A fresh nonce, unique among the probes out; false if none was found. */
static bool nonce_draw(struct lisp_probe *pr, struct probe_rloc *r)
{
	uint64_t n;
	int i;

	for (i = 0; i < NONCE_DRAWS; i++) {
		n = pr->cfg.random(pr->cfg.random_arg);
		if (n && !find_nonce(pr, n)) {
			r->nonce = n;
			return true;
		}
	}
	return false;
}

static int send_probe(struct lisp_probe *pr, struct probe_rloc *r,
		      uint64_t now_ms, struct lisp_itr_pkt *out)
{
	struct lisp_itr_req q;
	struct lisp_ip src;
	int n;

	if (!nonce_draw(pr, r))
		return -LISP_ITR_ERR_INVALID;	/* a broken random source */
	memset(&src, 0, sizeof(src));
	if (pr->cfg.source &&
	    (pr->cfg.source(pr->cfg.source_arg, &r->addr, &src) ||
	     !lisp_ip_is_ip(&src)))
		memset(&src, 0, sizeof(src));
	memset(&q, 0, sizeof(q));
	q.nonce = r->nonce;
	q.probe = true;
	q.pitr = pr->cfg.pitr;
	q.has_iid = r->has_iid;
	q.iid = r->iid;
	q.iid0_lcaf = pr->cfg.iid0_lcaf;
	q.eid = r->eid;
	q.plen = r->plen;
	itr_rlocs(pr, &src, r->addr.afi, &q);
	n = lisp_itr_request_write_bare(&q, out->buf, sizeof(out->buf));
	if (n < 0)
		return n;
	out->len = (size_t)n;
	out->dst = r->addr;
	out->src = src;
	out->dport = pr->cfg.port;
	r->waiting = true;
	nonce_link(pr, r);
	r->last_sent_ms = now_ms;
	r->sent++;
	pr->stats.probes_sent++;
	reschedule(pr, r, now_ms + pr->cfg.retry_ms);
	return 0;
}

static bool forget(const struct lisp_probe *pr, const struct probe_rloc *r,
		   uint64_t now_ms)
{
	uint64_t last = r->state == LISP_PROBE_UP ? r->used_ms : r->seen_ms;

	(void)pr;
	return now_ms - last > LISP_PROBE_IDLE_MS;
}

/* The wait for an answer is over: a miss; down after the last retry. */
static void timeout(struct lisp_probe *pr, struct probe_rloc *r,
		    uint64_t now_ms, struct lisp_probe_tick *out)
{
	struct lisp_probe_event *ev;

	nonce_unlink(pr, r);
	if (r->misses < UINT8_MAX)
		r->misses++;
	pr->stats.probe_timeouts++;
	if (r->state == LISP_PROBE_UP && r->misses > pr->cfg.retries) {
		r->state = LISP_PROBE_DOWN;
		r->changed_ms = now_ms;
		pr->stats.rloc_down_events++;
		ev = &out->event[out->nevent++];
		memset(ev, 0, sizeof(*ev));
		ev->rloc = r->addr;
		ev->misses = r->misses;
		ev->kernel = r->kdown = has_alt(r, now_ms);
	}
	if (r->state == LISP_PROBE_UP)
		reschedule(pr, r, now_ms);	/* a retry, at once */
	else
		reschedule(pr, r, next_probe_ms(pr, r->last_sent_ms, now_ms));
}

void lisp_probe_tick(struct lisp_probe *pr, uint64_t now_ms,
		     struct lisp_probe_tick *out)
{
	struct probe_rloc *r;

	out->npkt = 0;
	out->nevent = 0;
	while (pr->n && out->npkt < LISP_PROBE_TICK_MAX &&
	       out->nevent < LISP_PROBE_TICK_MAX) {
		r = &pr->r[pr->heap[0]];
		if (r->deadline_ms > now_ms)
			break;
		if (r->waiting) {
			timeout(pr, r, now_ms, out);
			continue;
		}
		if (forget(pr, r, now_ms)) {
			pr->stats.forgotten++;
			slot_del(pr, r);
			continue;
		}
		if (r->unlisted) {
			reschedule(pr, r, next_probe_ms(pr, now_ms, now_ms));
			continue;
		}
		if (now_ms < pr->hold_ms)
			break;
		if (!lisp_tb_allow(&pr->tb, now_ms)) {
			/* Next token in 1000 / rate ms: all wait for it. */
			pr->hold_ms = now_ms + (1000 + pr->cfg.rate - 1) /
					       pr->cfg.rate;
			pr->stats.rate_limited++;
			break;
		}
		if (send_probe(pr, r, now_ms, &out->pkt[out->npkt])) {
			pr->stats.build_errors++;
			reschedule(pr, r, next_probe_ms(pr, now_ms, now_ms));
			continue;
		}
		out->npkt++;
	}
}

uint64_t lisp_probe_next_deadline(const struct lisp_probe *pr)
{
	const struct probe_rloc *r;

	if (!pr->n)
		return UINT64_MAX;
	r = &pr->r[pr->heap[0]];
	/* A probe to send waits for the rate's next token; a timeout not. */
	if (!r->waiting && r->deadline_ms < pr->hold_ms)
		return pr->hold_ms;
	return r->deadline_ms;
}

int lisp_probe_handle_reply(struct lisp_probe *pr, const uint8_t *buf,
			    size_t len, const struct lisp_ip *src,
			    uint64_t now_ms, struct lisp_probe_event *ev)
{
	struct lisp_map_reply *rep = pr->rep;
	struct probe_rloc *r;
	int err;

	err = lisp_map_reply_parse(buf, len, rep);
	if (!err && !rep->probe)
		err = -LISP_ERR_BAD_TYPE;
	if (err) {
		pr->stats.replies_malformed++;
		return err;
	}
	r = find_nonce(pr, rep->nonce);
	if (!r) {
		pr->stats.replies_unmatched++;
		return -LISP_ITR_ERR_UNKNOWN_NONCE;
	}
	/* The probe stays out: the RLOC's own answer may still come. */
	if (!lisp_ip_equal(src, &r->addr)) {
		pr->stats.replies_wrong_source++;
		return -LISP_ITR_ERR_WRONG_SOURCE;
	}
	nonce_unlink(pr, r);
	r->answered = true;
	r->misses = 0;
	r->last_reply_ms = now_ms;
	r->rtt_ms = (uint32_t)(now_ms - r->last_sent_ms);
	r->replies++;
	pr->stats.probe_replies++;
	reschedule(pr, r, next_probe_ms(pr, r->last_sent_ms, now_ms));
	if (r->state == LISP_PROBE_UP)
		return 0;
	r->state = LISP_PROBE_UP;
	r->changed_ms = now_ms;
	pr->stats.rloc_up_events++;
	memset(ev, 0, sizeof(*ev));
	ev->rloc = r->addr;
	ev->up = true;
	ev->kernel = r->kdown;
	ev->rtt_ms = r->rtt_ms;
	r->kdown = false;
	return 1;
}

int lisp_probe_walk(const struct lisp_probe *pr, lisp_probe_walk_fn fn,
		    void *arg)
{
	struct lisp_probe_info info;
	const struct probe_rloc *r;
	uint32_t i;
	int rc;

	for (i = 0; i < pr->n; i++) {
		r = &pr->r[pr->heap[i]];
		memset(&info, 0, sizeof(info));
		info.rloc = r->addr;
		info.state = r->state;
		info.kernel_down = r->kdown;
		info.waiting = r->waiting;
		info.answered = r->answered;
		info.misses = r->misses;
		info.rtt_ms = r->rtt_ms;
		info.last_sent_ms = r->last_sent_ms;
		info.last_reply_ms = r->last_reply_ms;
		info.changed_ms = r->changed_ms;
		info.next_ms = r->deadline_ms;
		info.sent = r->sent;
		info.replies = r->replies;
		info.dev = r->dev;
		info.has_iid = r->has_iid;
		info.iid = r->iid;
		info.eid = r->eid;
		info.plen = r->plen;
		rc = fn(&info, arg);
		if (rc)
			return rc;
	}
	return 0;
}
