/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The firmware application (apps/firmware/fw.h) on this board: its lines go
 * to the shared console (and the trace ring) with the core's prefix, "m: "
 * from the CM7 and "s: " from the CM4; its clock is SysTick.
 */
#ifndef H7_APP_H
#define H7_APP_H

#include "fw.h"

extern const struct fw_board h7_app_board;

#endif
