/*
 * tests/frontend/e2e.c — see e2e.h.
 */
#include "e2e.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glob.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "testlib.h"

bool e2e_have(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    char buf[4096];
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, prog);
        if (access(buf, X_OK) == 0)
            return true;
        path += n + (colon ? 1 : 0);
    }
    return false;
}

double e2e_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void e2e_sleep(double seconds)
{
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* In a freshly forked child: die with the test.  A failed check ends the
 * test process early (or the runner kills it on a timeout), and helpers
 * such as Xvfb must not outlive it. */
static void die_with_parent(pid_t parent)
{
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(127); /* the parent is already gone */
#else
    (void)parent;
#endif
}

pid_t e2e_spawn(const char *const *argv, const char *log_path, const char *display)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        die_with_parent(parent);
        setpgid(0, 0);
        int fd = open(log_path ? log_path : "/dev/null",
                      O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0) {
            dup2(in, 0);
            close(in);
        }
        if (display) {
            setenv("DISPLAY", display, 1);
            /* libdbus and the X/GL drivers SDL loads leak at exit; in
             * sanitizer builds that is not ours to report. */
            const char *asan = getenv("ASAN_OPTIONS");
            char opts[1024];
            snprintf(opts, sizeof opts, "%s%sdetect_leaks=0", asan ? asan : "",
                     asan && *asan ? ":" : "");
            setenv("ASAN_OPTIONS", opts, 1);
        }
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    setpgid(pid, pid);
    return pid;
}

int e2e_wait(pid_t pid, double timeout_s)
{
    double end = e2e_now() + timeout_s;
    for (;;) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        if (r < 0)
            return -1;
        if (e2e_now() > end)
            return -1;
        e2e_sleep(0.02);
    }
}

void e2e_kill(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(-pid, SIGTERM);
    if (e2e_wait(pid, 3) < 0) {
        kill(-pid, SIGKILL);
        e2e_wait(pid, 3);
    }
}

char *e2e_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

bool e2e_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

int e2e_run(const char *const *argv, char **out, double timeout_s, const char *display)
{
    char log[] = "/tmp/px86-e2e-run-XXXXXX";
    int fd = mkstemp(log);
    if (fd < 0)
        return -1;
    close(fd);
    pid_t pid = e2e_spawn(argv, log, display);
    int st = pid > 0 ? e2e_wait(pid, timeout_s) : -1;
    if (pid > 0 && st < 0)
        e2e_kill(pid);
    if (out)
        *out = e2e_read_file(log);
    unlink(log);
    return st;
}

bool e2e_wait_file(const char *path, const char *text, double timeout_s)
{
    double end = e2e_now() + timeout_s;
    do {
        char *s = e2e_read_file(path);
        bool ok = s && (text ? strstr(s, text) != NULL : *s != '\0');
        free(s);
        if (ok)
            return true;
        e2e_sleep(0.05);
    } while (e2e_now() < end);
    return false;
}

const char *e2e_tmpdir(void)
{
    static char dir[64];
    strcpy(dir, "/tmp/px86-fe-XXXXXX");
    return mkdtemp(dir);
}

void e2e_rmdir(const char *dir)
{
    if (!dir || strncmp(dir, "/tmp/px86-fe-", 13) != 0)
        return;
    const char *argv[] = {"rm", "-rf", dir, NULL};
    e2e_run(argv, NULL, 10, NULL);
}

pid_t e2e_start_xvfb(char *display, size_t len)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    char fdarg[16];
    snprintf(fdarg, sizeof fdarg, "%d", fds[1]);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        die_with_parent(parent);
        setpgid(0, 0);
        close(fds[0]);
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0) {
            dup2(nul, 0);
            dup2(nul, 1);
            dup2(nul, 2);
        }
        /* -displayfd: Xvfb picks a free display and reports it. */
        execlp("Xvfb", "Xvfb", "-displayfd", fdarg, "-screen", "0", "1280x1024x24",
               "-nolisten", "tcp", (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    close(fds[1]);
    char num[16] = "";
    size_t got = 0;
    double end = e2e_now() + 15;
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    while (e2e_now() < end && got < sizeof num - 1) {
        ssize_t r = read(fds[0], num + got, sizeof num - 1 - got);
        if (r > 0) {
            got += (size_t)r;
            if (memchr(num, '\n', got))
                break;
        } else if (r == 0) {
            break;
        } else {
            e2e_sleep(0.05);
        }
    }
    close(fds[0]);
    num[got] = '\0';
    int n = atoi(num);
    if (got == 0 || (n == 0 && num[0] != '0')) {
        e2e_kill(pid);
        return -1;
    }
    snprintf(display, len, ":%d", n);
    return pid;
}

double e2e_image_difference(const char *a, const char *b)
{
    char sa[256], sb[256];
    snprintf(sa, sizeof sa, "%s.small.png", a);
    snprintf(sb, sizeof sb, "%s.small.png", b);
    const char *ca[] = {"convert", a, "-resize", "160x120!", sa, NULL};
    const char *cb[] = {"convert", b, "-resize", "160x120!", sb, NULL};
    if (e2e_run(ca, NULL, 30, NULL) != 0 || e2e_run(cb, NULL, 30, NULL) != 0)
        return -1;
    char *out = NULL;
    const char *cmp[] = {"compare", "-metric", "RMSE", sa, sb, "null:", NULL};
    int st = e2e_run(cmp, &out, 30, NULL);
    double v = -1;
    /* output: "12.34 (0.000188)"; status 0 = same, 1 = different */
    if ((st == 0 || st == 1) && out) {
        const char *p = strchr(out, '(');
        if (p)
            v = atof(p + 1);
    }
    free(out);
    unlink(sa);
    unlink(sb);
    return v;
}

double e2e_image_blank_difference(const char *path)
{
    char black[300];
    snprintf(black, sizeof black, "%s.black.png", path);
    const char *argv[] = {"convert", path, "-fill", "black", "-colorize", "100", black, NULL};
    if (e2e_run(argv, NULL, 30, NULL) != 0)
        return -1;
    double d = e2e_image_difference(path, black);
    unlink(black);
    return d;
}

bool e2e_image_has_content(const char *path)
{
    char *out = NULL;
    const char *argv[] = {"convert", path, "-colorspace", "Gray", "-format", "%[fx:maxima]", "info:", NULL};
    int st = e2e_run(argv, &out, 30, NULL);
    bool ok = st == 0 && out && atof(out) > 0.3;
    free(out);
    return ok;
}

bool e2e_freedos_boots(const char *img, char *why, size_t len)
{
    struct stat st;
    if (stat(test_px86(), &st) != 0) {
        snprintf(why, len, "%s not built", test_px86());
        return false;
    }
    char cache[4096], key[128];
    snprintf(cache, sizeof cache, "%s/tests/frontend/freedos-boot-probe", test_builddir());
    /* Key: the binary and the newest ROM (the BIOS decides as much). */
    long long rom_mtime = 0;
    char pattern[4096];
    snprintf(pattern, sizeof pattern, "%s/roms/*.bin", test_srcdir());
    glob_t g;
    if (glob(pattern, 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++) {
            struct stat rs;
            if (stat(g.gl_pathv[i], &rs) == 0 && (long long)rs.st_mtime > rom_mtime)
                rom_mtime = (long long)rs.st_mtime;
        }
        globfree(&g);
    }
    snprintf(key, sizeof key, "%lld %lld %lld ", (long long)st.st_size,
             (long long)st.st_mtime, rom_mtime);
    char *prev = e2e_read_file(cache);
    if (prev && strncmp(prev, key, strlen(key)) == 0) {
        bool ok = prev[strlen(key)] == '1';
        snprintf(why, len, "%s", ok ? "" : prev + strlen(key) + 2);
        why[strcspn(why, "\n")] = '\0';
        free(prev);
        return ok;
    }
    free(prev);

    const char *dir = e2e_tmpdir();
    if (!dir) {
        snprintf(why, len, "no temporary directory");
        return false;
    }
    char script[512];
    snprintf(script, sizeof script, "%s/probe.script", dir);
    e2e_write_file(script, "wait-screen \"A:\\>\" 300\nquit 0\n");
    const char *argv[] = {test_px86(), "-display", "none", E2E_FREEDOS_ARGS(img),
                          "-script", script, "-timeout", "90", NULL};
    char *out = NULL;
    int rc = e2e_run(argv, &out, 120, NULL);
    bool ok = rc == 0;
    if (!ok) {
        /* first line of px86's complaint, if any */
        const char *o = out ? out : "";
        snprintf(why, len, "px86 cannot boot FreeDOS yet (exit %d%s%.*s)", rc, *o ? ": " : "",
                 (int)strcspn(o, "\n"), o);
    } else {
        why[0] = '\0';
    }
    free(out);
    e2e_rmdir(dir);
    char line[1024];
    snprintf(line, sizeof line, "%s%c %s\n", key, ok ? '1' : '0', why);
    e2e_write_file(cache, line);
    return ok;
}

const char *e2e_bootable_freedos(const char *suite)
{
    const char *img = test_shared_path(E2E_FREEDOS_IMAGE);
    if (!img) {
        test_skip(suite, "shared " E2E_FREEDOS_IMAGE " not found");
        return NULL;
    }
    char why[512];
    if (!e2e_freedos_boots(img, why, sizeof why)) {
        test_skip(suite, why);
        return NULL;
    }
    return img;
}

void e2e_assert_freedos_ready(const char *ready_path)
{
    ck_assert_msg(e2e_wait_file(ready_path, "A:\\>", 240), "guest never showed A:\\>");
    char *r = e2e_read_file(ready_path);
    ck_assert_msg(r && !strstr(r, "FreeCom version"), "cls did not clear the screen:\n%s",
                  r ? r : "");
    free(r);
}

/* --- tmux and xdotool ------------------------------------------------------------ */

char e2e_tmux_socket[64];
char e2e_display[32];

/* tmux daemonizes, so die_with_parent cannot reach its server, and a
 * failed check ends the test process without exit handlers.  A small
 * watchdog child waits for the test process to die, then stops the
 * private tmux server. */
static void start_tmux_watchdog(void)
{
#ifdef __linux__
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0)
        return;
    /* Own process group: Check kills the test's group when it ends. */
    setpgid(0, 0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    prctl(PR_SET_PDEATHSIG, SIGHUP);
    int nul = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 1024; fd++)
        if (fd != nul)
            close(fd);
    dup2(nul, 0);
    dup2(nul, 1);
    dup2(nul, 2);
    if (getppid() == parent) {
        int sig;
        sigwait(&set, &sig);
    }
    execlp("tmux", "tmux", "-L", e2e_tmux_socket, "kill-server", (char *)NULL);
    _exit(0);
#endif
}

int e2e_tmux(const char *const *args, char **out)
{
    static char watched[sizeof e2e_tmux_socket];
    if (strcmp(watched, e2e_tmux_socket) != 0) {
        memcpy(watched, e2e_tmux_socket, sizeof watched);
        start_tmux_watchdog();
    }
    const char *argv[32] = {"tmux", "-L", e2e_tmux_socket, "-f", "/dev/null"};
    int n = 5;
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    return e2e_run(argv, out, 20, NULL);
}

char *e2e_tmux_capture(const char *session)
{
    char *out = NULL;
    e2e_tmux((const char *[]){"capture-pane", "-p", "-t", session, NULL}, &out);
    return out;
}

bool e2e_tmux_wait_text(const char *session, const char *text, double timeout_s)
{
    double end = e2e_now() + timeout_s;
    do {
        char *out = e2e_tmux_capture(session);
        bool ok = out && strstr(out, text);
        free(out);
        if (ok)
            return true;
        e2e_sleep(0.1);
    } while (e2e_now() < end);
    return false;
}

char *e2e_xdotool_out(const char *const *args, double timeout_s)
{
    const char *argv[32] = {"xdotool"};
    int n = 1;
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char *out = NULL;
    int st = e2e_run(argv, &out, timeout_s, e2e_display);
    if (st != 0) {
        free(out);
        return NULL;
    }
    return out;
}

void e2e_xdotool(const char *const *args)
{
    free(e2e_xdotool_out(args, 20));
}

char *e2e_find_window(const char *name, double timeout_s)
{
    double end = e2e_now() + timeout_s;
    do {
        char *out = e2e_xdotool_out((const char *[]){"search", "--name", name, NULL}, 10);
        if (out && out[0] >= '0' && out[0] <= '9') {
            out[strcspn(out, "\n")] = '\0';
            return out;
        }
        free(out);
        e2e_sleep(0.2);
    } while (e2e_now() < end);
    return NULL;
}
