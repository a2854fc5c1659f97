/* ptyshim.c — test-only LD_PRELOAD shim: makes the modem-line ioctls succeed on ptys so that
 * libserialport 0.1.1 can sp_open() a pseudo-terminal (docs/HARDWARE.md, "Serial code on one
 * machine").
 *
 * Interface (stable; the bridge tests use it too):
 *   built as $(BUILD)/tests/lib/libptyshim.so by firmware-bridge/firmware/firmware.mk;
 *   load with LD_PRELOAD=$JH_BUILD/tests/lib/libptyshim.so (tests/lib/pty.sh exports PTYSHIM).
 * Behaviour: ioctl() is forwarded to the real one (dlsym RTLD_NEXT). Only when TIOCMGET,
 * TIOCMSET, TIOCMBIS or TIOCMBIC fail with ENOTTY or EINVAL does the shim answer instead,
 * keeping one emulated modem-line word per process (initially DTR|RTS|CTS|DSR|CD set).
 * Every other request and every real serial port behave exactly as without the shim.
 * Under ASan the preload order trips a check: pty.sh adds verify_asan_link_order=0. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <termios.h>

typedef int (*ioctl_fn)(int, unsigned long, ...);

static int ptyshim_bits = TIOCM_DTR | TIOCM_RTS | TIOCM_CTS | TIOCM_DSR | TIOCM_CD;

static ioctl_fn
ptyshim_real(void)
{
	static ioctl_fn real;

	if (real == NULL)
		real = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	return real;
}

static int
ptyshim_is_modem(unsigned long req)
{
	return req == TIOCMGET || req == TIOCMSET || req == TIOCMBIS || req == TIOCMBIC;
}

int
ioctl(int fd, unsigned long req, ...)
{
	va_list	 ap;
	void	*arg;
	int	 rc, *bits;
	ioctl_fn real = ptyshim_real();

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	rc = real(fd, req, arg);
	if (rc == 0 || !ptyshim_is_modem(req) || (errno != ENOTTY && errno != EINVAL))
		return rc;

	bits = arg;
	if (bits == NULL) {
		errno = EFAULT;
		return -1;
	}
	switch (req) {
	case TIOCMGET:
		*bits = ptyshim_bits;
		break;
	case TIOCMSET:
		ptyshim_bits = *bits;
		break;
	case TIOCMBIS:
		ptyshim_bits |= *bits;
		break;
	case TIOCMBIC:
		ptyshim_bits &= ~*bits;
		break;
	}
	errno = 0;
	return 0;
}
