/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Arm semihosting, only SYS_EXIT_EXTENDED: ends the simulation with an exit
 * code (QEMU run with -semihosting exits with it). Without a debugger or
 * -semihosting the BKPT faults, so firmware for a real board must not call it.
 */
#ifndef V8M_SEMIHOST_H
#define V8M_SEMIHOST_H

#include <stdint.h>

__attribute__((noreturn)) void v8m_semihost_exit(uint32_t code);

#endif
