/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LISP addresses as carried in control messages (RFC 9301, RFC 8060):
 * AFI 0 (no address), AFI 1 (IPv4), AFI 2 (IPv6), and the LCAF types
 * Instance-ID (2, wrapping one plain address) and AFI-List (1).
 */
#ifndef LISP_PROTO_ADDR_H
#define LISP_PROTO_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LISP_AFI_NONE		0
#define LISP_AFI_IPV4		1
#define LISP_AFI_IPV6		2
#define LISP_AFI_LCAF		16387

#define LISP_LCAF_AFI_LIST	1
#define LISP_LCAF_IID		2

/* Most plain addresses one AFI-List LCAF may hold. */
#define LISP_AFI_LIST_MAX	4
/* Longest wire encoding of a struct lisp_addr. */
#define LISP_ADDR_WIRE_MAX	(8 + LISP_AFI_LIST_MAX * 18)
/* Buffer size that fits any lisp_addr_to_str() / lisp_prefix_to_str(). */
#define LISP_ADDR_STRLEN	256

/* A plain address: AFI 0, 1 (uses addr[0..3]) or 2. */
struct lisp_ip {
	uint16_t afi;
	uint8_t addr[16];
};

enum lisp_addr_kind {
	LISP_ADDR_IP,		/* plain AFI-encoded address in ip[0] */
	LISP_ADDR_IID,		/* Instance-ID LCAF: iid, iid_mask_len, ip[0] */
	LISP_ADDR_AFI_LIST,	/* AFI-List LCAF: ip[0 .. count-1] */
};

struct lisp_addr {
	uint8_t kind;		/* enum lisp_addr_kind */
	uint8_t count;		/* AFI-List: entries used in ip[] */
	uint8_t iid_mask_len;	/* Instance-ID: significant bits of iid */
	uint32_t iid;
	struct lisp_ip ip[LISP_AFI_LIST_MAX];
};

/* Decode one address; returns bytes consumed or -LISP_ERR_*. */
int lisp_addr_parse(const uint8_t *buf, size_t len, struct lisp_addr *out);
/* Encode one address; returns bytes written or -LISP_ERR_*. */
int lisp_addr_write(const struct lisp_addr *a, uint8_t *buf, size_t len);
/* Bytes lisp_addr_write() needs, or 0 if the address is not encodable. */
size_t lisp_addr_wire_len(const struct lisp_addr *a);
/* 0 if the address can be encoded, else -LISP_ERR_*. */
int lisp_addr_check(const struct lisp_addr *a);

void lisp_addr_set_none(struct lisp_addr *a);
void lisp_addr_set_ipv4(struct lisp_addr *a, const void *in4);
void lisp_addr_set_ipv6(struct lisp_addr *a, const void *in6);
/* Wrap a plain address in an Instance-ID LCAF (mask-len 32). */
int lisp_addr_set_iid(struct lisp_addr *a, uint32_t iid);
/*
 * An EID of instance iid as lispd sends it (issue 14), the one place
 * that decides: in an Instance-ID LCAF, but instance 0 as the plain
 * address unless lcaf0.  Other implementations' Map-Servers take
 * instance 0 only as the plain AFI; lispd reads either form as
 * instance 0 wherever it matches an EID.
 */
int lisp_addr_set_eid_iid(struct lisp_addr *a, uint32_t iid, bool lcaf0);

/*
 * Text forms: "none", "192.0.2.1", "2001:db8::1", "[iid]addr",
 * "[iid/len]addr" when the IID mask-len is not 32, "(a,b,...)" for an
 * AFI-List.  Return the string length or -LISP_ERR_NO_SPACE.
 */
int lisp_addr_to_str(const struct lisp_addr *a, char *buf, size_t len);
/* One plain address: "none", "192.0.2.1", "2001:db8::1", "afiN". */
int lisp_ip_to_str(const struct lisp_ip *ip, char *buf, size_t len);
int lisp_prefix_to_str(const struct lisp_addr *a, unsigned int plen,
		       char *buf, size_t len);
/* Inverse of the above (AFI-List excluded); 0 or -LISP_ERR_INVALID. */
int lisp_addr_from_str(const char *s, struct lisp_addr *a);
int lisp_prefix_from_str(const char *s, struct lisp_addr *a,
			 unsigned int *plen);

/* Bits in the address a mask-len may cover (0, 32 or 128). */
unsigned int lisp_addr_max_plen(const struct lisp_addr *a);
/* Total order over addresses; 0 when equal. */
int lisp_addr_cmp(const struct lisp_addr *a, const struct lisp_addr *b);
bool lisp_addr_equal(const struct lisp_addr *a, const struct lisp_addr *b);
/* Does pfx/plen cover addr (same IID and AFI, first plen bits equal)? */
bool lisp_prefix_contains(const struct lisp_addr *pfx, unsigned int plen,
			  const struct lisp_addr *addr);
/* Same AFI and address bytes. */
bool lisp_ip_equal(const struct lisp_ip *a, const struct lisp_ip *b);
/* An IPv4 or IPv6 address (not LISP_AFI_NONE nor another AFI). */
bool lisp_ip_is_ip(const struct lisp_ip *ip);
/* An IPv4 or IPv6 unicast address: not 0, not multicast (or broadcast). */
bool lisp_ip_unicast(const struct lisp_ip *ip);
/*
 * An address no remote peer may name as the destination of an answer:
 * loopback, link-local, "this network" (0/8), the IPv4 broadcast, and
 * the IPv4-mapped forms of those.
 */
bool lisp_ip_scoped(const struct lisp_ip *ip);
/* Clear the bits past plen so equal prefixes compare equal. */
void lisp_prefix_mask(struct lisp_addr *a, unsigned int plen);

#endif /* LISP_PROTO_ADDR_H */
