/* SPDX-License-Identifier: BSD-3-Clause */
#include "h7_app.h"

#include "h7_board.h"

#ifdef H7_IMAGE_CM7
#define LINE_PREFIX "m: "
#else
#define LINE_PREFIX "s: "
#endif

static void app_line(void *ctx, const char *text)
{
	struct h7_line l;

	(void)ctx;
	h7_line_start(&l, LINE_PREFIX);
	h7_line_str(&l, text);
	h7_line_send(&l);
}

static uint32_t app_now(void *ctx)
{
	(void)ctx;
	return h7_millis();
}

const struct fw_board h7_app_board = {
    .line = app_line,
    .now_ms = app_now,
    .ctx = NULL,
};
