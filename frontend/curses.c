/*
 * frontend/curses.c — the terminal front end (-display curses), written
 * with plain ANSI/VT100 escape sequences and termios raw mode (no ncurses).
 *
 * Owns: the terminal state (raw mode, alternate screen, restoring both on
 * exit and on fatal signals), reading and pacing keyboard input, drawing
 * the guest's text screen and status line through frontend/term_render.c,
 * and the Ctrl-] command key:
 *
 *   Ctrl-] q   quit            Ctrl-] p   pause / resume
 *   Ctrl-] r   reset           Ctrl-] d   send Ctrl-Alt-Del
 *   Ctrl-] s   screenshot PNG  Ctrl-] l   redraw the terminal
 *   Ctrl-] h   help            Ctrl-] Ctrl-]  send Ctrl-] to the guest
 *
 * A terminal reports characters, not key releases, so each character is
 * delivered as a press+release (with Shift/Ctrl/Alt around it); the
 * guest's typematic never starts.  Key strokes are queued and delivered a
 * few per poll so pasted text does not overrun the guest keyboard buffer.
 */
#include "frontend/frontend.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "frontend/fe_common.h"
#include "frontend/term.h"

#define KEYQ_SIZE 1024          /* queued key strokes (a paste) */
#define KEYS_PER_POLL 3         /* key strokes delivered per poll (~180/s) */
#define ESC_TIMEOUT 0.04        /* a lone ESC older than this is the Esc key */
#define MESSAGE_SECONDS 4.0

static const char help_text[] =
    "Ctrl-] then: q quit  p pause  r reset  d Ctrl-Alt-Del  s screenshot  "
    "l redraw  Ctrl-] send Ctrl-]";

typedef struct CursesFe {
    Machine *m;
    FrontendOptions opt;
    TermInput input;
    TermRender render;
    TermOut out;
    TextScreen ts;
    TermEvent keyq[KEYQ_SIZE];
    size_t keyq_head, keyq_len;
    double last_input;
    int term_cols, term_rows;
    char message[256];
    double message_until;
    FeDiskLed disk;
    bool quit;
    bool active;
} CursesFe;

/* --- terminal state, restorable from signal handlers -------------------------- */

static struct termios saved_termios;
static volatile sig_atomic_t term_raw;     /* raw mode + alternate screen on */
static volatile sig_atomic_t term_resized; /* SIGWINCH seen */
static volatile sig_atomic_t term_continued; /* SIGCONT seen */
static bool atexit_installed;

static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT,
                                    SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction old_fatal[NFATAL];
static struct sigaction old_winch, old_cont, old_tstp;
static bool handlers_installed;

static const char leave_seq[] = "\x1b[0m\x1b[?25h\x1b[?1049l";
static const char enter_seq[] = "\x1b[?1049h\x1b[0m\x1b[2J\x1b[H";

/* Async-signal-safe: tcsetattr and write only. */
static void terminal_restore(void)
{
    if (!term_raw)
        return;
    term_raw = 0;
    ssize_t w = write(STDOUT_FILENO, leave_seq, sizeof leave_seq - 1);
    (void)w;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
}

static void fatal_signal(int sig, siginfo_t *info, void *uctx)
{
    terminal_restore();
    for (size_t i = 0; i < NFATAL; i++) {
        if (fatal_signals[i] != sig)
            continue;
        /* Chain to whoever had the signal before us (the main loop's quit
         * flag, a sanitizer's crash report), or die the default way. */
        const struct sigaction *old = &old_fatal[i];
        if (old->sa_flags & SA_SIGINFO) {
            old->sa_sigaction(sig, info, uctx);
            return;
        }
        if (old->sa_handler == SIG_IGN)
            return;
        if (old->sa_handler != SIG_DFL) {
            old->sa_handler(sig);
            return;
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void winch_signal(int sig)
{
    (void)sig;
    term_resized = 1;
}

static void cont_signal(int sig)
{
    (void)sig;
    term_continued = 1;
}

/* Ctrl-Z cannot reach us in raw mode, but `kill -TSTP` can: leave the
 * terminal usable while stopped; SIGCONT brings raw mode back. */
static void tstp_signal(int sig)
{
    (void)sig;
    terminal_restore();
    raise(SIGSTOP);
}

static void install_handlers(void)
{
    if (handlers_installed)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = fatal_signal;
    sa.sa_flags = SA_SIGINFO;
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &sa, &old_fatal[i]);
    sa.sa_handler = winch_signal;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, &old_winch);
    sa.sa_handler = cont_signal;
    sigaction(SIGCONT, &sa, &old_cont);
    sa.sa_handler = tstp_signal;
    sigaction(SIGTSTP, &sa, &old_tstp);
    handlers_installed = true;
}

static void uninstall_handlers(void)
{
    if (!handlers_installed)
        return;
    /* Give back only the signals still ours (the main loop may have
     * installed its own handlers after us). */
    for (size_t i = 0; i < NFATAL; i++) {
        struct sigaction cur;
        if (sigaction(fatal_signals[i], NULL, &cur) == 0 &&
            (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == fatal_signal)
            sigaction(fatal_signals[i], &old_fatal[i], NULL);
    }
    sigaction(SIGWINCH, &old_winch, NULL);
    sigaction(SIGCONT, &old_cont, NULL);
    sigaction(SIGTSTP, &old_tstp, NULL);
    handlers_installed = false;
}

static void write_all(const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, buf, len);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return; /* terminal gone: nothing to draw on */
        }
        buf += n;
        len -= (size_t)n;
    }
}

static int terminal_enter_raw(char *err, size_t errlen)
{
    struct termios t = saved_termios;
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
                             IGNCR | ICRNL | IXON);
    t.c_oflag &= ~(tcflag_t)OPOST;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 0;  /* reads never block: poll() must not stall */
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) != 0) {
        snprintf(err, errlen, "cannot set terminal raw mode: %s", strerror(errno));
        return -1;
    }
    term_raw = 1;
    write_all(enter_seq, sizeof enter_seq - 1);
    return 0;
}

static void restore_at_exit(void) { terminal_restore(); }

static void query_size(CursesFe *c)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        c->term_cols = ws.ws_col;
        c->term_rows = ws.ws_row;
    } else {
        c->term_cols = 80;
        c->term_rows = 24;
    }
}

/* --- input ------------------------------------------------------------------------ */

static void show_message(CursesFe *c, const char *text)
{
    size_t n = strlen(text);
    if (n >= sizeof c->message)
        n = sizeof c->message - 1;
    memcpy(c->message, text, n);
    c->message[n] = '\0';
    c->message_until = fe_host_seconds() + MESSAGE_SECONDS;
}

static void run_command(CursesFe *c, char cmd)
{
    char path[512];
    switch (cmd) {
    case 'q': case 'Q':
        c->quit = true;
        break;
    case 'p': case 'P': {
        bool p = !machine_paused(c->m);
        machine_set_paused(c->m, p);
        show_message(c, p ? "paused (Ctrl-] p resumes)" : "resumed");
        break;
    }
    case 'r': case 'R':
        machine_reset(c->m);
        show_message(c, "reset");
        break;
    case 'd': case 'D':
        fe_send_ctrl_alt_del(c->m);
        show_message(c, "sent Ctrl-Alt-Del");
        break;
    case 'l': case 'L':
        write_all("\x1b[0m\x1b[2J", 8);
        term_render_invalidate(&c->render);
        break;
    case 's': case 'S':
        if (fe_screenshot(c->m, c->opt.screenshot_dir, path, sizeof path) == 0) {
            char msg[600];
            snprintf(msg, sizeof msg, "screenshot %s", path);
            show_message(c, msg);
        } else {
            show_message(c, path);
        }
        break;
    default:
        show_message(c, help_text);
        break;
    }
}

static void on_term_event(void *ctx, const TermEvent *ev)
{
    CursesFe *c = ctx;
    if (ev->type == TERM_EV_COMMAND) {
        run_command(c, ev->command);
        return;
    }
    if (c->keyq_len == KEYQ_SIZE)
        return; /* more than a screenful pasted: drop the excess */
    c->keyq[(c->keyq_head + c->keyq_len) % KEYQ_SIZE] = *ev;
    c->keyq_len++;
}

static bool is_letter_key(KeyCode k)
{
    const char *n = keycode_names[k];
    return n[0] >= 'a' && n[0] <= 'z' && n[1] == '\0';
}

static void deliver_stroke(Machine *m, const TermEvent *in)
{
    TermEvent adj = *in;
    const TermEvent *ev = &adj;
    /* The terminal already applied the user's Caps Lock: if the guest has
     * its own on, invert Shift for letters so the guest gets the very
     * character that was typed. */
    if (is_letter_key(adj.key) && !(adj.mods & (TERM_MOD_CTRL | TERM_MOD_ALT)) &&
        (machine_keyboard_leds(m) & KBD_LED_CAPS))
        adj.mods ^= TERM_MOD_SHIFT;
    if (ev->mods & TERM_MOD_CTRL)
        machine_key(m, KEY_LCTRL, true);
    if (ev->mods & TERM_MOD_ALT)
        machine_key(m, KEY_LALT, true);
    if (ev->mods & TERM_MOD_SHIFT)
        machine_key(m, KEY_LSHIFT, true);
    machine_key(m, ev->key, true);
    machine_key(m, ev->key, false);
    if (ev->mods & TERM_MOD_SHIFT)
        machine_key(m, KEY_LSHIFT, false);
    if (ev->mods & TERM_MOD_ALT)
        machine_key(m, KEY_LALT, false);
    if (ev->mods & TERM_MOD_CTRL)
        machine_key(m, KEY_LCTRL, false);
}

static void read_input(CursesFe *c, double now)
{
    unsigned char buf[512];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n > 0) {
            term_input_feed(&c->input, buf, (size_t)n);
            c->last_input = now;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break;
    }
    if (c->input.seq_len > 0 && now - c->last_input > ESC_TIMEOUT)
        term_input_flush(&c->input);
    for (int i = 0; i < KEYS_PER_POLL && c->keyq_len > 0; i++) {
        deliver_stroke(c->m, &c->keyq[c->keyq_head]);
        c->keyq_head = (c->keyq_head + 1) % KEYQ_SIZE;
        c->keyq_len--;
    }
}

/* --- drawing ------------------------------------------------------------------- */

static void build_status(CursesFe *c, double now, char *s, size_t len)
{
    if (c->message[0] && now < c->message_until) {
        snprintf(s, len, " px86 \xe2\x80\x94 %.200s", c->message);
        return;
    }
    c->message[0] = '\0';
    bool disk = fe_disk_led(&c->disk, c->m, now, 0.25);
    snprintf(s, len, " px86 \xe2\x80\x94 %.1f MIPS \xe2\x80\x94 disk %s%s \xe2\x80\x94 Ctrl-] h for help",
             machine_mips(c->m), disk ? "\xe2\x97\x8f" : "\xe2\x97\x8b",
             machine_paused(c->m) ? " \xe2\x80\x94 PAUSED" : "");
}

static void draw(CursesFe *c, double now)
{
    char status[256];
    build_status(c, now, status, sizeof status);
    machine_text_screen(c->m, &c->ts);
    int gw = 0, gh = 0;
    if (!c->ts.text_mode) {
        const DisplayBuffer *db = machine_render(c->m);
        if (db) {
            gw = db->width;
            gh = db->height;
        }
    }
    termout_reset(&c->out);
    term_render_frame(&c->render, &c->out, &c->ts, gw, gh, status,
                      c->term_cols, c->term_rows);
    if (c->out.len)
        write_all(c->out.buf, c->out.len);
}

/* --- Frontend interface -------------------------------------------------------- */

static int curses_init(Frontend *fe, Machine *m, const FrontendOptions *opt,
                       char *err, size_t errlen)
{
    CursesFe *c = fe->priv;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen, "-display curses needs a terminal on stdin and stdout");
        return -1;
    }
    if (tcgetattr(STDIN_FILENO, &saved_termios) != 0) {
        snprintf(err, errlen, "cannot read terminal settings: %s", strerror(errno));
        return -1;
    }
    c->m = m;
    if (opt)
        c->opt = *opt;
    term_input_init(&c->input, on_term_event, c);
    term_render_init(&c->render);
    query_size(c);
    install_handlers();
    if (!atexit_installed) {
        atexit(restore_at_exit);
        atexit_installed = true;
    }
    if (terminal_enter_raw(err, errlen) != 0) {
        uninstall_handlers();
        return -1;
    }
    c->active = true;
    show_message(c, "Ctrl-] h for help, Ctrl-] q quits");
    return 0;
}

static bool curses_poll(Frontend *fe)
{
    CursesFe *c = fe->priv;
    if (!c->active)
        return !c->quit;
    if (term_continued) {
        /* Back from a stop: the shell may have reset the terminal. */
        term_continued = 0;
        char err[128];
        if (terminal_enter_raw(err, sizeof err) != 0)
            return !c->quit;
        query_size(c);
        term_render_invalidate(&c->render);
    }
    if (!term_raw)
        return !c->quit; /* restored by a signal: stay off the terminal */
    if (term_resized) {
        term_resized = 0;
        query_size(c);
        write_all("\x1b[0m\x1b[2J", 8);
        term_render_invalidate(&c->render);
    }
    double now = fe_host_seconds();
    read_input(c, now);
    draw(c, now);
    return !c->quit;
}

static void curses_message(Frontend *fe, const char *text)
{
    CursesFe *c = fe->priv;
    show_message(c, text);
}

static void curses_shutdown(Frontend *fe)
{
    CursesFe *c = fe->priv;
    if (c->m && c->active)
        machine_release_all_keys(c->m);
    terminal_restore();
    uninstall_handlers();
    termout_free(&c->out);
    fe_free(fe); /* and c, its priv */
}

Frontend *frontend_curses(void)
{
    return fe_new("curses", sizeof(CursesFe), curses_init, curses_poll,
                  curses_message, curses_shutdown);
}
