// SPDX-License-Identifier: GPL-2.0
/* Error strings of the LISP control-plane codec. */
#include "err.h"

static const char *const lisp_err_text[LISP_ERR_MAX] = {
	[LISP_OK] = "success",
	[LISP_ERR_TRUNCATED] = "message truncated",
	[LISP_ERR_NO_SPACE] = "output buffer too small",
	[LISP_ERR_BAD_TYPE] = "unexpected message type",
	[LISP_ERR_BAD_AFI] = "unsupported address family",
	[LISP_ERR_BAD_LCAF] = "malformed or unsupported LCAF",
	[LISP_ERR_BAD_MASK_LEN] = "mask length longer than the address",
	[LISP_ERR_BAD_ACT] = "unassigned ACT code",
	[LISP_ERR_TOO_MANY_RECORDS] = "too many records",
	[LISP_ERR_TOO_MANY_LOCATORS] = "too many locators",
	[LISP_ERR_TOO_MANY_ITR_RLOCS] = "too many ITR-RLOCs",
	[LISP_ERR_TOO_MANY_ADDRS] = "too many addresses in AFI list",
	[LISP_ERR_NO_ITR_RLOC] = "Map-Request without ITR-RLOC",
	[LISP_ERR_BAD_AUTH_LEN] = "bad authentication data length",
	[LISP_ERR_BAD_ALG] = "unknown authentication algorithm",
	[LISP_ERR_AUTH_FAILED] = "authentication failed",
	[LISP_ERR_BAD_IP] = "malformed inner IP header",
	[LISP_ERR_BAD_UDP] = "malformed inner UDP header",
	[LISP_ERR_TRAILING_DATA] = "trailing data after message",
	[LISP_ERR_INVALID] = "value cannot be encoded",
	[LISP_ERR_CRYPTO] = "crypto library failure",
};

const char *lisp_strerror(int err)
{
	if (err < 0 && err > -LISP_ERR_MAX)
		err = -err;
	if (err < 0 || err >= LISP_ERR_MAX)
		return "unknown error";
	return lisp_err_text[err];
}
