// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP control sockets: one IPv4 and one IPv6 (IPV6_V6ONLY) bound to
 * the control port, non-blocking.  Each datagram's local address comes
 * with it (IP_PKTINFO / IPV6_RECVPKTINFO): an RLOC-probe is answered
 * from the address it probed, a Map-Register from the one it reached.
 * A send that would block waits, in order with what follows it, for the
 * socket to be writable again (txq.h), rather than being dropped.
 *
 * The sockets are read by the main thread, or with "lispd run
 * --workers N" (N > 1) by N worker threads (worker.c), each with a
 * struct lispd_io of its own: its batches of datagrams received and to
 * send, and its own descriptors of the sockets (dup()s, so that a
 * reload that rebinds them cannot close one under a worker's syscall).
 * A worker reads and handles a batch under the daemon's lock, as the
 * main thread does everything else, and sends it without.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "txq.h"

static void on_event(struct lispd *d, struct lispd_watch *w,
		     uint32_t events);
static void main_io_set(int fd4, int fd6);

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

/*
 * The main thread's epoll set and the sockets: it reads them unless
 * there are workers, and waits for them to be writable (out) while a
 * datagram waits in waitq.
 */
static int watch_out(struct lispd *d, struct lispd_watch *w, bool out)
{
	if (!d->nworkers)
		return lispd_watch_mod(d, w, EPOLLIN | (out ? EPOLLOUT : 0));
	if (out)
		return lispd_watch_add(d, w, EPOLLOUT);
	lispd_watch_del(d, w);
	return 0;
}

void lispd_udp_close(struct lispd *d)
{
	watch_close(d, &d->udp4);
	watch_close(d, &d->udp6);
	main_io_set(-1, -1);
	/* Workers drop their descriptors of them (lispd_io_sync). */
	d->udp_gen++;
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
	main_io_set(fd4, fd6);
	if (!d->nworkers &&
	    (lispd_watch_add(d, &d->udp4, EPOLLIN) ||
	     (fd6 >= 0 && lispd_watch_add(d, &d->udp6, EPOLLIN)))) {
		log_error("epoll: %s", strerror(errno));
		lispd_udp_close(d);
		return -1;
	}
	lispd_workers_kick(d);
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

#define LISPD_RX_BATCH		16

/*
 * The UDP I/O of one thread.  Which thread uses which: the main
 * thread's (main_io) handles everything when there are no workers; a
 * worker's is its own, and io_self points at it in that thread.
 */
struct lispd_io {
	struct lispd *d;
	bool worker;
	int epfd;			/* a worker's epoll set */
	int fd[2];			/* IPv4, IPv6: -1 if none */
	unsigned int gen;		/* d->udp_gen its fd[] are of */
	/* Sends of the datagrams being handled (flushed after them). */
	bool active;
	unsigned int n;
	struct tx_slot slot[LISPD_TX_BATCH];
	struct mmsghdr mmsg[LISPD_TX_BATCH];
	/* Datagrams of one recvmmsg() call. */
	struct mmsghdr rmsg[LISPD_RX_BATCH];
	struct iovec iov[LISPD_RX_BATCH];
	struct sockaddr_storage from[LISPD_RX_BATCH];
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			 CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cbuf[LISPD_RX_BATCH];
	uint8_t buf[LISPD_RX_BATCH][LISPD_PKT_MAX];
	/*
	 * A worker's counts of what it did outside the lock (sends), added
	 * to d->stats the next time it holds it (lispd_io_sync).
	 */
	struct lispd_stats pend;
	bool pending;
};

static struct lispd_io main_io = { .epfd = -1, .fd = { -1, -1 } };
static _Thread_local struct lispd_io *io_self;

/* The main thread sends on the daemon's own descriptors. */
static void main_io_set(int fd4, int fd6)
{
	main_io.fd[0] = fd4;
	main_io.fd[1] = fd6;
}

static struct lispd_io *io_cur(void)
{
	return io_self ? io_self : &main_io;
}

/* A worker's counts into d->stats: it holds the lock. */
static void io_apply(struct lispd *d, struct lispd_io *io)
{
	struct lispd_stats *st = &d->stats, *p = &io->pend;
	unsigned int i;

	if (!io->pending)
		return;
	for (i = 0; i < LISPD_MSG_TYPES; i++)
		st->tx[i] += p->tx[i];
	st->tx_errors += p->tx_errors;
	memset(p, 0, sizeof(*p));
	io->pending = false;
}

/* Where a send's counts go: d->stats, or a worker's outside the lock. */
static struct lispd_stats *tx_stats(struct lispd *d, struct lispd_io *io,
				    bool locked)
{
	if (!io->worker || locked)
		return &d->stats;
	io->pending = true;
	return &io->pend;
}

/*
 * Fill msg (name, control) for dst/src into slot; the socket, or -1.
 * The socket is fd4/fd6: the sending thread's descriptors of it.
 */
static int tx_prepare(int fd4, int fd6, struct tx_slot *t,
		      struct msghdr *msg, const struct lisp_ip *dst,
		      uint16_t dport, const struct lisp_ip *src)
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
		t->fd = fd4;
	} else if (dst->afi == LISP_AFI_IPV6) {
		t->to.sin6.sin6_family = AF_INET6;
		t->to.sin6.sin6_port = htons(dport);
		memcpy(&t->to.sin6.sin6_addr, dst->addr, 16);
		msg->msg_namelen = sizeof(t->to.sin6);
		t->fd = fd6;
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

static void tx_error(struct lispd_stats *st, const struct tx_slot *t,
		     int err)
{
	st->tx_errors++;
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
	if (q->n == 1 && watch_out(d, watch_of(d, &t->dst), true))
		log_error("epoll: %s", strerror(errno));
	return 0;
}

/*
 * Send what io queued: runs of one socket per sendmmsg() call.  locked:
 * the caller holds the daemon's lock (always, in the main thread).  A
 * worker flushes outside it, and takes it only if a send would block:
 * what waits for the socket is the main thread's (waitq, EPOLLOUT).
 * Nothing queued was behind waitq then (lispd_udp_send).
 */
static void tx_flush(struct lispd *d, struct lispd_io *io, bool locked)
{
	struct lispd_stats *st;
	unsigned int i = 0, j;
	bool took = false;
	int n;

	if (!io->n)
		return;
	st = tx_stats(d, io, locked);
	while (i < io->n) {
		/* Behind others waiting for the socket: keep the order. */
		if (locked && waitq_of(&io->slot[i].dst)->n) {
			tx_defer(d, &io->slot[i++]);
			continue;
		}
		for (j = i + 1; j < io->n && io->slot[j].fd == io->slot[i].fd;
		     j++)
			;
		n = sendmmsg(io->slot[i].fd, &io->mmsg[i], j - i, 0);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && would_block(errno) && !locked) {
				/* Rare: the main thread's queue, locked. */
				lispd_lock(d);
				locked = took = true;
				st = &d->stats;
				continue;
			}
			if (n < 0 && would_block(errno)) {
				tx_defer(d, &io->slot[i++]);
				continue;
			}
			/* The first of the run failed: report it, go on. */
			tx_error(st, &io->slot[i], n < 0 ? errno : EIO);
			i++;
			continue;
		}
		for (; n > 0; n--, i++)
			st->tx[msg_type(io->slot[i].iov.iov_base,
					io->slot[i].iov.iov_len)]++;
	}
	io->n = 0;
	if (took) {
		io_apply(d, io);
		lispd_unlock(d);
	}
}

/* The socket of w is writable: send what waits for it, oldest first. */
static void tx_drain(struct lispd *d, struct lispd_watch *w)
{
	struct lispd_txq *q = &waitq[w == &d->udp6];
	const struct lispd_txq_item *it;
	static struct tx_slot t;
	struct msghdr msg;

	while ((it = lispd_txq_head(q))) {
		if (tx_prepare(d->udp4.fd, d->udp6.fd, &t, &msg, &it->dst,
			       it->dport, it->src.afi ? &it->src : NULL) < 0) {
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
			tx_error(&d->stats, &t, errno);
		} else {
			d->stats.tx[msg_type(it->buf, it->len)]++;
		}
		lispd_txq_pop(q);
	}
	if (watch_out(d, w, false))
		log_error("epoll: %s", strerror(errno));
}

int lispd_udp_send(struct lispd *d, const struct lisp_ip *dst,
		   uint16_t dport, const struct lisp_ip *src,
		   const uint8_t *buf, size_t len)
{
	static struct tx_slot now;
	struct lispd_io *io = io_cur();
	struct tx_slot *t;
	struct msghdr msg;
	char a[LISP_ADDR_STRLEN];
	bool queue = io->active && len <= LISPD_TX_SLOT_MAX;

	/* Handlers run locked: so does this flush, a worker's too. */
	if (queue && io->n == LISPD_TX_BATCH)
		tx_flush(d, io, true);
	t = queue ? &io->slot[io->n] : &now;
	if (tx_prepare(io->fd[0], io->fd[1], t, &msg, dst, dport, src) < 0) {
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
		/*
		 * Behind others waiting for the socket: wait too, in order.
		 * So what a worker flushes unlocked never overtakes them.
		 */
		if (waitq_of(dst)->n)
			return tx_defer(d, t);
		io->mmsg[io->n].msg_hdr = msg;
		io->n++;
		return 0;
	}
	/* Keep the order: what is queued goes first. */
	tx_flush(d, io, true);
	t->iov.iov_base = (void *)buf;
	t->iov.iov_len = len;
	if (waitq_of(dst)->n)
		return tx_defer(d, t);
	if (sendmsg(t->fd, &msg, 0) < 0) {
		if (would_block(errno))
			return tx_defer(d, t);
		tx_error(&d->stats, t, errno);
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

static void rx_one(struct lispd *d, struct lispd_io *io, unsigned int i,
		   uint64_t now_ms)
{
	struct msghdr *msg = &io->rmsg[i].msg_hdr;
	const struct sockaddr_storage *ss = &io->from[i];
	unsigned int n = io->rmsg[i].msg_len;
	struct lispd_rx rx;

	if (n > LISPD_PKT_MAX || (msg->msg_flags & MSG_TRUNC)) {
		d->stats.rx_malformed++;
		return;
	}
	memset(&rx, 0, sizeof(rx));
	rx.buf = io->buf[i];
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

/*
 * Read and handle up to LISPD_RX_BURST datagrams of socket k (0: IPv4,
 * 1: IPv6) of io, LISPD_RX_BATCH per recvmmsg() and per sendmmsg()
 * run.  The main thread holds the lock already.  A worker takes it to
 * read and handle each batch: the datagrams are handled in the order
 * they arrived, as by one thread (a Map-Register refused as a replay
 * because its successor overtook it, say, cannot happen).  It sends
 * without it: that is most of the work, and what workers share out.
 */
static void io_read(struct lispd *d, struct lispd_io *io, unsigned int k)
{
	unsigned int i, burst;
	uint64_t now_ms;
	int n;

	for (burst = 0; burst < LISPD_RX_BURST; burst += LISPD_RX_BATCH) {
		for (i = 0; i < LISPD_RX_BATCH; i++) {
			struct msghdr *msg = &io->rmsg[i].msg_hdr;

			io->iov[i].iov_base = io->buf[i];
			io->iov[i].iov_len = LISPD_PKT_MAX;
			memset(msg, 0, sizeof(*msg));
			msg->msg_name = &io->from[i];
			msg->msg_namelen = sizeof(io->from[i]);
			msg->msg_iov = &io->iov[i];
			msg->msg_iovlen = 1;
			msg->msg_control = io->cbuf[i].buf;
			msg->msg_controllen = sizeof(io->cbuf[i].buf);
		}
		if (io->worker) {
			lispd_lock(d);
			lispd_io_sync(io);	/* its sockets may be new */
		}
		n = io->fd[k] < 0 ? 0 :
		    recvmmsg(io->fd[k], io->rmsg, LISPD_RX_BATCH, MSG_TRUNC,
			     NULL);
		if (n > 0) {
			now_ms = lispd_now_ms();
			io->active = true;
			for (i = 0; i < (unsigned int)n; i++)
				rx_one(d, io, i, now_ms);
			io->active = false;
		} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
			d->stats.rx_errors++;
			log_warn("recvmmsg: %s", strerror(errno));
		}
		if (io->worker)
			lispd_unlock(d);
		if (n <= 0)
			break;
		tx_flush(d, io, !io->worker);
		if (n < LISPD_RX_BATCH)
			break;
	}
}

static void on_event(struct lispd *d, struct lispd_watch *w, uint32_t events)
{
	if (events & EPOLLOUT)
		tx_drain(d, w);
	/* With workers, the main thread waits only to write. */
	if (events & ~(uint32_t)EPOLLOUT && !d->nworkers)
		io_read(d, &main_io, w == &d->udp6);
}

/* ---- worker threads' I/O (worker.c runs them) ---- */

/* Close io's descriptors of the sockets (out of its epoll set first). */
static void io_close(struct lispd_io *io)
{
	unsigned int k;

	for (k = 0; k < 2; k++) {
		if (io->fd[k] < 0)
			continue;
		/* A dup()'s entry would outlive its close() otherwise. */
		epoll_ctl(io->epfd, EPOLL_CTL_DEL, io->fd[k], NULL);
		close(io->fd[k]);
		io->fd[k] = -1;
	}
}

/*
 * Locked: io's descriptors of the daemon's sockets as they are now.
 * EPOLLEXCLUSIVE: a datagram wakes one worker, not all of them.
 */
static int io_open(struct lispd_io *io)
{
	struct lispd *d = io->d;
	int src[2] = { d->udp4.fd, d->udp6.fd };
	struct epoll_event ev;
	unsigned int k;

	io->gen = d->udp_gen;
	for (k = 0; k < 2; k++) {
		if (src[k] < 0)
			continue;
		io->fd[k] = fcntl(src[k], F_DUPFD_CLOEXEC, 0);
		ev.events = EPOLLIN | EPOLLEXCLUSIVE;
		ev.data.u32 = k;
		if (io->fd[k] < 0 ||
		    epoll_ctl(io->epfd, EPOLL_CTL_ADD, io->fd[k], &ev)) {
			log_error("worker: UDP socket: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}

struct lispd_io *lispd_io_new(struct lispd *d, int epfd)
{
	struct lispd_io *io = calloc(1, sizeof(*io));

	if (!io)
		return NULL;
	io->d = d;
	io->worker = true;
	io->epfd = epfd;
	io->fd[0] = io->fd[1] = -1;
	if (io_open(io)) {
		io_close(io);
		free(io);
		return NULL;
	}
	return io;
}

void lispd_io_free(struct lispd_io *io)
{
	if (!io)
		return;
	io_apply(io->d, io);
	io_close(io);
	free(io);
}

void lispd_io_enter(struct lispd_io *io)
{
	io_self = io;
}

void lispd_io_sync(struct lispd_io *io)
{
	io_apply(io->d, io);
	if (io->gen == io->d->udp_gen)
		return;
	io_close(io);
	if (io_open(io))
		io_close(io);
}

void lispd_io_read(struct lispd_io *io, unsigned int k)
{
	io_read(io->d, io, k);
}

bool lispd_io_pending(const struct lispd_io *io)
{
	return io->pending;
}
