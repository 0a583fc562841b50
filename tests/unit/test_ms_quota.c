// SPDX-License-Identifier: GPL-2.0
/*
 * Per-site quota (issue 11, item 7): a site registers at most its
 * max-registrations prefixes (LISP_MS_SITE_MAX_REGS by default), so that
 * one accept-more-specifics site cannot fill the Map-Server's table
 * (LISP_MS_MAX_REGS) with /32s and lock every other site out.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000

static uint8_t buf[4096];
static struct lisp_ms_reg_action ract;

static const char *const site_a[] = { "10.0.0.0/8+", NULL };
static const char *const site_b[] = { "192.168.0.0/16+", NULL };

/* One Map-Register of n (at most 4) /32s from the address first. */
static int reg_hosts(struct lisp_ms *ms, const char *key, uint32_t first,
		     unsigned int n, uint32_t ttl, uint64_t now)
{
	struct lisp_ip src = IP("192.0.2.1");
	struct treg t = { .key = key };
	char pfx[4][32];
	unsigned int i;
	uint32_t a;
	size_t len;

	for (i = 0; i < n; i++) {
		a = first + i;
		snprintf(pfx[i], sizeof(pfx[i]), "%u.%u.%u.%u/32", a >> 24,
			 a >> 16 & 255, a >> 8 & 255, a & 255);
		t.rec[i] = (struct treg_rec){ pfx[i], { "192.0.2.1" }, ttl };
	}
	len = build_fresh(&t, buf, sizeof(buf));
	return lisp_ms_handle_register(ms, buf, len, &src, 4342, now, &ract);
}

#define NET10	0x0a000000u
#define NET192	0xc0a80000u

/* One site with /32s up to the default quota, then one more. */
static void default_quota(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a, *b;
	unsigned int i, ok = 0;
	int err;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "ka", site_a);
	b = SITE(ms, "b", LISP_ALG_HMAC_SHA1_96, "kb", site_b);
	for (i = 0; i < 4096 / 4; i++)
		ok += !reg_hosts(ms, "ka", NET10 + i * 4, 4, 10, T0);
	TAP_OK(ok == 4096 / 4 && a->nreg == 4096,
	       "site a registers 4096 /32s (%u)", a->nreg);
	err = reg_hosts(ms, "ka", NET10 + 4096, 1, 10, T0);
	TAP_OK(err == -LISP_MS_ERR_OVER_QUOTA && a->nreg == 4096 &&
	       ms->stats.rejected[LISP_MS_REJ_OVER_QUOTA] == 1 &&
	       a->stats.over_quota == 1 &&
	       !strcmp(lisp_ms_reject_str(LISP_MS_REJ_OVER_QUOTA),
		       "over-quota"), "the 4097th: refused as over-quota, "
	       "counted for the site (%s)", lisp_ms_strerror(err));
	TAP_OK(reg_hosts(ms, "kb", NET192 + 1, 1, 10, T0) == 0 &&
	       b->nreg == 1, "site b still registers");
	TAP_OK(reg_hosts(ms, "ka", NET10, 4, 10, T0 + 1) == 0,
	       "site a at its quota still refreshes what it has");
	lisp_ms_free(ms);
}

static void set_quota(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a;
	int err;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "ka", site_a);
	TAP_OK(a->max_regs == LISP_MS_SITE_MAX_REGS &&
	       LISP_MS_SITE_MAX_REGS == 4096, "default: %u a site",
	       LISP_MS_SITE_MAX_REGS);
	TAP_OK(lisp_ms_site_set_max_regs(a, 0) == -LISP_ERR_INVALID &&
	       lisp_ms_site_set_max_regs(a, LISP_MS_MAX_REGS + 1) ==
	       -LISP_ERR_INVALID && lisp_ms_site_set_max_regs(a, 3) == 0 &&
	       a->max_regs == 3, "set to 3 (0 and more than %u refused)",
	       LISP_MS_MAX_REGS);
	TAP_OK(reg_hosts(ms, "ka", NET10, 2, 10, T0) == 0 && a->nreg == 2,
	       "two /32s");
	err = reg_hosts(ms, "ka", NET10 + 2, 2, 10, T0);
	TAP_OK(err == -LISP_MS_ERR_OVER_QUOTA && a->nreg == 2,
	       "a Map-Register with two more: refused as a whole");
	TAP_OK(reg_hosts(ms, "ka", NET10 + 2, 1, 10, T0) == 0 && a->nreg == 3,
	       "one more fits");
	TAP_OK(reg_hosts(ms, "ka", NET10, 1, 0, T0) == 0 && a->nreg == 2 &&
	       reg_hosts(ms, "ka", NET10 + 9, 1, 10, T0) == 0,
	       "a TTL 0 makes room again");
	TAP_OK(lisp_ms_site_set_max_regs(a, 1) == 0 && a->nreg == 3 &&
	       reg_hosts(ms, "ka", NET10 + 1, 1, 10, T0 + 1) == 0 &&
	       reg_hosts(ms, "ka", NET10 + 20, 1, 10, T0 + 1) ==
	       -LISP_MS_ERR_OVER_QUOTA, "lowered below what it has: those "
	       "stay and are refreshed, nothing new");
	lisp_ms_free(ms);
}

int main(void)
{
	default_quota();
	set_quota();
	return tap_done();
}
