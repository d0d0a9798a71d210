using GenomeScan.Formats;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Model.Training;

/// <summary>Where negatives come from when only positives are given.</summary>
internal enum NegativeSource
{
    /// <summary>One dinucleotide shuffle of each positive (Altschul–Erickson: pair counts kept exactly).</summary>
    Shuffled,

    /// <summary>For each positive, a window of its chromosome away from every peak, with the positive's GC fraction (± <see cref="PeakTrainingData.GcTolerance"/>).</summary>
    Genomic,
}

/// <summary>What <c>train --peaks P --genome G</c> asks for.</summary>
internal sealed record PeakRequest(string PeaksPath, string GenomePath, int Length, int? Top, NegativeSource Negatives,
    IReadOnlyCollection<string> ValidationChromosomes, IReadOnlyCollection<string> TestChromosomes, ulong Seed);

/// <summary>What became of the peaks: every one is used or counted under a reason.</summary>
internal sealed record PeakCounts(int InFile, int Chosen, int Used, int MissingChromosome, int OffEnd, int GcUnmatched, IReadOnlyList<string> MissingNames)
{
    public override string ToString()
    {
        var text = $"{InFile:N0} peaks{(Chosen < InFile ? $", the top {Chosen:N0} by signal" : "")}: {Used:N0} used";
        if (MissingChromosome > 0)
            text += $", {MissingChromosome:N0} on chromosomes not in the genome ({string.Join(", ", MissingNames.Take(5))}{(MissingNames.Count > 5 ? ", …" : "")})";
        if (OffEnd > 0)
            text += $", {OffEnd:N0} whose window runs off a chromosome's end";
        if (GcUnmatched > 0)
            text += $"; {GcUnmatched:N0} genomic negatives outside the GC tolerance (the closest found)";
        return text;
    }
}

/// <summary>
/// Training, validation and test sets from peaks and a genome: positives are windows of
/// <see cref="PeakRequest.Length"/> bases centred on summits; each gets one negative (shuffle or GC-matched
/// genomic window), laid out as the positives then their negatives row for row, so a pair stays on one side
/// of any later split. Peaks on <see cref="PeakRequest.TestChromosomes"/> form the test set and peaks on
/// <see cref="PeakRequest.ValidationChromosomes"/> the validation set; genomic negatives come from their
/// positive's chromosome, so no sequence of a held-out chromosome reaches training. The genome is read a
/// chromosome at a time.
/// </summary>
internal static class PeakTrainingData
{
    /// <summary>A genomic negative's GC fraction is within this of its positive's (else the closest of <see cref="Tries"/> draws, counted).</summary>
    public const double GcTolerance = 0.02;
    const int Tries = 4000;

    public sealed record Sets(LabelledDataset Train, LabelledDataset? Validation, LabelledDataset? Test, PeakCounts Counts);

    /// <summary>The sets; with <paramref name="forEvaluation"/> the training set may be empty (evaluate reads the test chromosomes, or all).</summary>
    public static Sets Build(PeakRequest request, bool forEvaluation = false)
    {
        var all = PeakFile.Read(request.PeaksPath);
        var chosen = PeakFile.Top(all, request.Top);
        var genome = IndexedFasta.Open(request.GenomePath);
        var missing = chosen.Where(p => genome.Index.Find(p.Chrom) is null).ToList();
        var unknownChroms = request.ValidationChromosomes.Concat(request.TestChromosomes).Where(c => genome.Index.Find(c) is null).ToList();
        if (unknownChroms.Count > 0)
            throw new InputException($"{request.GenomePath}: no sequence named '{unknownChroms[0]}' (held-out chromosomes must be in the genome)");
        var overlap = request.ValidationChromosomes.Intersect(request.TestChromosomes).ToList();
        if (overlap.Count > 0)
            throw new InputException($"--valid-chroms and --test-chroms both name {overlap[0]}");

        var sets = new[] { new SetBuilder(), new SetBuilder(), new SetBuilder() };
        int offEnd = 0, unmatched = 0, length = request.Length;
        var rng = new SeededRandom(request.Seed ^ 0x9EA4UL);
        var byChrom = chosen.GroupBy(p => p.Chrom).ToDictionary(g => g.Key, g => g.ToList());
        var everyPeak = all.GroupBy(p => p.Chrom).ToDictionary(g => g.Key, g => Merge(g));
        foreach (var entry in genome.Index.Entries)
        {
            if (!byChrom.TryGetValue(entry.Name, out var peaks))
                continue;
            var set = sets[request.TestChromosomes.Contains(entry.Name) ? 2 : request.ValidationChromosomes.Contains(entry.Name) ? 1 : 0];
            var codes = ChromosomeReader.Read(genome, entry);
            foreach (var peak in peaks)
            {
                long start = peak.Summit - length / 2;
                if (start < 0 || start + length > codes.Length)
                {
                    offEnd++;
                    continue;
                }
                var positive = codes.AsSpan((int)start, length).ToArray();
                var negative = new byte[length];
                if (request.Negatives == NegativeSource.Shuffled)
                    ShuffledNegatives.Shuffle(positive, negative, request.Seed * 0x9E3779B97F4A7C15UL + (ulong)peak.Line);
                else if (!GenomicNegative(codes, everyPeak[entry.Name], positive, negative, rng))
                    unmatched++;
                set.Add(positive, negative);
            }
        }
        int used = sets.Sum(s => s.Count);
        if (used == 0)
            throw new InputException($"{request.PeaksPath}: no peak gives a {length}-bp window in {request.GenomePath}");
        var counts = new PeakCounts(all.Count, chosen.Count, used, missing.Count, offEnd, unmatched, [.. missing.Select(p => p.Chrom).Distinct()]);
        if (sets[0].Count == 0 && !forEvaluation)
            throw new InputException($"{request.PeaksPath}: no peak left for training outside the held-out chromosomes");
        return new Sets(sets[0].Count > 0 ? sets[0].Build(length) : new LabelledDataset(length, [], [], []), sets[1].Count > 0 ? sets[1].Build(length) : null, sets[2].Count > 0 ? sets[2].Build(length) : null, counts);
    }

    /// <summary>A window of known bases that overlaps no peak, with GC within the tolerance of the positive's; false when only the closest could be had.</summary>
    static bool GenomicNegative(byte[] chromosome, List<(long Start, long End)> peaks, byte[] positive, byte[] negative, SeededRandom rng)
    {
        int length = positive.Length;
        double target = ChromosomeReader.Composition(positive).Gc;
        long positions = chromosome.Length - length + 1;
        double bestDistance = double.PositiveInfinity;
        long best = -1;
        for (int t = 0; t < Tries; t++)
        {
            long start = (long)(rng.NextDouble() * positions);
            if (Overlaps(peaks, start, start + length))
                continue;
            var (gc, unknown) = ChromosomeReader.Composition(chromosome.AsSpan((int)start, length));
            if (unknown > 0)
                continue;
            double distance = Math.Abs(gc - target);
            if (distance < bestDistance)
            {
                (bestDistance, best) = (distance, start);
                if (distance <= GcTolerance)
                    break;
            }
        }
        if (best < 0)
            throw new InputException($"no window of {length} known bases away from the peaks in {Tries} draws: the chromosome is too small or too covered for genomic negatives");
        chromosome.AsSpan((int)best, length).CopyTo(negative);
        return bestDistance <= GcTolerance;
    }

    /// <summary>The peaks' intervals sorted and merged.</summary>
    static List<(long Start, long End)> Merge(IEnumerable<Peak> peaks)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var p in peaks.OrderBy(p => p.Start))
        {
            if (merged.Count > 0 && p.Start <= merged[^1].End)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, p.End));
            else
                merged.Add((p.Start, p.End));
        }
        return merged;
    }

    static bool Overlaps(List<(long Start, long End)> intervals, long start, long end)
    {
        // The first interval ending after start; the window overlaps it when it begins before end.
        int lo = 0, hi = intervals.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (intervals[mid].End <= start)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo < intervals.Count && intervals[lo].Start < end;
    }

    /// <summary>Positives and their negatives, row for row.</summary>
    sealed class SetBuilder
    {
        readonly List<byte[]> positives = [], negatives = [];

        public int Count => positives.Count;

        public void Add(byte[] positive, byte[] negative)
        {
            positives.Add(positive);
            negatives.Add(negative);
        }

        public LabelledDataset Build(int length)
        {
            int n = positives.Count;
            var codes = new byte[2 * n * length];
            for (int i = 0; i < n; i++)
            {
                positives[i].CopyTo(codes, i * length);
                negatives[i].CopyTo(codes, (n + i) * length);
            }
            var labels = Enumerable.Repeat((byte)1, n).Concat(Enumerable.Repeat((byte)0, n)).ToArray();
            return new LabelledDataset(length, codes, labels, [.. Enumerable.Range(0, 2 * n)]);
        }
    }
}
