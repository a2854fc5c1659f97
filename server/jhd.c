/* jhd.c — the hall server: options, start-up, signals, and the event loop (see docs/PROTOCOL.md
 * for the wire protocol and docs/HALL.md for the hall file). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "clock.h"
#include "dispatch.h"
#include "district.h"
#include "fault.h"
#include "jhcli.h"
#include "log.h"
#include "loop.h"
#include "mono.h"
#include "net.h"
#include "server.h"
#include "store.h"
#include "tls.h"

#define JHD_VERSION "jhd " JH_VERSION

/* The TLS certificate's end (clients refuse an expired certificate; the loopback and Unix
 * listeners go on serving): logged at start, warned of from CERT_WARN_S before it, and from
 * then on the alert tls_cert_expiring for supervisors, checked every hour (jhd runs for
 * months; it reads the certificate once, at start). */
#define CERT_WARN_S	(30 * 86400LL)
static struct {
	long long end;		/* when it ends (Unix seconds), -1 unknown */
	char day[32];		/* the same, for people */
	long long next_ms;	/* the next hourly check (mono_ms) */
} cert = { -1, "?", 0 };

static void
log_tls_cert(struct tls_server *tls, const char *listen_addr, int port, const char *path)
{
	time_t t;
	struct tm tm;
	long long left;

	cert.end = tls_server_expiry(tls);
	t = (time_t)cert.end;
	if (cert.end >= 0 && gmtime_r(&t, &tm))
		strftime(cert.day, sizeof cert.day, "%Y-%m-%d %H:%M UTC", &tm);
	log_info("TLS on %s (port %d), certificate %s valid until %s", listen_addr, port, path,
	    cert.day);
	left = cert.end - clock_now();
	if (cert.end >= 0 && left <= 0)
		log_error("--tls-cert %s expired on %s: TLS clients refuse it (jhctl ca issue "
		    "--replace makes a new one)", path, cert.day);
	else if (cert.end >= 0 && left < CERT_WARN_S)
		log_warn("--tls-cert %s expires in %lld day%s (%s): jhctl ca issue --replace makes "
		    "a new one", path, left / 86400, left / 86400 == 1 ? "" : "s", cert.day);
}

static void
tls_cert_tick(void)
{
	const struct alert *a;
	char msg[200];
	long long now = clock_now();

	if (cert.end < 0 || mono_ms() < cert.next_ms)
		return;
	cert.next_ms = mono_ms() + 3600 * 1000LL;
	if (cert.end - now >= CERT_WARN_S)
		return;
	snprintf(msg, sizeof msg, "jhd's TLS certificate %s on %s: TLS clients %s it; jhctl ca "
	    "issue --replace, then restart jhd", cert.end > now ? "ends" : "ended", cert.day,
	    cert.end > now ? "will refuse" : "refuse");
	/* raised once (a refresh would be an event an hour) and again when it has ended */
	if (!(a = server_own_alert_find("tls_cert_expiring", NULL)) || strcmp(a->message, msg))
		server_own_alert("tls_cert_expiring", NULL, msg, now, 0);
}

static void
tick(void *arg)
{
	server_status_stale();	/* the day, appointments' sweeps: built anew after them */
	server_day_check(clock_now());
	appt_server_tick(clock_now());
	server_balance_tick(clock_now());
	dispatch_tick();
	net_tick();
	server_signin_locks_tick(clock_now());
	server_rate_tick(clock_now());
	tls_cert_tick();
}

static void
turn_end(void *arg)
{
	dispatch_turn_end();
	net_turn_end();
	/* statistics warm-up after a start: a chunk of the event log per turn until read */
	if (stats_warm_step() > 0)
		loop_wake(srv.loop);
}

/* Without --foreground: jhd goes into the background before it opens anything (an SQLite
 * connection must not cross a fork), and the command returns only once the server listens,
 * with its status: 0, or the child's exit status when start-up failed (its message is on
 * stderr). The child leads a new session, reads stdin from /dev/null and keeps stdout and
 * stderr where the caller put them (the log). Returns the pipe to report readiness on. */
static int
detach(void)
{
	int p[2], st, fd;
	pid_t pid;
	ssize_t n;
	char c;

	if (pipe(p) < 0 || (pid = fork()) < 0)
		fatal_errno("cannot go into the background");
	if (pid > 0) {
		close(p[1]);
		do
			n = read(p[0], &c, 1);
		while (n < 0 && errno == EINTR);
		if (n == 1)
			_exit(0);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		_exit(WIFEXITED(st) && WEXITSTATUS(st) != 0 ? WEXITSTATUS(st) : 1);
	}
	close(p[0]);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	if (setsid() < 0)
		log_warn_errno("setsid");
	if ((fd = open("/dev/null", O_RDONLY)) >= 0) {
		dup2(fd, STDIN_FILENO);
		if (fd != STDIN_FILENO)
			close(fd);
	}
	return p[1];
}

/* One jhd per database: DB.lock, locked (flock) by the process that serves the hall for as
 * long as it runs, with its pid in it for the message of a second one, which exits instead of
 * serving beside it (two writers' turns would refuse each other's transactions). The kernel
 * drops the lock when the process ends, however it ends, so a stale file stops nobody.
 * Returns the descriptor (kept open, close-on-exec). */
static int
lock_db(const char *db)
{
	char path[4096], pid[32];
	ssize_t n;
	int fd, len;

	if ((size_t)snprintf(path, sizeof path, "%s.lock", db) >= sizeof path)
		fatal("database: %s: the path is too long", db);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		fatal_errno("database: %s", path);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK)
			fatal_errno("database: %s: cannot lock it", path);
		n = pread(fd, pid, sizeof pid - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strspn(pid, "0123456789")] = '\0';
		fatal("%s is in use by another jhd (pid %s; lock %s)", db, pid[0] ? pid : "unknown",
		    path);
	}
	len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)len, 0) != len)
		log_warn_errno("%s: cannot write the pid", path);
	return fd;
}

/* A database made by an older jhd (or copied in) may be readable by everyone: say so. */
static void
check_db_mode(const char *db)
{
	struct stat st;

	if (stat(db, &st) == 0 && (st.st_mode & 077))
		log_warn("database: %s is readable or writable by group or others (mode %03o), and "
		    "so are its -wal and -shm files: they hold the password hashes; chmod 600 them",
		    db, (unsigned)(st.st_mode & 0777));
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: jhd --db PATH [--listen HOST:PORT] [--unix PATH] [--foreground]\n"
	    "           [--tls-listen HOST:PORT --tls-cert FILE --tls-key FILE]\n"
	    "           [--allow-plain] [--port-file FILE] [--tls-port-file FILE]\n"
	    "           [--test-clock ISO8601] [--log-level LEVEL]\n"
	    "           [--max-conns N] [--max-conns-per-addr N] [--hello-timeout S]\n"
	    "           [--min-password N] [--web-addr ADDR] [--clock-step S]\n"
	    "       jhd --help | --version\n"
	    "  --listen     TCP address (default " JH_DEFAULT_SERVER "; port 0 picks a free port);\n"
	    "               plain TCP: a loopback address only, unless --allow-plain\n"
	    "  --tls-listen TCP address for TLS (the hall network), with --tls-cert and\n"
	    "               --tls-key (PEM; jhctl ca issue makes them)\n"
	    "  --allow-plain  let --listen take an address that is not loopback (passwords\n"
	    "               and tokens then cross the network in the clear)\n"
	    "  --tls-port-file  write the bound TLS port there once listening\n"
	    "  --unix       Unix socket for jhctl (mode 0660; no credentials: admin)\n"
	    "  --port-file  write the bound TCP port there once listening\n"
	    "  --test-clock start a test clock that moves only by the admin op `clock`\n"
	    "  --foreground stay in the foreground (for systemd, tmux, tests); without it jhd\n"
	    "               goes into the background once it listens, and exits 0 then\n"
	    "  --max-conns  TCP connections at most (default %d, fewer when the descriptor\n"
	    "               limit leaves less room; 0: no limit)\n"
	    "  --max-conns-per-addr  TCP connections at most from one address (default %d,\n"
	    "               or half of --max-conns when that is less)\n"
	    "  --hello-timeout  close a TCP connection not signed in within S s (default %d)\n"
	    "  --min-password  characters a password set by user_add has at least (default %d)\n"
	    "  --web-addr   the address jhweb connects from: sign-ins from it are not locked\n"
	    "               by address (jhweb throttles each browser's address itself)\n"
	    "  --clock-step a jump of the system clock over S s (default %d; 0: never) holds\n"
	    "               the day roll-over and no-show sweeps until it is back or confirmed\n",
	    NET_DEFAULT_MAX_CONNS, NET_DEFAULT_MAX_PER_ADDR, SERVER_DEFAULT_HELLO_TIMEOUT,
	    SERVER_DEFAULT_MIN_PASSWORD, SERVER_DEFAULT_CLOCK_STEP);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "unix", required_argument, NULL, 'u' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "port-file", required_argument, NULL, 'p' },
		{ "test-clock", required_argument, NULL, 't' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "max-conns", required_argument, NULL, 'C' },
		{ "max-conns-per-addr", required_argument, NULL, 'A' },
		{ "hello-timeout", required_argument, NULL, 'H' },
		{ "min-password", required_argument, NULL, 'P' },
		{ "web-addr", required_argument, NULL, 'W' },
		{ "clock-step", required_argument, NULL, 'S' },
		{ "tls-listen", required_argument, NULL, 'T' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "tls-port-file", required_argument, NULL, 'q' },
		{ "allow-plain", no_argument, NULL, 'a' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *listen_addr = JH_DEFAULT_SERVER, *unix_path = NULL;
	const char *port_file = NULL, *test_clock = NULL;
	const char *tls_listen = NULL, *tls_cert = NULL, *tls_key = NULL, *tls_port_file = NULL;
	struct tls_server *tls = NULL;
	int level = LOG_INFO, ch, port = 0, foreground = 0, ready_fd = -1;
	int tls_port = 0, allow_plain = 0;
	int max_conns = -1, max_per_addr = -1, budget;
	char err[512];
	const struct jh_intopt intopts[] = {
		{ 'C', "--max-conns", 0, 1000000, "a number", &max_conns },
		{ 'A', "--max-conns-per-addr", 0, 1000000, "a number", &max_per_addr },
		{ 'H', "--hello-timeout", 0, 86400, "seconds,", &srv.hello_timeout_s },
		{ 'P', "--min-password", 1, 1024, "characters,", &srv.min_password },
		{ 'S', "--clock-step", 0, 86400, "seconds,", &srv.clock_step_max },
		{ 0, NULL, 0, 0, NULL, NULL }
	};

	fault_init();		/* before jansson allocates anything */
	opterr = 0;
	srv.hello_timeout_s = SERVER_DEFAULT_HELLO_TIMEOUT;
	srv.min_password = SERVER_DEFAULT_MIN_PASSWORD;
	srv.clock_step_max = SERVER_DEFAULT_CLOCK_STEP;
	while ((ch = getopt_long(argc, argv, ":d:l:u:fp:t:L:Vh", longopts, NULL)) != -1) {
		switch (jh_intopt_take("jhd", intopts, ch, optarg)) {
		case 1:
			continue;
		case -1:
			return 2;
		}
		switch (ch) {
		case 'd': db = optarg; break;
		case 'l': listen_addr = optarg; break;
		case 'u': unix_path = optarg; break;
		case 'f': foreground = 1; break;
		case 'p': port_file = optarg; break;
		case 't': test_clock = optarg; break;
		case 'L':
			if (jh_log_level_arg("jhd", optarg, &level) != 0)
				return 2;
			break;
		case 'W':
			if (strlen(optarg) >= sizeof srv.web_addr)
				return jh_arg_error("jhd", "--web-addr %s: too long", optarg);
			snprintf(srv.web_addr, sizeof srv.web_addr, "%s", optarg);
			break;
		case 'T': tls_listen = optarg; break;
		case 'c': tls_cert = optarg; break;
		case 'k': tls_key = optarg; break;
		case 'q': tls_port_file = optarg; break;
		case 'a': allow_plain = 1; break;
		case 'V': return jh_version("jhd");
		case 'h': usage(stdout); return 0;
		default: return jh_opt_error("jhd", ch, argv);
		}
	}
	if (optind != argc)
		return jh_arg_error("jhd", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return jh_arg_error("jhd", "missing --db PATH (the database; made if new)");
	if (tls_listen && (!tls_cert || !tls_key))
		return jh_arg_error("jhd", "--tls-listen needs --tls-cert FILE and --tls-key FILE "
		    "(jhctl ca issue makes them)");
	if (!tls_listen && (tls_cert || tls_key || tls_port_file))
		return jh_arg_error("jhd", "--tls-cert, --tls-key and --tls-port-file go with "
		    "--tls-listen HOST:PORT");
	log_init("jhd", level);
	if (!foreground)
		ready_fd = detach();
	/* Every turn that answers a ticket runs the forecast, which allocates about 100 bytes
	 * per waiting ticket and frees them at once: keep freed memory in the heap instead of
	 * giving it back to the kernel after each turn and faulting it in again (a few % of
	 * the take path at 2,000 waiting, more with longer queues). */
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	srv.version = JHD_VERSION;
	srv.db_path = db;
	if (auth_init() < 0)
		fatal("libsodium cannot start");
	/* Everything jhd makes is its own: the database and SQLite's -wal and -shm beside it
	 * (they hold the password and token hashes; SQLite makes them 0644 less the umask, and
	 * the -wal and -shm with the database's mode), the lock, the port file and backups
	 * 0600. The Unix socket is chmod-ed to its 0660 and the ID key is made 0600 anyway. */
	umask(077);
	/* the test clock runs before the hall is loaded: a database that never rolled over
	 * takes its business day from it (parsed again below in the hall's zone) */
	if (test_clock) {
		long long t;

		if (clock_parse_iso(test_clock, &t) < 0)
			fatal("--test-clock %s: not an ISO 8601 time", test_clock);
		clock_test_start(t);
	}
	lock_db(db);		/* after detach: held by the process that serves */
	if (!(srv.store = store_open(db, err, sizeof err)))
		fatal("database: %s", err);
	check_db_mode(db);
	if (server_reload() < 0)
		fatal("database: cannot load the hall: %s", store_error(srv.store));
	if (appt_server_open(db, err, sizeof err) < 0)
		fatal("appointments: %s", err);
	if (test_clock) {
		long long t;

		if (clock_parse_iso(test_clock, &t) < 0)
			fatal("--test-clock %s: not an ISO 8601 time", test_clock);
		clock_set(t);
		log_info("test clock at %s", test_clock);
	}
	if (!(srv.loop = loop_new()) || loop_stop_on_signals(srv.loop) < 0)
		fatal("out of memory");
	dispatch_init();
	/* the descriptor limit bounds the connections: over it accept fails (EMFILE), which
	 * costs a refusal each (net.c) where the limit costs nothing */
	budget = net_fd_budget();
	if (max_conns < 0 && budget < NET_DEFAULT_MAX_CONNS) {
		max_conns = budget > 1 ? budget : 1;
		log_warn("at most %d connections: the descriptor limit (ulimit -n) leaves no room "
		    "for more (LimitNOFILE=)", max_conns);
	} else if (max_conns < 0) {
		max_conns = NET_DEFAULT_MAX_CONNS;
	} else if (max_conns == 0 || max_conns > budget) {
		log_warn("--max-conns %d: the descriptor limit (ulimit -n) leaves room for %d "
		    "connections; raise it (LimitNOFILE=)", max_conns, budget);
	}
	/* one address may hold at most half of them by default */
	if (max_per_addr < 0)
		max_per_addr = max_conns > 0 && max_conns / 2 < NET_DEFAULT_MAX_PER_ADDR ?
		    (max_conns / 2 > 1 ? max_conns / 2 : 1) : NET_DEFAULT_MAX_PER_ADDR;
	net_set_limits(max_conns, max_per_addr);
	if (net_listen_tcp(srv.loop, listen_addr, &port, NULL, allow_plain) < 0)
		fatal("cannot listen on %s", listen_addr);
	if (tls_listen && !(tls = net_listen_tls(srv.loop, tls_listen, tls_cert, tls_key, &tls_port)))
		fatal("cannot listen on %s", tls_listen);
	if (unix_path && net_listen_unix(srv.loop, unix_path) < 0)
		fatal("cannot listen on %s", unix_path);
	loop_on_turn_end(srv.loop, turn_end, NULL);
	loop_every(srv.loop, 1000, tick, NULL);
	/* a centre of a district when the hall file says so ([district]; docs/DISTRICT.md) */
	if (district_start(srv.loop, err, sizeof err) < 0)
		fatal("%s", err);
	/* a clock step held when jhd stopped holds again */
	server_clock_load(clock_now());
	/* roll over now if the server was down across midnight */
	server_day_check(clock_now());
	/* and mark the no-shows of slots that passed while it was down */
	appt_server_tick(clock_now());
	dispatch_turn_end();
	loop_wake(srv.loop);	/* the first turn starts the statistics warm-up at once */
	/* the TLS port first: whoever waits for --port-file finds both */
	if (tls_port_file && net_write_port_file(tls_port_file, tls_port) < 0)
		fatal_errno("--tls-port-file %s", tls_port_file);
	if (port_file && net_write_port_file(port_file, port) < 0)
		fatal_errno("--port-file %s", port_file);
	if (tls)
		log_tls_cert(tls, tls_listen, tls_port, tls_cert);
	log_info("%s ready: pid %ld, db %s, tcp port %d%s%s, hall \"%s\" (%d services, "
	    "%d windows)", JHD_VERSION, (long)getpid(), db, port, unix_path ? ", unix " : "",
	    unix_path ? unix_path : "", srv.q.conf.name, srv.q.conf.nsvc, srv.q.conf.nwin);
	if (ready_fd >= 0) {
		(void)!write(ready_fd, "R", 1);
		close(ready_fd);
	}
	fault_arm();		/* a test's faults count from the first request on */
	if (loop_run(srv.loop) < 0)
		log_error_errno("event loop");
	dispatch_shutdown();
	district_stop();
	appt_server_close();
	net_shutdown();
	tls_server_free(tls);
	queue_free(&srv.q);
	store_close(srv.store);
	loop_free(srv.loop);
	fault_report();
	log_info("stopped");
	return 0;
}
