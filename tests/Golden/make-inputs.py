#!/usr/bin/env python3
"""Writes the golden cases' inputs (run from tests/Golden; the files are committed, this is how they were made).

inputs/offsets.fa: each 8-base block spells its own block number in base 4 (A=0 C=1 G=2 T=3, most
significant first) plus 4096 x the record's number, so any 8-aligned slice says where it came from
(samtools' test_faidx habit). inputs/site.pcm: a count matrix of exactly the 12 bases at chrA offset 808
(1-based chrA:809-820), so a PWM scan must report that offset and no other.
"""


def record(number, length):
    bases = []
    for block in range((length + 7) // 8):
        value = number * 4096 + block
        bases.extend("ACGT"[(value >> (2 * (7 - d))) & 3] for d in range(8))
    return "".join(bases[:length])


lines = []
for number, (name, length) in enumerate([("chrA", 2000), ("chrB", 300), ("chrC", 37)]):
    s = record(number, length)
    lines.append(f">{name} offsets encoded in base 4, 8 bases per block\n")
    lines += [s[i:i + 60] + "\n" for i in range(0, len(s), 60)]
with open("inputs/offsets.fa", "w") as f:
    f.write("".join(lines))
site = record(0, 2000)[808:820]
with open("inputs/site.pcm", "w") as f:
    f.write(">site_chrA_808\n")
    for b in site:
        f.write("\t".join("20" if b == x else "0" for x in "ACGT") + "\n")
with open("inputs/bad.fa", "w") as f:
    f.write(">bad\nACGTACGT\nACGT7ACG\n")
