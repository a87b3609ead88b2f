/*
 * frontend/cp437.h — code page 437 (the PC's character set) to UTF-8.
 */
#ifndef PX86_FRONTEND_CP437_H
#define PX86_FRONTEND_CP437_H

/* UTF-8 text of each CP437 byte; 0x00 maps to a space. */
extern const char *const cp437_utf8[256];

#endif
