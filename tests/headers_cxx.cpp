/* SPDX-License-Identifier: BSD-3-Clause */
/* Every public header, compiled as C++17 with -Wall -Wextra -Werror warnings as errors. */
#include "amp/amp.h"
#include "amp/comm_buffer.h"
#include "amp/config.h"
#include "amp/crc.h"
#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/link.h"
#include "amp/oacs.h"
#include "amp/oacs_service.h"
#include "amp/openamp.h"
#include "amp/port.h"
#include "amp/rpmsg.h"
#include "amp/rsc.h"
#include "amp/session.h"
#include "amp/shm.h"
#include "amp/stream.h"
#include "amp/trace.h"
#include "amp/types.h"
#include "amp/virtio.h"
#include "amp/OpenAMPStream.hpp"

int main()
{
	struct amp a = {};
	amplink::OpenAMPStream *s = nullptr;

	(void)a;
	(void)s;
	return amp_strerror(AMP_EMSGSIZE)[0] == 'A' ? 0 : 1;
}
