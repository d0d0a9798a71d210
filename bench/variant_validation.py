"""Issue 15's validation of `genomescan variants` on real sequence with planted FOXO1 sites.

Builds a genome of 1-kbp pieces of dm3 chr2R (no N), each with the FOXO1 consensus planted at 500 and, at 250,
the consensus with its most informative base changed (a broken site); writes a VCF of (a) every substitution at
the planted sites' positions of information content >= 1.5 bits, (b) substitutions >= 200 bp from any site,
(c) the substitution that restores each broken site; runs `genomescan variants` with the built-in model and the
matrix; prints Markdown: the share called loss, none and gain, and the correlation of the two scorers' changes.

Usage: variant_validation.py GENOMESCAN CHR2R.fa.gz MOTIF.pcm WORKDIR [PIECES]
"""
import bisect
import gzip
import math
import random
import subprocess
import sys

genomescan, chr2r, motif_path, work = sys.argv[1:5]
pieces = int(sys.argv[5]) if len(sys.argv) > 5 else 10000
rng = random.Random(15)

rows = [list(map(float, l.split())) for l in open(motif_path) if not l.startswith(">") and l.strip()]
freqs = [[x / sum(r) for x in r] for r in rows]
ic = [2 + sum(p * math.log2(p) for p in f if p > 0) for f in freqs]
consensus = "".join("ACGT"[f.index(max(f))] for f in freqs)
informative = [i for i, v in enumerate(ic) if v >= 1.5]
top = max(range(len(ic)), key=lambda i: ic[i])
width = len(rows)

seq = "".join(l.strip() for l in gzip.open(chr2r, "rt") if not l.startswith(">")).upper()
genome, vcf = [], []
site_at, broken_at = 500, 250
for k in range(pieces):
    while True:
        start = rng.randrange(len(seq) - 1000)
        piece = list(seq[start:start + 1000])
        if "N" not in piece:
            break
    piece[site_at:site_at + width] = consensus
    broken = list(consensus)
    broken[top] = rng.choice([b for b in "ACGT" if b != consensus[top]])
    piece[broken_at:broken_at + width] = broken
    offset = k * 1000
    for i in informative:
        for b in "ACGT":
            if b != consensus[i]:
                vcf.append((offset + site_at + i + 1, consensus[i], b, "site"))
    vcf.append((offset + broken_at + top + 1, broken[top], consensus[top], "created"))
    # Far: >= 200 bp from both sites' bases.
    for p in rng.sample([p for p in range(1000) if p >= site_at + width + 200 or (p < broken_at - 200)], 10):
        vcf.append((offset + p + 1, piece[p], rng.choice([b for b in "ACGT" if b != piece[p]]), "far"))
    genome.append("".join(piece))
vcf.sort()
with open(f"{work}/planted.fa", "w") as f:
    f.write(">planted\n")
    text = "".join(genome)
    for i in range(0, len(text), 60):
        f.write(text[i:i + 60] + "\n")
with open(f"{work}/planted.vcf", "w") as f:
    f.write("##fileformat=VCFv4.2\n##contig=<ID=planted>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
    for pos, ref, alt, kind in vcf:
        f.write(f"planted\t{pos}\t{kind}\t{ref}\t{alt}\t.\t.\t.\n")
subprocess.run(["samtools", "faidx", f"{work}/planted.fa"], check=True)


def run(extra):
    out = subprocess.run([genomescan, "variants", "-q", "--vcf", f"{work}/planted.vcf", "--genome", f"{work}/planted.fa", "--format", "tsv", *extra],
                         check=True, capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.splitlines() if not l.startswith("#")]


# `variants`' default cut-off, then scan's (FIMO's) for comparison.
cutoffs = [5e-5, 1e-4]
results = {(name, cutoff): run(["--pvalue", str(cutoff), *extra]) for cutoff in cutoffs
           for name, extra in (("built-in model", []), ("FOXO1 matrix", ["--motif", motif_path]))}

# Sites already in the real sequence: every region either scorer calls on the reference (p < 1e-4, scan's
# default). A far substitution counts as far from any site only when >= 200 bp from all of them too.
natural = []
for extra in ([], ["--motif", motif_path]):
    bed = subprocess.run([genomescan, "scan", "-q", f"{work}/planted.fa", *extra], check=True, capture_output=True, text=True).stdout
    natural += [(int(f[1]) - 200, int(f[2]) + 200) for f in (l.split("\t") for l in bed.splitlines())]
natural.sort()
# The regions' starts and the longest, to look at the few that can reach a position.
starts, longest = [a for a, _ in natural], max((b - a for a, b in natural), default=0)


def far_from_natural(pos):
    p = pos - 1
    return all(not (a <= p < b) for a, b in natural[bisect.bisect_left(starts, p - longest):bisect.bisect_right(starts, p)])


lonely = {pos for pos, _, _, kind in vcf if kind == "far" and far_from_natural(pos)}
print(f"{pieces} pieces of dm3 chr2R (1 kbp each), FOXO1 consensus {consensus} planted at 500 and a broken copy "
      f"(position {top + 1}, {ic[top]:.2f} bits, changed) at 250; positions of >= 1.5 bits: {', '.join(str(i + 1) for i in informative)}. "
      f"`variants` at p < 5e-5 (its default) and 1e-4, margin 1 in -log10 p (the default).")
print()
print("| scorer | cut-off | site substitutions called loss | … of sites the scorer calls on the reference | far (>= 200 bp from the planted sites) called none | … and >= 200 bp from every site either scorer calls | restoring substitutions called gain |")
print("|---|---|---:|---:|---:|---:|---:|")
notes = []
for (name, cutoff), lines in results.items():
    by = {"site": [], "called site": [], "far": [], "lonely": [], "created": []}
    for f in lines:
        by[f[2]].append(f[16])
        if f[2] == "site" and float(f[9]) < cutoff:
            by["called site"].append(f[16])
        if f[2] == "far" and int(f[1]) in lonely:
            by["lonely"].append(f[16])
    share = lambda kind, call: (sum(c == call for c in by[kind]), len(by[kind]))
    # The spread: the shares of the first two columns and the fourth in blocks of 1,000 pieces (1 Mbp each).
    for kind, call, what in (("site", "loss", "site substitutions called loss"), ("lonely", "none", "far ones (from every called site) called none")):
        blocks = {}
        for f in lines:
            if f[2] == kind or (kind == "lonely" and f[2] == "far" and int(f[1]) in lonely):
                block = blocks.setdefault((int(f[1]) - 1) // 1000000, [0, 0])
                block[0] += f[16] == call
                block[1] += 1
        if len(blocks) > 1:
            values = [hits / total for hits, total in blocks.values()]
            notes.append(f"{name} at {cutoff:g}: {what} in blocks of 1,000 pieces: {min(values):.4f}–{max(values):.4f}")
    cells = [f"{a:,} / {n:,} = {a / n:.4f}" if n else "none" for a, n in
             (share("site", "loss"), share("called site", "loss"), share("far", "none"), share("lonely", "none"), share("created", "gain"))]
    print(f"| {name} | p < {cutoff:g} | {' | '.join(cells)} |")
    notes.append(f"{name} at {cutoff:g}: of the far substitutions >= 200 bp from every called site, {by['lonely'].count('gain')} gain and {by['lonely'].count('loss')} loss")
    # Why a site substitution is not a loss: the reference fails the cut-off already, the alternate still
    # passes it (another window among the allele's placements), or it fails by less than the margin.
    missed = [f for f in lines if f[2] == "site" and f[16] != "loss"]
    unseen = sum(float(f[9]) >= cutoff for f in missed)
    passing = sum(float(f[9]) < cutoff and float(f[10]) < cutoff for f in missed)
    notes.append(f"{name} at {cutoff:g}: of {len(missed):,} site substitutions not called loss, {unseen:,} at sites it does not call on the reference, "
                 f"{passing:,} whose alternate still passes, {len(missed) - unseen - passing:,} within the margin")
model = [float(f[11]) for f in results[("built-in model", cutoffs[0])]]
matrix = [float(f[11]) for f in results[("FOXO1 matrix", cutoffs[0])]]
mean = lambda v: sum(v) / len(v)
mx, my = mean(model), mean(matrix)
r = sum((a - mx) * (b - my) for a, b in zip(model, matrix)) / math.sqrt(sum((a - mx) ** 2 for a in model) * sum((b - my) ** 2 for b in matrix))
print()
print(f"Pearson r of the two scorers' change in -log10 p over all {len(model):,} substitutions: {r:.3f}. {'; '.join(notes)}.")

# The null: random substitutions in i.i.d. uniform sequence (no planted site, no genome's own words), called gain
# or loss at each cut-off. Each allele's best of many placements faces a per-window cut-off, so the share grows
# with it.
null_rng = random.Random(16)
null_length, null_snvs = 2_000_000, 100_000
null_seq = "".join(null_rng.choice("ACGT") for _ in range(null_length))
with open(f"{work}/null.fa", "w") as f:
    f.write(">null\n")
    for i in range(0, null_length, 60):
        f.write(null_seq[i:i + 60] + "\n")
with open(f"{work}/null.vcf", "w") as f:
    f.write("##fileformat=VCFv4.2\n##contig=<ID=null>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
    for p in sorted(null_rng.sample(range(null_length), null_snvs)):
        f.write(f"null\t{p + 1}\t.\t{null_seq[p]}\t{null_rng.choice([b for b in 'ACGT' if b != null_seq[p]])}\t.\t.\t.\n")
subprocess.run(["samtools", "faidx", f"{work}/null.fa"], check=True)
print()
print(f"The null: {null_snvs:,} random substitutions in {null_length / 1e6:g} Mbp of i.i.d. uniform sequence.")
print()
print("| scorer | cut-off | called gain | called loss | none |")
print("|---|---|---:|---:|---:|")
for cutoff in cutoffs:
    for name, extra in (("built-in model", []), ("FOXO1 matrix", ["--motif", motif_path])):
        out = subprocess.run([genomescan, "variants", "-q", "--vcf", f"{work}/null.vcf", "--genome", f"{work}/null.fa", "--format", "tsv", "--pvalue", str(cutoff), *extra],
                             check=True, capture_output=True, text=True).stdout
        calls = [l.split("\t")[16] for l in out.splitlines() if not l.startswith("#")]
        print(f"| {name} | p < {cutoff:g} | {calls.count('gain') / len(calls):.5f} | {calls.count('loss') / len(calls):.5f} | {calls.count('none') / len(calls):.5f} |")
