// Package linalg holds the small dense linear algebra of the solvers:
// Gaussian elimination and LU factorisations with partial pivoting, real
// and complex (LUEliminate, LUSolve), the kernel factorisations of the
// path follower (QR, BorderedLU) and a few vector helpers.
package linalg
