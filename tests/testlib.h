/*
 * tests/testlib.h — helpers shared by the Check suites: locating shared
 * data and build products, and running px86 as a child process for
 * guest-level tests.
 */
#ifndef PX86_TESTS_TESTLIB_H
#define PX86_TESTS_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>

/* Directory of ../shared (PX86_SHARED or <srcdir>/../shared), or NULL
 * if absent.  Tests that need it print "SKIP: <why>" and return. */
const char *test_shared_dir(void);
/* Path inside the shared dir (static buffer per call slot), or NULL. */
const char *test_shared_path(const char *rel);
/* Path of the px86 binary under test, the source dir and the build dir. */
const char *test_px86(void);
const char *test_srcdir(void);
const char *test_builddir(void);
/* Is the long (check-long) variant requested? */
bool test_long(void);

/* Run px86 with argv (NULL-terminated, argv[0] ignored) and collect
 * stdout+stderr into *out (malloc'd, NUL-terminated).  Returns the exit
 * status, 128+signal if killed, or -1 if it could not run.  timeout_s
 * bounds host time (SIGKILL after it). */
int test_run_px86(const char *const *argv, char **out, int timeout_s);

/* Host-time bounds are multiplied by this (4 in sanitizer builds, which
 * run guests several times slower). */
int test_timeout_scale(void);

/* Print a SKIP line in a form CI logs can grep. */
void test_skip(const char *test, const char *why);

#endif
