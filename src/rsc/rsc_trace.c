/* SPDX-License-Identifier: BSD-3-Clause */
/* The text behind a trace entry of the resource table (include/amp/rsc.h). */
#include "amp/rsc.h"

void amp_trace_buf_init(struct amp_trace_buf *t, volatile char *text, uint32_t size)
{
	uint32_t i;

	if (!t || !text || size < 2u)
		return;
	t->text = text;
	t->size = size;
	t->pos = 0;
	for (i = 0; i < size; i++)
		text[i] = '\0';
}

void amp_trace_buf_write(struct amp_trace_buf *t, const char *s, size_t n)
{
	uint32_t i;

	if (!t || !t->text || !s)
		return;
	if (n > t->size - 1u)
		n = t->size - 1u;
	/* A line that does not fit starts over at the top: a reader stopping at NUL sees it whole.
	 */
	if (n > t->size - 1u - t->pos) {
		t->text[0] = '\0';
		t->pos = 0;
	}
	/* The NUL after the new text goes first, then the text up to where the old NUL was. */
	t->text[t->pos + n] = '\0';
	for (i = (uint32_t)n; i-- > 0;)
		t->text[t->pos + i] = s[i];
	t->pos += (uint32_t)n;
}
