/* SPDX-License-Identifier: BSD-3-Clause */
/* The boot counter and the test plan (fw_app.h). */
#include "amp/shm.h"
#include "fw_app.h"

#define BOOT_REC_MAGIC 0x424F4F54u /* "BOOT" */

struct boot_rec {
	uint32_t magic;
	uint32_t count;
	uint32_t check; /* ~count: power-up garbage is not taken for a count */
};

static struct boot_rec boot_rec __attribute__((section(".noinit")));

uint32_t fw_count_boot(const struct fw_board *b)
{
	if (!b->plan_addr)
		return 0u;
	if (boot_rec.magic != BOOT_REC_MAGIC || boot_rec.check != ~boot_rec.count)
		boot_rec.count = 0u;
	boot_rec.count++;
	boot_rec.check = ~boot_rec.count;
	boot_rec.magic = BOOT_REC_MAGIC;
	return boot_rec.count;
}

void fw_plan_read(struct fw_plan *p, const struct fw_board *b)
{
	const volatile uint32_t *w = (const volatile uint32_t *)b->plan_addr;
	uint32_t plan;

	p->who = FW_PLAN_NOBODY;
	p->event = 0;
	p->count = 0;
	if (!w || amp_rd32(&w[0]) != FW_PLAN_MAGIC)
		return;
	plan = amp_rd32(&w[1]);
	p->who = (uint8_t)(plan >> 28);
	p->event = (uint8_t)((plan >> 24) & 0xFu);
	p->count = plan & 0xFFFFFFu;
}

void fw_plan_say(const struct fw_plan *p, const struct fw_board *b, const char *core, uint32_t boot)
{
	static const char *const who[] = {"nobody", "master", "slave"};
	static const char *const event[] = {"?", "echo message", "stream byte", "oacs reply"};
	struct fw_line l;

	if (!boot)
		return;
	fw_line_start(&l, core);
	fw_line_str(&l, ": boot ");
	fw_line_u32(&l, boot);
	fw_line_send(&l, b);
	if (p->who == FW_PLAN_NOBODY)
		return;
	fw_line_start(&l, core);
	fw_line_str(&l, ": test plan: ");
	fw_line_str(&l, p->who <= FW_PLAN_SLAVE ? who[p->who] : "?");
	fw_line_str(&l, " reboots at ");
	fw_line_str(&l, p->event <= FW_PLAN_OACS ? event[p->event] : "?");
	fw_line_str(&l, " ");
	fw_line_u32(&l, p->count);
	fw_line_send(&l, b);
}

void fw_halt(const struct fw_board *b, enum fw_exit code)
{
	if (b->stop)
		b->stop(b->ctx, code);
	for (;;)
		b->wait(b->ctx, FW_IDLE_WAIT_MS);
}

void fw_fail(const struct fw_board *b, const char *core, const char *what, int err)
{
	struct fw_line l;

	fw_line_start(&l, core);
	fw_line_str(&l, ": FAIL: ");
	fw_line_str(&l, what);
	fw_line_str(&l, ": error ");
	fw_line_err(&l, err);
	fw_line_send(&l, b);
	fw_halt(b, FW_EXIT_FAIL);
}

int fw_start_slave(const struct fw_board *b)
{
	if (!b->start_slave)
		return AMP_OK; /* it starts by itself */
	if (b->slave_running(b->ctx)) {
		fw_say(b, "master: cpu1 already running", "");
		return AMP_OK;
	}
	return b->start_slave(b->ctx);
}

uint32_t fw_plan_boot(struct fw_plan *p, const struct fw_board *b, const char *core)
{
	uint32_t boot = fw_count_boot(b);

	fw_plan_read(p, b);
	fw_plan_say(p, b, core, boot);
	return boot;
}

int fw_plan_reboot_due(const struct fw_plan *p, enum fw_plan_who who, uint32_t boot,
		       const struct fw_progress *progress)
{
	if (p->who != (uint8_t)who || boot != 1u)
		return 0;
	switch ((enum fw_plan_event)p->event) {
	case FW_PLAN_ECHO:
		return progress->echo_messages >= p->count;
	case FW_PLAN_STREAM:
		return progress->stream_bytes >= p->count;
	case FW_PLAN_OACS:
		return progress->oacs_replies >= p->count;
	}
	return 0;
}

void fw_plan_reboot_if_due(const struct fw_plan *p, const struct fw_board *b, enum fw_plan_who who,
			   uint32_t boot, const struct fw_progress *progress)
{
	const char *core = who == FW_PLAN_MASTER ? "master" : "slave";

	if (!fw_plan_reboot_due(p, who, boot, progress))
		return;
	fw_say(b, core, ": soft reboot (test plan)");
	fw_fail(b, core, "soft reboot refused", b->soft_reboot(b->ctx));
}
