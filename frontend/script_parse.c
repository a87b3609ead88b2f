/*
 * frontend/script_parse.c — parsing of -script files into commands (see
 * script.h for the language).  Pure: no machine needed, unit-tested.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/script.h"

char *script_unquote(const char *p, const char **end)
{
    if (*p != '"')
        return NULL;
    p++;
    size_t cap = strlen(p) + 1;
    char *out = malloc(cap);
    size_t n = 0;
    if (!out)
        return NULL;
    for (; *p && *p != '"'; p++) {
        if (*p != '\\') {
            out[n++] = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'n': out[n++] = '\n'; break;
        case 't': out[n++] = '\t'; break;
        case 'e': out[n++] = 27; break;
        case 'b': out[n++] = '\b'; break;
        case '\\': out[n++] = '\\'; break;
        case '"': out[n++] = '"'; break;
        case 0: free(out); return NULL; /* backslash at end of line */
        default:
            /* Any other character: the backslash stands for itself. */
            out[n++] = '\\';
            out[n++] = *p;
            break;
        }
    }
    if (*p != '"') {
        free(out);
        return NULL;
    }
    out[n] = 0;
    if (end)
        *end = p + 1;
    return out;
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* A bare word: up to white space or end of line. */
static const char *word(const char *p, char *buf, size_t len)
{
    size_t n = 0;
    while (*p && *p != ' ' && *p != '\t') {
        if (n + 1 < len)
            buf[n++] = *p;
        p++;
    }
    buf[n] = 0;
    return p;
}

static int parse_seconds(const char *w, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(w, &end);
    if (end == w || *end || errno || v < 0 || v > 1e6)
        return -1;
    *out = v;
    return 0;
}

/* ctrl-alt-delete, shift-tab, f1 ... */
static int parse_combo(const char *w, ScriptCmd *c)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", w);
    c->nkeys = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, "-+", &save); tok;
         tok = strtok_r(NULL, "-+", &save)) {
        for (char *q = tok; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        KeyCode k = keycode_from_name(tok);
        if (k == KEY_NONE && strlen(tok) == 1) {
            int shift;
            k = keycode_from_ascii(tok[0], &shift);
        }
        if (k == KEY_NONE || c->nkeys >= SCRIPT_MAX_COMBO)
            return -1;
        c->keys[c->nkeys++] = k;
    }
    return c->nkeys ? 0 : -1;
}

typedef struct {
    const char *name;
    ScriptOp op;
} OpName;

static const OpName op_names[] = {
    {"wait-screen", SCRIPT_WAIT_SCREEN}, {"wait-serial", SCRIPT_WAIT_SERIAL},
    {"type", SCRIPT_TYPE},               {"key", SCRIPT_KEY},
    {"sleep", SCRIPT_SLEEP},             {"screen-text", SCRIPT_SCREEN_TEXT},
    {"screenshot", SCRIPT_SCREENSHOT},   {"echo", SCRIPT_ECHO},
    {"quit", SCRIPT_QUIT},
};

#define BAD(...)                                               \
    do {                                                       \
        char why_[320];                                        \
        snprintf(why_, sizeof why_, __VA_ARGS__);              \
        snprintf(err, errlen, "line %d: %.300s", lineno, why_);    \
        free(c->text);                                         \
        c->text = NULL;                                        \
        return -1;                                             \
    } while (0)

/* Parse one non-empty, comment-stripped line. */
static int parse_line(const char *p, int lineno, ScriptCmd *c, char *err,
                      size_t errlen)
{
    char w[256];
    memset(c, 0, sizeof *c);
    c->line = lineno;
    c->seconds = SCRIPT_DEFAULT_WAIT_S;
    p = word(p, w, sizeof w);
    size_t i;
    for (i = 0; i < sizeof op_names / sizeof op_names[0]; i++)
        if (!strcmp(op_names[i].name, w))
            break;
    if (i == sizeof op_names / sizeof op_names[0])
        BAD("unknown command '%s'", w);
    c->op = op_names[i].op;
    p = skip_ws(p);

    switch (c->op) {
    case SCRIPT_WAIT_SERIAL: {
        p = word(p, w, sizeof w);
        char *end;
        long port = strtol(w, &end, 10);
        if (!*w || *end || port < 1 || port > 4)
            BAD("wait-serial needs a COM port number 1..4 first");
        c->port = (int)port;
        p = skip_ws(p);
    }
        /* fall through */
    case SCRIPT_WAIT_SCREEN:
    case SCRIPT_TYPE:
    case SCRIPT_ECHO: {
        const char *end;
        if (*p != '"')
            BAD("%s needs a quoted string", op_names[i].name);
        c->text = script_unquote(p, &end);
        if (!c->text)
            BAD("unterminated string");
        p = skip_ws(end);
        if (c->op == SCRIPT_WAIT_SCREEN || c->op == SCRIPT_WAIT_SERIAL) {
            if (*p) {
                p = word(p, w, sizeof w);
                if (parse_seconds(w, &c->seconds))
                    BAD("'%s' is not a number of seconds", w);
                p = skip_ws(p);
            }
            if (!*c->text)
                BAD("waiting for an empty string");
        }
        break;
    }
    case SCRIPT_KEY:
        p = word(p, w, sizeof w);
        if (!*w)
            BAD("key needs a combination such as ctrl-alt-delete or f1");
        if (parse_combo(w, c))
            BAD("unknown key combination '%s'", w);
        p = skip_ws(p);
        break;
    case SCRIPT_SLEEP:
        p = word(p, w, sizeof w);
        if (parse_seconds(w, &c->seconds))
            BAD("sleep needs a number of seconds");
        p = skip_ws(p);
        break;
    case SCRIPT_SCREEN_TEXT:
    case SCRIPT_SCREENSHOT:
        if (*p == '"') {
            const char *end;
            c->text = script_unquote(p, &end);
            if (!c->text)
                BAD("unterminated string");
            p = skip_ws(end);
        } else {
            p = word(p, w, sizeof w);
            if (!*w)
                BAD("%s needs a file name", op_names[i].name);
            c->text = strdup(w);
            p = skip_ws(p);
        }
        break;
    case SCRIPT_QUIT:
        c->status = 0;
        if (*p) {
            p = word(p, w, sizeof w);
            char *end;
            long v = strtol(w, &end, 10);
            if (*end || v < 0 || v > 255)
                BAD("quit takes an exit status 0..255");
            c->status = (int)v;
            p = skip_ws(p);
        }
        break;
    }
    if (*p)
        BAD("unexpected '%s' at the end of the line", p);
    return 0;
}

/* Strip a '#' comment that is not inside a string, and trailing space. */
static void strip_comment(char *line)
{
    bool in_string = false;
    for (char *q = line; *q; q++) {
        if (in_string && *q == '\\' && q[1]) {
            q++;
            continue;
        }
        if (*q == '"')
            in_string = !in_string;
        else if (*q == '#' && !in_string) {
            *q = 0;
            break;
        }
    }
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
                 line[n - 1] == '\r'))
        line[--n] = 0;
}

Script *script_parse(const char *source, char *err, size_t errlen)
{
    Script *s = calloc(1, sizeof *s);
    size_t cap = 0;
    int lineno = 0;
    const char *p = source;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = malloc(len + 1);
        memcpy(line, p, len);
        line[len] = 0;
        p += len + (nl ? 1 : 0);
        lineno++;
        strip_comment(line);
        const char *body = skip_ws(line);
        if (!*body) {
            free(line);
            continue;
        }
        if (s->count == cap) {
            cap = cap ? cap * 2 : 16;
            s->cmds = realloc(s->cmds, cap * sizeof *s->cmds);
        }
        int rc = parse_line(body, lineno, &s->cmds[s->count], err, errlen);
        free(line);
        if (rc) {
            script_free(s);
            return NULL;
        }
        s->count++;
    }
    return s;
}

Script *script_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open script '%s': %s", path,
                 strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = realloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (!got)
            break;
        n += got;
    }
    fclose(f);
    buf[n] = 0;
    if (strlen(buf) != n) {
        free(buf);
        snprintf(err, errlen, "script '%s' is not a text file", path);
        return NULL;
    }
    char e[300];
    Script *s = script_parse(buf, e, sizeof e);
    free(buf);
    if (!s)
        snprintf(err, errlen, "%s: %s", path, e);
    return s;
}

void script_free(Script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        free(s->cmds[i].text);
    free(s->cmds);
    free(s);
}
