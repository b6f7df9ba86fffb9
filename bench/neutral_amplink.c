/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The neutral ping-pong's amplink back end (neutral.h): two struct amp in
 * one process (amp_init, an amplink peer on each side), a port whose
 * notify only sets the peer's flag and whose ipm_take reads and clears its
 * own, and a clock that moves only during setup (no heartbeat falls into
 * the measured messages). Delivery is amp_poll() on the flagged core.
 */
#include <string.h>

#include "amp/amp.h"
#include "neutral.h"

_Static_assert(AMP_CFG_VRING_NUM == NB_RING, "link the ring-256 library (bench/CMakeLists.txt)");
_Static_assert(AMP_CFG_BUF_SIZE == NB_BUF, "512-byte buffers");

#define SETUP_POLLS 200000u

static _Alignas(64) uint8_t shm[AMP_CFG_SHM_SIZE];
static uint32_t now;
static struct amp amp[2];
static struct amp_port port[2];
static struct amp_ept *ept[2];
static const int core_of[2] = {NB_MASTER, NB_SLAVE};

static void notify(void *ctx)
{
	nb_bell[*(const int *)ctx == NB_MASTER ? NB_SLAVE : NB_MASTER] = 1u;
}

static int ipm_take(void *ctx)
{
	int core = *(const int *)ctx;
	uint32_t rang = nb_bell[core];

	nb_bell[core] = 0u;
	return rang != 0u;
}

static uint32_t now_ms(void *ctx)
{
	(void)ctx;
	return now;
}

static const struct amp_port_ops ops = {.notify = notify, .ipm_take = ipm_take, .now_ms = now_ms};

static int on_msg(struct amp_ept *e, void *data, size_t len, uint32_t src, void *priv)
{
	int core = *(const int *)priv;

	(void)src;
	if (nb_received(core, (uint32_t)len) && amp_rpmsg_send(e, data, len) != AMP_OK)
		nb_rx[core].errors++;
	return 0;
}

static int poll_until(int (*cond)(void))
{
	uint32_t n;

	for (n = 0; n < SETUP_POLLS; n++) {
		if (cond())
			return 0;
		now++;
		amp_poll(&amp[NB_SLAVE]);
		amp_poll(&amp[NB_MASTER]);
	}
	return -1;
}

static int both_ready(void)
{
	return amp_is_ready(&amp[NB_MASTER]) && amp_is_ready(&amp[NB_SLAVE]);
}

static int master_bound(void)
{
	return amp_rpmsg_ept_is_bound(ept[NB_MASTER]);
}

static int setup(void)
{
	int c;

	for (c = 0; c < 2; c++) {
		port[c].ops = &ops;
		port[c].ctx = (void *)&core_of[c];
		port[c].shm = shm;
		port[c].shm_size = sizeof(shm);
		port[c].shm_pa = 0x38000000u;
	}
	if (amp_init(&amp[NB_MASTER], AMP_ROLE_MASTER, &port[NB_MASTER]) ||
	    amp_init(&amp[NB_SLAVE], AMP_ROLE_SLAVE, &port[NB_SLAVE]) || poll_until(both_ready))
		return -1;
	for (c = 0; c < 2; c++)
		if (amp_rpmsg_ept_create(amp_rpmsg(&amp[c]), &ept[c], NB_EPT_NAME,
					 AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY, on_msg,
					 (void *)&core_of[c]))
			return -1;
	if (amp_rpmsg_ept_announce(ept[NB_SLAVE]) || poll_until(master_bound))
		return -1;
	return 0;
}

static int master_send(const uint8_t *msg, uint32_t len)
{
	return amp_rpmsg_send(ept[NB_MASTER], msg, len) == AMP_OK ? 0 : -1;
}

static void deliver(int core)
{
	amp_poll(&amp[core]);
}

const struct nb_backend nb_backend = {"amplink", setup, master_send, deliver, deliver};
