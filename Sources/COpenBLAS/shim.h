// OpenBLAS's CBLAS interface; Debian keeps cblas.h under the openblas include folder that
// pkg-config names, not in /usr/include.
#include <cblas.h>

// LAPACK's symmetric eigenvalue driver, which Debian's libopenblas also exports.
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info);
