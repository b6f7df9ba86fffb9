/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The firmware images above the boards: main_master.c and main_slave.c (the
 * amplink application: fw.h's master and slave with their main loops),
 * bringup_master.c and bringup_slave.c (a port's first test, without
 * amplink). What they need from a port is the struct fw_board that
 * fw_board_open() returns, the amp_port it fills, and (slave) the resource
 * table; they add the boot counter and the test plan of the QEMU tests.
 */
#ifndef FW_APP_H
#define FW_APP_H

#include <stdint.h>

#include "amp/rsc.h"
#include "fw.h"

/* Longest sleep between two rounds of a main loop when there is nothing to do. */
#define FW_IDLE_WAIT_MS 10u

enum fw_role {
	FW_ROLE_MASTER = 0,
	FW_ROLE_SLAVE = 1,
};

/*
 * Provided by the port: bring up this core for role (console, clock,
 * doorbell and their interrupts), fill *port for amplink, and return the
 * board. Runs first on every boot; stops the core with a message when the
 * image runs on the other core.
 */
const struct fw_board *fw_board_open(enum fw_role role, struct amp_port *port);

/*
 * Provided by the port, slave only: the resource table in the slave's image,
 * which publishes the slave's log (fw_trace_text) as its trace entry: Linux
 * shows it as remoteproc<N>/trace0, amp-rsc-check --trace from a dump.
 */
extern const struct amp_rsc_table_trace fw_rsc_table;
#define FW_TRACE_SIZE 2048u
extern char fw_trace_text[FW_TRACE_SIZE];

/*
 * Boots of this core since power-up (1: cold boot), counted in .noinit so
 * that a soft reboot does not reset it. Call once per boot. Only a board
 * with a test plan (plan_addr) counts: the count is for the plan, and on
 * others .noinit may hold power-up garbage with garbage ECC (STM32H7), which
 * must not be read; there it returns 0.
 */
uint32_t fw_count_boot(const struct fw_board *b);

/* Stop this core for good (board->stop, or sleep forever where there is none). */
__attribute__((noreturn)) void fw_halt(const struct fw_board *b, enum fw_exit code);
/* "<core>: FAIL: <what>: error <err>", then stop with FW_EXIT_FAIL. */
__attribute__((noreturn)) void fw_fail(const struct fw_board *b, const char *core, const char *what,
				       int err);
/*
 * Master: release the slave's core, unless it starts by itself or is already
 * running (after a soft reboot of ours). AMP_OK or the board's error.
 */
int fw_start_slave(const struct fw_board *b);

/*
 * The test plan. A QEMU system test makes one core reboot itself once, in
 * the middle of the traffic, by having the loader write two little-endian
 * words at the board's plan_addr before the cores start:
 *
 *   +0  FW_PLAN_MAGIC
 *   +4  who << 28 | event << 24 | count      (cmake/qemu-test.sh --reboot builds it)
 *
 * "who reboots when its count of event reaches count". Without the magic
 * (a plain run, real hardware) nobody reboots.
 */
#define FW_PLAN_MAGIC 0x4E414C50u /* "PLAN" */

enum fw_plan_who {
	FW_PLAN_NOBODY = 0,
	FW_PLAN_MASTER = 1,
	FW_PLAN_SLAVE = 2,
};

enum fw_plan_event {
	FW_PLAN_ECHO = 1,   /* echo messages (struct fw_progress) */
	FW_PLAN_STREAM = 2, /* stream bytes */
	FW_PLAN_OACS = 3,   /* OACS replies */
};

struct fw_plan {
	uint8_t who;   /* enum fw_plan_who */
	uint8_t event; /* enum fw_plan_event */
	uint32_t count;
};

void fw_plan_read(struct fw_plan *p, const struct fw_board *b);
/* Every image's start: count this boot, read the plan, say both; returns the boot number. */
uint32_t fw_plan_boot(struct fw_plan *p, const struct fw_board *b, const char *core);
/* Print this boot's number and the plan (if the board counts boots and there is a plan). */
void fw_plan_say(const struct fw_plan *p, const struct fw_board *b, const char *core,
		 uint32_t boot);
/* The plan wants core `who`, on its first boot, to reboot now. */
int fw_plan_reboot_due(const struct fw_plan *p, enum fw_plan_who who, uint32_t boot,
		       const struct fw_progress *progress);
/* If it does: say so and reboot (returns only when it is not due; a refusal is fw_fail()). */
void fw_plan_reboot_if_due(const struct fw_plan *p, const struct fw_board *b, enum fw_plan_who who,
			   uint32_t boot, const struct fw_progress *progress);

#endif
