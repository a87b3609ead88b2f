/*
 * hw/keycodes.c — the key tables generated from PX86_KEYS, the scancode
 * set 3 table, and ASCII to key mapping for a US layout (used by the
 * script command `type`).
 */
#include "hw/keycodes.h"

#include <string.h>

const char *const keycode_names[KEY_COUNT] = {
    [KEY_NONE] = "none",
#define PX86_KEY_NAME(name, str, set2) [KEY_##name] = str,
    PX86_KEYS(PX86_KEY_NAME)
#undef PX86_KEY_NAME
};

const unsigned short keycode_set2[KEY_COUNT] = {
#define PX86_KEY_SET2(name, str, set2) [KEY_##name] = set2,
    PX86_KEYS(PX86_KEY_SET2)
#undef PX86_KEY_SET2
};

/* Scancode set 3 (IBM PS/2 keyboard technical reference, scan code set 3
 * table; the Windows keys as in Microsoft's keyboard scan code
 * specification).  Every key is one byte: no E0/E1 prefixes, and Pause
 * and Print Screen are ordinary keys. */
const unsigned char keycode_set3[KEY_COUNT] = {
    [KEY_ESC] = 0x08, [KEY_F1] = 0x07, [KEY_F2] = 0x0F, [KEY_F3] = 0x17,
    [KEY_F4] = 0x1F, [KEY_F5] = 0x27, [KEY_F6] = 0x2F, [KEY_F7] = 0x37,
    [KEY_F8] = 0x3F, [KEY_F9] = 0x47, [KEY_F10] = 0x4F, [KEY_F11] = 0x56,
    [KEY_F12] = 0x5E, [KEY_PRINTSCREEN] = 0x57, [KEY_SCROLLLOCK] = 0x5F,
    [KEY_PAUSE] = 0x62,
    [KEY_GRAVE] = 0x0E, [KEY_1] = 0x16, [KEY_2] = 0x1E, [KEY_3] = 0x26,
    [KEY_4] = 0x25, [KEY_5] = 0x2E, [KEY_6] = 0x36, [KEY_7] = 0x3D,
    [KEY_8] = 0x3E, [KEY_9] = 0x46, [KEY_0] = 0x45, [KEY_MINUS] = 0x4E,
    [KEY_EQUAL] = 0x55, [KEY_BACKSPACE] = 0x66,
    [KEY_TAB] = 0x0D, [KEY_Q] = 0x15, [KEY_W] = 0x1D, [KEY_E] = 0x24,
    [KEY_R] = 0x2D, [KEY_T] = 0x2C, [KEY_Y] = 0x35, [KEY_U] = 0x3C,
    [KEY_I] = 0x43, [KEY_O] = 0x44, [KEY_P] = 0x4D, [KEY_LBRACKET] = 0x54,
    [KEY_RBRACKET] = 0x5B, [KEY_BACKSLASH] = 0x5C,
    [KEY_CAPSLOCK] = 0x14, [KEY_A] = 0x1C, [KEY_S] = 0x1B, [KEY_D] = 0x23,
    [KEY_F] = 0x2B, [KEY_G] = 0x34, [KEY_H] = 0x33, [KEY_J] = 0x3B,
    [KEY_K] = 0x42, [KEY_L] = 0x4B, [KEY_SEMICOLON] = 0x4C,
    [KEY_APOSTROPHE] = 0x52, [KEY_ENTER] = 0x5A,
    [KEY_LSHIFT] = 0x12, [KEY_NONUS_BACKSLASH] = 0x13, [KEY_Z] = 0x1A,
    [KEY_X] = 0x22, [KEY_C] = 0x21, [KEY_V] = 0x2A, [KEY_B] = 0x32,
    [KEY_N] = 0x31, [KEY_M] = 0x3A, [KEY_COMMA] = 0x41, [KEY_DOT] = 0x49,
    [KEY_SLASH] = 0x4A, [KEY_RSHIFT] = 0x59,
    [KEY_LCTRL] = 0x11, [KEY_LGUI] = 0x8B, [KEY_LALT] = 0x19,
    [KEY_SPACE] = 0x29, [KEY_RALT] = 0x39, [KEY_RGUI] = 0x8C,
    [KEY_MENU] = 0x8D, [KEY_RCTRL] = 0x58,
    [KEY_INSERT] = 0x67, [KEY_HOME] = 0x6E, [KEY_PAGEUP] = 0x6F,
    [KEY_DELETE] = 0x64, [KEY_END] = 0x65, [KEY_PAGEDOWN] = 0x6D,
    [KEY_UP] = 0x63, [KEY_LEFT] = 0x61, [KEY_DOWN] = 0x60, [KEY_RIGHT] = 0x6A,
    [KEY_NUMLOCK] = 0x76, [KEY_KP_DIVIDE] = 0x77, [KEY_KP_MULTIPLY] = 0x7E,
    [KEY_KP_MINUS] = 0x84, [KEY_KP_PLUS] = 0x7C, [KEY_KP_ENTER] = 0x79,
    [KEY_KP_DOT] = 0x71, [KEY_KP_0] = 0x70, [KEY_KP_1] = 0x69,
    [KEY_KP_2] = 0x72, [KEY_KP_3] = 0x7A, [KEY_KP_4] = 0x6B,
    [KEY_KP_5] = 0x73, [KEY_KP_6] = 0x74, [KEY_KP_7] = 0x6C,
    [KEY_KP_8] = 0x75, [KEY_KP_9] = 0x7D,
};

static const struct { const char *alias; KeyCode key; } key_aliases[] = {
    {"enter", KEY_ENTER},    {"return", KEY_ENTER},   {"escape", KEY_ESC},
    {"space", KEY_SPACE},    {"del", KEY_DELETE},     {"ins", KEY_INSERT},
    {"pageup", KEY_PAGEUP},  {"pagedown", KEY_PAGEDOWN},
    {"lshift", KEY_LSHIFT},  {"rshift", KEY_RSHIFT},  {"control", KEY_LCTRL},
    {"lctrl", KEY_LCTRL},    {"rctrl", KEY_RCTRL},    {"lalt", KEY_LALT},
    {"ralt", KEY_RALT},      {"altgr", KEY_RALT},     {"win", KEY_LGUI},
    {"capslock", KEY_CAPSLOCK}, {"numlock", KEY_NUMLOCK},
    {"scrolllock", KEY_SCROLLLOCK}, {"printscreen", KEY_PRINTSCREEN},
    {"prtsc", KEY_PRINTSCREEN}, {"sysrq", KEY_PRINTSCREEN},
    {"break", KEY_PAUSE},    {"backtick", KEY_GRAVE},
};

KeyCode keycode_from_name(const char *name)
{
    for (int k = 1; k < KEY_COUNT; k++)
        if (strcmp(keycode_names[k], name) == 0)
            return (KeyCode)k;
    for (size_t i = 0; i < sizeof key_aliases / sizeof key_aliases[0]; i++)
        if (strcmp(key_aliases[i].alias, name) == 0)
            return key_aliases[i].key;
    return KEY_NONE;
}

/* US layout: unshifted and shifted characters of the printable keys. */
static const struct { char plain, shifted; KeyCode key; } ascii_keys[] = {
    {'`', '~', KEY_GRAVE},  {'1', '!', KEY_1},  {'2', '@', KEY_2},
    {'3', '#', KEY_3},      {'4', '$', KEY_4},  {'5', '%', KEY_5},
    {'6', '^', KEY_6},      {'7', '&', KEY_7},  {'8', '*', KEY_8},
    {'9', '(', KEY_9},      {'0', ')', KEY_0},  {'-', '_', KEY_MINUS},
    {'=', '+', KEY_EQUAL},  {'[', '{', KEY_LBRACKET},
    {']', '}', KEY_RBRACKET}, {'\\', '|', KEY_BACKSLASH},
    {';', ':', KEY_SEMICOLON}, {'\'', '"', KEY_APOSTROPHE},
    {',', '<', KEY_COMMA},  {'.', '>', KEY_DOT}, {'/', '?', KEY_SLASH},
    {' ', ' ', KEY_SPACE},  {'\n', '\n', KEY_ENTER}, {'\t', '\t', KEY_TAB},
    {'\b', '\b', KEY_BACKSPACE}, {27, 27, KEY_ESC},
};

static const KeyCode letter_keys[26] = {
    KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
    KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
    KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
};

KeyCode keycode_from_ascii(char c, int *needs_shift)
{
    *needs_shift = 0;
    if (c >= 'a' && c <= 'z')
        return letter_keys[c - 'a'];
    if (c >= 'A' && c <= 'Z') {
        *needs_shift = 1;
        return letter_keys[c - 'A'];
    }
    for (size_t i = 0; i < sizeof ascii_keys / sizeof ascii_keys[0]; i++) {
        if (ascii_keys[i].plain == c)
            return ascii_keys[i].key;
        if (ascii_keys[i].shifted == c) {
            *needs_shift = 1;
            return ascii_keys[i].key;
        }
    }
    return KEY_NONE;
}
