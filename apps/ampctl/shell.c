/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ampctl's interactive shell. On a terminal: line editing and history from
 * libedit. Otherwise (a pipe, a file) plain lines read by ampctl itself:
 * libedit's readline crashes on some binary input (libedit 3.1-20221030
 * faults in readline() on random bytes from a pipe, with no ampctl code
 * involved), and a script needs no editing. Either way a line is bounded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "ctl.h"

#define MAX_WORDS 64

static int split(char *line, char **argv)
{
	int argc = 0;
	char *save = NULL, *w;

	for (w = strtok_r(line, " \t\r", &save); w && argc < MAX_WORDS;
	     w = strtok_r(NULL, " \t\r", &save))
		argv[argc++] = w;
	return argc;
}

/*
 * One line of at most CTL_LINE_MAX bytes from a stream into buf (NUL-terminated,
 * without its newline). The rest of a longer line is read and dropped.
 * Returns the line's length, CTL_LINE_TOO_LONG, or -1 at the end of input.
 */
static long read_plain_line(FILE *in, char *buf)
{
	size_t n = 0;
	int c, too_long = 0;

	while ((c = getc(in)) != EOF && c != '\n') {
		if (n < CTL_LINE_MAX)
			buf[n++] = (char)c;
		else
			too_long = 1;
	}
	buf[n] = '\0';
	if (c == EOF && n == 0 && !too_long)
		return -1;
	return too_long ? CTL_LINE_TOO_LONG : (long)n;
}

/* One line from libedit, copied into buf with the same bound. */
static long read_edited_line(char *buf)
{
	char *line = readline("ampctl> ");
	size_t n;

	if (!line)
		return -1;
	n = strlen(line);
	if (n > CTL_LINE_MAX) {
		free(line);
		return CTL_LINE_TOO_LONG;
	}
	if (n)
		add_history(line);
	memcpy(buf, line, n + 1u);
	free(line);
	return (long)n;
}

static int run_line(struct ctl_node *n, const struct ctl_opts *o, char *line, int *quit)
{
	char *argv[MAX_WORDS];
	int argc;

	/* Bytes after a NUL are not part of any command: the line ends there. */
	argc = split(line, argv);
	if (argc && (!strcmp(argv[0], "quit") || !strcmp(argv[0], "exit"))) {
		*quit = 1;
		return 0;
	}
	return argc && ctl_run_command(n, o, argc, argv) != 0;
}

static int shell_lines(struct ctl_node *n, const struct ctl_opts *o, FILE *in, int edit)
{
	static char line[CTL_LINE_MAX + 1u];
	int failures = 0, quit = 0;
	long len;

	printf("ampctl: connected. Type 'help' for the commands, 'quit' to leave.\n");
	if (edit)
		using_history();
	while (!quit && (len = edit ? read_edited_line(line) : read_plain_line(in, line)) != -1) {
		if (len == CTL_LINE_TOO_LONG) {
			fprintf(stderr, "ampctl: line longer than %u bytes ignored\n",
				(unsigned)CTL_LINE_MAX);
			failures++;
			continue;
		}
		failures += run_line(n, o, line, &quit);
	}
	return failures ? 1 : 0;
}

int ctl_shell(struct ctl_node *n, const struct ctl_opts *o)
{
	return shell_lines(n, o, stdin, isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
}
