/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amplink: one include for applications. An instance is a struct amp the
 * application allocates (statically); nothing in amplink uses the heap.
 *
 *	static struct amp amp;
 *	amp_init(&amp, AMP_ROLE_SLAVE, &my_port);
 *	for (;;) { amp_poll(&amp); ...wait for the IPM interrupt... }
 */
#ifndef AMP_AMP_H
#define AMP_AMP_H

#include "amp/config.h"
#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/link.h"
#include "amp/port.h"
#include "amp/rpmsg.h"
#include "amp/rsc.h"
#include "amp/session.h"
#include "amp/types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_VERSION_MAJOR 0
#define AMP_VERSION_MINOR 1
#define AMP_VERSION_PATCH 0
/* As the HELLO carries it: major << 16 | minor << 8 | patch. */
#define AMP_VERSION_NUMBER                                                                         \
	((uint32_t)AMP_VERSION_MAJOR * 65536u + (uint32_t)AMP_VERSION_MINOR * 256u +               \
	 (uint32_t)AMP_VERSION_PATCH)
/*
 * The version of the library linked in, "major.minor.patch": compare it with
 * AMP_VERSION_* (the headers) to detect headers and library from different
 * releases. The one place the version lives is AMP_VERSION_* above; CMake and
 * the packages read it from there.
 */
const char *amp_version(void);

struct amp {
	struct amp_link link;
	struct amp_sessions sess;
};

/* An amplink peer on the other core: amp_init_config() with peer AMP_PEER_AMPLINK. */
int amp_init(struct amp *amp, enum amp_role role, const struct amp_port *port);
/*
 * cfg->peer AMP_PEER_PLAIN: the other core runs OpenAMP or Linux
 * (docs/interop.md). Errors as amp_link_init_config().
 */
int amp_init_config(struct amp *amp, const struct amp_port *port, const struct amp_config *cfg);

enum amp_mode {
	AMP_MODE_DOWN = 0,     /* no channel yet (handshake, or the peer went away) */
	AMP_MODE_PLAIN = 1,    /* rpmsg endpoints work; the peer does not speak sessions (yet) */
	AMP_MODE_SESSIONS = 2, /* the default session is up: sessions, heartbeats, streams */
};
/* What works right now. AMP_MODE_DOWN for NULL. */
enum amp_mode amp_mode(const struct amp *amp);
/* Drive everything; call from the main loop, a thread, or after the IPM interrupt. */
int amp_poll(struct amp *amp);
/* Handshake done and the default session established (HELLO pair). */
int amp_is_ready(const struct amp *amp);
/* The session manager: open, listen, heartbeat settings. */
struct amp_sessions *amp_sessions(struct amp *amp);
/* The rpmsg device, for creating endpoints. */
struct amp_rpmsg *amp_rpmsg(struct amp *amp);

#ifdef __cplusplus
}
#endif
#endif
