/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LISP control messages (RFC 9301 5): Map-Request, Map-Reply,
 * Map-Register, Map-Notify and Map-Notify-Ack.  The Encapsulated Control
 * Message is in ecm.h, authentication in auth.h.
 *
 * Parsers take the UDP payload and fill a caller-owned struct without
 * allocating; they return 0 or -LISP_ERR_*.  Writers return the bytes
 * written or -LISP_ERR_*.  Reserved bits are ignored on receipt and sent
 * as zero.  The structs are large (tens of KiB): keep them off small
 * stacks.
 */
#ifndef LISP_PROTO_MSG_H
#define LISP_PROTO_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"
#include "record.h"

#ifndef LISP_CONTROL_PORT	/* also in uapi/linux/lisp.h */
#define LISP_CONTROL_PORT	4342
#endif

enum lisp_msg_type {
	LISP_MAP_REQUEST = 1,
	LISP_MAP_REPLY = 2,
	LISP_MAP_REGISTER = 3,
	LISP_MAP_NOTIFY = 4,
	LISP_MAP_NOTIFY_ACK = 5,
	LISP_ECM = 8,
};

/* Bounds of the fixed-size arrays below. */
#define LISP_MAX_RECORDS	32	/* records per message */
#define LISP_MAX_ITR_RLOCS	8	/* the wire allows 32 */
#define LISP_AUTH_DATA_MAX	64	/* authentication data bytes */
#define LISP_XTR_ID_LEN		16

struct lisp_map_request {
	bool authoritative;	/* A */
	bool map_data_present;	/* M: map_reply below is valid */
	bool probe;		/* P: RLOC-probe */
	bool smr;		/* S: Solicit-Map-Request */
	bool pitr;		/* p: sent by a proxy ITR */
	bool smr_invoked;	/* s: answers an SMR */
	bool xtr_id_present;	/* I: xtr_id and site_id follow (RFC 9437) */
	bool local_xtr;		/* L: from an xTR of the same site */
	bool dont_reply;	/* D: no Map-Reply wanted */
	uint64_t nonce;
	struct lisp_addr source_eid;
	uint8_t nitr;		/* 1..LISP_MAX_ITR_RLOCS */
	struct lisp_addr itr_rloc[LISP_MAX_ITR_RLOCS];
	uint8_t nrec;
	struct lisp_prefix rec[LISP_MAX_RECORDS];
	/*
	 * N of each EID-record (RFC 9437 3): the ITR subscribes to the
	 * mapping of that prefix; with I, the xTR-ID says who.
	 */
	bool notify[LISP_MAX_RECORDS];
	struct lisp_record map_reply;
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
};

struct lisp_map_reply {
	bool probe;		/* P: answers an RLOC-probe */
	bool echo_nonce;	/* E: site does echo-nonce */
	bool security;		/* S: LISP-SEC capable */
	uint64_t nonce;
	uint8_t nrec;
	struct lisp_record rec[LISP_MAX_RECORDS];
};

/*
 * Map-Register, and Map-Notify / Map-Notify-Ack which share its body.
 * The 16 bits RFC 6830 called "Key ID" are Key ID + Algorithm ID in
 * RFC 9301: "Key ID 1" of older implementations is key_id 0, alg_id 1.
 */
struct lisp_map_register {
	uint8_t type;		/* LISP_MAP_REGISTER, _NOTIFY, _NOTIFY_ACK */
	bool proxy_reply;	/* P (Map-Register only) */
	bool lisp_sec;		/* S (Map-Register only) */
	bool xtr_id_present;	/* I: xtr_id and site_id follow */
	bool for_rtr;		/* R: built for an RTR; see ms_rtr_* */
	bool want_notify;	/* M (Map-Register only) */
	uint64_t nonce;
	uint8_t key_id;
	uint8_t alg_id;		/* enum lisp_auth_alg */
	uint16_t auth_len;
	uint8_t auth[LISP_AUTH_DATA_MAX];
	uint8_t nrec;
	struct lisp_record rec[LISP_MAX_RECORDS];
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
	/* Map-Notify with R: the MS-RTR authentication (NAT traversal). */
	uint16_t ms_rtr_key_id;
	uint16_t ms_rtr_auth_len;
	uint8_t ms_rtr_auth[LISP_AUTH_DATA_MAX];
};

/* Type of the control message in buf, or -LISP_ERR_TRUNCATED. */
int lisp_msg_type(const uint8_t *buf, size_t len);
const char *lisp_msg_type_str(unsigned int type);
/*
 * The nonce of the Map-Request, Map-Reply, Map-Register or Map-Notify
 * in buf (who handles a Map-Notify depends on it): 0, or
 * -LISP_ERR_TRUNCATED.
 */
int lisp_msg_nonce(const uint8_t *buf, size_t len, uint64_t *nonce);

int lisp_map_request_parse(const uint8_t *buf, size_t len,
			   struct lisp_map_request *out);
int lisp_map_request_write(const struct lisp_map_request *m,
			   uint8_t *buf, size_t len);
/*
 * Where a Map-Reply to m goes: its first ITR-RLOC that is unicast and of
 * a family in afis (bit 1 << AFI), or NULL.
 */
const struct lisp_ip *lisp_map_request_reply_rloc(
	const struct lisp_map_request *m, unsigned int afis);
bool lisp_map_request_equal(const struct lisp_map_request *a,
			    const struct lisp_map_request *b);

int lisp_map_reply_parse(const uint8_t *buf, size_t len,
			 struct lisp_map_reply *out);
int lisp_map_reply_write(const struct lisp_map_reply *m,
			 uint8_t *buf, size_t len);
bool lisp_map_reply_equal(const struct lisp_map_reply *a,
			  const struct lisp_map_reply *b);
/*
 * Is buf a Map-Reply with the P bit, the answer to an RLOC-probe?  Only
 * the first word is read (enough to choose who parses it).
 */
bool lisp_map_reply_is_probe(const uint8_t *buf, size_t len);

/* Accepts only type 3. */
int lisp_map_register_parse(const uint8_t *buf, size_t len,
			    struct lisp_map_register *out);
/* Accepts only types 4 and 5. */
int lisp_map_notify_parse(const uint8_t *buf, size_t len,
			  struct lisp_map_register *out);
/* Write m; m->type must be 3, respectively 4 or 5. */
int lisp_map_register_write(const struct lisp_map_register *m,
			    uint8_t *buf, size_t len);
int lisp_map_notify_write(const struct lisp_map_register *m,
			  uint8_t *buf, size_t len);
bool lisp_map_register_equal(const struct lisp_map_register *a,
			     const struct lisp_map_register *b);
/* Offset of the authentication data in a Map-Register/Notify. */
#define LISP_AUTH_DATA_OFFSET	16

#endif /* LISP_PROTO_MSG_H */
