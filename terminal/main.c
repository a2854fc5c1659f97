/* main.c — jhterm: the clerk console (--clerk) and the supervisor console (--supervisor).
 * Reads the options, picks the language, logs in, and hands over to app_run. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "clerk.h"
#include "i18n.h"
#include "jhcli.h"
#include "log.h"
#include "login.h"
#include "screen.h"
#include "super.h"

static void
usage(FILE *f)
{
	fprintf(f, _(
	    "usage: jhterm --clerk [--server HOST:PORT] [--ca FILE] [--user NAME] [--window W]\n"
	    "              [--takeover]\n"
	    "              [--password-file FILE|-] [--lang en|zh_CN] [--mono] [--ascii]\n"
	    "       jhterm --supervisor [--role supervisor|admin|clerk] [--window W] [...]\n"
	    "       jhterm --help | --version\n"
	    "The password is asked for on the screen (never echoed), or read from the first\n"
	    "line of --password-file (\"-\": standard input). The server defaults to $JH_SERVER,\n"
	    "else %s. --ca FILE (else $JH_CA): the hall CA's certificate, for TLS.\n"
	    "A window held by another clerk is taken over when you say so\n"
	    "(T), or at once with --takeover.\n"), JH_DEFAULT_SERVER);
}

/* First line of a file ("-": stdin) without its newline. 0 or -1 (errno set). */
static int
read_password(const char *path, char *buf, size_t sz)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	if (!fgets(buf, (int)sz, f))
		buf[0] = '\0';
	if (f != stdin)
		fclose(f);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "clerk", no_argument, NULL, 'c' },
		{ "supervisor", no_argument, NULL, 's' },
		{ "server", required_argument, NULL, 'S' },
		{ "ca", required_argument, NULL, 'C' },
		{ "user", required_argument, NULL, 'u' },
		{ "window", required_argument, NULL, 'w' },
		{ "password-file", required_argument, NULL, 'P' },
		{ "lang", required_argument, NULL, 'L' },
		{ "role", required_argument, NULL, 'R' },
		{ "mono", no_argument, NULL, 'm' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "takeover", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct app a;
	struct login_form form;
	const char *lang = NULL, *pwfile = NULL, *rolename = NULL;
	int ch, role = -1, colour = 1, ascii = 0, have_pw = 0, takeover = 0;
	char err[320] = "";

	memset(&form, 0, sizeof form);
	snprintf(form.field[LF_SERVER], sizeof form.field[0], "%s",
	    jh_server(NULL));
	/* the language must be known before the usage text: look for --lang first */
	for (ch = 1; ch < argc; ch++)
		if (strcmp(argv[ch], "--lang") == 0 && ch + 1 < argc)
			lang = argv[ch + 1];
		else if (strncmp(argv[ch], "--lang=", 7) == 0)
			lang = argv[ch] + 7;
	i18n_init(lang);
	log_init("jhterm", LOG_QUIET);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': role = 1; break;
		case 's': role = 0; break;
		case 'S': snprintf(form.field[LF_SERVER], sizeof form.field[0], "%s", optarg); break;
		case 'C': a.ca = optarg; break;
		case 'u': snprintf(form.field[LF_USER], sizeof form.field[0], "%s", optarg); break;
		case 'w': snprintf(form.field[LF_WINDOW], sizeof form.field[0], "%s", optarg); break;
		case 'P': pwfile = optarg; break;
		case 'L': break;
		case 'R': rolename = optarg; break;
		case 'm': colour = 0; break;
		case 'a': ascii = 1; break;
		case 'T': takeover = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': return jh_version("jhterm");
		default: return jh_opt_error("jhterm", ch, argv);
		}
	}
	if (optind != argc)
		return jh_arg_error("jhterm", "unexpected argument '%s'", argv[optind]);
	if (role < 0) {
		fprintf(stderr, "%s\n", _("jhterm: say --clerk or --supervisor."));
		fprintf(stderr, "see jhterm --help\n");
		return 2;
	}
	if (pwfile) {
		if (read_password(pwfile, form.field[LF_PASSWORD], sizeof form.field[0]) < 0) {
			fprintf(stderr, _("jhterm: cannot read the password file %s: %s\n"), pwfile,
			    strerror(errno));
			return 1;
		}
		have_pw = 1;
	}
	if (!rolename)
		rolename = role ? "clerk" : "supervisor";
	if (strcmp(rolename, "clerk") != 0 && strcmp(rolename, "supervisor") != 0 &&
	    strcmp(rolename, "admin") != 0) {
		fprintf(stderr, _("jhterm: unknown role %s (clerk, supervisor or admin).\n"),
		    rolename);
		fprintf(stderr, "see jhterm --help\n");
		return 2;
	}
	if (role && strcmp(rolename, "clerk") != 0) {
		fprintf(stderr, "%s\n", _("jhterm: the clerk console signs in as a clerk."));
		fprintf(stderr, "see jhterm --help\n");
		return 2;
	}
	/* a window is asked for whenever hello names one: always for clerks */
	form.clerk = strcmp(rolename, "clerk") == 0;
	a.clerk = role;
	a.role = rolename;
	a.timeout_ms = 5000;
	a.takeover = takeover;
	a.v.ascii = ascii;
	if (role)
		clerk_setup(&a);
	else
		super_setup(&a);
	if (scr_open(colour) < 0) {
		fprintf(stderr, "%s\n", _("jhterm: cannot start the terminal (is TERM set?)."));
		return 1;
	}
	for (;;) {	/* sign in; again after R on a window held or taken over */
		for (;;) {
			int complete = form.field[LF_USER][0] && form.field[LF_SERVER][0] &&
			    (!form.clerk || form.field[LF_WINDOW][0]) && have_pw;

			if (!complete || err[0]) {
				snprintf(form.error, sizeof form.error, "%s", err);
				if (login_run(&form) < 0) {
					scr_close();
					memset(form.field[LF_PASSWORD], 0, sizeof form.field[0]);
					return 1;
				}
			}
			if (jh_copy(a.addr, sizeof a.addr, form.field[LF_SERVER]) < 0 ||
			    jh_copy(a.user, sizeof a.user, form.field[LF_USER]) < 0 ||
			    jh_copy(a.window, sizeof a.window, form.field[LF_WINDOW]) < 0 ||
			    jh_copy(a.password, sizeof a.password, form.field[LF_PASSWORD]) < 0)
				snprintf(err, sizeof err, "%s", _("A field is too long."));
			else if (app_connect(&a, err, sizeof err) == 0 || a.v.block == V_HELD)
				break;
			memset(form.field[LF_PASSWORD], 0, sizeof form.field[0]);
			memset(a.password, 0, sizeof a.password);
			have_pw = 0;
		}
		memset(form.field[LF_PASSWORD], 0, sizeof form.field[0]);
		err[0] = '\0';
		if (a.v.block == V_HELD && a.takeover) {
			/* --takeover: without asking (a refusal stays on the held screen) */
			app_takeover(&a);
		} else if (a.v.block == V_FREE) {
			a.v.connected = 1;
			app_msg(&a, V_INFO, _("Logged in as %s."), a.user);
			app_load(&a);
		}
		app_run(&a);
		if (!a.relogin)
			break;
		app_forget(&a);
		have_pw = 0;
	}
	memset(a.password, 0, sizeof a.password);
	scr_close();
	jhc_free(a.c);
	ui_screen_free(a.scr);
	return 0;
}
