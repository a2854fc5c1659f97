/* jhvoice.c — jhvoice: reads jhd's calls out over the hall's speakers ("请A001号到1号窗口办理",
 * then "Number A 0 0 1, please go to window 1") from a voice pack of clips, through ALSA.
 *   jhvoice [--config FILE] [--server ADDR] [--device NAME] [--token T | --token-file F]
 *           [--pcm NAME] [--pack DIR] [--log LEVEL] [--check]
 *   jhvoice [--config FILE] [--pcm NAME] [--pack DIR] --say CODE WINDOW [--out FILE]
 *   jhvoice --list-clips
 * See docs/VOICE.md. */
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jhcli.h"
#include "jhdev.h"
#include "log.h"
#include "mono.h"
#include "pack.h"
#include "player.h"
#include "say.h"
#include "vconf.h"
#include "wav.h"

#define JV_TICK_MS	200

/* The link to jhd (jhdev.h): call events, and the sound device's fault as an alert. */
static const char *const jv_topics[] = { "calls", NULL };
static const struct jhdev_alert_kind jv_alert[] = { { "audio_offline", "the speakers play again" } };

static void
usage(FILE *f)
{
	fprintf(f, "usage: jhvoice [--config FILE] [--server HOST:PORT|SOCKET] [--ca FILE]\n"
	    "               [--device NAME] [--token TOKEN | --token-file FILE] [--pcm NAME]\n"
	    "               [--pack DIR] [--log LEVEL] [--check]\n"
	    "       jhvoice [--config FILE] [--pcm NAME] [--pack DIR] --say CODE WINDOW "
	    "[--out FILE]\n"
	    "       jhvoice --list-clips\n"
	    "       jhvoice --help | --version\n"
	    "The server: --server, else the file's server, else $JH_SERVER, else %s.\n"
	    "The hall CA (TLS): --ca, else the file's ca, else $JH_CA; none: plain TCP.\n",
	    JH_DEFAULT_SERVER);
}

/* An argument error: one line saying what is wrong, a hint, exit 2. */
#define usage_error(...) exit(jh_arg_error("jhvoice", __VA_ARGS__))

/* The pack made at build time: bin/voice beside the program in the build tree,
 * PREFIX/share/jiaohao/voice once installed. */
static void
jv_default_pack(char *out, size_t cap)
{
	char dir[PATH_MAX], real[PATH_MAX], *slash;
	ssize_t n;

	snprintf(out, cap, "/usr/local/share/jiaohao/voice");
	if ((n = readlink("/proc/self/exe", dir, sizeof dir - 32)) <= 0)
		return;
	dir[n] = '\0';
	if ((slash = strrchr(dir, '/')) == NULL)
		return;
	strcpy(slash, "/voice/chime.wav");
	if (access(dir, F_OK) == 0)
		strcpy(slash, "/voice");
	else
		strcpy(slash, "/../share/jiaohao/voice");
	if (realpath(dir, real) != NULL)
		memcpy(dir, real, strlen(real) + 1);
	if (strlen(dir) < cap)
		memcpy(out, dir, strlen(dir) + 1);
}

static void
jv_list_clips(void)
{
	char names[128][PACK_NAME_MAX];

	printf("chime.wav\n");
	for (int l = 0; l < SAY_LANGS; l++) {
		int n = say_clips(l, names, 128);

		for (int i = 0; i < n; i++)
			printf("%s.wav\n", names[i]);
	}
}

/* The announcement for code at window, rendered. NULL with err. */
static int16_t *
jv_render(const struct vconf *c, const struct pack *pk, const char *code, const char *window,
    size_t *n, char *err, size_t errlen)
{
	static struct say_plan plan;
	int16_t *s;

	if (say_plan(pk, &c->say, code, window, &plan, err, errlen) < 0)
		return NULL;
	*n = say_samples(&plan, pk->rate);
	if ((s = malloc(*n ? *n * sizeof *s : 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	say_render(&plan, pk->rate, s);
	return s;
}

static int
jv_minute_now(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

/* A server event: a call (or recall) is rendered and queued. */
static void
jv_event(const struct vconf *c, const struct pack *pk, struct player *p, json_t *ev,
    long long now)
{
	const char *what = json_string_value(json_object_get(ev, "event"));
	const char *code, *window;
	json_t *recall;
	struct annc *a;
	char err[512];
	int16_t *s;
	size_t n;
	int q, r;

	if (!what || strcmp(what, "call") != 0)
		return;
	code = json_string_value(json_object_get(json_object_get(ev, "ticket"), "code"));
	window = json_string_value(json_object_get(ev, "window"));
	recall = json_object_get(ev, "recall");
	if (!code || !window) {
		log_warn("a call event without ticket code or window: ignored");
		return;
	}
	if (!vconf_window_wanted(c, window)) {
		log_debug("%s at window %s: not one of our windows", code, window);
		return;
	}
	if ((q = vconf_quiet_at(c, jv_minute_now())) >= 0) {
		log_info("quiet period %02d:%02d-%02d:%02d: %s at window %s not announced",
		    c->quiet[q].from / 60, c->quiet[q].from % 60, c->quiet[q].to / 60,
		    c->quiet[q].to % 60, code, window);
		return;
	}
	if ((s = jv_render(c, pk, code, window, &n, err, sizeof err)) == NULL) {
		log_warn("%s at window %s cannot be announced: %s", code, window, err);
		return;
	}
	if ((a = annc_new(code, window, (int)json_integer_value(recall), now, s, n)) == NULL) {
		free(s);
		log_warn("out of memory");
		return;
	}
	if ((r = player_enqueue(p, a)) < 0)
		log_warn("%s at window %s not announced: %d announcements already wait", code,
		    window, VQ_MAX);
	else if (r == 1)
		log_info("recall of %s at window %s takes the place of its waiting call", code,
		    window);
	else
		log_debug("queued %s at window %s%s", code, window,
		    json_integer_value(recall) ? " (recall)" : "");
}

static int
jv_run(const struct vconf *c, const struct pack *pk)
{
	struct player_cfg pc = {
		.pcm = c->pcm, .rate = pk->rate, .buffer_ms = c->buffer_ms,
		.max_age_ms = c->max_age_s * 1000, .retry_max_ms = c->retry_max_s * 1000,
	};
	struct player_status st;
	struct player *p;
	struct jhdev *up;
	char err[512], msg[512];

	if ((p = player_start(&pc, err, sizeof err)) == NULL) {
		log_error("%s", err);
		return 1;
	}
	if ((up = jhdev_new(c->server, c->ca, c->device, c->token, jv_topics, jv_alert, 1)) == NULL) {
		player_stop(p, 3000);
		log_error("out of memory");
		return 1;
	}
	while (!jh_stop) {
		long long now = mono_ms();
		int link = jhdev_link(up, now);
		json_t *ev;
		struct pollfd pfd;

		if (link == 1) {
			/* calls made while we were away are not read out late: only new ones */
			while ((ev = jhc_event_pop(jhdev_client(up))) != NULL)
				json_decref(ev);
			log_info("connected to the server; announcing calls");
		}
		if (link >= 0)
			jhdev_pump(up);
		while ((ev = jhc_event_pop(jhdev_client(up))) != NULL) {
			jv_event(c, pk, p, ev, now);
			json_decref(ev);
		}
		/* the device's fault, or a write that has not come back for too long */
		player_status(p, &st);
		msg[0] = '\0';
		if (st.fault[0])
			snprintf(msg, sizeof msg, "%s", st.fault);
		else if (st.busy && now - st.progress > c->stall_s * 1000LL)
			snprintf(msg, sizeof msg, "pcm %s: stalled: no sound taken for more than %d s",
			    c->pcm, c->stall_s);
		jhdev_alert(up, jv_alert[0].kind, msg);
		jhdev_flush(up);
		pfd.fd = jhc_fd(jhdev_client(up));
		pfd.events = POLLIN;
		if (poll(&pfd, pfd.fd >= 0 ? 1 : 0, JV_TICK_MS) < 0 && !jh_stop)
			continue;
	}
	player_stop(p, 3000);
	jhdev_free(up);
	return 0;
}

int
main(int argc, char **argv)
{
	static struct vconf cfg;
	static struct pack pk;
	struct jh_conn_opts o = { 0 };
	const char *config = NULL, *level = NULL, *pcm = NULL, *packdir = NULL;
	const char *say_code = NULL, *say_window = NULL, *out = NULL, *a;
	char err[1024], dir[PACK_PATH_MAX];
	int check = 0, rc, i;
	const struct jh_valopt vo[] = {
		{ "--config", &config },
		JH_CONN_VALOPTS(o),
		{ "--pcm", &pcm },
		{ "--pack", &packdir },
		{ "--log", &level },
		{ "--out", &out },
		{ NULL, NULL }
	};

	log_init("jhvoice", LOG_INFO);
	for (i = 1; (a = jh_valopt_next("jhvoice", vo, argc, argv, &i)) != NULL; i++) {
		if (strcmp(a, "--say") == 0) {
			if (i + 2 >= argc)
				usage_error("--say needs a CODE and a WINDOW");
			say_code = argv[++i];
			say_window = argv[++i];
			continue;
		}
		if (strcmp(a, "--check") == 0) {
			check = 1;
			continue;
		}
		if (strcmp(a, "--list-clips") == 0) {
			jv_list_clips();
			return 0;
		}
		return jh_arg_common("jhvoice", a, usage);
	}
	if (i < 0)
		return 2;
	if (out && !say_code)
		usage_error("--out goes with --say");
	if (config) {
		if (vconf_load(config, &cfg, err, sizeof err) < 0) {
			fprintf(stderr, "jhvoice: %s\n", err);
			return 1;
		}
	} else
		vconf_load_string("", &cfg, err, sizeof err);
	if (jh_conn_settle("jhvoice", &o, cfg.server, sizeof cfg.server, cfg.ca, sizeof cfg.ca,
	    cfg.device, sizeof cfg.device, cfg.token, sizeof cfg.token) != 0)
		return 1;
	if (pcm)
		snprintf(cfg.pcm, sizeof cfg.pcm, "%s", pcm);
	if (packdir)
		snprintf(cfg.pack, sizeof cfg.pack, "%s", packdir);
	if (jh_log_settle("jhvoice", level, cfg.log) != 0)
		return 1;
	player_quiet_alsa();

	/* the whole pack now: a missing clip is refused at start, by name */
	if (cfg.pack[0])
		snprintf(dir, sizeof dir, "%s", cfg.pack);
	else
		jv_default_pack(dir, sizeof dir);
	pack_init(&pk, dir);
	if (pack_load(&pk, cfg.say.langs, cfg.say.nlangs, err, sizeof err) < 0 ||
	    vconf_load_spoken(&cfg, &pk, err, sizeof err) < 0) {
		fprintf(stderr, "jhvoice: %s\n", err);
		pack_free(&pk);
		return 1;
	}
	if (check) {
		printf("%s: pack %s (%d clips, %d Hz), pcm %s, languages", config ? config :
		    "(defaults)", pk.dir, pk.n, pk.rate, cfg.pcm);
		for (int l = 0; l < cfg.say.nlangs; l++)
			printf(" %s", say_lang_code(cfg.say.langs[l]));
		printf(": ok\n");
		pack_free(&pk);
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	if (say_code) {
		struct player_cfg pc = { .pcm = cfg.pcm, .rate = pk.rate,
		    .buffer_ms = cfg.buffer_ms };
		size_t n;
		int16_t *s = jv_render(&cfg, &pk, say_code, say_window, &n, err, sizeof err);

		rc = 0;
		if (!s) {
			fprintf(stderr, "jhvoice: %s\n", err);
			rc = 1;
		} else if (out) {
			if (wav_save(out, s, n, pk.rate) < 0) {
				fprintf(stderr, "jhvoice: %s: cannot write\n", out);
				rc = 1;
			}
		} else if (player_play_once(&pc, s, n, err, sizeof err) < 0) {
			fprintf(stderr, "jhvoice: %s\n", err);
			rc = 1;
		}
		free(s);
		pack_free(&pk);
		return rc;
	}
	if (!strchr(cfg.server, '/') && !cfg.token[0])
		log_warn("no device token (--token, --token-file or token= in [voice]): the "
		    "server will refuse us");
	jh_stop_on_signals();
	log_info("pack %s (%d clips, %d Hz); pcm %s; server %s as %s", pk.dir, pk.n, pk.rate,
	    cfg.pcm, cfg.server, cfg.device);
	rc = jv_run(&cfg, &pk);
	pack_free(&pk);
	log_info("stopped");
	return rc;
}
