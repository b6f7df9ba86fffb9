/* SPDX-License-Identifier: BSD-3-Clause */
/* The SSE-200's interrupt lines in the vector table, after the architecture's 16 words. */
#include "sse200.h"
#include "startup.h"

__attribute__((weak)) void sse200_mhu0_irq_handler(void)
{
	v8m_default_handler();
}

__attribute__((weak)) void sse200_mhu1_irq_handler(void)
{
	v8m_default_handler();
}

#define D   v8m_default_handler
#define D4  D, D, D, D
#define D16 D4, D4, D4, D4

__attribute__((section(".vectors.irq"), used)) const v8m_handler sse200_irq_vectors[] = {
    D4,
    D,
    D,			     /* 0..5 */
    sse200_mhu0_irq_handler, /* 6 */
    sse200_mhu1_irq_handler, /* 7 */
    D4,
    D4,
    D16, /* 8..31 */
};

_Static_assert(sizeof(sse200_irq_vectors) == 4u * SSE200_NUM_IRQ, "one vector per line");
_Static_assert(SSE200_MHU0_IRQ == 6u && SSE200_MHU1_IRQ == 7u,
	       "vector table rows match the IRQ numbers");
