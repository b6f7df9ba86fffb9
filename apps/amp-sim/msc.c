/* SPDX-License-Identifier: BSD-3-Clause */
/* Trace events collected from both roles, written as an mscgen chart. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim.h"

struct sim_events *sim_events_create(void)
{
	/* Shared so that both processes of a two-process run append to it. */
	void *p = mmap(NULL, sizeof(struct sim_events), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void sim_events_hook(void *arg, enum amp_role role, const char *step, const char *ept, uint32_t len)
{
	struct sim_events *evs = arg;
	uint32_t i = atomic_fetch_add((_Atomic uint32_t *)(void *)&evs->count, 1u);
	struct sim_event *e;

	if (i >= SIM_MAX_EVENTS)
		return;
	e = &evs->ev[i];
	e->role = (uint8_t)role;
	snprintf(e->step, sizeof(e->step), "%s", step);
	snprintf(e->ept, sizeof(e->ept), "%s", ept ? ept : "");
	e->len = len;
}

/* The step without its "m." / "s." prefix. */
static const char *bare(const char *step)
{
	return (step[0] == 'm' || step[0] == 's') && step[1] == '.' ? step + 2 : step;
}

static void write_event(FILE *f, const struct sim_event *e)
{
	const char *self = e->role == AMP_ROLE_MASTER ? "m" : "s";
	const char *peer = e->role == AMP_ROLE_MASTER ? "s" : "m";
	const char *name = bare(e->step);

	if (!strcmp(name, "reboot"))
		fprintf(f, "  --- [label=\"%s reboots\"];\n",
			e->role == AMP_ROLE_MASTER ? "master" : "slave");
	else if (!strcmp(name, "ipm_notify"))
		fprintf(f, "  %s=>>%s [label=\"%s\"];\n", self, peer, e->step);
	else if (!strncmp(name, "send(", 5) || !strncmp(name, "recv(", 5))
		fprintf(f, "  %s box %s [label=\"%s %s len=%u\"];\n", self, self, e->step, e->ept,
			e->len);
	else
		fprintf(f, "  %s note %s [label=\"%s\"];\n", self, self, e->step);
}

int sim_msc_write(const struct sim_events *evs, const char *path)
{
	/* both processes bump count: read it once */
	uint32_t n = atomic_load((_Atomic uint32_t *)(void *)&evs->count), i;
	FILE *f = fopen(path, "w");

	if (n > SIM_MAX_EVENTS)
		n = SIM_MAX_EVENTS;

	if (!f)
		return -1;
	fprintf(f, "# amplink run drawn by amp-sim --msc (m = master, s = slave)\n");
	fprintf(f, "msc {\n  hscale = \"1.5\";\n  m [label=\"master (CM7)\"], s [label=\"slave "
		   "(CM4)\"];\n");
	for (i = 0; i < n; i++)
		write_event(f, &evs->ev[i]);
	fprintf(f, "}\n");
	return fclose(f) ? -1 : 0;
}

/* With Debian's mscgen installed, draw FILE.png next to FILE (.msc replaced). */
int sim_msc_render(const char *path)
{
	char png[512];
	const char *dot = strrchr(path, '.');
	size_t stem = dot && !strchr(dot, '/') ? (size_t)(dot - path) : strlen(path);
	pid_t pid;
	int status;

	if (stem + 5 > sizeof(png))
		return -1;
	memcpy(png, path, stem);
	memcpy(png + stem, ".png", 5);
	pid = fork();
	if (pid == 0) {
		execlp("mscgen", "mscgen", "-T", "png", "-i", path, "-o", png, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	if (WEXITSTATUS(status) == 127)
		return 1; /* mscgen not installed: the .msc file is the result */
	if (WEXITSTATUS(status) == 0)
		printf("msc: wrote %s and %s\n", path, png);
	return WEXITSTATUS(status) ? -1 : 0;
}

int sim_msc_finish(const struct sim_events *evs, const char *path)
{
	if (!evs || sim_msc_write(evs, path)) {
		fprintf(stderr, "amp-sim: cannot write %s\n", path);
		return -1;
	}
	if (sim_msc_render(path) < 0) {
		fprintf(stderr, "amp-sim: mscgen could not render %s\n", path);
		return -1;
	}
	return 0;
}

int sim_msc_writable(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	return fclose(f) ? -1 : 0;
}
