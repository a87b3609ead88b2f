/*
 * tests/tools/conformance.c — runs the SingleStepTests MOO vectors
 * (shared/conformance/8086 and 80286, see docs/moo-format.md) against our
 * CPU: every test sets the initial state on a fresh CPU of the file's
 * model, executes the instruction (286 set: and the HLT after it),
 * and compares registers and RAM after masking undefined flags
 * (metadata.json "flags-mask", RMSK chunks, the FLAGS image an exception
 * pushed).  Revoked hashes (revocation_list.txt) are skipped.
 *
 * usage: conformance [-v] [-q] [-n MAXFAIL] [-l TESTS_PER_FILE] [path...]
 *   path = .MOO.gz files or folders (default: $PX86_SHARED/conformance).
 * Last line: "N passed, M failed"; exit status 1 on any failure.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "cpu/cpu.h"
#include "mem/memory.h"

int cpu_disasm_bytes(const uint8_t *bytes, unsigned len, bool mode32,
                     CpuModel model, uint32_t ip, char *buf,
                     unsigned bufsize);

static bool verbose, quiet;
static unsigned max_fail_print = 5;
static unsigned limit_per_file;
static unsigned long total_pass, total_fail, total_skip;

/* ---- small file helpers ------------------------------------------------ */

static uint8_t *read_gz(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            gzclose(f);
            return NULL;
        }
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                gzclose(f);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        int k = gzread(f, buf + n, (unsigned)(cap - n));
        if (k < 0) {
            free(buf);
            gzclose(f);
            return NULL;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    gzclose(f);
    *len = n;
    return buf;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 0) {
        fclose(f);
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = 0;
    fclose(f);
    return s;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

/* ---- minimal metadata.json lookup ---------------------------------- */

/* Find `"key"` followed by ':' inside [s, end) at nesting depth 0 relative
 * to s (s points just inside an object).  Returns a pointer to the value. */
static const char *json_find(const char *s, const char *end, const char *key)
{
    int depth = 0;
    size_t kl = strlen(key);
    for (const char *p = s; p < end; p++) {
        if (*p == '"') {
            const char *q = p + 1;
            while (q < end && *q != '"')
                q++;
            if (depth == 0 && (size_t)(q - p - 1) == kl &&
                memcmp(p + 1, key, kl) == 0) {
                const char *v = q + 1;
                while (v < end && (*v == ' ' || *v == ':' || *v == '\n' ||
                                   *v == '\r' || *v == '\t'))
                    v++;
                return v;
            }
            p = q;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
            if (depth < 0)
                return NULL;
        }
    }
    return NULL;
}

/* End of the object starting at p ('{'). */
static const char *json_obj_end(const char *p)
{
    int depth = 0;
    for (; *p; p++) {
        if (*p == '"') {
            p++;
            while (*p && *p != '"')
                p++;
            if (!*p)
                return p;
        } else if (*p == '{') {
            depth++;
        } else if (*p == '}') {
            if (--depth == 0)
                return p;
        }
    }
    return p;
}

/* flags-mask for opcode key (e.g. "D2") and reg (or -1); 0xFFFF default */
static uint16_t meta_flags_mask(const char *json, const char *op, int reg)
{
    if (!json)
        return 0xFFFF;
    const char *top = strchr(json, '{');
    if (!top)
        return 0xFFFF;
    const char *tend = json_obj_end(top);
    const char *ops = json_find(top + 1, tend, "opcodes");
    if (!ops || *ops != '{')
        return 0xFFFF;
    const char *oend = json_obj_end(ops);
    const char *o = json_find(ops + 1, oend, op);
    if (!o || *o != '{')
        return 0xFFFF;
    const char *e = json_obj_end(o);
    if (reg >= 0) {
        const char *r = json_find(o + 1, e, "reg");
        if (r && *r == '{') {
            char rk[4];
            snprintf(rk, sizeof rk, "%d", reg);
            const char *re = json_obj_end(r);
            const char *x = json_find(r + 1, re, rk);
            if (x && *x == '{') {
                o = x;
                e = json_obj_end(x);
            }
        }
    }
    const char *m = json_find(o + 1, e, "flags-mask");
    if (!m)
        return 0xFFFF;
    return (uint16_t)strtoul(m, NULL, 10);
}

/* ---- revocation list ----------------------------------------------------- */

typedef struct Revoked {
    uint8_t (*hash)[20];
    size_t n;
} Revoked;

static void load_revoked(const char *dir, Revoked *rv)
{
    rv->hash = NULL;
    rv->n = 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/revocation_list.txt", dir);
    char *t = read_text(path);
    if (!t)
        return;
    for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
        while (*line == ' ' || *line == '\t')
            line++;
        if (strlen(line) < 40 || *line == '#')
            continue;
        uint8_t h[20];
        bool ok = true;
        for (int i = 0; i < 20; i++) {
            unsigned v;
            if (sscanf(line + 2 * i, "%2x", &v) != 1) {
                ok = false;
                break;
            }
            h[i] = (uint8_t)v;
        }
        if (!ok)
            continue;
        void *nh = realloc(rv->hash, (rv->n + 1) * 20);
        if (!nh)
            break;
        rv->hash = nh;
        memcpy(rv->hash[rv->n++], h, 20);
    }
    free(t);
}

static bool is_revoked(const Revoked *rv, const uint8_t *h)
{
    for (size_t i = 0; i < rv->n; i++)
        if (memcmp(rv->hash[i], h, 20) == 0)
            return true;
    return false;
}

/* ---- the machine under test ----------------------------------------------- */

static uint32_t io_read(void *o, uint16_t port, unsigned size)
{
    (void)o; (void)port; (void)size;
    return 0xFFFFFFFFu;
}

static void io_write(void *o, uint16_t port, uint32_t v, unsigned size)
{
    (void)o; (void)port; (void)v; (void)size;
}

static PhysMem *mem;
static uint8_t *hole_ram;

static const CpuReg reg_order[14] = {
    CPU_REG_EAX, CPU_REG_EBX, CPU_REG_ECX, CPU_REG_EDX, CPU_REG_CS,
    CPU_REG_SS, CPU_REG_DS, CPU_REG_ES, CPU_REG_ESP, CPU_REG_EBP,
    CPU_REG_ESI, CPU_REG_EDI, CPU_REG_EIP, CPU_REG_EFLAGS,
};
static const char *reg_names[14] = {"ax", "bx", "cx", "dx", "cs", "ss", "ds",
                                    "es", "sp", "bp", "si", "di", "ip", "flags"};

typedef struct State {
    bool have_regs;
    uint16_t mask;
    uint16_t regs[14];
    bool have_rmsk;
    uint16_t rmsk[14];
    const uint8_t *ram;
    uint32_t nram;
} State;

typedef struct Test {
    uint32_t idx;
    const char *name;
    uint32_t name_len;
    const uint8_t *bytes;
    uint32_t nbytes;
    State init, fina;
    bool have_excp;
    uint8_t excp_vec;
    uint32_t excp_flag_addr;
    const uint8_t *hash;
} Test;

/* One chunk of a MOO chunk list (4-byte tag, 32-bit length, data). */
typedef struct Chunk {
    const uint8_t *tag, *data;
    uint32_t len;
} Chunk;

/* The chunk at *off of p[0..len), advancing *off past it: 1 for a chunk,
 * 0 at the end, -1 when a chunk claims more bytes than there are. */
static int next_chunk(const uint8_t *p, size_t len, size_t *off, Chunk *ch)
{
    if (*off + 8 > len)
        return 0;
    ch->tag = p + *off;
    ch->len = le32(p + *off + 4);
    ch->data = p + *off + 8;
    if (*off + 8 + (uint64_t)ch->len > len)
        return -1;
    *off += 8 + (size_t)ch->len;
    return 1;
}

static void parse_state(const uint8_t *p, uint32_t len, State *st)
{
    memset(st, 0, sizeof *st);
    size_t off = 0;
    Chunk ch;
    while (next_chunk(p, len, &off, &ch) > 0) {
        const uint8_t *ct = ch.tag, *cp = ch.data;
        uint32_t cl = ch.len;
        if (!memcmp(ct, "REGS", 4) && cl >= 2) {
            st->have_regs = true;
            st->mask = le16(cp);
            unsigned k = 0;
            for (int i = 0; i < 14; i++) {
                if (st->mask & (1u << i)) {
                    if (2 + 2 * k + 2 <= cl)
                        st->regs[i] = le16(cp + 2 + 2 * k);
                    k++;
                }
            }
        } else if (!memcmp(ct, "RMSK", 4) && cl >= 2) {
            uint16_t m = le16(cp);
            unsigned k = 0;
            st->have_rmsk = true;
            for (int i = 0; i < 14; i++) {
                st->rmsk[i] = 0xFFFF;
                if (m & (1u << i)) {
                    if (2 + 2 * k + 2 <= cl)
                        st->rmsk[i] = le16(cp + 2 + 2 * k);
                    k++;
                }
            }
        } else if (!memcmp(ct, "RAM ", 4) && cl >= 4) {
            st->nram = le32(cp);
            if (4 + (uint64_t)st->nram * 5 > cl)
                st->nram = (cl - 4) / 5;
            st->ram = cp + 4;
        }
    }
}

static bool parse_test(const uint8_t *p, uint32_t len, Test *t)
{
    memset(t, 0, sizeof *t);
    if (len < 4)
        return false;
    t->idx = le32(p);
    size_t off = 4;
    Chunk ch;
    int r;
    while ((r = next_chunk(p, len, &off, &ch)) > 0) {
        const uint8_t *ct = ch.tag, *cp = ch.data;
        uint32_t cl = ch.len;
        if (!memcmp(ct, "NAME", 4) && cl >= 4) {
            t->name_len = le32(cp);
            if (t->name_len > cl - 4)
                t->name_len = cl - 4;
            t->name = (const char *)cp + 4;
        } else if (!memcmp(ct, "BYTS", 4) && cl >= 4) {
            t->nbytes = le32(cp);
            if (t->nbytes > cl - 4)
                t->nbytes = cl - 4;
            t->bytes = cp + 4;
        } else if (!memcmp(ct, "INIT", 4)) {
            parse_state(cp, cl, &t->init);
        } else if (!memcmp(ct, "FINA", 4)) {
            parse_state(cp, cl, &t->fina);
        } else if (!memcmp(ct, "EXCP", 4) && cl >= 5) {
            t->have_excp = true;
            t->excp_vec = cp[0];
            t->excp_flag_addr = le32(cp + 1);
        } else if (!memcmp(ct, "HASH", 4) && cl >= 20) {
            t->hash = cp;
        }
    }
    if (r < 0)
        return false; /* truncated chunk */
    return t->init.have_regs;
}

/* Run one test; returns true on pass.  On failure writes a report. */
static bool run_test(Cpu *cpu, CpuModel model, const Test *t,
                     uint16_t flags_mask, const State *file_rmsk,
                     char *report, size_t rcap)
{
    size_t rn = 0;
    report[0] = 0;
    cpu_reset(cpu);
    uint16_t init_flags = t->init.regs[13];
    if (model == CPU_286)
        init_flags &= 0x0FFF;
    for (int i = 0; i < 14; i++) {
        uint32_t v = t->init.regs[i];
        if (i == 13)
            v = init_flags;
        cpu_set_reg(cpu, reg_order[i], v);
    }
    for (uint32_t i = 0; i < t->init.nram; i++) {
        uint32_t a = le32(t->init.ram + 5 * i);
        mem_write8(mem, a, t->init.ram[5 * i + 4]);
    }
    if (model == CPU_286)
        cpu_run(cpu, 64); /* the instruction, maybe an exception, the HLT */
    else
        cpu_run(cpu, 1);

    /* Where did an exception push FLAGS?  286 files say so (EXCP); for
     * the 8086 set detect a type-0 interrupt (DIV, IDIV, AAM): the final
     * CS:IP is the vector-0 handler from the initial IVT. */
    bool have_flag_image = false;
    uint32_t flag_image = 0;
    if (t->have_excp) {
        /* EXCP gives the (word-aligned) bus address; the image itself is
         * at SS:SP+4 after the handler's HLT. */
        uint16_t ss = (t->fina.mask & 0x20) ? t->fina.regs[5] : t->init.regs[5];
        uint16_t sp = (t->fina.mask & 0x100) ? t->fina.regs[8] : t->init.regs[8];
        have_flag_image = true;
        flag_image = (((uint32_t)ss << 4) + ((sp + 4) & 0xFFFF)) & 0xFFFFFF;
    } else if ((t->fina.mask & 0x1010) == 0x1010) {
        uint32_t ivt_ip = 0, ivt_cs = 0;
        unsigned found = 0;
        for (uint32_t i = 0; i < t->init.nram; i++) {
            uint32_t a = le32(t->init.ram + 5 * i);
            uint8_t v = t->init.ram[5 * i + 4];
            if (a < 4) {
                found |= 1u << a;
                if (a < 2)
                    ivt_ip |= (uint32_t)v << (8 * a);
                else
                    ivt_cs |= (uint32_t)v << (8 * (a - 2));
            }
        }
        if (found == 0xF && t->fina.regs[12] == ivt_ip && t->fina.regs[4] == ivt_cs) {
            uint16_t ss = (t->fina.mask & 0x20) ? t->fina.regs[5] : t->init.regs[5];
            uint16_t sp = (t->fina.mask & 0x100) ? t->fina.regs[8] : t->init.regs[8];
            have_flag_image = true;
            flag_image = (((uint32_t)ss << 4) + ((sp + 4) & 0xFFFF)) & 0xFFFFF;
        }
    }

    bool ok = true;
    for (int i = 0; i < 14; i++) {
        uint16_t expect = (t->fina.mask & (1u << i)) ? t->fina.regs[i]
                                                     : (i == 13 ? init_flags : t->init.regs[i]);
        uint16_t got = (uint16_t)cpu_get_reg(cpu, reg_order[i]);
        uint16_t m = 0xFFFF;
        if (i == 13)
            m = flags_mask;
        if (file_rmsk && file_rmsk->have_rmsk)
            m &= file_rmsk->rmsk[i];
        if (t->fina.have_rmsk)
            m &= t->fina.rmsk[i];
        if ((expect & m) != (got & m)) {
            ok = false;
            rn += (size_t)snprintf(report + rn, rn < rcap ? rcap - rn : 0,
                                   "    %-5s expected %04x got %04x (mask %04x)\n",
                                   reg_names[i], expect, got, m);
        }
    }
    for (uint32_t i = 0; i < t->fina.nram; i++) {
        uint32_t a = le32(t->fina.ram + 5 * i);
        uint8_t expect = t->fina.ram[5 * i + 4];
        uint8_t got = mem_read8(mem, a);
        uint8_t m = 0xFF;
        if (have_flag_image) {
            if (a == flag_image)
                m = (uint8_t)flags_mask;
            else if (a == flag_image + 1)
                m = (uint8_t)(flags_mask >> 8);
        }
        if ((expect & m) != (got & m)) {
            ok = false;
            rn += (size_t)snprintf(report + rn, rn < rcap ? rcap - rn : 0,
                                   "    [%06x] expected %02x got %02x\n", a,
                                   expect, got);
        }
    }
    return ok;
}

static CpuModel model_of(const char id[4], bool *known)
{
    *known = true;
    if (!memcmp(id, "8086", 4)) return CPU_8086;
    if (!memcmp(id, "8088", 4)) return CPU_8088;
    if (!memcmp(id, "C286", 4) || !memcmp(id, "286 ", 4) || !memcmp(id, "80286", 4))
        return CPU_286;
    if (!memcmp(id, "C386", 4) || !memcmp(id, "386 ", 4)) return CPU_386;
    *known = false;
    return CPU_8086;
}

static Cpu *cpus[CPU_486 + 1];

static void run_file(const char *path, const char *meta, const Revoked *rv)
{
    size_t len;
    uint8_t *buf = read_gz(path, &len);
    if (!buf) {
        printf("%s: cannot read\n", path);
        total_fail++;
        return;
    }
    /* opcode key and reg from the file name: NN[.R].MOO.gz */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char key[8] = {0};
    int reg = -1;
    size_t kl = strcspn(base, ".");
    if (kl < sizeof key)
        memcpy(key, base, kl);
    if (base[kl] == '.' && base[kl + 1] >= '0' && base[kl + 1] <= '7' &&
        base[kl + 2] == '.')
        reg = base[kl + 1] - '0';
    uint16_t fmask = meta_flags_mask(meta, key, reg);

    CpuModel model = CPU_8086;
    bool known = false;
    State file_rmsk;
    memset(&file_rmsk, 0, sizeof file_rmsk);
    unsigned pass = 0, fail = 0, skip = 0, printed = 0, ntests = 0;
    size_t off = 0;
    char report[4096];
    Chunk ch;
    while (next_chunk(buf, len, &off, &ch) > 0) {
        const uint8_t *ct = ch.tag, *cp = ch.data;
        uint32_t cl = ch.len;
        if (!memcmp(ct, "MOO ", 4) && cl >= 12) {
            model = model_of((const char *)cp + 8, &known);
        } else if (!memcmp(ct, "RMSK", 4)) {
            parse_state(ct, cl + 8, &file_rmsk);
        } else if (!memcmp(ct, "TEST", 4)) {
            if (limit_per_file && ntests >= limit_per_file)
                break;
            ntests++;
            Test t;
            if (!known || !parse_test(cp, cl, &t)) {
                fail++;
            } else if (t.hash && is_revoked(rv, t.hash)) {
                skip++;
            } else {
                if (!cpus[model]) {
                    CpuConfig cfg = {model, false};
                    CpuHost host = {io_read, io_write, NULL, NULL, NULL, NULL};
                    cpus[model] = cpu_create(&cfg, mem, &host);
                }
                if (run_test(cpus[model], model, &t, fmask, &file_rmsk, report,
                             sizeof report)) {
                    pass++;
                } else {
                    fail++;
                    if (printed < max_fail_print && !quiet) {
                        char dis[128];
                        printed++;
                        if (!cpu_disasm_bytes(t.bytes, t.nbytes, false, model,
                                              t.init.regs[12], dis, sizeof dis))
                            snprintf(dis, sizeof dis, "?");
                        printf("FAIL %s #%u \"%.*s\" bytes", base, ntests - 1,
                               (int)t.name_len, t.name ? t.name : "");
                        for (uint32_t i = 0; i < t.nbytes; i++)
                            printf(" %02x", t.bytes[i]);
                        printf(" | ours: %s\n%s", dis, report);
                        if (verbose) {
                            printf("    init:");
                            for (int i = 0; i < 14; i++)
                                printf(" %s=%04x", reg_names[i], t.init.regs[i]);
                            printf("\n");
                            if (t.have_excp)
                                printf("    exception %u, flags pushed at %06x\n",
                                       t.excp_vec, t.excp_flag_addr);
                        }
                    }
                }
            }
        }
    }
    free(buf);
    if (!quiet || fail)
        printf("%-14s %-5s %6u passed %6u failed%s\n", base,
               known ? cpu_model_name(model) : "?", pass, fail,
               skip ? " (revoked skipped)" : "");
    total_pass += pass;
    total_fail += fail;
    total_skip += skip;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *dir);

static void run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s: not found\n", path);
        total_fail++;
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        run_dir(path);
        return;
    }
    /* a single file: metadata from its folder */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(dir, sizeof dir, ".");
    char mp[4200];
    snprintf(mp, sizeof mp, "%s/metadata.json", dir);
    char *meta = read_text(mp);
    Revoked rv;
    load_revoked(dir, &rv);
    run_file(path, meta, &rv);
    free(meta);
    free(rv.hash);
}

static void run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *names);
        if (!nn)
            break;
        names = nn;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    char mp[4200];
    snprintf(mp, sizeof mp, "%s/metadata.json", dir);
    char *meta = read_text(mp);
    Revoked rv;
    load_revoked(dir, &rv);
    for (size_t i = 0; i < n; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        struct stat st;
        size_t l = strlen(names[i]);
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            run_dir(p);
        else if (l > 7 && !strcmp(names[i] + l - 7, ".MOO.gz"))
            run_file(p, meta, &rv);
        free(names[i]);
    }
    free(names);
    free(meta);
    free(rv.hash);
}

int main(int argc, char **argv)
{
    int first = 1;
    while (first < argc && argv[first][0] == '-') {
        const char *a = argv[first];
        if (!strcmp(a, "-v"))
            verbose = true;
        else if (!strcmp(a, "-q"))
            quiet = true;
        else if (!strcmp(a, "-n") && first + 1 < argc)
            max_fail_print = (unsigned)atoi(argv[++first]);
        else if (!strcmp(a, "-l") && first + 1 < argc)
            limit_per_file = (unsigned)atoi(argv[++first]);
        else {
            fprintf(stderr, "usage: conformance [-v] [-q] [-n MAXFAIL] "
                            "[-l TESTS_PER_FILE] [file|dir...]\n");
            return 2;
        }
        first++;
    }
    mem = mem_create(16u << 20);
    hole_ram = calloc(1, 0x60000);
    if (!mem || !hole_ram || mem_map_host(mem, "hole", 0xA0000, 0x60000, hole_ram)) {
        fprintf(stderr, "conformance: cannot set up memory\n");
        return 2;
    }
    if (first >= argc) {
        const char *sh = getenv("PX86_SHARED");
        char p[4096];
        snprintf(p, sizeof p, "%s/conformance", sh ? sh : "../shared");
        run_path(p);
    } else {
        for (int i = first; i < argc; i++)
            run_path(argv[i]);
    }
    for (int m = 0; m <= CPU_486; m++)
        cpu_destroy(cpus[m]);
    mem_destroy(mem);
    free(hole_ram);
    if (total_skip)
        printf("(%lu revoked tests skipped)\n", total_skip);
    printf("%lu passed, %lu failed\n", total_pass, total_fail);
    return total_fail ? 1 : 0;
}
