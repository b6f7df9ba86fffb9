/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-sim --lockstep: both roles in one process under the seeded scheduler.
 * The master boots first and runs until it waits for the slave, then the
 * slave boots (--slave-first: the other way round); from there a random
 * role is polled at each step.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "amp_lockstep.h"
#include "sim.h"

#define BOOT_IDLE_STEPS	  8u
#define MAX_STEPS_PER_MSG 20000u

static double host_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run one role alone until it has been idle for a few polls. */
static void run_alone(struct amp_lockstep *ls, enum amp_role role)
{
	uint32_t idle = 0, n;

	for (n = 0; n < 10000u && idle < BOOT_IDLE_STEPS; n++)
		idle = amp_lockstep_step(ls, role) > 0 ? 0 : idle + 1u;
}

static void setup_trace(struct amp_lockstep *ls, const struct sim_opts *o, struct sim_events *evs)
{
	int r;

	for (r = 0; r < 2; r++) {
		ls->port[r].trace_out = o->trace ? stdout : NULL;
		if (evs) {
			ls->port[r].trace_hook = sim_events_hook;
			ls->port[r].trace_arg = evs;
		}
	}
}

static void reboot(struct amp_lockstep *ls, struct sim_echo_master *em, struct sim_echo_slave *es,
		   enum amp_role role, struct sim_events *evs)
{
	printf("------ reboot of the %s ------\n", role == AMP_ROLE_MASTER ? "master" : "slave");
	if (evs)
		sim_events_hook(evs, role, role == AMP_ROLE_MASTER ? "m.reboot" : "s.reboot", NULL,
				0);
	amp_lockstep_boot(ls, role);
	if (role == AMP_ROLE_MASTER) {
		sim_echo_master_crashed(em);
		sim_echo_master_attach(em, &ls->amp[role]);
	} else {
		sim_echo_slave_init(es);
		sim_echo_slave_attach(es, &ls->amp[role]);
	}
}

int sim_run_lockstep(const struct sim_opts *o)
{
	uint32_t planned = 0;
	static struct amp_lockstep ls;
	static struct sim_echo_master em;
	static struct sim_echo_slave es;
	struct sim_events *evs = o->msc ? sim_events_create() : NULL;
	enum amp_role first = o->slave_first ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER;
	uint64_t budget = (uint64_t)MAX_STEPS_PER_MSG * (o->messages + 1u);
	double t0, dt;
	int ok;

	if (amp_lockstep_init(&ls, o->seed)) {
		fprintf(stderr, "amp-sim: cannot map the shared region\n");
		return 2;
	}
	setup_trace(&ls, o, evs);
	em.verbose = es.verbose = o->trace;
	sim_echo_master_init(&em, o->seed, o->messages);
	sim_echo_slave_init(&es);
	amp_lockstep_boot(&ls, first);
	sim_echo_master_attach(&em, &ls.amp[AMP_ROLE_MASTER]);
	sim_echo_slave_attach(&es, &ls.amp[AMP_ROLE_SLAVE]);
	run_alone(&ls, first);
	amp_lockstep_boot(&ls, first == AMP_ROLE_MASTER ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER);
	sim_echo_master_attach(&em, &ls.amp[AMP_ROLE_MASTER]);
	sim_echo_slave_attach(&es, &ls.amp[AMP_ROLE_SLAVE]);
	t0 = host_seconds();
	while (!sim_echo_master_done(&em) && ls.steps < budget) {
		enum amp_role r = amp_lockstep_pick(&ls);

		if (planned < o->n_planned && em.received >= o->planned_after[planned])
			reboot(&ls, &em, &es, (enum amp_role)o->planned_role[planned++], evs);
		amp_lockstep_step(&ls, r);
		if (r == AMP_ROLE_MASTER)
			sim_echo_master_tick(&em, &ls.amp[AMP_ROLE_MASTER]);
		else
			sim_echo_slave_tick(&es, &ls.amp[AMP_ROLE_SLAVE]);
	}
	dt = host_seconds() - t0;
	ok = sim_echo_master_done(&em) && !em.errors;
	printf("echo: messages=%u bytes=%llu errors=%u round_trips_per_s=%.0f steps=%llu%s\n",
	       em.received, (unsigned long long)em.bytes, em.errors + (em.received < em.target),
	       dt > 0 ? em.received / dt : 0.0, (unsigned long long)ls.steps,
	       ok ? "" : " (incomplete)");
	if (o->msc && sim_msc_finish(evs, o->msc))
		ok = 0;
	amp_lockstep_fini(&ls);
	return ok ? 0 : 1;
}
