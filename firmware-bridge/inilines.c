/* inilines.c — a line-counting source for libinih (see inilines.h). */
#include <string.h>

#include "inilines.h"

char *
ini_lines_read(char *str, int num, void *stream)
{
	struct ini_lines *x = stream;
	int n = 0;

	if (num < 2)
		return NULL;
	if (x->fp) {
		if (!fgets(str, num, x->fp))
			return NULL;
		n = (int)strlen(str);
	} else {
		if (!*x->text)
			return NULL;
		while (n < num - 1 && x->text[n] && x->text[n] != '\n')
			n++;
		if (n < num - 1 && x->text[n] == '\n')
			n++;
		memcpy(str, x->text, (size_t)n);
		str[n] = '\0';
		x->text += n;
	}
	if (n > 0 && str[n - 1] == '\n')
		x->line++;
	else if (x->fp ? feof(x->fp) : !*x->text)
		x->line++;	/* the last line, without a newline */
	return str;
}
