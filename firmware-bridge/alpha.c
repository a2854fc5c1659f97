/* alpha.c — the "alpha" driver: Alpha/BetaBrite signs. On first contact the sign's memory is
 * configured (special function E$: TEXT file A and one STRING file per line), TEXT file A is
 * written once to show the STRING files, and from then on only STRING files change (command
 * G), which the sign shows without blanking. Text is converted to the display's charset
 * (ASCII by default); what ASCII cannot show falls back to the line's plainer alternatives. */
#include <stdio.h>
#include <string.h>

#include "alpha.h"

#define ALPHA_NUL_LEAD	5

uint16_t
alpha_sum(const uint8_t *p, size_t len)
{
	uint16_t sum = 0;

	while (len--)
		sum = (uint16_t)(sum + *p++);
	return sum;
}

int
alpha_packet(char type, int addr, char cmd, const uint8_t *data, size_t len,
    struct drv_frame *f)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t stx;
	uint16_t sum;

	if (addr < 0 || addr > 0xFF || ALPHA_NUL_LEAD + 5 + len + 6 > sizeof f->b)
		return -1;
	f->len = 0;
	f->reply = 0;
	for (int i = 0; i < ALPHA_NUL_LEAD; i++)
		f->b[f->len++] = 0x00;
	f->b[f->len++] = 0x01;
	f->b[f->len++] = (uint8_t)type;
	f->b[f->len++] = (uint8_t)hex[addr >> 4];
	f->b[f->len++] = (uint8_t)hex[addr & 0xF];
	stx = f->len;
	f->b[f->len++] = 0x02;
	f->b[f->len++] = (uint8_t)cmd;
	memcpy(f->b + f->len, data, len);
	f->len += len;
	f->b[f->len++] = 0x03;
	sum = alpha_sum(f->b + stx, f->len - stx);
	for (int s = 12; s >= 0; s -= 4)
		f->b[f->len++] = (uint8_t)hex[(sum >> s) & 0xF];
	f->b[f->len++] = 0x04;
	return 0;
}

int
alpha_write_text(char type, int addr, char label, uint8_t pos, char mode, const char *text,
    struct drv_frame *f)
{
	uint8_t data[DRV_FRAME_MAX];
	size_t tl = strlen(text);

	if (tl + 4 > sizeof data)
		return -1;
	data[0] = (uint8_t)label;
	data[1] = 0x1B;
	data[2] = pos;
	data[3] = (uint8_t)mode;
	memcpy(data + 4, text, tl);
	return alpha_packet(type, addr, 'A', data, tl + 4, f);
}

int
alpha_write_string(char type, int addr, char label, const char *text, struct drv_frame *f)
{
	uint8_t data[1 + ALPHA_STRING_MAX];
	size_t tl = strlen(text);

	if (tl > ALPHA_STRING_MAX)
		return -1;
	data[0] = (uint8_t)label;
	memcpy(data + 1, text, tl);
	return alpha_packet(type, addr, 'G', data, tl + 1, f);
}

void
alpha_reply(const uint8_t *rx, size_t len, struct drv_reply *r)
{
	memset(r, 0, sizeof *r);
	r->v = DRV_MORE;
	for (size_t i = 0; i + 1 < len; i++) {
		if (rx[i] == 0x06 || rx[i] == 0x15) {
			r->v = rx[i] == 0x06 ? DRV_ACK : DRV_NAK;
			r->code = rx[i + 1];
			return;
		}
	}
}

/* The driver. */

static int
alphad_check(const struct drv_disp *d, char *err, size_t errlen)
{
	if (d->addr < 0 || d->addr > 0xFF) {
		snprintf(err, errlen, "Alpha address %d out of range 0-255", d->addr);
		return -1;
	}
	if (d->lines < 1 || d->lines > 2) {
		snprintf(err, errlen, "Alpha signs here have 1 or 2 lines, not %d", d->lines);
		return -1;
	}
	return 0;
}

static int
alphad_state(const struct drv_disp *d, const struct drv_view *v, int full, struct drv_job *job,
    char *err, size_t errlen)
{
	char type = d->type ? d->type : 'Z', text[DRV_TEXT_MAX];
	int reply = d->ack && d->addr != 0;

	job->n = 0;
	if (full) {
		/* E$: TEXT file A (unlocked, 256 bytes, always shown), STRING files 1..lines */
		char cfg[64], ref[32];
		size_t cl = 0, rl = 0;

		if (d->ack) {
			if (alpha_packet(type, d->addr, 'E', (const uint8_t *)"s1", 2,
			    &job->f[job->n]) < 0)
				goto bad;
			job->n++;	/* no answer expected: ACKs may be off until this lands */
		}
		cl += (size_t)snprintf(cfg + cl, sizeof cfg - cl, "$AAU0100FF00");
		for (int l = 0; l < d->lines; l++)
			cl += (size_t)snprintf(cfg + cl, sizeof cfg - cl, "%cBL%04X0000", '1' + l,
			    ALPHA_STRING_MAX);
		if (alpha_packet(type, d->addr, 'E', (const uint8_t *)cfg, cl, &job->f[job->n]) < 0)
			goto bad;
		job->f[job->n++].reply = reply;
		for (int l = 0; l < d->lines; l++) {
			ref[rl++] = 0x1B;
			ref[rl++] = (char)(d->lines == 1 ? ALPHA_POS_MIDDLE :
			    l == 0 ? ALPHA_POS_TOP : ALPHA_POS_BOTTOM);
			ref[rl++] = ALPHA_MODE_HOLD;
			ref[rl++] = 0x10;	/* call STRING file */
			ref[rl++] = (char)('1' + l);
		}
		/* ESC pos mode are already in ref: send the command by hand */
		{
			uint8_t data[40];

			data[0] = 'A';
			memcpy(data + 1, ref, rl);
			if (alpha_packet(type, d->addr, 'A', data, rl + 1, &job->f[job->n]) < 0)
				goto bad;
			job->f[job->n++].reply = reply;
		}
	}
	for (int l = 0; l < d->lines; l++) {
		if (l < v->nlines && v->mode != DRV_MODE_BLANK)
			drv_line_pick(d, &v->line[l], text, ALPHA_STRING_MAX + 1);
		else
			text[0] = '\0';
		if (text[0] == '\0')
			strcpy(text, " ");	/* an empty STRING file shows stale text on some signs */
		if (alpha_write_string(type, d->addr, (char)('1' + l), text, &job->f[job->n]) < 0)
			goto bad;
		job->f[job->n++].reply = reply;
	}
	return 0;
bad:
	snprintf(err, errlen, "cannot encode an Alpha packet for address %02X", d->addr);
	job->n = 0;
	return -1;
}

static int
alphad_heartbeat(const struct drv_disp *d, struct drv_frame *f)
{
	if (!d->ack || d->addr == 0)
		return -1;
	/* Turning ACK/NAK on again is harmless and answered: it is our heartbeat. */
	if (alpha_packet(d->type ? d->type : 'Z', d->addr, 'E', (const uint8_t *)"s1", 2, f) < 0)
		return -1;
	f->reply = 1;
	return 0;
}

static void
alphad_reply(const struct drv_disp *d, const struct drv_frame *req, const uint8_t *rx,
    size_t len, struct drv_reply *r)
{
	alpha_reply(rx, len, r);
}

static const char *
alphad_nak_reason(int code)
{
	return "sign sent NAK";
}

const struct drv drv_alpha = {
	.name = "alpha",
	.framing = "7E1",
	.check = alphad_check,
	.state = alphad_state,
	.heartbeat = alphad_heartbeat,
	.reply = alphad_reply,
	.nak_reason = alphad_nak_reason,
};
