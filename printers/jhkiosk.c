/* jhkiosk.c — the ticket kiosk: arguments, the device credential, then either the ncurses
 * screen or one non-interactive ticket (--take / --checkin). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cups/cups.h>

#include "jhclient.h"
#include "kiosk_core.h"
#include "kiosk_ui.h"
#include "log.h"
#include "render_pdf.h"

/* An argument error exits 1 (nothing was taken), not 2 as in the other programs: here 2
 * means that a ticket was taken but not printed. */
#define USAGE_EXIT(report) ((void)(report), 1)

/* The usage on f, then exit with code (0 for --help, to stdout). */
static void
usage(FILE *f, int code)
{
	fprintf(f,
	    "usage: jhkiosk [--server HOST:PORT] [--ca FILE] [--device NAME] [--token-file FILE]\n"
	    "               [--printer NAME] [--format escpos|pdf] [--width 58|80]\n"
	    "               [--paper a6|receipt] [--status-url PREFIX] [--footer TEXT]\n"
	    "               [--print-timeout SECONDS] [--output FILE] [--no-print]\n"
	    "               [--take SERVICE [--priority P] | --checkin ID_NUMBER]\n"
	    "               [--log-level LEVEL] [--log-file FILE]\n"
	    "       jhkiosk --test-page [--printer NAME] [--format escpos|pdf] [--width 58|80]\n"
	    "       jhkiosk --help | --version\n"
	    "environment: JH_SERVER, JH_CA, JH_DEVICE, JH_TOKEN_FILE, JH_TOKEN, JH_PRINTER,\n"
	    "             JH_STATUS_URL, CUPS_SERVER\n"
	    "--ca FILE (or JH_CA): the hall CA's certificate; TCP goes over TLS\n"
	    "priorities: normal elderly disabled prereviewed green\n");
	exit(code);
}

static char *
read_token(const char *path)
{
	static char tok[256];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "r")) == NULL)
		fatal("cannot read token file %s", path);
	if (fgets(tok, sizeof tok, f) == NULL) {
		fclose(f);
		fatal("token file %s is empty", path);
	}
	fclose(f);
	n = strcspn(tok, " \t\r\n");
	tok[n] = '\0';
	if (n == 0)
		fatal("token file %s is empty", path);
	return tok;
}

static int
valid_priority(const char *p)
{
	static const char *const ok[] = { "normal", "elderly", "disabled", "prereviewed",
	    "green" };
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(ok[i], p) == 0)
			return 1;
	return 0;
}

/* One ticket, no screen: prints "ticket CODE printed job N" or "ticket CODE NOT PRINTED:
 * why". Exit 0 printed, 2 taken but not printed, 1 nothing taken. */
static int
one_ticket(struct kiosk *k, const char *service, const char *priority, const char *idnum)
{
	json_t *t;
	struct cp_result res;
	const char *ecode, *code;
	int r;

	t = idnum ? kiosk_checkin(k, idnum, &ecode) : kiosk_take(k, service, priority, &ecode);
	if (t == NULL) {
		if (ecode && strcmp(ecode, "unknown_op") == 0 && idnum)
			fprintf(stderr, "jhkiosk: appointment check-in is not available on this "
			    "server yet (unknown_op)\n");
		else
			fprintf(stderr, "jhkiosk: %s\n", k->err);
		return 1;
	}
	code = json_string_value(json_object_get(t, "code"));
	r = kiosk_print(k, t, &res);
	if (r == 0 && !k->cfg.no_print) {
		kiosk_clear_alerts(k, 1);
		printf("ticket %s printed job %d\n", code, res.job_id);
	} else if (r == 0)
		printf("ticket %s not printing (--no-print)\n", code);
	else
		printf("ticket %s NOT PRINTED: %s (alert %s sent; show the code on screen)\n",
		    code, res.message, cp_alert_kind(res.status));
	fflush(stdout);
	json_decref(t);
	return r == 0 ? 0 : 2;
}

/* A sample ticket straight to the printer, no server: for setting up a queue. */
static int
test_page(const struct kiosk_cfg *cfg)
{
	struct kiosk k;
	struct cp_result res;
	json_t *t;
	char iso[32];
	time_t now = time(NULL);
	struct tm tm;
	int r;

	memset(&k, 0, sizeof k);
	k.cfg = *cfg;
	snprintf(k.hall, sizeof k.hall, "jiaohao 测试页 Test page");
	localtime_r(&now, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S%z", &tm);
	t = json_pack("{s:i, s:s, s:s, s:s, s:s, s:i, s:i, s:s}", "id", 0, "code", "T001",
	    "service", "T", "service_name", "打印测试 Printer test", "priority", "normal", "ahead",
	    0, "eta_s", 0, "issued_at", iso);
	r = kiosk_print(&k, t, &res);
	json_decref(t);
	if (r < 0) {
		fprintf(stderr, "jhkiosk: test page not printed: %s\n", res.message);
		return 2;
	}
	printf("test page printed on %s job %d\n", cfg->printer ? cfg->printer : "-", res.job_id);
	return 0;
}

/* s as one of two words: the value of the one it is (0), or -1. */
static int
pick2(const char *s, const char *a, int va, const char *b, int vb, int *v)
{
	if (strcmp(s, a) == 0)
		*v = va;
	else if (strcmp(s, b) == 0)
		*v = vb;
	else
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "ca", required_argument, NULL, 'C' },
		{ "device", required_argument, NULL, 'd' },
		{ "token-file", required_argument, NULL, 'T' },
		{ "printer", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "width", required_argument, NULL, 'w' },
		{ "paper", required_argument, NULL, 'P' },
		{ "status-url", required_argument, NULL, 'u' },
		{ "footer", required_argument, NULL, 'F' },
		{ "print-timeout", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-print", no_argument, NULL, 'n' },
		{ "take", required_argument, NULL, 'k' },
		{ "priority", required_argument, NULL, 'r' },
		{ "checkin", required_argument, NULL, 'c' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "log-file", required_argument, NULL, 'L' },
		{ "test-page", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct kiosk_cfg cfg;
	struct kiosk k;
	const char *token_file = NULL, *log_file = NULL, *take = NULL, *prio = "normal", *idnum = NULL;
	const char *server = NULL, *device = NULL, *printer = NULL, *status_url = NULL;
	int ch, lvl = LOG_INFO, r, testpage = 0, v;

	memset(&cfg, 0, sizeof cfg);
	cfg.format = KF_ESCPOS;
	cfg.width = TK_W80;
	cfg.print_timeout_ms = 10000;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 's': server = optarg; break;
		case 'C': cfg.ca = optarg; break;
		case 'd': device = optarg; break;
		case 'T': token_file = optarg; break;
		case 'p': printer = optarg; break;
		case 'f':
			if (pick2(optarg, "escpos", KF_ESCPOS, "pdf", KF_PDF, &v) < 0)
				return USAGE_EXIT(jh_arg_error("jhkiosk", "--format must be escpos or pdf, "
				    "not %s", optarg));
			cfg.format = v;
			break;
		case 'w':
			if (pick2(optarg, "58", TK_W58, "80", TK_W80, &v) < 0)
				return USAGE_EXIT(jh_arg_error("jhkiosk", "--width must be 58 or 80, not %s",
				    optarg));
			cfg.width = v;
			break;
		case 'P':
			if (strcmp(optarg, "a6") != 0 && strcmp(optarg, "receipt") != 0)
				return USAGE_EXIT(jh_arg_error("jhkiosk", "--paper must be a6 or receipt, "
				    "not %s", optarg));
			cfg.receipt_pdf = strcmp(optarg, "receipt") == 0;
			break;
		case 'u': status_url = optarg; break;
		case 'F': cfg.footer = optarg; break;
		case 't':
			if (jh_int_arg(optarg, 1, 600, &cfg.print_timeout_ms) < 0)
				return USAGE_EXIT(jh_arg_error("jhkiosk", "--print-timeout must be 1 to 600 "
				    "seconds, not %s", optarg));
			cfg.print_timeout_ms *= 1000;
			break;
		case 'o': cfg.output = optarg; break;
		case 'n': cfg.no_print = 1; break;
		case 'k': take = optarg; break;
		case 'r': prio = optarg; break;
		case 'c': idnum = optarg; break;
		case 'x': testpage = 1; break;
		case 'L': log_file = optarg; break;
		case 'l':
			if (jh_log_level_arg("jhkiosk", optarg, &lvl) != 0)
				return USAGE_EXIT(2);
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'V':
			return jh_version("jhkiosk");
		default:
			return USAGE_EXIT(jh_opt_error("jhkiosk", ch, argv));
		}
	}
	if (optind != argc)
		return USAGE_EXIT(jh_arg_error("jhkiosk", "unexpected argument '%s'", argv[optind]));
	log_init("jhkiosk", (enum log_level)lvl);
	if (!valid_priority(prio))
		return USAGE_EXIT(jh_arg_error("jhkiosk", "unknown priority %s (normal elderly disabled "
		    "prereviewed green)", prio));
	if (take && idnum)
		return USAGE_EXIT(jh_arg_error("jhkiosk", "--take and --checkin exclude each other"));
	cfg.server = jh_server(server);
	cfg.device = jh_env_or(device, "JH_DEVICE", NULL);
	token_file = jh_env_or(token_file, "JH_TOKEN_FILE", NULL);
	cfg.token = token_file ? read_token(token_file) : jh_env_or(NULL, "JH_TOKEN", NULL);
	cfg.status_url = jh_env_or(status_url, "JH_STATUS_URL", "jh://ticket/");
	if (testpage) {
		cfg.printer = jh_env_or(printer, "JH_PRINTER", NULL);
		if (cfg.printer == NULL && !cfg.no_print && (cfg.printer = cupsGetDefault()) == NULL)
			fatal("no printer: name a CUPS queue with --printer NAME");
		r = test_page(&cfg);
		pdf_shutdown();
		return r;
	}
	if (strchr(cfg.server, '/') == NULL && (cfg.device == NULL || cfg.token == NULL))
		fatal("a kiosk needs --device NAME and --token-file FILE (or JH_DEVICE, "
		    "JH_TOKEN_FILE)");
	cfg.printer = jh_env_or(printer, "JH_PRINTER", NULL);
	if (cfg.printer == NULL && !cfg.no_print) {
		cfg.printer = cupsGetDefault();
		if (cfg.printer == NULL)
			fatal("no printer: name a CUPS queue with --printer NAME, or use --no-print");
	}
	if (kiosk_open(&k, &cfg) < 0) {
		/* The screen waits for the server and reconnects; a script gets the error now. */
		if (take || idnum || k.c == NULL || k.refused) {
			log_error("%s", k.err);
			kiosk_close(&k);
			return 1;
		}
		log_warn("%s; retrying", k.err);
	}
	if (take || idnum)
		r = one_ticket(&k, take, prio, idnum);
	else {
		/* Log lines written to the terminal would tear the kiosk screen. */
		char deflog[128];

		if (!log_file && isatty(STDERR_FILENO)) {
			snprintf(deflog, sizeof deflog, "/tmp/jhkiosk-%s.log",
			    cfg.device ? cfg.device : "local");
			log_file = deflog;
		}
		if (log_file) {
			if (!freopen(log_file, "a", stderr))
				fatal("cannot open the log file %s", log_file);
			setvbuf(stderr, NULL, _IOLBF, 0);	/* a line at a time, as before */
		}
		r = kiosk_ui_run(&k);
	}
	kiosk_close(&k);
	pdf_shutdown();
	return r;
}
