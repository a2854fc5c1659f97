/* pack.h — a voice pack: the folder of clips jhvoice joins into announcements (docs/VOICE.md,
 * "The voice pack"). Every clip is read into memory at start; a clip that is missing or not
 * in the pack's one format (PCM 16-bit mono, the rate of chime.wav) is refused by name. */
#ifndef JH_PACK_H
#define JH_PACK_H

#include <stddef.h>
#include <stdint.h>

#define PACK_NAME_MAX	48	/* "zh/please", "win/VIP/zh", with the NUL */
#define PACK_PATH_MAX	512

struct clip {
	char		 name[PACK_NAME_MAX];
	int16_t		*s;
	size_t		 n;		/* samples */
};

struct pack {
	char		 dir[PACK_PATH_MAX];
	int		 rate;		/* of the first clip loaded (chime.wav) */
	char		 first[PACK_NAME_MAX];
	int		 n, cap;
	struct clip	*c;
};

void pack_init(struct pack *, const char *dir);
void pack_free(struct pack *);

/* Load one clip under name from path (NULL: DIR/name.wav). 0, or -1 with err naming the file
 * and what is wrong with it. */
int pack_add(struct pack *, const char *name, const char *path, char *err, size_t errlen);
/* Load chime.wav and every clip the languages need (say_clips). 0, or -1 with err. */
int pack_load(struct pack *, const int *langs, int nlangs, char *err, size_t errlen);
/* The clip of that name, or NULL. */
const struct clip *pack_get(const struct pack *, const char *name);

#endif
