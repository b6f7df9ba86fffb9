/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Name-service messages from a hostile peer, delivered to an endpoint table
 * the input also shapes (endpoints bound and unbound, created and destroyed,
 * a bind callback that creates endpoints, unbind callbacks that destroy
 * them). Each message is handed over in a buffer of exactly its length (ASan
 * sees any read past it). After every step the table must still be sane:
 * names terminated, local addresses unique and outside the reserved range,
 * peer addresses either unbound or valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/rpmsg.h"
#include "fuzz_common.h"
#include "rpmsg/rpmsg_internal.h"

enum op {
	OP_NS_MSG,
	OP_CREATE,
	OP_DESTROY,
	OP_FREE_ALL,
	OP_COUNT,
};

static const char *const names[] = {
    "default", "rpmsg-tty", "oacs", "e", "0123456789abcdef0123456789abcde", "",
};

static uint8_t bind_creates; /* the ns_bind callback creates the endpoint it is told of */

static int rx_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)src;
	(void)priv;
	return 0;
}

static void unbind_destroy(struct amp_ept *ept)
{
	amp_rpmsg_ept_destroy(ept);
}

static void ns_bind(struct amp_rpmsg *r, const char *name, uint32_t addr, void *priv)
{
	struct amp_ept *e;

	(void)priv;
	FZ_ASSERT(name && memchr(name, '\0', AMP_RPMSG_NAME_SIZE));
	/* static addresses below 1024 are legal; the name service's own and ANY are not */
	FZ_ASSERT(addr != AMP_RPMSG_NS_ADDR && addr != AMP_RPMSG_ADDR_ANY);
	if (bind_creates)
		(void)amp_rpmsg_ept_create(r, &e, name, AMP_RPMSG_ADDR_ANY, addr, rx_cb, NULL);
}

static void check_table(const struct amp_rpmsg *r)
{
	int i, j;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		const struct amp_ept *e = &r->ept[i];

		if (!e->in_use)
			continue;
		FZ_ASSERT(memchr(e->name, '\0', sizeof(e->name)));
		FZ_ASSERT(e->addr >= AMP_RPMSG_RESERVED_ADDRS && e->addr != AMP_RPMSG_ADDR_ANY);
		FZ_ASSERT(e->dest != AMP_RPMSG_NS_ADDR);
		FZ_ASSERT(e->rdev == r && e->cb);
		for (j = i + 1; j < AMP_CFG_MAX_EPT; j++)
			FZ_ASSERT(!r->ept[j].in_use || r->ept[j].addr != e->addr);
	}
}

/* The codec alone: what it accepts is well formed and survives a round trip. */
static void check_codec(const uint8_t *msg, uint32_t len)
{
	struct amp_rpmsg_ns_msg ns, again;
	uint8_t enc[sizeof(struct amp_rpmsg_ns_msg)];

	if (amp_rpmsg_ns_decode(msg, len, &ns))
		return;
	FZ_ASSERT(len == sizeof(struct amp_rpmsg_ns_msg));
	FZ_ASSERT(ns.name[0] && memchr(ns.name, '\0', sizeof(ns.name)));
	FZ_ASSERT(ns.flags <= AMP_RPMSG_NS_DESTROY);
	FZ_ASSERT(ns.addr != AMP_RPMSG_NS_ADDR && ns.addr != AMP_RPMSG_ADDR_ANY);
	amp_rpmsg_ns_encode(enc, ns.name, ns.addr, ns.flags);
	FZ_ASSERT(amp_rpmsg_ns_decode(enc, sizeof(enc), &again) == AMP_OK);
	FZ_ASSERT(!strcmp(ns.name, again.name) && ns.addr == again.addr && ns.flags == again.flags);
}

static void deliver(struct amp_rpmsg *r, struct fz_in *in)
{
	uint8_t len = fz_u8(in);
	uint8_t *msg = malloc(len ? len : 1u);

	if (!msg)
		return;
	len = (uint8_t)fz_bytes(in, msg, len);
	check_codec(msg, len);
	amp_rpmsg_ns_receive(r, msg, len);
	free(msg);
}

static void create(struct amp_rpmsg *r, struct fz_in *in)
{
	uint8_t how = fz_u8(in);
	const char *name = names[fz_u8(in) % (sizeof(names) / sizeof(names[0]))];
	uint32_t src = (how & 1u) ? AMP_RPMSG_ADDR_ANY : AMP_RPMSG_RESERVED_ADDRS + fz_u8(in);
	uint32_t dst = (how & 2u) ? AMP_RPMSG_ADDR_ANY : AMP_RPMSG_RESERVED_ADDRS + fz_u16(in);
	struct amp_ept *e;

	if (amp_rpmsg_ept_create(r, &e, name, src, dst, rx_cb, NULL) == AMP_OK && (how & 4u))
		e->unbind = unbind_destroy;
}

static void run(struct amp_rpmsg *r, struct fz_in *in)
{
	while (in->n) {
		switch ((enum op)(fz_u8(in) % OP_COUNT)) {
		case OP_NS_MSG:
			deliver(r, in);
			break;
		case OP_CREATE:
			create(r, in);
			break;
		case OP_DESTROY:
			amp_rpmsg_ept_destroy(&r->ept[fz_u8(in) % AMP_CFG_MAX_EPT]);
			break;
		case OP_FREE_ALL:
			amp_rpmsg_detach(r);
			break;
		case OP_COUNT:
			break;
		}
		check_table(r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_port fp;
	static struct amp_rpmsg r;
	static uint32_t now;
	struct fz_in in = {data, size};
	uint8_t setup = fz_u8(&in);

	fz_port_init(&fp, (setup & 1u) ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER, &now);
	amp_rpmsg_init(&r, &fp.port, fp.role);
	bind_creates = (setup & 2u) != 0;
	amp_rpmsg_set_ns_bind_cb(&r, ns_bind, NULL);
	run(&r, &in);
	if (fz_verbose()) {
		int i;

		fprintf(stderr, "ns: bad %u;", r.stats.bad_ns);
		for (i = 0; i < AMP_CFG_MAX_EPT; i++)
			if (r.ept[i].in_use)
				fprintf(stderr, " %s@%u->%d", r.ept[i].name, r.ept[i].addr,
					(int)r.ept[i].dest);
		fprintf(stderr, "\n");
	}
	return 0;
}
