// SPDX-License-Identifier: GPL-2.0
/* The hosts of a roaming prefix (agent/dyneid/dyneid.c). */
#include <arpa/inet.h>
#include <string.h>

#include "dyneid/dyneid.h"
#include "tap.h"

static struct lisp_ip ip4(const char *s)
{
	struct lisp_ip ip = { .afi = LISP_AFI_IPV4 };

	inet_pton(AF_INET, s, ip.addr);
	return ip;
}

static struct lisp_ip ip6(const char *s)
{
	struct lisp_ip ip = { .afi = LISP_AFI_IPV6 };

	inet_pton(AF_INET6, s, ip.addr);
	return ip;
}

static void test_detect_and_flap(void)
{
	struct lisp_dyn_table t;
	struct lisp_ip pfx = ip4("10.9.0.0"), h = ip4("10.9.0.10"), out;

	TAP_OK(!lisp_dyn_init(&t, &pfx, 24, 4, 2000), "init");
	TAP_OK(lisp_dyn_event(&t, &h, LISP_DYN_EV_FAILED, 10) ==
	       LISP_DYN_ACT_NONE && !t.nhost,
	       "a failed entry never usable detects nothing");
	TAP_OK(lisp_dyn_event(&t, &h, LISP_DYN_EV_USABLE, 100) ==
	       LISP_DYN_ACT_ADD && t.nhost == 1 && t.stats.detected == 1,
	       "a usable entry detects the host");
	TAP_OK(lisp_dyn_find(&t, &h)->since_ms == 100, "since kept");
	TAP_OK(lisp_dyn_event(&t, &h, LISP_DYN_EV_USABLE, 200) ==
	       LISP_DYN_ACT_NONE && t.stats.detected == 1,
	       "usable again: nothing new");
	TAP_OK(lisp_dyn_next_deadline(&t) == LISP_DYN_NONE,
	       "no deadline while present");
	/* A flap: gone, then back within the hold. */
	lisp_dyn_event(&t, &h, LISP_DYN_EV_GONE, 1000);
	TAP_OK(lisp_dyn_find(&t, &h)->state == LISP_DYN_LEAVING &&
	       lisp_dyn_next_deadline(&t) == 3000, "gone: leaving until +hold");
	TAP_OK(!lisp_dyn_expire_one(&t, 2999, &out), "not before the hold");
	TAP_OK(lisp_dyn_event(&t, &h, LISP_DYN_EV_USABLE, 2500) ==
	       LISP_DYN_ACT_NONE &&
	       lisp_dyn_find(&t, &h)->state == LISP_DYN_PRESENT &&
	       lisp_dyn_next_deadline(&t) == LISP_DYN_NONE,
	       "back within the hold: kept, not detected again");
	TAP_OK(!lisp_dyn_expire_one(&t, 10000, &out) && t.nhost == 1,
	       "a flap withdraws nothing");
	/* Failed after usable, a second failure does not extend the hold. */
	lisp_dyn_event(&t, &h, LISP_DYN_EV_FAILED, 20000);
	lisp_dyn_event(&t, &h, LISP_DYN_EV_GONE, 21000);
	TAP_OK(lisp_dyn_next_deadline(&t) == 22000,
	       "failed after usable: leaving from the first failure");
	TAP_OK(lisp_dyn_expire_one(&t, 22000, &out) &&
	       lisp_ip_equal(&out, &h) && !t.nhost && t.stats.withdrawn == 1,
	       "withdrawn when the hold runs out");
	TAP_OK(!lisp_dyn_expire_one(&t, 22000, &out), "only once");
	TAP_OK(lisp_dyn_event(&t, &h, LISP_DYN_EV_USABLE, 30000) ==
	       LISP_DYN_ACT_ADD && t.stats.detected == 2,
	       "a host that comes back is detected again");
	lisp_dyn_fini(&t);
}

static void test_prefix_and_limit(void)
{
	struct lisp_dyn_table t;
	struct lisp_ip pfx = ip6("fd00:9::"), a, out;
	char s[64];
	unsigned int i;

	TAP_OK(!lisp_dyn_init(&t, &pfx, 64, 3, 0), "init v6");
	a = ip6("fd00:8::10");
	TAP_OK(lisp_dyn_event(&t, &a, LISP_DYN_EV_USABLE, 1) ==
	       LISP_DYN_ACT_NONE && !t.nhost, "outside the prefix: ignored");
	a = ip4("10.9.0.10");
	TAP_OK(lisp_dyn_event(&t, &a, LISP_DYN_EV_USABLE, 1) ==
	       LISP_DYN_ACT_NONE && !t.nhost, "other family: ignored");
	a = ip6("fe80::1");
	TAP_OK(!lisp_dyn_covers(&t, &a), "link-local is not covered");
	for (i = 0; i < 3; i++) {
		snprintf(s, sizeof(s), "fd00:9::%u", i + 1);
		a = ip6(s);
		lisp_dyn_event(&t, &a, LISP_DYN_EV_USABLE, 1);
	}
	TAP_OK(t.nhost == 3, "three hosts");
	a = ip6("fd00:9::99");
	TAP_OK(lisp_dyn_event(&t, &a, LISP_DYN_EV_USABLE, 2) ==
	       LISP_DYN_ACT_REFUSED && t.nhost == 3 &&
	       t.stats.refused_limit == 1, "the fourth is refused");
	TAP_OK(lisp_dyn_event(&t, &a, LISP_DYN_EV_USABLE, 3) ==
	       LISP_DYN_ACT_REFUSED && t.stats.refused_limit == 2,
	       "and counted each time");
	/* Hold 0: withdrawn at the next expiry. */
	a = ip6("fd00:9::2");
	lisp_dyn_event(&t, &a, LISP_DYN_EV_GONE, 5);
	TAP_OK(lisp_dyn_expire_one(&t, 5, &out) && lisp_ip_equal(&out, &a),
	       "hold 0: withdrawn at once");
	a = ip6("fd00:9::99");
	TAP_OK(lisp_dyn_event(&t, &a, LISP_DYN_EV_USABLE, 6) ==
	       LISP_DYN_ACT_ADD, "room again after a withdrawal");
	/* Moved away: out at once, counted apart. */
	a = ip6("fd00:9::1");
	TAP_OK(lisp_dyn_moved_away(&t, &a) && !lisp_dyn_find(&t, &a) &&
	       t.stats.moved_away == 1 && t.stats.withdrawn == 1,
	       "moved away: taken out, counted");
	TAP_OK(!lisp_dyn_moved_away(&t, &a), "moved away twice: no-op");
	i = 0;
	while (lisp_dyn_pop(&t, &out))
		i++;
	TAP_OK(i == 2 && !t.nhost, "pop empties the table");
	lisp_dyn_fini(&t);
	TAP_OK(lisp_dyn_init(&t, &pfx, 64, 0, 0) == -1 &&
	       lisp_dyn_init(&t, &pfx, 64, LISP_DYN_MAX_HOSTS_MAX + 1, 0) == -1,
	       "max-hosts bounds");
}

static void test_resync(void)
{
	struct lisp_dyn_table t;
	struct lisp_ip pfx = ip4("10.9.0.0"), a = ip4("10.9.0.1"),
		       b = ip4("10.9.0.2"), out;

	lisp_dyn_init(&t, &pfx, 24, 8, 1000);
	lisp_dyn_event(&t, &a, LISP_DYN_EV_USABLE, 0);
	lisp_dyn_event(&t, &b, LISP_DYN_EV_USABLE, 0);
	/* Events were lost; the dump shows a only. */
	lisp_dyn_mark(&t);
	lisp_dyn_event(&t, &a, LISP_DYN_EV_USABLE, 100);
	lisp_dyn_sweep(&t, 100);
	TAP_OK(lisp_dyn_find(&t, &a)->state == LISP_DYN_PRESENT &&
	       lisp_dyn_find(&t, &b)->state == LISP_DYN_LEAVING &&
	       lisp_dyn_next_deadline(&t) == 1100,
	       "resync: the host the dump missed is leaving");
	TAP_OK(lisp_dyn_expire_one(&t, 1100, &out) && lisp_ip_equal(&out, &b),
	       "and withdrawn after the hold");
	lisp_dyn_fini(&t);
}

int main(void)
{
	test_resync();
	test_detect_and_flap();
	test_prefix_and_limit();
	return tap_done();
}
