/*
 * tests/frontend/e2e.h — helpers for the front-end end-to-end tests:
 * finding host tools, running child processes in their own process group
 * with a deadline, an Xvfb server, tmux sessions on a private socket, and
 * waiting for files a script writes, and booting the shared FreeDOS floppy
 * to a clean prompt.
 */
#ifndef PX86_TESTS_FRONTEND_E2E_H
#define PX86_TESTS_FRONTEND_E2E_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Is `prog` an executable on PATH? */
bool e2e_have(const char *prog);
/* Host monotonic seconds. */
double e2e_now(void);
void e2e_sleep(double seconds);

/* Start argv (argv[0] searched on PATH) in a new process group with
 * stdout+stderr appended to log_path (NULL: /dev/null) and, if display is
 * non-NULL, DISPLAY set to it (and LeakSanitizer off: SDL's system
 * libraries leak at exit).  Returns the pid or -1. */
pid_t e2e_spawn(const char *const *argv, const char *log_path, const char *display);
/* Wait up to timeout_s for pid; returns its exit status (128+signal if
 * killed by one) or -1 on timeout (the child is left running). */
int e2e_wait(pid_t pid, double timeout_s);
/* Terminate the process group we started (SIGTERM, then SIGKILL). */
void e2e_kill(pid_t pid);

/* Run argv to completion (timeout -> killed, returns -1); output into
 * *out (malloc'd) if out is non-NULL. */
int e2e_run(const char *const *argv, char **out, double timeout_s, const char *display);

/* Read a whole file (malloc'd, NUL-terminated) or NULL. */
char *e2e_read_file(const char *path);
/* Wait until path exists and contains text (NULL: any content). */
bool e2e_wait_file(const char *path, const char *text, double timeout_s);
/* Write text to path. */
bool e2e_write_file(const char *path, const char *text);

/* Fresh temporary directory (static buffer), removed by e2e_rmdir. */
const char *e2e_tmpdir(void);
void e2e_rmdir(const char *dir);

/* Xvfb on a free display: returns the pid and fills display (":N"). */
pid_t e2e_start_xvfb(char *display, size_t len);

/* Normalised RMSE (0..1) between two images after scaling both to 160x120
 * with ImageMagick; -1 on error. */
double e2e_image_difference(const char *a, const char *b);

/* e2e_image_difference() between the image and an all-black one: the
 * yardstick for "close to" (text screens are mostly black). */
double e2e_image_blank_difference(const char *path);

/* Is this image more than a blank screen (some pixel brighter than
 * mid-grey in at least a few places)? ImageMagick; false on error. */
bool e2e_image_has_content(const char *path);

/* Can the px86 under test boot this FreeDOS floppy to its A:\> prompt
 * (headless, virtual clock)?  The answer is cached in the build directory
 * per px86 binary (size + mtime), so several suites probe only once.
 * On false, why says what failed. */
bool e2e_freedos_boots(const char *img, char *why, size_t len);

/* The FreeDOS floppy the end-to-end tests boot (in the shared dir). */
#define E2E_FREEDOS_IMAGE "guests/freedos-minimal-1440k.img"

/* Path of E2E_FREEDOS_IMAGE if this px86 boots it; otherwise prints the
 * SKIP line for `suite` (image missing, or why it does not boot) and
 * returns NULL. */
const char *e2e_bootable_freedos(const char *suite);

/* Script lines that bring a freshly booted FreeDOS to a clean prompt:
 * wait for A:\>, let AUTOEXEC finish, cls (FreeCom prints its version
 * line at boot too, and the tests look for the one `ver` prints), then
 * save the screen text to the file named by the next %s argument. */
#define E2E_FREEDOS_READY_SCRIPT \
    "wait-screen \"A:\\>\" 300\n" \
    "sleep 3\n" \
    "type \"cls\\n\"\n" \
    "sleep 1\n" \
    "screen-text %s\n"

/* Check assertions: the screen text E2E_FREEDOS_READY_SCRIPT saves at
 * ready_path comes, and cls cleared the boot banner from it. */
void e2e_assert_freedos_ready(const char *ready_path);

/* The px86 arguments that boot `img` from A: the way the probe did. */
#define E2E_FREEDOS_ARGS(img) "-fda", (img), "-boot", "a", "-snapshot", "-clock", "virtual"

/* tmux on the private socket e2e_tmux_socket (set it first), without
 * user configuration. */
extern char e2e_tmux_socket[64];
int e2e_tmux(const char *const *args, char **out);
char *e2e_tmux_capture(const char *session);
bool e2e_tmux_wait_text(const char *session, const char *text, double timeout_s);

/* xdotool on e2e_display (set by the caller, e.g. from e2e_start_xvfb). */
extern char e2e_display[32];
char *e2e_xdotool_out(const char *const *args, double timeout_s); /* NULL on failure */
void e2e_xdotool(const char *const *args);
/* Id of the first window whose title matches name (malloc'd) or NULL. */
char *e2e_find_window(const char *name, double timeout_s);

#endif
