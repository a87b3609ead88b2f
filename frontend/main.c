/*
 * frontend/main.c — command line entry point (skeleton; being filled in).
 */
#include <stdio.h>
#include <string.h>

#include "config.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("px86 %s\n", PX86_VERSION);
        return 0;
    }
    fprintf(stderr, "px86: not functional yet\n");
    return 1;
}
