/* ca.c — jhctl ca: the hall CA and jhd's certificates, made with GnuTLS's X.509 API (ECDSA
 * P-256 keys, SHA-256 signatures). Keys are written 0600 through a new file, never in place. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/stat.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "ca.h"

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

static void
join(char *out, size_t cap, const char *dir, const char *name, const char *ext)
{
	snprintf(out, cap, "%s/%s%s", dir, name, ext);
}

/* Write data to path with mode through path.new and a rename; with excl, never over an
 * existing path. 0 or -1 (err filled). */
static int
put_file(const char *path, const gnutls_datum_t *d, mode_t mode, int excl, char *err,
    size_t errsz)
{
	char tmp[4200];
	int fd;
	size_t off = 0;

	if (excl && access(path, F_OK) == 0)
		return fail(err, errsz, "%s exists already (not replaced)", path);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) < 0)
		return fail(err, errsz, "%s: %s", tmp, strerror(errno));
	if (fchmod(fd, mode) < 0)
		goto bad;
	while (off < d->size) {
		ssize_t w = write(fd, d->data + off, d->size - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto bad;
		off += (size_t)w;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto bad;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto bad;
	}
	return 0;
bad:
	fail(err, errsz, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

static int
new_key(gnutls_x509_privkey_t *key)
{
	if (gnutls_x509_privkey_init(key) < 0)
		return -1;
	if (gnutls_x509_privkey_generate(*key, GNUTLS_PK_ECDSA,
	    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0) {
		gnutls_x509_privkey_deinit(*key);
		return -1;
	}
	return 0;
}

/* The fields every certificate has: version, a random serial, validity, its name and key. */
static int
base_cert(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, const char *cn, int days)
{
	unsigned char serial[16];
	unsigned char id[64];
	size_t idlen = sizeof id;
	time_t now = time(NULL);
	static const char org[] = "jiaohao hall";

	if (gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial) < 0)
		return -1;
	serial[0] &= 0x7f;	/* a positive number */
	serial[0] |= 0x01;
	return gnutls_x509_crt_set_version(crt, 3) < 0 ||
	    gnutls_x509_crt_set_serial(crt, serial, sizeof serial) < 0 ||
	    gnutls_x509_crt_set_activation_time(crt, now - 3600) < 0 ||	/* clocks a little behind */
	    gnutls_x509_crt_set_expiration_time(crt, now + (time_t)days * 86400) < 0 ||
	    gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, org,
		sizeof org - 1) < 0 ||
	    gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
		(unsigned)strlen(cn)) < 0 ||
	    gnutls_x509_crt_set_key(crt, key) < 0 ||
	    gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA1, id, &idlen) < 0 ||
	    gnutls_x509_crt_set_subject_key_id(crt, id, idlen) < 0 ? -1 : 0;
}

/* Export crt and key as PEM into DIR/NAME.crt and DIR/NAME.key. */
static int
save_pair(const char *dir, const char *name, gnutls_x509_crt_t crt, gnutls_x509_privkey_t key,
    int excl, char *err, size_t errsz)
{
	gnutls_datum_t c = { NULL, 0 }, k = { NULL, 0 };
	char cpath[4096], kpath[4096];
	int rc = -1;

	join(kpath, sizeof kpath, dir, name, ".key");
	join(cpath, sizeof cpath, dir, name, ".crt");
	if (excl && (access(kpath, F_OK) == 0 || access(cpath, F_OK) == 0))
		return fail(err, errsz, "%s exists already (not replaced)",
		    access(kpath, F_OK) == 0 ? kpath : cpath);
	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &c) < 0 ||
	    gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &k) < 0)
		fail(err, errsz, "cannot encode the certificate");
	else if (put_file(kpath, &k, 0600, excl, err, errsz) == 0 &&
	    put_file(cpath, &c, 0644, excl, err, errsz) == 0)
		rc = 0;
	if (k.data) {
		memset(k.data, 0, k.size);
		gnutls_free(k.data);
	}
	gnutls_free(c.data);
	return rc;
}

int
ca_init(const char *dir, const char *name, int days, char *err, size_t errsz)
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_x509_privkey_t key = NULL;
	int rc = -1;

	if (new_key(&key) < 0)
		return fail(err, errsz, "cannot make a key");
	if (gnutls_x509_crt_init(&crt) < 0 || base_cert(crt, key, name, days) < 0 ||
	    gnutls_x509_crt_set_basic_constraints(crt, 1, 0) < 0 ||
	    gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN) < 0 ||
	    gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) < 0)
		fail(err, errsz, "cannot make the CA certificate");
	else
		rc = save_pair(dir, "ca", crt, key, 1, err, errsz);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	return rc;
}

/* Load DIR/ca.crt and DIR/ca.key. */
static int
load_ca(const char *dir, gnutls_x509_crt_t *crt, gnutls_x509_privkey_t *key, char *err,
    size_t errsz)
{
	char path[4096];
	gnutls_datum_t d = { NULL, 0 };
	int rc;

	*crt = NULL;
	*key = NULL;
	join(path, sizeof path, dir, "ca", ".crt");
	if ((rc = gnutls_load_file(path, &d)) < 0)
		return fail(err, errsz, "%s: %s (jhctl ca init makes it)", path,
		    access(path, F_OK) == 0 ? gnutls_strerror(rc) : strerror(ENOENT));
	rc = gnutls_x509_crt_init(crt) < 0 ? -1 : gnutls_x509_crt_import(*crt, &d,
	    GNUTLS_X509_FMT_PEM);
	gnutls_free(d.data);
	if (rc < 0)
		return fail(err, errsz, "%s: not a PEM certificate", path);
	join(path, sizeof path, dir, "ca", ".key");
	if ((rc = gnutls_load_file(path, &d)) < 0)
		return fail(err, errsz, "%s: %s", path, access(path, R_OK) == 0 ?
		    gnutls_strerror(rc) : strerror(errno));
	rc = gnutls_x509_privkey_init(key) < 0 ? -1 : gnutls_x509_privkey_import(*key, &d,
	    GNUTLS_X509_FMT_PEM);
	memset(d.data, 0, d.size);
	gnutls_free(d.data);
	if (rc < 0)
		return fail(err, errsz, "%s: not a PEM private key", path);
	return 0;
}

/* A subject alternative name: an IP address when it reads as one, else a DNS name. */
static int
add_san(gnutls_x509_crt_t crt, const char *name)
{
	unsigned char ip[16];

	if (inet_pton(AF_INET, name, ip) == 1)
		return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 4,
		    GNUTLS_FSAN_APPEND);
	if (inet_pton(AF_INET6, name, ip) == 1)
		return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 16,
		    GNUTLS_FSAN_APPEND);
	return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, name,
	    (unsigned)strlen(name), GNUTLS_FSAN_APPEND);
}

int
ca_issue(const char *dir, const char *out, const char *const *names, int nnames, int days,
    int replace, char *err, size_t errsz)
{
	gnutls_x509_crt_t ca = NULL, crt = NULL;
	gnutls_x509_privkey_t cakey = NULL, key = NULL;
	unsigned char id[64];
	size_t idlen = sizeof id;
	unsigned crit;
	int rc = -1, i;

	if (load_ca(dir, &ca, &cakey, err, errsz) < 0)
		goto done;
	if (new_key(&key) < 0) {
		fail(err, errsz, "cannot make a key");
		goto done;
	}
	if (gnutls_x509_crt_init(&crt) < 0 || base_cert(crt, key, names[0], days) < 0 ||
	    gnutls_x509_crt_set_basic_constraints(crt, 0, -1) < 0 ||
	    gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE) < 0 ||
	    gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0) < 0) {
		fail(err, errsz, "cannot make the certificate");
		goto done;
	}
	for (i = 0; i < nnames; i++)
		if (add_san(crt, names[i]) < 0) {
			fail(err, errsz, "--server %s: not a name or an address", names[i]);
			goto done;
		}
	if (gnutls_x509_crt_get_subject_key_id(ca, id, &idlen, &crit) >= 0 &&
	    gnutls_x509_crt_set_authority_key_id(crt, id, idlen) < 0) {
		fail(err, errsz, "cannot make the certificate");
		goto done;
	}
	if (gnutls_x509_crt_sign2(crt, ca, cakey, GNUTLS_DIG_SHA256, 0) < 0) {
		fail(err, errsz, "cannot sign the certificate with %s/ca.key", dir);
		goto done;
	}
	rc = save_pair(dir, out, crt, key, !replace, err, errsz);
done:
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (ca)
		gnutls_x509_crt_deinit(ca);
	if (key)
		gnutls_x509_privkey_deinit(key);
	if (cakey)
		gnutls_x509_privkey_deinit(cakey);
	return rc;
}
