/* SPDX-License-Identifier: BSD-3-Clause */
/* Cortex-M7 L1 cache maintenance (DDI 0403 section B2.2.7, DDI 0489 section 5.9). */
#include "h7_cache.h"

#include "h7_io.h"
#include "h7_regs.h"

#define LINE_MASK ((uintptr_t)H7_DCACHE_LINE - 1u)

struct h7_cache_span h7_cache_span(uintptr_t addr, size_t len)
{
	struct h7_cache_span s = {addr & ~LINE_MASK, 0u};
	uintptr_t end;

	if (len == 0u)
		return s;
	/* Clamp instead of wrapping past the top of the address space. */
	end = len > UINTPTR_MAX - addr ? UINTPTR_MAX : addr + len - 1u;
	s.lines = (uint32_t)(((end & ~LINE_MASK) - s.first) / H7_DCACHE_LINE + 1u);
	return s;
}

void h7_dcache_clean(uintptr_t addr, size_t len)
{
	struct h7_cache_span s = h7_cache_span(addr, len);
	uint32_t i;

	for (i = 0; i < s.lines; i++)
		h7_wr(H7_SCB_DCCMVAC, (uint32_t)(s.first + (uintptr_t)i * H7_DCACHE_LINE));
	h7_dsb();
}

void h7_dcache_invalidate(uintptr_t addr, size_t len)
{
	struct h7_cache_span s = h7_cache_span(addr, len);
	uintptr_t last;
	uint32_t i;

	if (s.lines == 0u)
		return;
	last = len > UINTPTR_MAX - addr ? UINTPTR_MAX : addr + len - 1u;
	/* Our earlier writes to these lines (if any) complete before we drop them. */
	h7_dsb();
	for (i = 0; i < s.lines; i++) {
		uintptr_t line = s.first + (uintptr_t)i * H7_DCACHE_LINE;
		int whole = line >= addr && last - line >= LINE_MASK;

		h7_wr(whole ? H7_SCB_DCIMVAC : H7_SCB_DCCIMVAC, (uint32_t)line);
	}
	h7_dsb();
	h7_isb();
}

static uint32_t log2_floor(uint32_t v)
{
	uint32_t n = 0;

	while (v > 1u) {
		v >>= 1;
		n++;
	}
	return n;
}

void h7_dcache_enable(void)
{
	uint32_t ccsidr, sets, ways, set_shift, way_shift, set, way;

	if (h7_rd(H7_SCB_CCR) & H7_SCB_CCR_DC)
		return;
	h7_wr(H7_SCB_CSSELR, 0u); /* level 1 data cache */
	h7_dsb();
	ccsidr = h7_rd(H7_SCB_CCSIDR);
	sets = H7_CCSIDR_NUMSETS(ccsidr) + 1u;
	ways = H7_CCSIDR_ASSOC(ccsidr) + 1u;
	set_shift = H7_CCSIDR_LINESIZE(ccsidr) + 4u;
	/* The way number sits in the top bits of DCISW: 32 - log2(ways), rounded up. */
	way_shift = 32u - log2_floor(2u * ways - 1u);
	for (way = 0; way < ways; way++)
		for (set = 0; set < sets; set++)
			h7_wr(H7_SCB_DCISW,
			      (way_shift < 32u ? way << way_shift : 0u) | (set << set_shift));
	h7_dsb();
	h7_wr(H7_SCB_CCR, h7_rd(H7_SCB_CCR) | H7_SCB_CCR_DC);
	h7_dsb();
	h7_isb();
}

void h7_icache_enable(void)
{
	if (h7_rd(H7_SCB_CCR) & H7_SCB_CCR_IC)
		return;
	h7_dsb();
	h7_isb();
	h7_wr(H7_SCB_ICIALLU, 0u);
	h7_dsb();
	h7_isb();
	h7_wr(H7_SCB_CCR, h7_rd(H7_SCB_CCR) | H7_SCB_CCR_IC);
	h7_dsb();
	h7_isb();
}
