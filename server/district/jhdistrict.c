/* jhdistrict.c — the district's appointment book (docs/DISTRICT.md, jhdistrict(8)): options,
 * the schema at start-up, `jhdistrict import` of hall files, and the event loop serving the
 * line protocol over a pool of PostgreSQL connections. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "appt_id.h"
#include "appt_time.h"
#include "clock.h"
#include "csv.h"
#include "dist_import.h"
#include "dist_ops.h"
#include "dist_sql.h"
#include "jhcli.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "tls.h"
#include "pgpool.h"

#define PROG "jhdistrict"
#define SCHEMA_WAIT_S	30	/* how long start-up waits for a primary */

static void
pool_tick(void *arg)
{
	pgpool_tick(arg);
}

static void
minute_tick(void *arg)
{
	net_tick();
	dist_ops_day_tick();
}

static void
turn_end(void *arg)
{
	net_turn_end();
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: jhdistrict --db CONNINFO [--listen HOST:PORT] [--port-file FILE]\n"
	    "           [--tls-listen HOST:PORT --tls-cert FILE --tls-key FILE]\n"
	    "           [--tls-port-file FILE] [--allow-plain]\n"
	    "           [--key-dir DIR] [--conns N] [--timezone TZ] [--max-open K]\n"
	    "           [--noshow-limit N] [--noshow-window DUR] [--ban DUR] [--log-level LEVEL]\n"
	    "           [--centre-tokens FILE] [--frontend-tokens FILE] [--test-clock ISO8601]\n"
	    "       jhdistrict --db CONNINFO [--centre CODE] import HALL-FILE...\n"
	    "       jhdistrict --db CONNINFO [--timezone TZ] export FROM TO [BY]\n"
	    "       jhdistrict --help | --version\n"
	    "  --db          libpq connection string; for a primary and standbys a host list with\n"
	    "                target_session_attrs=read-write\n"
	    "  --listen      TCP address (default " JH_DEFAULT_DISTRICT "; port 0 picks a free one);\n"
	    "                plain TCP: a loopback address only, unless --allow-plain\n"
	    "  --tls-listen  TCP address for TLS (centres, jhweb, jhcall with the hall CA), with\n"
	    "                --tls-cert and --tls-key (PEM; jhctl ca issue makes them)\n"
	    "  --tls-port-file  write the bound TLS port there once listening\n"
	    "  --allow-plain  let --listen take an address that is not loopback (IDs, names and\n"
	    "                centre tokens then cross the network in the clear)\n"
	    "  --key-dir     directory of the ID-hashing key " APPT_KEY_FILE " (default .)\n"
	    "  --conns       database connections (default 4)\n"
	    "  --centre-tokens  a line CODE TOKEN per centre: who may send a centre's events,\n"
	    "                read its changes and publish its hall (without it, nobody)\n"
	    "  --frontend-tokens  a line NAME TOKEN per front end (jhweb --district-token): who\n"
	    "                may send the citizens' ops and stats (without it, nobody)\n"
	    "  --timezone    the district's zone (default Asia/Shanghai)\n"
	    "  --max-open    open bookings one ID may hold at all centres (default 3)\n"
	    "  --noshow-limit, --noshow-window, --ban  more than N no-shows within DUR ban the\n"
	    "                ID for DUR (default 3, 30d, 30d)\n"
	    "  --test-clock  tests only: the clock stands still at this time\n");
}

/* The schema, over a blocking connection (start-up and import): 0, or -1 with a message. */
static int
schema(PGconn *pg)
{
	PGresult *r = PQexec(pg, dist_sql_schema);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		log_error("schema: %s", PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

static PGconn *
connect_wait(const char *conninfo, int wait_s)
{
	for (int i = 0;; i++) {
		PGconn *pg = PQconnectdb(conninfo);

		if (PQstatus(pg) == CONNECTION_OK)
			return pg;
		if (i >= wait_s * 4) {
			log_error("database: %s", PQerrorMessage(pg));
			PQfinish(pg);
			return NULL;
		}
		PQfinish(pg);
		usleep(250000);
	}
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int
cmd_import(const char *conninfo, const char *centre, int argc, char **argv)
{
	PGconn *pg;
	int rc = 0;

	if (argc < 1)
		return jh_arg_error(PROG, "import: name at least one hall file");
	if (centre && argc > 1)
		return jh_arg_error(PROG, "import: --centre names the centre of one hall file only");
	if (!(pg = connect_wait(conninfo, 0)) || schema(pg) != 0) {
		PQfinish(pg);
		return 1;
	}
	for (int i = 0; i < argc; i++) {
		char *text = read_file(argv[i]), *p[DIST_IMPORT_NPARAMS], err[256];
		PGresult *r;
		int n;

		if (!text) {
			fprintf(stderr, PROG ": %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		if (dist_import_params(text, centre, clock_now(), p, &n, err, sizeof err) != 0) {
			fprintf(stderr, PROG ": %s: %s\n", argv[i], err);
			free(text);
			rc = 1;
			continue;
		}
		free(text);
		r = PQexecParams(pg, dist_sql_import, DIST_IMPORT_NPARAMS, NULL,
		    (const char *const *)p, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, PROG ": %s: %s", argv[i], PQresultErrorMessage(r));
			rc = 1;
		} else {
			printf("%s: centre %s: %d slots published\n", argv[i], p[0], n);
		}
		PQclear(r);
		dist_import_free(p);
	}
	PQfinish(pg);
	return rc;
}

/* export FROM TO [BY]: the stats op's figures as CSV on standard output. */
static int
cmd_export(const char *conninfo, const char *tz, int argc, char **argv)
{
	/* the row's fields, then walk_in's and tickets' (named walk_in_..., tickets_...) */
	static const struct { const char *group, *name; } cols[] = { { NULL, "key" },
		{ NULL, "bookings" }, { NULL, "open" }, { NULL, "checked_in" },
		{ NULL, "no_show" }, { NULL, "cancelled" }, { NULL, "previous" },
		{ NULL, "change_pct" }, { "walk_in", "taken" }, { "walk_in", "called" },
		{ "walk_in", "finished" }, { "walk_in", "no_show" }, { "tickets", "issued" },
		{ "tickets", "called" }, { "tickets", "finished" }, { "tickets", "no_show" },
		{ "tickets", "transferred" }, { "tickets", "wait_avg_s" },
		{ "tickets", "wait_p90_s" }, { "tickets", "handle_avg_s" } };
	const int ncol = (int)(sizeof cols / sizeof cols[0]);
	const char *p[4];
	char err[160];
	json_t *o, *rows, *row;
	PGresult *r;
	PGconn *pg;
	size_t i;

	if (argc < 2 || argc > 3)
		return jh_arg_error(PROG, "export: FROM TO [BY] (dates YYYY-MM-DD)");
	if (dist_stats_params(argv[0], argv[1], argc == 3 ? argv[2] : "centre", tz, p, err,
	    sizeof err) != 0)
		return jh_arg_error(PROG, "export: %s", err);
	if (!(pg = connect_wait(conninfo, 0)) || schema(pg) != 0) {
		PQfinish(pg);
		return 1;
	}
	r = PQexecParams(pg, dist_sql_stats, 4, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		fprintf(stderr, PROG ": export: %s", PQresultErrorMessage(r));
		PQclear(r);
		PQfinish(pg);
		return 1;
	}
	o = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	PQfinish(pg);
	rows = json_object_get(o, "rows");
	printf("%s", p[2]);
	for (int c = 1; c < ncol; c++)
		printf(",%s%s%s", cols[c].group ? cols[c].group : "", cols[c].group ? "_" : "",
		    cols[c].name);
	putchar('\n');
	json_array_foreach(rows, i, row) {
		for (int c = 0; c < ncol; c++)
			jh_csv_fput(stdout, json_object_get(cols[c].group ? json_object_get(row,
			    cols[c].group) : row, cols[c].name), c == ncol - 1);
	}
	json_decref(o);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
number_opt(const char *s, long lo, long hi, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno || end == s || *end || *out < lo || *out > hi ? -1 : 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "port-file", required_argument, NULL, 'p' },
		{ "key-dir", required_argument, NULL, 'k' },
		{ "conns", required_argument, NULL, 'n' },
		{ "timezone", required_argument, NULL, 'z' },
		{ "max-open", required_argument, NULL, 'm' },
		{ "noshow-limit", required_argument, NULL, 'N' },
		{ "noshow-window", required_argument, NULL, 'W' },
		{ "ban", required_argument, NULL, 'B' },
		{ "centre", required_argument, NULL, 'c' },
		{ "centre-tokens", required_argument, NULL, 't' },
		{ "frontend-tokens", required_argument, NULL, 'F' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "test-clock", required_argument, NULL, 'T' },
		{ "tls-listen", required_argument, NULL, 'S' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "tls-port-file", required_argument, NULL, 'P' },
		{ "allow-plain", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct dist_rules rules = { 3, 3, 30L * 86400, 30L * 86400, "Asia/Shanghai" };
	static unsigned char key[APPT_KEY_LEN];
	const char *conninfo = NULL, *listen = JH_DEFAULT_DISTRICT, *port_file = NULL;
	const char *key_dir = ".", *centre = NULL, *tokens = NULL, *test_clock = NULL;
	const char *fronts = NULL;
	const char *tls_listen = NULL, *tls_cert = NULL, *tls_key = NULL, *tls_port_file = NULL;
	struct tls_server *tls = NULL;
	char path[4096], err[256];
	struct pgpool *pool;
	struct loop *l;
	PGconn *pg;
	long v, conns = 4;
	int ch, port, tls_port = 0, lvl, allow_plain = 0;

	log_init(PROG, LOG_INFO);
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': conninfo = optarg; break;
		case 'l': listen = optarg; break;
		case 'p': port_file = optarg; break;
		case 'k': key_dir = optarg; break;
		case 'c': centre = optarg; break;
		case 't': tokens = optarg; break;
		case 'F': fronts = optarg; break;
		case 'T': test_clock = optarg; break;
		case 'S': tls_listen = optarg; break;
		case 'C': tls_cert = optarg; break;
		case 'K': tls_key = optarg; break;
		case 'P': tls_port_file = optarg; break;
		case 'a': allow_plain = 1; break;
		case 'n':
			if (number_opt(optarg, 1, PGPOOL_MAX_CONNS, &conns) < 0)
				return jh_arg_error(PROG, "--conns: a number 1..%d", PGPOOL_MAX_CONNS);
			break;
		case 'z':
			if (!appt_tz_valid(optarg) || strlen(optarg) >= sizeof rules.tz)
				return jh_arg_error(PROG, "--timezone: unknown time zone '%s'", optarg);
			snprintf(rules.tz, sizeof rules.tz, "%s", optarg);
			break;
		case 'm':
			if (number_opt(optarg, 1, 100, &v) < 0)
				return jh_arg_error(PROG, "--max-open: a number 1..100");
			rules.max_open = (int)v;
			break;
		case 'N':
			if (number_opt(optarg, 0, 1000, &v) < 0)
				return jh_arg_error(PROG, "--noshow-limit: a number 0..1000");
			rules.noshow_limit = (int)v;
			break;
		case 'W':
		case 'B':
			if (clock_parse_duration(optarg, &v) != 0 || v <= 0)
				return jh_arg_error(PROG, "--%s: a duration (30d, 12h, 90m)",
				    ch == 'W' ? "noshow-window" : "ban");
			*(ch == 'W' ? &rules.noshow_window_s : &rules.ban_s) = v;
			break;
		case 'L':
			if ((lvl = log_level_parse(optarg)) < 0)
				return jh_arg_error(PROG, "--log-level: debug, info, warn or error");
			log_init(PROG, lvl);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			return jh_version(PROG);
		default:
			return jh_opt_error(PROG, ch, argv);
		}
	}
	if (!conninfo)
		return jh_arg_error(PROG, "--db CONNINFO is required");
	if (tls_listen && (!tls_cert || !tls_key))
		return jh_arg_error(PROG, "--tls-listen needs --tls-cert FILE and --tls-key FILE "
		    "(jhctl ca issue makes them)");
	if (!tls_listen && (tls_cert || tls_key || tls_port_file))
		return jh_arg_error(PROG, "--tls-cert, --tls-key and --tls-port-file go with "
		    "--tls-listen HOST:PORT");
	if (test_clock) {
		long long t;

		if (appt_time_parse(rules.tz, test_clock, &t) != 0)
			return jh_arg_error(PROG, "--test-clock: not an ISO 8601 time");
		clock_test_start(t);
	}
	if (optind < argc && strcmp(argv[optind], "import") == 0)
		return cmd_import(conninfo, centre, argc - optind - 1, argv + optind + 1);
	if (optind < argc && strcmp(argv[optind], "export") == 0)
		return cmd_export(conninfo, rules.tz, argc - optind - 1, argv + optind + 1);
	if (optind < argc)
		return jh_arg_error(PROG, "unknown command '%s'", argv[optind]);

	if ((size_t)snprintf(path, sizeof path, "%s/district", key_dir) >= sizeof path)
		return jh_arg_error(PROG, "--key-dir: too long");
	if (appt_id_key_load(path, key, err, sizeof err) != 0)
		fatal("ID key: %s", err);
	if (tokens && dist_ops_load_tokens(tokens, err, sizeof err) != 0)
		fatal("--centre-tokens %s", err);
	if (fronts && dist_ops_load_frontends(fronts, err, sizeof err) != 0)
		fatal("--frontend-tokens %s", err);
	if (!(pg = connect_wait(conninfo, SCHEMA_WAIT_S)) || schema(pg) != 0)
		fatal("cannot prepare the district database");
	PQfinish(pg);

	if (!(l = loop_new()))
		fatal("out of memory");
	if (loop_stop_on_signals(l) < 0)
		fatal("cannot set up signals");
	if (!(pool = pgpool_new(l, conninfo, (int)conns)))
		fatal("out of memory");
	dist_ops_init(pool, key, &rules);
	if (net_listen_tcp(l, listen, &port, NULL, allow_plain) < 0)
		fatal("cannot listen on %s", listen);
	if (tls_listen && !(tls = net_listen_tls(l, tls_listen, tls_cert, tls_key, &tls_port)))
		fatal("cannot listen on %s", tls_listen);
	net_set_limits(NET_DEFAULT_MAX_CONNS * 2, 0);
	/* the TLS port first: whoever waits for --port-file finds both */
	if (tls_port_file && net_write_port_file(tls_port_file, tls_port) < 0)
		fatal("--tls-port-file %s: %s", tls_port_file, strerror(errno));
	if (port_file && net_write_port_file(port_file, port) < 0)
		fatal("--port-file %s: %s", port_file, strerror(errno));
	if (!fronts)
		log_warn("no --frontend-tokens: the citizens' ops and stats are refused to everyone");
	if (tls)
		log_info("listening on port %d, TLS port %d, %ld database connections", port,
		    tls_port, conns);
	else
		log_info("listening on port %d, %ld database connections", port, conns);
	loop_every(l, 100, pool_tick, pool);
	loop_every(l, 1000, minute_tick, NULL);
	loop_on_turn_end(l, turn_end, NULL);
	if (loop_run(l) < 0)
		fatal("poll: %s", strerror(errno));
	net_shutdown();
	tls_server_free(tls);
	pgpool_free(pool);
	loop_free(l);
	return 0;
}
