Network n {
Layer L {
Type: GEMM
Dimensions { M: 2147483647, N: 2147483647, K: 2147483647 }
Dataflow {
SpatialMap(1,1) M;
TemporalMap(1,1) N;
TemporalMap(1,1) K;
}
}
}
