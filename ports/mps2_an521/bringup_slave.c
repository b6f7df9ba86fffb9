/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port bring-up, CPU1 side (no amplink): ring the master, wait for its
 * doorbell, reboot this core alone, check that RAM was re-initialised, ring
 * the master again. A boot counter in .noinit survives the soft reboot.
 */
#include "amp/shm.h"
#include "board.h"
#include "bringup.h"
#include "startup.h"

#define TIMEOUT_MS     2000u
#define BOOT_REC_MAGIC 0x424F4F54u /* "BOOT" */
#define DATA_INIT      0x600DDA7Au

struct boot_rec {
	uint32_t magic;
	uint32_t count;
	uint32_t check; /* ~count: garbage at power-up is not taken for a count */
};

static struct boot_rec boot_rec __attribute__((section(".noinit")));
static volatile uint32_t data_word = DATA_INIT;
static volatile uint32_t bss_word;

static uint32_t count_boot(void)
{
	if (boot_rec.magic != BOOT_REC_MAGIC || boot_rec.check != ~boot_rec.count)
		boot_rec.count = 0u;
	boot_rec.count++;
	boot_rec.check = ~boot_rec.count;
	boot_rec.magic = BOOT_REC_MAGIC;
	return boot_rec.count;
}

static void stop(const char *why)
{
	mps2_puts("bringup: FAIL: ");
	mps2_puts(why);
	mps2_puts("\n");
	mps2_stop(MPS2_EXIT_FAIL);
}

int main(void)
{
	uint32_t boot;

	mps2_board_init(MPS2_CPU_SLAVE);
	boot = count_boot();
	mps2_puts("bringup: cpu1 slave up, boot ");
	mps2_put_u32(boot);
	mps2_puts("\n");
	if (data_word != DATA_INIT || bss_word != 0u)
		stop("RAM not re-initialised");

	amp_wr32(bringup_shm_word(), BRINGUP_WORD(boot));
	mps2_ring();
	mps2_puts("bringup: rang master\n");

	if (boot < BRINGUP_SLAVE_BOOTS) {
		if (!mps2_wait(TIMEOUT_MS) || !mps2_take())
			stop("no doorbell from the master");
		mps2_puts("bringup: doorbell from master\n");
		/* Dirty .data and .bss: the reboot must restore them. */
		data_word = 0u;
		bss_word = 1u;
		mps2_puts("bringup: soft reboot\n");
		(void)mps2_soft_reboot();
		stop("soft reboot refused");
	}
	mps2_puts("bringup: done\n");
	mps2_stop(MPS2_EXIT_OK);
}
