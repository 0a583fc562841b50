// SPDX-License-Identifier: GPL-2.0
/* LISP addresses: text forms, ordering and prefix matching. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "err.h"
#include "lib/bits.h"
#include "lib/strbuf.h"

static unsigned int ip_bytes(uint16_t afi)
{
	return afi == LISP_AFI_IPV4 ? 4 : afi == LISP_AFI_IPV6 ? 16 : 0;
}

static void ip_append(const struct lisp_ip *ip, struct strbuf *sb)
{
	char s[INET6_ADDRSTRLEN];

	switch (ip->afi) {
	case LISP_AFI_IPV4:
		inet_ntop(AF_INET, ip->addr, s, sizeof(s));
		break;
	case LISP_AFI_IPV6:
		inet_ntop(AF_INET6, ip->addr, s, sizeof(s));
		break;
	case LISP_AFI_NONE:
		strcpy(s, "none");
		break;
	default:
		snprintf(s, sizeof(s), "afi%u", ip->afi);
		break;
	}
	strbuf_printf(sb, "%s", s);
}

static void addr_append(const struct lisp_addr *a, struct strbuf *sb)
{
	unsigned int i, n = a->count > LISP_AFI_LIST_MAX ?
			    LISP_AFI_LIST_MAX : a->count;

	switch (a->kind) {
	case LISP_ADDR_IID:
		if (a->iid_mask_len == 32)
			strbuf_printf(sb, "[%u]", a->iid);
		else
			strbuf_printf(sb, "[%u/%u]", a->iid,
				a->iid_mask_len);
		ip_append(&a->ip[0], sb);
		break;
	case LISP_ADDR_AFI_LIST:
		strbuf_printf(sb, "(");
		for (i = 0; i < n; i++) {
			if (i)
				strbuf_printf(sb, ",");
			ip_append(&a->ip[i], sb);
		}
		strbuf_printf(sb, ")");
		break;
	default:
		ip_append(&a->ip[0], sb);
		break;
	}
}

int lisp_addr_to_str(const struct lisp_addr *a, char *buf, size_t len)
{
	struct strbuf sb = STRBUF(buf, len);

	if (len)
		buf[0] = '\0';
	addr_append(a, &sb);
	return strbuf_done(&sb);
}

int lisp_ip_to_str(const struct lisp_ip *ip, char *buf, size_t len)
{
	struct strbuf sb = STRBUF(buf, len);

	if (len)
		buf[0] = '\0';
	ip_append(ip, &sb);
	return strbuf_done(&sb);
}

int lisp_prefix_to_str(const struct lisp_addr *a, unsigned int plen,
		       char *buf, size_t len)
{
	struct strbuf sb = STRBUF(buf, len);

	if (len)
		buf[0] = '\0';
	addr_append(a, &sb);
	strbuf_printf(&sb, "/%u", plen);
	return strbuf_done(&sb);
}

static int ip_from_str(const char *s, struct lisp_addr *a)
{
	uint8_t bin[16];

	if (!strcmp(s, "none")) {
		lisp_addr_set_none(a);
		return 0;
	}
	if (inet_pton(AF_INET, s, bin) == 1) {
		lisp_addr_set_ipv4(a, bin);
		return 0;
	}
	if (inet_pton(AF_INET6, s, bin) == 1) {
		lisp_addr_set_ipv6(a, bin);
		return 0;
	}
	return -LISP_ERR_INVALID;
}

static int parse_uint(const char *s, char **end, unsigned long max,
		      unsigned long *v)
{
	if (*s < '0' || *s > '9')
		return -LISP_ERR_INVALID;
	errno = 0;
	*v = strtoul(s, end, 10);
	return errno || *v > max ? -LISP_ERR_INVALID : 0;
}

int lisp_addr_from_str(const char *s, struct lisp_addr *a)
{
	unsigned long iid, mlen = 32;
	char *end;
	int err;

	if (*s != '[')
		return ip_from_str(s, a);
	if (parse_uint(s + 1, &end, UINT32_MAX, &iid))
		return -LISP_ERR_INVALID;
	if (*end == '/' && parse_uint(end + 1, &end, 32, &mlen))
		return -LISP_ERR_INVALID;
	if (*end != ']')
		return -LISP_ERR_INVALID;
	err = ip_from_str(end + 1, a);
	if (err)
		return err;
	lisp_addr_set_iid(a, (uint32_t)iid);
	a->iid_mask_len = (uint8_t)mlen;
	return 0;
}

int lisp_prefix_from_str(const char *s, struct lisp_addr *a,
			 unsigned int *plen)
{
	char tmp[LISP_ADDR_STRLEN];
	const char *slash = strrchr(s, '/');
	unsigned long v;
	char *end;
	size_t n;
	int err;

	if (!slash || (size_t)(slash - s) >= sizeof(tmp))
		return -LISP_ERR_INVALID;
	n = (size_t)(slash - s);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	err = lisp_addr_from_str(tmp, a);
	if (err)
		return err;
	if (parse_uint(slash + 1, &end, lisp_addr_max_plen(a), &v) || *end)
		return -LISP_ERR_INVALID;
	*plen = (unsigned int)v;
	return 0;
}

unsigned int lisp_addr_max_plen(const struct lisp_addr *a)
{
	unsigned int i, max = 0, n = a->count > LISP_AFI_LIST_MAX ?
				     LISP_AFI_LIST_MAX : a->count;

	for (i = 0; i < n; i++) {
		if (ip_bytes(a->ip[i].afi) * 8 > max)
			max = ip_bytes(a->ip[i].afi) * 8;
	}
	return max;
}

static int ip_cmp(const struct lisp_ip *a, const struct lisp_ip *b)
{
	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	return memcmp(a->addr, b->addr, ip_bytes(a->afi));
}

#define CMP_FIELD(a, b, f) \
	do { \
		if ((a)->f != (b)->f) \
			return (a)->f < (b)->f ? -1 : 1; \
	} while (0)

int lisp_addr_cmp(const struct lisp_addr *a, const struct lisp_addr *b)
{
	unsigned int i;
	int c;

	CMP_FIELD(a, b, kind);
	if (a->kind == LISP_ADDR_IID) {
		CMP_FIELD(a, b, iid);
		CMP_FIELD(a, b, iid_mask_len);
	}
	CMP_FIELD(a, b, count);
	for (i = 0; i < a->count && i < LISP_AFI_LIST_MAX; i++) {
		c = ip_cmp(&a->ip[i], &b->ip[i]);
		if (c)
			return c;
	}
	return 0;
}

bool lisp_addr_equal(const struct lisp_addr *a, const struct lisp_addr *b)
{
	return lisp_addr_cmp(a, b) == 0;
}

bool lisp_ip_equal(const struct lisp_ip *a, const struct lisp_ip *b)
{
	return ip_cmp(a, b) == 0;
}

bool lisp_ip_is_ip(const struct lisp_ip *ip)
{
	return ip->afi == LISP_AFI_IPV4 || ip->afi == LISP_AFI_IPV6;
}

bool lisp_ip_unicast(const struct lisp_ip *ip)
{
	static const uint8_t zero[16];

	if (ip->afi == LISP_AFI_IPV4)
		return memcmp(ip->addr, zero, 4) && ip->addr[0] < 224;
	if (ip->afi == LISP_AFI_IPV6)
		return memcmp(ip->addr, zero, 16) && ip->addr[0] != 0xff;
	return false;
}

bool lisp_ip_scoped(const struct lisp_ip *ip)
{
	static const uint8_t lo6[16] = { [15] = 1 };
	const uint8_t *a = ip->addr;

	if (ip->afi == LISP_AFI_IPV4)
		return a[0] == 0 || a[0] == 127 || (a[0] == 169 && a[1] == 254) ||
		       (a[0] == 255 && a[1] == 255 && a[2] == 255 &&
			a[3] == 255);
	if (ip->afi == LISP_AFI_IPV6) {
		/* ::ffff:a.b.c.d is the IPv4 address. */
		static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
		struct lisp_ip v4 = { .afi = LISP_AFI_IPV4 };

		if (!memcmp(a, mapped, 12)) {
			memcpy(v4.addr, a + 12, 4);
			return lisp_ip_scoped(&v4);
		}
		return !memcmp(a, lo6, 16) ||
		       (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
	}
	return false;
}

bool lisp_prefix_contains(const struct lisp_addr *pfx, unsigned int plen,
			  const struct lisp_addr *addr)
{
	const uint8_t *p = pfx->ip[0].addr, *q = addr->ip[0].addr;

	if (pfx->kind != addr->kind || pfx->kind == LISP_ADDR_AFI_LIST)
		return false;
	if (pfx->kind == LISP_ADDR_IID && pfx->iid != addr->iid)
		return false;
	if (pfx->ip[0].afi != addr->ip[0].afi ||
	    plen > lisp_addr_max_plen(pfx))
		return false;
	return prefix_bits_equal(p, q, plen);
}

void lisp_prefix_mask(struct lisp_addr *a, unsigned int plen)
{
	unsigned int nbytes = ip_bytes(a->ip[0].afi);

	if (a->kind == LISP_ADDR_AFI_LIST || plen >= nbytes * 8)
		return;
	prefix_bits_mask(a->ip[0].addr, sizeof(a->ip[0].addr), plen);
}
