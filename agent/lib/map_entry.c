// SPDX-License-Identifier: GPL-2.0
/* One map-cache or database entry in words (map_entry.h).  Pure. */
#include <stdio.h>
#include <string.h>

#include "lib/map_entry.h"
#include "lib/word.h"

#define N_ACTIONS	(sizeof(action_names) / sizeof(action_names[0]))

static const char *const action_names[] = {
	[LISP_MAP_ENCAP] = "encap",
	[LISP_MAP_DROP] = "drop",
	[LISP_MAP_FORWARD] = "native-forward",
	[LISP_MAP_SEND_MAP_REQUEST] = "send-map-request",
	[LISP_MAP_USE_PETR] = "use-petr",
};
_Static_assert(N_ACTIONS == __LISP_MAP_ACTION_MAX, "an action has no name");

const char *map_action_name(unsigned int action)
{
	if (action < N_ACTIONS && action_names[action])
		return action_names[action];
	return "unknown";
}

/*
 * "encap" is taken but not offered: it is what "rloc" already means.
 * The offer is built from the table so that a new action shows up.
 */
static int parse_action(const char *s, uint8_t *action, char *err,
			size_t errlen)
{
	char list[128];
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < N_ACTIONS; i++) {
		if (action_names[i] && !strcmp(s, action_names[i])) {
			*action = (uint8_t)i;
			return 0;
		}
	}
	list[0] = '\0';
	for (i = LISP_MAP_ENCAP + 1; i < N_ACTIONS && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
				      i == LISP_MAP_ENCAP + 1 ? "" :
				      i + 1 < N_ACTIONS ? ", " : " or ",
				      action_names[i]);
	snprintf(err, errlen, "action \"%s\": expected %s", s, list);
	return -1;
}

static int add_rloc(struct lisp_kmap *m, const char *s, char *err,
		    size_t errlen)
{
	struct lisp_kloc *l;

	if (m->n_loc == LISP_MAX_LOCATORS) {
		snprintf(err, errlen, "more than %d locators",
			 LISP_MAX_LOCATORS);
		return -1;
	}
	l = &m->loc[m->n_loc];
	if (word_unicast("rloc", s, &l->addr, err, errlen))
		return -1;
	l->priority = LISPD_DEFAULT_PRIORITY;
	l->weight = LISPD_DEFAULT_WEIGHT;
	l->up = true;
	m->n_loc++;
	return 0;
}

static int unexpected(const char *kw, bool loc, bool excl, char *err,
		      size_t errlen)
{
	static const char *const expected[2][2] = {
		{ "rloc, action, ttl or relay",
		  "rloc, action, ttl, relay or excl" },
		{ "rloc, priority, weight, down, action, ttl or relay",
		  "rloc, priority, weight, down, action, ttl, relay or excl" },
	};

	snprintf(err, errlen, "unexpected \"%s\" (expected %s)", kw,
		 expected[loc][excl]);
	return -1;
}

/* The word after kw, or NULL with "\"kw\" needs what". */
static const char *value(int argc, char *const *argv, int i,
			 const char *what, char *err, size_t errlen)
{
	if (i + 1 < argc)
		return argv[i + 1];
	snprintf(err, errlen, "\"%s\" needs %s", argv[i], what);
	return NULL;
}

/* The keyword at argv[i] and its value: 2 (words taken), 0 if argv[i]
 * is none of these, -1 with a reason.
 */
static int keyword(int argc, char *const *argv, int i, struct lisp_kmap *m,
		   struct lisp_kloc *l, char *err, size_t errlen)
{
	const char *kw = argv[i], *v;
	unsigned long n;

	if (!strcmp(kw, "rloc")) {
		v = value(argc, argv, i, "an address", err, errlen);
		return v && !add_rloc(m, v, err, errlen) ? 2 : -1;
	}
	if (l && (!strcmp(kw, "priority") || !strcmp(kw, "weight"))) {
		v = value(argc, argv, i, "a number (0-255)", err, errlen);
		if (!v || word_uint(kw, v, 0, 255, &n, err, errlen))
			return -1;
		*(kw[0] == 'p' ? &l->priority : &l->weight) = (uint8_t)n;
		return 2;
	}
	if (!strcmp(kw, "action")) {
		v = value(argc, argv, i, "an action", err, errlen);
		return v && !parse_action(v, &m->action, err, errlen) ? 2 : -1;
	}
	if (!strcmp(kw, "ttl")) {
		v = value(argc, argv, i, "seconds", err, errlen);
		if (!v || word_uint(kw, v, 0, UINT32_MAX, &n, err, errlen))
			return -1;
		m->ttl = (uint32_t)n;
		return 2;
	}
	return 0;
}

int map_entry_parse(int argc, char *const *argv, unsigned int flags,
		    struct lisp_kmap *m, bool *excl, char *err, size_t errlen)
{
	bool allow_excl = flags & MAP_ENTRY_EXCL;
	int i, r;

	memset(m, 0, sizeof(*m));
	m->action = LISP_MAP_ENCAP;
	if (allow_excl)
		*excl = false;
	if (argc < 1) {
		snprintf(err, errlen, "expected an EID prefix");
		return -1;
	}
	if (word_prefix(argv[0], flags & MAP_ENTRY_EXACT, &m->eid, &m->plen,
			NULL, err, errlen))
		return -1;
	for (i = 1; i < argc; i += r) {
		struct lisp_kloc *l = m->n_loc ? &m->loc[m->n_loc - 1] : NULL;

		r = 1;
		if (!strcmp(argv[i], "down") && l) {
			l->up = false;
		} else if (!strcmp(argv[i], "relay")) {
			m->flags |= LISP_MAP_F_RELAY;
		} else if (!strcmp(argv[i], "excl")) {
			/* Files (lispd.conf, load) replace entries. */
			if (!allow_excl) {
				snprintf(err, errlen, "\"excl\" has no meaning "
					 "in a file (its entries replace the "
					 "kernel's)");
				return -1;
			}
			*excl = true;
		} else {
			r = keyword(argc, argv, i, m, l, err, errlen);
			if (r < 0)
				return -1;
			if (!r)
				return unexpected(argv[i], l != NULL,
						  allow_excl, err, errlen);
		}
	}
	return 0;
}
