/* SPDX-License-Identifier: BSD-3-Clause */
/* The firmware application's board (apps/firmware/fw_app.h) on an SSE-200 core. */
#include "fw_app.h"
#include "memmap.h"
#include "node.h"
#include "startup.h"
#include "sse200.h"

#ifndef AMP_BOARD_NAME
#error "AMP_BOARD_NAME: the port's CMakeLists.txt names the board"
#endif

static void board_line(void *ctx, const char *text)
{
	(void)ctx;
	sse200_puts(text);
	sse200_puts("\n");
}

static uint32_t board_now(void *ctx)
{
	(void)ctx;
	return sse200_now_ms();
}

static int board_start_slave(void *ctx)
{
	(void)ctx;
	return sse200_start_slave();
}

static int board_slave_running(void *ctx)
{
	(void)ctx;
	return sse200_cpu1_running();
}

static int board_soft_reboot(void *ctx)
{
	(void)ctx;
	return v8m_soft_reboot();
}

static __attribute__((noreturn)) void board_stop(void *ctx, enum fw_exit code)
{
	(void)ctx;
	sse200_stop((uint32_t)code);
}

static void board_wait(void *ctx, uint32_t timeout_ms)
{
	(void)ctx;
	(void)sse200_wait(timeout_ms);
}

static const struct fw_board board = {
    .line = board_line,
    .now_ms = board_now,
    .ctx = NULL,
    .name = AMP_BOARD_NAME,
    .plan_addr = BOARD_TESTPLAN_BASE,
    .start_slave = board_start_slave,
    .slave_running = board_slave_running,
    .soft_reboot = board_soft_reboot,
    .stop = board_stop,
    .wait = board_wait,
};

const struct fw_board *fw_board_open(enum fw_role role, struct amp_port *port)
{
	sse200_board_init(role == FW_ROLE_MASTER ? SSE200_CPU_MASTER : SSE200_CPU_SLAVE);
	sse200_port_init(port);
	return &board;
}
