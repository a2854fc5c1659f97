/* mbmaster.c — a Modbus RTU master built on libmodbus (an implementation we did not write),
 * for the interop tests of jhled-sim. One command a run; prints one line:
 *   OK [values in hex]   |   EXCEPTION <code>   |   ERROR <message>   (exit 0, 3, 1)
 * usage: mbmaster --port PATH [--baud 9600] [--unit N] [--timeout-ms 500] CMD ARGS
 *   read-holding ADDR N | read-input ADDR N | write ADDR VALUE | write-multi ADDR V...
 *   write-text ADDR REGS TEXT    (UTF-8 packed two bytes a register, NUL-padded to REGS)
 *   raw BYTE...                  (address and PDU in hex; libmodbus adds the CRC)
 * Numbers take C syntax (0x10). Unit 0 broadcasts (writes only; no reply is awaited). */
#include <errno.h>
#include <modbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long
num(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < 0 || v > 0xffff) {
		printf("ERROR bad number '%s'\n", s);
		exit(1);
	}
	return v;
}

static int broadcast;

static int
report(int rc, const uint16_t *v, int n)
{
	int i;

	/* libmodbus 3.1.6 waits for a reply even to a broadcast; none must come. */
	if (rc < 0 && broadcast && errno == ETIMEDOUT) {
		printf("OK broadcast\n");
		return 0;
	}
	if (rc < 0) {
		if (errno > MODBUS_ENOBASE && errno < MODBUS_ENOBASE + 20) {
			printf("EXCEPTION %d\n", errno - MODBUS_ENOBASE);
			return 3;
		}
		printf("ERROR %s\n", modbus_strerror(errno));
		return 1;
	}
	printf("OK");
	for (i = 0; v != NULL && i < n; i++)
		printf(" %04x", v[i]);
	printf("\n");
	return 0;
}

int
main(int argc, char **argv)
{
	const char	*port = NULL, *cmd;
	long		 baud = 9600, unit = 1, tmo = 500;
	modbus_t	*ctx;
	uint16_t	 v[256];
	uint8_t		 raw[260], rsp[MODBUS_RTU_MAX_ADU_LENGTH];
	int		 i = 1, n, rc, ret;
	size_t		 len;

	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--port") == 0)
			port = argv[i + 1];
		else if (strcmp(argv[i], "--baud") == 0)
			baud = strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--unit") == 0)
			unit = num(argv[i + 1]);
		else if (strcmp(argv[i], "--timeout-ms") == 0)
			tmo = num(argv[i + 1]);
		else
			break;
	}
	if (port == NULL || i >= argc) {
		printf("ERROR usage: mbmaster --port PATH [--baud B] [--unit N] CMD ARGS\n");
		return 1;
	}
	cmd = argv[i++];
	if ((ctx = modbus_new_rtu(port, (int)baud, 'N', 8, 1)) == NULL) {
		printf("ERROR modbus_new_rtu: %s\n", modbus_strerror(errno));
		return 1;
	}
	modbus_set_slave(ctx, (int)unit);
	broadcast = unit == 0;
	modbus_set_response_timeout(ctx, (uint32_t)(tmo / 1000), (uint32_t)(tmo % 1000) * 1000);
	if (modbus_connect(ctx) < 0) {
		printf("ERROR connect %s: %s\n", port, modbus_strerror(errno));
		modbus_free(ctx);
		return 1;
	}
	if (strcmp(cmd, "read-holding") == 0 && argc - i == 2) {
		n = (int)num(argv[i + 1]);
		if (n > 125)
			n = 125;
		rc = modbus_read_registers(ctx, (int)num(argv[i]), (int)num(argv[i + 1]), v);
		ret = report(rc, v, n);
	} else if (strcmp(cmd, "read-input") == 0 && argc - i == 2) {
		n = (int)num(argv[i + 1]);
		if (n > 125)
			n = 125;
		rc = modbus_read_input_registers(ctx, (int)num(argv[i]), (int)num(argv[i + 1]), v);
		ret = report(rc, v, n);
	} else if (strcmp(cmd, "write") == 0 && argc - i == 2) {
		rc = modbus_write_register(ctx, (int)num(argv[i]), (uint16_t)num(argv[i + 1]));
		ret = report(rc, NULL, 0);
	} else if (strcmp(cmd, "write-multi") == 0 && argc - i >= 2 && argc - i <= 200) {
		for (n = 0; i + 1 + n < argc; n++)
			v[n] = (uint16_t)num(argv[i + 1 + n]);
		rc = modbus_write_registers(ctx, (int)num(argv[i]), n, v);
		ret = report(rc, NULL, 0);
	} else if (strcmp(cmd, "write-text") == 0 && argc - i == 3) {
		n = (int)num(argv[i + 1]);
		len = strlen(argv[i + 2]);
		if (n > 123 || len > (size_t)n * 2) {
			printf("ERROR text longer than %d registers\n", n);
			return 1;
		}
		memset(raw, 0, sizeof raw);
		memcpy(raw, argv[i + 2], len);
		for (rc = 0; rc < n; rc++)
			v[rc] = (uint16_t)(raw[2 * rc] << 8 | raw[2 * rc + 1]);
		rc = modbus_write_registers(ctx, (int)num(argv[i]), n, v);
		ret = report(rc, NULL, 0);
	} else if (strcmp(cmd, "raw") == 0 && argc - i >= 2 && argc - i <= 250) {
		for (n = 0; i + n < argc; n++)
			raw[n] = (uint8_t)num(argv[i + n]);
		if (modbus_send_raw_request(ctx, raw, n) < 0) {
			ret = report(-1, NULL, 0);
		} else if ((rc = modbus_receive_confirmation(ctx, rsp)) < 0) {
			ret = report(-1, NULL, 0);
		} else if (rc >= 3 && (rsp[1] & 0x80)) {
			printf("EXCEPTION %d\n", rsp[2]);
			ret = 3;
		} else {
			printf("OK");
			for (n = 0; n < rc; n++)
				printf(" %02x", rsp[n]);
			printf("\n");
			ret = 0;
		}
	} else {
		printf("ERROR unknown command or wrong arguments: %s\n", cmd);
		ret = 1;
	}
	modbus_close(ctx);
	modbus_free(ctx);
	return ret;
}
