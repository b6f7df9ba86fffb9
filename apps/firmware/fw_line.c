/* SPDX-License-Identifier: BSD-3-Clause */
/* Output lines of the firmware application (no printf: small and bounded). */
#include "fw_internal.h"

void fw_line_str(struct fw_line *l, const char *s)
{
	while (*s && l->len < FW_LINE_MAX)
		l->buf[l->len++] = *s++;
	l->buf[l->len] = '\0';
}

void fw_line_start(struct fw_line *l, const char *s)
{
	l->len = 0;
	l->buf[0] = '\0';
	fw_line_str(l, s);
}

void fw_line_u32(struct fw_line *l, uint32_t v)
{
	char digits[10];
	uint32_t n = 0;

	do {
		digits[n++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	while (n && l->len < FW_LINE_MAX)
		l->buf[l->len++] = digits[--n];
	l->buf[l->len] = '\0';
}

void fw_line_hex(struct fw_line *l, uint32_t v)
{
	static const char hex[] = "0123456789abcdef";
	int shift;

	fw_line_str(l, "0x");
	for (shift = 28; shift >= 0 && l->len < FW_LINE_MAX; shift -= 4)
		l->buf[l->len++] = hex[(v >> shift) & 0xFu];
	l->buf[l->len] = '\0';
}

void fw_line_err(struct fw_line *l, int err)
{
	if (err < 0) {
		fw_line_str(l, "-");
		fw_line_u32(l, 0u - (uint32_t)err);
	} else {
		fw_line_u32(l, (uint32_t)err);
	}
}

static struct amp_trace_buf trace;
/*
 * Set by fw_trace_start(): an image that never starts the log (the lean
 * slave) links no trace buffer code.
 */
static void (*trace_line)(const char *text, uint32_t len);

static void trace_write(const char *text, uint32_t len)
{
	amp_trace_buf_write(&trace, text, len);
}

void fw_trace_start(char *text, uint32_t size)
{
	amp_trace_buf_init(&trace, text, size);
	trace_line = trace_write;
}

void fw_line_send(struct fw_line *l, const struct fw_board *b)
{
	b->line(b->ctx, l->buf);
	if (trace_line && l->len < FW_LINE_MAX) {
		l->buf[l->len++] = '\n';
		trace_line(l->buf, l->len);
	}
	l->len = 0;
	l->buf[0] = '\0';
}

void fw_say(const struct fw_board *b, const char *a, const char *c)
{
	struct fw_line l;

	fw_line_start(&l, a);
	fw_line_str(&l, c);
	fw_line_send(&l, b);
}

void fw_say_closed(const struct fw_board *b, const char *what, enum amp_close_reason why)
{
	struct fw_line l;

	fw_line_start(&l, what);
	fw_line_str(&l, ": session closed: ");
	fw_line_str(&l, amp_close_reason_name(why));
	fw_line_send(&l, b);
}
