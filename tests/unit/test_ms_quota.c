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

static uint8_t buf[8192];
static struct lisp_ms_reg_action ract;

static const char *const site_a[] = { "10.0.0.0/8+", NULL };
static const char *const site_b[] = { "192.168.0.0/16+", NULL };

/* One Map-Register of n host prefixes from first (10.x.y.z order). */
static int reg_hosts(struct lisp_ms *ms, const char *key, uint32_t first,
		     unsigned int n, uint32_t ttl, uint64_t now)
{
	static struct lisp_map_register m;
	static uint64_t nonce = 1;
	struct lisp_ip src = IP("192.0.2.1");
	struct lisp_record *rec;
	uint8_t a[4];
	unsigned int i;
	int len;

	memset(&m, 0, sizeof(m));
	m.type = LISP_MAP_REGISTER;
	m.nonce = nonce++;
	m.alg_id = LISP_ALG_HMAC_SHA1_96;
	m.auth_len = (uint16_t)lisp_auth_data_len(m.alg_id);
	for (i = 0; i < n; i++) {
		rec = &m.rec[m.nrec++];
		a[0] = (uint8_t)(first >> 24);
		a[1] = (uint8_t)(first >> 16);
		a[2] = (uint8_t)(first >> 8);
		a[3] = (uint8_t)first;
		first++;
		lisp_addr_set_ipv4(&rec->eid, a);
		rec->eid_mask_len = 32;
		rec->ttl = ttl;
		rec->nloc = 1;
		rec->loc[0].priority = 1;
		rec->loc[0].weight = 100;
		rec->loc[0].reachable = true;
		rec->loc[0].addr = A("192.0.2.1");
	}
	len = lisp_map_register_write(&m, buf, sizeof(buf));
	if (len < 0 || lisp_auth_sign(buf, (size_t)len, key, strlen(key)))
		exit(2);
	return lisp_ms_handle_register(ms, buf, (size_t)len, &src, 4342, now,
				       &ract);
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
	for (i = 0; i < 4096 / LISP_MAX_RECORDS; i++)
		ok += !reg_hosts(ms, "ka", NET10 + i * LISP_MAX_RECORDS,
				 LISP_MAX_RECORDS, 10, T0);
	TAP_OK(ok == 4096 / LISP_MAX_RECORDS && a->nreg == 4096,
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
	TAP_OK(reg_hosts(ms, "ka", NET10, LISP_MAX_RECORDS, 10, T0 + 1) == 0,
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
