/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The slave's startup reader against whatever the region holds: the input
 * scrambles the resource table mirror and the link block, then interleaves
 * slave polls with further writes anywhere in the first 2 KiB (mirror,
 * block, rings), clock ticks and doorbells.
 *
 * Checked after every poll:
 *  - the slave attaches only if, at that moment, the bytes are a valid
 *    block (magic, version, geometry, crc computed here independently), the
 *    master epoch is even, DRIVER_OK is set and the mirror names our rings;
 *  - while the master epoch is odd the slave neither writes the rings nor
 *    does cache maintenance on the rings or the pool (its reads of shared
 *    data always come after an invalidate, so this also covers its reads);
 *  - every cache operation stays inside the region (fuzz_common.c).
 */
#include <stdio.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/link.h"
#include "amp/rsc.h"
#include "amp/crc.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "fuzz_common.h"

#define SCRAMBLE_END 0x800u

enum op {
	OP_POLL,
	OP_POLL_N,
	OP_WRITE32,
	OP_BULK,
	OP_FIX_CRC,
	OP_CLOCK,
	OP_BELL,
	OP_COUNT,
};

static uint32_t rd32(const volatile uint8_t *p)
{
	return amp_rd32(p);
}

/* What a valid block is, written out again here rather than trusted from link_block.c. */
static int block_valid(const volatile uint8_t *shm)
{
	const volatile uint8_t *b = shm + AMP_SHM_LINK_OFF;
	uint8_t fixed[AMP_LINK_CRC_LEN];
	uint32_t i;

	for (i = 0; i < sizeof(fixed); i++)
		fixed[i] = b[i];
	return rd32(b) == AMP_LINK_MAGIC && amp_rd16(b + 4) == AMP_LAYOUT_VERSION &&
	       amp_rd16(b + 6) == AMP_CFG_VRING_NUM && rd32(b + 8) == fz_region_size() &&
	       amp_rd16(b + 12) == AMP_CFG_BUF_SIZE && amp_rd16(b + 14) == AMP_CFG_VRING_ALIGN &&
	       rd32(b + 16) == AMP_SHM_VRING0_OFF && rd32(b + 20) == AMP_SHM_VRING1_OFF &&
	       rd32(b + 24) == AMP_SHM_POOL_OFF &&
	       rd32(b + 28) == amp_crc32(0, fixed, sizeof(fixed));
}

static void check_attach(const struct amp_link *l, const volatile uint8_t *shm)
{
	const volatile struct amp_link_block *b = l->blk;
	uint8_t table[sizeof(struct amp_rsc_table)];
	struct amp_rsc_info info;
	uint32_t e = amp_rd32(&b->master_epoch), i;

	FZ_ASSERT(block_valid(shm));
	FZ_ASSERT(!(e & 1u) && e == l->epoch);
	FZ_ASSERT(amp_rd32(&b->slave_ack) == e);
	for (i = 0; i < sizeof(table); i++)
		table[i] = shm[AMP_SHM_RSC_OFF + i];
	FZ_ASSERT(shm[AMP_SHM_RSC_OFF + AMP_RSC_STATUS_OFF] & AMP_VIRTIO_S_DRIVER_OK);
	FZ_ASSERT(amp_rsc_validate(table, sizeof(table), &info, NULL) == AMP_OK);
	FZ_ASSERT(info.vring[0].da == FZ_SHM_PA + AMP_SHM_VRING0_OFF);
	FZ_ASSERT(info.vring[1].da == FZ_SHM_PA + AMP_SHM_VRING1_OFF);
}

static void poll_checked(struct amp_link *l, struct fz_port *fp)
{
	static uint8_t rings[AMP_SHM_POOL_OFF - AMP_SHM_VRING0_OFF];
	const volatile uint8_t *shm = fp->port.shm;
	uint8_t before = l->state;
	int odd = amp_rd32(&l->blk->master_epoch) & 1u;

	if (odd) {
		memcpy(rings, (const void *)(uintptr_t)(shm + AMP_SHM_VRING0_OFF), sizeof(rings));
		fp->forbid_off = AMP_SHM_VRING0_OFF;
		fp->forbid_len = AMP_SHM_LAYOUT_END - AMP_SHM_VRING0_OFF;
	}
	FZ_ASSERT(amp_link_poll(l) >= 0);
	fp->forbid_len = 0;
	if (odd)
		FZ_ASSERT(!memcmp(rings, (const void *)(uintptr_t)(shm + AMP_SHM_VRING0_OFF),
				  sizeof(rings)));
	if (before == AMP_LS_INIT_VDEV && l->state > AMP_LS_INIT_VDEV)
		check_attach(l, shm);
	if (l->state > AMP_LS_INIT_VDEV)
		FZ_ASSERT(!(l->epoch & 1u));
}

static void write_bytes(volatile uint8_t *shm, uint32_t off, const uint8_t *src, size_t n)
{
	if (off >= SCRAMBLE_END)
		return;
	if (n > SCRAMBLE_END - off)
		n = SCRAMBLE_END - off;
	memcpy((void *)(uintptr_t)(shm + off), src, n);
}

static void run(struct amp_link *l, struct fz_port *fp, uint32_t *now, struct fz_in *in)
{
	volatile uint8_t *shm = fp->port.shm;
	volatile struct amp_link_block *b = l->blk;

	while (in->n) {
		uint32_t i, n, off;

		switch ((enum op)(fz_u8(in) % OP_COUNT)) {
		case OP_POLL:
			poll_checked(l, fp);
			break;
		case OP_POLL_N:
			n = fz_u8(in) % 32u;
			for (i = 0; i < n; i++)
				poll_checked(l, fp);
			break;
		case OP_WRITE32:
			off = (fz_u16(in) % SCRAMBLE_END) & ~3u;
			amp_wr32(shm + off, fz_u32(in));
			break;
		case OP_BULK:
			fz_write_bulk(in, shm, SCRAMBLE_END);
			break;
		case OP_FIX_CRC:
			/* A master that changed the fixed fields and rewrote the crc. */
			amp_wr32(&b->crc, amp_link_block_crc(b));
			break;
		case OP_CLOCK:
			*now += fz_u8(in);
			break;
		case OP_BELL:
			fp->bell = 1;
			break;
		case OP_COUNT:
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_port fp;
	static struct amp_link link;
	static uint32_t now;
	struct fz_in in = {data, size};
	uint8_t tmp[sizeof(struct amp_rsc_table) + sizeof(struct amp_link_block)];
	size_t n;

	fz_region_fill(0);
	now = 0;
	fz_port_init(&fp, AMP_ROLE_SLAVE, &now);
	/* The scramble: resource table mirror at 0, link block at AMP_SHM_LINK_OFF. */
	n = fz_bytes(&in, tmp, sizeof(tmp));
	write_bytes(fp.port.shm, AMP_SHM_RSC_OFF, tmp,
		    n < sizeof(struct amp_rsc_table) ? n : sizeof(struct amp_rsc_table));
	if (n > sizeof(struct amp_rsc_table))
		write_bytes(fp.port.shm, AMP_SHM_LINK_OFF, tmp + sizeof(struct amp_rsc_table),
			    n - sizeof(struct amp_rsc_table));
	if (amp_link_init(&link, &fp.port, AMP_ROLE_SLAVE))
		fz_fail(__FILE__, __LINE__, "amp_link_init");
	run(&link, &fp, &now, &in);
	if (fz_verbose())
		fprintf(stderr, "link: state %u epoch %u bad block %u rsc %u torn %u; tx seen %u\n",
			link.state, link.epoch, link.stats.bad_block, link.stats.bad_rsc,
			link.stats.torn_reads, link.rpmsg.tx.last_seen);
	return 0;
}
