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

static void
usage(FILE *f)
{
	fprintf(f, "usage: jhbridge --config FILE [--server HOST:PORT|SOCKET] [--ca FILE] "
	    "[--device NAME]\n"
	    "                [--token TOKEN | --token-file FILE] [--log LEVEL] [--check]\n"
	    "       jhbridge --list-ports\n"
	    "       jhbridge --help | --version\n"
	    "The server: --server, else server= in [bridge], else $" JH_SERVER_ENV ", else "
	    JH_DEFAULT_SERVER ".\n"
	    "The hall CA (TLS): --ca, else ca= in [bridge], else $JH_CA; none: plain TCP.\n");
}

int
main(int argc, char **argv)
{
	static struct cfg cfg;
	struct jh_conn_opts o = { 0 };
	const char *config = NULL, *level = NULL, *a;
	int check = 0, i, lvl;
	char err[512];
	struct bridge *b;
	const struct jh_valopt vo[] = {
		{ "--config", &config },
		JH_CONN_VALOPTS(o),
		{ "--log", &level },
		{ NULL, NULL }
	};

	log_init("jhbridge", LOG_INFO);
	for (i = 1; (a = jh_valopt_next("jhbridge", vo, argc, argv, &i)) != NULL; i++) {
		if (strcmp(a, "--check") == 0) {
			check = 1;
			continue;
		}
		if (strcmp(a, "--list-ports") == 0) {
			port_list(stdout);
			return 0;
		}
		return jh_arg_common("jhbridge", a, usage);
	}
	if (i < 0)
		return 2;
	if (level && jh_log_level_arg("jhbridge", level, &lvl) != 0)
		return 2;
	if (!config)
		return jh_arg_error("jhbridge", "missing --config FILE");
	if (cfg_load(config, &cfg, err, sizeof err) < 0) {
		fprintf(stderr, "jhbridge: %s\n", err);
		return 1;
	}
	if (jh_conn_settle("jhbridge", &o, cfg.server, sizeof cfg.server, cfg.ca, sizeof cfg.ca,
	    cfg.device, sizeof cfg.device, cfg.token, sizeof cfg.token) != 0 ||
	    jh_log_settle("jhbridge", level, cfg.log) != 0)
		return 1;
	if (check) {
		printf("%s: %d buses, %d displays: ok\n", config, cfg.nbus, cfg.ndisp);
		printf("server %s, device %s\n", cfg.server, cfg.device);
		return 0;
	}
	if (!strchr(cfg.server, '/') && !cfg.token[0])
		log_warn("no device token (--token, --token-file or token= in [bridge]): the "
		    "server will refuse us");
	jh_stop_on_signals();
	if ((b = bridge_new(&cfg, err, sizeof err)) == NULL)
		fatal("%s", err);
	log_info("%d buses, %d displays; server %s as %s", cfg.nbus, cfg.ndisp, cfg.server,
	    cfg.device);
	bridge_run(b, &jh_stop);
	bridge_free(b);
	log_info("stopped");
	return 0;
}
