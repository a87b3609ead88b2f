/*
 * tests/testlib.c — see testlib.h.
 */
#include "testlib.h"

#include "config.h"

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

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

const char *test_srcdir(void) { return env_or("PX86_SRCDIR", "."); }
const char *test_builddir(void) { return env_or("PX86_BUILD", "build"); }
const char *test_px86(void) { return env_or("PX86", "./px86"); }
bool test_long(void) { return getenv("PX86_LONG") != NULL; }

const char *test_shared_dir(void)
{
    static char buf[4096];
    const char *d = getenv("PX86_SHARED");
    if (!d || !*d) {
        snprintf(buf, sizeof buf, "%s/../shared", test_srcdir());
        d = buf;
    }
    struct stat st;
    if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    return d;
}

const char *test_shared_path(const char *rel)
{
    static char bufs[8][4096];
    static unsigned slot;
    const char *d = test_shared_dir();
    if (!d)
        return NULL;
    char *b = bufs[slot++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", d, rel);
    if (access(b, R_OK) != 0)
        return NULL;
    return b;
}

int test_timeout_scale(void) { return PX86_SANITIZERS ? 4 : 1; }

void test_skip(const char *test, const char *why)
{
    printf("SKIP: %s: %s\n", test, why);
    fflush(stdout);
}

int test_run_px86(const char *const *argv, char **out, int timeout_s)
{
    char tmpl[] = "/tmp/px86-test-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    unlink(tmpl);
    size_t n = 0;
    while (argv[n])
        n++;
    const char **args = calloc(n + 1, sizeof *args);
    args[0] = test_px86();
    for (size_t i = 1; i < n; i++)
        args[i] = argv[i];
    args[n] = NULL;
    pid_t pid = fork();
    if (pid < 0) {
        free(args);
        close(fd);
        return -1;
    }
    if (pid == 0) {
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0)
            dup2(nul, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(args[0], (char *const *)args);
        _exit(127);
    }
    free(args);
    int status = 0;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            status = -1;
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (t.tv_sec - t0.tv_sec > timeout_s) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        usleep(20000);
    }
    off_t len = lseek(fd, 0, SEEK_END);
    if (out) {
        *out = malloc((size_t)len + 1);
        lseek(fd, 0, SEEK_SET);
        ssize_t got = read(fd, *out, (size_t)len);
        (*out)[got > 0 ? got : 0] = 0;
    }
    close(fd);
    if (status == -1)
        return -1;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
