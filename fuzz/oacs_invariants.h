/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OACS_INVARIANTS_H
#define OACS_INVARIANTS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Runs data through an OACS decoder in pieces whose sizes come from the
 * data, and through a server, checking the invariants (oacs_invariants.c).
 * Returns 0; a broken invariant aborts.
 */
int oacs_check_invariants(const uint8_t *data, size_t len);

#endif
