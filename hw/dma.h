/*
 * hw/dma.h — the two cascaded 8237A DMA controllers of the PC/AT
 * (channels 0-3 byte-wide at 0x00-0x0F, channels 4-7 word-wide at
 * 0xC0-0xDF with channel 4 as the cascade), the page registers at
 * 0x80-0x8F, and port 0x80 as the POST code port.
 *
 * The controller installs itself as the bus DMA engine (bus->dma_transfer,
 * see hw/bus.h): a device asks to move bytes on its channel and the
 * programmed address/count/mode decide where they go.
 */
#ifndef PX86_HW_DMA_H
#define PX86_HW_DMA_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"

typedef struct Dma Dma;
/* Called on every write to port 0x80 (POST codes, -d post). */
typedef void (*dma_post_fn)(void *opaque, uint8_t code);

Dma *dma_create(Bus *bus);
void dma_reset(Dma *dma);
void dma_destroy(Dma *dma);
Device dma_device(Dma *dma);
int dma_save(Dma *dma, StateWriter *w);
int dma_load(Dma *dma, StateReader *r);

void dma_set_post_hook(Dma *dma, dma_post_fn fn, void *opaque);
uint8_t dma_post_code(const Dma *dma); /* last byte written to 0x80 */
/* A device's DREQ line (shown in the status register request bits). */
void dma_set_dreq(Dma *dma, unsigned chan, bool level);

/* Debugger view of a channel: current address (bytes, with page) and
 * remaining count (units - 1), mode byte, mask. */
typedef struct DmaChannelInfo {
    uint32_t phys;
    uint16_t count;
    uint8_t mode;
    bool masked;
} DmaChannelInfo;
void dma_channel_info(const Dma *dma, unsigned chan, DmaChannelInfo *out);

#endif
