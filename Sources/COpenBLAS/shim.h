// OpenBLAS's CBLAS interface; Debian keeps cblas.h under the openblas include folder that
// pkg-config names, not in /usr/include.
#include <cblas.h>
