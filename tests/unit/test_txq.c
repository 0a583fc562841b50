// SPDX-License-Identifier: GPL-2.0
/*
 * The queue of datagrams waiting for a writable socket (agent/daemon/
 * txq.c): first in, first out, with their destination and source; at
 * most LISPD_TXQ_MAX datagrams and LISPD_TXQ_BYTES bytes, a refused
 * push changing nothing.
 */
#include <stdbool.h>
#include <string.h>

#include "daemon/txq.h"
#include "tap.h"

static uint8_t big[LISPD_TXQ_BYTES];

static struct lisp_ip ip4(uint8_t last)
{
	struct lisp_ip a = { .afi = LISP_AFI_IPV4 };

	a.addr[0] = 192;
	a.addr[1] = 0;
	a.addr[2] = 2;
	a.addr[3] = last;
	return a;
}

static void check_order(void)
{
	struct lispd_txq q = { 0 };
	const struct lispd_txq_item *it;
	struct lisp_ip dst = ip4(1), src = ip4(2);
	uint8_t b[3] = { 1, 2, 3 };
	unsigned int i;
	bool ok = true;

	TAP_OK(!lispd_txq_head(&q), "an empty queue has no head");
	TAP_OK(lispd_txq_push(&q, &dst, 4342, &src, b, 3) == 0 &&
	       lispd_txq_push(&q, &src, 4343, NULL, b + 1, 2) == 0 &&
	       q.n == 2 && q.bytes == 5, "two datagrams, 5 bytes");
	it = lispd_txq_head(&q);
	TAP_OK(it && it->len == 3 && !memcmp(it->buf, b, 3) &&
	       it->dport == 4342 && it->dst.addr[3] == 1 &&
	       it->src.afi == LISP_AFI_IPV4 && it->src.addr[3] == 2,
	       "the first is first, with its destination and source");
	lispd_txq_pop(&q);
	it = lispd_txq_head(&q);
	TAP_OK(it && it->len == 2 && it->buf[0] == 2 && it->dport == 4343 &&
	       it->src.afi == 0, "then the second, without a source");
	lispd_txq_pop(&q);
	TAP_OK(!lispd_txq_head(&q) && q.n == 0 && q.bytes == 0 && !q.tail,
	       "then none");
	lispd_txq_pop(&q);
	TAP_OK(q.n == 0, "popping an empty queue does nothing");

	for (i = 0; i < 10; i++) {
		b[0] = (uint8_t)i;
		lispd_txq_push(&q, &dst, 4342, NULL, b, 1);
	}
	for (i = 0; i < 5; i++) {
		ok &= lispd_txq_head(&q)->buf[0] == i;
		lispd_txq_pop(&q);
	}
	for (i = 10; i < 15; i++) {
		b[0] = (uint8_t)i;
		lispd_txq_push(&q, &dst, 4342, NULL, b, 1);
	}
	for (i = 5; i < 15; i++) {
		ok &= lispd_txq_head(&q) && lispd_txq_head(&q)->buf[0] == i;
		lispd_txq_pop(&q);
	}
	TAP_OK(ok && q.n == 0, "pushes between pops keep the order");
}

static void check_bounds(void)
{
	struct lispd_txq q = { 0 };
	struct lisp_ip dst = ip4(1);
	uint8_t b = 7;
	unsigned int i, took = 0;

	for (i = 0; i < LISPD_TXQ_MAX + 10; i++)
		took += lispd_txq_push(&q, &dst, 4342, NULL, &b, 1) == 0;
	TAP_OK(took == LISPD_TXQ_MAX && q.n == LISPD_TXQ_MAX &&
	       q.bytes == LISPD_TXQ_MAX, "at most %u datagrams (took %u)",
	       LISPD_TXQ_MAX, took);
	lispd_txq_pop(&q);
	TAP_OK(lispd_txq_push(&q, &dst, 4342, NULL, &b, 1) == 0,
	       "one leaves, one more fits");
	TAP_OK(lispd_txq_clear(&q) == LISPD_TXQ_MAX && q.n == 0 &&
	       q.bytes == 0 && !lispd_txq_head(&q), "clear empties it");

	TAP_OK(lispd_txq_push(&q, &dst, 4342, NULL, big, sizeof(big)) == 0,
	       "one datagram of %zu bytes fits", sizeof(big));
	TAP_OK(lispd_txq_push(&q, &dst, 4342, NULL, &b, 1) == -1 &&
	       q.n == 1 && q.bytes == sizeof(big),
	       "then not a byte more, and the refusal changes nothing");
	lispd_txq_clear(&q);
	TAP_OK(lispd_txq_push(&q, &dst, 4342, NULL, big, sizeof(big) / 2) == 0 &&
	       lispd_txq_push(&q, &dst, 4342, NULL, big, sizeof(big) / 2 + 1)
	       == -1 && lispd_txq_push(&q, &dst, 4342, NULL, big,
				       sizeof(big) / 2) == 0,
	       "the byte bound counts what is queued");
	lispd_txq_clear(&q);
}

int main(void)
{
	check_order();
	check_bounds();
	return tap_done();
}
