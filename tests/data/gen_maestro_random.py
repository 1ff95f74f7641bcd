#!/usr/bin/env python3
"""gen_maestro_random.py -- random single-layer MAESTRO mappings with the numbers
MAESTRO gives for them, for libdigamma's differential test (tests/test_maestro_random.c).

The expected numbers come from maestro_ref.py, the executable form of
reference/maestro-model.md, which reproduces MAESTRO HEAD 4eb08d1 bit-exactly.
maestro_ref.py is *not* part of this repository: give the folder that holds it
with --ref (default: ../shared/reference, relative to the repository root).

Usage (from the repository root):
    python3 tests/data/gen_maestro_random.py [--ref DIR] [--seed 20240601] [--count 1200] \
        [--out tests/data/maestro-random.txt]

Output: one text file, one record per case:
    @case ID kind=KIND pes=P noc_bw=B noc_lat=L offchip_bw=O simd=V variant=head|e1d8efd
    @expect valid=0|1 [runtime=.. macs=.. true_macs=.. l1=.. l2=.. l1sz=i,w,o l2sz=i,w,o
            l2rd=i,w,o l2wr=i,w,o l1rd=i,w,o l1wr=i,w,o energy=..]
    <the mapping file, MAESTRO notation>
    @end
valid=0 without numbers: MAESTRO terminates on the mapping. valid=0 with numbers:
MAESTRO reports numbers that must not be trusted (HEAD's R/S check, a top-level
Y'/X' tile beyond the output, degenerate sizes, e1d8efd's zero compute delay).
B or O = -1 means unlimited (MAESTRO's INT_MAX).

Mapping kinds:
  gamma       gamma's write_maestro: 1-3 levels, tile = offset, Y'/X', full R/S,
              inner tiles <= outer tiles, CONV / DSCONV / GEMM-as-CONV / FC-as-CONV
  gamma-fc, gamma-gemm   the same, tagged so the test also evaluates them as
              DG_LAYER_FC / DG_LAYER_GEMM through the public API
  wild        strides, sliding windows (offset < size), input-centric Y/X,
              omitted directives, two SpatialMaps, tiles beyond the dimension,
              partial R/S tiles, batch N, 1-4 levels
  gemm        MAESTRO's native GEMM (M, N, K)
"""
import argparse
import os
import random
import sys

INT_MAX = 2 ** 31 - 1


def load_ref(path):
    sys.path.insert(0, path)
    try:
        import maestro_ref  # noqa: E402
    except ImportError:
        sys.exit(f"gen_maestro_random.py: cannot import maestro_ref from {path} (use --ref DIR)")
    return maestro_ref


def rnd_dim(rng, lo, hi):
    # favour small and "round" sizes, sometimes odd ones
    if rng.random() < 0.3:
        return rng.choice([v for v in (1, 2, 3, 4, 7, 8, 14, 16, 28, 32, 56, 64, 96, 128) if lo <= v <= hi] or [lo])
    return rng.randint(lo, hi)


def tile(rng, bound):
    if bound <= 1:
        return 1
    r = rng.random()
    if r < 0.2:
        return bound
    if r < 0.35:
        return 1
    return rng.randint(1, bound)


def out_dim(i, f, s=1):
    return (i - f) // s + 1


# ---------------------------------------------------------------------------
# gamma style


def gamma_case(rng, sub):
    ltype = 'CONV'
    if sub == 'conv':
        K, C = rnd_dim(rng, 1, 128), rnd_dim(rng, 1, 128)
        R = rng.choice([1, 1, 3, 3, 3, 5, 7])
        S = R if rng.random() < 0.9 else rng.choice([1, 3])
        Y = rnd_dim(rng, max(R, 1), 34)
        X = rnd_dim(rng, max(S, 1), 34)
    elif sub == 'dsconv':
        ltype = 'DSCONV'
        K, C = 1, rnd_dim(rng, 1, 128)
        R = S = rng.choice([3, 3, 5])
        Y = rnd_dim(rng, R, 34)
        X = rnd_dim(rng, S, 34)
    elif sub == 'fc':
        K, C, Y, X, R, S = rnd_dim(rng, 1, 1024), rnd_dim(rng, 1, 1024), 1, 1, 1, 1
    else:  # GEMM lowered as gamma does: K=N, C=K, Y=M
        K, C, Y, X, R, S = rnd_dim(rng, 1, 256), rnd_dim(rng, 1, 512), rnd_dim(rng, 1, 256), 1, 1, 1
    dims = dict(K=K, C=C, Y=Y, X=X, R=R, S=S)
    outs = dict(K=K, C=C, Y=out_dim(Y, R), X=out_dim(X, S), R=R, S=S)
    nlev = rng.choices([1, 2, 3], weights=[2, 6, 1])[0]
    space = ['K', 'C', 'Y', 'X'] + (['R', 'S'] if rng.random() < 0.1 else [])
    # level 0 tiles in [1, dim]; Y/X tiles are output-centric
    tiles = [dict((d, tile(rng, outs[d])) for d in 'KCYXRS')]
    for d in 'RS':
        tiles[0][d] = outs[d]
    pdims, csizes = [rng.choice(space)], []
    for lv in range(1, nlev):
        t = dict((d, tile(rng, tiles[-1][d])) for d in 'KCYXRS')
        t['R'], t['S'] = R, S
        tiles.append(t)
        p = rng.choice(space)
        pdims.append(p)
        csizes.append(rng.randint(1, max(1, min(tiles[-2][p], 32))))
    U = 1
    for c in csizes:
        U *= c
    pes = U * rng.choice([1, 1, 2, 3, 4, 6, 8, 16, 32, 64]) + (rng.randint(0, U - 1) if U > 1 and rng.random() < 0.2 else 0)
    lines = []
    for lv in range(nlev):
        if lv > 0:
            lines.append(f"Cluster({csizes[lv - 1]},P);")
        order = list('KCYXRS')
        rng.shuffle(order)
        for d in order:
            if ltype == 'DSCONV' and d == 'K':
                continue
            sp = d == pdims[lv] or (ltype == 'DSCONV' and pdims[lv] == 'K' and d == 'C')
            name = d + "'" if d in 'YX' else d
            t = tiles[lv][d]
            lines.append(f"{'SpatialMap' if sp else 'TemporalMap'}({t},{t}) {name};")
    text = layer_text(ltype, [], dims, lines)
    return text, pes


def layer_text(ltype, stride, dims, lines, name='L'):
    s = f"Network gen {{\nLayer {name} {{\nType: {ltype}\n"
    if stride:
        s += "Stride { " + ", ".join(f"{k}: {v}" for k, v in stride) + " }\n"
    s += "Dimensions { " + ", ".join(f"{k}: {v}" for k, v in dims.items()) + " }\n"
    s += "Dataflow {\n" + "\n".join(lines) + "\n}\n}\n}\n"
    return s


# ---------------------------------------------------------------------------
# wild


def wild_case(rng):
    native = rng.random() < 0.15
    if native:
        return gemm_case(rng)
    ltype = rng.choice(['CONV', 'CONV', 'CONV', 'DSCONV'])
    R = rng.choice([1, 2, 3, 3, 5, 7])
    S = R if rng.random() < 0.8 else rng.choice([1, 3])
    sy = rng.choice([1, 1, 2, 2, 3])
    sx = sy if rng.random() < 0.8 else rng.choice([1, 2])
    Y, X = rnd_dim(rng, R, 30), rnd_dim(rng, S, 30)
    K = 1 if ltype == 'DSCONV' else rnd_dim(rng, 1, 64)
    C = rnd_dim(rng, 1, 64)
    dims = {}
    batch = rng.random() < 0.1
    if batch:
        dims['N'] = rng.choice([1, 2, 3])
    dims.update(K=K, C=C, Y=Y, X=X, R=R, S=S)
    full = dict(dims)
    full["Y'"], full["X'"] = Y - R + 1, X - S + 1
    nlev = rng.choices([1, 2, 3, 4], weights=[3, 5, 3, 1])[0]
    vars_all = [d for d in dims if not (ltype == 'DSCONV' and d == 'K')]
    lines = []
    csizes = []
    for lv in range(nlev):
        if lv > 0:
            c = rng.randint(1, 6)
            csizes.append(c)
            lines.append(f"Cluster({c},P);")
        centric = rng.choice(['in', 'out'])
        vs = list(vars_all)
        if centric == 'out':
            vs = ["Y'" if v == 'Y' else "X'" if v == 'X' else v for v in vs]
        rng.shuffle(vs)
        # omit some directives (they are inherited or unrolled), keep R/S for Y'/X'
        keep = [v for v in vs if rng.random() < 0.8 or v in ('R', 'S')]
        if not keep:
            keep = [vs[0]]
        nsp = 2 if rng.random() < 0.15 and len(keep) > 1 else 1
        pool = [v for v in keep if v not in ('R', 'S')] or keep
        sps = set(rng.sample(pool, min(nsp, len(pool))))
        for v in keep:
            base = full[v]
            if v in ('R', 'S'):
                if rng.random() < 0.9:
                    m = o = base
                else:  # a partial filter tile: HEAD rejects it
                    m = rng.randint(1, base)
                    o = rng.randint(1, m)
            else:
                m = tile(rng, base if lv == 0 else max(1, base // (lv + 1)))
                if rng.random() < 0.08:
                    m = base + rng.randint(1, 3)  # beyond the dimension
                if lv == 0 and v in ("Y'", "X'"):
                    m = min(m, base)
                o = m if rng.random() < 0.6 else rng.randint(1, m)
                if v in ('Y', 'X') and rng.random() < 0.3:
                    rf = R if v == 'Y' else S
                    m, o = max(m, rf), rng.choice([1, m])  # sliding window, MAESTRO example style
            kind = 'SpatialMap' if v in sps else 'TemporalMap'
            lines.append(f"{kind}({m},{o}) {v};")
    U = 1
    for c in csizes:
        U *= c
    pes = U * rng.randint(1, 12)
    stride = []
    if sy != 1 or sx != 1:
        stride = [('X', sx), ('Y', sy)]
    return layer_text(ltype, stride, dims, lines), pes


def gemm_case(rng):
    M, N, K = rnd_dim(rng, 1, 200), rnd_dim(rng, 1, 200), rnd_dim(rng, 1, 200)
    dims = dict(M=M, N=N, K=K)
    nlev = rng.choices([1, 2, 3], weights=[3, 5, 2])[0]
    lines, csizes = [], []
    tiles = dict(dims)
    for lv in range(nlev):
        if lv > 0:
            c = rng.randint(1, 8)
            csizes.append(c)
            lines.append(f"Cluster({c},P);")
        vs = ['M', 'N', 'K']
        rng.shuffle(vs)
        keep = [v for v in vs if rng.random() < 0.85] or [vs[0]]
        sps = set(rng.sample(keep, 2 if len(keep) > 1 and rng.random() < 0.15 else 1))
        for v in keep:
            m = tile(rng, tiles[v])
            o = m if rng.random() < 0.7 else rng.randint(1, m)
            tiles[v] = m
            lines.append(f"{'SpatialMap' if v in sps else 'TemporalMap'}({m},{o}) {v};")
    U = 1
    for c in csizes:
        U *= c
    pes = U * rng.randint(1, 16)
    return layer_text('GEMM', [], dims, lines), pes


# ---------------------------------------------------------------------------


def hw_for(rng):
    def bw():
        return -1 if rng.random() < 0.4 else rng.choice([1, 2, 4, 8, 16, 32, 64, 100, 1000])
    return dict(noc_bw=bw(), noc_lat=rng.choice([0, 1, 1, 1, 2, 4]),
                offchip_bw=-1 if rng.random() < 0.5 else rng.choice([1, 2, 4, 50, 1000, 70000]),
                simd=rng.choice([1, 1, 1, 2, 4]))


def true_macs(layer):
    d = layer['dims']
    st = layer['stride']
    if layer['type'] == 'GEMM':
        return d['M'] * d['N'] * d['K']
    oy = (d['Y'] - d['R']) // st.get('Y', 1) + 1
    ox = (d['X'] - d['S']) // st.get('X', 1) + 1
    k = 1 if layer['type'] == 'DSCONV' else d['K']
    return d.get('N', 1) * k * d['C'] * d['R'] * d['S'] * oy * ox


def head_rejects(layer):
    """HEAD 4eb08d1's check: a TemporalMap over R/S must be the whole filter (size = offset = dim)."""
    d = layer['dims']
    for x in layer['dataflow']:
        if x.kind == 'T' and x.var in ('R', 'S') and (x.size != x.ofs or x.size != d[x.var]):
            return True
    return False


def top_tile_beyond_output(layer):
    d = layer['dims']
    lv0 = []
    for x in layer['dataflow']:
        if x.kind == 'C':
            break
        lv0.append(x)
    for x in lv0:
        if x.var == "Y'" and x.size > d['Y'] - d['R'] + 1:
            return True
        if x.var == "X'" and x.size > d['X'] - d['S'] + 1:
            return True
    return False


def expected(ref, text, hwd, pes, variant):
    layer = ref.parse_mapping(text)[0]
    hw = dict(num_pes=pes, noc_bw=INT_MAX if hwd['noc_bw'] < 0 else hwd['noc_bw'], noc_lat=hwd['noc_lat'],
              offchip_bw=INT_MAX if hwd['offchip_bw'] < 0 else hwd['offchip_bw'], simd=hwd['simd'])
    ref.TRACE = []
    try:
        r = ref.analyze_layer(layer, hw, variant)
    except RuntimeError:
        return dict(valid=0), None
    finally:
        trace, ref.TRACE = ref.TRACE, None
    top, inner = r['top'], r['inner']
    names = ['input', 'filter', 'output']
    e = dict(runtime=r['runtime'], macs=r['macs'], true_macs=true_macs(layer), l1=r['l1_size'], l2=r['l2_size'],
             l1sz=[inner.l1_size[n] for n in names], l2sz=[top.l2_size[n] for n in names],
             l2rd=[top.l2_rd[n] for n in names], l2wr=[top.l2_wr[n] for n in names],
             l1rd=[top.l1_rd[n] for n in names], l1wr=[top.l1_wr[n] for n in names], energy=r['energy'])
    valid = 1
    if variant == 'head' and head_rejects(layer):
        valid = 0
    if top_tile_beyond_output(layer):
        valid = 0
    if variant == 'e1d8efd' and any(t['comp'] == 0 for t in trace):
        valid = 0  # e1d8efd divides by the top-level compute delay (SIGFPE)
    if e['runtime'] < 1 or e['macs'] < 1 or e['l1'] < 1 or e['l2'] < 1:
        valid = 0
    if any(v < 1 for v in e['l1sz'] + e['l2sz']) or any(v < 0 for v in e['l2rd'] + e['l2wr'] + e['l1rd'] + e['l1wr']):
        valid = 0
    e['valid'] = valid
    return e, layer


def fmt_expect(e):
    if 'runtime' not in e:
        return f"@expect valid={e['valid']}"
    parts = [f"valid={e['valid']}"]
    for k in ('runtime', 'macs', 'true_macs', 'l1', 'l2'):
        parts.append(f"{k}={e[k]}")
    for k in ('l1sz', 'l2sz', 'l2rd', 'l2wr', 'l1rd', 'l1wr'):
        parts.append(f"{k}=" + ",".join(str(v) for v in e[k]))
    parts.append(f"energy={e['energy']!r}")
    return "@expect " + " ".join(parts)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, '..', '..'))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--ref', default='../shared/reference',
                    help='folder holding maestro_ref.py (relative paths are taken from the repository root)')
    ap.add_argument('--seed', type=int, default=20240601)
    ap.add_argument('--count', type=int, default=1200)
    ap.add_argument('--out', default=os.path.join(root, 'tests', 'data', 'maestro-random.txt'))
    a = ap.parse_args()
    ref_dir = a.ref if os.path.isabs(a.ref) else os.path.join(root, a.ref)
    ref = load_ref(ref_dir)
    rng = random.Random(a.seed)
    kinds = ['gamma'] * 45 + ['gamma-fc'] * 6 + ['gamma-gemm'] * 6 + ['gamma-dsconv'] * 8 + ['wild'] * 30 + ['gemm'] * 5
    out = []
    stats = dict()
    n = 0
    while n < a.count:
        kind = rng.choice(kinds)
        if kind == 'gamma':
            text, pes = gamma_case(rng, 'conv')
        elif kind == 'gamma-fc':
            text, pes = gamma_case(rng, 'fc')
        elif kind == 'gamma-gemm':
            text, pes = gamma_case(rng, 'gemm')
        elif kind == 'gamma-dsconv':
            text, pes = gamma_case(rng, 'dsconv')
        elif kind == 'wild':
            text, pes = wild_case(rng)
        else:
            text, pes = gemm_case(rng)
        hwd = hw_for(rng)
        variant = 'e1d8efd' if rng.random() < 0.1 else 'head'
        try:
            e, layer = expected(ref, text, hwd, pes, variant)
        except (KeyError, ValueError, ZeroDivisionError) as ex:  # outside what MAESTRO accepts
            print(f"skipped a {kind} case: {ex!r}", file=sys.stderr)
            continue
        n += 1
        key = (kind, e['valid'], 'runtime' in e and e['macs'] == e['true_macs'])
        stats[key] = stats.get(key, 0) + 1
        out.append(f"@case {n} kind={kind} pes={pes} noc_bw={hwd['noc_bw']} noc_lat={hwd['noc_lat']} "
                   f"offchip_bw={hwd['offchip_bw']} simd={hwd['simd']} variant={variant}\n")
        out.append(fmt_expect(e) + "\n")
        out.append(text)
        out.append("@end\n")
    with open(a.out, 'w') as f:
        f.write(f"# {a.count} random MAESTRO mappings with maestro_ref.py's numbers (MAESTRO HEAD 4eb08d1 /\n"
                f"# e1d8efd). Generated by: python3 tests/data/gen_maestro_random.py --seed {a.seed} "
                f"--count {a.count}\n")
        f.writelines(out)
    for k in sorted(stats):
        print(f"{k[0]:13s} valid={k[1]} macs_right={k[2]!s:5s} {stats[k]}", file=sys.stderr)


if __name__ == '__main__':
    main()
