/*
 * tests/guest/test_guests.c — real operating systems booting on px86.
 *
 * Every tests/guest/<name>.script is one test.  Its first lines say how to
 * start px86:
 *   #! ARGS...          extra command-line arguments; @FILE is a file in
 *                       $PX86_SHARED/guests (read-only: runs use -snapshot)
 *   #! timeout SECONDS  host-time bound (default 240)
 *   #! blank NAME MIB   make @NAME, a blank disk image of MIB MiB, for this run
 *   #! eltorito NAME IMG  make @NAME, an El Torito floppy-emulation ISO of
 *                       the shared floppy IMG (needs xorriso, else SKIP)
 * Made images live in a private temporary directory and are deleted.
 * The run is headless with -clock virtual, so it behaves the same on every
 * machine; the script's waits assert on the guest's screen and serial
 * output and its `quit 0` is the pass.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"

#define MAX_SCRIPTS 64

static char *scripts[MAX_SCRIPTS];
static int nscripts;

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void discover(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/guest", test_srcdir());
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && nscripts < MAX_SCRIPTS) {
        size_t n = strlen(e->d_name);
        if (n > 7 && !strcmp(e->d_name + n - 7, ".script"))
            scripts[nscripts++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(scripts, (size_t)nscripts, sizeof scripts[0], cmp);
}

START_TEST(guest_boots)
{
    const char *name = scripts[_i];
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/guest/%s", test_srcdir(), name);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot read %s", path);
    const char *argv[64];
    char *owned[64];
    int argc = 0, nowned = 0, timeout = 240;
    argv[argc++] = "px86";
    char line[1024];
    bool missing = false;
    const char *why = "shared guest image not found (set PX86_SHARED)";
    char tmpdir[] = "/tmp/px86-guest-XXXXXX";
    if (!mkdtemp(tmpdir))
        ck_abort_msg("mkdtemp failed");
    while (fgets(line, sizeof line, f) && !strncmp(line, "#!", 2)) {
        char *save = NULL;
        char *tok = strtok_r(line + 2, " \t\r\n", &save);
        if (tok && !strcmp(tok, "timeout")) {
            tok = strtok_r(NULL, " \t\r\n", &save);
            timeout = tok ? atoi(tok) : timeout;
            continue;
        }
        if (tok && (!strcmp(tok, "blank") || !strcmp(tok, "eltorito"))) {
            bool blank = !strcmp(tok, "blank");
            char *made = strtok_r(NULL, " \t\r\n", &save);
            char *arg = strtok_r(NULL, " \t\r\n", &save);
            ck_assert_msg(made && arg, "%s: bad '#! %s' line", name, tok);
            char cmd[8192], out[4200];
            snprintf(out, sizeof out, "%s/%s", tmpdir, made);
            if (blank) {
                snprintf(cmd, sizeof cmd, "truncate -s %sM '%s'", arg, out);
            } else {
                char rel[512];
                snprintf(rel, sizeof rel, "guests/%s", arg);
                const char *img = test_shared_path(rel);
                if (!img) {
                    missing = true;
                    continue;
                }
                if (system("xorriso -version >/dev/null 2>&1") != 0) {
                    missing = true;
                    why = "xorriso not installed (apt-get install xorriso)";
                    continue;
                }
                snprintf(cmd, sizeof cmd,
                         "mkdir -p '%s/cd' && cp '%s' '%s/cd/floppy.img' && "
                         "xorriso -as mkisofs -quiet -b floppy.img -o '%s' '%s/cd' "
                         ">/dev/null 2>&1",
                         tmpdir, img, tmpdir, out, tmpdir);
            }
            ck_assert_msg(system(cmd) == 0, "%s: could not make %s", name, made);
            continue;
        }
        for (; tok && argc < 50; tok = strtok_r(NULL, " \t\r\n", &save)) {
            if (tok[0] == '@') {
                char made[4200];
                snprintf(made, sizeof made, "%s/%s", tmpdir, tok + 1);
                if (access(made, R_OK) == 0) {
                    owned[nowned++] = strdup(made);
                    argv[argc++] = owned[nowned - 1];
                    continue;
                }
                char rel[512];
                snprintf(rel, sizeof rel, "guests/%s", tok + 1);
                const char *p = test_shared_path(rel);
                if (!p) {
                    missing = true;
                    break;
                }
                tok = (char *)p;
            } else if (tok[0] == '/' && access(tok, R_OK) != 0) {
                /* other firmware from a Debian package that is absent */
                static char whybuf[600];
                snprintf(whybuf, sizeof whybuf, "%s not installed (see .ci/packages)", tok);
                why = whybuf;
                missing = true;
                break;
            }
            owned[nowned++] = strdup(tok);
            argv[argc++] = owned[nowned - 1];
        }
    }
    fclose(f);
    if (missing) {
        test_skip(name, why);
    } else {
        static const char *fixed[] = {"-display", "none", "-clock", "virtual",
                                      "-snapshot", "-script"};
        for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
            argv[argc++] = fixed[i];
        argv[argc++] = path;
        char tbuf[16];
        timeout *= test_timeout_scale();
        snprintf(tbuf, sizeof tbuf, "%d", timeout);
        argv[argc++] = "-timeout";
        argv[argc++] = tbuf;
        argv[argc] = NULL;
        char *out = NULL;
        int status = test_run_px86(argv, &out, timeout + 30);
        ck_assert_msg(status == 0, "%s: px86 exited with %d\n%s", name, status,
                      out ? out : "");
        free(out);
    }
    for (int i = 0; i < nowned; i++)
        free(owned[i]);
    char rm[4200];
    snprintf(rm, sizeof rm, "rm -rf '%s'", tmpdir);
    if (system(rm) != 0)
        fprintf(stderr, "%s: could not remove %s\n", name, tmpdir);
}
END_TEST

Suite *guests_suite(void)
{
    discover();
    Suite *s = suite_create("guests");
    TCase *tc = tcase_create("boot");
    tcase_set_timeout(tc, 900);
    tcase_add_loop_test(tc, guest_boots, 0, nscripts);
    suite_add_tcase(s, tc);
    return s;
}
