/* jhbridge.c — jhbridge: drives serial LED displays from jhd's call and window events.
 *   jhbridge --config FILE [--server ADDR] [--device NAME] [--token T | --token-file F]
 *            [--log LEVEL] [--check]
 *   jhbridge --list-ports | --help | --version
 * The server: --server, else server= in [bridge], else $JH_SERVER, else the default address.
 * See docs/DISPLAYS.md. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "config.h"
#include "jhcli.h"
#include "log.h"
#include "port.h"

static volatile sig_atomic_t jhb_stop;

static void
jhb_on_signal(int sig)
{
	(void)sig;
	jhb_stop = 1;
}

static void
usage_to(FILE *f, int status)
{
	fprintf(f, "usage: jhbridge --config FILE [--server HOST:PORT|SOCKET] [--ca FILE] "
	    "[--device NAME]\n"
	    "                [--token TOKEN | --token-file FILE] [--log LEVEL] [--check]\n"
	    "       jhbridge --list-ports\n"
	    "       jhbridge --help | --version\n"
	    "The server: --server, else server= in [bridge], else $" JH_SERVER_ENV ", else "
	    JH_DEFAULT_SERVER ".\n"
	    "The hall CA (TLS): --ca, else ca= in [bridge], else $JH_CA; none: plain TCP.\n");
	exit(status);
}

int
main(int argc, char **argv)
{
	static struct cfg cfg;
	const char *config = NULL, *server = NULL, *device = NULL, *token = NULL, *ca = NULL;
	const char *token_file = NULL, *level = NULL;
	int check = 0, lvl;
	char err[512];
	struct bridge *b;
	struct sigaction sa;

	log_init("jhbridge", LOG_INFO);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

#define ARG(name, var) if (strcmp(a, name) == 0) {				\
			if (++i >= argc)					\
				return jh_arg_error("jhbridge", "option '%s' needs a value", a); \
			var = argv[i];						\
			continue;						\
		}
		ARG("--config", config);
		ARG("--server", server);
		ARG("--ca", ca);
		ARG("--device", device);
		ARG("--token", token);
		ARG("--token-file", token_file);
		ARG("--log", level);
#undef ARG
		if (strcmp(a, "--check") == 0) {
			check = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			usage_to(stdout, 0);
		if (strcmp(a, "--version") == 0)
			return jh_version("jhbridge");
		if (strcmp(a, "--list-ports") == 0) {
			port_list(stdout);
			return 0;
		}
		return jh_arg_error("jhbridge", a[0] == '-' ? "unknown option '%s'" :
		    "unexpected argument '%s'", a);
	}
	if (level && log_level_parse(level) < 0)
		return jh_arg_error("jhbridge", "unknown log level '%s' (debug, info, warn, "
		    "error, quiet)", level);
	if (!config)
		return jh_arg_error("jhbridge", "missing --config FILE");
	if (cfg_load(config, &cfg, err, sizeof err) < 0) {
		fprintf(stderr, "jhbridge: %s\n", err);
		return 1;
	}
	if (server || !cfg.server[0])
		snprintf(cfg.server, sizeof cfg.server, "%s",
		    jh_server_addr(server, JH_DEFAULT_SERVER));
	if (ca)
		snprintf(cfg.ca, sizeof cfg.ca, "%s", ca);
	if (device)
		snprintf(cfg.device, sizeof cfg.device, "%s", device);
	if (token)
		snprintf(cfg.token, sizeof cfg.token, "%s", token);
	if (token_file && jh_read_token(token_file, cfg.token, sizeof cfg.token) < 0) {
		fprintf(stderr, "jhbridge: %s: cannot read a token\n", token_file);
		return 1;
	}
	if (!level)
		level = cfg.log;
	if ((lvl = log_level_parse(level)) < 0) {
		fprintf(stderr, "jhbridge: unknown log level '%s'\n", level);
		return 1;
	}
	log_init("jhbridge", (enum log_level)lvl);
	if (check) {
		printf("%s: %d buses, %d displays: ok\n", config, cfg.nbus, cfg.ndisp);
		printf("server %s, device %s\n", cfg.server, cfg.device);
		return 0;
	}
	if (!strchr(cfg.server, '/') && !cfg.token[0])
		log_warn("no device token (--token, --token-file or token= in [bridge]): the "
		    "server will refuse us");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = jhb_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((b = bridge_new(&cfg, err, sizeof err)) == NULL)
		fatal("%s", err);
	log_info("%d buses, %d displays; server %s as %s", cfg.nbus, cfg.ndisp, cfg.server,
	    cfg.device);
	bridge_run(b, &jhb_stop);
	bridge_free(b);
	log_info("stopped");
	return 0;
}
