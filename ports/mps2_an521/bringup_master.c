/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port bring-up, CPU0 side (no amplink): start CPU1, take its doorbell, ring
 * back, then take the doorbell it rings after rebooting itself. Each doorbell
 * comes with a word in the shared region, checked here. Exits QEMU with 0
 * when all of it happened in time.
 */
#include "amp/errors.h"
#include "amp/shm.h"
#include "board.h"
#include "bringup.h"

#define TIMEOUT_MS 2000u

static void fail(const char *why)
{
	mps2_puts("bringup: FAIL: ");
	mps2_puts(why);
	mps2_puts("\n");
	mps2_stop(MPS2_EXIT_FAIL);
}

static int take_doorbell(uint32_t timeout_ms)
{
	uint32_t t0 = mps2_now_ms();

	while (!mps2_take()) {
		uint32_t spent = mps2_now_ms() - t0;

		if (spent >= timeout_ms)
			return 0;
		(void)mps2_wait(timeout_ms - spent);
	}
	return 1;
}

int main(void)
{
	volatile uint32_t *word = bringup_shm_word();
	uint32_t boot;

	mps2_board_init(MPS2_CPU_MASTER);
	mps2_puts("bringup: cpu0 master up\n");
	amp_wr32(word, 0u);
	if (mps2_release_cpu1() != AMP_OK)
		fail("no slave image at the CPU1 vector table");
	mps2_puts("bringup: cpu1 released\n");

	for (boot = 1u; boot <= BRINGUP_SLAVE_BOOTS; boot++) {
		if (!take_doorbell(TIMEOUT_MS))
			fail("no doorbell from the slave");
		if (amp_rd32(word) != BRINGUP_WORD(boot))
			fail("wrong word in the shared region");
		mps2_puts("bringup: doorbell from slave boot ");
		mps2_put_u32(boot);
		mps2_puts("\n");
		if (boot == 1u) {
			mps2_ring();
			mps2_puts("bringup: rang slave\n");
		}
	}
	mps2_puts("bringup: pass\n");
	mps2_stop(MPS2_EXIT_OK);
}
