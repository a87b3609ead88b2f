/*
 * tests/frontend/test_script_parse.c — the -script language: every
 * command, escapes, comments, and bad lines rejected with their number.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/script.h"

static Script *parse_ok(const char *src)
{
    char err[256] = "";
    Script *s = script_parse(src, err, sizeof err);
    ck_assert_msg(s != NULL, "parse failed: %s", err);
    return s;
}

static void parse_bad(const char *src, const char *expect_in_err)
{
    char err[256] = "";
    Script *s = script_parse(src, err, sizeof err);
    ck_assert_msg(s == NULL, "'%s' should not parse", src);
    ck_assert_msg(strstr(err, expect_in_err) != NULL,
                  "error '%s' lacks '%s'", err, expect_in_err);
}

START_TEST(every_command)
{
    Script *s = parse_ok(
        "# boot and check\n"
        "wait-screen \"A:\\>\"\n"
        "wait-screen \"FreeCom\" 12.5   # with a timeout\n"
        "\n"
        "wait-serial 2 \"login:\" 60\n"
        "type \"ver\\n\"\n"
        "key ctrl-alt-delete\n"
        "key f1\n"
        "sleep 0.5\n"
        "screen-text out.txt\n"
        "screenshot \"shot one.png\"\n"
        "echo \"done\"\n"
        "quit 7\n");
    ck_assert_uint_eq(s->count, 11);
    ck_assert_int_eq(s->cmds[0].op, SCRIPT_WAIT_SCREEN);
    ck_assert_str_eq(s->cmds[0].text, "A:\\>");
    ck_assert(s->cmds[0].seconds == SCRIPT_DEFAULT_WAIT_S);
    ck_assert_int_eq(s->cmds[0].line, 2);
    ck_assert(s->cmds[1].seconds == 12.5);
    ck_assert_int_eq(s->cmds[2].op, SCRIPT_WAIT_SERIAL);
    ck_assert_int_eq(s->cmds[2].port, 2);
    ck_assert(s->cmds[2].seconds == 60);
    ck_assert_str_eq(s->cmds[3].text, "ver\n");
    ck_assert_int_eq(s->cmds[4].nkeys, 3);
    ck_assert_int_eq(s->cmds[4].keys[0], KEY_LCTRL);
    ck_assert_int_eq(s->cmds[4].keys[1], KEY_LALT);
    ck_assert_int_eq(s->cmds[4].keys[2], KEY_DELETE);
    ck_assert_int_eq(s->cmds[5].keys[0], KEY_F1);
    ck_assert(s->cmds[6].seconds == 0.5);
    ck_assert_str_eq(s->cmds[7].text, "out.txt");
    ck_assert_str_eq(s->cmds[8].text, "shot one.png");
    ck_assert_int_eq(s->cmds[9].op, SCRIPT_ECHO);
    ck_assert_int_eq(s->cmds[10].status, 7);
    script_free(s);
}
END_TEST

START_TEST(escapes)
{
    const char *end;
    char *t = script_unquote("\"a\\n\\t\\e\\b\\\\\\\"z\" tail", &end);
    ck_assert_str_eq(t, "a\n\t\x1b\b\\\"z");
    ck_assert_str_eq(end, " tail");
    free(t);
    t = script_unquote("\"C:\\DOS\\>\"", NULL); /* other chars: literal */
    ck_assert_str_eq(t, "C:\\DOS\\>");
    free(t);
    ck_assert_ptr_null(script_unquote("\"open", NULL));
    ck_assert_ptr_null(script_unquote("noquote\"", NULL));
    /* '#' inside a string is not a comment. */
    Script *s = parse_ok("type \"echo #1\" # real comment\n");
    ck_assert_str_eq(s->cmds[0].text, "echo #1");
    script_free(s);
}
END_TEST

START_TEST(key_combos)
{
    Script *s = parse_ok("key shift-tab\nkey alt-x\nkey Ctrl+C\nkey ret\n");
    ck_assert_int_eq(s->cmds[0].keys[0], KEY_LSHIFT);
    ck_assert_int_eq(s->cmds[0].keys[1], KEY_TAB);
    ck_assert_int_eq(s->cmds[1].keys[1], KEY_X);
    ck_assert_int_eq(s->cmds[2].keys[0], KEY_LCTRL);
    ck_assert_int_eq(s->cmds[2].keys[1], KEY_C);
    ck_assert_int_eq(s->cmds[3].keys[0], KEY_ENTER);
    script_free(s);
}
END_TEST

START_TEST(bad_lines_name_their_number)
{
    parse_bad("sleep 1\nfrobnicate\n", "line 2: unknown command 'frobnicate'");
    parse_bad("wait-screen A:\n", "line 1: wait-screen needs a quoted string");
    parse_bad("\n\nwait-screen \"x\" soon\n", "line 3:");
    parse_bad("wait-serial 5 \"x\"\n", "COM port number");
    parse_bad("wait-serial \"x\"\n", "COM port number");
    parse_bad("type \"unterminated\n", "unterminated string");
    parse_bad("key ctrl-nosuchkey\n", "unknown key combination");
    parse_bad("key\n", "key needs a combination");
    parse_bad("sleep\n", "sleep needs a number");
    parse_bad("sleep -1\n", "sleep needs a number");
    parse_bad("quit 300\n", "exit status");
    parse_bad("screenshot\n", "needs a file name");
    parse_bad("type \"a\" extra\n", "unexpected 'extra'");
    parse_bad("wait-screen \"\"\n", "empty string");
}
END_TEST

START_TEST(empty_and_comment_only)
{
    Script *s = parse_ok("# nothing\n   \n\t# more\n");
    ck_assert_uint_eq(s->count, 0);
    script_free(s);
    s = parse_ok("quit");
    ck_assert_uint_eq(s->count, 1);
    ck_assert_int_eq(s->cmds[0].status, 0);
    script_free(s);
}
END_TEST

START_TEST(load_missing_file)
{
    char err[256];
    ck_assert_ptr_null(script_load("/nonexistent/x.script", err, sizeof err));
    ck_assert(strstr(err, "cannot open script") != NULL);
}
END_TEST

Suite *script_parse_suite(void)
{
    Suite *s = suite_create("script_parse");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, every_command);
    tcase_add_test(tc, escapes);
    tcase_add_test(tc, key_combos);
    tcase_add_test(tc, bad_lines_name_their_number);
    tcase_add_test(tc, empty_and_comment_only);
    tcase_add_test(tc, load_missing_file);
    suite_add_tcase(s, tc);
    return s;
}
