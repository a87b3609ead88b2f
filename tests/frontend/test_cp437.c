/*
 * tests/frontend/test_cp437.c — the CP437 -> UTF-8 table: every entry
 * encodes to well-formed UTF-8 that decodes back to the same character,
 * the mapping is one-to-one (0x00 and 0x20 both show a blank), and spot
 * checks against the IBM PC glyphs.
 */
#include <check.h>
#include <string.h>

#include "frontend/term.h"

/* Strict UTF-8 decoder for one character; -1 on malformed input. */
static long decode_utf8(const unsigned char *s, int len)
{
    if (len == 1)
        return s[0] < 0x80 ? s[0] : -1;
    if (len == 2) {
        if ((s[0] & 0xE0) != 0xC0 || (s[1] & 0xC0) != 0x80)
            return -1;
        long cp = (long)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
        return cp >= 0x80 ? cp : -1;
    }
    if (len == 3) {
        if ((s[0] & 0xF0) != 0xE0 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return -1;
        long cp = (long)(s[0] & 0x0F) << 12 | (long)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? cp : -1;
    }
    return -1;
}

START_TEST(cp437_roundtrip)
{
    for (int c = 0; c < 256; c++) {
        char u[4];
        int n = cp437_to_utf8((unsigned char)c, u);
        ck_assert_int_ge(n, 1);
        ck_assert_int_le(n, 3);
        long cp = decode_utf8((const unsigned char *)u, n);
        ck_assert_msg(cp >= 0x20, "CP437 %02X: bad UTF-8 or a control character", c);
        ck_assert_int_eq(cp, cp437_unicode[c]);
        int back = cp437_from_unicode((uint32_t)cp);
        ck_assert_int_eq(back, c == 0 ? 0x20 : c);
    }
}
END_TEST

START_TEST(cp437_unique)
{
    for (int a = 1; a < 256; a++)
        for (int b = a + 1; b < 256; b++)
            ck_assert_msg(cp437_unicode[a] != cp437_unicode[b], "%02X and %02X collide", a, b);
}
END_TEST

START_TEST(cp437_known_glyphs)
{
    static const struct { unsigned char c; const char *utf8; } known[] = {
        {0x01, "\xe2\x98\xba"}, /* smiley */
        {0x03, "\xe2\x99\xa5"}, /* heart */
        {0x41, "A"},
        {0x7F, "\xe2\x8c\x82"}, /* house */
        {0x80, "\xc3\x87"},     /* C cedilla */
        {0xB3, "\xe2\x94\x82"}, /* light vertical */
        {0xC9, "\xe2\x95\x94"}, /* double down and right */
        {0xDB, "\xe2\x96\x88"}, /* full block */
        {0xE1, "\xc3\x9f"},     /* sharp s / beta */
        {0xFE, "\xe2\x96\xa0"}, /* black square */
        {0xFF, "\xc2\xa0"},     /* no-break space */
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        char u[4];
        int n = cp437_to_utf8(known[i].c, u);
        ck_assert_int_eq(n, (int)strlen(known[i].utf8));
        ck_assert_int_eq(memcmp(u, known[i].utf8, (size_t)n), 0);
    }
    ck_assert_int_eq(cp437_from_unicode(0x1F600), -1);
}
END_TEST

Suite *cp437_suite(void)
{
    Suite *s = suite_create("cp437");
    TCase *tc = tcase_create("cp437");
    tcase_add_test(tc, cp437_roundtrip);
    tcase_add_test(tc, cp437_unique);
    tcase_add_test(tc, cp437_known_glyphs);
    suite_add_tcase(s, tc);
    return s;
}
