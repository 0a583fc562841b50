// SPDX-License-Identifier: GPL-2.0
/* The bounded queue of datagrams waiting for a writable socket (txq.h). */
#include <stdlib.h>
#include <string.h>

#include "txq.h"

int lispd_txq_push(struct lispd_txq *q, const struct lisp_ip *dst,
		   uint16_t dport, const struct lisp_ip *src,
		   const uint8_t *buf, size_t len)
{
	struct lispd_txq_item *it;

	if (q->n >= LISPD_TXQ_MAX || len > LISPD_TXQ_BYTES - q->bytes)
		return -1;
	it = malloc(sizeof(*it) + len);
	if (!it)
		return -1;
	memset(it, 0, sizeof(*it));
	it->dst = *dst;
	if (src)
		it->src = *src;
	it->dport = dport;
	it->len = len;
	memcpy(it->buf, buf, len);
	if (q->tail)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	q->n++;
	q->bytes += len;
	return 0;
}

const struct lispd_txq_item *lispd_txq_head(const struct lispd_txq *q)
{
	return q->head;
}

void lispd_txq_pop(struct lispd_txq *q)
{
	struct lispd_txq_item *it = q->head;

	if (!it)
		return;
	q->head = it->next;
	if (!q->head)
		q->tail = NULL;
	q->n--;
	q->bytes -= it->len;
	free(it);
}

unsigned int lispd_txq_clear(struct lispd_txq *q)
{
	unsigned int n = q->n;

	while (q->head)
		lispd_txq_pop(q);
	return n;
}
