/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Publish/subscribe fixtures, one copy for test_ms_pubsub.c and
 * test_itr_pubsub.c: site A, whose xTR 1 publishes 10.1.1.0/24, and site
 * B, whose xTR 3 registers 10.2.3.0/24 with RLOC 192.0.2.3 and
 * subscribes.  Not in ms_test.h: other Map-Server tests have a site_a
 * and a site_b of their own.
 */
#ifndef LISP_PUBSUB_TEST_H
#define LISP_PUBSUB_TEST_H

#include "ms_test.h"

UNUSED static const char *const site_a[] = { "10.1.0.0/16+", NULL };
UNUSED static const char *const site_b[] = { "10.2.0.0/16+", NULL };
UNUSED static struct treg xa = {
	.key = "ka", .proxy = true, .xtr_id = true, .xtr = 1,
	.rec = { { "10.1.1.0/24", { "192.0.2.1" }, 10 } },
};
UNUSED static struct treg xb = {
	.key = "kb", .alg = LISP_ALG_HMAC_SHA256_128, .xtr_id = true, .xtr = 3,
	.rec = { { "10.2.3.0/24", { "192.0.2.3" }, 10 } },
};

#endif /* LISP_PUBSUB_TEST_H */
