/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The static endpoint table and the name service. Local addresses are
 * AMP_RPMSG_RESERVED_ADDRS + slot, so a destination address finds its
 * endpoint by index, without a search.
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/trace.h"
#include "rpmsg_internal.h"

static int name_ok(const char *name)
{
	size_t n;

	if (!name)
		return 1;
	for (n = 0; n < AMP_RPMSG_NAME_SIZE; n++)
		if (name[n] == '\0')
			return 1;
	return 0;
}

/* A slot nobody uses whose own address (1024 + slot) nobody took explicitly. */
static int free_slot(struct amp_rpmsg *r)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++)
		if (!r->ept[i].in_use &&
		    !amp_rpmsg_ept_lookup(r, AMP_RPMSG_RESERVED_ADDRS + (uint32_t)i))
			return i;
	return AMP_ENOSPC;
}

static int slot_for(struct amp_rpmsg *r, uint32_t src)
{
	uint32_t home = src - AMP_RPMSG_RESERVED_ADDRS;

	if (src == AMP_RPMSG_ADDR_ANY)
		return free_slot(r);
	/* A static address below 1024 is legal, as in OpenAMP and Linux; the name service's is not.
	 */
	if (src == AMP_RPMSG_NS_ADDR)
		return AMP_EINVAL;
	if (amp_rpmsg_ept_lookup(r, src))
		return AMP_EEXIST;
	/* An address's own slot when it is free: then lookups find it by index. */
	if (home < (uint32_t)AMP_CFG_MAX_EPT && !r->ept[home].in_use)
		return (int)home;
	return free_slot(r);
}

int amp_rpmsg_ept_create(struct amp_rpmsg *r, struct amp_ept **out, const char *name, uint32_t src,
			 uint32_t dst, amp_ept_cb cb, void *priv)
{
	struct amp_ept *e;
	int slot;

	if (!r || !r->port || !out || !cb || !name_ok(name))
		return AMP_EINVAL;
	slot = slot_for(r, src);
	if (slot < 0)
		return slot;
	e = &r->ept[slot];
	memset(e, 0, sizeof(*e));
	if (name)
		strncpy(e->name, name, AMP_RPMSG_NAME_SIZE - 1u);
	e->addr = src == AMP_RPMSG_ADDR_ANY ? AMP_RPMSG_RESERVED_ADDRS + (uint32_t)slot : src;
	e->dest = dst;
	e->dest_fixed = dst != AMP_RPMSG_ADDR_ANY;
	e->cb = cb;
	e->priv = priv;
	e->rdev = r;
	e->in_use = 1;
	*out = e;
	return AMP_OK;
}

struct amp_ept *amp_rpmsg_ept_lookup(struct amp_rpmsg *r, uint32_t addr)
{
	uint32_t slot = addr - AMP_RPMSG_RESERVED_ADDRS;
	int i;

	if (slot < (uint32_t)AMP_CFG_MAX_EPT && r->ept[slot].in_use && r->ept[slot].addr == addr)
		return &r->ept[slot];
	/* Only endpoints created at an explicit address can sit elsewhere. */
	for (i = 0; i < AMP_CFG_MAX_EPT; i++)
		if (r->ept[i].in_use && r->ept[i].addr == addr)
			return &r->ept[i];
	return NULL;
}

struct amp_ept *amp_rpmsg_ept_by_name(struct amp_rpmsg *r, const char *name)
{
	int i;

	if (!r || !name)
		return NULL;
	for (i = 0; i < AMP_CFG_MAX_EPT; i++)
		if (r->ept[i].in_use && !strncmp(r->ept[i].name, name, AMP_RPMSG_NAME_SIZE))
			return &r->ept[i];
	return NULL;
}

int amp_rpmsg_ept_is_bound(const struct amp_ept *ept)
{
	return ept && ept->in_use && ept->dest != AMP_RPMSG_ADDR_ANY;
}

static int ns_send(struct amp_ept *ept, uint32_t flags)
{
	uint8_t msg[sizeof(struct amp_rpmsg_ns_msg)];

	amp_rpmsg_ns_encode(msg, ept->name, ept->addr, flags);
	return amp_rpmsg_send_raw(ept->rdev, ept->addr, AMP_RPMSG_NS_ADDR, msg, sizeof(msg), NULL);
}

int amp_rpmsg_ept_announce(struct amp_ept *ept)
{
	int err;

	if (!ept || !ept->in_use || !ept->name[0])
		return AMP_EINVAL;
	err = ns_send(ept, AMP_RPMSG_NS_CREATE);
	if (err)
		return err;
	ept->announced = 1;
	if (AMP_CFG_TRACE)
		ept->rdev->kick_traced = 1;
	AMP_TRACE_EPT(ept->rdev->port, ept->rdev->role, "register", ept->name);
	amp_rpmsg_kick(ept->rdev);
	return AMP_OK;
}

int amp_rpmsg_ept_destroy(struct amp_ept *ept)
{
	if (!ept || !ept->in_use)
		return AMP_EINVAL;
	if (ept->pinned)
		return AMP_EPERM;
	/*
	 * Best effort: if no buffer is free the peer learns it at the next reset
	 * (the lean slave never says it: docs/integration.md).
	 */
	if (!AMP_CFG_LEAN && ept->announced && ept->rdev->up &&
	    ns_send(ept, AMP_RPMSG_NS_DESTROY) == AMP_OK)
		amp_rpmsg_kick(ept->rdev);
	memset(ept, 0, sizeof(*ept));
	return AMP_OK;
}

void amp_rpmsg_ept_free_all(struct amp_rpmsg *r)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		struct amp_ept *e = &r->ept[i];

		if (!e->in_use)
			continue;
		if (e->unbind)
			e->unbind(e);
		memset(e, 0, sizeof(*e));
	}
}

void amp_rpmsg_ept_unbind_all(struct amp_rpmsg *r)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		struct amp_ept *e = &r->ept[i];

		if (!e->in_use)
			continue;
		e->announced = 0;
		if (e->dest_fixed)
			continue;
		e->dest = AMP_RPMSG_ADDR_ANY;
		if (e->unbind)
			e->unbind(e);
	}
}

int amp_rpmsg_announce_all(struct amp_rpmsg *r)
{
	int i;

	if (!r || !r->port)
		return AMP_EINVAL;
	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		struct amp_ept *e = &r->ept[i];
		int err;

		if (!e->in_use || e->announced || !e->name[0])
			continue;
		err = amp_rpmsg_ept_announce(e);
		if (err)
			return err;
	}
	return AMP_OK;
}

static struct amp_ept *find_unbound(struct amp_rpmsg *r, const char *name)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		struct amp_ept *e = &r->ept[i];

		if (e->in_use && e->dest == AMP_RPMSG_ADDR_ANY &&
		    !strncmp(e->name, name, AMP_RPMSG_NAME_SIZE))
			return e;
	}
	return NULL;
}

static struct amp_ept *find_bound(struct amp_rpmsg *r, const char *name, uint32_t dest)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		struct amp_ept *e = &r->ept[i];

		if (e->in_use && e->dest == dest && !strncmp(e->name, name, AMP_RPMSG_NAME_SIZE))
			return e;
	}
	return NULL;
}

/*
 * A name announced again at another address: the peer's endpoint was
 * created anew (a plain peer that restarted says nothing else). The one
 * endpoint of ours bound to that name follows it, as in OpenAMP.
 */
static struct amp_ept *find_rebind(struct amp_rpmsg *r, const char *name, uint32_t addr)
{
	struct amp_ept *found = NULL;
	int i;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		struct amp_ept *e = &r->ept[i];

		if (!e->in_use || e->dest_fixed || strncmp(e->name, name, AMP_RPMSG_NAME_SIZE))
			continue;
		if (e->dest == addr || found)
			return NULL;
		found = e;
	}
	return found;
}

void amp_rpmsg_ns_receive(struct amp_rpmsg *r, const uint8_t *data, uint32_t len)
{
	struct amp_rpmsg_ns_msg ns;
	struct amp_ept *e;

	if (amp_rpmsg_ns_decode(data, len, &ns)) {
		r->stats.bad_ns++;
		return;
	}
	if (ns.flags == AMP_RPMSG_NS_DESTROY) {
		e = find_bound(r, ns.name, ns.addr);
		if (!e)
			return;
		e->dest = AMP_RPMSG_ADDR_ANY;
		if (e->unbind)
			e->unbind(e);
		return;
	}
	e = find_unbound(r, ns.name);
	if (!e)
		e = find_rebind(r, ns.name, ns.addr);
	if (e) {
		e->dest = ns.addr;
		amp_rpmsg_trace_notified(r);
		AMP_TRACE_EPT(r->port, r->role, "bind", e->name);
	} else if (r->ns_bind && !find_bound(r, ns.name, ns.addr)) {
		r->ns_bind(r, ns.name, ns.addr, r->ns_priv);
	}
}
