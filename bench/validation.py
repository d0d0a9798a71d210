#!/usr/bin/python3
"""Planted-site validation: the CNN against a PWM log-odds scan of the same matrix.

Plants FOXO1 sites sampled from the HOCOMOCO count matrix (random strand, one per SPACING bp, default 2 kbp) into real
sequence (UCSC dm3 chr2R), scans the sequence before and after planting with genomescan (every window,
both strands) and with Biopython's PSSM (both strands; log-odds against uniform bases and against the
sequence's own base composition), sets each method's cut-off so that it makes 1 or
10 calls per 100 kbp on the sequence before planting, and reports the fraction of planted sites it
finds: a call on the site's strand that covers the site. A call is a run of passing windows (CNN) or
positions (PWM) on one strand, merged when closer than 100 bp, so both methods count false positives
the same way: false positives are local maxima (the best score within 50 bp) above the cut-off.

Usage: validation.py GENOMESCAN_CMD CHR2R_FA_GZ MOTIF.pcm [MBP] [SEEDS] [MODEL.onnx] [SPACING]   ->  Markdown on stdout
(SEEDS: one or more, comma-separated: one planting each, then the sums; MODEL "" or absent: the built-in
model; SPACING: bases between planted sites, default 2,000)
"""
import bisect
import gzip
import random
import subprocess
import sys
import tempfile

from Bio import motifs
from Bio.Seq import Seq

WINDOW = 100


def read_pcm(path):
    rows = [line.split() for line in open(path) if line.strip() and not line.startswith(">")]
    return [[float(v) for v in r] for r in rows]


def segment(path, start, length):
    with gzip.open(path, "rt") as f:
        next(f)
        seq = "".join(line.strip() for line in f)
    return seq[start:start + length].upper()


def cnn_scores(genomescan, sequence, strand, model):
    """Window score by start, from genomescan's bedGraph at stride 1 (interval = window centre)."""
    with tempfile.NamedTemporaryFile("w", suffix=".fa", delete=False) as f:
        f.write(">s\n" + sequence + "\n")
        name = f.name
    model_args = f"--model {model} " if model else ""
    out = subprocess.run(f"{genomescan} scan {model_args}-q --format bedgraph --stride 1 --strand {strand} --max-n 100 {name}",
                         shell=True, check=True, capture_output=True, text=True).stdout
    scores = [0.0] * (len(sequence) - WINDOW + 1)
    for line in out.splitlines():
        _, s, _, v = line.split("\t")
        start = int(s) - WINDOW // 2
        if 0 <= start < len(scores):
            scores[start] = float(v)
    return scores


def calls(scores, threshold, width):
    """Runs of positions above threshold merged when closer than 100 bp: (first, last + width)."""
    result, open_ = [], None
    for i, s in enumerate(scores):
        if s > threshold:
            if open_ and i - open_[1] < 100:
                open_[1] = i + width
            else:
                if open_:
                    result.append(tuple(open_))
                open_ = [i, i + width]
    if open_:
        result.append(tuple(open_))
    return result


def peaks(scores):
    """Scores of local maxima: positions holding the highest score within 50 bp on either side."""
    result = []
    for i, s in enumerate(scores):
        lo, hi = max(0, i - 50), min(len(scores), i + 51)
        if s == max(scores[lo:hi]) and (i == lo or scores[i - 1] != s):
            result.append(s)
    return result


def cutoff(plus, minus, wanted):
    """The threshold leaving `wanted` false positives (local maxima above it, both strands) before planting."""
    tops = sorted(peaks(plus) + peaks(minus), reverse=True)
    return tops[wanted] if wanted < len(tops) else min(tops) - 1


def validate(genomescan, chrom, pcm, mbp, seed, model, spacing, cnn_name, found_total):
    """One planting (one seed): prints its table; adds each method's found sites to found_total."""
    rng = random.Random(seed)
    length = int(mbp * 1e6)
    original = segment(chrom, 5_000_000, length)
    counts = read_pcm(pcm)
    sites, planted = [], list(original)
    for position in range(spacing // 2, length - spacing // 2, spacing):
        site = "".join(rng.choices("ACGT", weights=row)[0] for row in counts)
        strand = rng.choice("+-")
        planted[position:position + 12] = site if strand == "+" else str(Seq(site).reverse_complement())
        sites.append((position, strand))
    planted = "".join(planted)

    known = [original.count(b) for b in "ACGT"]
    composition = {b: n / sum(known) for b, n in zip("ACGT", known)}
    pfm = motifs.Motif(alphabet="ACGT", counts={b: [r[i] for r in counts] for i, b in enumerate("ACGT")}).counts.normalize(pseudocounts=0.25)

    def pwm_scanner(background):
        pssm = pfm.log_odds(background) if background else pfm.log_odds()
        rc = pssm.reverse_complement()

        def scan(sequence):
            s = Seq(sequence)
            clean = lambda xs: [x if x == x else -1e9 for x in xs]  # NaN (N bases) never passes
            return clean(list(pssm.calculate(s))), clean(list(rc.calculate(s)))
        return scan

    methods = {
        cnn_name: (lambda seq: (cnn_scores(genomescan, seq, "+", model), cnn_scores(genomescan, seq, "-", model)), WINDOW),
        PWM_UNIFORM: (pwm_scanner(None), 12),
        PWM_COMPOSITION: (pwm_scanner(composition), 12),
    }
    print(f"Seed {seed}: planted {len(sites)} FOXO1 sites (sampled from the matrix, random strands, one per {spacing:,} bp) "
          f"into {mbp:g} Mbp of dm3 chr2R (from 5,000,001).\n")
    print("| method | false positives per 100 kbp (before planting) | cut-off | planted sites found | recall |")
    print("|---|---:|---:|---:|---:|")
    for name, (score, width) in methods.items():
        before = score(original)
        after = score(planted)
        for per100k in (1, 10):
            wanted = int(per100k * length / 100_000)
            t = cutoff(before[0], before[1], wanted)
            found = 0
            runs = {"+": calls(after[0], t, width), "-": calls(after[1], t, width)}
            for position, strand in sites:
                # The last call starting at or before the site (calls are sorted and disjoint) must cover it.
                i = bisect.bisect_right(runs[strand], (position, float("inf"))) - 1
                if i >= 0 and position + 12 <= runs[strand][i][1]:
                    found += 1
            found_total[(name, per100k)] = found_total.get((name, per100k), 0) + found
            print(f"| {name} | {per100k} | {t:.6g} | {found} / {len(sites)} | {found / len(sites):.3f} |")
    print()
    return len(sites)


PWM_UNIFORM = "PWM log-odds, uniform background (Biopython)"
PWM_COMPOSITION = "PWM log-odds, the sequence's composition as background (Biopython)"


def main():
    genomescan, chrom, pcm = sys.argv[1], sys.argv[2], sys.argv[3]
    mbp = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
    seeds = [int(x) for x in (sys.argv[5] if len(sys.argv) > 5 else "7").split(",")]
    model = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] else None
    spacing = int(sys.argv[7]) if len(sys.argv) > 7 else 2_000
    cnn_name = f"CNN ({model})" if model else "CNN (built-in model)"
    found, sites = {}, 0
    for seed in seeds:
        sites += validate(genomescan, chrom, pcm, mbp, seed, model, spacing, cnn_name, found)
    print(f"All seeds ({', '.join(map(str, seeds))}): {sites} planted sites.\n")
    print("| false positives per 100 kbp | CNN found | PWM (uniform) found | PWM (composition) found | CNN / PWM (uniform) | CNN / PWM (composition) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for per100k in (1, 10):
        c, u, k = found[(cnn_name, per100k)], found[(PWM_UNIFORM, per100k)], found[(PWM_COMPOSITION, per100k)]
        ratio = lambda a, b: f"{a / b:.2f}" if b else "nan"
        print(f"| {per100k} | {c} | {u} | {k} | {ratio(c, u)} | {ratio(c, k)} |")


if __name__ == "__main__":
    main()
