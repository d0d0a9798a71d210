#!/usr/bin/python3
"""PWM baseline for bench/scan.sh: Biopython's PSSM scan of a count matrix over a FASTA, both strands.

Usage: pwm_scan.py MOTIF.pcm GENOME.fa  ->  prints "bases seconds" (the time of the scan alone).
Uses Bio.motifs' C scanner (PositionSpecificScoringMatrix.calculate) on each strand: the fastest way
Biopython offers; log-odds against a uniform background with 0.25 pseudocounts per base.
"""
import sys
import time

from Bio import SeqIO, motifs


def read_pcm(path):
    rows = [line.split() for line in open(path) if line.strip() and not line.startswith(">")]
    return {base: [float(r[i]) for r in rows] for i, base in enumerate("ACGT")}


def main():
    motif = motifs.Motif(alphabet="ACGT", counts=read_pcm(sys.argv[1]))
    pssm = motif.counts.normalize(pseudocounts=0.25).log_odds()
    reverse = pssm.reverse_complement()
    bases = 0
    seconds = 0.0
    for record in SeqIO.parse(sys.argv[2], "fasta"):
        sequence = record.seq.upper()
        start = time.perf_counter()
        plus = pssm.calculate(sequence)
        minus = reverse.calculate(sequence)
        seconds += time.perf_counter() - start
        bases += len(sequence)
        assert len(plus) == len(minus)
    print(bases, f"{seconds:.3f}")


if __name__ == "__main__":
    main()
