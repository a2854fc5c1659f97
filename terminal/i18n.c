/* i18n.c — choose the language and a UTF-8 locale, bind the gettext catalogues. */
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

static const char *
pick_lang(const char *lang)
{
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG", NULL };
	int i;

	for (i = 0; !lang && vars[i]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			lang = v;
	}
	if (lang && strncmp(lang, "zh", 2) == 0)
		return "zh_CN";
	return "en";
}

static int english = 1;

int
i18n_english(void)
{
	return english;
}

const char *
i18n_init(const char *lang)
{
	const char *chosen = pick_lang(lang);
	const char *cs;
	char dir[PATH_MAX], *slash;
	ssize_t n;

	if (!setlocale(LC_ALL, "") || !(cs = nl_langinfo(CODESET)) || strcmp(cs, "UTF-8") != 0) {
		/* The named locale is not installed (or not UTF-8): keep UTF-8 for the screen,
		 * and let LANGUAGE choose the catalogue. */
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "");
	}
	/* LANGUAGE outranks the locale's own language in gettext: set it to what we chose. */
	setenv("LANGUAGE", chosen, 1);
	english = strcmp(chosen, "en") == 0;
	if (getenv("JH_LOCALEDIR")) {
		bindtextdomain("jhterm", getenv("JH_LOCALEDIR"));
	} else if ((n = readlink("/proc/self/exe", dir, sizeof dir - 32)) > 0) {
		dir[n] = '\0';
		if ((slash = strrchr(dir, '/')) != NULL) {
			/* bin/locale in the build tree; PREFIX/share/locale once installed */
			strcpy(slash, "/locale");
			if (access(dir, F_OK) != 0)
				strcpy(slash, "/../share/locale");
			bindtextdomain("jhterm", dir);
		}
	}
	bind_textdomain_codeset("jhterm", "UTF-8");
	textdomain("jhterm");
	return chosen;
}

const char *
i18n_word(const struct i18n_word *tab, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(tab[i].id, id) == 0)
			return _(tab[i].word);
	return NULL;
}
