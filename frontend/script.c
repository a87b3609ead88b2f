/*
 * frontend/script.c — executes a parsed script against a machine, one step
 * between run slices (see script.h).  All waiting is in guest time, so a
 * script behaves the same on every host with -clock virtual.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/term.h"
#include "frontend/frontend.h"
#include "frontend/script.h"
#include "hw/machine.h"

/* Keyboard timing in guest time: a key is held this long, then released,
 * and the next key follows after the gap (BIOS buffers are 15 keys deep,
 * so typing must not outrun the guest). */
#define KEY_HOLD_NS 40000000ull  /* 40 ms */
#define KEY_GAP_NS 40000000ull   /* 40 ms */
#define POLL_NS 10000000ull      /* re-check waits every 10 ms */

typedef struct KeyEvent {
    KeyCode key;
    bool down;
} KeyEvent;

struct ScriptRun {
    const Script *script;
    Machine *m;
    size_t pc;
    bool started; /* current command has begun */
    uint64_t deadline; /* wait timeout or sleep end (guest ns) */
    uint64_t serial_mark[MACHINE_MAX_SERIAL];
    /* pending key events of a `type` or `key` command */
    KeyEvent *keys;
    size_t nkeys, keypos;
    uint64_t next_key_ns;
};

ScriptRun *script_run_new(const Script *s, Machine *m)
{
    ScriptRun *r = calloc(1, sizeof *r);
    r->script = s;
    r->m = m;
    return r;
}

void script_run_free(ScriptRun *r)
{
    if (!r)
        return;
    free(r->keys);
    free(r);
}

bool script_run_done(const ScriptRun *r)
{
    return r->pc >= r->script->count;
}

uint64_t script_run_next_ns(const ScriptRun *r)
{
    if (r->nkeys && r->keypos < r->nkeys) {
        uint64_t now = machine_now_ns(r->m);
        return r->next_key_ns > now ? r->next_key_ns - now : 1;
    }
    return POLL_NS;
}

/* ---- screen ----------------------------------------------------------- */

/* Rows of the text screen as UTF-8 lines, trailing blanks trimmed. */
static char *screen_lines(Machine *m)
{
    TextScreen ts;
    machine_text_screen(m, &ts);
    if (!ts.text_mode) {
        char *s = malloc(64);
        snprintf(s, 64, "(graphics mode)\n");
        return s;
    }
    size_t cap = (size_t)ts.rows * ((size_t)ts.cols * 4 + 1) + 1;
    char *out = malloc(cap), *p = out;
    for (int y = 0; y < ts.rows && y < TEXT_MAX_ROWS; y++) {
        char *line_start = p, *last_nonblank = p;
        for (int x = 0; x < ts.cols && x < TEXT_MAX_COLS; x++) {
            uint8_t ch = (uint8_t)ts.cells[y * ts.cols + x];
            p += cp437_to_utf8(ch, p);
            if (ch != 0 && ch != ' ' && ch != 0xFF)
                last_nonblank = p;
        }
        (void)line_start;
        p = last_nonblank;
        *p++ = '\n';
    }
    *p = 0;
    return out;
}

/* Search on the raw screen too, so CP437 bytes in TEXT match exactly. */
static bool screen_contains(Machine *m, const char *text)
{
    TextScreen ts;
    machine_text_screen(m, &ts);
    if (!ts.text_mode)
        return false;
    size_t n = (size_t)ts.rows * (size_t)ts.cols;
    /* Rows joined with '\n', so a wait can span lines with "\n". */
    char *raw = malloc(n + (size_t)ts.rows + 1), *p = raw;
    for (int y = 0; y < ts.rows; y++) {
        char *row = p;
        for (int x = 0; x < ts.cols; x++) {
            char c = (char)(ts.cells[y * ts.cols + x] & 0xFF);
            *p++ = c ? c : ' ';
        }
        while (p > row && p[-1] == ' ')
            p--;
        *p++ = '\n';
    }
    *p = 0;
    bool found = strstr(raw, text) != NULL;
    free(raw);
    return found;
}

void script_dump_state(Machine *m)
{
    char *lines = screen_lines(m);
    fprintf(stderr, "---- screen ----\n%s", lines);
    free(lines);
    for (int port = 1; port <= MACHINE_MAX_SERIAL; port++) {
        char tail[2048];
        size_t n = machine_serial_tail(m, port, tail, sizeof tail - 1);
        if (!n)
            continue;
        tail[n] = 0;
        fprintf(stderr, "---- COM%d (last %zu bytes) ----\n%s\n", port, n,
                tail);
    }
    Cpu *cpu = machine_cpu(m);
    fprintf(stderr, "---- guest time %.3f s, %llu instructions, CS:EIP "
                    "%04x:%08x, %s mode ----\n",
            (double)machine_now_ns(m) / 1e9,
            (unsigned long long)cpu_icount(cpu), cpu_get_reg(cpu, CPU_REG_CS),
            cpu_get_reg(cpu, CPU_REG_EIP),
            cpu_in_v86_mode(cpu) ? "V86"
            : cpu_in_protected_mode(cpu) ? "protected" : "real");
}

static bool serial_contains(ScriptRun *r, int port, const char *text)
{
    static char buf[65536 + 1];
    uint64_t total = machine_serial_total(r->m, port);
    uint64_t mark = r->serial_mark[port - 1];
    uint64_t avail = total - mark;
    if (avail > sizeof buf - 1)
        avail = sizeof buf - 1;
    size_t n = machine_serial_tail(r->m, port, buf, (size_t)avail);
    buf[n] = 0;
    /* NULs from the guest would end the search early: show them as '.'. */
    for (size_t i = 0; i < n; i++)
        if (!buf[i])
            buf[i] = '.';
    const char *hit = strstr(buf, text);
    if (!hit)
        return false;
    /* Next wait-serial on this port looks after this match. */
    r->serial_mark[port - 1] = total - n + (uint64_t)(hit - buf) + strlen(text);
    return true;
}

/* ---- keys ---------------------------------------------------------------- */

static void queue_key(ScriptRun *r, KeyCode k, bool down)
{
    r->keys = realloc(r->keys, (r->nkeys + 1) * sizeof *r->keys);
    r->keys[r->nkeys++] = (KeyEvent){k, down};
}

static void queue_text(ScriptRun *r, const char *text)
{
    for (const char *p = text; *p; p++) {
        int shift;
        KeyCode k = keycode_from_ascii(*p, &shift);
        if (k == KEY_NONE)
            continue;
        if (shift)
            queue_key(r, KEY_LSHIFT, true);
        queue_key(r, k, true);
        queue_key(r, k, false);
        if (shift)
            queue_key(r, KEY_LSHIFT, false);
    }
}

/* Feed due key events; returns true when all were sent. */
static bool pump_keys(ScriptRun *r)
{
    uint64_t now = machine_now_ns(r->m);
    while (r->keypos < r->nkeys && now >= r->next_key_ns) {
        KeyEvent e = r->keys[r->keypos++];
        machine_key(r->m, e.key, e.down);
        r->next_key_ns = now + (e.down ? KEY_HOLD_NS : KEY_GAP_NS);
    }
    if (r->keypos < r->nkeys)
        return false;
    free(r->keys);
    r->keys = NULL;
    r->nkeys = r->keypos = 0;
    return true;
}

static int write_screen_text(ScriptRun *r, const char *path)
{
    char *lines = screen_lines(r->m);
    FILE *f = fopen(path, "w");
    if (!f) {
        free(lines);
        return -1;
    }
    fputs(lines, f);
    free(lines);
    return fclose(f) == 0 ? 0 : -1;
}

static int write_screenshot(ScriptRun *r, const char *path)
{
    const DisplayBuffer *db = machine_render(r->m);
    if (!db || !db->pixels || db->width <= 0 || db->height <= 0)
        return -1;
    return png_write_rgb(path, db->pixels, db->width, db->height);
}

static uint64_t seconds_ns(double s)
{
    return (uint64_t)(s * 1e9);
}

int script_run_step(ScriptRun *r)
{
    while (r->pc < r->script->count) {
        const ScriptCmd *c = &r->script->cmds[r->pc];
        uint64_t now = machine_now_ns(r->m);
        if (!r->started) {
            r->started = true;
            r->deadline = now + seconds_ns(c->seconds);
            if (c->op == SCRIPT_TYPE)
                queue_text(r, c->text);
            if (c->op == SCRIPT_KEY) {
                for (int i = 0; i < c->nkeys; i++)
                    queue_key(r, c->keys[i], true);
                for (int i = c->nkeys; i-- > 0;)
                    queue_key(r, c->keys[i], false);
            }
            r->next_key_ns = now;
        }
        switch (c->op) {
        case SCRIPT_WAIT_SCREEN:
        case SCRIPT_WAIT_SERIAL: {
            bool ok = c->op == SCRIPT_WAIT_SCREEN
                          ? screen_contains(r->m, c->text)
                          : serial_contains(r, c->port, c->text);
            if (!ok) {
                if (now < r->deadline)
                    return -1;
                fprintf(stderr,
                        "px86: script line %d: %s \"%s\" timed out after "
                        "%g s of guest time\n",
                        c->line,
                        c->op == SCRIPT_WAIT_SCREEN ? "wait-screen"
                                                    : "wait-serial",
                        c->text, c->seconds);
                script_dump_state(r->m);
                return SCRIPT_EXIT_TIMEOUT;
            }
            break;
        }
        case SCRIPT_TYPE:
        case SCRIPT_KEY:
            if (!pump_keys(r))
                return -1;
            break;
        case SCRIPT_SLEEP:
            if (now < r->deadline)
                return -1;
            break;
        case SCRIPT_SCREEN_TEXT:
            if (write_screen_text(r, c->text)) {
                fprintf(stderr, "px86: script line %d: cannot write '%s'\n",
                        c->line, c->text);
                return 1;
            }
            break;
        case SCRIPT_SCREENSHOT:
            if (write_screenshot(r, c->text)) {
                fprintf(stderr,
                        "px86: script line %d: cannot write screenshot '%s'\n",
                        c->line, c->text);
                return 1;
            }
            break;
        case SCRIPT_ECHO:
            printf("%s\n", c->text);
            fflush(stdout);
            break;
        case SCRIPT_QUIT:
            r->pc++;
            return c->status;
        }
        r->pc++;
        r->started = false;
    }
    return -1;
}
