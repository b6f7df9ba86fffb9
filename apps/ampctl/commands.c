/* SPDX-License-Identifier: BSD-3-Clause */
/* ampctl's commands: ping, info, stats, sessions, help. Text or JSON out. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctl.h"

struct ctl_cmd {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv);
};

static void json_string(const char *s, size_t len)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7F)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* The outcome of a request as a message on stderr; 0 when it succeeded. */
static int check(const char *cmd, int rc, const struct ctl_reply *r)
{
	if (rc < 0) {
		fprintf(stderr, "ampctl: %s: %s\n", cmd, amp_strerror(rc));
		return 1;
	}
	if (r->status < 0) {
		fprintf(stderr, "ampctl: %s: %s\n", cmd, amp_strerror(r->status));
		return 1;
	}
	if (r->status > 0) {
		fprintf(stderr, "ampctl: %s: the slave answered %s\n", cmd,
			amp_oacs_status_name(r->status));
		return 1;
	}
	return 0;
}

static int cmd_ping(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv)
{
	char text[AMP_OACS_PAYLOAD_MAX + 1];
	struct ctl_reply r;
	struct timespec a, b;
	size_t len = 0;
	double ms;
	int i, rc;

	text[0] = '\0';
	for (i = 1; i < argc; i++) {
		size_t l = strlen(argv[i]);

		if (len + l + (i > 1) > AMP_OACS_PAYLOAD_MAX) {
			fprintf(stderr, "ampctl: ping: text longer than %u bytes\n",
				AMP_OACS_PAYLOAD_MAX);
			return 1;
		}
		if (i > 1)
			text[len++] = ' ';
		memcpy(text + len, argv[i], l);
		len += l;
	}
	if (argc < 2) {
		strcpy(text, "ping");
		len = 4;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = ctl_request(n, AMP_OACS_CMD_PING, text, (uint16_t)len, o->timeout_ms, &r);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	if (check("ping", rc, &r))
		return 1;
	if (r.len != len || memcmp(r.payload, text, len)) {
		fprintf(stderr, "ampctl: ping: the echo differs from what was sent\n");
		return 1;
	}
	if (o->json) {
		printf("{\"command\":\"ping\",\"reply\":");
		json_string((const char *)r.payload, r.len);
		printf(",\"rtt_ms\":%.3f}\n", ms);
	} else {
		printf("%.*s\n", (int)r.len, (const char *)r.payload);
		printf("round trip: %.3f ms\n", ms);
	}
	return 0;
}

static int cmd_info(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv)
{
	struct amp_oacs_info in;
	struct ctl_reply r;
	int rc;

	(void)argc;
	(void)argv;
	rc = ctl_request(n, AMP_OACS_CMD_GET_INFO, NULL, 0, o->timeout_ms, &r);
	if (check("info", rc, &r))
		return 1;
	if (amp_oacs_info_decode(r.payload, r.len, &in)) {
		fprintf(stderr, "ampctl: info: malformed reply\n");
		return 1;
	}
	if (o->json) {
		printf("{\"command\":\"info\",\"role\":\"%s\",\"library\":\"%u.%u.%u\",\"oacs_"
		       "version\":%u,"
		       "\"board\":",
		       in.role == AMP_ROLE_SLAVE ? "slave" : "master", in.lib_major, in.lib_minor,
		       in.lib_patch, in.oacs_version);
		json_string(in.board, sizeof(in.board));
		printf(",\"uptime_ms\":%u,\"rpmsg_buf_size\":%u,\"rpmsg_payload_max\":%u,"
		       "\"vring_num\":%u,\"max_endpoints\":%u,\"oacs_payload_max\":%u,"
		       "\"stream_rx_size\":%u,\"stream_tx_size\":%u}\n",
		       in.uptime_ms, in.rpmsg_buf_size, in.rpmsg_payload_max, in.vring_num,
		       in.max_endpoints, in.oacs_payload_max, in.stream_rx_size, in.stream_tx_size);
		return 0;
	}
	printf("role:              %s\n", in.role == AMP_ROLE_SLAVE ? "slave" : "master");
	printf("library:           amplink %u.%u.%u\n", in.lib_major, in.lib_minor, in.lib_patch);
	printf("oacs:              version %u, payload up to %u bytes\n", in.oacs_version,
	       in.oacs_payload_max);
	printf("board:             %.*s\n", (int)strnlen(in.board, sizeof(in.board)), in.board);
	printf("uptime:            %u ms\n", in.uptime_ms);
	printf("rpmsg buffers:     %u x %u bytes per direction (%u payload)\n", in.vring_num,
	       in.rpmsg_buf_size, in.rpmsg_payload_max);
	printf("endpoints:         %u\n", in.max_endpoints);
	printf("oacs stream rings: rx %u, tx %u bytes\n", in.stream_rx_size, in.stream_tx_size);
	return 0;
}

static int cmd_stats(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv)
{
	struct amp_oacs_stats_info st;
	struct ctl_reply r;
	int rc;

	(void)argc;
	(void)argv;
	rc = ctl_request(n, AMP_OACS_CMD_GET_STATS, NULL, 0, o->timeout_ms, &r);
	if (check("stats", rc, &r))
		return 1;
	if (amp_oacs_stats_decode(r.payload, r.len, &st)) {
		fprintf(stderr, "ampctl: stats: malformed reply\n");
		return 1;
	}
	printf(o->json ? "{\"command\":\"stats\",\"tx_msgs\":%u,\"rx_msgs\":%u,\"tx_bytes\":%u,"
			 "\"rx_bytes\":%u,\"drops\":%u,\"crc_errors\":%u,\"reconnects\":%u,"
			 "\"missed_heartbeats\":%u,\"oacs_requests\":%u,\"oacs_errors\":%u,"
			 "\"oacs_bad_frames\":%u}\n"
		       : "messages:          %u sent, %u received\n"
			 "bytes:             %u sent, %u received\n"
			 "drops:             %u\n"
			 "crc errors:        %u\n"
			 "reconnects:        %u\n"
			 "missed heartbeats: %u\n"
			 "oacs:              %u requests, %u errors, %u bad frames\n",
	       st.tx_msgs, st.rx_msgs, st.tx_bytes, st.rx_bytes, st.drops, st.crc_errors,
	       st.reconnects, st.missed_heartbeats, st.oacs_requests, st.oacs_errors,
	       st.oacs_bad_frames);
	return 0;
}

static const char *state_name(uint8_t s)
{
	static const char *const names[] = {"free",    "want-open", "opening",
					    "probing", "accepted",  "established"};

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

static int cmd_sessions(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv)
{
	struct amp_oacs_sessions_page pg;
	uint16_t first = 0, shown = 0;
	struct ctl_reply r;
	int i;

	(void)argc;
	(void)argv;
	if (o->json)
		printf("{\"command\":\"sessions\",\"sessions\":[");
	else
		printf("%-10s %-24s %-12s %6s %6s %10s %10s\n", "id", "name", "state", "local",
		       "remote", "rx bytes", "tx bytes");
	do {
		uint8_t req[2] = {(uint8_t)first, (uint8_t)(first >> 8)};

		int rc = ctl_request(n, AMP_OACS_CMD_LIST_SESSIONS, req, 2, o->timeout_ms, &r);
		if (check("sessions", rc, &r))
			return 1;
		if (amp_oacs_sessions_page_decode(r.payload, r.len, &pg)) {
			fprintf(stderr, "ampctl: sessions: malformed reply\n");
			return 1;
		}
		for (i = 0; i < pg.count; i++) {
			struct amp_oacs_session_info s;

			if (amp_oacs_session_decode(pg.entries + i * pg.entry_len, pg.entry_len,
						    &s))
				continue;
			if (o->json) {
				printf("%s{\"id\":%u,\"name\":", shown ? "," : "", s.id);
				json_string(s.name, sizeof(s.name));
				printf(
				    ",\"state\":\"%s\",\"local\":%u,\"remote\":%u,\"rx_bytes\":%u,"
				    "\"tx_bytes\":%u}",
				    state_name(s.state), s.local_addr, s.remote_addr, s.rx_bytes,
				    s.tx_bytes);
			} else {
				printf("0x%08x %-24.*s %-12s %6u %6u %10u %10u\n", s.id,
				       (int)strnlen(s.name, sizeof(s.name)), s.name,
				       state_name(s.state), s.local_addr, s.remote_addr, s.rx_bytes,
				       s.tx_bytes);
			}
			shown++;
		}
		first = (uint16_t)(pg.first + pg.count);
	} while (pg.count && first < pg.total);
	if (o->json)
		printf("]}\n");
	return 0;
}

static int cmd_help(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv);

static const struct ctl_cmd commands[] = {
    {"ping", "[text]",
     "echo text (default \"ping\") through the slave; print it and the round trip", cmd_ping},
    {"info", "", "the slave's role, versions, board, uptime and buffer sizes", cmd_info},
    {"stats", "", "the slave's message, byte, drop, CRC, reconnect and heartbeat counters",
     cmd_stats},
    {"sessions", "", "the slave's sessions", cmd_sessions},
    {"help", "", "this list", cmd_help},
};

void ctl_print_help(FILE *f)
{
	size_t i;

	fprintf(f, "commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %-7s %s\n", commands[i].name, commands[i].args,
			commands[i].help);
}

static int cmd_help(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv)
{
	(void)n;
	(void)argc;
	(void)argv;
	if (o->json) {
		printf("{\"command\":\"help\",\"commands\":[\"ping\",\"info\",\"stats\","
		       "\"sessions\",\"help\"]}\n");
		return 0;
	}
	ctl_print_help(stdout);
	return 0;
}

static const struct ctl_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

int ctl_command_known(const char *name)
{
	return find_command(name) != NULL;
}

int ctl_run_command(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv)
{
	const struct ctl_cmd *c = find_command(argv[0]);

	if (c)
		return c->run(n, o, argc, argv);
	fprintf(stderr, "ampctl: unknown command '%s' (try: help)\n", argv[0]);
	return 2;
}
