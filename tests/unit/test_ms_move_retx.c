// SPDX-License-Identifier: GPL-2.0
/*
 * A move's Map-Notify (issue 12) goes again until its Map-Notify-Ack
 * (RFC 9301 5.7): 3 s apart three times, then after 6, 12 and 24 s,
 * given up 48 s after that; the same message from the same source.  A
 * verified Ack of its nonce stops it, one with another key does not;
 * the old xTR registering the host again stops it too; at most
 * LISP_MS_MAX_MOVE_WAIT wait, the oldest dropped past it.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000

static struct lisp_ms_reg_action act;
static struct lisp_ms_pkt out;
static const char *const site_r[] = { "10.5.0.0/16+", NULL };

/* xTR A has the host; xTR B takes it: act.moved[0] is A's Map-Notify. */
static struct treg xtr_a = {
	.key = "k", .xtr_id = true, .xtr = 1, .own_site = true,
	.rec = { { "10.5.0.7/32", { "192.0.2.1" }, 1440 } },
};
static struct treg xtr_b = {
	.key = "k", .xtr_id = true, .xtr = 2, .own_site = true,
	.rec = { { "10.5.0.7/32", { "198.51.100.1" }, 1440 } },
};

static int reg(struct lisp_ms *ms, const struct treg *r, const char *src,
	       uint64_t now)
{
	return send_treg(ms, r, true, src, now, &act);
}

/* A's host taken by B at now, its Map-Notify sent from local. */
static struct lisp_ms *moved_away(uint64_t now, const struct lisp_ip *local)
{
	struct lisp_ms *ms = lisp_ms_new();

	SITE(ms, "roam", LISP_ALG_HMAC_SHA1_96, "k", site_r);
	if (reg(ms, &xtr_a, "192.0.2.1", now) ||
	    reg(ms, &xtr_b, "198.51.100.1", now) || act.nmoved != 1)
		exit(2);
	lisp_ms_move_wait(ms, &act, local, now);
	return ms;
}

/* The Map-Notify-Ack of act.moved[i], signed with key. */
static size_t ack_of(unsigned int i, const char *key, uint8_t *buf)
{
	size_t n = act.moved[i].len;

	memcpy(buf, act.moved[i].buf, n);
	buf[0] = (uint8_t)((buf[0] & 0x0f) | LISP_MAP_NOTIFY_ACK << 4);
	if (lisp_auth_sign(buf, n, key, strlen(key)))
		exit(2);
	return n;
}

static void schedule(void)
{
	static const uint64_t at[] = { 3000, 6000, 9000, 15000, 27000, 51000 };
	struct lisp_ip local = IP("10.0.0.1"), from;
	struct lisp_ms *ms = moved_away(T0, &local);
	struct lisp_ms_pkt first = act.moved[0];
	unsigned int i, same = 0, sent = 0;
	uint64_t t;
	char when[128] = "";

	TAP_OK(ms->nmove_wait == 1 &&
	       lisp_ms_move_next_ms(ms) == T0 + 3000,
	       "sent once, it waits for its Ack: again at +3 s");
	TAP_OK(!lisp_ms_move_poll(ms, T0 + 2999, &out, &from),
	       "nothing before");
	for (i = 0; i < 6; i++) {
		t = lisp_ms_move_next_ms(ms);
		snprintf(when + strlen(when), sizeof(when) - strlen(when),
			 " %llu", (unsigned long long)(t - T0));
		if (t != T0 + at[i] || lisp_ms_move_poll(ms, t, &out,
							 &from) != 1)
			break;
		sent++;
		same += out.len == first.len &&
			!memcmp(out.buf, first.buf, out.len) &&
			lisp_ip_equal(&out.dst, &first.dst) &&
			out.dport == first.dport &&
			out.sport == LISP_CONTROL_PORT &&
			lisp_ip_equal(&from, &local);
		if (lisp_ms_move_poll(ms, t, &out, &from))
			break;		/* once at a time */
	}
	TAP_OK(sent == 6, "retransmitted at +3, +6, +9, then +15, +27, "
	       "+51 s (ms:%s)", when);
	TAP_OK(same == 6, "each the same Map-Notify, nonce and all, to the "
	       "same address and port, from the address it first went "
	       "from (%u)", same);
	TAP_OK(ms->stats.move_notify_retransmits == 6 &&
	       ms->stats.move_notifies == 1, "counted: 6 retransmissions, "
	       "1 Map-Notify");
	t = lisp_ms_move_next_ms(ms);
	TAP_OK(t == T0 + 99000 && !lisp_ms_move_poll(ms, t, &out, &from) &&
	       ms->stats.move_notify_unacked == 1 && !ms->nmove_wait &&
	       lisp_ms_move_next_ms(ms) == UINT64_MAX,
	       "no Ack 48 s after the last: given up, counted (at +%llu)",
	       (unsigned long long)(t - T0));
	lisp_ms_free(ms);

	ms = moved_away(T0, NULL);
	TAP_OK(lisp_ms_move_poll(ms, T0 + 3000, &out, &from) == 1 &&
	       from.afi == 0, "sent from no address in particular: again "
	       "so");
	lisp_ms_free(ms);
	local = IP("2001:db8::1");
	ms = moved_away(T0, &local);
	TAP_OK(lisp_ms_move_poll(ms, T0 + 3000, &out, &from) == 1 &&
	       from.afi == 0, "... or from an address of another family");
	lisp_ms_free(ms);
}

static void acks(void)
{
	struct lisp_ip xa = IP("192.0.2.1"), from;
	struct lisp_ms *ms = moved_away(T0, NULL);
	uint8_t ack[4096];
	size_t n;

	n = ack_of(0, "wrong", ack);
	TAP_OK(lisp_ms_handle_notify_ack(ms, ack, n, &xa) ==
	       -LISP_MS_ERR_AUTH && ms->stats.notify_acks_bad == 1 &&
	       ms->nmove_wait == 1, "an Ack of its nonce signed with another "
	       "key: refused, it still waits");
	TAP_OK(lisp_ms_move_poll(ms, T0 + 3000, &out, &from) == 1,
	       "... and goes again");
	n = ack_of(0, "k", ack);
	TAP_OK(!lisp_ms_handle_notify_ack(ms, ack, n, &xa) &&
	       ms->stats.notify_acks == 1 && !ms->nmove_wait &&
	       lisp_ms_move_next_ms(ms) == UINT64_MAX &&
	       !lisp_ms_move_poll(ms, T0 + 60000, &out, &from),
	       "its Ack, signed with the site's key: it waits no more");
	TAP_OK(!lisp_ms_handle_notify_ack(ms, ack, n, &xa) &&
	       ms->stats.notify_acks == 2 && ms->stats.notify_acks_bad == 1,
	       "the same Ack again (one per transmission): taken, as an "
	       "issued nonce is");
	ack[4] ^= 0x80;		/* a nonce never issued */
	lisp_auth_sign(ack, n, "k", 1);
	TAP_OK(lisp_ms_handle_notify_ack(ms, ack, n, &xa) ==
	       -LISP_MS_ERR_NOT_FOUND && ms->stats.notify_acks_bad == 2,
	       "an Ack of a nonce never issued: refused");
	lisp_ms_free(ms);
}

static void superseded(void)
{
	struct lisp_ip from;
	int polled;
	struct lisp_ms *ms = moved_away(T0, NULL);

	/* The host comes back to A before A acknowledged. */
	TAP_OK(!reg(ms, &xtr_a, "192.0.2.1", T0 + 1000) &&
	       act.nmoved == 1 && !ms->nmove_wait &&
	       ms->stats.move_notify_superseded == 1,
	       "A registers the host again: its Map-Notify saying it went "
	       "to B waits no more");
	lisp_ms_move_wait(ms, &act, NULL, T0 + 1000);
	memset(&out, 0, sizeof(out));
	polled = lisp_ms_move_poll(ms, T0 + 4000, &out, &from);
	TAP_OK(ms->nmove_wait == 1 && polled == 1 &&
	       !strcmp(ipstr(&out.dst), "198.51.100.1"),
	       "B's, saying it came back to A, waits (%s)", ipstr(&out.dst));
	/* Another host of B's: not B's part of 10.5.0.7/32. */
	xtr_b.rec[0].pfx = "10.5.0.8/32";
	TAP_OK(!reg(ms, &xtr_b, "198.51.100.1", T0 + 2000) &&
	       ms->nmove_wait == 1, "B registering another host stops "
	       "nothing");
	xtr_b.rec[0].pfx = "10.5.0.7/32";
	lisp_ms_free(ms);
}

static void bound(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *site = SITE(ms, "roam", LISP_ALG_HMAC_SHA1_96,
					 "k", site_r);
	struct lisp_ip xa = IP("192.0.2.1");
	struct treg a = xtr_a, b = xtr_b;
	static struct lisp_ms_reg_action first[2];
	unsigned int i, moves = 0;
	uint8_t ack[4096];
	char pfx[32];
	size_t n;

	if (lisp_ms_site_set_max_regs(site, 2 * LISP_MS_MAX_MOVE_WAIT))
		exit(2);
	a.rec[0].pfx = b.rec[0].pfx = pfx;
	for (i = 0; i <= LISP_MS_MAX_MOVE_WAIT; i++) {
		snprintf(pfx, sizeof(pfx), "10.5.%u.%u/32", i / 250,
			 i % 250 + 1);
		if (reg(ms, &a, "192.0.2.1", T0 + i) ||
		    reg(ms, &b, "198.51.100.1", T0 + i))
			break;
		moves += act.nmoved;
		lisp_ms_move_wait(ms, &act, NULL, T0 + i);
		if (i < 2)
			first[i] = act;
	}
	TAP_OK(moves == LISP_MS_MAX_MOVE_WAIT + 1 &&
	       ms->nmove_wait == LISP_MS_MAX_MOVE_WAIT &&
	       ms->stats.move_notify_evicted == 1,
	       "%u moves unacknowledged: %u wait, the oldest dropped "
	       "(counted)", moves, ms->nmove_wait);
	act = first[1];
	n = ack_of(0, "k", ack);
	TAP_OK(!lisp_ms_handle_notify_ack(ms, ack, n, &xa) &&
	       ms->nmove_wait == LISP_MS_MAX_MOVE_WAIT - 1,
	       "the second one's Ack: it waited");
	act = first[0];
	n = ack_of(0, "k", ack);
	TAP_OK(!lisp_ms_handle_notify_ack(ms, ack, n, &xa) &&
	       ms->nmove_wait == LISP_MS_MAX_MOVE_WAIT - 1 &&
	       ms->stats.notify_acks == 2,
	       "the first one's: verified, but it was dropped already");
	lisp_ms_free(ms);
}

int main(void)
{
	schedule();
	acks();
	superseded();
	bound();
	return tap_done();
}
