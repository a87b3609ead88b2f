/*
 * hw/machine_config.c — default machine configuration (kept apart from
 * hw/machine.c so option parsing can be tested without a whole machine).
 */
#include <string.h>

#include "hw/machine.h"

void machine_config_defaults(MachineConfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->cpu.model = CPU_486;
    cfg->cpu.fpu = true;
    cfg->ram_mb = 16;
    strcpy(cfg->boot_order, "ac");
    cfg->debug_exit_port = 0xF4;
    cfg->clock = GUEST_CLOCK_REALTIME;
    cfg->virtual_mips = 100;
}
