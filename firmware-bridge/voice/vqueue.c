/* vqueue.c — the waiting announcements: a singly linked list, a few entries long. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vqueue.h"

struct annc *
annc_new(const char *code, const char *window, int recall, long long at, int16_t *pcm,
    size_t n)
{
	struct annc *a = calloc(1, sizeof *a);

	if (!a)
		return NULL;
	snprintf(a->code, sizeof a->code, "%s", code);
	snprintf(a->window, sizeof a->window, "%s", window);
	a->recall = recall;
	a->at = at;
	a->pcm = pcm;
	a->n = n;
	return a;
}

void
annc_free(struct annc *a)
{
	if (!a)
		return;
	free(a->pcm);
	free(a);
}

void
annc_free_list(struct annc *a)
{
	while (a) {
		struct annc *next = a->next;

		annc_free(a);
		a = next;
	}
}

void
vq_init(struct vqueue *q)
{
	memset(q, 0, sizeof *q);
}

void
vq_clear(struct vqueue *q)
{
	annc_free_list(q->head);
	vq_init(q);
}

int
vq_push(struct vqueue *q, struct annc *a)
{
	struct annc **pp, **at = NULL;
	int replaced = 0;

	if (a->recall) {
		/* the same ticket waiting at the same window: read it once, as the recall */
		for (pp = &q->head; *pp; pp = &(*pp)->next)
			if (!strcmp((*pp)->code, a->code) && !strcmp((*pp)->window, a->window)) {
				struct annc *old = *pp;

				*pp = old->next;
				annc_free(old);
				q->n--;
				replaced = 1;
				break;
			}
	}
	if (q->n >= VQ_MAX)
		return -1;
	/* after every recall waiting (recalls keep their order), before the plain calls */
	for (pp = &q->head; *pp; pp = &(*pp)->next)
		if (a->recall && !(*pp)->recall) {
			at = pp;
			break;
		}
	if (!at)
		at = pp;
	a->next = *at;
	*at = a;
	q->n++;
	return replaced;
}

void
vq_push_front(struct vqueue *q, struct annc *a)
{
	a->next = q->head;
	q->head = a;
	q->n++;
}

struct annc *
vq_prune(struct vqueue *q, long long now, long long max_age_ms)
{
	struct annc **pp = &q->head, *out = NULL, **tail = &out;

	while (*pp) {
		struct annc *a = *pp;

		if (now - a->at > max_age_ms) {
			*pp = a->next;
			a->next = NULL;
			*tail = a;
			tail = &a->next;
			q->n--;
		} else
			pp = &a->next;
	}
	return out;
}

struct annc *
vq_pop(struct vqueue *q)
{
	struct annc *a = q->head;

	if (!a)
		return NULL;
	q->head = a->next;
	a->next = NULL;
	q->n--;
	return a;
}
