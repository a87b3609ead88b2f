/*
 * tests/hw/test_chardev.c — character devices: spec parsing and errors,
 * null/file output, taps, injected input, a pty, and TCP server/client on
 * 127.0.0.1.
 */
#define _XOPEN_SOURCE 700
#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "hw/chardev.h"

static char tapbuf[256];
static size_t taplen;
static void tap(void *opaque, const uint8_t *d, size_t n)
{
    (void)opaque;
    for (size_t i = 0; i < n && taplen < sizeof tapbuf - 1; i++)
        tapbuf[taplen++] = (char)d[i];
}

START_TEST(bad_specs)
{
    char err[256];
    const char *bad[] = {"bogus", "file:", "tcp:", "tcp:localhost", "tcp::x",
                         "tcp::1234,frobnicate"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = 0;
        ck_assert_msg(chardev_open(bad[i], err, sizeof err) == NULL, "%s", bad[i]);
        ck_assert_msg(err[0] != 0, "no message for %s", bad[i]);
    }
    ck_assert_ptr_null(chardev_open("file:/nonexistent/dir/x", err, sizeof err));
}
END_TEST

START_TEST(null_inject_and_taps)
{
    char err[256];
    CharDev *cd = chardev_open("null", err, sizeof err);
    ck_assert_ptr_nonnull(cd);
    taplen = 0;
    chardev_add_tap(cd, tap, NULL);
    chardev_write(cd, (const uint8_t *)"hello", 5);
    chardev_write(cd, (const uint8_t *)" world", 6);
    tapbuf[taplen] = 0;
    ck_assert_str_eq(tapbuf, "hello world");
    uint8_t b[8];
    ck_assert_uint_eq(chardev_read(cd, b, sizeof b), 0);
    /* Injected input comes back in order, across reads, even when large. */
    uint8_t big[1000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)i;
    chardev_inject(cd, big, 600);
    chardev_inject(cd, big + 600, 400);
    size_t total = 0;
    uint8_t got[1000];
    size_t n;
    while ((n = chardev_read(cd, got + total, 7)) > 0)
        total += n;
    ck_assert_uint_eq(total, 1000);
    ck_assert_int_eq(memcmp(got, big, 1000), 0);
    ck_assert_str_eq(chardev_describe(cd), "null");
    chardev_close(cd);
    cd = chardev_open("none", err, sizeof err);
    ck_assert_ptr_nonnull(cd);
    chardev_write(cd, (const uint8_t *)"x", 1);
    chardev_close(cd);
}
END_TEST

START_TEST(file_output)
{
    char path[] = "/tmp/px86-chardev-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    char spec[64], err[256];
    snprintf(spec, sizeof spec, "file:%s", path);
    CharDev *cd = chardev_open(spec, err, sizeof err);
    ck_assert_msg(cd != NULL, "%s", err);
    chardev_write(cd, (const uint8_t *)"COM1 says hi\r\n", 14);
    chardev_close(cd);
    FILE *f = fopen(path, "rb");
    char buf[64] = {0};
    ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), 14);
    fclose(f);
    ck_assert_str_eq(buf, "COM1 says hi\r\n");
    unlink(path);
}
END_TEST

static size_t read_retry(CharDev *cd, uint8_t *buf, size_t len)
{
    size_t got = 0;
    for (int i = 0; i < 200 && got < len; i++) {
        got += chardev_read(cd, buf + got, len - got);
        if (got < len) {
            struct timespec ts = {0, 5000000};
            nanosleep(&ts, NULL);
        }
    }
    return got;
}

START_TEST(pty_both_ways)
{
    char err[256];
    CharDev *cd = chardev_open("pty", err, sizeof err);
    if (!cd) {
        fprintf(stderr, "SKIP: pty_both_ways: %s\n", err);
        return;
    }
    const char *desc = chardev_describe(cd);
    ck_assert(strncmp(desc, "pty /dev/", 9) == 0);
    int s = open(desc + 4, O_RDWR | O_NOCTTY);
    ck_assert_int_ge(s, 0);
    struct termios t;
    tcgetattr(s, &t);
    cfmakeraw(&t);
    tcsetattr(s, TCSANOW, &t);
    ck_assert_int_eq(write(s, "ab\n", 3), 3);
    uint8_t buf[8];
    ck_assert_uint_eq(read_retry(cd, buf, 3), 3);
    ck_assert_int_eq(memcmp(buf, "ab\n", 3), 0);
    chardev_write(cd, (const uint8_t *)"xyz", 3);
    char r[4] = {0};
    ck_assert_int_eq(read(s, r, 3), 3);
    ck_assert_str_eq(r, "xyz");
    close(s);
    chardev_close(cd);
}
END_TEST

static int connect_local(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(0x7F000001);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

START_TEST(tcp_server_nowait_and_client)
{
    char err[256], spec[64];
    CharDev *srv = NULL;
    int port = 0;
    for (int p = 47000 + (int)(getpid() % 1000); p < 49000 && !srv; p += 7) {
        snprintf(spec, sizeof spec, "tcp::%d,server,nowait", p);
        srv = chardev_open(spec, err, sizeof err);
        port = p;
    }
    ck_assert_msg(srv != NULL, "%s", err);
    ck_assert(strstr(chardev_describe(srv), "127.0.0.1") != NULL);
    /* No client yet: output is dropped, reads return nothing. */
    chardev_write(srv, (const uint8_t *)"lost", 4);
    uint8_t buf[16];
    ck_assert_uint_eq(chardev_read(srv, buf, sizeof buf), 0);
    int c = connect_local(port);
    ck_assert_int_ge(c, 0);
    ck_assert_int_eq(write(c, "in", 2), 2);
    ck_assert_uint_eq(read_retry(srv, buf, 2), 2);
    ck_assert_int_eq(memcmp(buf, "in", 2), 0);
    chardev_write(srv, (const uint8_t *)"out", 3);
    char r[4] = {0};
    ck_assert_int_eq(read(c, r, 3), 3);
    ck_assert_str_eq(r, "out");
    /* Client mode connects to the same server after the first one left. */
    close(c);
    ck_assert_uint_eq(read_retry(srv, buf, 1), 0); /* notices the hang-up */
    snprintf(spec, sizeof spec, "tcp:127.0.0.1:%d", port);
    CharDev *cli = chardev_open(spec, err, sizeof err);
    ck_assert_msg(cli != NULL, "%s", err);
    chardev_write(cli, (const uint8_t *)"hey", 3);
    ck_assert_uint_eq(read_retry(srv, buf, 3), 3);
    ck_assert_int_eq(memcmp(buf, "hey", 3), 0);
    chardev_close(cli);
    chardev_close(srv);
    /* Nobody listens any more: a client gets a clear error. */
    err[0] = 0;
    ck_assert_ptr_null(chardev_open(spec, err, sizeof err));
    ck_assert(strstr(err, "refused") != NULL || strstr(err, "Connection") != NULL);
}
END_TEST

Suite *chardev_suite(void)
{
    Suite *s = suite_create("chardev");
    TCase *tc = tcase_create("chardev");
    tcase_add_test(tc, bad_specs);
    tcase_add_test(tc, null_inject_and_taps);
    tcase_add_test(tc, file_output);
    tcase_add_test(tc, pty_both_ways);
    tcase_add_test(tc, tcp_server_nowait_and_client);
    suite_add_tcase(s, tc);
    return s;
}
