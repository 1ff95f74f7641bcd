#!/usr/bin/env python3
"""maestro_ref_timing.py -- time maestro_ref.py on the cases bench_costmodel writes.

Called by bench/bench_costmodel (not on its own, normally):
    python3 bench/maestro_ref_timing.py --ref DIR CASES_FILE [--min-seconds S]

CASES_FILE holds records
    @case ID pes=P noc_bw=B noc_lat=L offchip_bw=O simd=V runtime=R macs=M
    <MAESTRO mapping file text>
    @end
(B or O = -1: unlimited). Each mapping is parsed once; then maestro_ref.analyze_layer
is timed over all cases (repeated until --min-seconds have passed). Prints one line:
    evals=N seconds=S mismatches=K
where K counts cases whose runtime or MAC count differs from the C model's
(which was run in maestro mode), as a cross-check that both timed the same work.
"""
import argparse
import re
import sys
import time

INT_MAX = 2 ** 31 - 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ref', required=True, help='folder holding maestro_ref.py')
    ap.add_argument('--min-seconds', type=float, default=2.0)
    ap.add_argument('cases')
    a = ap.parse_args()
    sys.path.insert(0, a.ref)
    import maestro_ref as ref
    text = open(a.cases).read()
    cases = []
    for hdr, body in re.findall(r'@case (.*?)\n(.*?)@end\n', text, re.S):
        kv = dict(x.split('=') for x in hdr.split()[1:])
        hw = dict(num_pes=int(kv['pes']),
                  noc_bw=INT_MAX if int(kv['noc_bw']) < 0 else int(kv['noc_bw']),
                  noc_lat=int(kv['noc_lat']),
                  offchip_bw=INT_MAX if int(kv['offchip_bw']) < 0 else int(kv['offchip_bw']),
                  simd=int(kv['simd']))
        layer = ref.parse_mapping(body)[0]
        cases.append((layer, hw, int(kv['runtime']), int(kv['macs'])))
    mismatches = 0
    for layer, hw, rt, macs in cases:
        r = ref.analyze_layer(layer, hw, 'head')
        if r['runtime'] != rt or r['macs'] != macs:
            mismatches += 1
    n = 0
    t0 = time.process_time()  # CPU time, like the C side
    while True:
        for layer, hw, _, _ in cases:
            ref.analyze_layer(layer, hw, 'head')
            n += 1
        el = time.process_time() - t0
        if el >= a.min_seconds:
            break
    print(f"evals={n} seconds={el:.6f} mismatches={mismatches}")


if __name__ == '__main__':
    main()
