/* SPDX-License-Identifier: BSD-3-Clause */
/* Board support for the STM32H747I-DISCO (see h7_board.h). */
#include "h7_board.h"

#include "amp/errors.h"
#include "clock.h"
#include "h7_boot.h"
#include "h7_io.h"
#include "h7_regs.h"

_Static_assert((H7_TRACE_SIZE & (H7_TRACE_SIZE - 1u)) == 0u, "trace ring size: power of two");

/* Bounded waits, in polls of a status register. */
#define PWR_READY_POLLS	   1000000u
#define UART_TXE_POLLS	   20000u /* one character at 115200 baud is ~5600 cycles at 64 MHz */
#define CONSOLE_LOCK_POLLS 200000u

static uint32_t reset_flags;
static uint8_t reset_flags_read;
static const struct h7_hsem *console_hsem;
static uint32_t console_dropped;

__attribute__((section(".trace_ring"))) struct h7_trace_ring h7_trace;

static void set_bits(uintptr_t addr, uint32_t bits)
{
	h7_wr(addr, h7_rd(addr) | bits);
}

static void set_field(uintptr_t addr, uint32_t shift, uint32_t width, uint32_t val)
{
	uint32_t mask = ((1u << width) - 1u) << shift;

	h7_wr(addr, (h7_rd(addr) & ~mask) | ((val << shift) & mask));
}

void h7_board_clocks(void)
{
	set_bits(H7_RCC_BASE + H7_RCC_AHB4ENR, H7_RCC_AHB4ENR_HSEM | H7_RCC_AHB4ENR_GPIOA);
	set_bits(H7_RCC_BASE + H7_RCC_APB2ENR, H7_RCC_APB2ENR_USART1);
	/* The enable takes effect a couple of bus clocks later: read it back first. */
	(void)h7_rd(H7_RCC_BASE + H7_RCC_APB2ENR);
	h7_dsb();
}

int h7_power_init(void)
{
	uint32_t i, cr3 = h7_rd(H7_PWR_BASE + H7_PWR_CR3) & ~H7_PWR_CR3_SUPPLY_MASK;

#if defined(H7_SUPPLY_LDO)
	cr3 |= H7_PWR_CR3_LDOEN;
#else
	/* STM32H747I-DISCO: the SMPS supplies VCORE directly (direct SMPS mode). */
	cr3 |= H7_PWR_CR3_SDEN;
#endif
	/* Write-once after power-on: after a core-only reset this write is ignored. */
	h7_wr(H7_PWR_BASE + H7_PWR_CR3, cr3);
	for (i = 0; i < PWR_READY_POLLS; i++)
		if (h7_rd(H7_PWR_BASE + H7_PWR_CSR1) & H7_PWR_CSR1_ACTVOSRDY)
			return AMP_OK;
	return AMP_ETIMEDOUT;
}

uint32_t h7_reset_flags(void)
{
	if (!reset_flags_read) {
		reset_flags = h7_rd(H7_RCC_BASE + H7_RCC_RSR);
		/* Clear them so that the next reset's flags stand alone. */
		h7_wr(H7_RCC_BASE + H7_RCC_RSR, reset_flags | H7_RCC_RSR_RMVF);
		reset_flags_read = 1;
	}
	return reset_flags;
}

int h7_system_reset(void)
{
	return h7_reset_is_system(h7_reset_flags());
}

void SysTick_Handler(void);

void SysTick_Handler(void)
{
	cm_clock_systick_isr();
}

void h7_systick_init(void)
{
	cm_clock_init(H7_CPU_HZ);
}

uint32_t h7_millis(void)
{
	return cm_clock_now_ms();
}

static void uart_pins(void)
{
	const uintptr_t a = H7_GPIOA_BASE;

	set_field(a + H7_GPIO_AFRH, (9u - 8u) * 4u, 4u, H7_USART1_AF);	/* PA9: TX */
	set_field(a + H7_GPIO_AFRH, (10u - 8u) * 4u, 4u, H7_USART1_AF); /* PA10: RX */
	set_field(a + H7_GPIO_PUPDR, 10u * 2u, 2u, 1u);			/* RX idles high */
	set_field(a + H7_GPIO_MODER, 9u * 2u, 2u, H7_GPIO_MODE_AF);
	set_field(a + H7_GPIO_MODER, 10u * 2u, 2u, H7_GPIO_MODE_AF);
}

void h7_console_init(const struct h7_hsem *hsem, int owner)
{
	const uintptr_t u = H7_USART1_BASE;

	console_hsem = hsem;
	if (!owner)
		return;
	uart_pins();
	h7_wr(u + H7_USART_CR1, 0u);
	/* Oversampling by 16: BRR = kernel clock / baud, rounded. */
	h7_wr(u + H7_USART_BRR, (H7_CPU_HZ + H7_CONSOLE_BAUD / 2u) / H7_CONSOLE_BAUD);
	h7_wr(u + H7_USART_CR1, H7_USART_CR1_UE | H7_USART_CR1_TE | H7_USART_CR1_RE);
}

static int uart_putc(char c)
{
	const uintptr_t u = H7_USART1_BASE;
	uint32_t i;

	for (i = 0; i < UART_TXE_POLLS; i++) {
		if (h7_rd(u + H7_USART_ISR) & H7_USART_ISR_TXE) {
			h7_wr(u + H7_USART_TDR, (uint8_t)c);
			return 1;
		}
	}
	return 0;
}

static int console_lock(void)
{
	uint32_t i;

	for (i = 0; i < CONSOLE_LOCK_POLLS; i++)
		if (h7_hsem_lock(console_hsem, H7_SEM_CONSOLE, 0u) == AMP_OK)
			return 1;
	return 0;
}

static void console_write(const char *s, size_t n)
{
	size_t i;

	if (!console_hsem || !(h7_rd(H7_USART1_BASE + H7_USART_CR1) & H7_USART_CR1_UE) ||
	    !console_lock()) {
		console_dropped++;
		return;
	}
	for (i = 0; i < n; i++)
		if (!uart_putc(s[i]))
			break;
	h7_hsem_unlock(console_hsem, H7_SEM_CONSOLE, 0u);
}

void h7_line_start(struct h7_line *l, const char *s)
{
	l->len = 0;
	h7_line_str(l, s);
}

void h7_line_str(struct h7_line *l, const char *s)
{
	while (s && *s && l->len < sizeof(l->buf) - 2u)
		l->buf[l->len++] = *s++;
}

void h7_line_u32(struct h7_line *l, uint32_t v)
{
	char d[11];
	uint32_t n = 0;

	do {
		d[n++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	while (n && l->len < sizeof(l->buf) - 2u)
		l->buf[l->len++] = d[--n];
}

void h7_line_i32(struct h7_line *l, int32_t v)
{
	if (v < 0) {
		h7_line_str(l, "-");
		h7_line_u32(l, 0u - (uint32_t)v);
	} else {
		h7_line_u32(l, (uint32_t)v);
	}
}

void h7_line_hex(struct h7_line *l, uint32_t v)
{
	static const char hex[] = "0123456789abcdef";
	int shift;

	h7_line_str(l, "0x");
	for (shift = 28; shift >= 0 && l->len < sizeof(l->buf) - 2u; shift -= 4)
		l->buf[l->len++] = hex[(v >> shift) & 0xFu];
}

void h7_line_send(struct h7_line *l)
{
	h7_trace_write(l->buf, l->len);
	h7_trace_write("\n", 1);
	l->buf[l->len++] = '\r';
	l->buf[l->len++] = '\n';
	console_write(l->buf, l->len);
	l->len = 0;
}

void h7_say(const char *a, const char *b)
{
	struct h7_line l;

	h7_line_start(&l, a);
	h7_line_str(&l, b);
	h7_line_send(&l);
}

void h7_say_i32(const char *a, int32_t v)
{
	struct h7_line l;

	h7_line_start(&l, a);
	h7_line_i32(&l, v);
	h7_line_send(&l);
}

void h7_trace_init(void)
{
	uint32_t i;

	/*
	 * After a core reset, keep what the earlier run left, for the debugger.
	 * After power-on the RAM holds garbage (and garbage ECC): do not read
	 * it, initialise it with whole-word writes.
	 */
	if (!(h7_reset_flags() & (H7_RCC_RSR_PORRSTF | H7_RCC_RSR_BORRSTF)) &&
	    h7_trace.magic == H7_TRACE_MAGIC && h7_trace.size == H7_TRACE_SIZE) {
		h7_trace.boots++;
		return;
	}
	for (i = 0; i < H7_TRACE_SIZE / 4u; i++)
		h7_trace.buf.words[i] = 0u;
	h7_trace.size = H7_TRACE_SIZE;
	h7_trace.head = 0;
	h7_trace.boots = 0;
	h7_trace.magic = H7_TRACE_MAGIC;
}

void h7_trace_write(const char *s, size_t n)
{
	uint32_t head = h7_trace.head;
	size_t i;

	for (i = 0; i < n; i++)
		h7_trace.buf.text[head++ & (H7_TRACE_SIZE - 1u)] = s[i];
	h7_trace.head = head;
}

void h7_trace_step(const char *step, const char *ept, uint32_t len)
{
	struct h7_line l;

	h7_line_start(&l, step);
	if (ept) {
		h7_line_str(&l, "<ept=");
		h7_line_str(&l, ept);
		h7_line_str(&l, ">");
	}
	if (len) {
		h7_line_str(&l, " ");
		h7_line_u32(&l, len);
	}
	h7_line_str(&l, "\n");
	h7_trace_write(l.buf, l.len);
}
