// SPDX-License-Identifier: GPL-2.0
/* HMAC authentication of Map-Register / Map-Notify (RFC 9301 5.6). */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

static const EVP_MD *alg_md(unsigned int alg)
{
	switch (alg) {
	case LISP_ALG_HMAC_SHA1_96:
		return EVP_sha1();
	case LISP_ALG_HMAC_SHA256_128:
		return EVP_sha256();
	default:
		return NULL;
	}
}

int lisp_auth_hmac(unsigned int alg, const void *key, size_t key_len,
		   const uint8_t *data, size_t data_len,
		   uint8_t *out, size_t out_len)
{
	static const uint8_t empty;
	const EVP_MD *md = alg_md(alg);
	unsigned int n = 0;

	if (!md)
		return -LISP_ERR_BAD_ALG;
	if (out_len < (size_t)EVP_MD_size(md))
		return -LISP_ERR_NO_SPACE;
	if (key_len > INT32_MAX)
		return -LISP_ERR_INVALID;
	/* HMAC() wants non-NULL pointers even for empty inputs. */
	if (!HMAC(md, key_len ? key : &empty, (int)key_len,
		  data_len ? data : &empty, data_len, out, &n))
		return -LISP_ERR_CRYPTO;
	return (int)n;
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

int lisp_auth_sign(uint8_t *msg, size_t len, const void *key, size_t key_len)
{
	uint8_t digest[EVP_MAX_MD_SIZE];
	unsigned int alg;
	size_t alen;
	int n, err = auth_field(msg, len, &alg, &alen);

	if (err)
		return err;
	memset(msg + LISP_AUTH_DATA_OFFSET, 0, alen);
	n = lisp_auth_hmac(alg, key, key_len, msg, len, digest, sizeof(digest));
	if (n < 0)
		return n;
	memcpy(msg + LISP_AUTH_DATA_OFFSET, digest, alen);
	OPENSSL_cleanse(digest, sizeof(digest));
	return 0;
}

int lisp_auth_verify(const uint8_t *msg, size_t len,
		     const void *key, size_t key_len)
{
	uint8_t copy[LISP_AUTH_MSG_MAX], digest[EVP_MAX_MD_SIZE];
	unsigned int alg;
	size_t alen;
	int n, err = auth_field(msg, len, &alg, &alen);

	if (err)
		return err;
	if (len > sizeof(copy))
		return -LISP_ERR_INVALID;
	/* HMAC() is one-shot: hash a copy with the auth data zeroed. */
	memcpy(copy, msg, len);
	memset(copy + LISP_AUTH_DATA_OFFSET, 0, alen);
	n = lisp_auth_hmac(alg, key, key_len, copy, len, digest,
			   sizeof(digest));
	if (n < 0)
		return n;
	err = CRYPTO_memcmp(digest, msg + LISP_AUTH_DATA_OFFSET, alen) ?
	      -LISP_ERR_AUTH_FAILED : 0;
	OPENSSL_cleanse(digest, sizeof(digest));
	return err;
}
