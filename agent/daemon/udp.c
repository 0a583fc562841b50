// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP control sockets: one IPv4 and one IPv6 (IPV6_V6ONLY) bound to
 * the control port, non-blocking.  Each datagram's local address comes
 * with it (IP_PKTINFO / IPV6_RECVPKTINFO): an RLOC-probe is answered
 * from the address it probed, a Map-Register from the one it reached.
 * A send that would block waits, in order with what follows it, for the
 * socket to be writable again (txq.h), rather than being dropped.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "txq.h"

static void on_event(struct lispd *d, struct lispd_watch *w,
		     uint32_t events);

static int sock_open(int family, uint16_t port)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_port = htons(port),
				     .sin6_addr = IN6ADDR_ANY_INIT };
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port),
				   .sin_addr.s_addr = htonl(INADDR_ANY) };
	int fd, one = 1, err;

	fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (family == AF_INET6) {
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
			       sizeof(one)) ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
			       sizeof(one)) ||
		    bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)))
			goto err;
	} else {
		if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
		    bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
			goto err;
	}
	return fd;
err:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

static void watch_close(struct lispd *d, struct lispd_watch *w)
{
	if (w->fd < 0)
		return;
	lispd_watch_del(d, w);
	close(w->fd);
	w->fd = -1;
}

/* Datagrams waiting for udp4 [0] and udp6 [1] to be writable. */
static struct lispd_txq waitq[2];

static struct lispd_txq *waitq_of(const struct lisp_ip *dst)
{
	return &waitq[dst->afi == LISP_AFI_IPV6];
}

void lispd_udp_close(struct lispd *d)
{
	watch_close(d, &d->udp4);
	watch_close(d, &d->udp6);
	/* Their socket is gone: what waited for it is lost. */
	d->stats.tx_dropped += lispd_txq_clear(&waitq[0]) +
			       lispd_txq_clear(&waitq[1]);
}

int lispd_udp_open(struct lispd *d, uint16_t port)
{
	int fd4, fd6;

	fd4 = sock_open(AF_INET, port);
	if (fd4 < 0) {
		log_error("UDP port %u (IPv4): %s", port, strerror(errno));
		return -1;
	}
	fd6 = sock_open(AF_INET6, port);
	if (fd6 < 0)
		log_warn("UDP port %u (IPv6): %s; IPv4 only", port,
			 strerror(errno));
	/* The new sockets are bound: now the old ones may go. */
	lispd_udp_close(d);
	d->udp4.fd = fd4;
	d->udp4.fn = on_event;
	d->udp6.fd = fd6;
	d->udp6.fn = on_event;
	if (lispd_watch_add(d, &d->udp4, EPOLLIN) ||
	    (fd6 >= 0 && lispd_watch_add(d, &d->udp6, EPOLLIN))) {
		log_error("epoll: %s", strerror(errno));
		lispd_udp_close(d);
		return -1;
	}
	d->port = port;
	if (d->ms)
		d->ms->reply_afis = lispd_udp_afis(d);
	log_info("control port %u: IPv4%s", port, fd6 >= 0 ? ", IPv6" : "");
	return 0;
}

unsigned int lispd_udp_afis(const struct lispd *d)
{
	return (d->udp4.fd >= 0 ? LISPD_AFI_BIT(LISP_AFI_IPV4) : 0) |
	       (d->udp6.fd >= 0 ? LISPD_AFI_BIT(LISP_AFI_IPV6) : 0);
}

static unsigned int msg_type(const uint8_t *buf, size_t len)
{
	int t = lisp_msg_type(buf, len);

	return t < 0 ? 0 : (unsigned int)t % LISPD_MSG_TYPES;
}

/*
 * Batching: while a burst of received datagrams is handled, the answers
 * wait here and leave in a few sendmmsg() calls; elsewhere (timers, the
 * control socket) each is sent at once.  Syscalls, not the LISP logic,
 * are what a busy Map-Server spends its time on.
 */
#define LISPD_TX_BATCH		32
#define LISPD_TX_SLOT_MAX	9216	/* bigger ones go at once */

struct tx_slot {
	int fd;
	struct lisp_ip dst, src;	/* as given: src afi 0 for none */
	uint16_t dport;
	union {
		struct sockaddr_in sin;
		struct sockaddr_in6 sin6;
	} to;
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov;
	uint8_t buf[LISPD_TX_SLOT_MAX];
};

static struct {
	bool active;
	unsigned int n;
	struct tx_slot slot[LISPD_TX_BATCH];
	struct mmsghdr mmsg[LISPD_TX_BATCH];
} txq;

/* Fill msg (name, control) for dst/src into slot; the socket, or -1. */
static int tx_prepare(struct lispd *d, struct tx_slot *t, struct msghdr *msg,
		      const struct lisp_ip *dst, uint16_t dport,
		      const struct lisp_ip *src)
{
	struct cmsghdr *cm;

	memset(msg, 0, sizeof(*msg));
	memset(&t->to, 0, sizeof(t->to));
	t->dst = *dst;
	t->dport = dport;
	memset(&t->src, 0, sizeof(t->src));
	if (src)
		t->src = *src;
	if (dst->afi == LISP_AFI_IPV4) {
		t->to.sin.sin_family = AF_INET;
		t->to.sin.sin_port = htons(dport);
		memcpy(&t->to.sin.sin_addr, dst->addr, 4);
		msg->msg_namelen = sizeof(t->to.sin);
		t->fd = d->udp4.fd;
	} else if (dst->afi == LISP_AFI_IPV6) {
		t->to.sin6.sin6_family = AF_INET6;
		t->to.sin6.sin6_port = htons(dport);
		memcpy(&t->to.sin6.sin6_addr, dst->addr, 16);
		msg->msg_namelen = sizeof(t->to.sin6);
		t->fd = d->udp6.fd;
	} else {
		t->fd = -1;
	}
	msg->msg_name = &t->to;
	msg->msg_iov = &t->iov;
	msg->msg_iovlen = 1;
	if (t->fd < 0 || !src || src->afi != dst->afi)
		return t->fd;
	memset(&t->cbuf, 0, sizeof(t->cbuf));
	msg->msg_control = t->cbuf.buf;
	cm = (struct cmsghdr *)t->cbuf.buf;
	if (dst->afi == LISP_AFI_IPV4) {
		struct in_pktinfo pi = { 0 };

		memcpy(&pi.ipi_spec_dst, src->addr, 4);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		msg->msg_controllen = CMSG_SPACE(sizeof(pi));
	} else {
		struct in6_pktinfo pi6 = { 0 };

		memcpy(&pi6.ipi6_addr, src->addr, 16);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi6));
		memcpy(CMSG_DATA(cm), &pi6, sizeof(pi6));
		msg->msg_controllen = CMSG_SPACE(sizeof(pi6));
	}
	return t->fd;
}

static void tx_error(struct lispd *d, const struct tx_slot *t, int err)
{
	d->stats.tx_errors++;
	log_warn("sending %s to port %u: %s",
		 lisp_msg_type_str(msg_type(t->iov.iov_base, t->iov.iov_len)),
		 ntohs(t->to.sin.sin_family == AF_INET ? t->to.sin.sin_port :
		       t->to.sin6.sin6_port), strerror(err));
}

static bool would_block(int err)
{
	return err == EAGAIN || err == EWOULDBLOCK;
}

static struct lispd_watch *watch_of(struct lispd *d, const struct lisp_ip *dst)
{
	return dst->afi == LISP_AFI_IPV6 ? &d->udp6 : &d->udp4;
}

/*
 * t's socket would block, or others wait for it already: t waits too,
 * until EPOLLOUT (on_event).  0, or -1 if the queue is full (dropped).
 */
static int tx_defer(struct lispd *d, const struct tx_slot *t)
{
	struct lispd_txq *q = waitq_of(&t->dst);

	if (lispd_txq_push(q, &t->dst, t->dport, t->src.afi ? &t->src : NULL,
			   t->iov.iov_base, t->iov.iov_len)) {
		d->stats.tx_dropped++;
		log_debug("sending %s: %u datagrams wait for the socket "
			  "already, dropped",
			  lisp_msg_type_str(msg_type(t->iov.iov_base,
						     t->iov.iov_len)), q->n);
		return -1;
	}
	d->stats.tx_deferred++;
	if (q->n == 1 &&
	    lispd_watch_mod(d, watch_of(d, &t->dst), EPOLLIN | EPOLLOUT))
		log_error("epoll: %s", strerror(errno));
	return 0;
}

/* Send what is queued: runs of one socket per sendmmsg() call. */
static void tx_flush(struct lispd *d)
{
	unsigned int i = 0, j;
	int n;

	while (i < txq.n) {
		/* Behind others waiting for the socket: keep the order. */
		if (waitq_of(&txq.slot[i].dst)->n) {
			tx_defer(d, &txq.slot[i++]);
			continue;
		}
		for (j = i + 1; j < txq.n && txq.slot[j].fd == txq.slot[i].fd; j++)
			;
		n = sendmmsg(txq.slot[i].fd, &txq.mmsg[i], j - i, 0);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && would_block(errno)) {
				tx_defer(d, &txq.slot[i++]);
				continue;
			}
			/* The first of the run failed: report it, go on. */
			tx_error(d, &txq.slot[i], n < 0 ? errno : EIO);
			i++;
			continue;
		}
		for (; n > 0; n--, i++)
			d->stats.tx[msg_type(txq.slot[i].iov.iov_base,
					     txq.slot[i].iov.iov_len)]++;
	}
	txq.n = 0;
}

/* The socket of w is writable: send what waits for it, oldest first. */
static void tx_drain(struct lispd *d, struct lispd_watch *w)
{
	struct lispd_txq *q = &waitq[w == &d->udp6];
	const struct lispd_txq_item *it;
	static struct tx_slot t;
	struct msghdr msg;

	while ((it = lispd_txq_head(q))) {
		if (tx_prepare(d, &t, &msg, &it->dst, it->dport,
			       it->src.afi ? &it->src : NULL) < 0) {
			lispd_txq_pop(q);	/* its socket is gone */
			d->stats.tx_errors++;
			continue;
		}
		t.iov.iov_base = (void *)it->buf;
		t.iov.iov_len = it->len;
		if (sendmsg(t.fd, &msg, 0) < 0) {
			if (errno == EINTR)
				continue;
			if (would_block(errno))
				return;		/* EPOLLOUT again */
			tx_error(d, &t, errno);
		} else {
			d->stats.tx[msg_type(it->buf, it->len)]++;
		}
		lispd_txq_pop(q);
	}
	if (lispd_watch_mod(d, w, EPOLLIN))
		log_error("epoll: %s", strerror(errno));
}

int lispd_udp_send(struct lispd *d, const struct lisp_ip *dst,
		   uint16_t dport, const struct lisp_ip *src,
		   const uint8_t *buf, size_t len)
{
	static struct tx_slot now;
	struct tx_slot *t;
	struct msghdr msg;
	char a[LISP_ADDR_STRLEN];
	bool queue = txq.active && len <= LISPD_TX_SLOT_MAX;

	if (queue && txq.n == LISPD_TX_BATCH)
		tx_flush(d);
	t = queue ? &txq.slot[txq.n] : &now;
	if (tx_prepare(d, t, &msg, dst, dport, src) < 0) {
		d->stats.tx_errors++;
		log_warn("sending %s to %s port %u: %s",
			 lisp_msg_type_str(msg_type(buf, len)),
			 lispd_ip_str(dst, a), dport, strerror(EAFNOSUPPORT));
		return -1;
	}
	log_debug("sent %s (%zu bytes) to %s port %u",
		  lisp_msg_type_str(msg_type(buf, len)), len,
		  lispd_ip_str(dst, a), dport);
	if (queue) {
		memcpy(t->buf, buf, len);
		t->iov.iov_base = t->buf;
		t->iov.iov_len = len;
		txq.mmsg[txq.n].msg_hdr = msg;
		txq.n++;
		return 0;
	}
	/* Keep the order: what is queued goes first. */
	tx_flush(d);
	t->iov.iov_base = (void *)buf;
	t->iov.iov_len = len;
	if (waitq_of(dst)->n)
		return tx_defer(d, t);
	if (sendmsg(t->fd, &msg, 0) < 0) {
		if (would_block(errno))
			return tx_defer(d, t);
		tx_error(d, t, errno);
		return -1;
	}
	d->stats.tx[msg_type(buf, len)]++;
	return 0;
}

/* The local address from the IP_PKTINFO / IPV6_PKTINFO of msg. */
static void local_addr(struct msghdr *msg, struct lisp_ip *dst)
{
	struct cmsghdr *cm;

	memset(dst, 0, sizeof(*dst));
	for (cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			dst->afi = LISP_AFI_IPV4;
			memcpy(dst->addr, &pi.ipi_addr, 4);
		} else if (cm->cmsg_level == IPPROTO_IPV6 &&
			   cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi6;

			memcpy(&pi6, CMSG_DATA(cm), sizeof(pi6));
			dst->afi = LISP_AFI_IPV6;
			memcpy(dst->addr, &pi6.ipi6_addr, 16);
		}
	}
}

#define LISPD_RX_BATCH		16

/* Datagrams of one recvmmsg() call (one thread). */
static struct {
	struct mmsghdr mmsg[LISPD_RX_BATCH];
	struct iovec iov[LISPD_RX_BATCH];
	struct sockaddr_storage from[LISPD_RX_BATCH];
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			 CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cbuf[LISPD_RX_BATCH];
	uint8_t buf[LISPD_RX_BATCH][LISPD_PKT_MAX];
} rxq;

static void rx_one(struct lispd *d, unsigned int i, uint64_t now_ms)
{
	struct msghdr *msg = &rxq.mmsg[i].msg_hdr;
	const struct sockaddr_storage *ss = &rxq.from[i];
	unsigned int n = rxq.mmsg[i].msg_len;
	struct lispd_rx rx;

	if (n > LISPD_PKT_MAX || (msg->msg_flags & MSG_TRUNC)) {
		d->stats.rx_malformed++;
		return;
	}
	memset(&rx, 0, sizeof(rx));
	rx.buf = rxq.buf[i];
	rx.len = n;
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		rx.src.afi = LISP_AFI_IPV4;
		memcpy(rx.src.addr, &sin->sin_addr, 4);
		rx.sport = ntohs(sin->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		rx.src.afi = LISP_AFI_IPV6;
		memcpy(rx.src.addr, &sin6->sin6_addr, 16);
		rx.sport = ntohs(sin6->sin6_port);
	} else {
		return;
	}
	local_addr(msg, &rx.dst);
	rx.now_ms = now_ms;
	lispd_rx_dispatch(d, &rx);
}

static void on_readable(struct lispd *d, struct lispd_watch *w)
{
	unsigned int i, burst;
	uint64_t now_ms;
	int n;

	for (burst = 0; burst < LISPD_RX_BURST && w->fd >= 0;
	     burst += LISPD_RX_BATCH) {
		for (i = 0; i < LISPD_RX_BATCH; i++) {
			struct msghdr *msg = &rxq.mmsg[i].msg_hdr;

			rxq.iov[i].iov_base = rxq.buf[i];
			rxq.iov[i].iov_len = LISPD_PKT_MAX;
			memset(msg, 0, sizeof(*msg));
			msg->msg_name = &rxq.from[i];
			msg->msg_namelen = sizeof(rxq.from[i]);
			msg->msg_iov = &rxq.iov[i];
			msg->msg_iovlen = 1;
			msg->msg_control = rxq.cbuf[i].buf;
			msg->msg_controllen = sizeof(rxq.cbuf[i].buf);
		}
		n = recvmmsg(w->fd, rxq.mmsg, LISPD_RX_BATCH, MSG_TRUNC, NULL);
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				d->stats.rx_errors++;
				log_warn("recvmmsg: %s", strerror(errno));
			}
			break;
		}
		now_ms = lispd_now_ms();
		txq.active = true;
		for (i = 0; i < (unsigned int)n; i++)
			rx_one(d, i, now_ms);
		txq.active = false;
		tx_flush(d);
		if (n < LISPD_RX_BATCH)
			break;
	}
}

static void on_event(struct lispd *d, struct lispd_watch *w, uint32_t events)
{
	if (events & EPOLLOUT)
		tx_drain(d, w);
	if (events & ~(uint32_t)EPOLLOUT)
		on_readable(d, w);
}
