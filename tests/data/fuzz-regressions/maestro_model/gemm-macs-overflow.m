Network n {
Layer L {
Type: GEMM
Dimensions { M: 4194304, N: 4194304, K: 2147483647 }
}
}
