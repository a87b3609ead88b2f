/*
 * hw/chardev.c — host byte streams (see chardev.h).
 *
 * Owns: the host descriptors of one character device (stdin/stdout, a file,
 * a pty master, a TCP listener and its connection), the terminal mode of
 * stdin while px86 uses it raw, the queue of script-injected input, the
 * queue of output a non-blocking peer did not take yet, and the taps.
 * Everything is non-blocking except waiting for the first client of a TCP
 * server without ",nowait" (done once, in chardev_open).
 */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, ptsname */
#include "hw/chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <termios.h>
#include <unistd.h>

typedef enum CharKind {
    CHAR_NONE,
    CHAR_NULL,
    CHAR_STDIO,
    CHAR_FILE,
    CHAR_PTY,
    CHAR_TCP,
} CharKind;

typedef struct ByteQueue {
    uint8_t *data;
    size_t head, len, cap;
} ByteQueue;

typedef struct Tap {
    chardev_tap_fn fn;
    void *opaque;
} Tap;

#define PENDING_OUT_MAX (1u << 20) /* beyond this a stalled peer loses output */

struct CharDev {
    CharKind kind;
    int in_fd;  /* -1: no host input */
    int out_fd; /* -1: output discarded */
    int listen_fd;
    bool is_socket;
    bool server;
    ByteQueue injected;
    ByteQueue pending_out;
    Tap *taps;
    size_t ntaps;
    char desc[300];
};

/* ---- stdin terminal mode (restored at exit, whatever the exit path) ---- */

static struct termios saved_tty;
static bool tty_saved;

static void restore_tty(void)
{
    if (tty_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
        tty_saved = false;
    }
}

/* A fatal signal must not leave the user's terminal raw: restore it, then
 * die of the same signal.  Only installed where nobody else handles the
 * signal (tcsetattr is async-signal-safe). */
static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void restore_tty_and_die(int sig)
{
    if (tty_saved)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void guard_signals(void)
{
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        struct sigaction old;
        if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
            old.sa_handler == SIG_DFL) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = restore_tty_and_die;
            sigemptyset(&sa.sa_mask);
            sigaction(fatal_signals[i], &sa, NULL);
        }
    }
}

static void stdin_raw(void)
{
    if (tty_saved || !isatty(STDIN_FILENO) ||
        tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return;
    struct termios t = saved_tty;
    /* Characters go to the guest as typed; Ctrl-C still stops px86. */
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | IEXTEN);
    t.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) {
        static bool registered;
        tty_saved = true;
        if (!registered) {
            registered = true;
            atexit(restore_tty);
            guard_signals();
        }
    }
}

/* ---- byte queues ---- */

static int queue_push(ByteQueue *q, const uint8_t *data, size_t len)
{
    if (q->len + len > q->cap) {
        size_t ncap = q->cap ? q->cap : 256;
        while (ncap < q->len + len)
            ncap *= 2;
        uint8_t *n = malloc(ncap);
        if (!n)
            return -1;
        for (size_t i = 0; i < q->len; i++)
            n[i] = q->data[(q->head + i) % q->cap];
        free(q->data);
        q->data = n;
        q->cap = ncap;
        q->head = 0;
    }
    for (size_t i = 0; i < len; i++)
        q->data[(q->head + q->len + i) % q->cap] = data[i];
    q->len += len;
    return 0;
}

static size_t queue_pop(ByteQueue *q, uint8_t *out, size_t len)
{
    size_t n = len < q->len ? len : q->len;
    for (size_t i = 0; i < n; i++)
        out[i] = q->data[(q->head + i) % q->cap];
    q->head = q->cap ? (q->head + n) % q->cap : 0;
    q->len -= n;
    return n;
}

/* Contiguous run at the head of the queue. */
static size_t queue_peek(const ByteQueue *q, const uint8_t **p)
{
    if (!q->len) {
        *p = NULL;
        return 0;
    }
    *p = q->data + q->head;
    size_t run = q->cap - q->head;
    return run < q->len ? run : q->len;
}

/* ---- helpers ---- */

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void err_set(char *err, size_t errlen, const char *spec,
                    const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "character device '%s': %s", spec, what);
}

static void drop_connection(CharDev *cd)
{
    if (cd->kind != CHAR_TCP || cd->in_fd < 0)
        return;
    close(cd->in_fd);
    cd->in_fd = cd->out_fd = -1;
    cd->pending_out.len = 0;
}

/* A nowait server (or a server whose client left) picks up a new client. */
static void try_accept(CharDev *cd)
{
    if (cd->kind != CHAR_TCP || !cd->server || cd->in_fd >= 0 ||
        cd->listen_fd < 0)
        return;
    int fd = accept(cd->listen_fd, NULL, NULL);
    if (fd < 0)
        return;
    set_nonblock(fd);
    cd->in_fd = cd->out_fd = fd;
}

/* Write what we can without blocking; returns bytes written or -1 on a
 * broken peer. */
static ssize_t raw_write(CharDev *cd, const uint8_t *data, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = cd->is_socket
                        ? send(cd->out_fd, data + done, len - done, MSG_NOSIGNAL)
                        : write(cd->out_fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return (ssize_t)done;
}

static void flush_pending(CharDev *cd)
{
    const uint8_t *p;
    size_t run;
    while (cd->out_fd >= 0 && (run = queue_peek(&cd->pending_out, &p)) > 0) {
        ssize_t n = raw_write(cd, p, run);
        if (n < 0) {
            if (cd->kind == CHAR_TCP)
                drop_connection(cd);
            cd->pending_out.len = 0;
            return;
        }
        uint8_t sink[256];
        size_t left = (size_t)n;
        while (left) {
            size_t k = left < sizeof sink ? left : sizeof sink;
            queue_pop(&cd->pending_out, sink, k);
            left -= k;
        }
        if ((size_t)n < run)
            return;
    }
}

/* ---- TCP ---- */

static int tcp_open(CharDev *cd, const char *spec, const char *rest,
                    char *err, size_t errlen)
{
    /* rest = "[HOST]:PORT[,server][,nowait]" */
    char host[256] = "", port[32] = "";
    const char *colon = strrchr(rest, ':');
    const char *opts = strchr(rest, ',');
    if (opts && colon && colon > opts)
        colon = NULL;
    if (!colon) {
        err_set(err, errlen, spec, "expected tcp:[HOST]:PORT[,server][,nowait]");
        return -1;
    }
    size_t hl = (size_t)(colon - rest);
    const char *pend = opts ? opts : colon + strlen(colon);
    size_t pl = (size_t)(pend - colon - 1);
    if (hl >= sizeof host || pl == 0 || pl >= sizeof port) {
        err_set(err, errlen, spec, "bad host or port");
        return -1;
    }
    memcpy(host, rest, hl);
    host[hl] = 0;
    if (host[0] == '[' && hl >= 2 && host[hl - 1] == ']') { /* [::1] */
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = 0;
    }
    memcpy(port, colon + 1, pl);
    port[pl] = 0;
    for (size_t i = 0; i < pl; i++)
        if (port[i] < '0' || port[i] > '9') {
            err_set(err, errlen, spec, "port must be a number");
            return -1;
        }
    bool server = false, nowait = false;
    while (opts && *opts == ',') {
        const char *o = opts + 1;
        const char *next = strchr(o, ',');
        size_t ol = next ? (size_t)(next - o) : strlen(o);
        if (ol == 6 && !strncmp(o, "server", 6))
            server = true;
        else if (ol == 6 && !strncmp(o, "nowait", 6))
            nowait = true;
        else {
            err_set(err, errlen, spec, "unknown tcp option (server, nowait)");
            return -1;
        }
        opts = next;
    }
    if (!host[0])
        strcpy(host, "127.0.0.1"); /* never listen on all interfaces by default */

    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (server)
        hints.ai_flags = AI_PASSIVE;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai != 0) {
        err_set(err, errlen, spec, gai_strerror(gai));
        return -1;
    }
    int fd = -1, saved_errno = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            saved_errno = errno;
            continue;
        }
        if (server) {
            int one = 1;
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0)
                break;
        } else if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        saved_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        err_set(err, errlen, spec, strerror(saved_errno ? saved_errno : EINVAL));
        return -1;
    }
    cd->kind = CHAR_TCP;
    cd->is_socket = true;
    cd->server = server;
    snprintf(cd->desc, sizeof cd->desc, "tcp %s:%s%s", host, port,
             server ? " (server)" : "");
    if (!server) {
        set_nonblock(fd);
        cd->in_fd = cd->out_fd = fd;
        return 0;
    }
    cd->listen_fd = fd;
    if (!nowait) {
        fprintf(stderr, "px86: waiting for a connection on tcp %s:%s\n", host,
                port);
        int c;
        do
            c = accept(fd, NULL, NULL);
        while (c < 0 && errno == EINTR);
        if (c < 0) {
            err_set(err, errlen, spec, strerror(errno));
            close(fd);
            cd->listen_fd = -1;
            return -1;
        }
        set_nonblock(c);
        cd->in_fd = cd->out_fd = c;
    }
    set_nonblock(fd);
    return 0;
}

/* ---- public API ---- */

CharDev *chardev_open(const char *spec, char *err, size_t errlen)
{
    if (!spec) {
        err_set(err, errlen, "(null)", "no spec");
        return NULL;
    }
    CharDev *cd = calloc(1, sizeof *cd);
    if (!cd) {
        err_set(err, errlen, spec, "out of memory");
        return NULL;
    }
    cd->in_fd = cd->out_fd = cd->listen_fd = -1;
    if (!strcmp(spec, "none") || !strcmp(spec, "null")) {
        cd->kind = spec[1] == 'o' ? CHAR_NONE : CHAR_NULL;
        snprintf(cd->desc, sizeof cd->desc, "%s", spec);
    } else if (!strcmp(spec, "stdio")) {
        cd->kind = CHAR_STDIO;
        cd->in_fd = STDIN_FILENO;
        cd->out_fd = STDOUT_FILENO;
        /* stdin stays blocking (a tty shares its file description with
         * stdout); chardev_read polls it instead. */
        stdin_raw();
        snprintf(cd->desc, sizeof cd->desc, "stdio");
    } else if (!strncmp(spec, "file:", 5)) {
        if (!spec[5]) {
            err_set(err, errlen, spec, "missing file name");
            free(cd);
            return NULL;
        }
        int fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0) {
            err_set(err, errlen, spec, strerror(errno));
            free(cd);
            return NULL;
        }
        cd->kind = CHAR_FILE;
        cd->out_fd = fd;
        snprintf(cd->desc, sizeof cd->desc, "file %s", spec + 5);
    } else if (!strcmp(spec, "pty")) {
        int fd = posix_openpt(O_RDWR | O_NOCTTY);
        const char *name = NULL;
        if (fd < 0 || grantpt(fd) || unlockpt(fd) || !(name = ptsname(fd))) {
            err_set(err, errlen, spec, strerror(errno));
            if (fd >= 0)
                close(fd);
            free(cd);
            return NULL;
        }
        struct termios t;
        if (tcgetattr(fd, &t) == 0) {
            cfmakeraw(&t);
            tcsetattr(fd, TCSANOW, &t);
        }
        set_nonblock(fd);
        cd->kind = CHAR_PTY;
        cd->in_fd = cd->out_fd = fd;
        snprintf(cd->desc, sizeof cd->desc, "pty %s", name);
        fprintf(stderr, "px86: character device redirected to %s\n", name);
    } else if (!strncmp(spec, "tcp:", 4)) {
        if (tcp_open(cd, spec, spec + 4, err, errlen)) {
            free(cd);
            return NULL;
        }
    } else {
        err_set(err, errlen, spec,
                "unknown kind (none, null, stdio, file:PATH, pty, "
                "tcp:[HOST]:PORT[,server][,nowait])");
        free(cd);
        return NULL;
    }
    return cd;
}

void chardev_close(CharDev *cd)
{
    if (!cd)
        return;
    flush_pending(cd);
    if (cd->kind == CHAR_STDIO) {
        restore_tty();
    } else {
        if (cd->in_fd >= 0)
            close(cd->in_fd);
        if (cd->out_fd >= 0 && cd->out_fd != cd->in_fd)
            close(cd->out_fd);
    }
    if (cd->listen_fd >= 0)
        close(cd->listen_fd);
    free(cd->injected.data);
    free(cd->pending_out.data);
    free(cd->taps);
    free(cd);
}

void chardev_write(CharDev *cd, const uint8_t *data, size_t len)
{
    if (!cd || !len)
        return;
    for (size_t i = 0; i < cd->ntaps; i++)
        cd->taps[i].fn(cd->taps[i].opaque, data, len);
    try_accept(cd);
    if (cd->out_fd < 0)
        return;
    flush_pending(cd);
    size_t done = 0;
    if (!cd->pending_out.len) {
        ssize_t n = raw_write(cd, data, len);
        if (n < 0) {
            drop_connection(cd);
            return;
        }
        done = (size_t)n;
    }
    /* Keep what a slow peer has not taken yet (bounded). */
    if (done < len && cd->pending_out.len + (len - done) <= PENDING_OUT_MAX)
        queue_push(&cd->pending_out, data + done, len - done);
}

size_t chardev_read(CharDev *cd, uint8_t *buf, size_t len)
{
    if (!cd || !len)
        return 0;
    size_t got = queue_pop(&cd->injected, buf, len);
    if (got == len)
        return got;
    try_accept(cd);
    if (cd->in_fd < 0)
        return got;
    flush_pending(cd);
    if (cd->in_fd < 0)
        return got;
    if (cd->kind == CHAR_STDIO) {
        struct pollfd p = {.fd = cd->in_fd, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
            return got;
    }
    ssize_t n;
    do
        n = read(cd->in_fd, buf + got, len - got);
    while (n < 0 && errno == EINTR);
    if (n > 0)
        return got + (size_t)n;
    if (n == 0 && cd->kind == CHAR_TCP)
        drop_connection(cd); /* peer closed; a server waits for the next */
    else if (n == 0 && cd->kind == CHAR_STDIO)
        cd->in_fd = -1; /* end of input file: stop polling */
    return got;
}

void chardev_inject(CharDev *cd, const uint8_t *data, size_t len)
{
    if (cd && len)
        queue_push(&cd->injected, data, len);
}

void chardev_add_tap(CharDev *cd, chardev_tap_fn fn, void *opaque)
{
    if (!cd || !fn)
        return;
    Tap *n = realloc(cd->taps, (cd->ntaps + 1) * sizeof *n);
    if (!n)
        return;
    cd->taps = n;
    cd->taps[cd->ntaps].fn = fn;
    cd->taps[cd->ntaps].opaque = opaque;
    cd->ntaps++;
}

const char *chardev_describe(const CharDev *cd)
{
    return cd ? cd->desc : "none";
}
