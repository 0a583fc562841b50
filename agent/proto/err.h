/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error codes of the LISP control-plane codec.  Functions return 0 (or a
 * byte count) on success and the negative of one of these on failure.
 */
#ifndef LISP_PROTO_ERR_H
#define LISP_PROTO_ERR_H

enum lisp_err {
	LISP_OK = 0,
	LISP_ERR_TRUNCATED,		/* input ends inside a field */
	LISP_ERR_NO_SPACE,		/* output buffer too small */
	LISP_ERR_BAD_TYPE,		/* unexpected LISP message type */
	LISP_ERR_BAD_AFI,		/* AFI not supported here */
	LISP_ERR_BAD_LCAF,		/* malformed or unsupported LCAF */
	LISP_ERR_BAD_MASK_LEN,		/* mask-len longer than the address */
	LISP_ERR_BAD_ACT,		/* unassigned ACT code */
	LISP_ERR_TOO_MANY_RECORDS,
	LISP_ERR_TOO_MANY_LOCATORS,
	LISP_ERR_TOO_MANY_ITR_RLOCS,
	LISP_ERR_TOO_MANY_ADDRS,	/* AFI-List LCAF */
	LISP_ERR_NO_ITR_RLOC,		/* a Map-Request needs one ITR-RLOC */
	LISP_ERR_BAD_AUTH_LEN,		/* auth data length vs. algorithm */
	LISP_ERR_BAD_ALG,		/* unknown authentication algorithm */
	LISP_ERR_AUTH_FAILED,		/* HMAC does not match */
	LISP_ERR_BAD_IP,		/* malformed inner IP header */
	LISP_ERR_BAD_UDP,		/* malformed inner UDP header */
	LISP_ERR_TRAILING_DATA,		/* bytes after the end of the message */
	LISP_ERR_INVALID,		/* a value that cannot be encoded */
	LISP_ERR_CRYPTO,		/* libcrypto failed */
	LISP_ERR_MAX
};

/* Text for an error code; accepts err or -err. */
const char *lisp_strerror(int err);

#endif /* LISP_PROTO_ERR_H */
