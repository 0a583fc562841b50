// SPDX-License-Identifier: GPL-2.0
/* The kernel's address form and the codec's (addr.h).  Pure. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/addr.h"

void lispd_ip_to_kaddr(const struct lisp_ip *ip, struct lisp_kaddr *k)
{
	memset(k, 0, sizeof(*k));
	k->family = ip->afi == LISP_AFI_IPV4 ? AF_INET : AF_INET6;
	memcpy(k->bytes, ip->addr, ip->afi == LISP_AFI_IPV4 ? 4 : 16);
}

void lispd_kaddr_to_ip(const struct lisp_kaddr *k, struct lisp_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (k->family == AF_INET) {
		ip->afi = LISP_AFI_IPV4;
		memcpy(ip->addr, k->bytes, 4);
	} else if (k->family == AF_INET6) {
		ip->afi = LISP_AFI_IPV6;
		memcpy(ip->addr, k->bytes, 16);
	}
}

bool lispd_kaddr_equal(const struct lisp_kaddr *a, const struct lisp_kaddr *b)
{
	return a->family == b->family &&
	       !memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16);
}

const char *lispd_kaddr_str(const struct lisp_kaddr *k, char *buf, size_t len)
{
	inet_ntop(k->family, k->bytes, buf, (socklen_t)len);
	return buf;
}

bool lispd_sockaddr_to_ip(const struct sockaddr *sa, struct lisp_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (sa->sa_family == AF_INET) {
		ip->afi = LISP_AFI_IPV4;
		memcpy(ip->addr, &((const struct sockaddr_in *)(const void *)
				   sa)->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		ip->afi = LISP_AFI_IPV6;
		memcpy(ip->addr, &((const struct sockaddr_in6 *)(const void *)
				   sa)->sin6_addr, 16);
		return true;
	}
	return false;
}
