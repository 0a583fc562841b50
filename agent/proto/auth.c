// SPDX-License-Identifier: GPL-2.0
/* HMAC authentication of Map-Register / Map-Notify (RFC 9301 5.6). */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "auth.h"
#include "msg.h"
#include "wire.h"

/* Key ID and Algorithm ID bytes, then the 16-bit length. */
#define AUTH_ALG_OFFSET	13
#define AUTH_LEN_OFFSET	14

int lisp_auth_data_len(unsigned int alg)
{
	switch (alg) {
	case LISP_ALG_NONE:
		return 0;
	case LISP_ALG_HMAC_SHA1_96:
		return LISP_AUTH_SHA1_LEN;
	case LISP_ALG_HMAC_SHA256_128:
		return LISP_AUTH_SHA256_LEN;
	default:
		return -LISP_ERR_BAD_ALG;
	}
}

/* OpenSSL's name of the digest under alg, NULL if none. */
static const char *alg_digest(unsigned int alg)
{
	switch (alg) {
	case LISP_ALG_HMAC_SHA1_96:
		return "SHA1";
	case LISP_ALG_HMAC_SHA256_128:
		return "SHA2-256";
	default:
		return NULL;
	}
}

struct span {
	const uint8_t *p;
	size_t n;
};

/*
 * HMAC of the concatenation of n spans, fed to one incremental context
 * so that no span has to be copied next to another.
 */
static int hmac_spans(unsigned int alg, const void *key, size_t key_len,
		      const struct span *s, unsigned int n,
		      uint8_t *out, size_t out_len)
{
	static const uint8_t empty;
	const char *digest = alg_digest(alg);
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *mac;
	size_t got = 0;
	unsigned int i;
	int ok;

	if (!digest)
		return -LISP_ERR_BAD_ALG;
	if (out_len < (size_t)lisp_auth_data_len(alg))
		return -LISP_ERR_NO_SPACE;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac)
		ctx = EVP_MAC_CTX_new(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	/* A NULL key means "keep the previous one": never pass it. */
	ok = ctx && EVP_MAC_init(ctx, key_len ? key : &empty, key_len, params);
	for (i = 0; ok && i < n; i++)
		ok = !s[i].n || EVP_MAC_update(ctx, s[i].p, s[i].n);
	ok = ok && EVP_MAC_final(ctx, out, &got, out_len);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ok ? (int)got : -LISP_ERR_CRYPTO;
}

int lisp_auth_hmac(unsigned int alg, const void *key, size_t key_len,
		   const uint8_t *data, size_t data_len,
		   uint8_t *out, size_t out_len)
{
	const struct span s = { data, data_len };

	return hmac_spans(alg, key, key_len, &s, 1, out, out_len);
}

/* Where the auth data of msg is and how long, after sanity checks. */
static int auth_field(const uint8_t *msg, size_t len, unsigned int *alg,
		      size_t *auth_len)
{
	int type = lisp_msg_type(msg, len);
	int want;

	if (type < 0)
		return type;
	if (type != LISP_MAP_REGISTER && type != LISP_MAP_NOTIFY &&
	    type != LISP_MAP_NOTIFY_ACK)
		return -LISP_ERR_BAD_TYPE;
	if (len < LISP_AUTH_DATA_OFFSET)
		return -LISP_ERR_TRUNCATED;
	*alg = msg[AUTH_ALG_OFFSET];
	*auth_len = get_be16(msg + AUTH_LEN_OFFSET);
	want = lisp_auth_data_len(*alg);
	if (want <= 0)
		return -LISP_ERR_BAD_ALG;	/* "none" authenticates nothing */
	if (*auth_len != (size_t)want)
		return -LISP_ERR_BAD_AUTH_LEN;
	if (len - LISP_AUTH_DATA_OFFSET < *auth_len)
		return -LISP_ERR_TRUNCATED;
	return 0;
}

int lisp_auth_digest(const uint8_t *msg, size_t len,
		      const void *key, size_t key_len,
		      uint8_t *out, size_t out_len)
{
	static const uint8_t zeros[LISP_AUTH_SHA256_LEN];
	struct span s[3];
	unsigned int alg;
	size_t alen;
	int err = auth_field(msg, len, &alg, &alen);

	if (err)
		return err;
	/* auth_field() admits no longer field than the largest digest. */
	s[0] = (struct span){ msg, LISP_AUTH_DATA_OFFSET };
	s[1] = (struct span){ zeros, alen };
	s[2] = (struct span){ msg + LISP_AUTH_DATA_OFFSET + alen,
			      len - LISP_AUTH_DATA_OFFSET - alen };
	return hmac_spans(alg, key, key_len, s, 3, out, out_len);
}

int lisp_auth_sign(uint8_t *msg, size_t len, const void *key, size_t key_len)
{
	uint8_t digest[EVP_MAX_MD_SIZE];
	int n = lisp_auth_digest(msg, len, key, key_len, digest,
				 sizeof(digest));

	if (n < 0)
		return n;
	memcpy(msg + LISP_AUTH_DATA_OFFSET, digest, (size_t)n);
	OPENSSL_cleanse(digest, sizeof(digest));
	return 0;
}

int lisp_auth_verify(const uint8_t *msg, size_t len,
		     const void *key, size_t key_len)
{
	uint8_t digest[EVP_MAX_MD_SIZE];
	int n, err;

	if (len > LISP_AUTH_MSG_MAX)
		return -LISP_ERR_INVALID;
	n = lisp_auth_digest(msg, len, key, key_len, digest, sizeof(digest));
	if (n < 0)
		return n;
	err = CRYPTO_memcmp(digest, msg + LISP_AUTH_DATA_OFFSET, (size_t)n) ?
	      -LISP_ERR_AUTH_FAILED : 0;
	OPENSSL_cleanse(digest, sizeof(digest));
	return err;
}
