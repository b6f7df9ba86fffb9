/* SPDX-License-Identifier: BSD-3-Clause */
/* How the library's hot and cold paths are compiled; not part of the public API. */
#ifndef AMP_ATTRS_H
#define AMP_ATTRS_H

/*
 * The message path is inlined whole when optimising for speed; with -Os the
 * compiler decides (code size comes first on the firmware).
 */
#if defined(__GNUC__) && !defined(__OPTIMIZE_SIZE__)
#define AMP_HOT static inline __attribute__((always_inline))
#else
#define AMP_HOT static inline
#endif

/* Off the message path (a wait, an error): kept out of line so that the path stays small. */
#if defined(__GNUC__)
#define AMP_COLD     __attribute__((noinline, cold))
#define AMP_NOINLINE __attribute__((noinline))
#else
#define AMP_COLD
#define AMP_NOINLINE
#endif

#endif
