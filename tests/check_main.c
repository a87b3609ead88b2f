/*
 * tests/check_main.c — the Check runner: every test_<name>.c under tests/ adds a
 * suite <name>_suite(); build/tests/suites.h lists them.  Select one suite
 * with CK_RUN_SUITE=name, one case with CK_RUN_CASE=name (Check's own
 * variables).
 */
#include <check.h>
#include <stdlib.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

int main(void)
{
    SRunner *sr = srunner_create(NULL);
#define SUITE(name) srunner_add_suite(sr, name##_suite());
#include "suites.h"
#undef SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
