/* i18n.h — messages through gettext (domain "jhterm"), English and Simplified Chinese. */
#ifndef JH_I18N_H
#define JH_I18N_H

#include <libintl.h>
#include <stddef.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(s, p, n) ngettext(s, p, (unsigned long)(n))

/* Pick the language (lang: "en", "zh_CN", or NULL for LC_ALL/LC_MESSAGES/LANG), make sure
 * the character locale is UTF-8 (falling back to C.UTF-8), and bind the catalogues found in
 * JH_LOCALEDIR, or "locale" beside the executable (the build tree's bin/), else
 * "../share/locale" from it (installed by make install). Returns the language chosen ("en"
 * or "zh_CN"). */
const char *i18n_init(const char *lang);
/* 1 when the language chosen by the last i18n_init is English (the server's own language). */
int i18n_english(void);

/* One row of a table of words: a server id ("paused") and its words, marked with N_(). */
struct i18n_word {
	const char	*id;
	const char	*word;
};

/* The translated words of id in tab[0..n-1], or NULL when id is NULL or not in it. */
const char *i18n_word(const struct i18n_word *tab, size_t n, const char *id);
#define I18N_WORD(tab, id) i18n_word((tab), sizeof (tab) / sizeof (tab)[0], (id))

#endif
