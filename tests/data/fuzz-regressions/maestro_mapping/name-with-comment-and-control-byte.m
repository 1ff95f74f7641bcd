Network n {
Layer A // note 
B {
Type: CONV
Dimensions { K: 2, C: 2, Y: 3, X: 3, R: 1, S: 1 }
Dataflow {
SpatialMap(1,1) K;
TemporalMap(1,1) C;
}
}
}
