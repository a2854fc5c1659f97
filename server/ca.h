/* ca.h — the hall CA for jhctl ca (GnuTLS): a CA key and certificate, and jhd's TLS
 * certificate and key signed by it for the names and addresses clients dial. Files only; no
 * server is involved. */
#ifndef JH_CA_H
#define JH_CA_H

#include <stddef.h>

#define CA_DEFAULT_DIR	"/etc/jiaohao/tls"
#define CA_DEFAULT_DAYS	3650	/* the CA */
#define CA_SERVER_DAYS	825	/* a server certificate */

/* Make DIR/ca.key (0600) and DIR/ca.crt (0644) for a CA called name, valid for days; never
 * over existing files. 0, or -1 with err filled. */
int ca_init(const char *dir, const char *name, int days, char *err, size_t errsz);
/* Make DIR/OUT.key (0600) and DIR/OUT.crt (0644), a server certificate for names (DNS names
 * or IP addresses; the first is also its common name), signed by DIR/ca.key. Existing files
 * are replaced only with replace set. 0, or -1 with err filled. */
int ca_issue(const char *dir, const char *out, const char *const *names, int nnames, int days,
    int replace, char *err, size_t errsz);

#endif
