/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OACS frame codec and server on arbitrary bytes, through the library's
 * own fuzz entry (src/oacs/oacs_fuzz.c): the decoder must find the same
 * frames and count the same errors whatever the split of the bytes, and a
 * server fed them must answer with bounded work and only well-formed frames.
 */
#include "amp/oacs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)amp_oacs_fuzz_one(data, size);
	return 0;
}
