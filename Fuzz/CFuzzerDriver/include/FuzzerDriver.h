#ifndef OCNNA_FUZZER_DRIVER_H
#define OCNNA_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry for programs with their own main: SwiftPM gives every executable a
/// main of its own (linked as `main=<Module>_main`), so the targets call this instead of
/// exporting LLVMFuzzerTestOneInput and letting libFuzzer's main run.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

#endif
