// SPDX-License-Identifier: GPL-2.0
/*
 * lisp.ko: Locator/ID Separation Protocol (RFC 9300) tunnel device.
 * Module init/exit and per-netns state.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "lisp.h"

unsigned int lisp_net_id __read_mostly;
struct workqueue_struct *lisp_wq;

static int __net_init lisp_net_init(struct net *net)
{
	struct lisp_net *ln = net_generic(net, lisp_net_id);

	INIT_LIST_HEAD(&ln->devs);
	INIT_LIST_HEAD(&ln->socks);
	ln->stats = netdev_alloc_pcpu_stats(struct lisp_pcpu_stats);
	return ln->stats ? 0 : -ENOMEM;
}

static void __net_exit lisp_net_exit_batch(struct list_head *net_list)
{
	struct net *net;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list)
		lisp_net_destroy_devs(net, &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();
	/* Their route caches go before the netns's routes do. */
	lisp_mc_wait_peers_freed();
	/*
	 * The sockets are closed, but a receiver that found one may still
	 * be counting a packet no device took.
	 */
	synchronize_rcu();
	list_for_each_entry(net, net_list, exit_list)
		free_percpu(((struct lisp_net *)net_generic(net,
							    lisp_net_id))->stats);
}

static struct pernet_operations lisp_net_ops = {
	.init		= lisp_net_init,
	.exit_batch	= lisp_net_exit_batch,
	.id		= &lisp_net_id,
	.size		= sizeof(struct lisp_net),
};

static void lisp_wq_destroy(void)
{
	/* Peers are freed by work queued from RCU callbacks. */
	rcu_barrier();
	destroy_workqueue(lisp_wq);
}

static int __init lisp_init(void)
{
	int err;

	/*
	 * Nothing here needs the CPU that queued it; 7.x warns when a
	 * workqueue says neither WQ_PERCPU nor WQ_UNBOUND.
	 */
	lisp_wq = alloc_workqueue("lisp", WQ_UNBOUND, 0);
	if (!lisp_wq)
		return -ENOMEM;
	err = register_pernet_subsys(&lisp_net_ops);
	if (err)
		goto err_wq;
	err = rtnl_link_register(&lisp_link_ops);
	if (err)
		goto err_pernet;
	err = genl_register_family(&lisp_genl_family);
	if (err)
		goto err_link;
	pr_info("LISP (RFC 9300) data plane loaded\n");
	return 0;

err_link:
	rtnl_link_unregister(&lisp_link_ops);
err_pernet:
	unregister_pernet_subsys(&lisp_net_ops);
err_wq:
	lisp_wq_destroy();
	return err;
}

static void __exit lisp_exit(void)
{
	genl_unregister_family(&lisp_genl_family);
	/* Deletes every lisp device in every netns. */
	rtnl_link_unregister(&lisp_link_ops);
	unregister_pernet_subsys(&lisp_net_ops);
	lisp_wq_destroy();
}

module_init(lisp_init);
module_exit(lisp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Locator/ID Separation Protocol (LISP) tunnel device");
MODULE_VERSION(LISP_MODULE_VERSION);
MODULE_ALIAS_RTNL_LINK("lisp");
MODULE_ALIAS_GENL_FAMILY(LISP_GENL_NAME);
