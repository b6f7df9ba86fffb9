/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Golden wire values: structure sizes and offsets as the virtio spec (legacy
 * split ring) and Linux (remoteproc, virtio_rpmsg_bus) define them, and the
 * bytes our code actually writes to the region. This duplicates the
 * _Static_asserts in the headers on purpose: here they are executable
 * numbers written down independently of the headers' macros.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/amp.h"
#include "amp/layout.h"
#include "amp_test.h"

/* Linux include/uapi/linux/virtio_ring.h vring_size(), written out from the formula. */
static uint32_t linux_vring_used_off(uint32_t num, uint32_t align)
{
	uint32_t desc_and_avail = 16u * num + 2u * (3u + num);

	return (desc_and_avail + align - 1u) / align * align;
}

static uint32_t linux_vring_size(uint32_t num, uint32_t align)
{
	return linux_vring_used_off(num, align) + 2u * 3u + 8u * num;
}

static void vring_structs(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct amp_vring_desc), 16);
	assert_int_equal(offsetof(struct amp_vring_desc, addr), 0);
	assert_int_equal(offsetof(struct amp_vring_desc, len), 8);
	assert_int_equal(offsetof(struct amp_vring_desc, flags), 12);
	assert_int_equal(offsetof(struct amp_vring_desc, next), 14);
	assert_int_equal(sizeof(struct amp_vring_avail), 4);
	assert_int_equal(offsetof(struct amp_vring_avail, flags), 0);
	assert_int_equal(offsetof(struct amp_vring_avail, idx), 2);
	assert_int_equal(offsetof(struct amp_vring_avail, ring), 4);
	assert_int_equal(sizeof(struct amp_vring_used_elem), 8);
	assert_int_equal(offsetof(struct amp_vring_used_elem, id), 0);
	assert_int_equal(offsetof(struct amp_vring_used_elem, len), 4);
	assert_int_equal(sizeof(struct amp_vring_used), 4);
	assert_int_equal(offsetof(struct amp_vring_used, idx), 2);
	assert_int_equal(offsetof(struct amp_vring_used, ring), 4);
	/* virtio 1.x 2.7.5 / 2.7.6 / 2.7.8 and the Linux uapi flag values */
	assert_int_equal(AMP_VRING_DESC_F_NEXT, 1);
	assert_int_equal(AMP_VRING_DESC_F_WRITE, 2);
	assert_int_equal(AMP_VRING_DESC_F_INDIRECT, 4);
	assert_int_equal(AMP_VRING_AVAIL_F_NO_INTERRUPT, 1);
	assert_int_equal(AMP_VRING_USED_F_NO_NOTIFY, 1);
	assert_int_equal(AMP_VIRTIO_S_ACKNOWLEDGE, 1);
	assert_int_equal(AMP_VIRTIO_S_DRIVER, 2);
	assert_int_equal(AMP_VIRTIO_S_DRIVER_OK, 4);
	assert_int_equal(AMP_VIRTIO_S_FEATURES_OK, 8);
	assert_int_equal(AMP_VIRTIO_S_NEEDS_RESET, 0x40);
	assert_int_equal(AMP_VIRTIO_S_FAILED, 0x80);
	assert_int_equal(AMP_VIRTIO_ID_RPMSG, 7);
	assert_int_equal(AMP_VIRTIO_RPMSG_F_NS, 0);
}

static void vring_layout_golden(void **state)
{
	(void)state;
	/* Literal values for the two sizes and alignments that matter. */
	assert_int_equal(AMP_VRING_AVAIL_OFF(16u), 256);
	assert_int_equal(AMP_VRING_USED_OFF(16u, 64u), 320);
	assert_int_equal(AMP_VRING_SIZE(16u, 64u), 454);
	assert_int_equal(AMP_VRING_USED_OFF(16u, 4096u), 4096);
	assert_int_equal(AMP_VRING_SIZE(16u, 4096u), 4230);
	assert_int_equal(AMP_VRING_AVAIL_OFF(256u), 4096);
	assert_int_equal(AMP_VRING_USED_OFF(256u, 64u), 4672);
	assert_int_equal(AMP_VRING_SIZE(256u, 64u), 6726);
	assert_int_equal(AMP_VRING_USED_OFF(256u, 4096u), 8192);
	assert_int_equal(AMP_VRING_SIZE(256u, 4096u), 10246);
}

static void vring_layout_vs_linux_formula(void **state)
{
	uint32_t num, align;

	(void)state;
	for (num = 2; num <= 32768u; num *= 2)
		for (align = 4; align <= 4096u; align *= 2) {
			assert_int_equal(AMP_VRING_USED_OFF(num, align),
					 linux_vring_used_off(num, align));
			assert_int_equal(AMP_VRING_SIZE(num, align), linux_vring_size(num, align));
		}
}

static void rsc_structs(void **state)
{
	(void)state;
	/* struct resource_table: ver, num, reserved[2], offset[] */
	assert_int_equal(sizeof(struct amp_rsc_hdr), 16);
	assert_int_equal(offsetof(struct amp_rsc_hdr, ver), 0);
	assert_int_equal(offsetof(struct amp_rsc_hdr, num), 4);
	assert_int_equal(offsetof(struct amp_rsc_hdr, reserved), 8);
	/* struct fw_rsc_vdev_vring: da, align, num, notifyid, reserved */
	assert_int_equal(sizeof(struct amp_rsc_vring), 20);
	assert_int_equal(offsetof(struct amp_rsc_vring, da), 0);
	assert_int_equal(offsetof(struct amp_rsc_vring, align), 4);
	assert_int_equal(offsetof(struct amp_rsc_vring, num), 8);
	assert_int_equal(offsetof(struct amp_rsc_vring, notifyid), 12);
	assert_int_equal(offsetof(struct amp_rsc_vring, pa), 16);
	/* struct fw_rsc_hdr (type) followed by struct fw_rsc_vdev */
	assert_int_equal(offsetof(struct amp_rsc_vdev, type), 0);
	assert_int_equal(offsetof(struct amp_rsc_vdev, id), 4);
	assert_int_equal(offsetof(struct amp_rsc_vdev, notifyid), 8);
	assert_int_equal(offsetof(struct amp_rsc_vdev, dfeatures), 12);
	assert_int_equal(offsetof(struct amp_rsc_vdev, gfeatures), 16);
	assert_int_equal(offsetof(struct amp_rsc_vdev, config_len), 20);
	assert_int_equal(offsetof(struct amp_rsc_vdev, status), 24);
	assert_int_equal(offsetof(struct amp_rsc_vdev, num_of_vrings), 25);
	assert_int_equal(offsetof(struct amp_rsc_vdev, reserved), 26);
	assert_int_equal(offsetof(struct amp_rsc_vdev, vring), 28);
	assert_int_equal(sizeof(struct amp_rsc_vdev), 68);
	assert_int_equal(offsetof(struct amp_rsc_table, offset), 16);
	assert_int_equal(offsetof(struct amp_rsc_table, vdev), 20);
	assert_int_equal(sizeof(struct amp_rsc_table), 88);
	assert_int_equal(AMP_RSC_STATUS_OFF, 44);
	/* enum fw_resource_type */
	assert_int_equal(AMP_RSC_CARVEOUT, 0);
	assert_int_equal(AMP_RSC_DEVMEM, 1);
	assert_int_equal(AMP_RSC_TRACE, 2);
	assert_int_equal(AMP_RSC_VDEV, 3);
	assert_int_equal(AMP_RSC_VENDOR_START, 128);
	assert_int_equal(AMP_RSC_VENDOR_END, 512);
}

static void rpmsg_structs(void **state)
{
	(void)state;
	/* struct rpmsg_hdr (Linux virtio_rpmsg_bus.c) */
	assert_int_equal(sizeof(struct amp_rpmsg_hdr), 16);
	assert_int_equal(offsetof(struct amp_rpmsg_hdr, src), 0);
	assert_int_equal(offsetof(struct amp_rpmsg_hdr, dst), 4);
	assert_int_equal(offsetof(struct amp_rpmsg_hdr, reserved), 8);
	assert_int_equal(offsetof(struct amp_rpmsg_hdr, len), 12);
	assert_int_equal(offsetof(struct amp_rpmsg_hdr, flags), 14);
	/* struct rpmsg_ns_msg */
	assert_int_equal(sizeof(struct amp_rpmsg_ns_msg), 40);
	assert_int_equal(offsetof(struct amp_rpmsg_ns_msg, name), 0);
	assert_int_equal(offsetof(struct amp_rpmsg_ns_msg, addr), 32);
	assert_int_equal(offsetof(struct amp_rpmsg_ns_msg, flags), 36);
	assert_int_equal(AMP_RPMSG_HDR_SIZE, 16);
	assert_int_equal(AMP_RPMSG_NAME_SIZE, 32);
	assert_int_equal(AMP_RPMSG_NS_ADDR, 0x35);
	assert_int_equal(AMP_RPMSG_ADDR_ANY, 0xFFFFFFFFu);
	assert_int_equal(AMP_RPMSG_RESERVED_ADDRS, 1024);
	assert_int_equal(AMP_RPMSG_NS_CREATE, 0);
	assert_int_equal(AMP_RPMSG_NS_DESTROY, 1);
	assert_int_equal(AMP_RPMSG_PAYLOAD_MAX, AMP_CFG_BUF_SIZE - 16);
}

static void link_block_struct(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct amp_link_block), 128);
	assert_int_equal(offsetof(struct amp_link_block, magic), 0);
	assert_int_equal(offsetof(struct amp_link_block, layout_version), 4);
	assert_int_equal(offsetof(struct amp_link_block, vring_num), 6);
	assert_int_equal(offsetof(struct amp_link_block, shm_size), 8);
	assert_int_equal(offsetof(struct amp_link_block, buf_size), 12);
	assert_int_equal(offsetof(struct amp_link_block, vring_align), 14);
	assert_int_equal(offsetof(struct amp_link_block, vring0_off), 16);
	assert_int_equal(offsetof(struct amp_link_block, vring1_off), 20);
	assert_int_equal(offsetof(struct amp_link_block, pool_off), 24);
	assert_int_equal(offsetof(struct amp_link_block, crc), 28);
	assert_int_equal(offsetof(struct amp_link_block, master_epoch), 32);
	assert_int_equal(offsetof(struct amp_link_block, master_seen_slave), 36);
	/* each side owns whole 64-byte lines */
	assert_int_equal(offsetof(struct amp_link_block, slave_epoch), 64);
	assert_int_equal(offsetof(struct amp_link_block, slave_ack), 68);
	assert_int_equal(AMP_LINK_CRC_LEN, 28);
	assert_int_equal(AMP_LINK_MAGIC, 0x4C504D41u);
}

static void region_layout(void **state)
{
	(void)state;
	assert_int_equal(AMP_SHM_RSC_OFF, 0);
	assert_true(AMP_SHM_RSC_OFF + sizeof(struct amp_rsc_table) <= AMP_SHM_LINK_OFF);
	/* SPEC 3: the link block sits inside the first 1 KiB */
	assert_true(AMP_SHM_LINK_OFF + sizeof(struct amp_link_block) <= 1024u);
	assert_int_equal(AMP_SHM_VRING0_OFF % AMP_CFG_VRING_ALIGN, 0);
	assert_int_equal(AMP_SHM_VRING1_OFF % AMP_CFG_VRING_ALIGN, 0);
	assert_true(AMP_SHM_VRING0_OFF + AMP_VRING_SIZE(AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN) <=
		    AMP_SHM_VRING1_OFF);
	assert_true(AMP_SHM_VRING1_OFF + AMP_VRING_SIZE(AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN) <=
		    AMP_SHM_POOL_OFF);
	assert_int_equal(AMP_SHM_POOL_OFF % AMP_CFG_BUF_SIZE, 0);
	assert_int_equal(AMP_SHM_POOL_SIZE, 2u * AMP_CFG_VRING_NUM * AMP_CFG_BUF_SIZE);
	assert_true(AMP_SHM_LAYOUT_END <= AMP_CFG_SHM_SIZE);
#if AMP_CFG_VRING_NUM == 16 && AMP_CFG_VRING_ALIGN == 64 && AMP_CFG_BUF_SIZE == 512
	/* docs/memory-map.md at the default configuration */
	assert_int_equal(AMP_SHM_LINK_OFF, 0x100);
	assert_int_equal(AMP_SHM_VRING0_OFF, 0x400);
	assert_int_equal(AMP_SHM_VRING1_OFF, 0x600);
	assert_int_equal(AMP_SHM_POOL_OFF, 0x800);
	assert_int_equal(AMP_SHM_LAYOUT_END, 0x4800);
#endif
}

/* ---- bytes the running code writes ---------------------------------------- */

/* The link layer alone: the region holds exactly what the handshake wrote. */
static struct test_pair pr;

static int ls_setup(void **state)
{
	(void)state;
	return test_pair_init(&pr, 1);
}

static int ls_teardown(void **state)
{
	(void)state;
	test_pair_fini(&pr);
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void region_bytes(uint8_t *out, uint32_t off, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		out[i] = pr.ls.shm.region[off + i];
}

#if AMP_CFG_VRING_NUM == 16 && AMP_CFG_VRING_ALIGN == 64 && AMP_CFG_BUF_SIZE == 512 &&             \
    AMP_CFG_SHM_SIZE == 0x10000
static void region_golden_after_handshake(void **state)
{
	/* clang-format off */
	/* The resource table mirror after m.rpmsg_init_vdev, little-endian. */
	static const uint8_t rsc[88] = {
		0x01, 0x00, 0x00, 0x00,  /* ver 1 */
		0x01, 0x00, 0x00, 0x00,  /* num 1 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  /* reserved */
		0x14, 0x00, 0x00, 0x00,  /* offset[0] = 20 */
		0x03, 0x00, 0x00, 0x00,  /* RSC_VDEV */
		0x07, 0x00, 0x00, 0x00,  /* VIRTIO_ID_RPMSG */
		0x02, 0x00, 0x00, 0x00,  /* notifyid */
		0x01, 0x00, 0x00, 0x00,  /* dfeatures: NS */
		0x01, 0x00, 0x00, 0x00,  /* gfeatures: NS */
		0x00, 0x00, 0x00, 0x00,  /* config_len */
		0x0F,                    /* status ACK | DRIVER | FEATURES_OK | DRIVER_OK */
		0x02,                    /* num_of_vrings */
		0x00, 0x00,              /* reserved */
		0x00, 0x04, 0x00, 0x38,  /* vring0 da 0x38000400 */
		0x40, 0x00, 0x00, 0x00,  /*        align 64 */
		0x10, 0x00, 0x00, 0x00,  /*        num 16 */
		0x00, 0x00, 0x00, 0x00,  /*        notifyid 0 */
		0x00, 0x00, 0x00, 0x00,  /*        pa */
		0x00, 0x06, 0x00, 0x38,  /* vring1 da 0x38000600 */
		0x40, 0x00, 0x00, 0x00,
		0x10, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00,  /*        notifyid 1 */
		0x00, 0x00, 0x00, 0x00,
	};
	/* Link block fixed fields; the crc computed independently (zlib.crc32). */
	static const uint8_t blk[32] = {
		0x41, 0x4D, 0x50, 0x4C,  /* magic "AMPL" */
		0x01, 0x00,              /* layout_version 1 */
		0x10, 0x00,              /* vring_num 16 */
		0x00, 0x00, 0x01, 0x00,  /* shm_size 0x10000 */
		0x00, 0x02,              /* buf_size 512 */
		0x40, 0x00,              /* vring_align 64 */
		0x00, 0x04, 0x00, 0x00,  /* vring0_off 0x400 */
		0x00, 0x06, 0x00, 0x00,  /* vring1_off 0x600 */
		0x00, 0x08, 0x00, 0x00,  /* pool_off 0x800 */
		0x26, 0x76, 0xE0, 0x72,  /* crc 0x72E07626 */
	};
	/* clang-format on */
	uint8_t got[128], epoch[4];

	(void)state;
	assert_true(test_pair_handshake(&pr));
	region_bytes(got, AMP_SHM_RSC_OFF, sizeof(rsc));
	assert_memory_equal(got, rsc, sizeof(rsc));
	region_bytes(got, AMP_SHM_LINK_OFF, sizeof(blk));
	assert_memory_equal(got, blk, sizeof(blk));
	/* master epoch 2 after one cold start (odd 1 while initialising) */
	put32(epoch, 2u);
	region_bytes(got, AMP_SHM_LINK_OFF + 32u, 4u);
	assert_memory_equal(got, epoch, 4);
}
#endif

static void vring_bytes_golden(void **state)
{
	struct amp_link *m, *s;
	uint32_t v0 = AMP_SHM_VRING0_OFF, num = AMP_CFG_VRING_NUM;
	uint32_t used = v0 + AMP_VRING_USED_OFF(num, AMP_CFG_VRING_ALIGN);
	uint8_t got[16], want[16];
	uint64_t addr = (uint64_t)AMP_POSIX_SHM_PA + AMP_SHM_POOL_OFF;

	(void)state;
	assert_true(test_pair_handshake(&pr));
	m = &pr.link[AMP_ROLE_MASTER];
	s = &pr.link[AMP_ROLE_SLAVE];
	/* vring0 descriptor 0: the master's first receive buffer, device-writable */
	memset(want, 0, sizeof(want));
	put32(want, (uint32_t)addr);
	put32(want + 4, (uint32_t)(addr >> 32));
	put32(want + 8, AMP_CFG_BUF_SIZE);
	want[12] = AMP_VRING_DESC_F_WRITE;
	region_bytes(got, v0, 16);
	assert_memory_equal(got, want, 16);
	/* the slave filled one buffer (the announcement): used.idx 1 at used+2 */
	region_bytes(got, used, 4);
	assert_int_equal(got[2] | (got[3] << 8), 1);
	/* used elem 0 {id 0, len 16 + 40} at used+4 */
	region_bytes(got, used + 4u, 8);
	memset(want, 0, 8);
	put32(want + 4, AMP_RPMSG_HDR_SIZE + (uint32_t)sizeof(struct amp_rpmsg_ns_msg));
	assert_memory_equal(got, want, 8);
	/* the master re-posted it: avail.idx num + 1 at 16 * num + 2 */
	region_bytes(got, v0 + 16u * num, 4);
	assert_int_equal(got[2] | (got[3] << 8), num + 1u);
	/* the rpmsg header of the announcement in pool buffer 0 */
	region_bytes(got, AMP_SHM_POOL_OFF, 16);
	memset(want, 0, 16);
	put32(want, s->default_ept->addr);
	put32(want + 4, AMP_RPMSG_NS_ADDR);
	want[12] = (uint8_t)sizeof(struct amp_rpmsg_ns_msg);
	assert_memory_equal(got, want, 16);
	region_bytes(got, AMP_SHM_POOL_OFF + 16u, 8);
	assert_memory_equal(got, "default\0", 8);
	assert_int_equal(m->default_ept->dest, s->default_ept->addr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vring_structs),
		cmocka_unit_test(vring_layout_golden),
		cmocka_unit_test(vring_layout_vs_linux_formula),
		cmocka_unit_test(rsc_structs),
		cmocka_unit_test(rpmsg_structs),
		cmocka_unit_test(link_block_struct),
		cmocka_unit_test(region_layout),
#if AMP_CFG_VRING_NUM == 16 && AMP_CFG_VRING_ALIGN == 64 && AMP_CFG_BUF_SIZE == 512 &&             \
    AMP_CFG_SHM_SIZE == 0x10000
		cmocka_unit_test_setup_teardown(region_golden_after_handshake, ls_setup,
						ls_teardown),
#endif
		cmocka_unit_test_setup_teardown(vring_bytes_golden, ls_setup, ls_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
