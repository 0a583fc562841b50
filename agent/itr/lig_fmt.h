/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output of "lispd lig", in the classic lig tool's layout or as JSON.
 * Pure: everything is written into caller buffers.  Functions return
 * the length written or -LISP_ERR_NO_SPACE.
 */
#ifndef LISP_ITR_LIG_FMT_H
#define LISP_ITR_LIG_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "proto/msg.h"

/* Fits any answer (32 records of 32 AFI-List locators, as JSON). */
#define LIG_OUT_MAX	(512 * 1024)

struct lig_answer {
	const char *eid;		/* the EID asked, "[7]10.1.0.1" */
	const char *resolver;		/* where the Map-Request went */
	const char *from;		/* source of the Map-Reply */
	double rtt_s;
	const struct lisp_map_reply *reply;
};

/* "Send map-request to MR for EID ...\n" */
int lig_fmt_send(const char *resolver, const char *eid, char *buf,
		 size_t len);
/*
 * The Map-Reply: "Received map-reply from ..." then one mapping entry
 * per record, locators with state (R bit), priority and weight, or the
 * action of a negative record.  The "mobile bit" of the old lig layout
 * does not exist in RFC 9301: it is printed as 0 to keep the layout
 * scripts parse.  json: one JSON object on one line.
 */
int lig_fmt_reply(const struct lig_answer *a, bool json, char *buf,
		  size_t len);
/* No answer after tries Map-Requests: the text or a JSON error object. */
int lig_fmt_timeout(const char *resolver, const char *eid,
		    unsigned int tries, bool json, char *buf, size_t len);

#endif /* LISP_ITR_LIG_FMT_H */
