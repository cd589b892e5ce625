// SPDX-License-Identifier: MIT
// Stands in for the OpenBLAS that the opencv-contrib-python(-headless) wheel ships (37 MB, with
// libgfortran and libquadmath) and forwards cv2's BLAS/LAPACK calls to the OpenBLAS that numpy
// ships and the bundle carries anyway. Linux bundles only; build/tucai_desk.spec compiles it with
// the SONAME cv2 links, and ships the wheel's own library instead when anything does not fit.
//
// cv2 imports exactly the functions below (`nm -D --undefined-only cv2.abi3.so` against the
// wheel's OpenBLAS exports; the spec checks that again on every build). numpy's OpenBLAS is the
// ILP64 build: 64-bit integers, symbols suffixed `64_`, so every integer is widened on the way in,
// narrowed on the way out, and integer arrays (pivots, workspace) go through a 64-bit copy.
// Fortran routines with CHARACTER arguments also get the hidden string lengths (1) that gfortran
// expects at the end; OpenCV passes single characters.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef int32_t i32;
typedef int64_t i64;

// ---- CBLAS: enums are int in both builds; sizes are 32-bit here, 64-bit there.

#define GEMM_REAL(p, T)                                                                            \
    void cblas_##p##gemm64_(int, int, int, i64, i64, i64, T, const T *, i64, const T *, i64, T,    \
                            T *, i64);                                                             \
    void cblas_##p##gemm(int order, int ta, int tb, i32 m, i32 n, i32 k, T alpha, const T *a,      \
                         i32 lda, const T *b, i32 ldb, T beta, T *c, i32 ldc) {                    \
        cblas_##p##gemm64_(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);           \
    }
GEMM_REAL(s, float)
GEMM_REAL(d, double)

#define GEMM_COMPLEX(p)                                                                            \
    void cblas_##p##gemm64_(int, int, int, i64, i64, i64, const void *, const void *, i64,         \
                            const void *, i64, const void *, void *, i64);                         \
    void cblas_##p##gemm(int order, int ta, int tb, i32 m, i32 n, i32 k, const void *alpha,        \
                         const void *a, i32 lda, const void *b, i32 ldb, const void *beta,         \
                         void *c, i32 ldc) {                                                       \
        cblas_##p##gemm64_(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);           \
    }
GEMM_COMPLEX(c)
GEMM_COMPLEX(z)

// ---- LAPACK (Fortran calling convention: everything by pointer).

static i64 *scratch(i64 n) {  // a 64-bit integer array for pivots or workspace
    return malloc((size_t)(n > 0 ? n : 1) * sizeof(i64));
}

static void narrow(i32 *dst, const i64 *src, i64 n) {
    for (i64 i = 0; i < n; i++) dst[i] = (i32)src[i];
}

#define NO_MEMORY(info) (*(info) = -1000)  // not a LAPACK code: OpenCV reports the call failed

#define GESV(p, T)                                                                                 \
    void p##gesv_64_(i64 *, i64 *, T *, i64 *, i64 *, T *, i64 *, i64 *);                          \
    void p##gesv_(i32 *n, i32 *nrhs, T *a, i32 *lda, i32 *ipiv, T *b, i32 *ldb, i32 *info) {       \
        i64 n_ = *n, nrhs_ = *nrhs, lda_ = *lda, ldb_ = *ldb, info_ = 0;                           \
        i64 *ipiv_ = scratch(n_);                                                                  \
        if (ipiv_ == NULL) { NO_MEMORY(info); return; }                                            \
        p##gesv_64_(&n_, &nrhs_, a, &lda_, ipiv_, b, &ldb_, &info_);                               \
        narrow(ipiv, ipiv_, n_);                                                                   \
        free(ipiv_);                                                                               \
        *info = (i32)info_;                                                                        \
    }
GESV(s, float)
GESV(d, double)

#define GETRF(p, T)                                                                                \
    void p##getrf_64_(i64 *, i64 *, T *, i64 *, i64 *, i64 *);                                     \
    void p##getrf_(i32 *m, i32 *n, T *a, i32 *lda, i32 *ipiv, i32 *info) {                         \
        i64 m_ = *m, n_ = *n, lda_ = *lda, info_ = 0, k = m_ < n_ ? m_ : n_;                       \
        i64 *ipiv_ = scratch(k);                                                                   \
        if (ipiv_ == NULL) { NO_MEMORY(info); return; }                                            \
        p##getrf_64_(&m_, &n_, a, &lda_, ipiv_, &info_);                                           \
        narrow(ipiv, ipiv_, k);                                                                    \
        free(ipiv_);                                                                               \
        *info = (i32)info_;                                                                        \
    }
GETRF(s, float)
GETRF(d, double)

#define POTRF(p, T)                                                                                \
    void p##potrf_64_(char *, i64 *, T *, i64 *, i64 *, size_t);                                   \
    void p##potrf_(char *uplo, i32 *n, T *a, i32 *lda, i32 *info) {                                \
        i64 n_ = *n, lda_ = *lda, info_ = 0;                                                       \
        p##potrf_64_(uplo, &n_, a, &lda_, &info_, 1);                                              \
        *info = (i32)info_;                                                                        \
    }
POTRF(s, float)
POTRF(d, double)

#define POSV(p, T)                                                                                 \
    void p##posv_64_(char *, i64 *, i64 *, T *, i64 *, T *, i64 *, i64 *, size_t);                 \
    void p##posv_(char *uplo, i32 *n, i32 *nrhs, T *a, i32 *lda, T *b, i32 *ldb, i32 *info) {      \
        i64 n_ = *n, nrhs_ = *nrhs, lda_ = *lda, ldb_ = *ldb, info_ = 0;                           \
        p##posv_64_(uplo, &n_, &nrhs_, a, &lda_, b, &ldb_, &info_, 1);                             \
        *info = (i32)info_;                                                                        \
    }
POSV(s, float)
POSV(d, double)

#define GEQRF(p, T)                                                                                \
    void p##geqrf_64_(i64 *, i64 *, T *, i64 *, T *, T *, i64 *, i64 *);                           \
    void p##geqrf_(i32 *m, i32 *n, T *a, i32 *lda, T *tau, T *work, i32 *lwork, i32 *info) {       \
        i64 m_ = *m, n_ = *n, lda_ = *lda, lwork_ = *lwork, info_ = 0;                             \
        p##geqrf_64_(&m_, &n_, a, &lda_, tau, work, &lwork_, &info_);                              \
        *info = (i32)info_;                                                                        \
    }
GEQRF(s, float)
GEQRF(d, double)

#define GELS(p, T)                                                                                 \
    void p##gels_64_(char *, i64 *, i64 *, i64 *, T *, i64 *, T *, i64 *, T *, i64 *, i64 *,       \
                     size_t);                                                                      \
    void p##gels_(char *trans, i32 *m, i32 *n, i32 *nrhs, T *a, i32 *lda, T *b, i32 *ldb,          \
                  T *work, i32 *lwork, i32 *info) {                                                \
        i64 m_ = *m, n_ = *n, nrhs_ = *nrhs, lda_ = *lda, ldb_ = *ldb, lwork_ = *lwork;            \
        i64 info_ = 0;                                                                             \
        p##gels_64_(trans, &m_, &n_, &nrhs_, a, &lda_, b, &ldb_, work, &lwork_, &info_, 1);        \
        *info = (i32)info_;                                                                        \
    }
GELS(s, float)
GELS(d, double)

#define GESDD(p, T)                                                                                \
    void p##gesdd_64_(char *, i64 *, i64 *, T *, i64 *, T *, T *, i64 *, T *, i64 *, T *, i64 *,   \
                      i64 *, i64 *, size_t);                                                       \
    void p##gesdd_(char *jobz, i32 *m, i32 *n, T *a, i32 *lda, T *s, T *u, i32 *ldu, T *vt,        \
                   i32 *ldvt, T *work, i32 *lwork, i32 *iwork_unused, i32 *info) {                 \
        i64 m_ = *m, n_ = *n, lda_ = *lda, ldu_ = *ldu, ldvt_ = *ldvt, lwork_ = *lwork;            \
        i64 info_ = 0, k = 8 * (m_ < n_ ? m_ : n_);                                                \
        i64 *iwork_ = scratch(k);                                                                  \
        if (iwork_ == NULL) { NO_MEMORY(info); return; }                                           \
        p##gesdd_64_(jobz, &m_, &n_, a, &lda_, s, u, &ldu_, vt, &ldvt_, work, &lwork_, iwork_,     \
                     &info_, 1);                                                                   \
        free(iwork_); /* workspace only: nothing to copy back */                                   \
        (void)iwork_unused;                                                                        \
        *info = (i32)info_;                                                                        \
    }
GESDD(s, float)
GESDD(d, double)

void dgeev_64_(char *, char *, i64 *, double *, i64 *, double *, double *, double *, i64 *,
               double *, i64 *, double *, i64 *, i64 *, size_t, size_t);
void dgeev_(char *jobvl, char *jobvr, i32 *n, double *a, i32 *lda, double *wr, double *wi,
            double *vl, i32 *ldvl, double *vr, i32 *ldvr, double *work, i32 *lwork, i32 *info) {
    i64 n_ = *n, lda_ = *lda, ldvl_ = *ldvl, ldvr_ = *ldvr, lwork_ = *lwork, info_ = 0;
    dgeev_64_(jobvl, jobvr, &n_, a, &lda_, wr, wi, vl, &ldvl_, vr, &ldvr_, work, &lwork_, &info_,
              1, 1);
    *info = (i32)info_;
}
