/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Authentication of Map-Register, Map-Notify and Map-Notify-Ack
 * (RFC 9301 5.6): an HMAC over the whole message with the authentication
 * data field zeroed, keyed with the site's shared secret.
 *
 * The algorithm names keep their RFC 6830 spelling but the whole digest
 * goes on the wire: 20 bytes for HMAC-SHA-1-96, 32 for HMAC-SHA-256-128.
 */
#ifndef LISP_PROTO_AUTH_H
#define LISP_PROTO_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Algorithm ID (IANA "LISP Algorithm ID Numbers"). */
enum lisp_auth_alg {
	LISP_ALG_NONE = 0,
	LISP_ALG_HMAC_SHA1_96 = 1,
	LISP_ALG_HMAC_SHA256_128 = 2,
};

#define LISP_AUTH_SHA1_LEN	20
#define LISP_AUTH_SHA256_LEN	32
/* Largest message lisp_auth_verify() accepts (max UDP payload). */
#define LISP_AUTH_MSG_MAX	65535

/* Authentication data length for alg (0 for none) or -LISP_ERR_BAD_ALG. */
int lisp_auth_data_len(unsigned int alg);
/* Raw HMAC of data; returns the digest length or -LISP_ERR_*. */
int lisp_auth_hmac(unsigned int alg, const void *key, size_t key_len,
		   const uint8_t *data, size_t data_len,
		   uint8_t *out, size_t out_len);
/*
 * The HMAC of an encoded Map-Register / Notify / Notify-Ack under key,
 * computed as if its authentication data were zeros, without copying or
 * changing msg.  Returns the digest length (the field's) or -LISP_ERR_*.
 */
int lisp_auth_digest(const uint8_t *msg, size_t len,
		     const void *key, size_t key_len,
		     uint8_t *out, size_t out_len);
/*
 * Fill in the authentication data of an encoded Map-Register / Notify /
 * Notify-Ack whose Algorithm ID and Authentication Data Length are set.
 */
int lisp_auth_sign(uint8_t *msg, size_t len, const void *key, size_t key_len);
/*
 * 0 if msg carries a valid HMAC under key, else -LISP_ERR_*; the digests
 * are compared in constant time.
 */
int lisp_auth_verify(const uint8_t *msg, size_t len,
		     const void *key, size_t key_len);

#endif /* LISP_PROTO_AUTH_H */
