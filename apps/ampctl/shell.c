/* SPDX-License-Identifier: BSD-3-Clause */
/* ampctl's interactive shell: line editing and history from libedit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <editline/readline.h>

#include "ctl.h"

#define MAX_WORDS 64

static int split(char *line, char **argv)
{
	int argc = 0;
	char *save = NULL, *w;

	for (w = strtok_r(line, " \t", &save); w && argc < MAX_WORDS;
	     w = strtok_r(NULL, " \t", &save))
		argv[argc++] = w;
	return argc;
}

int ctl_shell(struct ctl_node *n, const struct ctl_opts *o)
{
	char *argv[MAX_WORDS];
	char *line;
	int failures = 0;

	printf("ampctl: connected. Type 'help' for the commands, 'quit' to leave.\n");
	using_history();
	while ((line = readline("ampctl> ")) != NULL) {
		int argc;

		if (*line)
			add_history(line);
		argc = split(line, argv);
		if (argc && (!strcmp(argv[0], "quit") || !strcmp(argv[0], "exit"))) {
			free(line);
			break;
		}
		if (argc)
			failures += ctl_run_command(n, o, argc, argv) != 0;
		free(line);
	}
	return failures ? 1 : 0;
}
