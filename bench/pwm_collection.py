#!/usr/bin/python3
"""Biopython looping over a sample of a TRANSFAC motif collection (bench/collections.sh): each motif's PSSM
scanned over a FASTA on both strands with Bio.motifs' C scanner, as bench/pwm_scan.py does for one.

Usage: pwm_collection.py COLLECTION.tf GENOME.fa SAMPLE
  -> prints "motifs sampled seconds" (the scans alone); SAMPLE motifs evenly spaced through the file.
"""
import sys
import time

from Bio import SeqIO, motifs


def read_transfac(path):
    """Count matrices of a TRANSFAC file (P0/PO rows A C G T), in file order."""
    matrices, rows, in_matrix = [], [], False
    for line in open(path):
        code = line[:2]
        if code in ("P0", "PO"):
            in_matrix, rows = True, []
        elif line.startswith("//"):
            if rows:
                matrices.append({base: [r[i] for r in rows] for i, base in enumerate("ACGT")})
            in_matrix, rows = False, []
        elif in_matrix and line[:1].isdigit():
            rows.append([float(v) for v in line.split()[1:5]])
        else:
            in_matrix = in_matrix and not line.strip() == ""
    return matrices


def main():
    matrices = read_transfac(sys.argv[1])
    sample = int(sys.argv[3])
    picked = [matrices[i * len(matrices) // sample] for i in range(sample)]
    sequences = [record.seq.upper() for record in SeqIO.parse(sys.argv[2], "fasta")]
    seconds = 0.0
    for counts in picked:
        pssm = motifs.Motif(alphabet="ACGT", counts=counts).counts.normalize(pseudocounts=0.25).log_odds()
        reverse = pssm.reverse_complement()
        for sequence in sequences:
            start = time.perf_counter()
            pssm.calculate(sequence)
            reverse.calculate(sequence)
            seconds += time.perf_counter() - start
    print(len(matrices), sample, f"{seconds:.3f}")


if __name__ == "__main__":
    main()
