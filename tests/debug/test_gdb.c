/*
 * tests/debug/test_gdb.c — Debian's gdb in batch mode against px86's stub
 * running tests/debug/gdbguest.bin: break at the boot sector (0x7C00),
 * step in real mode, break after the switch to protected mode, read and
 * write registers and memory, hit a hardware watchpoint, an unmapped page
 * as an error, then the guest runs to its exit.  Also: the stub survives
 * garbage, truncated packets and a client that disconnects mid-packet.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

static char guest[4096];

static bool have_gdb(void)
{
    return system("gdb --version >/dev/null 2>&1") == 0;
}

/* Start px86 in the background; returns its pid, output to logpath. */
static char *slurp(const char *path);

/* Wait until px86 says it listens (a probing connection would count as a
 * client, and a client that leaves lets the guest run on). */
static bool wait_listening(const char *logpath)
{
    for (int i = 0; i < 200; i++) {
        char *l = slurp(logpath);
        bool ok = strstr(l, "listening") != NULL;
        free(l);
        if (ok)
            return true;
        usleep(25000);
    }
    return false;
}

static pid_t start_px86(int port, const char *logpath, const char *extra)
{
    char gdbarg[32];
    snprintf(gdbarg, sizeof gdbarg, "tcp::%d", port);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *f = fopen(logpath, "w");
        if (f) {
            dup2(fileno(f), 1);
            dup2(fileno(f), 2);
        }
        if (extra)
            execl(test_px86(), "px86", "-bios", guest, "-display", "none",
                  "-device", "isa-debug-exit", "-clock", "virtual", "-gdb",
                  gdbarg, "-S", "-timeout", "60", extra, (char *)NULL);
        else /* no exit device: the guest halts forever at its end */
            execl(test_px86(), "px86", "-bios", guest, "-display", "none",
                  "-clock", "virtual", "-gdb", gdbarg, "-S", "-timeout", "60",
                  (char *)NULL);
        _exit(127);
    }
    return pid;
}

static int connect_port(int port)
{
    for (int tries = 0; tries < 100; tries++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in sa = {0};
        sa.sin_family = AF_INET;
        sa.sin_port = htons((uint16_t)port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
            return fd;
        close(fd);
        usleep(50000);
    }
    return -1;
}

/* A port nobody listens on now: bind port 0 and take what the kernel
 * chose (pid-derived ports collided under parallel test runs). */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {0};
    socklen_t len = sizeof sa;
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int port = 0;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        port = ntohs(sa.sin_port);
    close(fd);
    return port ? port : 20000 + (int)(getpid() % 20000);
}

static int wait_exit(pid_t pid, int timeout_s)
{
    int status;
    for (int i = 0; i < timeout_s * 20; i++) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        usleep(50000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = calloc(1, (size_t)n + 1);
    if (fread(b, 1, (size_t)n, f) != (size_t)n)
        b[0] = 0;
    fclose(f);
    return b;
}

static bool setup_guest(const char *test)
{
    snprintf(guest, sizeof guest, "%s/tests/debug/gdbguest.bin", test_builddir());
    if (access(guest, R_OK) != 0) {
        test_skip(test, "build/tests/debug/gdbguest.bin missing (make check builds it)");
        return false;
    }
    return true;
}

START_TEST(gdb_batch_session)
{
    if (!setup_guest("gdb_batch_session"))
        return;
    if (!have_gdb()) {
        test_skip("gdb_batch_session", "gdb not installed (apt-get install gdb)");
        return;
    }
    int port = free_port();
    char log[] = "/tmp/px86-gdb-log-XXXXXX";
    close(mkstemp(log));
    pid_t pid = start_px86(port, log, "-no-reboot");
    ck_assert_msg(wait_listening(log), "px86 did not start its stub");
    char script[] = "/tmp/px86-gdb-XXXXXX";
    int sfd = mkstemp(script);
    FILE *sf = fdopen(sfd, "w");
    fprintf(sf, "target remote 127.0.0.1:%d\n", port);
    char src[4096];
    snprintf(src, sizeof src, "%s/tests/debug/gdb_session.gdb", test_srcdir());
    char *body = slurp(src);
    fputs(body, sf);
    free(body);
    fclose(sf);
    char cmd[8192];
    char out[] = "/tmp/px86-gdb-out-XXXXXX";
    close(mkstemp(out));
    snprintf(cmd, sizeof cmd, "timeout 60 gdb -nx -batch -x %s > %s 2>&1", script, out);
    int rc = system(cmd);
    (void)rc;
    int status = wait_exit(pid, 30);
    char *o = slurp(out), *l = slurp(log);
    const char *expect[] = {
        "T1 pc=7c00\n", "T2 eax=1234\n", "T3 eax=68ac ebx=5678\n",
        "T4 ebx=abcd\n", "T5 bytes=b8 34 12\n", "T6 mem=5a\n",
        "=> 0x7c08:", "T7 pc=7c80 cs=8\n", "Old value = 0\nNew value = 1\n",
        "T8 counter=1\n", "Old value = 1\nNew value = 2\n", "T9 counter=2\n",
        "Hardware read watchpoint 4: *(int*)0x7e00\n",
        "T9R counter=3\n", "Hardware access (read/write) watchpoint 5: *(int*)0x7e00\n",
        "T9A counter=4\n",
        "Cannot access memory at address 0xd0000000",
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        ck_assert_msg(strstr(o, expect[i]) != NULL,
                      "gdb output lacks '%s'\n--- gdb ---\n%s\n--- px86 ---\n%s",
                      expect[i], o, l);
    /* xor cx,cx disassembled at the flat address in i8086 mode */
    ck_assert_msg(strstr(o, "xor") != NULL, "x/i $pc did not disassemble: %s", o);
    ck_assert_msg(status == 33, "px86 exit status %d, want 33 (guest exit)\n%s", status, l);
    free(o);
    free(l);
    unlink(script);
    unlink(out);
    unlink(log);
}
END_TEST

static void send_str(int fd, const char *s)
{
    ssize_t n = send(fd, s, strlen(s), MSG_NOSIGNAL);
    (void)n;
}

static void packet(char *buf, size_t len, const char *data)
{
    unsigned sum = 0;
    for (const char *p = data; *p; p++)
        sum += (unsigned char)*p;
    snprintf(buf, len, "$%s#%02x", data, sum & 0xFF);
}

/* Read until `want` appears or 3 s pass. */
static bool expect_reply(int fd, const char *want, char *got, size_t gotlen)
{
    size_t n = 0;
    got[0] = 0;
    struct timeval tv = {0, 100000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (int i = 0; i < 30 && n + 1 < gotlen; i++) {
        ssize_t r = recv(fd, got + n, gotlen - n - 1, 0);
        if (r > 0) {
            n += (size_t)r;
            got[n] = 0;
            if (strstr(got, want))
                return true;
        }
    }
    return false;
}

START_TEST(stub_survives_garbage_and_disconnects)
{
    if (!setup_guest("stub_survives_garbage"))
        return;
    int port = free_port();
    char log[] = "/tmp/px86-gdb-log-XXXXXX";
    close(mkstemp(log));
    pid_t pid = start_px86(port, log, NULL);
    ck_assert_msg(wait_listening(log), "px86 did not start its stub");
    char buf[256];
    static char got[40000];

    /* 1: garbage, a bad checksum, a truncated packet, then vanish. */
    int fd = connect_port(port);
    ck_assert_int_ge(fd, 0);
    send_str(fd, "hello\x01\xff}}}#$$");
    send_str(fd, "$g#00"); /* wrong checksum: NAK */
    ck_assert(expect_reply(fd, "-", got, sizeof got));
    send_str(fd, "$m7c00,"); /* truncated */
    close(fd);

    /* 2: a client that disconnects mid-packet after valid traffic. */
    fd = connect_port(port);
    ck_assert_int_ge(fd, 0);
    packet(buf, sizeof buf, "?");
    send_str(fd, buf);
    ck_assert_msg(expect_reply(fd, "$T05", got, sizeof got), "got '%s'", got);
    send_str(fd, "$qSupported:multiprocess+;swbreak+#");
    close(fd);

    /* 3: a well-behaved client still gets answers; reads of the reset
     * vector work; an overlong length is clipped, not a crash. */
    fd = connect_port(port);
    ck_assert_int_ge(fd, 0);
    packet(buf, sizeof buf, "mffff0,1");
    send_str(fd, buf);
    ck_assert_msg(expect_reply(fd, "$ea#", got, sizeof got), "got '%s'", got);
    packet(buf, sizeof buf, "m0,ffffffff");
    send_str(fd, buf);
    ck_assert(expect_reply(fd, "#", got, sizeof got));
    packet(buf, sizeof buf, "Z9,0,0"); /* unknown type */
    send_str(fd, buf);
    ck_assert(expect_reply(fd, "$E01", got, sizeof got));
    packet(buf, sizeof buf, "k");
    send_str(fd, buf);
    close(fd);
    int status = wait_exit(pid, 20);
    char *l = slurp(log);
    ck_assert_msg(status == 0, "px86 ended with %d after kill\n%s", status, l);
    free(l);
    unlink(log);
}
END_TEST

Suite *gdb_suite(void)
{
    Suite *s = suite_create("gdb");
    TCase *tc = tcase_create("stub");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, gdb_batch_session);
    tcase_add_test(tc, stub_survives_garbage_and_disconnects);
    suite_add_tcase(s, tc);
    return s;
}
