/* test_render.c — the renderer against golden PBM images (tests/firmware/golden/), the font
 * subset generated from Unifont, the HUB12 scan stream, PBM and text art.
 * `test_render --write-golden DIR` rewrites the goldens (make firmware-goldens); the test
 * itself only reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/t.h"
#include "fbio.h"
#include "font.h"
#include "hal.h"
#include "hub12.h"
#include "layout.h"
#include "regs.h"

struct golden {
	const char	*name;
	uint16_t	 w, h;
	uint16_t	 mode;
	uint16_t	 effect;
	const char	*line1;
	const char	*line2;
	uint32_t	 scroll;
	int		 missing;	/* expected LAYOUT_MISSING_GLYPH */
};

static const struct golden goldens[] = {
	{ "idle_welcome_64x16", 64, 16, REGS_MODE_IDLE, 0, "", "", 0, 0 },
	{ "calling_arrow_64x16", 64, 16, REGS_MODE_CALLING, 0, "A001 \xe2\x86\x92 3", "", 0, 0 },
	{ "calling_two_lines_128x32", 128, 32, REGS_MODE_CALLING, 0, "A001 \xe2\x86\x92 3",
	    "\xe8\xaf\xb7\xe5\x88\xb0" "3\xe5\x8f\xb7\xe7\xaa\x97\xe5\x8f\xa3", 0, 0 },
	{ "calling_long_cut_64x16", 64, 16, REGS_MODE_CALLING, 0,
	    "\xe8\xaf\xb7" "A001\xe5\x8f\xb7\xe5\x88\xb0" "3\xe5\x8f\xb7\xe7\xaa\x97\xe5\x8f\xa3",
	    "", 0, 0 },
	{ "calling_long_scrolled_64x16", 64, 16, REGS_MODE_CALLING, REGS_EFFECT_SCROLL,
	    "\xe8\xaf\xb7" "A001\xe5\x8f\xb7\xe5\x88\xb0" "3\xe5\x8f\xb7\xe7\xaa\x97\xe5\x8f\xa3",
	    "", 100, 0 },
	{ "paused_default_64x32", 64, 32, REGS_MODE_PAUSED, 0, "", "", 0, 0 },
	{ "line2_only_96x16", 96, 16, REGS_MODE_CALLING, 0, "", "B012 \xe2\x86\x92 12", 0, 0 },
	{ "missing_glyph_box_32x16", 32, 16, REGS_MODE_CALLING, 0, "\xc3\xa9" "A", "", 0, 1 },
};

static const char *golden_dir = "tests/firmware/golden";

static int
draw(struct fb *fb, const struct golden *g)
{
	uint8_t l1[REGS_LINE_BYTES], l2[REGS_LINE_BYTES];

	memset(l1, 0, sizeof l1);
	memset(l2, 0, sizeof l2);
	memcpy(l1, g->line1, strlen(g->line1));
	memcpy(l2, g->line2, strlen(g->line2));
	fb_init(fb, g->w, g->h);
	return layout_draw(fb, g->mode, g->effect, l1, l2, REGS_LINE_BYTES, g->scroll);
}

static void
renders_match_goldens(void)
{
	static struct fb fb, want;
	char	 path[512], err[256], art[(FB_MAX_W + 3) * (FB_MAX_H + 2) + 1];
	size_t	 i;
	int	 flags;

	for (i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
		flags = draw(&fb, &goldens[i]);
		T_EQ_INT(flags & LAYOUT_MISSING_GLYPH, goldens[i].missing);
		snprintf(path, sizeof path, "%s/%s.pbm", golden_dir, goldens[i].name);
		if (fbio_read_pbm(&want, path, err, sizeof err) < 0) {
			T_CHECK(0, "golden %s unreadable: %s (make firmware-goldens)", path, err);
			continue;
		}
		T_CHECK(want.w == fb.w && want.h == fb.h, "%s: size %ux%u, golden %ux%u",
		    goldens[i].name, fb.w, fb.h, want.w, want.h);
		if (memcmp(want.bits, fb.bits, fb_size(&fb)) != 0) {
			fbio_art(&fb, art, sizeof art);
			T_CHECK(0, "%s differs from its golden; drawn:\n%s", goldens[i].name, art);
		}
	}
}

static void
blank_mode_draws_nothing(void)
{
	static struct fb fb;
	struct golden g = { "", 64, 16, REGS_MODE_BLANK, 0, "A001", "B", 0, 0 };
	size_t i, lit = 0;

	draw(&fb, &g);
	for (i = 0; i < fb_size(&fb); i++)
		lit += fb.bits[i] != 0;
	T_EQ_INT(lit, 0);
}

static void
short_text_is_centred(void)
{
	static struct fb fb;
	struct golden g = { "", 32, 16, REGS_MODE_CALLING, 0, "1", "", 0, 0 };
	int x, minx = 99, maxx = -1, y;

	draw(&fb, &g);
	for (y = 0; y < 16; y++)
		for (x = 0; x < 32; x++)
			if (fb_get(&fb, x, y)) {
				minx = x < minx ? x : minx;
				maxx = x > maxx ? x : maxx;
			}
	/* "1" is an 8-pixel glyph, centred: columns 12-19 hold it. */
	T_CHECK(minx >= 12 && maxx <= 19, "glyph spans %d..%d", minx, maxx);
}

static void
font_holds_unifont_bitmaps(void)
{
	/* Unifont's 'A': 0041:0000000018242442427E424242420000 */
	static const uint8_t a[16] = { 0, 0, 0, 0, 0x18, 0x24, 0x24, 0x42, 0x42, 0x7e, 0x42,
		0x42, 0x42, 0x42, 0, 0 };
	uint8_t got[16];
	int	 g, row;

	g = font_find('A');
	T_CHECK(g >= 0, "'A' is in the subset");
	if (g < 0)
		return;
	T_EQ_INT(font_width(g), 8);
	for (row = 0; row < 16; row++)
		got[row] = font_byte(g, row, 0);
	T_EQ_MEM(got, sizeof got, a, sizeof a);
	T_EQ_INT(font_width(font_find(0x7a97)), 16);	/* 窗 */
	T_CHECK(font_find(0x8bf7) >= 0, "请 is in the subset");
	T_CHECK(font_find(0x2192) >= 0, "the arrow is in the subset");
	T_EQ_INT(font_find(0xe9), -1);
	T_EQ_INT(font_find(0x1f600), -1);
	for (g = 0x20; g < 0x7f; g++)
		T_CHECK(font_find((uint32_t)g) >= 0, "ASCII %#x missing", g);
}

static void
utf8_decoding_refuses_malformed_bytes(void)
{
	const uint8_t s[] = "a\xe8\xaf\xb7\xc0\xaf\xed\xa0\x80\xe8\xaf";
	size_t	 i = 0;

	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 'a');
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0x8bf7);
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0xfffd);	/* overlong */
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0xfffd);
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0xfffd);	/* surrogate */
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0xfffd);
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0xfffd);
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0xfffd);	/* truncated at the end */
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0xfffd);
	T_EQ_INT(layout_utf8_next(s, sizeof s - 1, &i), 0);
}

/* ---- a recording HAL: what a HUB12 panel chain would latch ---- */

static uint8_t	 hal_shifted[1024];
static size_t	 hal_nshifted;
static char	 hal_log[64];
static size_t	 hal_nlog;

void
hal_hub12_shift(uint8_t byte)
{
	if (hal_nshifted < sizeof hal_shifted)
		hal_shifted[hal_nshifted++] = byte;
	if (hal_nlog == 0 || hal_log[hal_nlog - 1] != 'S')
		hal_log[hal_nlog++] = 'S';
}

void
hal_hub12_latch(void)
{
	hal_log[hal_nlog++] = 'L';
}

void
hal_hub12_row(uint8_t row)
{
	hal_log[hal_nlog++] = (char)('0' + row);
}

void
hal_hub12_enable(uint8_t brightness)
{
	hal_log[hal_nlog++] = brightness ? 'E' : 'e';
}

static void
hub12_single_pixel_stream(void)
{
	static struct fb fb;
	uint8_t	 out[64], want[16];

	fb_init(&fb, 32, 16);
	fb_set(&fb, 0, 0);
	memset(want, 0xff, sizeof want);
	want[3] = 0x7f;	/* column byte 0, row 0 is the 4th byte; R is active low */
	T_EQ_MEM(out, hub12_scan_bytes(&fb, 0, out, sizeof out), want, sizeof want);
	memset(want, 0xff, sizeof want);
	T_EQ_MEM(out, hub12_scan_bytes(&fb, 1, out, sizeof out), want, sizeof want);
	fb_clear(&fb);
	fb_set(&fb, 31, 13);	/* scan 1, rows 13 = 1 + 12: first byte of column byte 3 */
	want[12] = 0xfe;
	T_EQ_MEM(out, hub12_scan_bytes(&fb, 1, out, sizeof out), want, sizeof want);
	T_EQ_INT(hub12_scan_bytes(&fb, 1, out, 15), 0);
}

/* Rebuild the image from four scan steps as the chain would show it; compare. */
static void
hub12_scan_rebuilds_the_image(void)
{
	static struct fb fb, seen;
	const struct golden *g = &goldens[2];	/* 128x32: two rows of panels */
	uint8_t	 row = 0, s;
	size_t	 per_row, k, col, quad, prow, y;

	draw(&fb, g);
	fb_init(&seen, fb.w, fb.h);
	per_row = fb_stride(&fb) * 4;
	for (s = 0; s < HUB12_SCANS; s++) {
		hal_nshifted = hal_nlog = 0;
		hub12_step(&fb, &row, 80);
		T_EQ_INT(row, (s + 1) & 3);
		T_EQ_INT(hal_nshifted, per_row * 2);
		hal_log[hal_nlog] = '\0';
		{
			char want[8] = { 'S', 'e', 'L', (char)('0' + s), 'E', 0 };

			T_EQ_STR(hal_log, want);
		}
		for (k = 0; k < hal_nshifted; k++) {
			prow = fb.h / FB_PANEL_H - 1 - k / per_row;
			col = (k % per_row) / 4;
			quad = 3 - k % 4;
			y = prow * FB_PANEL_H + s + quad * 4;
			seen.bits[y * fb_stride(&fb) + col] = (uint8_t)~hal_shifted[k];
		}
	}
	T_EQ_MEM(seen.bits, fb_size(&seen), fb.bits, fb_size(&fb));
}

static void
pbm_round_trip_and_art(void)
{
	static struct fb fb, back;
	char	 path[] = "/tmp/jhfw-pbm-XXXXXX", err[256], art[2048];
	int	 fd = mkstemp(path);
	size_t	 n;

	T_CHECK(fd >= 0, "temp file");
	if (fd < 0)
		return;
	draw(&fb, &goldens[1]);
	T_EQ_INT(fbio_write_pbm(&fb, path), 0);
	T_EQ_INT(fbio_read_pbm(&back, path, err, sizeof err), 0);
	T_EQ_MEM(back.bits, fb_size(&back), fb.bits, fb_size(&fb));
	fb_init(&fb, 32, 16);
	fb_set(&fb, 0, 0);
	n = fbio_art(&fb, art, sizeof art);
	T_EQ_INT(n, 35 * 18);
	T_CHECK(strncmp(art + 35, "|#...", 5) == 0, "first row starts lit: %.40s", art + 35);
	T_EQ_INT(fbio_art(&fb, art, 100), 0);
	FILE *f = fopen(path, "w");
	fputs("P4\n30 16\n", f);
	fclose(f);
	T_EQ_INT(fbio_read_pbm(&back, path, err, sizeof err), -1);
	T_CHECK(strstr(err, "not a chain") != NULL, "reason: %s", err);
	remove(path);
	close(fd);
}

static int
write_goldens(const char *dir)
{
	static struct fb fb;
	char	 path[512];
	size_t	 i;

	for (i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
		draw(&fb, &goldens[i]);
		snprintf(path, sizeof path, "%s/%s.pbm", dir, goldens[i].name);
		if (fbio_write_pbm(&fb, path) < 0) {
			perror(path);
			return 1;
		}
		printf("wrote %s\n", path);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *top = getenv("JH_TOP");
	static char dir[512];

	if (argc == 3 && strcmp(argv[1], "--write-golden") == 0)
		return write_goldens(argv[2]);
	if (top != NULL) {
		snprintf(dir, sizeof dir, "%s/tests/firmware/golden", top);
		golden_dir = dir;
	}
	T_RUN(renders_match_goldens);
	T_RUN(blank_mode_draws_nothing);
	T_RUN(short_text_is_centred);
	T_RUN(font_holds_unifont_bitmaps);
	T_RUN(utf8_decoding_refuses_malformed_bytes);
	T_RUN(hub12_single_pixel_stream);
	T_RUN(hub12_scan_rebuilds_the_image);
	T_RUN(pbm_round_trip_and_art);
	return t_done();
}
