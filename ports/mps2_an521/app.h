/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the two amplink firmware images (app_master.c, app_slave.c) share:
 * the board as the firmware application (apps/firmware/fw.h) sees it, the
 * boot counter, and the test plan of the QEMU system tests.
 */
#ifndef MPS2_APP_H
#define MPS2_APP_H

#include <stdint.h>

#include "board.h"
#include "fw.h"
#include "startup.h"

/* Longest sleep between two rounds of the main loop when there is nothing to do. */
#define APP_IDLE_WAIT_MS 10u

/* Console lines and the clock of this core. */
extern const struct fw_board app_board;

/*
 * Boots of this core since power-up (1: cold boot), counted in .noinit so
 * that mps2_soft_reboot() does not reset it. Call once per boot.
 */
uint32_t app_count_boot(void);

/*
 * The test plan. A QEMU system test makes one core reboot itself once, in
 * the middle of the traffic, by having the loader write two little-endian
 * words at MPS2_TESTPLAN_BASE before the cores start:
 *
 *   +0  APP_PLAN_MAGIC
 *   +4  who << 28 | event << 24 | count      (qemu-test.sh --reboot builds it)
 *
 * "who reboots when its count of event reaches count". Without the magic
 * (a plain run, real hardware) nobody reboots.
 */
#define APP_PLAN_MAGIC 0x4E414C50u /* "PLAN" */

enum app_plan_who {
	APP_PLAN_NOBODY = 0,
	APP_PLAN_MASTER = 1,
	APP_PLAN_SLAVE = 2,
};

enum app_plan_event {
	APP_PLAN_ECHO = 1,   /* echo messages (struct fw_progress) */
	APP_PLAN_STREAM = 2, /* stream bytes */
	APP_PLAN_OACS = 3,   /* OACS replies */
};

struct app_plan {
	uint8_t who;   /* enum app_plan_who */
	uint8_t event; /* enum app_plan_event */
	uint32_t count;
};

void app_plan_read(struct app_plan *p);
/* Print the plan (if there is one) and this boot's number. */
void app_plan_say(const struct app_plan *p, const char *core, uint32_t boot);
/* The plan wants core `who`, on its first boot, to reboot now. */
int app_plan_reboot_due(const struct app_plan *p, enum app_plan_who who, uint32_t boot,
			const struct fw_progress *progress);

#endif
