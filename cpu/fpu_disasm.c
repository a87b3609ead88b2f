/*
 * cpu/fpu_disasm.c — names of the x87 instructions (ESC D8..DF) for the
 * disassembler, in NASM syntax.  One table serves both the debugger and
 * anything else that needs FPU mnemonics.  Reserved encodings that the
 * 387/486 execute as aliases print with the alias names used in Intel's
 * opcode maps ("fstp1", "fxch4", "fcom2", "ffreep"...).
 */
#include <stdio.h>
#include <string.h>

#include "cpu/fpu.h"

/* Memory forms: [opcode - D8][reg] = {mnemonic, size keyword}. */
static const struct {
    const char *name, *size;
} mem_tab[8][8] = {
    {{"fadd", "dword"}, {"fmul", "dword"}, {"fcom", "dword"}, {"fcomp", "dword"},
     {"fsub", "dword"}, {"fsubr", "dword"}, {"fdiv", "dword"}, {"fdivr", "dword"}},
    {{"fld", "dword"}, {NULL, NULL}, {"fst", "dword"}, {"fstp", "dword"},
     {"fldenv", ""}, {"fldcw", "word"}, {"fnstenv", ""}, {"fnstcw", "word"}},
    {{"fiadd", "dword"}, {"fimul", "dword"}, {"ficom", "dword"}, {"ficomp", "dword"},
     {"fisub", "dword"}, {"fisubr", "dword"}, {"fidiv", "dword"}, {"fidivr", "dword"}},
    {{"fild", "dword"}, {NULL, NULL}, {"fist", "dword"}, {"fistp", "dword"},
     {NULL, NULL}, {"fld", "tword"}, {NULL, NULL}, {"fstp", "tword"}},
    {{"fadd", "qword"}, {"fmul", "qword"}, {"fcom", "qword"}, {"fcomp", "qword"},
     {"fsub", "qword"}, {"fsubr", "qword"}, {"fdiv", "qword"}, {"fdivr", "qword"}},
    {{"fld", "qword"}, {NULL, NULL}, {"fst", "qword"}, {"fstp", "qword"},
     {"frstor", ""}, {NULL, NULL}, {"fnsave", ""}, {"fnstsw", "word"}},
    {{"fiadd", "word"}, {"fimul", "word"}, {"ficom", "word"}, {"ficomp", "word"},
     {"fisub", "word"}, {"fisubr", "word"}, {"fidiv", "word"}, {"fidivr", "word"}},
    {{"fild", "word"}, {NULL, NULL}, {"fist", "word"}, {"fistp", "word"},
     {"fbld", "tword"}, {"fild", "qword"}, {"fbstp", "tword"}, {"fistp", "qword"}},
};

/* Register forms by group: operand shapes. */
enum { R_NONE, R_ST0_STI, R_STI_ST0, R_STI };
static const struct {
    const char *name;
    uint8_t shape;
} reg_tab[8][8] = {
    {{"fadd", R_ST0_STI}, {"fmul", R_ST0_STI}, {"fcom", R_STI}, {"fcomp", R_STI},
     {"fsub", R_ST0_STI}, {"fsubr", R_ST0_STI}, {"fdiv", R_ST0_STI}, {"fdivr", R_ST0_STI}},
    {{"fld", R_STI}, {"fxch", R_STI}, {NULL, 0}, {"fstp1", R_STI},
     {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}},
    {{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0},
     {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}},
    {{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0},
     {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}},
    {{"fadd", R_STI_ST0}, {"fmul", R_STI_ST0}, {"fcom2", R_STI}, {"fcomp3", R_STI},
     {"fsubr", R_STI_ST0}, {"fsub", R_STI_ST0}, {"fdivr", R_STI_ST0}, {"fdiv", R_STI_ST0}},
    {{"ffree", R_STI}, {"fxch4", R_STI}, {"fst", R_STI}, {"fstp", R_STI},
     {"fucom", R_STI}, {"fucomp", R_STI}, {NULL, 0}, {NULL, 0}},
    {{"faddp", R_STI_ST0}, {"fmulp", R_STI_ST0}, {"fcomp5", R_STI}, {NULL, 0},
     {"fsubrp", R_STI_ST0}, {"fsubp", R_STI_ST0}, {"fdivrp", R_STI_ST0}, {"fdivp", R_STI_ST0}},
    {{"ffreep", R_STI}, {"fxch7", R_STI}, {"fstp8", R_STI}, {"fstp9", R_STI},
     {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}},
};

/* D9 E0..FF */
static const char *const d9_tab[32] = {
    "fchs", "fabs", NULL, NULL, "ftst", "fxam", NULL, NULL,
    "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", NULL,
    "f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp",
    "fincstp", "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale",
    "fsin", "fcos",
};

/* DB E0..E4 */
static const char *const db_tab[5] = {"fneni", "fndisi", "fnclex", "fninit",
                                      "fnsetpm"};

static const char *single(uint8_t opc, uint8_t modrm)
{
    if (opc == 0xD9 && modrm == 0xD0) return "fnop";
    if (opc == 0xD9 && modrm >= 0xE0) return d9_tab[modrm - 0xE0];
    if (opc == 0xDA && modrm == 0xE9) return "fucompp";
    if (opc == 0xDB && modrm >= 0xE0 && modrm <= 0xE4)
        return db_tab[modrm - 0xE0];
    if (opc == 0xDE && modrm == 0xD9) return "fcompp";
    if (opc == 0xDF && modrm == 0xE0) return "fnstsw ax";
    return NULL;
}

int x87_disasm(uint8_t opcode, uint8_t modrm, const char *mem_text,
               char *buf, unsigned bufsize)
{
    if (opcode < 0xD8 || opcode > 0xDF || !buf || bufsize == 0) return -1;
    unsigned g = opcode - 0xD8, reg = (modrm >> 3) & 7, i = modrm & 7;
    int n;
    if (modrm < 0xC0) {
        const char *name = mem_tab[g][reg].name;
        const char *size = mem_tab[g][reg].size;
        if (!mem_text) mem_text = "[?]";
        if (!name)
            n = snprintf(buf, bufsize, "(bad) %s", mem_text);
        else if (size[0])
            n = snprintf(buf, bufsize, "%s %s %s", name, size, mem_text);
        else
            n = snprintf(buf, bufsize, "%s %s", name, mem_text);
        return n < 0 ? -1 : (int)strlen(buf);
    }
    const char *s = single(opcode, modrm);
    if (s) {
        n = snprintf(buf, bufsize, "%s", s);
        return n < 0 ? -1 : (int)strlen(buf);
    }
    const char *name = reg_tab[g][reg].name;
    if (!name || (opcode == 0xD9 && reg >= 4) ||
        (opcode == 0xDE && reg == 3)) {
        n = snprintf(buf, bufsize, "(bad)");
        return n < 0 ? -1 : (int)strlen(buf);
    }
    switch (reg_tab[g][reg].shape) {
    case R_ST0_STI: n = snprintf(buf, bufsize, "%s st0, st%u", name, i); break;
    case R_STI_ST0: n = snprintf(buf, bufsize, "%s st%u, st0", name, i); break;
    default: n = snprintf(buf, bufsize, "%s st%u", name, i); break;
    }
    return n < 0 ? -1 : (int)strlen(buf);
}
