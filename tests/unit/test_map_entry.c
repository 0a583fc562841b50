// SPDX-License-Identifier: GPL-2.0
/*
 * The map-cache entry grammar (agent/lib/map_entry.c) that the command line
 * and lispd.conf share: good entries field by field, every refusal with
 * its exact reason.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "lib/map_entry.h"
#include "tap.h"
#include "lib/word.h"

static struct lisp_kmap m;
static bool excl;
static char err[256];

/* Parse the words of text (blank-separated) with flags. */
static int parse(const char *text, unsigned int flags)
{
	static char buf[4096];
	char *argv[128], *save = NULL, *w;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	for (w = strtok_r(buf, " ", &save); w && argc < 128;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	err[0] = '\0';
	excl = false;
	return map_entry_parse(argc, argv, flags, &m, &excl, err, sizeof(err));
}

static bool addr_is(const struct lisp_kaddr *a, const char *s)
{
	uint8_t b[16] = { 0 };

	if (inet_pton(AF_INET, s, b) == 1)
		return a->family == AF_INET && !memcmp(a->bytes, b, 16);
	if (inet_pton(AF_INET6, s, b) == 1)
		return a->family == AF_INET6 && !memcmp(a->bytes, b, 16);
	return false;
}

static bool loc_is(unsigned int i, const char *addr, unsigned int prio,
		   unsigned int weight, bool up)
{
	const struct lisp_kloc *l = &m.loc[i];

	return i < m.n_loc && addr_is(&l->addr, addr) &&
	       l->priority == prio && l->weight == weight && l->up == up;
}

/* text is refused with exactly want. */
static void refused(const char *text, unsigned int flags, const char *want)
{
	int rc = parse(text, flags);

	TAP_OK(rc == -1 && !strcmp(err, want), "refused: \"%s\" -> \"%s\"",
	       text, err);
}

static void test_good(void)
{
	unsigned int i;

	TAP_OK(!parse("198.51.100.0/24 rloc 192.0.2.1", 0) &&
	       addr_is(&m.eid, "198.51.100.0") && m.plen == 24 &&
	       m.action == LISP_MAP_ENCAP && !m.ttl && m.n_loc == 1 &&
	       loc_is(0, "192.0.2.1", 1, 100, true),
	       "IPv4 entry, locator with defaults (%s)", err);
	TAP_OK(!parse("2001:db8:1::/48 rloc 2001:db8::1 priority 2 weight 30",
		      0) &&
	       addr_is(&m.eid, "2001:db8:1::") && m.plen == 48 &&
	       m.n_loc == 1 && loc_is(0, "2001:db8::1", 2, 30, true),
	       "IPv6 entry with priority and weight (%s)", err);
	TAP_OK(!parse("10.0.0.0/8 rloc 192.0.2.1 weight 50 rloc 2001:db8::2 "
		      "down weight 7 priority 0 rloc 192.0.2.3 ttl 900 excl",
		      MAP_ENTRY_EXCL) &&
	       m.n_loc == 3 && loc_is(0, "192.0.2.1", 1, 50, true) &&
	       loc_is(1, "2001:db8::2", 0, 7, false) &&
	       loc_is(2, "192.0.2.3", 1, 100, true) && m.ttl == 900 && excl,
	       "three locators (mixed families, down), ttl, excl (%s)", err);
	TAP_OK(!parse("10.0.0.0/8 rloc 192.0.2.1", MAP_ENTRY_EXCL) && !excl &&
	       !m.flags, "excl false unless given, and no flags");
	TAP_OK(!parse("10.1.0.5 rloc 192.0.2.2 relay ttl 60", 0) &&
	       m.flags == LISP_MAP_F_RELAY && m.ttl == 60 &&
	       loc_is(0, "192.0.2.2", 1, 100, true),
	       "relay after a locator: the entry's flag (%s)", err);
	TAP_OK(!parse("10.1.2.3 rloc 192.0.2.1", 0) && m.plen == 32 &&
	       !parse("2001:db8::1 rloc 192.0.2.1", 0) && m.plen == 128,
	       "an address alone is a host prefix");
	TAP_OK(!parse("0.0.0.0/0 action use-petr ttl 60", MAP_ENTRY_EXACT) &&
	       m.plen == 0 && m.action == LISP_MAP_USE_PETR && !m.n_loc &&
	       m.ttl == 60, "negative default route with a ttl (%s)", err);
	for (i = 0; i <= LISP_MAP_ACTION_MAX; i++) {
		char text[64];

		snprintf(text, sizeof(text), "10.0.0.0/8 action %s",
			 map_action_name(i));
		TAP_OK(!parse(text, 0) && m.action == i,
		       "action %s is %u", map_action_name(i), i);
	}
	TAP_OK(!strcmp(map_action_name(LISP_MAP_ACTION_MAX + 1), "unknown"),
	       "an unknown action is named \"unknown\"");
	TAP_OK(!parse("198.51.100.0/25", 0) && !m.n_loc &&
	       m.action == LISP_MAP_ENCAP,
	       "no locator and no action: left to the kernel (database)");
	TAP_OK(!parse("10.9.9.9/16 rloc 192.0.2.1", 0) &&
	       addr_is(&m.eid, "10.9.9.9") && m.plen == 16,
	       "host bits kept without MAP_ENTRY_EXACT (the kernel clears)");
	TAP_OK(!parse("10.0.0.0/8 action drop ttl 4294967295", 0) &&
	       m.ttl == 4294967295u, "largest ttl");
}

static void test_refused(void)
{
	char text[1024];
	size_t n;
	int i;

	refused("", 0, "expected an EID prefix");
	refused("ten/8 rloc 192.0.2.1", 0,
		"prefix \"ten/8\": \"ten\" is not an IPv4 or IPv6 address");
	refused("10.0.0.0/33 rloc 192.0.2.1", 0,
		"prefix \"10.0.0.0/33\": length must be 0 to 32");
	refused("10.0.0.0/ rloc 192.0.2.1", 0,
		"prefix \"10.0.0.0/\": length must be 0 to 32");
	refused("10.9.9.9/16 rloc 192.0.2.1", MAP_ENTRY_EXACT,
		"prefix \"10.9.9.9/16\": host bits set (did you mean "
		"10.9.0.0/16?)");
	refused("10.0.0.0/8 rloc", 0, "\"rloc\" needs an address");
	refused("10.0.0.0/8 rloc x", 0,
		"rloc \"x\": not an IPv4 or IPv6 address");
	refused("10.0.0.0/8 rloc 224.0.0.1", 0,
		"rloc \"224.0.0.1\": not a unicast address");
	refused("10.0.0.0/8 rloc ::", 0, "rloc \"::\": not a unicast address");
	refused("10.0.0.0/8 rloc 192.0.2.1 priority", 0,
		"\"priority\" needs a number (0-255)");
	refused("10.0.0.0/8 rloc 192.0.2.1 priority 256", 0,
		"priority \"256\": expected a number from 0 to 255");
	refused("10.0.0.0/8 rloc 192.0.2.1 weight +5", 0,
		"weight \"+5\": expected a number from 0 to 255");
	refused("10.0.0.0/8 action", 0, "\"action\" needs an action");
	refused("10.0.0.0/8 action reject", 0,
		"action \"reject\": expected drop, native-forward, "
		"send-map-request or use-petr");
	refused("10.0.0.0/8 action drop ttl", 0, "\"ttl\" needs seconds");
	refused("10.0.0.0/8 action drop ttl soon", 0,
		"ttl \"soon\": expected a number from 0 to 4294967295");
	refused("10.0.0.0/8 action drop ttl 4294967296", 0,
		"ttl \"4294967296\": expected a number from 0 to 4294967295");
	refused("10.0.0.0/8 rloc 192.0.2.1 excl", 0,
		"\"excl\" has no meaning in a file (its entries replace the kernel's)");
	refused("10.0.0.0/8 down rloc 192.0.2.1", 0,
		"unexpected \"down\" (expected rloc, action, ttl or relay)");
	refused("10.0.0.0/8 action drop weight 3", MAP_ENTRY_EXCL,
		"unexpected \"weight\" (expected rloc, action, ttl, relay or excl)");
	refused("10.0.0.0/8 rloc 192.0.2.1 up", 0,
		"unexpected \"up\" (expected rloc, priority, weight, down, "
		"action, ttl or relay)");
	refused("10.0.0.0/8 rloc 192.0.2.1 up", MAP_ENTRY_EXCL,
		"unexpected \"up\" (expected rloc, priority, weight, down, "
		"action, ttl, relay or excl)");

	/* LISP_MAX_LOCATORS fit; one more does not. */
	n = (size_t)snprintf(text, sizeof(text), "10.0.0.0/8");
	for (i = 1; i <= LISP_MAX_LOCATORS; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      " rloc 192.0.2.%d", i);
	TAP_OK(!parse(text, 0) && m.n_loc == LISP_MAX_LOCATORS,
	       "%d locators (%s)", LISP_MAX_LOCATORS, err);
	snprintf(text + n, sizeof(text) - n, " rloc 192.0.2.%d", i);
	refused(text, 0, "more than 32 locators");
}

/* The prefix word alone, as "map-cache del|show" use it. */
static void test_prefix_word(void)
{
	struct lisp_kaddr a;
	uint8_t plen;
	bool has_plen;

	TAP_OK(!word_prefix("10.1.1.1", false, &a, &plen, &has_plen, err,
			    sizeof(err)) && !has_plen && plen == 32,
	       "an EID alone: no length given, /32");
	TAP_OK(!word_prefix("2001:db8::/32", true, &a, &plen, &has_plen, err,
			    sizeof(err)) && has_plen && plen == 32 &&
	       addr_is(&a, "2001:db8::"), "an IPv6 prefix");
	TAP_OK(word_prefix("2001:db8::1/32", true, &a, &plen, NULL, err,
			   sizeof(err)) &&
	       !strcmp(err, "prefix \"2001:db8::1/32\": host bits set (did "
		       "you mean 2001:db8::/32?)"), "IPv6 host bits: %s", err);
}

int main(void)
{
	test_good();
	test_refused();
	test_prefix_word();
	return tap_done();
}
