// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP control sockets: one IPv4 and one IPv6 (IPV6_V6ONLY) bound to
 * the control port, non-blocking.  Each datagram's local address comes
 * with it (IP_PKTINFO / IPV6_RECVPKTINFO): an RLOC-probe is answered
 * from the address it probed, a Map-Register from the one it reached.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"

static void on_readable(struct lispd *d, struct lispd_watch *w,
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

void lispd_udp_close(struct lispd *d)
{
	watch_close(d, &d->udp4);
	watch_close(d, &d->udp6);
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
	d->udp4.fn = on_readable;
	d->udp6.fd = fd6;
	d->udp6.fn = on_readable;
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

int lispd_udp_send(struct lispd *d, const struct lisp_ip *dst,
		   uint16_t dport, const struct lisp_ip *src,
		   const uint8_t *buf, size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	char a[LISP_ADDR_STRLEN];
	struct cmsghdr *cm;
	int fd;

	memset(&cbuf, 0, sizeof(cbuf));
	if (dst->afi == LISP_AFI_IPV4) {
		fd = d->udp4.fd;
		sin.sin_port = htons(dport);
		memcpy(&sin.sin_addr, dst->addr, 4);
		msg.msg_name = &sin;
		msg.msg_namelen = sizeof(sin);
	} else {
		fd = d->udp6.fd;
		sin6.sin6_port = htons(dport);
		memcpy(&sin6.sin6_addr, dst->addr, 16);
		msg.msg_name = &sin6;
		msg.msg_namelen = sizeof(sin6);
	}
	if (fd < 0 || (dst->afi != LISP_AFI_IPV4 &&
		       dst->afi != LISP_AFI_IPV6)) {
		errno = EAFNOSUPPORT;
		goto err;
	}
	if (src && src->afi == dst->afi) {
		msg.msg_control = cbuf.buf;
		cm = (struct cmsghdr *)cbuf.buf;
		if (dst->afi == LISP_AFI_IPV4) {
			struct in_pktinfo pi = { 0 };

			memcpy(&pi.ipi_spec_dst, src->addr, 4);
			cm->cmsg_level = IPPROTO_IP;
			cm->cmsg_type = IP_PKTINFO;
			cm->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
			msg.msg_controllen = CMSG_SPACE(sizeof(pi));
		} else {
			struct in6_pktinfo pi6 = { 0 };

			memcpy(&pi6.ipi6_addr, src->addr, 16);
			cm->cmsg_level = IPPROTO_IPV6;
			cm->cmsg_type = IPV6_PKTINFO;
			cm->cmsg_len = CMSG_LEN(sizeof(pi6));
			memcpy(CMSG_DATA(cm), &pi6, sizeof(pi6));
			msg.msg_controllen = CMSG_SPACE(sizeof(pi6));
		}
	}
	if (sendmsg(fd, &msg, 0) < 0)
		goto err;
	d->stats.tx[msg_type(buf, len)]++;
	log_debug("sent %s (%zu bytes) to %s port %u",
		  lisp_msg_type_str(msg_type(buf, len)), len,
		  lispd_ip_str(dst, a), dport);
	return 0;
err:
	d->stats.tx_errors++;
	log_warn("sending %s to %s port %u: %s",
		 lisp_msg_type_str(msg_type(buf, len)), lispd_ip_str(dst, a),
		 dport, strerror(errno));
	return -1;
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

static void on_readable(struct lispd *d, struct lispd_watch *w,
			uint32_t events)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			 CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct sockaddr_storage ss;
	struct iovec iov = { .iov_base = d->rxbuf, .iov_len = LISPD_PKT_MAX };
	struct msghdr msg;
	struct lispd_rx rx;
	unsigned int i;
	ssize_t n;

	(void)events;
	for (i = 0; i < LISPD_RX_BURST && w->fd >= 0; i++) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &ss;
		msg.msg_namelen = sizeof(ss);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf.buf;
		msg.msg_controllen = sizeof(cbuf.buf);
		n = recvmsg(w->fd, &msg, MSG_TRUNC);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR) {
				d->stats.rx_errors++;
				log_warn("recvmsg: %s", strerror(errno));
			}
			return;
		}
		if (n > LISPD_PKT_MAX || (msg.msg_flags & MSG_TRUNC)) {
			d->stats.rx_malformed++;
			continue;
		}
		memset(&rx, 0, sizeof(rx));
		rx.buf = d->rxbuf;
		rx.len = (size_t)n;
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

			rx.src.afi = LISP_AFI_IPV4;
			memcpy(rx.src.addr, &sin->sin_addr, 4);
			rx.sport = ntohs(sin->sin_port);
		} else if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

			rx.src.afi = LISP_AFI_IPV6;
			memcpy(rx.src.addr, &sin6->sin6_addr, 16);
			rx.sport = ntohs(sin6->sin6_port);
		} else {
			continue;
		}
		local_addr(&msg, &rx.dst);
		rx.now_ms = lispd_now_ms();
		lispd_rx_dispatch(d, &rx);
	}
}
