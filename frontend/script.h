/*
 * frontend/script.h — scripted runs (-script FILE): the interface for every
 * guest-level test, for CI, and for users who automate.
 *
 * One command per line; '#' starts a comment; strings are double-quoted
 * with the escapes \n (Enter) \t (Tab) \e (Esc) \b (Backspace) \\ and \";
 * a backslash before any other character stands for itself ("A:\>").
 *
 *   wait-screen "TEXT" [SECONDS]     until TEXT is on the text screen
 *   wait-serial N "TEXT" [SECONDS]   until TEXT was sent on COM N
 *   type "TEXT"                      type it on the keyboard
 *   key COMBO                        e.g. ctrl-alt-delete, f1, alt-x
 *   sleep SECONDS                    guest time
 *   screen-text FILE                 rows as lines, trailing blanks trimmed
 *   screenshot FILE.png
 *   echo "TEXT"                      print to standard output
 *   quit [STATUS]
 * Waits default to 30 s of guest time; a wait that times out ends the run
 * with exit status 3 after printing the screen and the serial tail.
 */
#ifndef PX86_FRONTEND_SCRIPT_H
#define PX86_FRONTEND_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/keycodes.h"

#define SCRIPT_MAX_COMBO 6
#define SCRIPT_DEFAULT_WAIT_S 30.0
#define SCRIPT_EXIT_TIMEOUT 3

typedef enum ScriptOp {
    SCRIPT_WAIT_SCREEN,
    SCRIPT_WAIT_SERIAL,
    SCRIPT_TYPE,
    SCRIPT_KEY,
    SCRIPT_SLEEP,
    SCRIPT_SCREEN_TEXT,
    SCRIPT_SCREENSHOT,
    SCRIPT_ECHO,
    SCRIPT_QUIT,
} ScriptOp;

typedef struct ScriptCmd {
    ScriptOp op;
    int line;
    char *text;     /* string argument (unescaped) or file name */
    int port;       /* wait-serial */
    double seconds; /* waits, sleep */
    int status;     /* quit */
    KeyCode keys[SCRIPT_MAX_COMBO]; /* key: modifiers first */
    int nkeys;
} ScriptCmd;

typedef struct Script {
    ScriptCmd *cmds;
    size_t count;
} Script;

/* Parse a whole script.  NULL and "line N: why" in err on the first bad
 * line. */
Script *script_parse(const char *source, char *err, size_t errlen);
Script *script_load(const char *path, char *err, size_t errlen);
void script_free(Script *s);

/* Unescape a quoted string body per the rules above; returns a malloc'd
 * string or NULL on a malformed string.  *end is set after the closing
 * quote. */
char *script_unquote(const char *p, const char **end);

struct Machine;

/* Executes a script against a machine, one step between run slices. */
typedef struct ScriptRun ScriptRun;
ScriptRun *script_run_new(const Script *s, struct Machine *m);
void script_run_free(ScriptRun *r);
/* Advance: returns -1 while running (or finished without quit), otherwise
 * the exit status the process should end with. */
int script_run_step(ScriptRun *r);
/* True once every command has been executed. */
bool script_run_done(const ScriptRun *r);
/* Guest time the script needs the machine to run before its next step
 * (the main loop slices no longer than this). */
uint64_t script_run_next_ns(const ScriptRun *r);
/* Print the text screen and the serial tail (used on timeouts). */
void script_dump_state(struct Machine *m);

#endif
