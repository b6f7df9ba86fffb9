/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reboots with a real OpenAMP peer, amplink on the full stack (plain peer).
 * What each case checks is the recovery docs/interop.md describes:
 *   reboot_slave
 *     a) amplink slave under an OpenAMP master reboots with 8 messages in
 *        flight: it attaches to the running rings again, announces again,
 *        and every message (those in flight included) is echoed intact.
 *     b) an OpenAMP remote under an amplink master reboots: OpenAMP cannot
 *        rejoin running rings, so the application restarts the link
 *        (amp_link_restart): fresh rings, the remote announces again,
 *        echoes flow.
 *   reboot_master
 *     a) amplink master with an OpenAMP remote reboots: it resets the status
 *        to 0 and sets the device up again; a remote that follows the status
 *        (as Linux remoteproc stop/start requires) announces again, echoes flow.
 *     b) an OpenAMP master with an amplink slave reboots: its boot code
 *        writes the table again (status 0), then OpenAMP initialises the
 *        device: the slave attaches to the fresh rings and announces again.
 * 1,000 echoes after each reboot, every byte checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "interop_util.h"

#define AFTER 1000u

static struct iu_world w;

static void open_world(enum amp_role amp_role)
{
	struct iu_geom g = {16u, 16u, 512u, 0u, amp_role == AMP_ROLE_MASTER};

	iu_open_ready(&w, &g, amp_role);
	iu_echo_checked(&w, 200u, 4u, "before the reboot");
}

static void echo_after(const char *what)
{
	if (!iu_until(&w, iu_echo_ready))
		iu_dump(&w);
	assert_true(iu_echo_ready(&w));
	iu_echo_checked(&w, AFTER, 16u, what);
}

static void reboot_slave(void **state)
{
	uint8_t buf[OA_MSG_MAX];
	struct oa_ept *o;
	struct oa_msg m;
	uint32_t i, got = 0, bad = 0, idle = 0;

	(void)state;
	/* a) amplink slave, OpenAMP master, 8 in flight at the reboot */
	open_world(AMP_ROLE_SLAVE);
	o = oa_peer_ept_by_name(&w.oa, "echo");
	for (i = 0; i < 8u; i++) {
		uint32_t len = iu_make_msg(buf, iu_payload_max(&w), 50000u + i);

		assert_int_equal(oa_ept_trysend(o, buf, len), (int)len);
	}
	assert_int_equal(iu_amp_reboot(&w), 0);
	while (got < 8u && idle < IU_IDLE_LIMIT) {
		int work = iu_poll(&w);

		while (oa_ept_pop(o, &m)) {
			bad += !iu_check_msg(m.data, m.len, 50000u + got, iu_payload_max(&w));
			got++;
			work++;
		}
		idle = work ? 0 : idle + 1;
	}
	printf("# slave reboot with 8 in flight: %u echoed, %u bad\n", got, bad);
	assert_int_equal(got, 8u);
	assert_int_equal(bad, 0);
	echo_after("amplink slave rebooted under OpenAMP master");
	iu_world_close(&w);

	/* b) OpenAMP remote reboots under the amplink master; the application restarts the link */
	open_world(AMP_ROLE_MASTER);
	iu_oa_power_off(&w);
	assert_int_equal(iu_oa_boot(&w), 0);
	/* it boots, finds DRIVER_OK and starts on the running rings before anyone notices */
	for (i = 0; i < 64u; i++)
		oa_peer_poll(&w.oa);
	amp_link_restart(&w.amp.link);
	echo_after("OpenAMP remote rebooted, amp_link_restart");
	iu_world_close(&w);
}

static void reboot_master(void **state)
{
	uint32_t i;

	(void)state;
	/* a) amplink master reboots, OpenAMP remote follows the status */
	open_world(AMP_ROLE_MASTER);
	assert_int_equal(iu_amp_reboot(&w), 0);
	echo_after("amplink master rebooted, OpenAMP remote");
	iu_world_close(&w);

	/* b) OpenAMP master reboots: table written again by its boot code, then OpenAMP init */
	open_world(AMP_ROLE_SLAVE);
	iu_oa_power_off(&w);
	iu_table_reload(&w);
	for (i = 0; i < 64u; i++)
		iu_amp_poll(&w); /* the slave runs on while the master boots */
	assert_int_equal(iu_oa_boot(&w), 0);
	echo_after("OpenAMP master rebooted, amplink slave");
	iu_world_close(&w);
}

/*
 * An OpenAMP master that reboots quickly: its boot code rewrites the table
 * and OpenAMP initialises the device again before the slave polls, so the
 * slave never sees the status at 0 (only DRIVER_OK, as before). What tells
 * the slave is the rings: their indexes restart, out of the range it knows,
 * once it has received at least one message; before that, its own used
 * index is gone from the fresh ring (docs/interop.md, recovery table).
 * After k messages, for k from none to beyond the ring size.
 */
static void reboot_master_quick(void **state)
{
	static const uint32_t ks[] = {0u, 1u, 2u, 5u, 15u, 16u, 17u, 200u};
	const struct iu_geom g = {16u, 16u, 512u, 0u, 0};
	size_t j;

	(void)state;
	for (j = 0; j < sizeof(ks) / sizeof(ks[0]); j++) {
		char what[64];

		iu_open_ready(&w, &g, AMP_ROLE_SLAVE);
		if (ks[j])
			iu_echo_checked(&w, ks[j], 1u, "before the reboot");
		iu_oa_power_off(&w);
		iu_table_reload(&w);
		assert_int_equal(iu_oa_boot(&w), 0);
		snprintf(what, sizeof(what), "quick OpenAMP master reboot after %u messages",
			 ks[j]);
		echo_after(what);
		iu_world_close(&w);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reboot_slave),
	    cmocka_unit_test(reboot_master),
	    cmocka_unit_test(reboot_master_quick),
	};

	return IU_MAIN(tests, 0x6713u);
}
