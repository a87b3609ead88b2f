/*
 * frontend/gdbstub.c — the GDB remote serial protocol over TCP.
 *
 * Owns: the listening socket, one client connection, packet framing and
 * the translation of packets into debug-core calls (frontend/debugger.h).
 * Registers follow gdb's i386 layout (eax..edi, eip, eflags, cs, ss, ds, es,
 * fs, gs), described by the target XML we send.  In real and V86 mode the
 * stub presents flat addresses: $pc/eip is CS base + IP and memory
 * addresses are linear, so `x/i $pc` and `break *0x7c00` work with
 * `set architecture i8086`.  Breakpoints never modify guest memory.
 * Garbage, truncated packets and vanished clients are survived.
 */
#include "frontend/gdbstub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define GDB_BUF 16384
#define NREGS 16

static const CpuReg gdb_regs[NREGS] = {
    CPU_REG_EAX, CPU_REG_ECX, CPU_REG_EDX, CPU_REG_EBX, CPU_REG_ESP,
    CPU_REG_EBP, CPU_REG_ESI, CPU_REG_EDI, CPU_REG_EIP, CPU_REG_EFLAGS,
    CPU_REG_CS,  CPU_REG_SS,  CPU_REG_DS,  CPU_REG_ES,  CPU_REG_FS,
    CPU_REG_GS,
};

static const char target_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "  <architecture>i386</architecture>\n"
    "  <feature name=\"org.gnu.gdb.i386.core\">\n"
    "    <flags id=\"i386_eflags\" size=\"4\">\n"
    "      <field name=\"CF\" start=\"0\" end=\"0\"/>\n"
    "      <field name=\"\" start=\"1\" end=\"1\"/>\n"
    "      <field name=\"PF\" start=\"2\" end=\"2\"/>\n"
    "      <field name=\"AF\" start=\"4\" end=\"4\"/>\n"
    "      <field name=\"ZF\" start=\"6\" end=\"6\"/>\n"
    "      <field name=\"SF\" start=\"7\" end=\"7\"/>\n"
    "      <field name=\"TF\" start=\"8\" end=\"8\"/>\n"
    "      <field name=\"IF\" start=\"9\" end=\"9\"/>\n"
    "      <field name=\"DF\" start=\"10\" end=\"10\"/>\n"
    "      <field name=\"OF\" start=\"11\" end=\"11\"/>\n"
    "      <field name=\"NT\" start=\"14\" end=\"14\"/>\n"
    "      <field name=\"RF\" start=\"16\" end=\"16\"/>\n"
    "      <field name=\"VM\" start=\"17\" end=\"17\"/>\n"
    "      <field name=\"AC\" start=\"18\" end=\"18\"/>\n"
    "      <field name=\"ID\" start=\"21\" end=\"21\"/>\n"
    "    </flags>\n"
    "    <reg name=\"eax\" bitsize=\"32\" type=\"int32\" regnum=\"0\"/>\n"
    "    <reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "    <reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "    <reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>\n"
    "    <reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>\n"
    "    <reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n"
    "    <reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n"
    "  </feature>\n"
    "</target>\n";

struct GdbStub {
    Machine *m;
    Debugger *dbg;
    int listen_fd, fd;
    char in[GDB_BUF];
    size_t inlen;
    bool running;       /* client resumed the target, wait for a stop */
    bool no_ack;        /* QStartNoAckMode */
    char port_desc[64];
};

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static const char hexdig[] = "0123456789abcdef";

static void close_client(GdbStub *g)
{
    if (g->fd >= 0)
        close(g->fd);
    g->fd = -1;
    g->inlen = 0;
    g->no_ack = false;
    /* A vanished client must not leave the guest frozen. */
    if (dbg_stopped(g->dbg) || g->running) {
        for (int i = g->dbg->nbp - 1; i >= 0; i--)
            if (g->dbg->bp[i].from_gdb)
                dbg_remove(g->dbg, g->dbg->bp[i].id);
        if (dbg_stopped(g->dbg))
            dbg_continue(g->dbg);
    }
    g->running = false;
}

static void send_all(GdbStub *g, const char *p, size_t n)
{
    while (n && g->fd >= 0) {
        ssize_t w = send(g->fd, p, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                struct pollfd pf = {g->fd, POLLOUT, 0};
                poll(&pf, 1, 100);
                continue;
            }
            close_client(g);
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

static void send_packet(GdbStub *g, const char *data)
{
    size_t n = strlen(data);
    char *pkt = malloc(n + 5);
    unsigned sum = 0;
    pkt[0] = '$';
    for (size_t i = 0; i < n; i++) {
        pkt[1 + i] = data[i];
        sum += (unsigned char)data[i];
    }
    pkt[n + 1] = '#';
    pkt[n + 2] = hexdig[(sum >> 4) & 15];
    pkt[n + 3] = hexdig[sum & 15];
    pkt[n + 4] = 0;
    send_all(g, pkt, n + 4);
    free(pkt);
}

static void stop_reply(GdbStub *g, StopReason r)
{
    char buf[64];
    switch (r) {
    case STOP_BREAK:
        snprintf(buf, sizeof buf, "T05swbreak:;");
        break;
    case STOP_WATCH: {
        const char *kind = "watch";
        if (g->dbg->hit && g->dbg->hit->kind == WP_ACCESS)
            kind = "awatch";
        else if (g->dbg->hit && g->dbg->hit->kind == WP_READ)
            kind = "rwatch";
        snprintf(buf, sizeof buf, "T05%s:%x;", kind, g->dbg->watch_addr);
        break;
    }
    case STOP_USER:
        snprintf(buf, sizeof buf, "T02");
        break;
    default:
        snprintf(buf, sizeof buf, "T05");
        break;
    }
    send_packet(g, buf);
}

static void put_le32(char *out, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        uint8_t b = (uint8_t)(v >> (8 * i));
        out[2 * i] = hexdig[b >> 4];
        out[2 * i + 1] = hexdig[b & 15];
    }
}

static bool get_le32(const char *p, uint32_t *v)
{
    uint32_t r = 0;
    for (int i = 0; i < 4; i++) {
        int hi = hexval((unsigned char)p[2 * i]);
        int lo = hexval((unsigned char)p[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        r |= (uint32_t)(hi * 16 + lo) << (8 * i);
    }
    *v = r;
    return true;
}

static uint32_t reg_value(GdbStub *g, int n)
{
    if (gdb_regs[n] == CPU_REG_EIP)
        return dbg_pc(g->dbg);
    return cpu_get_reg(machine_cpu(g->m), gdb_regs[n]);
}

static void set_reg_value(GdbStub *g, int n, uint32_t v)
{
    if (gdb_regs[n] == CPU_REG_EIP)
        dbg_set_pc(g->dbg, v);
    else
        cpu_set_reg(machine_cpu(g->m), gdb_regs[n], v);
}

/* "addr,len" in hex; returns pointer after len or NULL. */
static const char *parse_addr_len(const char *p, uint32_t *addr, uint32_t *len)
{
    char *end;
    unsigned long a = strtoul(p, &end, 16);
    if (end == p || *end != ',')
        return NULL;
    p = end + 1;
    unsigned long l = strtoul(p, &end, 16);
    if (end == p)
        return NULL;
    *addr = (uint32_t)a;
    *len = (uint32_t)l;
    return end;
}

static void handle_xfer(GdbStub *g, const char *args)
{
    /* features:read:target.xml:OFF,LEN */
    const char *p = strstr(args, "target.xml:");
    uint32_t off, len;
    if (!p || !parse_addr_len(p + 11, &off, &len)) {
        send_packet(g, "E00");
        return;
    }
    size_t total = sizeof target_xml - 1;
    if (off >= total) {
        send_packet(g, "l");
        return;
    }
    size_t n = total - off < len ? total - off : len;
    char *out = malloc(n + 2);
    out[0] = off + n >= total ? 'l' : 'm';
    memcpy(out + 1, target_xml + off, n);
    out[n + 1] = 0;
    send_packet(g, out);
    free(out);
}

static void handle_rcmd(GdbStub *g, const char *hex)
{
    size_t n = strlen(hex) / 2;
    char *cmd = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        int hi = hexval((unsigned char)hex[2 * i]);
        int lo = hexval((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(cmd);
            send_packet(g, "E01");
            return;
        }
        cmd[i] = (char)(hi * 16 + lo);
    }
    cmd[n] = 0;
    char *text = NULL;
    size_t textlen = 0;
    FILE *f = open_memstream(&text, &textlen);
    monitor_execute(g->dbg, cmd, f);
    fclose(f);
    free(cmd);
    /* Output as O packets (hex), in chunks. */
    for (size_t pos = 0; pos < textlen; pos += 400) {
        size_t chunk = textlen - pos < 400 ? textlen - pos : 400;
        char *pkt = malloc(2 * chunk + 2);
        pkt[0] = 'O';
        for (size_t i = 0; i < chunk; i++) {
            uint8_t b = (uint8_t)text[pos + i];
            pkt[1 + 2 * i] = hexdig[b >> 4];
            pkt[2 + 2 * i] = hexdig[b & 15];
        }
        pkt[1 + 2 * chunk] = 0;
        send_packet(g, pkt);
        free(pkt);
    }
    free(text);
    send_packet(g, "OK");
}

static void handle_breakpoint(GdbStub *g, const char *p, bool insert)
{
    int type = p[0] - '0';
    uint32_t addr, len;
    if (p[1] != ',' || !parse_addr_len(p + 2, &addr, &len) || type < 0 ||
        type > 4) {
        send_packet(g, "E01");
        return;
    }
    static const BpKind kinds[5] = {BP_EXEC, BP_EXEC, WP_WRITE, WP_READ,
                                    WP_ACCESS};
    BpKind kind = kinds[type];
    if (insert) {
        Breakpoint bp = {.kind = kind, .addr = addr, .len = len,
                         .from_gdb = true};
        send_packet(g, dbg_add(g->dbg, &bp) > 0 ? "OK" : "E02");
    } else {
        send_packet(g, dbg_remove_match(g->dbg, kind, addr, true) ? "OK"
                                                                  : "E03");
    }
}

static void resume(GdbStub *g, bool step)
{
    if (step)
        dbg_step(g->dbg, 1);
    else
        dbg_continue(g->dbg);
    g->running = true;
}

static void handle_packet(GdbStub *g, char *p)
{
    char buf[GDB_BUF];
    switch (p[0]) {
    case '?':
        stop_reply(g, STOP_NONE); /* T05: stopped, as after attach */
        return;
    case 'g': {
        for (int i = 0; i < NREGS; i++)
            put_le32(buf + 8 * i, reg_value(g, i));
        buf[8 * NREGS] = 0;
        send_packet(g, buf);
        return;
    }
    case 'G': {
        if (strlen(p + 1) < 8 * NREGS) {
            send_packet(g, "E01");
            return;
        }
        uint32_t v[NREGS];
        for (int i = 0; i < NREGS; i++)
            if (!get_le32(p + 1 + 8 * i, &v[i])) {
                send_packet(g, "E01");
                return;
            }
        for (int i = 0; i < NREGS; i++)
            set_reg_value(g, i, v[i]);
        send_packet(g, "OK");
        return;
    }
    case 'p': {
        long n = strtol(p + 1, NULL, 16);
        if (n < 0 || n >= NREGS) {
            send_packet(g, "E01");
            return;
        }
        put_le32(buf, reg_value(g, (int)n));
        buf[8] = 0;
        send_packet(g, buf);
        return;
    }
    case 'P': {
        char *eq;
        long n = strtol(p + 1, &eq, 16);
        uint32_t v;
        if (*eq != '=' || n < 0 || n >= NREGS || strlen(eq + 1) < 8 ||
            !get_le32(eq + 1, &v)) {
            send_packet(g, "E01");
            return;
        }
        set_reg_value(g, (int)n, v);
        send_packet(g, "OK");
        return;
    }
    case 'm': {
        uint32_t addr, len;
        if (!parse_addr_len(p + 1, &addr, &len)) {
            send_packet(g, "E01");
            return;
        }
        if (len > (GDB_BUF - 1) / 2)
            len = (GDB_BUF - 1) / 2;
        uint8_t data[GDB_BUF / 2];
        size_t got = dbg_read(g->dbg, addr, data, len);
        if (got == 0 && len) {
            send_packet(g, "E14"); /* unmapped: an error, not a crash */
            return;
        }
        for (size_t i = 0; i < got; i++) {
            buf[2 * i] = hexdig[data[i] >> 4];
            buf[2 * i + 1] = hexdig[data[i] & 15];
        }
        buf[2 * got] = 0;
        send_packet(g, buf);
        return;
    }
    case 'M': {
        uint32_t addr, len;
        const char *q = parse_addr_len(p + 1, &addr, &len);
        if (!q || *q != ':' || strlen(q + 1) < 2 * (size_t)len ||
            len > GDB_BUF / 2) {
            send_packet(g, "E01");
            return;
        }
        uint8_t data[GDB_BUF / 2];
        for (uint32_t i = 0; i < len; i++) {
            int hi = hexval((unsigned char)q[1 + 2 * i]);
            int lo = hexval((unsigned char)q[2 + 2 * i]);
            if (hi < 0 || lo < 0) {
                send_packet(g, "E01");
                return;
            }
            data[i] = (uint8_t)(hi * 16 + lo);
        }
        send_packet(g, dbg_write(g->dbg, addr, data, len) == len ? "OK"
                                                                 : "E14");
        return;
    }
    case 'c':
        if (p[1]) {
            uint32_t a = (uint32_t)strtoul(p + 1, NULL, 16);
            dbg_set_pc(g->dbg, a);
        }
        resume(g, false);
        return;
    case 's':
        if (p[1]) {
            uint32_t a = (uint32_t)strtoul(p + 1, NULL, 16);
            dbg_set_pc(g->dbg, a);
        }
        resume(g, true);
        return;
    case 'Z':
    case 'z':
        handle_breakpoint(g, p + 1, p[0] == 'Z');
        return;
    case 'D':
        send_packet(g, "OK");
        close_client(g);
        return;
    case 'k':
        machine_request_exit(g->m, 0);
        close_client(g);
        return;
    case 'H':
        send_packet(g, "OK");
        return;
    case 'T':
        send_packet(g, "OK");
        return;
    case 'v':
        if (!strncmp(p, "vCont?", 6)) {
            send_packet(g, "vCont;c;C;s;S");
        } else if (!strncmp(p, "vCont;", 6)) {
            char action = p[6];
            resume(g, action == 's' || action == 'S');
        } else if (!strncmp(p, "vKill", 5)) {
            send_packet(g, "OK");
            machine_request_exit(g->m, 0);
        } else if (!strncmp(p, "vMustReplyEmpty", 15)) {
            send_packet(g, "");
        } else {
            send_packet(g, "");
        }
        return;
    case 'q':
        if (!strncmp(p, "qSupported", 10)) {
            send_packet(g, "PacketSize=3fff;qXfer:features:read+;"
                           "vContSupported+;swbreak+;hwbreak+;"
                           "QStartNoAckMode+");
        } else if (!strncmp(p, "qXfer:features:read:", 20)) {
            handle_xfer(g, p + 20);
        } else if (!strncmp(p, "qRcmd,", 6)) {
            handle_rcmd(g, p + 6);
        } else if (!strcmp(p, "qAttached")) {
            send_packet(g, "1");
        } else if (!strcmp(p, "qC")) {
            send_packet(g, "QC1");
        } else if (!strcmp(p, "qfThreadInfo")) {
            send_packet(g, "m1");
        } else if (!strcmp(p, "qsThreadInfo")) {
            send_packet(g, "l");
        } else if (!strncmp(p, "qOffsets", 8)) {
            send_packet(g, "Text=0;Data=0;Bss=0");
        } else {
            send_packet(g, "");
        }
        return;
    case 'Q':
        if (!strcmp(p, "QStartNoAckMode")) {
            send_packet(g, "OK");
            g->no_ack = true;
        } else {
            send_packet(g, "");
        }
        return;
    default:
        send_packet(g, "");
        return;
    }
}

/* Extract complete packets from the input buffer.  Anything that is not a
 * packet start, an ack or Ctrl-C is skipped. */
static void process_input(GdbStub *g)
{
    size_t i = 0;
    while (i < g->inlen && g->fd >= 0) {
        char c = g->in[i];
        if (c == 0x03) {
            if (!dbg_stopped(g->dbg))
                dbg_stop(g->dbg, STOP_USER);
            i++;
            continue;
        }
        if (c != '$') {
            i++; /* '+', '-', garbage */
            continue;
        }
        char *hash = memchr(g->in + i, '#', g->inlen - i);
        if (!hash || (size_t)(hash - g->in) + 2 >= g->inlen)
            break; /* incomplete: wait for more */
        size_t start = i + 1, end = (size_t)(hash - g->in);
        unsigned sum = 0;
        for (size_t k = start; k < end; k++)
            sum += (unsigned char)g->in[k];
        int hi = hexval((unsigned char)hash[1]), lo = hexval((unsigned char)hash[2]);
        i = end + 3;
        if (hi < 0 || lo < 0 || (unsigned)(hi * 16 + lo) != (sum & 0xFF)) {
            if (!g->no_ack)
                send_all(g, "-", 1);
            continue;
        }
        if (!g->no_ack)
            send_all(g, "+", 1);
        char pkt[GDB_BUF];
        size_t n = end - start < sizeof pkt - 1 ? end - start : sizeof pkt - 1;
        /* Unescape binary data ('}' x ^ 0x20), as used by X packets. */
        size_t o = 0;
        for (size_t k = 0; k < n; k++) {
            char ch = g->in[start + k];
            if (ch == '}' && k + 1 < n)
                ch = (char)(g->in[start + ++k] ^ 0x20);
            pkt[o++] = ch;
        }
        pkt[o] = 0;
        if (pkt[0] == 'X') {
            /* X addr,len:binary — rewrite as M with hex. */
            uint32_t addr, len;
            const char *q = parse_addr_len(pkt + 1, &addr, &len);
            if (!q || *q != ':' || (size_t)(q + 1 - pkt) + len > o) {
                send_packet(g, "E01");
            } else {
                send_packet(g, dbg_write(g->dbg, addr, q + 1, len) == len
                                   ? "OK" : "E14");
            }
        } else {
            handle_packet(g, pkt);
        }
    }
    if (g->fd < 0 || i > g->inlen) { /* client closed (D, k) meanwhile */
        g->inlen = 0;
        return;
    }
    memmove(g->in, g->in + i, g->inlen - i);
    g->inlen -= i;
    if (g->inlen == sizeof g->in) /* a packet longer than we take: drop */
        g->inlen = 0;
}

GdbStub *gdbstub_create(Machine *m, Debugger *dbg, const char *spec,
                        char *err, size_t errlen)
{
    /* tcp::PORT, tcp:HOST:PORT, :PORT, or PORT */
    char host[128] = "127.0.0.1";
    const char *p = spec;
    if (!strncmp(p, "tcp:", 4))
        p += 4;
    const char *colon = strrchr(p, ':');
    const char *portstr = colon ? colon + 1 : p;
    if (colon && colon != p) {
        size_t hl = (size_t)(colon - p);
        if (hl >= sizeof host)
            hl = sizeof host - 1;
        memcpy(host, p, hl);
        host[hl] = 0;
    }
    char *end;
    long port = strtol(portstr, &end, 10);
    if (*end || port < 1 || port > 65535) {
        snprintf(err, errlen, "-gdb: '%s' is not tcp::PORT", spec);
        return NULL;
    }
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        snprintf(err, errlen, "-gdb: '%s' is not an IPv4 address", host);
        return NULL;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        listen(fd, 1) < 0) {
        snprintf(err, errlen, "-gdb: cannot listen on %s:%ld: %s", host, port,
                 strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    GdbStub *g = calloc(1, sizeof *g);
    g->m = m;
    g->dbg = dbg;
    g->listen_fd = fd;
    g->fd = -1;
    snprintf(g->port_desc, sizeof g->port_desc, "%s:%ld", host, port);
    return g;
}

void gdbstub_destroy(GdbStub *g)
{
    if (!g)
        return;
    if (g->fd >= 0)
        close(g->fd);
    close(g->listen_fd);
    free(g);
}

bool gdbstub_connected(const GdbStub *g) { return g->fd >= 0; }

void gdbstub_poll(GdbStub *g, int wait_ms)
{
    if (g->fd < 0) {
        struct pollfd pf = {g->listen_fd, POLLIN, 0};
        if (poll(&pf, 1, wait_ms) <= 0)
            return;
        int c = accept(g->listen_fd, NULL, NULL);
        if (c < 0)
            return;
        fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
        int one = 1;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        g->fd = c;
        g->inlen = 0;
        g->no_ack = false;
        /* gdb expects the target stopped when it attaches. */
        if (!dbg_stopped(g->dbg))
            dbg_stop(g->dbg, STOP_USER);
        g->running = false;
        wait_ms = 0;
    }
    /* A resumed target that stopped again: report it. */
    if (g->running && dbg_stopped(g->dbg)) {
        g->running = false;
        stop_reply(g, dbg_take_stop(g->dbg));
    }
    struct pollfd pf = {g->fd, POLLIN, 0};
    if (poll(&pf, 1, wait_ms) <= 0)
        return;
    ssize_t n = recv(g->fd, g->in + g->inlen, sizeof g->in - g->inlen, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR &&
                   errno != EWOULDBLOCK)) {
        close_client(g); /* disconnected, possibly mid-packet */
        return;
    }
    if (n > 0) {
        g->inlen += (size_t)n;
        process_input(g);
    }
}

const char *gdbstub_address(const GdbStub *g) { return g->port_desc; }
