/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OACS frame codec and server on arbitrary bytes, through the library's
 * invariants (oacs_invariants.c): the decoder must find the same
 * frames and count the same errors whatever the split of the bytes, and a
 * server fed them must answer with bounded work and only well-formed frames.
 */
#include "oacs_invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)oacs_check_invariants(data, size);
	return 0;
}
