using System.Text;
using GenomeScan.Formats;
using GenomeScan.Formats.Compression;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Variants;

namespace GenomeScan.Scanner.Variants;

/// <summary>How <c>variants</c> writes: the VCF with INFO fields, a TSV line per allele and scorer, or BED.</summary>
internal enum VariantFormat
{
    Vcf,
    Tsv,
    Bed,
}

/// <summary>What <c>genomescan variants</c> asks for.</summary>
internal sealed record VariantRequest
{
    public required string Vcf { get; init; }
    public required string Genome { get; init; }

    /// <summary>Models to score with; none and no motif file: the built-in model.</summary>
    public IReadOnlyList<string> ModelPaths { get; init; } = [];

    /// <summary>A motif file to score with instead of models.</summary>
    public string? MotifPath { get; init; }

    /// <summary>Which motifs of <see cref="MotifPath"/> (none: all).</summary>
    public IReadOnlyList<string> MotifNames { get; init; } = [];

    public string Output { get; init; } = "-";
    public VariantFormat Format { get; init; } = VariantFormat.Vcf;

    /// <summary>
    /// An allele's best window passes when its p-value is below this. Stricter than a scan's 1e-4: an allele's
    /// best of its many placements meets a per-window cut-off, and a random substitution is called gain or
    /// loss at about 10× the cut-off each (docs/validation.md).
    /// </summary>
    public double PValue { get; init; } = 5e-5;

    /// <summary>A gain or loss also needs the alleles' −log10 p to differ by at least this.</summary>
    public double Margin { get; init; } = 1;

    /// <summary>REF not matching the genome: skip the record (counted) instead of stopping with an error.</summary>
    public bool SkipRefMismatch { get; init; }

    public int Threads { get; init; } = 2;
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;
    public bool Quiet { get; init; }
}

/// <summary>Counts of what a run did, for its summary line and the tests.</summary>
internal sealed record VariantSummary(long Records, long Alleles, long Scored, long Gains, long Losses, IReadOnlyDictionary<string, long> Skipped);

/// <summary>
/// The library entry point of <c>variants</c>: for each alternate allele of a VCF, each scorer's best window
/// over every placement that overlaps the allele, both strands, on the reference and on the alternate
/// haplotype (the genome's flanks around REF or ALT); their scores (log-odds: a model's logit, a matrix's
/// bits), p-values under the scorer's null (a model's empirical null from i.i.d. bases of the genome's
/// composition, a matrix's exact one), the change, where the best windows lie, and a call: <c>gain</c> or
/// <c>loss</c> when one allele passes the p cut-off and the other does not, their −log10 p differing by the
/// margin, else <c>none</c>. The VCF is read streaming, a batch of alleles at a time scored on every thread,
/// the output formatted by the same threads and written in input order.
/// </summary>
internal static class VariantRun
{
    /// <summary>
    /// Allele–scorer pairs per batch (the threads share a batch; memory holds one, its scores and its text): 4,096
    /// alleles with one scorer, fewer with many (a whole motif collection), never fewer than <see cref="MinBatch"/>.
    /// </summary>
    const int BatchPairs = 4096, MinBatch = 64;

    public static async Task<VariantSummary> RunAsync(VariantRequest request, Stream stdout, TextWriter log, CancellationToken cancellationToken = default)
    {
        if (request.Quiet)
            log = TextWriter.Null;
        if (request.Output != "-" && Path.GetFullPath(request.Output) is var output && (output == Path.GetFullPath(request.Vcf) || output == Path.GetFullPath(request.Genome)))
            throw new InputException($"{request.Output}: refusing to overwrite an input");
        var genome = IndexedFasta.Open(request.Genome);
        var options = new ScanOptions { Threads = request.Threads };
        var scorers = await VariantScorers.PrepareAsync(request, options, log, cancellationToken).ConfigureAwait(false);
        using var owned = scorers;
        using var vcf = VcfReader.Open(request.Vcf);
        var sequences = new ChromosomeCache(genome);
        var skipped = new Dictionary<string, long>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        long alleles = 0, scored = 0, gains = 0, losses = 0;

        using var target = Output.OutputTarget.Open(request.Output, stdout);
        var compress = request.Output.EndsWith(".gz", StringComparison.Ordinal) ? new BgzfWriter(target.Stream) : null;
        var text = new StreamWriter(compress ?? target.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var writer = new VariantWriter(request, scorers, text);
        writer.WriteHeader(vcf);

        int batchAlleles = Math.Max(MinBatch, BatchPairs / Math.Max(1, scorers.Count));
        var batch = new List<Pending>(batchAlleles);
        var threadScorers = Enumerable.Range(0, Math.Max(1, request.Threads)).Select(_ => scorers.CreateThreadScorers(options)).ToArray();
        var lines = threadScorers.Select(_ => new VariantWriter.LineBuffer()).ToArray();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = vcf.ReadLine();
                if (line is not null)
                {
                    if (line.Count == 0)
                        batch.Add(new Pending(null, vcf.LastSite, null));
                    foreach (var variant in line)
                    {
                        alleles++;
                        var codes = sequences.Get(variant.Chrom);
                        var reason = Check(variant, codes, sequences, request, missing);
                        if (reason is not null)
                            skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                        batch.Add(new Pending(variant, reason, codes));
                    }
                }
                if (batch.Count >= batchAlleles || line is null && batch.Count > 0)
                {
                    var results = Score(batch, scorers, threadScorers, writer, lines, cancellationToken);
                    foreach (var r in results)
                        if (r is not null)
                        {
                            scored++;
                            gains += r.Count(a => a.Call == VariantCall.Gain);
                            losses += r.Count(a => a.Call == VariantCall.Loss);
                        }
                    // The threads' slices are contiguous and in order: their lines go out in input order.
                    foreach (var slice in lines)
                        writer.Write(slice);
                    batch.Clear();
                }
                if (line is null)
                    break;
            }
        }
        finally
        {
            foreach (var thread in threadScorers)
                foreach (var s in thread)
                    s.Dispose();
        }
        foreach (var (reason, count) in vcf.Skipped)
            skipped[reason switch { SkippedAllele.Symbolic => "symbolic or breakend", SkippedAllele.SpanningDeletion => "spanning deletion (*)", _ => "no ALT (.)" }] = count;
        text.Flush();
        text.Dispose();
        compress?.Finish();
        target.Commit();

        var summary = new VariantSummary(vcf.Records, alleles, scored, gains, losses, skipped);
        var skippedText = skipped.Count == 0 ? "none skipped" : "skipped: " + string.Join(", ", skipped.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Value:N0} {s.Key}"));
        log.WriteLine($"variants: {vcf.Records:N0} records, {alleles:N0} alleles, {scored:N0} scored by {scorers.Count} {(scorers.Count == 1 ? "scorer" : "scorers")} ({string.Join(", ", scorers.Names)}): {gains:N0} gains, {losses:N0} losses (p < {request.PValue:G3}, margin {request.Margin:G3} in −log10 p); {skippedText}");
        if (missing.Count > 0)
            log.WriteLine($"variants: chromosomes not in {request.Genome}: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? $" and {missing.Count - 10} more" : "")}");
        return summary;
    }

    /// <summary>
    /// One allele waiting to be scored, why it is skipped (null: scored), and its chromosome;
    /// or a line with no allele to score (<see cref="Variant"/> null, <see cref="Skip"/> its first eight columns).
    /// </summary>
    internal sealed record Pending(VcfVariant? Variant, string? Skip, byte[]? Codes);

    /// <summary>Null when the allele can be scored, else the reason it is skipped; a REF mismatch is an error unless told to skip.</summary>
    static string? Check(VcfVariant variant, byte[]? codes, ChromosomeCache sequences, VariantRequest request, SortedSet<string> missing)
    {
        if (codes is null)
        {
            missing.Add(variant.Chrom);
            return "chromosome not in the genome";
        }
        string? problem = null;
        if (variant.Start + variant.Ref.Length > codes.Length)
            problem = $"REF {variant.Ref} at {variant.Chrom}:{variant.Position} runs past the chromosome's end ({codes.Length:N0} bp)";
        else
            for (int i = 0; i < variant.Ref.Length && problem is null; i++)
            {
                byte given = Formats.Sequences.Alphabet.Code((byte)variant.Ref[i]), there = codes[variant.Start + i];
                if (given != Formats.Sequences.Alphabet.Unknown && given != there)
                    problem = $"REF {Clip(variant.Ref)} does not match the genome at {variant.Chrom}:{variant.Position} ({sequences.Letters(variant.Chrom, variant.Start, variant.Ref.Length)})";
            }
        if (problem is null)
            return null;
        if (!request.SkipRefMismatch)
            throw InputException.At(request.Vcf, variant.Line, 0, problem + " (--ref-mismatch skip skips such records)");
        return "REF not matching the genome";
    }

    static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "…";

    /// <summary>
    /// The batch's alleles scored on every thread, a contiguous slice each, and each slice's output lines formatted
    /// into that thread's buffer; null for those skipped.
    /// </summary>
    static AlleleScore[]?[] Score(List<Pending> batch, VariantScorers scorers, AlleleScorer[][] threads, VariantWriter writer, VariantWriter.LineBuffer[] lines,
        CancellationToken cancellationToken)
    {
        var results = new AlleleScore[]?[batch.Count];
        for (int i = 0; i < batch.Count; i++)
            if (batch[i] is { Variant: not null, Skip: null })
                results[i] = new AlleleScore[scorers.Count];
        int slice = (batch.Count + threads.Length - 1) / threads.Length;
        Parallel.For(0, threads.Length, new ParallelOptions { MaxDegreeOfParallelism = threads.Length, CancellationToken = cancellationToken }, t =>
        {
            int from = Math.Min(batch.Count, t * slice), to = Math.Min(batch.Count, (t + 1) * slice);
            foreach (var scorer in threads[t])
                scorer.ScoreAll(batch, from, to, results, scorers.PValue, scorers.Margin);
            for (int i = from; i < to; i++)
                writer.Append(lines[t], batch[i], results[i]);
        });
        return results;
    }
}
