// SPDX-License-Identifier: GPL-2.0
/* LISP address encoding: plain AFIs and the Instance-ID / AFI-List LCAFs. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

/* LCAF header after the AFI: Rsvd1, Flags, Type, Rsvd2, Length. */
#define LCAF_HDR_LEN	6

/* Address bytes for a plain AFI, or -1 if the AFI is not one we carry. */
static int afi_addr_len(uint16_t afi)
{
	switch (afi) {
	case LISP_AFI_NONE:
		return 0;
	case LISP_AFI_IPV4:
		return 4;
	case LISP_AFI_IPV6:
		return 16;
	default:
		return -1;
	}
}

static int ip_get(struct lisp_rd *r, struct lisp_ip *ip, bool allow_none)
{
	int n;

	memset(ip, 0, sizeof(*ip));
	ip->afi = rd_be16(r);
	if (r->err)
		return r->err;
	n = afi_addr_len(ip->afi);
	if (n < 0 || (n == 0 && !allow_none))
		return -LISP_ERR_BAD_AFI;
	rd_copy(r, ip->addr, (size_t)n);
	return r->err;
}

static int iid_get(struct lisp_rd *r, struct lisp_addr *a)
{
	a->iid = rd_be32(r);
	a->count = 1;
	return ip_get(r, &a->ip[0], true);
}

static int afi_list_get(struct lisp_rd *r, struct lisp_addr *a)
{
	int err;

	while (rd_left(r)) {
		if (a->count == LISP_AFI_LIST_MAX)
			return -LISP_ERR_TOO_MANY_ADDRS;
		err = ip_get(r, &a->ip[a->count], false);
		if (err)
			return err;
		a->count++;
	}
	return a->count ? 0 : -LISP_ERR_BAD_LCAF;
}

static int lcaf_get(struct lisp_rd *r, struct lisp_addr *a)
{
	struct lisp_rd body;
	const uint8_t *p;
	uint8_t type, rsvd2;
	uint16_t len;
	int err;

	rd_u8(r);			/* Rsvd1 */
	rd_u8(r);			/* Flags */
	type = rd_u8(r);
	rsvd2 = rd_u8(r);
	len = rd_be16(r);
	p = rd_take(r, len);
	if (!p)
		return r->err;
	rd_init(&body, p, len);

	switch (type) {
	case LISP_LCAF_IID:
		a->kind = LISP_ADDR_IID;
		a->iid_mask_len = rsvd2;	/* Rsvd2 carries the IID mask-len */
		if (rsvd2 > 32)
			return -LISP_ERR_BAD_LCAF;
		err = iid_get(&body, a);
		break;
	case LISP_LCAF_AFI_LIST:
		a->kind = LISP_ADDR_AFI_LIST;
		err = afi_list_get(&body, a);
		break;
	default:
		return -LISP_ERR_BAD_LCAF;
	}
	if (err == -LISP_ERR_TRUNCATED)
		return -LISP_ERR_BAD_LCAF;	/* the LCAF Length lied */
	if (err)
		return err;
	return rd_left(&body) ? -LISP_ERR_BAD_LCAF : 0;
}

int lisp_addr_get(struct lisp_rd *r, struct lisp_addr *a)
{
	size_t start = r->pos;
	uint16_t afi;

	memset(a, 0, sizeof(*a));
	if (r->err)
		return r->err;
	afi = rd_be16(r);
	if (r->err)
		return r->err;
	if (afi == LISP_AFI_LCAF)
		return lcaf_get(r, a);
	r->pos = start;
	a->kind = LISP_ADDR_IP;
	a->count = 1;
	return ip_get(r, &a->ip[0], true);
}

int lisp_addr_parse(const uint8_t *buf, size_t len, struct lisp_addr *out)
{
	struct lisp_rd r;
	int err;

	rd_init(&r, buf, len);
	err = lisp_addr_get(&r, out);
	return err ? err : (int)r.pos;
}

static int ip_check(const struct lisp_ip *ip, bool allow_none)
{
	int n = afi_addr_len(ip->afi);

	return n < 0 || (n == 0 && !allow_none) ? -LISP_ERR_BAD_AFI : 0;
}

int lisp_addr_check(const struct lisp_addr *a)
{
	unsigned int i;
	int err;

	switch (a->kind) {
	case LISP_ADDR_IP:
		return a->count == 1 ? ip_check(&a->ip[0], true) :
				       -LISP_ERR_INVALID;
	case LISP_ADDR_IID:
		if (a->count != 1 || a->iid_mask_len > 32)
			return -LISP_ERR_BAD_LCAF;
		return ip_check(&a->ip[0], true);
	case LISP_ADDR_AFI_LIST:
		if (a->count == 0)
			return -LISP_ERR_BAD_LCAF;
		if (a->count > LISP_AFI_LIST_MAX)
			return -LISP_ERR_TOO_MANY_ADDRS;
		for (i = 0; i < a->count; i++) {
			err = ip_check(&a->ip[i], false);
			if (err)
				return err;
		}
		return 0;
	default:
		return -LISP_ERR_INVALID;
	}
}

static size_t ip_wire_len(const struct lisp_ip *ip)
{
	return 2 + (size_t)afi_addr_len(ip->afi);
}

/* Bytes after the LCAF Length field. */
static size_t lcaf_body_len(const struct lisp_addr *a)
{
	size_t n = a->kind == LISP_ADDR_IID ? 4 : 0;
	unsigned int i;

	for (i = 0; i < a->count; i++)
		n += ip_wire_len(&a->ip[i]);
	return n;
}

size_t lisp_addr_wire_len(const struct lisp_addr *a)
{
	if (lisp_addr_check(a))
		return 0;
	if (a->kind == LISP_ADDR_IP)
		return ip_wire_len(&a->ip[0]);
	return 2 + LCAF_HDR_LEN + lcaf_body_len(a);
}

static void ip_put(struct lisp_wr *w, const struct lisp_ip *ip)
{
	wr_be16(w, ip->afi);
	wr_copy(w, ip->addr, (size_t)afi_addr_len(ip->afi));
}

void lisp_addr_put(struct lisp_wr *w, const struct lisp_addr *a)
{
	unsigned int i;
	int err = lisp_addr_check(a);

	if (err) {
		if (!w->err)
			w->err = err;
		return;
	}
	if (a->kind == LISP_ADDR_IP) {
		ip_put(w, &a->ip[0]);
		return;
	}
	wr_be16(w, LISP_AFI_LCAF);
	wr_u8(w, 0);			/* Rsvd1 */
	wr_u8(w, 0);			/* Flags */
	if (a->kind == LISP_ADDR_IID) {
		wr_u8(w, LISP_LCAF_IID);
		wr_u8(w, a->iid_mask_len);
		wr_be16(w, (uint16_t)lcaf_body_len(a));
		wr_be32(w, a->iid);
	} else {
		wr_u8(w, LISP_LCAF_AFI_LIST);
		wr_u8(w, 0);
		wr_be16(w, (uint16_t)lcaf_body_len(a));
	}
	for (i = 0; i < a->count; i++)
		ip_put(w, &a->ip[i]);
}

int lisp_addr_write(const struct lisp_addr *a, uint8_t *buf, size_t len)
{
	struct lisp_wr w;

	wr_init(&w, buf, len);
	lisp_addr_put(&w, a);
	return wr_result(&w);
}

void lisp_addr_set_none(struct lisp_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = LISP_ADDR_IP;
	a->count = 1;
}

void lisp_addr_set_ipv4(struct lisp_addr *a, const void *in4)
{
	lisp_addr_set_none(a);
	a->ip[0].afi = LISP_AFI_IPV4;
	memcpy(a->ip[0].addr, in4, 4);
}

void lisp_addr_set_ipv6(struct lisp_addr *a, const void *in6)
{
	lisp_addr_set_none(a);
	a->ip[0].afi = LISP_AFI_IPV6;
	memcpy(a->ip[0].addr, in6, 16);
}

int lisp_addr_set_iid(struct lisp_addr *a, uint32_t iid)
{
	if (a->kind != LISP_ADDR_IP && a->kind != LISP_ADDR_IID)
		return -LISP_ERR_INVALID;
	a->kind = LISP_ADDR_IID;
	a->iid = iid;
	a->iid_mask_len = 32;
	return 0;
}

int lisp_addr_set_eid_iid(struct lisp_addr *a, uint32_t iid, bool lcaf0)
{
	if (iid || lcaf0)
		return lisp_addr_set_iid(a, iid);
	if (a->kind != LISP_ADDR_IP && a->kind != LISP_ADDR_IID)
		return -LISP_ERR_INVALID;
	a->kind = LISP_ADDR_IP;
	a->iid = 0;
	a->iid_mask_len = 0;
	return 0;
}
