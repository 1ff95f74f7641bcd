# Benchmarks: built on demand with `make bench`, never run by make check.
