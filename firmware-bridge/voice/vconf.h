/* vconf.h — jhvoice's INI configuration (libinih): the server and the device's credentials,
 * the sound device, the voice pack, what is said and how (languages, repeats, gaps), which
 * windows, how old an announcement may get, quiet periods, and windows' spoken names.
 * See docs/VOICE.md. */
#ifndef JH_VCONF_H
#define JH_VCONF_H

#include <stddef.h>

#include "pack.h"
#include "say.h"

#define VCONF_NAME_MAX		32
#define VCONF_WINDOWS_MAX	64
#define VCONF_QUIET_MAX		8
#define VCONF_SPOKEN_MAX	64

/* A quiet period, in minutes after local midnight; from > to wraps past midnight. */
struct vquiet {
	int		 from, to;
};

/* A window's spoken name: a clip per language ("" for none: the name is read). */
struct vspoken {
	char		 window[VCONF_NAME_MAX];
	char		 clip[SAY_LANGS][PACK_PATH_MAX];
	int		 line;
};

struct vconf {
	char		 server[256];		/* HOST:PORT or a Unix socket path */
	char		 ca[256];		/* the hall CA's certificate: TLS ("": $JH_CA) */
	char		 device[VCONF_NAME_MAX];
	char		 token[256];
	char		 log[16];
	char		 pcm[128];		/* ALSA PCM name */
	char		 pack[PACK_PATH_MAX];	/* "" = the pack installed beside jhvoice */
	struct say_opts	 say;
	int		 max_age_s;		/* older announcements are dropped */
	int		 nquiet;
	struct vquiet	 quiet[VCONF_QUIET_MAX];
	int		 nwin;			/* 0 = every window */
	char		 win[VCONF_WINDOWS_MAX][VCONF_NAME_MAX];
	int		 buffer_ms;		/* ALSA buffer */
	int		 stall_s;		/* no sound taken this long while playing: alert */
	int		 retry_max_s;		/* reopening the device: back-off ceiling */
	int		 nspoken;
	struct vspoken	 spoken[VCONF_SPOKEN_MAX];
};

/* Parse the file at path (or text, for tests) into c, then check it. 0, or -1 with a message
 * naming the file, line and key in err. */
int vconf_load(const char *path, struct vconf *c, char *err, size_t errlen);
int vconf_load_string(const char *text, struct vconf *c, char *err, size_t errlen);

/* "12:00-13:30, 22:00-06:00" → periods. Count, or -1. */
int vconf_parse_quiet(const char *s, struct vquiet *q, int max);
/* Is the minute of the day (0..1439) in a quiet period? Its index, or -1. */
int vconf_quiet_at(const struct vconf *c, int minute);
/* Does this speaker announce calls to window? */
int vconf_window_wanted(const struct vconf *c, const char *window);
/* Load every window's spoken-name clips into pk (a relative path is in the pack's folder). */
int vconf_load_spoken(const struct vconf *c, struct pack *pk, char *err, size_t errlen);

#endif
