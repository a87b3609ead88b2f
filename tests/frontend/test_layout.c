/*
 * tests/frontend/test_layout.c — picture placement in the window: 4:3
 * aspect for VGA modes whatever their pixel count, square pixels,
 * integer scaling, centring, and natural window sizes.
 */
#include <check.h>

#include "frontend/fe_common.h"

static void expect(FeRect r, int x, int y, int w, int h)
{
    ck_assert_msg(r.x == x && r.y == y && r.w == w && r.h == h,
                  "got %d,%d %dx%d want %d,%d %dx%d", r.x, r.y, r.w, r.h, x, y, w, h);
}

START_TEST(aspect_4_3)
{
    /* 720x400 text mode in a 4:3 window fills it */
    expect(fe_layout(800, 600, 720, 400, 4, 3, false, false), 0, 0, 800, 600);
    /* 640x400 in a wide window: pillarboxed, still 4:3 */
    expect(fe_layout(1600, 900, 640, 400, 4, 3, false, false), 200, 0, 1200, 900);
    /* tall window: letterboxed */
    expect(fe_layout(640, 1000, 320, 200, 4, 3, false, false), 0, 260, 640, 480);
    /* 0/0 aspect = square pixels */
    expect(fe_layout(1280, 800, 640, 400, 0, 0, false, false), 0, 0, 1280, 800);
}
END_TEST

START_TEST(square_pixels)
{
    expect(fe_layout(800, 600, 720, 400, 4, 3, true, false), 0, 78, 800, 444);
    expect(fe_layout(640, 480, 640, 480, 4, 3, true, false), 0, 0, 640, 480);
}
END_TEST

START_TEST(integer_scaling)
{
    /* 320x200 at 4:3: pixels 1.2 times taller than wide -> 5x6 fits
     * exactly in 1600x1200 */
    expect(fe_layout(1600, 1200, 320, 200, 4, 3, false, true), 0, 0, 1600, 1200);
    /* 640x480 in 1400x1000: 2x2 */
    expect(fe_layout(1400, 1000, 640, 480, 4, 3, false, true), 60, 20, 1280, 960);
    /* square pixels, 720x400 in 1920x1080: 2x2 */
    expect(fe_layout(1920, 1080, 720, 400, 4, 3, true, true), 240, 140, 1440, 800);
    /* window smaller than the picture: shrinks (aspect kept) */
    expect(fe_layout(320, 240, 640, 480, 4, 3, false, true), 0, 0, 320, 240);
}
END_TEST

START_TEST(degenerate)
{
    expect(fe_layout(0, 600, 640, 480, 4, 3, false, false), 0, 0, 0, 0);
    expect(fe_layout(800, 600, 0, 0, 4, 3, false, false), 0, 0, 0, 0);
    FeRect r = fe_layout(1, 1, 2048, 1536, 4, 3, false, true);
    ck_assert_int_ge(r.w, 1);
    ck_assert_int_ge(r.h, 1);
}
END_TEST

START_TEST(natural_sizes)
{
    int w, h;
    fe_natural_size(720, 400, 4, 3, false, 640, &w, &h);
    ck_assert_int_eq(w, 720);
    ck_assert_int_eq(h, 540);
    fe_natural_size(320, 200, 4, 3, false, 640, &w, &h);
    ck_assert_int_eq(w, 640);
    ck_assert_int_eq(h, 480);
    fe_natural_size(320, 200, 4, 3, true, 640, &w, &h);
    ck_assert_int_eq(w, 640);
    ck_assert_int_eq(h, 400);
    fe_natural_size(1024, 768, 4, 3, false, 640, &w, &h);
    ck_assert_int_eq(w, 1024);
    ck_assert_int_eq(h, 768);
    fe_natural_size(0, 0, 0, 0, false, 640, &w, &h);
    ck_assert_int_eq(w, 640);
    ck_assert_int_eq(h, 480);
}
END_TEST

Suite *layout_suite(void)
{
    Suite *s = suite_create("layout");
    TCase *tc = tcase_create("layout");
    tcase_add_test(tc, aspect_4_3);
    tcase_add_test(tc, square_pixels);
    tcase_add_test(tc, integer_scaling);
    tcase_add_test(tc, degenerate);
    tcase_add_test(tc, natural_sizes);
    suite_add_tcase(s, tc);
    return s;
}
