/* test_voice.c — jhvoice's pure parts: WAV files, the wording (codes letter by letter, window
 * numbers as number words in Mandarin and English), the plan and render of an announcement,
 * the pack's refusals, the configuration, and the queue (recalls ahead, stale ones dropped). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "pack.h"
#include "say.h"
#include "vconf.h"
#include "vqueue.h"
#include "wav.h"

#define RATE	16000

static char tmpdir[256];
static char packdir[300];
static char err[1024];

/* A synthetic pack: clip i (in the order of clip_names) is a run of the value i + 1, 100 + 3i
 * samples long, so that a render shows which clips it holds and in what order. */
static int clip_count;
static char clip_names[256][PACK_NAME_MAX];

static int
clip_value(const char *name)
{
	for (int i = 0; i < clip_count; i++)
		if (!strcmp(clip_names[i], name))
			return i + 1;
	return -1;
}

static size_t
clip_len(const char *name)
{
	return (size_t)(100 + 3 * (clip_value(name) - 1));
}

static int
write_clip(const char *dir, const char *name, int rate)
{
	char path[600];
	int16_t s[1024];
	size_t n = clip_len(name);

	for (size_t i = 0; i < n; i++)
		s[i] = (int16_t)clip_value(name);
	snprintf(path, sizeof path, "%s/%s.wav", dir, name);
	return wav_save(path, s, n, rate);
}

static void
make_pack(void)
{
	char sub[400];

	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_voice.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(packdir, sizeof packdir, "%s/pack", tmpdir);
	mkdir(packdir, 0700);
	snprintf(sub, sizeof sub, "%s/zh", packdir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/en", packdir);
	mkdir(sub, 0700);
	snprintf(clip_names[clip_count++], PACK_NAME_MAX, "chime");
	for (int l = 0; l < SAY_LANGS; l++)
		clip_count += say_clips(l, clip_names + clip_count, 256 - clip_count);
	for (int i = 0; i < clip_count; i++)
		if (write_clip(packdir, clip_names[i], RATE) < 0) {
			printf("# cannot write the pack in %s\n", packdir);
			exit(1);
		}
}

static void
rm_pack(void)
{
	char cmd[400];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
}

static void
wav_round_trip_and_refusals(void)
{
	static const unsigned char stereo[] = "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\x01\0\x02\0"
	    "\x80\x3e\0\0\0\xfa\0\0\x04\0\x10\0data\0\0\0\0";
	static const unsigned char eight[] = "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0"
	    "\x80\x3e\0\0\x80\x3e\0\0\x01\0\x08\0data\x02\0\0\0\x80\x80";
	/* a LIST chunk of odd length (padded) before data; one sample, -2 */
	static const unsigned char padded[] = "RIFF\x30\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0"
	    "\x80\x3e\0\0\0\x7d\0\0\x02\0\x10\0LIST\x03\0\0\0abc\0data\x02\0\0\0\xfe\xff";
	int16_t s[3] = { 0, -32768, 32767 };
	char path[400];
	struct wav w;

	snprintf(path, sizeof path, "%s/rt.wav", tmpdir);
	T_EQ_INT(wav_save(path, s, 3, 22050), 0);
	T_EQ_INT(wav_load(path, &w, err, sizeof err), 0);
	T_EQ_INT(w.rate, 22050);
	T_EQ_INT(w.n, 3);
	T_EQ_MEM(w.s, w.n * 2, s, sizeof s);
	wav_free(&w);
	T_EQ_INT(wav_parse(stereo, sizeof stereo - 1, &w, err, sizeof err), -1);
	T_CHECK(strstr(err, "2 channels: want mono"), "%s", err);
	T_EQ_INT(wav_parse(eight, sizeof eight - 1, &w, err, sizeof err), -1);
	T_CHECK(strstr(err, "want PCM 16-bit"), "%s", err);
	T_EQ_INT(wav_parse("RIFX....WAVE", 12, &w, err, sizeof err), -1);
	T_CHECK(strstr(err, "not a WAV file"), "%s", err);
	T_EQ_INT(wav_parse(padded, sizeof padded - 1, &w, err, sizeof err), 0);
	T_EQ_INT(w.n, 1);
	T_EQ_INT(w.s ? w.s[0] : 0, -2);
	wav_free(&w);
	snprintf(path, sizeof path, "%s/none.wav", tmpdir);
	T_EQ_INT(wav_load(path, &w, err, sizeof err), -1);
	T_CHECK(strstr(err, "cannot open"), "%s", err);
}

/* say_number as one string: "1 hundred 0 5". */
static const char *
number(int lang, int v)
{
	static char out[128];
	const char *w[8];
	int n = say_number(lang, v, w, 8);

	out[0] = '\0';
	if (n < 0)
		return "(none)";
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "", w[i]);
	return out;
}

static void
numbers_in_mandarin(void)
{
	T_EQ_STR(number(SAY_ZH, 1), "1");
	T_EQ_STR(number(SAY_ZH, 10), "ten");		/* 十 */
	T_EQ_STR(number(SAY_ZH, 12), "ten 2");		/* 十二 */
	T_EQ_STR(number(SAY_ZH, 20), "2 ten");		/* 二十 */
	T_EQ_STR(number(SAY_ZH, 99), "9 ten 9");
	T_EQ_STR(number(SAY_ZH, 100), "1 hundred");	/* 一百 */
	T_EQ_STR(number(SAY_ZH, 105), "1 hundred 0 5");	/* 一百零五 */
	T_EQ_STR(number(SAY_ZH, 110), "1 hundred 1 ten");	/* 一百一十 */
	T_EQ_STR(number(SAY_ZH, 999), "9 hundred 9 ten 9");
	T_EQ_STR(number(SAY_ZH, 0), "0");
	T_EQ_STR(number(SAY_ZH, 1000), "(none)");
}

static void
numbers_in_english(void)
{
	T_EQ_STR(number(SAY_EN, 1), "1");
	T_EQ_STR(number(SAY_EN, 12), "12");
	T_EQ_STR(number(SAY_EN, 19), "19");
	T_EQ_STR(number(SAY_EN, 20), "20");
	T_EQ_STR(number(SAY_EN, 21), "20 1");
	T_EQ_STR(number(SAY_EN, 100), "1 hundred");
	T_EQ_STR(number(SAY_EN, 105), "1 hundred 5");
	T_EQ_STR(number(SAY_EN, 340), "3 hundred 40");
	T_EQ_STR(number(SAY_EN, -1), "(none)");
}

/* say_sentence as one string of clip names. */
static const char *
sentence(int lang, const struct pack *pk, const char *code, const char *window)
{
	static char out[SAY_WORDS_MAX * PACK_NAME_MAX + 64];
	char names[SAY_WORDS_MAX][PACK_NAME_MAX];
	int n = say_sentence(lang, pk, code, window, names, err, sizeof err);

	out[0] = '\0';
	if (n < 0)
		return "(none)";
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "",
		    names[i]);
	return out;
}

static void
codes_are_read_letter_by_letter_and_digit_by_digit(void)
{
	/* 请 A 零 零 一 号 到 一 号窗口 办理 */
	T_EQ_STR(sentence(SAY_ZH, NULL, "A001", "1"),
	    "zh/please zh/A zh/0 zh/0 zh/1 zh/hao zh/to zh/1 zh/window zh/proceed");
	/* Number A 0 0 1, please go to window twelve */
	T_EQ_STR(sentence(SAY_EN, NULL, "A001", "12"),
	    "en/number en/A en/0 en/0 en/1 en/please-go-to en/window en/12");
	/* 十二号窗口; a two-letter prefix; lower case read as capitals */
	T_EQ_STR(sentence(SAY_ZH, NULL, "rs1000", "12"),
	    "zh/please zh/R zh/S zh/1 zh/0 zh/0 zh/0 zh/hao zh/to zh/ten zh/2 zh/window "
	    "zh/proceed");
	/* a window named with letters is spelled; "01" is not a number */
	T_EQ_STR(sentence(SAY_EN, NULL, "B7", "A3"),
	    "en/number en/B en/7 en/please-go-to en/window en/A en/3");
	T_EQ_STR(sentence(SAY_ZH, NULL, "B7", "01"),
	    "zh/please zh/B zh/7 zh/hao zh/to zh/0 zh/1 zh/window zh/proceed");
	T_EQ_STR(sentence(SAY_ZH, NULL, "-", "1"), "(none)");
	T_CHECK(strstr(err, "no letter or digit"), "%s", err);
}

static void
spoken_names_outrank_and_an_unreadable_window_is_refused(void)
{
	struct pack pk;
	char path[600];

	pack_init(&pk, packdir);
	snprintf(path, sizeof path, "%s/zh/A.wav", packdir);
	T_EQ_INT(pack_add(&pk, "win/11/zh", path, err, sizeof err), 0);
	T_EQ_INT(pack_add(&pk, "win/贵宾/en", path, err, sizeof err), 0);
	T_EQ_STR(sentence(SAY_ZH, &pk, "A001", "11"),
	    "zh/please zh/A zh/0 zh/0 zh/1 zh/hao zh/to win/11/zh zh/proceed");
	T_EQ_STR(sentence(SAY_EN, &pk, "A001", "11"),
	    "en/number en/A en/0 en/0 en/1 en/please-go-to en/window en/11");
	T_EQ_STR(sentence(SAY_EN, &pk, "A001", "贵宾"),
	    "en/number en/A en/0 en/0 en/1 en/please-go-to win/贵宾/en");
	T_EQ_STR(sentence(SAY_ZH, &pk, "A001", "贵宾"), "(none)");
	T_CHECK(strstr(err, "window '贵宾' cannot be read in zh") &&
	    strstr(err, "[window 贵宾] zh = FILE"), "%s", err);
	pack_free(&pk);
}

static void
the_clip_list_is_complete_and_unique(void)
{
	char zh[128][PACK_NAME_MAX], en[128][PACK_NAME_MAX];
	int nz = say_clips(SAY_ZH, zh, 128), ne = say_clips(SAY_EN, en, 128);

	/* zh: 5 words, 10 digits, 十, 百, 26 letters; en: 3 words, 0-19, the tens, hundred, 26 */
	T_EQ_INT(nz, 5 + 10 + 2 + 26);
	T_EQ_INT(ne, 3 + 20 + 8 + 1 + 26);
	for (int i = 0; i < nz; i++)
		for (int j = 0; j < i; j++)
			T_CHECK(strcmp(zh[i], zh[j]) != 0, "%s twice", zh[i]);
	for (int i = 0; i < ne; i++)
		for (int j = 0; j < i; j++)
			T_CHECK(strcmp(en[i], en[j]) != 0, "%s twice", en[i]);
	T_EQ_INT(clip_count, 1 + nz + ne);
}

/* Where each clip of render out starts: checks that out is exactly the clips of names in
 * order with gap samples of silence between them (gaps[i] before names[i]). */
static void
expect_render(const int16_t *out, size_t n, const char *const *names, const size_t *gaps,
    int count)
{
	size_t at = 0;

	for (int i = 0; i < count; i++) {
		size_t len = clip_len(names[i]);
		int v = clip_value(names[i]), bad = 0;

		for (size_t k = 0; k < gaps[i] && at + k < n; k++)
			bad |= out[at + k] != 0;
		T_CHECK(!bad, "silence before %s (at %zu) is not silent", names[i], at);
		at += gaps[i];
		for (size_t k = 0; k < len && at + k < n; k++)
			bad |= out[at + k] != v;
		T_CHECK(!bad, "%s (value %d) not at sample %zu", names[i], v, at);
		at += len;
	}
	T_EQ_INT(at, n - gaps[count]);
}

static void
an_announcement_is_the_chime_then_mandarin_then_english(void)
{
	static const char *const names[] = { "chime",
	    "zh/please", "zh/A", "zh/0", "zh/0", "zh/1", "zh/hao", "zh/to", "zh/ten", "zh/2",
	    "zh/window", "zh/proceed",
	    "en/number", "en/A", "en/0", "en/0", "en/1", "en/please-go-to", "en/window", "en/12" };
	size_t gaps[21], total = 0, n;
	struct say_opts o;
	struct say_plan pl;
	struct pack pk;
	int16_t *out;

	pack_init(&pk, packdir);
	T_CHECK(pack_load(&pk, (int[]){ SAY_ZH, SAY_EN }, 2, err, sizeof err) == 0, "%s", err);
	T_EQ_INT(pk.rate, RATE);
	say_opts_default(&o);
	o.word_gap_ms = 10;
	o.chime_gap_ms = 300;
	o.lang_gap_ms = 700;
	o.tail_ms = 800;
	T_CHECK(say_plan(&pk, &o, "A001", "12", &pl, err, sizeof err) == 0, "%s", err);
	for (int i = 0; i < 20; i++) {
		gaps[i] = i == 0 ? 0 : i == 1 ? 300 * 16 : i == 12 ? 700 * 16 : 10 * 16;
		total += gaps[i] + clip_len(names[i]);
	}
	gaps[20] = 800 * 16;
	total += gaps[20];
	n = say_samples(&pl, RATE);
	T_EQ_INT(n, total);
	out = calloc(n, sizeof *out);
	say_render(&pl, RATE, out);
	expect_render(out, n, names, gaps, 20);
	free(out);

	/* English only, twice, no chime: "Number A 0 0 1 ..." twice with a sentence gap */
	o.chime = 0;
	o.repeat = 2;
	o.langs[0] = SAY_EN;
	o.nlangs = 1;
	T_CHECK(say_plan(&pk, &o, "A001", "12", &pl, err, sizeof err) == 0, "%s", err);
	n = say_samples(&pl, RATE);
	out = calloc(n, sizeof *out);
	say_render(&pl, RATE, out);
	{
		const char *en2[16];
		size_t g2[17];

		for (int i = 0; i < 16; i++) {
			en2[i] = names[12 + i % 8];
			g2[i] = i == 0 ? 0 : i == 8 ? 700 * 16 : 10 * 16;
		}
		g2[16] = 800 * 16;
		expect_render(out, n, en2, g2, 16);
	}
	free(out);
	pack_free(&pk);
}

static void
a_pack_missing_a_clip_is_refused_by_name(void)
{
	char path[600];
	struct pack pk;

	snprintf(path, sizeof path, "%s/zh/7.wav", packdir);
	T_EQ_INT(unlink(path), 0);
	pack_init(&pk, packdir);
	T_EQ_INT(pack_load(&pk, (int[]){ SAY_ZH, SAY_EN }, 2, err, sizeof err), -1);
	T_CHECK(strstr(err, "zh/7.wav") && strstr(err, "cannot open"), "%s", err);
	pack_free(&pk);
	/* English alone does not need it */
	pack_init(&pk, packdir);
	T_CHECK(pack_load(&pk, (int[]){ SAY_EN }, 1, err, sizeof err) == 0, "%s", err);
	pack_free(&pk);
	/* a clip at another rate is refused, naming both */
	write_clip(packdir, "zh/7", 22050);
	pack_init(&pk, packdir);
	T_EQ_INT(pack_load(&pk, (int[]){ SAY_ZH }, 1, err, sizeof err), -1);
	T_CHECK(strstr(err, "zh/7.wav: 22050 Hz, but the pack is 16000 Hz (chime.wav)"), "%s",
	    err);
	pack_free(&pk);
	write_clip(packdir, "zh/7", RATE);
}

static struct vconf vc;

static void
the_example_configuration_loads(void)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/firmware-bridge/voice/examples/voice.ini",
	    getenv("JH_TOP") ? getenv("JH_TOP") : ".");
	T_CHECK(vconf_load(path, &vc, err, sizeof err) == 0, "%s", err);
	T_EQ_STR(vc.device, "voice-1");
	T_EQ_STR(vc.pcm, "default");
	T_EQ_INT(vc.say.nlangs, 2);
	T_EQ_INT(vc.say.langs[0], SAY_ZH);
	T_EQ_INT(vc.say.langs[1], SAY_EN);
	T_EQ_INT(vc.max_age_s, 60);
	T_EQ_INT(vc.nquiet, 1);
	T_EQ_INT(vc.quiet[0].from, 12 * 60);
	T_EQ_INT(vc.quiet[0].to, 13 * 60 + 30);
	T_EQ_INT(vc.nwin, 0);
	T_EQ_INT(vc.nspoken, 0);
}

static void
settings_and_their_mistakes(void)
{
	T_CHECK(vconf_load_string("[voice]\nlanguages = en, zh\nrepeat = 2\nchime = no\n"
	    "windows = 1, 2 12\nmax_age = 30\n[window VIP]\nzh = vip.wav\n", &vc, err,
	    sizeof err) == 0, "%s", err);
	T_EQ_INT(vc.say.langs[0], SAY_EN);
	T_EQ_INT(vc.say.langs[1], SAY_ZH);
	T_EQ_INT(vc.say.repeat, 2);
	T_EQ_INT(vc.say.chime, 0);
	T_EQ_INT(vc.max_age_s, 30);
	T_EQ_INT(vconf_window_wanted(&vc, "12"), 1);
	T_EQ_INT(vconf_window_wanted(&vc, "3"), 0);
	T_EQ_STR(vc.spoken[0].window, "VIP");
	T_EQ_STR(vc.spoken[0].clip[SAY_ZH], "vip.wav");
	T_EQ_STR(vc.spoken[0].clip[SAY_EN], "");

	T_EQ_INT(vconf_load_string("[voice]\npcm = default\nrepeat = 9\n", &vc, err, sizeof err),
	    -1);
	T_CHECK(strstr(err, "line 3") && strstr(err, "repeat") && strstr(err, "1-5"), "%s", err);
	T_EQ_INT(vconf_load_string("[voice]\nlanguages = zh, fr\n", &vc, err, sizeof err), -1);
	T_CHECK(strstr(err, "unknown language"), "%s", err);
	T_EQ_INT(vconf_load_string("[voice]\nvolume = 11\n", &vc, err, sizeof err), -1);
	T_CHECK(strstr(err, "line 2") && strstr(err, "unknown key") && strstr(err, "volume"),
	    "%s", err);
	T_EQ_INT(vconf_load_string("[voice]\nquiet = 12:00-25:00\n", &vc, err, sizeof err), -1);
	T_CHECK(strstr(err, "quiet"), "%s", err);
	T_EQ_INT(vconf_load_string("[speaker]\npcm = x\n", &vc, err, sizeof err), -1);
	T_CHECK(strstr(err, "unknown section"), "%s", err);
	T_EQ_INT(vconf_load_string("pcm = x\n", &vc, err, sizeof err), -1);
	T_CHECK(strstr(err, "outside a section"), "%s", err);
	T_EQ_INT(vconf_load_string("[voice]\n[window 3]\nfr = x.wav\n", &vc, err, sizeof err), -1);
	T_CHECK(strstr(err, "line 3") && strstr(err, "[window 3] fr"), "%s", err);
}

static void
spoken_names_load_from_the_pack_folder(void)
{
	struct pack pk;
	char text[1024];

	T_CHECK(vconf_load_string("[voice]\n[window VIP]\nzh = zh/A.wav\nen = en/B.wav\n", &vc,
	    err, sizeof err) == 0, "%s", err);
	pack_init(&pk, packdir);
	T_CHECK(vconf_load_spoken(&vc, &pk, err, sizeof err) == 0, "%s", err);
	T_CHECK(pack_get(&pk, "win/VIP/zh") && pack_get(&pk, "win/VIP/en"), "not loaded");
	T_EQ_INT(pack_get(&pk, "win/VIP/zh") ? (long long)pack_get(&pk, "win/VIP/zh")->n : 0,
	    clip_len("zh/A"));
	T_EQ_STR(sentence(SAY_ZH, &pk, "A001", "VIP"),
	    "zh/please zh/A zh/0 zh/0 zh/1 zh/hao zh/to win/VIP/zh zh/proceed");
	pack_free(&pk);
	/* an absolute path; a missing file is named with its window */
	snprintf(text, sizeof text, "[voice]\n[window 9]\nen = %s/nowhere.wav\n", tmpdir);
	T_CHECK(vconf_load_string(text, &vc, err, sizeof err) == 0, "%s", err);
	pack_init(&pk, packdir);
	T_EQ_INT(vconf_load_spoken(&vc, &pk, err, sizeof err), -1);
	T_CHECK(strstr(err, "nowhere.wav (win/9/en): cannot open"), "%s", err);
	pack_free(&pk);
}

static void
quiet_periods_and_midnight(void)
{
	struct vquiet q[8];

	T_EQ_INT(vconf_parse_quiet("12:00-13:30, 22:00-06:00", q, 8), 2);
	T_EQ_INT(vconf_parse_quiet("", q, 8), 0);
	T_EQ_INT(vconf_parse_quiet("12:00", q, 8), -1);
	T_EQ_INT(vconf_parse_quiet("12:00-12:00", q, 8), -1);
	T_EQ_INT(vconf_parse_quiet("9:00-10:00", q, 8), -1);
	T_EQ_INT(vconf_parse_quiet("12:00-13:00 x", q, 8), -1);
	T_CHECK(vconf_load_string("[voice]\nquiet = 12:00-13:30, 22:00-06:00\n", &vc, err,
	    sizeof err) == 0, "%s", err);
	T_EQ_INT(vconf_quiet_at(&vc, 11 * 60 + 59), -1);
	T_EQ_INT(vconf_quiet_at(&vc, 12 * 60), 0);
	T_EQ_INT(vconf_quiet_at(&vc, 13 * 60 + 29), 0);
	T_EQ_INT(vconf_quiet_at(&vc, 13 * 60 + 30), -1);
	T_EQ_INT(vconf_quiet_at(&vc, 23 * 60), 1);
	T_EQ_INT(vconf_quiet_at(&vc, 0), 1);
	T_EQ_INT(vconf_quiet_at(&vc, 5 * 60 + 59), 1);
	T_EQ_INT(vconf_quiet_at(&vc, 6 * 60), -1);
}

static struct annc *
mk(const char *code, const char *window, int recall, long long at)
{
	return annc_new(code, window, recall, at, calloc(4, sizeof(int16_t)), 4);
}

/* The queue as "A001@1 A002@2r1 ..." */
static const char *
order(const struct vqueue *q)
{
	static char out[512];

	out[0] = '\0';
	for (const struct annc *a = q->head; a; a = a->next)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s@%s%s", out[0] ? " " : "",
		    a->code, a->window, a->recall ? "r" : "");
	return out;
}

static void
a_recall_goes_ahead_and_stale_ones_are_dropped(void)
{
	struct vqueue q;
	struct annc *a, *old;

	vq_init(&q);
	T_EQ_INT(vq_push(&q, mk("A001", "1", 0, 1000)), 0);
	T_EQ_INT(vq_push(&q, mk("A002", "2", 0, 1100)), 0);
	T_EQ_INT(vq_push(&q, mk("D001", "3", 0, 1200)), 0);
	T_EQ_STR(order(&q), "A001@1 A002@2 D001@3");
	/* a recall jumps the plain calls; a second recall queues behind the first */
	T_EQ_INT(vq_push(&q, mk("B005", "5", 1, 1300)), 0);
	T_EQ_INT(vq_push(&q, mk("C007", "7", 2, 1400)), 0);
	T_EQ_STR(order(&q), "B005@5r C007@7r A001@1 A002@2 D001@3");
	/* a recall of a ticket still waiting to be read takes its place: read once, early */
	T_EQ_INT(vq_push(&q, mk("A002", "2", 1, 1500)), 1);
	T_EQ_STR(order(&q), "B005@5r C007@7r A002@2r A001@1 D001@3");
	T_EQ_INT(q.n, 5);
	/* at 61.3 s, those older than 60 s are gone, in their order, and the rest keep theirs */
	old = vq_prune(&q, 61300, 60000);
	T_EQ_STR(old ? old->code : "", "A001");
	T_EQ_STR(old && old->next ? old->next->code : "", "D001");
	T_CHECK(old && old->next && !old->next->next, "more than two dropped");
	annc_free_list(old);
	T_EQ_STR(order(&q), "B005@5r C007@7r A002@2r");
	a = vq_pop(&q);
	T_EQ_STR(a->code, "B005");
	/* its reading failed: back at the head */
	vq_push_front(&q, a);
	T_EQ_STR(order(&q), "B005@5r C007@7r A002@2r");
	T_EQ_INT(q.n, 3);
	for (int i = 3; i < VQ_MAX; i++)
		T_EQ_INT(vq_push(&q, mk("Z", "9", 0, 2000 + i)), 0);
	a = mk("Y", "9", 0, 3000);
	T_EQ_INT(vq_push(&q, a), -1);
	annc_free(a);
	vq_clear(&q);
	T_EQ_INT(q.n, 0);
}

int
main(void)
{
	make_pack();
	T_RUN(wav_round_trip_and_refusals);
	T_RUN(numbers_in_mandarin);
	T_RUN(numbers_in_english);
	T_RUN(codes_are_read_letter_by_letter_and_digit_by_digit);
	T_RUN(spoken_names_outrank_and_an_unreadable_window_is_refused);
	T_RUN(the_clip_list_is_complete_and_unique);
	T_RUN(an_announcement_is_the_chime_then_mandarin_then_english);
	T_RUN(a_pack_missing_a_clip_is_refused_by_name);
	T_RUN(the_example_configuration_loads);
	T_RUN(settings_and_their_mistakes);
	T_RUN(spoken_names_load_from_the_pack_folder);
	T_RUN(quiet_periods_and_midnight);
	T_RUN(a_recall_goes_ahead_and_stale_ones_are_dropped);
	rm_pack();
	return t_done();
}
