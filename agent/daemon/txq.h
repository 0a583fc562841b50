/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Datagrams waiting for their socket (udp.c): when a send would block
 * (EAGAIN), that datagram and every later one for the same socket wait
 * here, in order, until the socket is writable again (EPOLLOUT).  The
 * queue is bounded in datagrams and in bytes; what does not fit is
 * refused, for the caller to count as dropped.  Pure: no sockets.
 */
#ifndef LISPD_DAEMON_TXQ_H
#define LISPD_DAEMON_TXQ_H

#include <stddef.h>
#include <stdint.h>

#include "proto/addr.h"

#define LISPD_TXQ_MAX		256		/* datagrams per socket */
#define LISPD_TXQ_BYTES		(1 << 20)	/* their payload bytes */

struct lispd_txq_item {
	struct lispd_txq_item *next;
	struct lisp_ip dst;
	struct lisp_ip src;		/* afi 0: the kernel chooses */
	uint16_t dport;
	size_t len;
	uint8_t buf[];
};

struct lispd_txq {
	struct lispd_txq_item *head, *tail;
	unsigned int n;
	size_t bytes;
};

/*
 * Append a copy of buf for dst:dport (from src, NULL: any).  0, or -1
 * when the queue is full (LISPD_TXQ_MAX datagrams or LISPD_TXQ_BYTES
 * bytes) or memory is short: then nothing changed.
 */
int lispd_txq_push(struct lispd_txq *q, const struct lisp_ip *dst,
		   uint16_t dport, const struct lisp_ip *src,
		   const uint8_t *buf, size_t len);
/* The oldest datagram, NULL if none. */
const struct lispd_txq_item *lispd_txq_head(const struct lispd_txq *q);
/* Remove the oldest datagram (sent, or failed for good). */
void lispd_txq_pop(struct lispd_txq *q);
/* Remove every datagram; returns how many there were. */
unsigned int lispd_txq_clear(struct lispd_txq *q);

#endif /* LISPD_DAEMON_TXQ_H */
