// SPDX-License-Identifier: GPL-2.0
/* Configuration helpers: names, equality for reload, address forms. */
#include <string.h>

#include "conf.h"
#include "lib/addr.h"
#include "lib/strbuf.h"
#include "proto/auth.h"

const char *lispd_log_level_str(enum lispd_log_level l)
{
	switch (l) {
	case LISPD_LOG_DEBUG:
		return "debug";
	case LISPD_LOG_INFO:
		return "info";
	case LISPD_LOG_WARN:
		return "warn";
	case LISPD_LOG_ERROR:
		return "error";
	}
	return "?";
}

const char *lispd_key_type_str(unsigned int alg_id)
{
	switch (alg_id) {
	case LISP_ALG_HMAC_SHA1_96:
		return "sha1";
	case LISP_ALG_HMAC_SHA256_128:
		return "sha256";
	}
	return "unknown";
}

/* "key-id N key-type T", or the Algorithm ID lispd has no name for. */
static void key_append(struct strbuf *sb, unsigned int key_id,
		       unsigned int alg_id)
{
	if (alg_id == LISP_ALG_HMAC_SHA1_96 ||
	    alg_id == LISP_ALG_HMAC_SHA256_128)
		strbuf_printf(sb, "key-id %u key-type %s", key_id,
			      lispd_key_type_str(alg_id));
	else
		strbuf_printf(sb, "key-id %u algorithm-id %u", key_id,
			      alg_id);
}

int lispd_auth_refusal_str(unsigned int key_id, unsigned int alg_id,
			   const struct lisp_ms_key *keys, unsigned int n,
			   char *buf, size_t len)
{
	struct strbuf sb = STRBUF(buf, len);
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (keys[i].key_id == key_id && keys[i].alg_id == alg_id)
			break;
	}
	if (i < n) {
		strbuf_printf(&sb, "the HMAC does not verify with the "
			      "configured ");
		key_append(&sb, key_id, alg_id);
		strbuf_printf(&sb, ": another secret, or an altered "
			      "message");
		return strbuf_done(&sb);
	}
	strbuf_printf(&sb, "received ");
	key_append(&sb, key_id, alg_id);
	strbuf_printf(&sb, ", configured ");
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_printf(&sb, " or ");
		key_append(&sb, keys[i].key_id, keys[i].alg_id);
	}
	if (!n)
		strbuf_printf(&sb, "none");
	return strbuf_done(&sb);
}

bool lispd_conf_key_equal(const struct lisp_ms_key *a,
			  const struct lisp_ms_key *b)
{
	return a->key_id == b->key_id && a->alg_id == b->alg_id &&
	       a->len == b->len && a->len <= LISP_MS_KEY_MAX &&
	       !memcmp(a->bytes, b->bytes, a->len);
}

bool lispd_conf_peer_equal(const struct lispd_conf_peer *a,
			   const struct lispd_conf_peer *b)
{
	return lisp_ip_equal(&a->addr, &b->addr) && a->port == b->port &&
	       lispd_conf_key_equal(&a->key, &b->key);
}

static bool locs_equal(const struct lispd_conf_loc *a,
		       const struct lispd_conf_loc *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!lisp_ip_equal(&a[i].addr, &b[i].addr) ||
		    a[i].priority != b[i].priority ||
		    a[i].weight != b[i].weight)
			return false;
	}
	return true;
}

bool lispd_conf_db_same_key(const struct lispd_conf_db *a,
			    const struct lispd_conf_db *b)
{
	return !strcmp(a->dev, b->dev) && a->plen == b->plen &&
	       lisp_ip_equal(&a->eid, &b->eid);
}

bool lispd_conf_db_equal(const struct lispd_conf_db *a,
			 const struct lispd_conf_db *b)
{
	return lispd_conf_db_same_key(a, b) && a->has_iid == b->has_iid &&
	       (!a->has_iid || a->iid == b->iid) && a->nloc == b->nloc &&
	       locs_equal(a->loc, b->loc, a->nloc);
}

bool lispd_conf_dyneid_equal(const struct lispd_conf_dyneid *a,
			     const struct lispd_conf_dyneid *b)
{
	return !strcmp(a->name, b->name) &&
	       !strcmp(a->interface, b->interface) &&
	       a->max_hosts == b->max_hosts &&
	       lispd_conf_db_equal(&a->db, &b->db);
}

bool lispd_conf_petr_equal(const struct lispd_conf_petr *a,
			   const struct lispd_conf_petr *b)
{
	return !strcmp(a->dev, b->dev) && a->nloc == b->nloc &&
	       locs_equal(a->loc, b->loc, a->nloc);
}

bool lispd_conf_map_same_key(const struct lispd_conf_map *a,
			     const struct lispd_conf_map *b)
{
	return !strcmp(a->dev, b->dev) && a->map.plen == b->map.plen &&
	       lispd_kaddr_equal(&a->map.eid, &b->map.eid);
}

bool lispd_conf_map_equal(const struct lispd_conf_map *a,
			  const struct lispd_conf_map *b)
{
	const struct lisp_kmap *x = &a->map, *y = &b->map;
	unsigned int i;

	if (!lispd_conf_map_same_key(a, b) || x->action != y->action ||
	    x->flags != y->flags || x->ttl != y->ttl || x->n_loc != y->n_loc)
		return false;
	for (i = 0; i < x->n_loc; i++) {
		if (!lispd_kaddr_equal(&x->loc[i].addr, &y->loc[i].addr) ||
		    x->loc[i].priority != y->loc[i].priority ||
		    x->loc[i].weight != y->loc[i].weight ||
		    x->loc[i].up != y->loc[i].up)
			return false;
	}
	return true;
}
