/*
 * hw/keycodes.c — the key tables generated from PX86_KEYS, and ASCII to key
 * mapping for a US layout (used by the script command `type`).
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
