/* SPDX-License-Identifier: BSD-3-Clause */
/* The firmware's amplink configuration (included by amp/config.h with -DAMP_CONFIG_USER). */
#ifndef AMP_CONFIG_USER_H
#define AMP_CONFIG_USER_H

#define AMP_CFG_TRACE	     0 /* no trace points in the image */
#define AMP_CFG_MAX_EPT	     4
#define AMP_CFG_MAX_SESSIONS 2

#endif
