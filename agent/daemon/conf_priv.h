/* SPDX-License-Identifier: GPL-2.0 */
/* The configuration parser's internals, shared by conf*.c. */
#ifndef LISPD_DAEMON_CONF_PRIV_H
#define LISPD_DAEMON_CONF_PRIV_H

#include "conf.h"

#define CONF_SITE_HASH	4096

/* One parse: the configuration being built and the line at hand. */
struct conf_parser {
	struct lispd_conf *c;
	const char *name;
	unsigned int line;
	char *err;
	size_t errlen;
	int argc, pos;
	char *argv[LISPD_CONF_WORDS_MAX];
	char buf[LISPD_CONF_LINE_MAX];
	/* Lines of the one-off settings, to name the first in errors. */
	unsigned int log_level_line, control_port_line, mr_enable_line;
	unsigned int register_period_line, xtr_id_line, site_id_line;
	unsigned int iid0_encoding_line;
	unsigned int rloc_probing_line;
	unsigned int itr_subscribe_line;
	unsigned int nprefix;		/* site prefixes, all sites */
	/* Site names -> index + 1 (chained through site_next). */
	unsigned int site_bucket[CONF_SITE_HASH];
	unsigned int *site_next;
};

/* conf.c */
__attribute__((format(printf, 2, 3)))
int conf_fail(struct conf_parser *p, const char *fmt, ...);
struct lispd_conf_site *conf_site_find(struct conf_parser *p,
				       const char *name);
struct lispd_conf_site *conf_site_new(struct conf_parser *p,
				      const char *name);
/*
 * A zeroed new element at the end of *arr (n elements of size, room for
 * *cap), at most max of them; NULL after conf_fail() naming what.
 */
void *conf_push(struct conf_parser *p, void **arr, unsigned int *n,
		unsigned int *cap, size_t size, unsigned int max,
		const char *what);

/* conf_word.c: words of the line at hand; each fails with a reason. */
const char *conf_next(struct conf_parser *p);
const char *conf_peek(const struct conf_parser *p);
/* The words left on the line (*n of them), all taken. */
char *const *conf_rest(struct conf_parser *p, int *n);
/* The word after keyword kw, described as what ("a port number"). */
int conf_value(struct conf_parser *p, const char *kw, const char *what,
	       const char **out);
int conf_unexpected(struct conf_parser *p, const char *word,
		    const char *expected);
int conf_uint(struct conf_parser *p, const char *kw, const char *s,
	      unsigned long min, unsigned long max, unsigned long *v);
int conf_u8(struct conf_parser *p, const char *kw, const char *s,
	    uint8_t *v);
/* A unicast IPv4 or IPv6 address. */
int conf_ip(struct conf_parser *p, const char *kw, const char *s,
	    struct lisp_ip *ip);
/* "ADDR/LEN", or "ADDR" for a host prefix; host bits must be clear. */
int conf_prefix(struct conf_parser *p, const char *s, struct lisp_ip *ip,
		uint8_t *plen);
int conf_dev(struct conf_parser *p, const char *s, char *dev);
/* key SECRET [key-id N] [key-type T]: fills key; port too if port. */
int conf_key_opts(struct conf_parser *p, const char *secret,
		  struct lisp_ms_key *key, uint16_t *port);
/* priority P / weight W after a locator; 1 if kw was one, 0 if not. */
int conf_loc_opt(struct conf_parser *p, const char *kw,
		 struct lispd_conf_loc *loc);

/* conf_cmd.c: one function per command; the words after its name. */
int conf_cmd_log_level(struct conf_parser *p);
int conf_cmd_control_port(struct conf_parser *p);
int conf_cmd_register_period(struct conf_parser *p);
int conf_cmd_iid0_encoding(struct conf_parser *p);
int conf_cmd_site(struct conf_parser *p);
int conf_cmd_map_server(struct conf_parser *p);
int conf_cmd_map_resolver(struct conf_parser *p);
int conf_cmd_itr(struct conf_parser *p);
int conf_cmd_device(struct conf_parser *p);
int conf_cmd_database(struct conf_parser *p);
int conf_cmd_petr(struct conf_parser *p);
int conf_cmd_map_cache(struct conf_parser *p);
int conf_cmd_rate_limit(struct conf_parser *p);
int conf_cmd_xtr_id(struct conf_parser *p);
int conf_cmd_site_id(struct conf_parser *p);
int conf_cmd_rloc_probing(struct conf_parser *p);
int conf_cmd_dynamic_eid(struct conf_parser *p);

/* conf_check.c: what needs the whole file (duplicates, table bounds). */
int conf_check(struct conf_parser *p);

#endif /* LISPD_DAEMON_CONF_PRIV_H */
