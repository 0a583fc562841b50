// SPDX-License-Identifier: GPL-2.0
/*
 * Authentication: the HMAC primitive against RFC 2202 (HMAC-SHA-1) and
 * RFC 4231 (HMAC-SHA-256) test vectors, then signing and verifying
 * Map-Register / Map-Notify messages, including a Map-Register sent by
 * Open Overlay Router with key "password", and the digest computed in
 * place against OpenSSL's one-shot HMAC() of a zeroed copy.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "proto/auth.h"
#include "proto/msg.h"
#include "tap.h"

struct hmac_vec {
	const char *name;
	unsigned int alg;
	uint8_t key_byte;	/* key is key_len copies of key_byte ... */
	size_t key_len;
	const char *key;	/* ... unless this is set */
	uint8_t data_byte;	/* data likewise */
	size_t data_len;
	const char *data;
	const char *digest;
};

static const char big_key_data[] =
	"This is a test using a larger than block-size key and a larger "
	"than block-size data. The key needs to be hashed before being "
	"used by the HMAC algorithm.";

static const struct hmac_vec hmac_vecs[] = {
	{ "RFC 2202 1", LISP_ALG_HMAC_SHA1_96, 0x0b, 20, NULL, 0, 0,
	  "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ "RFC 2202 2", LISP_ALG_HMAC_SHA1_96, 0, 4, "Jefe", 0, 0,
	  "what do ya want for nothing?",
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
	{ "RFC 2202 3", LISP_ALG_HMAC_SHA1_96, 0xaa, 20, NULL, 0xdd, 50, NULL,
	  "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
	{ "RFC 2202 4", LISP_ALG_HMAC_SHA1_96, 0, 25, "seq", 0xcd, 50, NULL,
	  "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
	{ "RFC 2202 5", LISP_ALG_HMAC_SHA1_96, 0x0c, 20, NULL, 0, 0,
	  "Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04" },
	{ "RFC 2202 6", LISP_ALG_HMAC_SHA1_96, 0xaa, 80, NULL, 0, 0,
	  "Test Using Larger Than Block-Size Key - Hash Key First",
	  "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
	{ "RFC 2202 7", LISP_ALG_HMAC_SHA1_96, 0xaa, 80, NULL, 0, 0,
	  "Test Using Larger Than Block-Size Key and Larger Than One "
	  "Block-Size Data", "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
	{ "RFC 4231 1", LISP_ALG_HMAC_SHA256_128, 0x0b, 20, NULL, 0, 0,
	  "Hi There",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ "RFC 4231 2", LISP_ALG_HMAC_SHA256_128, 0, 4, "Jefe", 0, 0,
	  "what do ya want for nothing?",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ "RFC 4231 3", LISP_ALG_HMAC_SHA256_128, 0xaa, 20, NULL, 0xdd, 50,
	  NULL,
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
	{ "RFC 4231 4", LISP_ALG_HMAC_SHA256_128, 0, 25, "seq", 0xcd, 50, NULL,
	  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
	{ "RFC 4231 6", LISP_ALG_HMAC_SHA256_128, 0xaa, 131, NULL, 0, 0,
	  "Test Using Larger Than Block-Size Key - Hash Key First",
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	{ "RFC 4231 7", LISP_ALG_HMAC_SHA256_128, 0xaa, 131, NULL, 0, 0,
	  big_key_data,
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
};

static void hex(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

static void check_hmac(const struct hmac_vec *v)
{
	uint8_t key[200], data[200], md[64];
	char got[129];
	size_t i, dlen;
	int n;

	for (i = 0; i < v->key_len; i++)	/* "seq" is 0x01..0x19 */
		key[i] = v->key && !strcmp(v->key, "seq") ? (uint8_t)(i + 1) :
			 v->key ? (uint8_t)v->key[i] : v->key_byte;
	if (v->data) {
		dlen = strlen(v->data);
		memcpy(data, v->data, dlen);
	} else {
		dlen = v->data_len;
		memset(data, v->data_byte, dlen);
	}
	n = lisp_auth_hmac(v->alg, key, v->key_len, data, dlen, md, sizeof(md));
	TAP_OK(n == lisp_auth_data_len(v->alg), "%s: digest length %d",
	       v->name, n);
	hex(md, n > 0 ? (size_t)n : 0, got);
	TAP_OK(!strcmp(got, v->digest), "%s: %s", v->name, got);
}

/* Map-Register from OOR (xTR 192.0.2.1, 198.51.100.0/25), key "password". */
static const uint8_t oor_reg[] = {
	0x30, 0x00, 0x01, 0x01, 0x4f, 0xbf, 0xe7, 0x7f, 0x61, 0xe1, 0xbf, 0x4e,
	0x00, 0x01, 0x00, 0x14, 0x64, 0xcd, 0x1b, 0x37, 0x29, 0x20, 0x97, 0xe8,
	0xc4, 0x72, 0x39, 0x6e, 0x0c, 0x09, 0x30, 0x2b, 0x20, 0x9a, 0xe0, 0xea,
	0x00, 0x00, 0x00, 0x0a, 0x01, 0x19, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xc6, 0x33, 0x64, 0x00, 0x01, 0x64, 0xff, 0x00, 0x00, 0x05, 0x00, 0x01,
	0xc0, 0x00, 0x02, 0x01,
};

static const char key[] = "password";

/* Well below the 64 KiB message the old verification copied on its stack. */
#define SMALL_STACK	(48 * 1024)

static void check_oor(void)
{
	uint8_t b[sizeof(oor_reg)];
	size_t i;

	TAP_OK(lisp_auth_verify(oor_reg, sizeof(oor_reg), key, 8) == 0,
	       "OOR Map-Register verifies with \"password\"");
	TAP_OK(lisp_auth_verify(oor_reg, sizeof(oor_reg), "passwore", 8) ==
	       -LISP_ERR_AUTH_FAILED, "and fails with \"passwore\"");
	TAP_OK(lisp_auth_verify(oor_reg, sizeof(oor_reg), key, 7) ==
	       -LISP_ERR_AUTH_FAILED, "and fails with \"passwor\"");
	memcpy(b, oor_reg, sizeof(b));
	TAP_OK(lisp_auth_sign(b, sizeof(b), key, 8) == 0 &&
	       !memcmp(b, oor_reg, sizeof(b)),
	       "signing reproduces OOR's authentication data");
	/* Any single-bit change anywhere must be caught. */
	for (i = 0; i < sizeof(b) * 8; i++) {
		memcpy(b, oor_reg, sizeof(b));
		b[i / 8] ^= (uint8_t)(1 << (i % 8));
		if (lisp_auth_verify(b, sizeof(b), key, 8) == 0)
			break;
	}
	TAP_OK(i == sizeof(b) * 8, "every bit flip is caught (first missed %zu)",
	       i);
	for (i = 0; i < sizeof(oor_reg); i++) {
		if (lisp_auth_verify(oor_reg, i, key, 8) == 0)
			break;
	}
	TAP_OK(i == sizeof(oor_reg), "every truncation fails verification");
}

static struct lisp_map_register m;

static void check_sign_verify(unsigned int alg, uint8_t type)
{
	uint8_t buf[256];
	int n;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.want_notify = type == LISP_MAP_REGISTER;
	m.nonce = 0x1122334455667788ULL;
	m.key_id = 1;
	m.alg_id = (uint8_t)alg;
	m.auth_len = (uint16_t)lisp_auth_data_len(alg);
	m.nrec = 1;
	lisp_prefix_from_str("[9]2001:db8:9::/48", &m.rec[0].eid,
			     &(unsigned int){ 0 });
	m.rec[0].eid_mask_len = 48;
	m.rec[0].nloc = 1;
	lisp_addr_from_str("192.0.2.9", &m.rec[0].loc[0].addr);
	n = type == LISP_MAP_REGISTER ? lisp_map_register_write(&m, buf, 256) :
					lisp_map_notify_write(&m, buf, 256);
	TAP_OK(n > 0 && lisp_auth_sign(buf, (size_t)n, "k3y", 3) == 0,
	       "%s alg %u: signed", lisp_msg_type_str(type), alg);
	TAP_OK(lisp_auth_verify(buf, (size_t)n, "k3y", 3) == 0,
	       "%s alg %u: verifies", lisp_msg_type_str(type), alg);
	TAP_OK(lisp_auth_verify(buf, (size_t)n, "k3Y", 3) ==
	       -LISP_ERR_AUTH_FAILED, "%s alg %u: wrong key fails",
	       lisp_msg_type_str(type), alg);
	buf[n - 1] ^= 0x01;
	TAP_OK(lisp_auth_verify(buf, (size_t)n, "k3y", 3) ==
	       -LISP_ERR_AUTH_FAILED, "%s alg %u: changed locator fails",
	       lisp_msg_type_str(type), alg);
}

static void check_errors(void)
{
	uint8_t b[sizeof(oor_reg)];
	uint8_t md[64];

	memcpy(b, oor_reg, sizeof(b));
	b[13] = LISP_ALG_NONE;
	TAP_OK(lisp_auth_verify(b, sizeof(b), key, 8) == -LISP_ERR_BAD_ALG,
	       "algorithm none never verifies");
	b[13] = 3;
	TAP_OK(lisp_auth_verify(b, sizeof(b), key, 8) == -LISP_ERR_BAD_ALG,
	       "algorithm 3 is not supported");
	TAP_OK(lisp_auth_sign(b, sizeof(b), key, 8) == -LISP_ERR_BAD_ALG,
	       "nor signed");
	memcpy(b, oor_reg, sizeof(b));
	b[13] = LISP_ALG_HMAC_SHA256_128;	/* 20 bytes for a 32-byte MAC */
	TAP_OK(lisp_auth_verify(b, sizeof(b), key, 8) == -LISP_ERR_BAD_AUTH_LEN,
	       "auth length must match the algorithm");
	memcpy(b, oor_reg, sizeof(b));
	b[0] = 0x20;
	TAP_OK(lisp_auth_verify(b, sizeof(b), key, 8) == -LISP_ERR_BAD_TYPE,
	       "a Map-Reply has no authentication");
	TAP_OK(lisp_auth_data_len(LISP_ALG_HMAC_SHA1_96) == 20 &&
	       lisp_auth_data_len(LISP_ALG_HMAC_SHA256_128) == 32 &&
	       lisp_auth_data_len(LISP_ALG_NONE) == 0 &&
	       lisp_auth_data_len(7) == -LISP_ERR_BAD_ALG, "data lengths");
	TAP_OK(lisp_auth_hmac(LISP_ALG_HMAC_SHA256_128, key, 8, b, 4, md, 31) ==
	       -LISP_ERR_NO_SPACE, "HMAC output buffer too small");
	TAP_OK(lisp_auth_hmac(LISP_ALG_HMAC_SHA1_96, NULL, 0, NULL, 0, md, 20)
	       == 20, "HMAC of nothing under an empty key");
}

/*
 * The old way: copy, zero the authentication data, one-shot HMAC().
 * Returns the digest length, 0 if the message has no valid field.
 */
static unsigned int oneshot(const uint8_t *msg, size_t len, const void *k,
			    size_t klen, uint8_t *md)
{
	static uint8_t copy[LISP_AUTH_MSG_MAX];
	unsigned int n = 0, alg;
	size_t alen;

	if (len < LISP_AUTH_DATA_OFFSET || len > sizeof(copy))
		return 0;
	alg = msg[13];
	alen = (size_t)msg[14] << 8 | msg[15];
	if (lisp_auth_data_len(alg) <= 0 ||
	    alen != (size_t)lisp_auth_data_len(alg) ||
	    len - LISP_AUTH_DATA_OFFSET < alen)
		return 0;
	memcpy(copy, msg, len);
	memset(copy + LISP_AUTH_DATA_OFFSET, 0, alen);
	if (!HMAC(alg == LISP_ALG_HMAC_SHA1_96 ? EVP_sha1() : EVP_sha256(),
		  klen ? k : "", (int)klen, copy, len, md, &n))
		return 0;
	return n;
}

/* lisp_auth_digest() of msg equals the one-shot HMAC of a zeroed copy. */
static bool digest_same(const uint8_t *msg, size_t len, const void *k,
			size_t klen)
{
	uint8_t want[EVP_MAX_MD_SIZE], got[EVP_MAX_MD_SIZE];
	unsigned int n = oneshot(msg, len, k, klen, want);
	int r = lisp_auth_digest(msg, len, k, klen, got, sizeof(got));

	return n && r == (int)n && !memcmp(got, want, n);
}

static uint8_t big[LISP_AUTH_MSG_MAX];

/* A header with Algorithm ID alg and a field of its length, then junk. */
static void big_msg(unsigned int alg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		big[i] = (uint8_t)(i * 131 + 7);
	big[0] = LISP_MAP_REGISTER << 4;
	big[13] = (uint8_t)alg;
	big[14] = 0;
	big[15] = (uint8_t)lisp_auth_data_len(alg);
}

static void check_incremental(void)
{
	/* Bytes after the field; the last means "up to 64 KiB". */
	static const size_t tails[] = { 0, 1, 63, 64, 65, 1000, SIZE_MAX };
	uint8_t b[sizeof(oor_reg)], md[64];
	size_t i, ok, hdr, len;
	unsigned int alg;

	TAP_OK(digest_same(oor_reg, sizeof(oor_reg), key, 8),
	       "OOR Map-Register: in-place digest = HMAC of a zeroed copy");
	TAP_OK(lisp_auth_digest(oor_reg, sizeof(oor_reg), key, 8, md,
				sizeof(md)) == 20 &&
	       !memcmp(md, oor_reg + LISP_AUTH_DATA_OFFSET, 20),
	       "and equals its authentication data");
	memcpy(b, oor_reg, sizeof(b));
	memset(b + LISP_AUTH_DATA_OFFSET, 0xff, 20);
	TAP_OK(digest_same(b, sizeof(b), key, 8) &&
	       lisp_auth_digest(b, sizeof(b), key, 8, md, sizeof(md)) == 20 &&
	       !memcmp(md, oor_reg + LISP_AUTH_DATA_OFFSET, 20),
	       "whatever the field holds, it hashes as zeros");
	TAP_OK(digest_same(oor_reg, sizeof(oor_reg), "", 0),
	       "empty key: same digest");
	for (alg = LISP_ALG_HMAC_SHA1_96; alg <= LISP_ALG_HMAC_SHA256_128;
	     alg++) {
		hdr = LISP_AUTH_DATA_OFFSET + (size_t)lisp_auth_data_len(alg);
		ok = 0;
		for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
			len = tails[i] < sizeof(big) - hdr ? hdr + tails[i] :
							     sizeof(big);
			big_msg(alg, len);
			ok += digest_same(big, len, "k", 1);
		}
		TAP_OK(ok == i, "alg %u: same digest for %zu message sizes up "
		       "to %zu bytes (%zu agree)", alg, i, sizeof(big), ok);
	}
	TAP_OK(lisp_auth_digest(oor_reg, LISP_AUTH_DATA_OFFSET + 19, key, 8,
				md, sizeof(md)) == -LISP_ERR_TRUNCATED,
	       "a truncated field is refused");
	TAP_OK(lisp_auth_digest(oor_reg, sizeof(oor_reg), key, 8, md, 19) ==
	       -LISP_ERR_NO_SPACE, "digest buffer too small");
}

/* Verification must not need a message-sized stack buffer. */
static void *verify_thread(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)lisp_auth_verify(oor_reg, sizeof(oor_reg),
						  key, 8);
}

/*
 * Run it on a stack of SMALL_STACK bytes with an inaccessible region
 * below, so that a frame larger than the stack faults instead of
 * silently writing into whatever happens to be mapped there.
 */
static void check_small_stack(void)
{
	const size_t below = 256 * 1024;
	pthread_attr_t attr;
	void *ret = (void *)1;
	bool ran = false;
	pthread_t t;
	char *mem;

	mem = mmap(NULL, below + SMALL_STACK, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem != MAP_FAILED &&
	    !mprotect(mem + below, SMALL_STACK, PROT_READ | PROT_WRITE)) {
		pthread_attr_init(&attr);
		pthread_attr_setstack(&attr, mem + below, SMALL_STACK);
		ran = !pthread_create(&t, &attr, verify_thread, NULL) &&
		      !pthread_join(t, &ret);
		pthread_attr_destroy(&attr);
	}
	TAP_OK(ran && !ret, "verifies on a %u KiB thread stack",
	       SMALL_STACK / 1024);
	if (mem != MAP_FAILED)
		munmap(mem, below + SMALL_STACK);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(hmac_vecs) / sizeof(hmac_vecs[0]); i++)
		check_hmac(&hmac_vecs[i]);
	check_oor();
	check_sign_verify(LISP_ALG_HMAC_SHA1_96, LISP_MAP_REGISTER);
	check_sign_verify(LISP_ALG_HMAC_SHA256_128, LISP_MAP_REGISTER);
	check_sign_verify(LISP_ALG_HMAC_SHA1_96, LISP_MAP_NOTIFY);
	check_sign_verify(LISP_ALG_HMAC_SHA256_128, LISP_MAP_NOTIFY_ACK);
	check_errors();
	check_incremental();
	check_small_stack();
	return tap_done();
}
