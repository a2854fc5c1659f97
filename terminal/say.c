/* say.c — the server's refusals said in the console's language (see say.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "layout.h"
#include "say.h"
#include "text.h"

const char *
say_code(const char *code)
{
	static const struct i18n_word tab[] = {
		{ "bad_request", N_("The server did not understand the request") },
		{ "unknown_op", N_("The server does not know this action") },
		{ "unauthenticated", N_("Wrong user name or password") },
		{ "forbidden", N_("Not allowed for your role") },
		{ "not_found", N_("Not found") },
		{ "conflict", N_("Not possible right now") },
		{ "quota_exhausted", N_("No quota left") },
		{ "limit_reached", N_("Limit reached") },
		{ "blacklisted", N_("Refused (blacklisted)") },
		{ "closed", N_("Closed") },
		{ "line_too_long", N_("Request too long") },
		{ "internal", N_("The server had an internal error") },
		{ "disconnected", N_("No connection to the server") },
		{ "timeout", N_("The server did not answer in time") },
		{ "bad_reply", N_("The server's answer could not be read") },
	};
	const char *w = I18N_WORD(tab, code);

	return w ? w : _("The server refused");
}

/* The messages jhd sends (its ops' req_error calls), "%s" for each part it fills in, and the
 * sentence to say instead. kinds: one letter per part — 's' a state, 'a' an action, 'r' a
 * role, '-' as is. */
static const struct {
	const char *server, *kinds, *say;
} known[] = {
	{ "window %s is held by %s", "--", N_("Window %s is held by %s.") },
	{ "window %s is %s: cannot %s", "-sa", N_("Window %s is %s: it cannot %s.") },
	{ "window %s is still serving %s: finish it first", "--",
	    N_("Window %s is still serving %s: finish it first.") },
	{ "window %s has no called ticket", "-", N_("Window %s has no called ticket.") },
	{ "window %s is closed", "-", N_("Window %s is closed.") },
	{ "window %s is paused", "-", N_("Window %s is paused.") },
	{ "a clerk acts on their own window (%s), not %s", "--",
	    N_("Not allowed for your role: a clerk acts only on their own window (%s), not on %s.") },
	{ "a clerk transfers only the ticket called at their window; ask a supervisor to move %s",
	    "-", N_("A clerk transfers only the ticket called at their window: ask a supervisor "
	    "to move %s.") },
	{ "wrong user name or password", "", N_("Wrong user name or password.") },
	{ "user %s is a %s and may not sign in as %s", "-rr",
	    N_("User %s is a %s and may not sign in as %s.") },
	{ "say hello first", "", N_("You are not signed in.") },
	{ "no window '%s'", "-", N_("There is no window %s.") },
	{ "no service '%s'", "-", N_("There is no service %s.") },
	{ "no ticket %s", "-", N_("There is no ticket %s.") },
	{ "no waiting or called ticket %s today", "-",
	    N_("No ticket %s is waiting or called today.") },
	{ "ticket %s is %s, not waiting", "-s", N_("Ticket %s is %s, not waiting.") },
	{ "ticket %s already waits there", "-", N_("Ticket %s already waits there.") },
	{ "ticket %s is at window %s, not yours", "--",
	    N_("Ticket %s is at window %s, not yours.") },
	{ "at most %s services a window", "-", N_("A window serves at most %s services.") },
	{ "too many failed sign-ins; try again in %s s", "-",
	    N_("Too many failed sign-ins: try again in %s s.") },
};

#define PARTS 3
#define PART 64

/* Match msg against pat ("%s" takes the shortest run up to what follows it, or the rest at
 * the end). 1 with the parts filled, 0 when it does not match. */
static int
match(const char *pat, const char *msg, char part[PARTS][PART])
{
	int n = 0;

	for (;;) {
		const char *pc = strstr(pat, "%s");
		size_t lit = pc ? (size_t)(pc - pat) : strlen(pat);

		if (strncmp(pat, msg, lit) != 0)
			return 0;
		msg += lit;
		if (!pc)
			return *msg == '\0';
		pat = pc + 2;
		{
			const char *next = strstr(pat, "%s");
			size_t nl = next ? (size_t)(next - pat) : strlen(pat);
			char lit2[128];
			const char *end;

			if (n == PARTS || nl >= sizeof lit2)
				return 0;
			memcpy(lit2, pat, nl);
			lit2[nl] = '\0';
			end = nl ? strstr(msg, lit2) : msg + strlen(msg);
			if (!end || end == msg || (size_t)(end - msg) >= PART)
				return 0;
			memcpy(part[n], msg, (size_t)(end - msg));
			part[n][end - msg] = '\0';
			n++;
			msg = end;
		}
	}
}

static const char *
action_word(const char *a)
{
	static const struct i18n_word tab[] = {
		{ "open", N_("be opened") }, { "pause", N_("be paused") },
		{ "resume", N_("resume") }, { "close", N_("be closed") },
	};
	const char *w = I18N_WORD(tab, a);

	return w ? w : a;
}

static const char *
role_word(const char *r)
{
	static const struct i18n_word tab[] = {
		{ "clerk", N_("clerk") }, { "supervisor", N_("supervisor") },
		{ "admin", N_("administrator") },
	};
	const char *w = I18N_WORD(tab, r);

	return w ? w : r;
}

/* The same words, but for case and a full stop at the end. */
static int
same_words(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na && (a[na - 1] == '.' || a[na - 1] == ' '))
		na--;
	while (nb && (b[nb - 1] == '.' || b[nb - 1] == ' '))
		nb--;
	return na == nb && strncasecmp(a, b, na) == 0;
}

void
say_error(char *buf, size_t sz, const char *code, const char *message)
{
	char part[PARTS][PART], clean[256];
	const char *arg[PARTS];
	const char *words = say_code(code);
	size_t i;
	int k;

	tx_clean(clean, sizeof clean, message ? message : "");
	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		memset(part, 0, sizeof part);
		if (!match(known[i].server, clean, part))
			continue;
		for (k = 0; k < PARTS; k++) {
			char kind = k < (int)strlen(known[i].kinds) ? known[i].kinds[k] : '-';

			arg[k] = kind == 's' ? lay_state_word(part[k]) : kind == 'a' ?
			    action_word(part[k]) : kind == 'r' ? role_word(part[k]) : part[k];
		}
		snprintf(buf, sz, _(known[i].say), arg[0], arg[1], arg[2]);
		return;
	}
	if (i18n_english() && clean[0] && !same_words(words, clean))
		snprintf(buf, sz, "%s: %s", words, clean);
	else
		snprintf(buf, sz, _("%s."), words);
}

int
say_held_by(const json_t *answer, const char *message, char *by, size_t sz)
{
	const json_t *v = json_object_get(json_object_get(answer, "error"), "held_by");
	char part[PARTS][PART], clean[256];

	if (!json_is_string(v))
		v = json_object_get(answer, "held_by");
	if (json_is_string(v) && json_string_value(v)[0]) {
		tx_clean(by, sz, json_string_value(v));
		return 1;
	}
	tx_clean(clean, sizeof clean, message ? message : "");
	memset(part, 0, sizeof part);
	if (match(known[0].server, clean, part)) {
		tx_clean(by, sz, part[1]);
		return 1;
	}
	return 0;
}
