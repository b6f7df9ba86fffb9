/* SPDX-License-Identifier: BSD-3-Clause */
#include "app.h"

#include "amp/shm.h"

#define BOOT_REC_MAGIC 0x424F4F54u /* "BOOT" */

struct boot_rec {
	uint32_t magic;
	uint32_t count;
	uint32_t check; /* ~count: power-up garbage is not taken for a count */
};

static struct boot_rec boot_rec __attribute__((section(".noinit")));

static void board_line(void *ctx, const char *text)
{
	(void)ctx;
	mps2_puts(text);
	mps2_puts("\n");
}

static uint32_t board_now(void *ctx)
{
	(void)ctx;
	return mps2_now_ms();
}

const struct fw_board app_board = {
    .line = board_line,
    .now_ms = board_now,
    .ctx = NULL,
};

uint32_t app_count_boot(void)
{
	if (boot_rec.magic != BOOT_REC_MAGIC || boot_rec.check != ~boot_rec.count)
		boot_rec.count = 0u;
	boot_rec.count++;
	boot_rec.check = ~boot_rec.count;
	boot_rec.magic = BOOT_REC_MAGIC;
	return boot_rec.count;
}

void app_plan_read(struct app_plan *p)
{
	const volatile uint32_t *w = (const volatile uint32_t *)(uintptr_t)MPS2_TESTPLAN_BASE;
	uint32_t plan = amp_rd32(&w[1]);

	p->who = APP_PLAN_NOBODY;
	p->event = 0;
	p->count = 0;
	if (amp_rd32(&w[0]) != APP_PLAN_MAGIC)
		return;
	p->who = (uint8_t)(plan >> 28);
	p->event = (uint8_t)((plan >> 24) & 0xFu);
	p->count = plan & 0xFFFFFFu;
}

void app_plan_say(const struct app_plan *p, const char *core, uint32_t boot)
{
	static const char *const who[] = {"nobody", "master", "slave"};
	static const char *const event[] = {"?", "echo message", "stream byte", "oacs reply"};
	struct fw_line l;

	fw_line_start(&l, core);
	fw_line_str(&l, ": boot ");
	fw_line_u32(&l, boot);
	fw_line_send(&l, &app_board);
	if (p->who == APP_PLAN_NOBODY)
		return;
	fw_line_start(&l, core);
	fw_line_str(&l, ": test plan: ");
	fw_line_str(&l, p->who <= APP_PLAN_SLAVE ? who[p->who] : "?");
	fw_line_str(&l, " reboots at ");
	fw_line_str(&l, p->event <= APP_PLAN_OACS ? event[p->event] : "?");
	fw_line_str(&l, " ");
	fw_line_u32(&l, p->count);
	fw_line_send(&l, &app_board);
}

int app_plan_reboot_due(const struct app_plan *p, enum app_plan_who who, uint32_t boot,
			const struct fw_progress *progress)
{
	if (p->who != (uint8_t)who || boot != 1u)
		return 0;
	switch ((enum app_plan_event)p->event) {
	case APP_PLAN_ECHO:
		return progress->echo_messages >= p->count;
	case APP_PLAN_STREAM:
		return progress->stream_bytes >= p->count;
	case APP_PLAN_OACS:
		return progress->oacs_replies >= p->count;
	}
	return 0;
}
