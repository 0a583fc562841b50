// SPDX-License-Identifier: GPL-2.0
/* Message type helpers. */
#include "msg.h"
#include "wire.h"

int lisp_msg_type(const uint8_t *buf, size_t len)
{
	if (len < 1)
		return -LISP_ERR_TRUNCATED;
	return buf[0] >> 4;
}

int lisp_msg_nonce(const uint8_t *buf, size_t len, uint64_t *nonce)
{
	struct lisp_rd r;
	uint32_t w;

	return rd_msg_head(&r, buf, len, &w, nonce) ? -LISP_ERR_TRUNCATED : 0;
}

const char *lisp_msg_type_str(unsigned int type)
{
	switch (type) {
	case LISP_MAP_REQUEST:
		return "Map-Request";
	case LISP_MAP_REPLY:
		return "Map-Reply";
	case LISP_MAP_REGISTER:
		return "Map-Register";
	case LISP_MAP_NOTIFY:
		return "Map-Notify";
	case LISP_MAP_NOTIFY_ACK:
		return "Map-Notify-Ack";
	case LISP_ECM:
		return "Encapsulated Control Message";
	default:
		return "unknown";
	}
}
