/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent has three address types, each where its format is:
 *
 *   struct lisp_kaddr  kernel/kernel.h  family (AF_INET, AF_INET6) and
 *                                       16 bytes, as lisp.ko's genl API
 *                                       carries it
 *   struct lisp_ip     proto/addr.h     AFI (1, 2) and 16 bytes: one
 *                                       address of a control message
 *   struct lisp_addr   proto/addr.h     an EID or RLOC field: a lisp_ip,
 *                                       an Instance-ID or AFI-List LCAF
 *
 * Conversions between the first two, and the kernel form's equality and
 * text, are here; the others' are in proto/addr.h.  Pure.
 */
#ifndef LISPD_LIB_ADDR_H
#define LISPD_LIB_ADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/kernel.h"
#include "proto/addr.h"

/* An IPv4 or IPv6 lisp_ip to the kernel's form. */
void lispd_ip_to_kaddr(const struct lisp_ip *ip, struct lisp_kaddr *k);
/* The kernel's form to a lisp_ip; a family neither IPv4 nor IPv6 (a
 * miss without a source) gives LISP_AFI_NONE.
 */
void lispd_kaddr_to_ip(const struct lisp_kaddr *k, struct lisp_ip *ip);
/* A sockaddr (AF_INET, AF_INET6) to a lisp_ip; false for other families. */
struct sockaddr;
bool lispd_sockaddr_to_ip(const struct sockaddr *sa, struct lisp_ip *ip);
bool lispd_kaddr_equal(const struct lisp_kaddr *a, const struct lisp_kaddr *b);
/* "192.0.2.1", "2001:db8::1" (buf of INET6_ADDRSTRLEN); returns buf. */
const char *lispd_kaddr_str(const struct lisp_kaddr *k, char *buf, size_t len);

#endif /* LISPD_LIB_ADDR_H */
