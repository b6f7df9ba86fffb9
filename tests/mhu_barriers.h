/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The port barriers (include/amp/port.h) of test_mhu: C11 fences, and a
 * doorbell barrier that lets the test see the MHU registers at the moment it
 * runs (AMP_PORT_BARRIERS names this file for test_mhu only).
 */
#ifndef MHU_BARRIERS_H
#define MHU_BARRIERS_H

#include <stdatomic.h>

void mhu_test_doorbell_barrier(void);

#define amp_rmb()	  atomic_thread_fence(memory_order_acquire)
#define amp_wmb()	  atomic_thread_fence(memory_order_release)
#define amp_mb()	  atomic_thread_fence(memory_order_seq_cst)
#define amp_doorbell_mb() mhu_test_doorbell_barrier()

#endif
