/* pack.c — load a voice pack's clips into memory, all or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "say.h"
#include "wav.h"

void
pack_init(struct pack *pk, const char *dir)
{
	memset(pk, 0, sizeof *pk);
	snprintf(pk->dir, sizeof pk->dir, "%s", dir);
}

void
pack_free(struct pack *pk)
{
	for (int i = 0; i < pk->n; i++)
		free(pk->c[i].s);
	free(pk->c);
	pk->c = NULL;
	pk->n = pk->cap = 0;
}

const struct clip *
pack_get(const struct pack *pk, const char *name)
{
	for (int i = 0; i < pk->n; i++)
		if (strcmp(pk->c[i].name, name) == 0)
			return &pk->c[i];
	return NULL;
}

int
pack_add(struct pack *pk, const char *name, const char *path, char *err, size_t errlen)
{
	char file[PACK_PATH_MAX + PACK_NAME_MAX + 8], why[256];
	struct clip *c;
	struct wav w;

	if (strlen(name) >= PACK_NAME_MAX) {
		snprintf(err, errlen, "clip name %s too long", name);
		return -1;
	}
	if (path)
		snprintf(file, sizeof file, "%s", path);
	else
		snprintf(file, sizeof file, "%s/%s.wav", pk->dir, name);
	if (wav_load(file, &w, why, sizeof why) < 0) {
		if (path)
			snprintf(err, errlen, "%s (%s): %s", path, name, why);
		else
			snprintf(err, errlen, "pack %s: %s.wav: %s", pk->dir, name, why);
		return -1;
	}
	if (pk->rate && w.rate != pk->rate) {
		snprintf(err, errlen, "%s: %d Hz, but the pack is %d Hz (%s.wav): convert it "
		    "(mkpack.sh --from)", file, w.rate, pk->rate, pk->first);
		wav_free(&w);
		return -1;
	}
	if ((c = (struct clip *)pack_get(pk, name)) != NULL) {
		free(c->s);	/* loaded again: the new one wins */
	} else {
		if (pk->n == pk->cap) {
			int cap = pk->cap ? 2 * pk->cap : 128;
			struct clip *nc = realloc(pk->c, (size_t)cap * sizeof *nc);

			if (!nc) {
				snprintf(err, errlen, "out of memory");
				wav_free(&w);
				return -1;
			}
			pk->c = nc;
			pk->cap = cap;
		}
		c = &pk->c[pk->n++];
		memcpy(c->name, name, strlen(name) + 1);
	}
	c->s = w.s;
	c->n = w.n;
	if (!pk->rate) {
		pk->rate = w.rate;
		snprintf(pk->first, sizeof pk->first, "%s", name);
	}
	return 0;
}

int
pack_load(struct pack *pk, const int *langs, int nlangs, char *err, size_t errlen)
{
	char names[128][PACK_NAME_MAX];

	if (pack_add(pk, "chime", NULL, err, errlen) < 0)
		return -1;
	for (int l = 0; l < nlangs; l++) {
		int n = say_clips(langs[l], names, 128);

		for (int i = 0; i < n; i++)
			if (pack_add(pk, names[i], NULL, err, errlen) < 0)
				return -1;
	}
	return 0;
}
