/*
 * cpu/pm_paging.c — the two-level 386/486 page walk (pm_page_walk hook):
 * page directory and page table lookup from CR3, combined U/S and R/W
 * protection of PDE and PTE, CR0.WP for supervisor writes (486), accessed
 * and dirty bits, #PF with CR2 and the error code; plus the side-effect-
 * free debugger probe.  The TLB in front of it belongs to the core.
 *
 * Authority: Intel 386 PRM 5.2 (page translation), 6.4 (page-level
 * protection, table 6-5 combining directory and page protection), 9.8.14
 * (#PF error code: P, W/R, U/S); 486 PRM 4.x (CR0.WP) and 6.4.1.3.
 */
#include "cpu/pm.h"

enum { PG_P = 1, PG_RW = 2, PG_US = 4, PG_A = 0x20, PG_D = 0x40 };

static uint32_t pt_read(Cpu *cpu, uint32_t phys)
{
    return mem_read32(cpu->mem, phys & cpu->mem->a20_mask);
}

static void pt_write(Cpu *cpu, uint32_t phys, uint32_t v)
{
    mem_write32(cpu->mem, phys & cpu->mem->a20_mask, v);
}

CPU_NORETURN static void page_fault(Cpu *cpu, uint32_t lin, bool present,
                                    AccessKind acc, bool user)
{
    cpu->cr[2] = lin;
    int err = (present ? 1 : 0) | (acc == ACC_WRITE ? 2 : 0) | (user ? 4 : 0);
    cpu_exception(cpu, EXC_PF, err);
}

uint32_t pm_page_walk(Cpu *cpu, uint32_t lin, AccessKind acc, bool user)
{
    uint32_t pde_addr = (cpu->cr[3] & 0xFFFFF000u) | ((lin >> 20) & 0xFFC);
    uint32_t pde = pt_read(cpu, pde_addr);
    if (!(pde & PG_P))
        page_fault(cpu, lin, false, acc, user);
    uint32_t pte_addr = (pde & 0xFFFFF000u) | ((lin >> 10) & 0xFFC);
    uint32_t pte = pt_read(cpu, pte_addr);
    if (!(pte & PG_P))
        page_fault(cpu, lin, false, acc, user);
    /* 386 PRM table 6-5: the effective right is the more restrictive of
     * the directory and page entries. */
    uint32_t both = pde & pte;
    bool write = acc == ACC_WRITE;
    if (user) {
        if (!(both & PG_US) || (write && !(both & PG_RW)))
            page_fault(cpu, lin, true, acc, user);
    } else if (write && (cpu->cr[0] & CR0_WP) && !(both & PG_RW)) {
        page_fault(cpu, lin, true, acc, user);
    }
    if (!(pde & PG_A))
        pt_write(cpu, pde_addr, pde | PG_A);
    uint32_t npte = pte | PG_A | (write ? PG_D : 0);
    if (npte != pte)
        pt_write(cpu, pte_addr, npte);
    return (pte & 0xFFFFF000u) | (lin & 0xFFF);
}

bool pm_page_probe(Cpu *cpu, uint32_t lin, bool write, uint32_t *phys)
{
    (void)write;
    uint32_t pde = pt_read(cpu, (cpu->cr[3] & 0xFFFFF000u) |
                                    ((lin >> 20) & 0xFFC));
    if (!(pde & PG_P))
        return false;
    uint32_t pte = pt_read(cpu, (pde & 0xFFFFF000u) | ((lin >> 10) & 0xFFC));
    if (!(pte & PG_P))
        return false;
    *phys = (pte & 0xFFFFF000u) | (lin & 0xFFF);
    return true;
}
