/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An amplink slave (full stack, plain peer) under a master that follows Linux
 * remoteproc and virtio_rpmsg_bus (linux_master.c): the table in the slave's
 * loaded image (not in the shared region), vrings allocated by the master,
 * features negotiated, 512-byte buffers, half RX half TX.
 *   linux_master       one start, the status order and features, echoes checked
 *                      byte for byte against Linux's own checks (used length,
 *                      name service, ring ids)
 *   linux_restart_100  100 x (stop, start) with fresh vrings each time, the
 *                      slave rebooted with its image, or left running and
 *                      polling while stopped, or left running without a
 *                      poll between stop and start (in turn): it comes up
 *                      and announces "echo" exactly once every time
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "interop_util.h"
#include "linux_master.h"

#define LX_NUM	 16u
#define LX_ALIGN 16u

static struct amp_posix_shm shm;
static struct amp_posix_port pp;
static struct amp amp;
static struct amp_ept *ept;
static struct lx_master lx;
/*
 * The firmware's table, and the slave's loaded image of it: its
 * .resource_table lives in its own memory, not in the shared region.
 */
static union {
	struct iu_rsc rsc;
	uint8_t bytes[LX_TABLE_MAX];
} image, loaded;
static uint32_t table_size;
static struct iu_echo_q q;

static int echo_cb(struct amp_ept *e, void *data, size_t len, uint32_t src, void *priv)
{
	(void)priv;
	if (q.count || amp_rpmsg_try_sendto(e, src, data, len) == AMP_ENOBUFS) {
		uint32_t i = (q.head + q.count) % IU_QUEUE;

		if (q.count == IU_QUEUE) {
			q.overflow++;
			return 0;
		}
		q.ept[i] = e;
		q.dst[i] = src;
		q.len[i] = (uint32_t)len;
		memcpy(q.data[i], data, len);
		q.count++;
	}
	return 0;
}

static void flush(void)
{
	while (q.count) {
		uint32_t i = q.head;

		if (amp_rpmsg_try_sendto(q.ept[i], q.dst[i], q.data[i], q.len[i]) == AMP_ENOBUFS)
			return;
		q.head = (q.head + 1u) % IU_QUEUE;
		q.count--;
	}
}

/* The slave boots: its image's table is what remoteproc loads; the stack starts on it. */
static void slave_boot(void)
{
	struct amp_config cfg = {AMP_ROLE_SLAVE, AMP_PEER_PLAIN, 0u};

	amp_posix_port_init(&pp, &shm, AMP_ROLE_SLAVE);
	pp.port.rsc = loaded.bytes;
	pp.port.rsc_size = table_size;
	assert_int_equal(amp_init_config(&amp, &pp.port, &cfg), 0);
	ept = NULL;
	memset(&q, 0, sizeof(q));
}

static int poll_both(void)
{
	int work = amp_poll(&amp);

	if (!ept || !ept->in_use) {
		ept = NULL;
		if (amp_rpmsg_ept_create(amp_rpmsg(&amp), &ept, "echo", AMP_RPMSG_ADDR_ANY,
					 AMP_RPMSG_ADDR_ANY, echo_cb, NULL))
			ept = NULL;
	}
	flush();
	return (work > 0 ? work : 0) + lx_poll(&lx);
}

/* Who runs besides the model: the amplink slave, or the OpenAMP remote that checks the model. */
static int (*peer_poll)(void) = poll_both;

static struct lx_ept *wait_channel(void)
{
	uint32_t idle = 0;
	struct lx_ept *e;

	while (!(e = lx_ept_by_name(&lx, "echo")) && idle < IU_IDLE_LIMIT)
		idle = peer_poll() ? 0 : idle + 1;
	return e;
}

/* Linux sends, the slave echoes to the sender, Linux checks every byte. */
static void echo(struct lx_ept *e, uint32_t total, uint32_t window)
{
	uint8_t buf[LX_BUF_SIZE];
	uint32_t sent = 0, got = 0, bad = 0, idle = 0;
	struct oa_msg m;

	while (got < total && idle < IU_IDLE_LIMIT) {
		int work = peer_poll();

		if (sent < total && sent - got < window) {
			uint32_t len = iu_make_msg(buf, LX_BUF_SIZE - 16u, sent);

			if (lx_send(&lx, e, buf, len) == 0) {
				sent++;
				work++;
			}
		}
		while (lx_ept_pop(e, &m)) {
			bad +=
			    !iu_check_msg(m.data, m.len, got, LX_BUF_SIZE - 16u) || m.src != e->dst;
			got++;
			work++;
		}
		idle = work ? 0 : idle + 1;
	}
	assert_int_equal(bad, 0);
	assert_int_equal(got, total);
}

static void check_linux_saw_nothing_wrong(void)
{
	assert_int_equal(lx.too_big, 0);
	assert_int_equal(lx.bad_used, 0);
	assert_int_equal(lx.no_recipient, 0);
	assert_int_equal(lx.ns_bad, 0);
	assert_int_equal(q.overflow, 0);
}

/* The region, and the image's table (already in image.bytes, table_size bytes) loaded. */
static void setup_table(void)
{
	assert_int_equal(amp_posix_shm_anon(&shm, IU_SHM_SIZE), 0);
	amp_posix_shm_scramble(&shm, iu_salt);
	loaded = image; /* the loader put the image in the slave's memory */
	assert_int_equal(
	    lx_init(&lx, &shm, AMP_POSIX_SHM_PA, loaded.bytes, image.bytes, table_size), 0);
}

/* The usual table: one rpmsg vdev, vrings left to the master. */
static void setup(void)
{
	memset(&image, 0, sizeof(image));
	iu_rsc_init(&image.rsc, FW_RSC_U32_ADDR_ANY, FW_RSC_U32_ADDR_ANY, LX_NUM, LX_ALIGN);
	table_size = (uint32_t)sizeof(image.rsc);
	setup_table();
}

static void linux_master(void **state)
{
	static const uint8_t order[] = {0, 1, 3, 0xB, 0xF};
	struct lx_ept *e;

	(void)state;
	setup();
	slave_boot();
	assert_int_equal(lx_start(&lx, 0x1000u), 0);
	e = wait_channel();
	assert_non_null(e);
	assert_int_equal(lx.status_writes, sizeof(order));
	assert_memory_equal(lx.status_log, order, sizeof(order));
	assert_int_equal(lx_loaded_vdev(&lx)->gfeatures, 1u << VIRTIO_RPMSG_F_NS);
	assert_int_equal(lx.num_bufs, 2u * LX_NUM);
	assert_true(e->src >= 1024u);
	assert_int_equal(amp_mode(&amp), AMP_MODE_PLAIN);
	{
		int i;

		printf("# announced by the slave:");
		for (i = 0; i < LX_MAX_EPT && lx.ns_seen[i].name[0]; i++)
			printf(" \"%s\" at 0x%x", lx.ns_seen[i].name, lx.ns_seen[i].last_addr);
		printf("\n");
	}
	echo(e, 1000u, 1u);
	echo(e, 5000u, LX_NUM);
	check_linux_saw_nothing_wrong();
	amp_posix_shm_close(&shm);
}

/*
 * A driver without VIRTIO_RPMSG_F_NS (gfeatures 0): the slave must not send
 * name-service messages; the master reaches a static address itself.
 */
static void linux_no_ns(void **state)
{
	struct lx_ept *e = &lx.ept[0];
	uint32_t n;

	(void)state;
	setup();
	slave_boot();
	lx.driver_features = 0;
	assert_int_equal(lx_start(&lx, 0x1000u), 0);
	assert_int_equal(lx_loaded_vdev(&lx)->gfeatures, 0);
	ept = NULL;
	assert_int_equal(amp_rpmsg_ept_create(amp_rpmsg(&amp), &ept, "echo", 0x200u,
					      AMP_RPMSG_ADDR_ANY, echo_cb, NULL),
			 0);
	for (n = 0; n < 1000u; n++)
		poll_both();
	assert_int_equal(amp_mode(&amp), AMP_MODE_PLAIN);
	assert_int_equal(lx.ns_creates + lx.ns_bad + lx.no_recipient, 0);
	/* a channel Linux makes by hand (rpmsg_create_ept with a fixed dst) */
	memset(e, 0, sizeof(*e));
	strcpy(e->name, "echo");
	e->src = 0x401u;
	e->dst = 0x200u;
	e->in_use = 1;
	echo(e, 200u, 4u);
	check_linux_saw_nothing_wrong();
	amp_posix_shm_close(&shm);
}

/*
 * A table as Linux firmware images carry it: a carveout and a trace buffer
 * before the vdev (rproc_handle_resources walks them all). Both sides find
 * the vdev through the offsets.
 */
static void linux_table_entries(void **state)
{
	struct resource_table *t = (struct resource_table *)(void *)image.bytes;
	struct fw_rsc_carveout *co;
	struct fw_rsc_trace *tr;
	struct iu_rsc one;
	struct lx_ept *e;
	uint32_t off_co = 16u + 3u * 4u, off_tr = off_co + (uint32_t)sizeof(*co),
		 off_vd = off_tr + (uint32_t)sizeof(*tr);

	(void)state;
	memset(&image, 0, sizeof(image));
	t->ver = 1;
	t->num = 3;
	t->offset[0] = off_co;
	t->offset[1] = off_tr;
	t->offset[2] = off_vd;
	co = (struct fw_rsc_carveout *)(void *)(image.bytes + off_co);
	co->type = RSC_CARVEOUT;
	co->da = 0x10000000u;
	co->pa = FW_RSC_U32_ADDR_ANY;
	co->len = 0x20000u;
	strcpy((char *)co->name, "sram");
	tr = (struct fw_rsc_trace *)(void *)(image.bytes + off_tr);
	tr->type = RSC_TRACE;
	tr->da = 0x1001f000u;
	tr->len = 0x1000u;
	strcpy((char *)tr->name, "trace0");
	iu_rsc_init(&one, FW_RSC_U32_ADDR_ANY, FW_RSC_U32_ADDR_ANY, LX_NUM, LX_ALIGN);
	memcpy(image.bytes + off_vd, &one.vdev, sizeof(one.vdev) + sizeof(one.vring));
	table_size = off_vd + (uint32_t)(sizeof(one.vdev) + sizeof(one.vring));
	setup_table();
	assert_int_equal(lx.vdev_off, off_vd);
	slave_boot();
	assert_int_equal(lx_start(&lx, 0x1000u), 0);
	e = wait_channel();
	assert_non_null(e);
	assert_int_equal(lx_loaded_vdev(&lx)->status, 0xF);
	echo(e, 500u, LX_NUM);
	check_linux_saw_nothing_wrong();
	amp_posix_shm_close(&shm);
}

static void linux_restart_100(void **state)
{
	uint32_t cycle;

	(void)state;
	setup();
	slave_boot();
	for (cycle = 0; cycle < 100u; cycle++) {
		struct lx_ept *e;

		/* fresh vrings each start: two carveout slots, alternately */
		assert_int_equal(lx_start(&lx, cycle % 2u ? 0x40000u : 0x1000u), 0);
		e = wait_channel();
		if (!e)
			fail_msg("start %u: the slave never announced \"echo\"", cycle + 1u);
		echo(e, 20u, 4u);
		if (lx_ns_creates(&lx, "echo") != cycle + 1u) {
			int i;

			printf("# start %u: %u duplicates; announced so far:", cycle + 1u,
			       lx.ns_dups);
			for (i = 0; i < LX_MAX_EPT && lx.ns_seen[i].name[0]; i++)
				printf(" %s x%u (last at 0x%x)", lx.ns_seen[i].name,
				       lx.ns_seen[i].creates, lx.ns_seen[i].last_addr);
			printf("\n");
		}
		check_linux_saw_nothing_wrong();
		lx_stop(&lx);
		if (cycle % 3u == 0) {
			/* remoteproc reloads the image and the slave boots anew */
			loaded = image;
			slave_boot();
		} else if (cycle % 3u == 1) {
			/* the slave keeps running and sees the stop (status 0) before the start */
			uint32_t n;

			for (n = 0; n < 64u; n++)
				poll_both();
		}
		/* else: it keeps running and does not run between stop and start */
	}
	assert_int_equal(lx_ns_creates(&lx, "echo"), 100u);
	assert_int_equal(lx.ns_dups, 0);
	amp_posix_shm_close(&shm);
}

/*
 * The model itself checked against the real OpenAMP remote: the same start,
 * status order, name service and echoes. If this fails, the model is wrong,
 * not amplink.
 */
static struct oa_peer oa;

static int poll_openamp(void)
{
	return oa_peer_poll(&oa) + lx_poll(&lx);
}

static void linux_model_openamp(void **state)
{
	static const uint8_t order[] = {0, 1, 3, 0xB, 0xF};
	struct oa_config c;
	uint32_t cycle;

	(void)state;
	setup();
	peer_poll = poll_openamp;
	memset(&c, 0, sizeof(c));
	c.role = OA_REMOTE;
	c.shm = &shm;
	c.shm_pa = AMP_POSIX_SHM_PA;
	c.rsc = loaded.bytes;
	c.rsc_size = table_size;
	assert_int_equal(oa_peer_init(&oa, &c), 0);
	assert_int_equal(oa_peer_auto_ept(&oa, "echo", RPMSG_ADDR_ANY, OA_EPT_ECHO), 0);
	for (cycle = 0; cycle < 3u; cycle++) {
		struct lx_ept *e;

		assert_int_equal(lx_start(&lx, cycle % 2u ? 0x40000u : 0x1000u), 0);
		assert_memory_equal(lx.status_log, order, sizeof(order));
		e = wait_channel();
		assert_non_null(e);
		echo(e, 2000u, LX_NUM);
		assert_int_equal(oa.last_err, 0);
		check_linux_saw_nothing_wrong();
		lx_stop(&lx);
		/* the OpenAMP remote sees the status go to 0 and waits again */
		oa_peer_poll(&oa);
		assert_false(oa.up);
	}
	assert_int_equal(lx.ns_creates, 3u);
	oa_peer_fini(&oa);
	amp_posix_shm_close(&shm);
	peer_poll = poll_both;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(linux_master),	   cmocka_unit_test(linux_restart_100),
	    cmocka_unit_test(linux_no_ns),	   cmocka_unit_test(linux_table_entries),
	    cmocka_unit_test(linux_model_openamp),
	};

	return IU_MAIN(tests, 0x1713u);
}
