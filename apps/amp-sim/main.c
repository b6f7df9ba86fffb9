/* SPDX-License-Identifier: BSD-3-Clause */
/* amp-sim: both cores of an AMP system simulated on the host. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: amp-sim [--lockstep] [--seed N] [--trace] [--messages N] [--msc FILE]\n"
		"               [--slave-first] [--timeout SECONDS] [--reboot master|slave@N]...\n"
		"       amp-sim --lockstep --soak --reboots N [--seed N]\n"
		"       amp-sim --lockstep --soak --scribble ROUNDS [--seed N]\n"
		"       amp-sim --lockstep --exhaustive [--seed N]\n"
		"       amp-sim --kill-soak N [--seed N]\n"
		"       amp-sim --scribble-procs ROUNDS [--seed N]\n");
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "slave@3": reboot the slave once 3 echo messages came back. */
static int parse_reboot(const char *arg, struct sim_opts *o)
{
	const char *at = strchr(arg, '@');
	uint64_t n;
	size_t len;

	if (!at || o->n_planned >= 8 || parse_u64(at + 1, 100000000u, &n))
		return -1;
	len = (size_t)(at - arg);
	if (len == 6 && !strncmp(arg, "master", 6))
		o->planned_role[o->n_planned] = AMP_ROLE_MASTER;
	else if (len == 5 && !strncmp(arg, "slave", 5))
		o->planned_role[o->n_planned] = AMP_ROLE_SLAVE;
	else
		return -1;
	o->planned_after[o->n_planned++] = (uint32_t)n;
	return 0;
}

static int bad_value(const char *opt, const char *arg, const char *want)
{
	fprintf(stderr, "amp-sim: bad %s '%s' (%s)\n", opt, arg, want);
	usage(stderr);
	return -1;
}

static int parse_args(int argc, char **argv, struct sim_opts *o)
{
	static const struct option longopts[] = {
	    {"lockstep", no_argument, 0, 'l'},
	    {"seed", required_argument, 0, 's'},
	    {"trace", no_argument, 0, 't'},
	    {"messages", required_argument, 0, 'n'},
	    {"msc", required_argument, 0, 'c'},
	    {"slave-first", no_argument, 0, 'f'},
	    {"timeout", required_argument, 0, 'T'},
	    {"help", no_argument, 0, 'h'},
	    {"soak", no_argument, 0, 'S'},
	    {"reboots", required_argument, 0, 'R'},
	    {"exhaustive", no_argument, 0, 'E'},
	    {"kill-soak", required_argument, 0, 'K'},
	    {"reboot", required_argument, 0, 'B'},
	    {"scribble", required_argument, 0, 'X'},
	    {"scribble-procs", required_argument, 0, 'P'},
	    {0, 0, 0, 0},
	};
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			o->lockstep = 1;
			break;
		case 't':
			o->trace = 1;
			break;
		case 'f':
			o->slave_first = 1;
			break;
		case 'c':
			/* Checked now: a run that cannot keep its chart does not start. */
			if (sim_msc_writable(optarg))
				return bad_value("--msc", optarg, strerror(errno));
			o->msc = optarg;
			break;
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &o->seed))
				return bad_value("--seed", optarg, "0..2^64-1");
			break;
		case 'n':
			if (parse_u64(optarg, 100000000u, &v))
				return bad_value("--messages", optarg, "0..100000000");
			o->messages = (uint32_t)v;
			break;
		case 'T':
			if (parse_u64(optarg, 86400u, &v) || !v)
				return bad_value("--timeout", optarg, "1..86400 seconds");
			o->timeout_s = (uint32_t)v;
			break;
		case 'S':
			o->soak = 1;
			break;
		case 'E':
			o->exhaustive = 1;
			break;
		case 'R':
			if (parse_u64(optarg, 100000000u, &v))
				return bad_value("--reboots", optarg, "0..100000000");
			o->reboots = (uint32_t)v;
			break;
		case 'K':
			if (parse_u64(optarg, 100000000u, &v) || !v)
				return bad_value("--kill-soak", optarg, "1..100000000");
			o->kill_soak = (uint32_t)v;
			break;
		case 'X':
			if (parse_u64(optarg, 1000000u, &v) || !v)
				return bad_value("--scribble", optarg, "1..1000000 rounds");
			o->scribble = (uint32_t)v;
			break;
		case 'P':
			if (parse_u64(optarg, 1000000u, &v) || !v)
				return bad_value("--scribble-procs", optarg, "1..1000000 rounds");
			o->scribble = (uint32_t)v;
			o->scribble_procs = 1;
			break;
		case 'B':
			if (parse_reboot(optarg, o))
				return bad_value("--reboot", optarg,
						 "master@N or slave@N, at most 8 of them");
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if ((o->soak || o->exhaustive) && !o->lockstep) {
		fprintf(stderr, "amp-sim: --soak and --exhaustive run in --lockstep mode\n");
		usage(stderr);
		return -1;
	}
	if (o->n_planned && !o->lockstep) {
		fprintf(stderr,
			"amp-sim: --reboot runs in --lockstep mode (two processes: --kill-soak)\n");
		usage(stderr);
		return -1;
	}
	if (o->msc && (o->soak || o->exhaustive || o->kill_soak)) {
		fprintf(stderr, "amp-sim: --msc draws an echo run, not --soak, --exhaustive or "
				"--kill-soak\n");
		usage(stderr);
		return -1;
	}
	if (o->scribble_procs && (o->lockstep || o->soak || o->kill_soak || o->msc)) {
		fprintf(stderr, "amp-sim: --scribble-procs runs three processes on its own\n");
		usage(stderr);
		return -1;
	}
	if (o->kill_soak && o->lockstep) {
		fprintf(stderr, "amp-sim: --kill-soak runs two processes, not --lockstep\n");
		usage(stderr);
		return -1;
	}
	if (optind != argc) {
		fprintf(stderr, "amp-sim: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sim_opts o = {.seed = 1, .messages = 10, .timeout_s = 60};

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv, &o))
		return 2;
	if (o.scribble_procs)
		return sim_run_scribble_procs(&o);
	if (o.soak && o.scribble)
		return sim_run_scribble(&o);
	if (o.soak)
		return sim_run_soak(&o);
	if (o.exhaustive)
		return sim_run_exhaustive(&o);
	if (o.kill_soak)
		return sim_run_kill_soak(&o);
	return o.lockstep ? sim_run_lockstep(&o) : sim_run_processes(&o);
}
