// SPDX-License-Identifier: GPL-2.0
/*
 * UDP tunnel sockets: one IPv4 and one IPv6 socket per (underlay netns,
 * port), shared by every lisp device that is up on that port.  Received
 * packets are matched to a device by instance-id in recv.c.
 */

#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/netns/generic.h>
#include <net/udp_tunnel.h>

#include "lisp.h"

/*
 * An ICMP error quoting a packet we sent (from a flow-hashed source port
 * to the LISP port) finds this socket by its destination port; accepting
 * it lets the stack apply "fragmentation needed" / "packet too big" to
 * the route towards the RLOC.  Without this, path MTU discovery on the
 * underlay does not work past the first hop.
 */
static int lisp_udp_encap_err_lookup(struct sock *sk, struct sk_buff *skb)
{
	struct lisp_sock *ls = rcu_dereference_sk_user_data(sk);

	return ls && READ_ONCE(ls->users) ? 0 : -ENOENT;
}

static struct socket *lisp_sock_open(struct net *net, int family,
				     struct lisp_sock *ls)
{
	/* The socket finds the shared state, and through it the devices. */
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data = ls,
		.encap_type = 1,
		.encap_rcv = lisp_udp_encap_recv,
		.encap_err_lookup = lisp_udp_encap_err_lookup,
		.gro_receive = lisp_gro_receive,
		.gro_complete = lisp_gro_complete,
	};
	struct udp_port_cfg cfg = {
		.family = family,
		.local_udp_port = htons(ls->port),
		/* Peers may send IPv6 with a zero UDP checksum (RFC 6935). */
		.use_udp6_rx_checksums = false,
		.ipv6_v6only = 1,
	};
	struct socket *sock;
	int err;

	err = udp_sock_create(net, &cfg, &sock);
	if (err)
		return ERR_PTR(err);
	udp_allow_gso(sock->sk);
	lisp_compat_setup_udp_tunnel_sock(net, sock, &tcfg);
	return sock;
}

static void lisp_sock_free(struct lisp_sock *ls)
{
	if (ls->sock4)
		lisp_compat_udp_tunnel_sock_release(ls->sock4);
	if (ls->sock6)
		lisp_compat_udp_tunnel_sock_release(ls->sock6);
	kfree_rcu(ls, rcu);
}

static struct lisp_sock *lisp_sock_create(struct net *net, u16 port)
{
	struct lisp_sock *ls;

	ls = kzalloc(sizeof(*ls), GFP_KERNEL);
	if (!ls)
		return ERR_PTR(-ENOMEM);
	hash_init(ls->devs);
	ls->port = port;
	ls->sock4 = lisp_sock_open(net, AF_INET, ls);
	if (IS_ERR(ls->sock4)) {
		int err = PTR_ERR(ls->sock4);

		kfree(ls);
		return ERR_PTR(err);
	}
	if (ipv6_mod_enabled()) {
		ls->sock6 = lisp_sock_open(net, AF_INET6, ls);
		if (IS_ERR(ls->sock6)) {
			int err = PTR_ERR(ls->sock6);

			ls->sock6 = NULL;
			lisp_sock_free(ls);
			return ERR_PTR(err);
		}
	}
	return ls;
}

/* ndo_open: join (or open) the sockets of the device's underlay and port. */
int lisp_sock_attach(struct lisp_dev *ldev)
{
	struct lisp_net *ln = net_generic(ldev->net, lisp_net_id);
	struct lisp_sock *ls;

	ASSERT_RTNL();
	list_for_each_entry(ls, &ln->socks, list)
		if (ls->port == ldev->cfg.port)
			goto found;
	ls = lisp_sock_create(ldev->net, ldev->cfg.port);
	if (IS_ERR(ls)) {
		netdev_err(ldev->dev, "cannot open UDP port %u: %pe\n",
			   ldev->cfg.port, ls);
		return PTR_ERR(ls);
	}
	list_add(&ls->list, &ln->socks);
found:
	WRITE_ONCE(ls->users, ls->users + 1);
	hash_add_rcu(ls->devs, &ldev->sock_node, lisp_dev_iid_key(&ldev->cfg));
	rcu_assign_pointer(ldev->sock, ls);
	return 0;
}

/*
 * ndo_stop: leave the sockets; the last device closes them.  Receivers
 * still running may see @ls (freed after a grace period) with one device
 * fewer, or with none, and then drop.
 */
void lisp_sock_detach(struct lisp_dev *ldev)
{
	struct lisp_sock *ls = rtnl_dereference(ldev->sock);

	if (!ls)
		return;
	RCU_INIT_POINTER(ldev->sock, NULL);
	hash_del_rcu(&ldev->sock_node);
	WRITE_ONCE(ls->users, ls->users - 1);
	if (ls->users)
		return;
	list_del(&ls->list);
	lisp_sock_free(ls);
}
