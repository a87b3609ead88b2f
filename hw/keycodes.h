/*
 * hw/keycodes.h — physical keys of a US 104/105-key PC keyboard.
 *
 * One table describes every key: its px86 name (used by front ends and by
 * the script command `key`) and its scancode set 2 make code (0xE0xx for
 * extended keys).  Break codes are derived (F0 before the last byte).
 * Pause and Print Screen have irregular sequences and are special-cased by
 * the keyboard model.  Front ends map host keys to KeyCode; the PS/2
 * keyboard maps KeyCode to scancodes.  Scancode set 3 has its own table
 * (keycode_set3, one regular byte per key).
 */
#ifndef PX86_HW_KEYCODES_H
#define PX86_HW_KEYCODES_H

/* KEYDEF(ENUM, "script-name", set2) */
#define PX86_KEYS(KEYDEF)                                                     \
    KEYDEF(ESC, "esc", 0x76) KEYDEF(F1, "f1", 0x05) KEYDEF(F2, "f2", 0x06)               \
    KEYDEF(F3, "f3", 0x04) KEYDEF(F4, "f4", 0x0C) KEYDEF(F5, "f5", 0x03)                 \
    KEYDEF(F6, "f6", 0x0B) KEYDEF(F7, "f7", 0x83) KEYDEF(F8, "f8", 0x0A)                 \
    KEYDEF(F9, "f9", 0x01) KEYDEF(F10, "f10", 0x09) KEYDEF(F11, "f11", 0x78)             \
    KEYDEF(F12, "f12", 0x07) KEYDEF(PRINTSCREEN, "print", 0xE07C)                   \
    KEYDEF(SCROLLLOCK, "scroll_lock", 0x7E) KEYDEF(PAUSE, "pause", 0xE114)          \
    KEYDEF(GRAVE, "grave_accent", 0x0E) KEYDEF(1, "1", 0x16) KEYDEF(2, "2", 0x1E)        \
    KEYDEF(3, "3", 0x26) KEYDEF(4, "4", 0x25) KEYDEF(5, "5", 0x2E) KEYDEF(6, "6", 0x36)       \
    KEYDEF(7, "7", 0x3D) KEYDEF(8, "8", 0x3E) KEYDEF(9, "9", 0x46) KEYDEF(0, "0", 0x45)       \
    KEYDEF(MINUS, "minus", 0x4E) KEYDEF(EQUAL, "equal", 0x55)                       \
    KEYDEF(BACKSPACE, "backspace", 0x66) KEYDEF(TAB, "tab", 0x0D)                   \
    KEYDEF(Q, "q", 0x15) KEYDEF(W, "w", 0x1D) KEYDEF(E, "e", 0x24) KEYDEF(R, "r", 0x2D)       \
    KEYDEF(T, "t", 0x2C) KEYDEF(Y, "y", 0x35) KEYDEF(U, "u", 0x3C) KEYDEF(I, "i", 0x43)       \
    KEYDEF(O, "o", 0x44) KEYDEF(P, "p", 0x4D) KEYDEF(LBRACKET, "bracket_left", 0x54)     \
    KEYDEF(RBRACKET, "bracket_right", 0x5B) KEYDEF(BACKSLASH, "backslash", 0x5D)    \
    KEYDEF(CAPSLOCK, "caps_lock", 0x58) KEYDEF(A, "a", 0x1C) KEYDEF(S, "s", 0x1B)        \
    KEYDEF(D, "d", 0x23) KEYDEF(F, "f", 0x2B) KEYDEF(G, "g", 0x34) KEYDEF(H, "h", 0x33)       \
    KEYDEF(J, "j", 0x3B) KEYDEF(K, "k", 0x42) KEYDEF(L, "l", 0x4B)                       \
    KEYDEF(SEMICOLON, "semicolon", 0x4C) KEYDEF(APOSTROPHE, "apostrophe", 0x52)     \
    KEYDEF(ENTER, "ret", 0x5A) KEYDEF(LSHIFT, "shift", 0x12) KEYDEF(Z, "z", 0x1A)        \
    KEYDEF(X, "x", 0x22) KEYDEF(C, "c", 0x21) KEYDEF(V, "v", 0x2A) KEYDEF(B, "b", 0x32)       \
    KEYDEF(N, "n", 0x31) KEYDEF(M, "m", 0x3A) KEYDEF(COMMA, "comma", 0x41)               \
    KEYDEF(DOT, "dot", 0x49) KEYDEF(SLASH, "slash", 0x4A)                           \
    KEYDEF(RSHIFT, "shift_r", 0x59) KEYDEF(LCTRL, "ctrl", 0x14)                     \
    KEYDEF(LGUI, "meta_l", 0xE01F) KEYDEF(LALT, "alt", 0x11) KEYDEF(SPACE, "spc", 0x29)  \
    KEYDEF(RALT, "alt_r", 0xE011) KEYDEF(RGUI, "meta_r", 0xE027)                    \
    KEYDEF(MENU, "menu", 0xE02F) KEYDEF(RCTRL, "ctrl_r", 0xE014)                    \
    KEYDEF(INSERT, "insert", 0xE070) KEYDEF(HOME, "home", 0xE06C)                   \
    KEYDEF(PAGEUP, "pgup", 0xE07D) KEYDEF(DELETE, "delete", 0xE071)                 \
    KEYDEF(END, "end", 0xE069) KEYDEF(PAGEDOWN, "pgdn", 0xE07A)                     \
    KEYDEF(UP, "up", 0xE075) KEYDEF(LEFT, "left", 0xE06B) KEYDEF(DOWN, "down", 0xE072)   \
    KEYDEF(RIGHT, "right", 0xE074) KEYDEF(NUMLOCK, "num_lock", 0x77)                \
    KEYDEF(KP_DIVIDE, "kp_divide", 0xE04A) KEYDEF(KP_MULTIPLY, "kp_multiply", 0x7C) \
    KEYDEF(KP_MINUS, "kp_subtract", 0x7B) KEYDEF(KP_PLUS, "kp_add", 0x79)           \
    KEYDEF(KP_ENTER, "kp_enter", 0xE05A) KEYDEF(KP_DOT, "kp_decimal", 0x71)         \
    KEYDEF(KP_0, "kp_0", 0x70) KEYDEF(KP_1, "kp_1", 0x69) KEYDEF(KP_2, "kp_2", 0x72)     \
    KEYDEF(KP_3, "kp_3", 0x7A) KEYDEF(KP_4, "kp_4", 0x6B) KEYDEF(KP_5, "kp_5", 0x73)     \
    KEYDEF(KP_6, "kp_6", 0x74) KEYDEF(KP_7, "kp_7", 0x6C) KEYDEF(KP_8, "kp_8", 0x75)     \
    KEYDEF(KP_9, "kp_9", 0x7D) KEYDEF(NONUS_BACKSLASH, "less", 0x61)

typedef enum KeyCode {
    KEY_NONE = 0,
#define PX86_KEY_ENUM(name, str, set2) KEY_##name,
    PX86_KEYS(PX86_KEY_ENUM)
#undef PX86_KEY_ENUM
    KEY_COUNT
} KeyCode;

/* Lookup tables (hw/keycodes.c). */
extern const char *const keycode_names[KEY_COUNT];
extern const unsigned short keycode_set2[KEY_COUNT];
/* Scancode set 3 make codes (one byte for every key; break = F0 + make);
 * 0 for none (hw/keycodes.c). */
extern const unsigned char keycode_set3[KEY_COUNT];
/* Name ("a", "ctrl", "f1", also aliases such as "enter", "delete", "del",
 * "escape", "space", "backspace", "pageup") -> KeyCode, or KEY_NONE. */
KeyCode keycode_from_name(const char *name);
/* ASCII character -> key and whether Shift is needed on a US layout;
 * returns KEY_NONE for characters that have no key. */
KeyCode keycode_from_ascii(char c, int *needs_shift);

/* Lock-key LED bits as the keyboard reports them (PS/2 ED command). */
enum { KBD_LED_SCROLL = 1, KBD_LED_NUM = 2, KBD_LED_CAPS = 4 };

#endif
