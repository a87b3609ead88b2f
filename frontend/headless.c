/*
 * frontend/headless.c — the front end for -display none: no window, no
 * terminal, no input.  Scripts (-script), serial consoles and the gdb stub
 * drive such runs; poll() has nothing to do and never asks to quit.
 * Messages go to stderr so errors stay visible.
 */
#include "frontend/fe_common.h"
#include "frontend/frontend.h"

#include <stdio.h>
#include <stdlib.h>

static int headless_init(Frontend *fe, Machine *m, const FrontendOptions *opt,
                         char *err, size_t errlen)
{
    (void)m;
    (void)opt;
    (void)err;
    (void)errlen;
    fe->priv = NULL;
    return 0;
}

static bool headless_poll(Frontend *fe)
{
    (void)fe;
    return true;
}

static void headless_message(Frontend *fe, const char *text)
{
    (void)fe;
    fprintf(stderr, "px86: %s\n", text);
}

static void headless_shutdown(Frontend *fe) { fe_free(fe); }

Frontend *frontend_headless(void)
{
    return fe_new("none", 0, headless_init, headless_poll, headless_message,
                  headless_shutdown);
}
