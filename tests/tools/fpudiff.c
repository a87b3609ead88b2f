/*
 * tests/tools/fpudiff.c — differential test of the software x87 against
 * the host's x87: `fpudiff [cases-per-form] [form-substring] [seed]`.
 * Prints one line per instruction form (exact / within-1-ulp / failing
 * counts) and exits 1 if any case failed.  On non-x86 hosts prints SKIP.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu/fpu_hostdiff.h"

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
    const char *filter = argc > 2 ? argv[2] : NULL;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 1;
    int show = getenv("FPUDIFF_SHOW") ? atoi(getenv("FPUDIFF_SHOW")) : 3;
    if (!hostdiff_ok()) {
        printf("SKIP: fpudiff: host x87 not available\n");
        return 0;
    }
    unsigned long total = 0, fails = 0;
    for (unsigned i = 0; i < HD_NFORMS; i++) {
        const HdForm *fm = &hd_forms[i];
        if (filter && !strstr(fm->name, filter)) continue;
        HdResult r = hd_run_form(fm, n, seed + i, show, stdout);
        printf("%-18s %02X %02X  cases %7lu  exact %7lu  within1ulp %6lu  "
               "fail %6lu  undefined-skipped %lu\n",
               fm->name, fm->opc, fm->modrm, r.cases, r.exact, r.within1,
               r.fail, r.skipped);
        total += r.cases;
        fails += r.fail;
    }
    printf("TOTAL cases %lu fail %lu\n", total, fails);
    return fails ? 1 : 0;
}
