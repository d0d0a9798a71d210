using System.CommandLine;
using System.Globalization;
using System.Text;
using GenomeScan.Formats;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Interpretation;
using GenomeScan.Model.Onnx;
using GenomeScan.Scanner.Network;
using GenomeScan.Model.Reports;

namespace GenomeScan.Cli.Commands.Explain;

/// <summary><c>genomescan explain</c>: an in-silico mutagenesis map of a window or hit.</summary>
internal static class ExplainCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var modelOption = CommonOptions.Model();
        var fastaOption = new Option<string>("--fasta") { Description = "Indexed (or indexable) FASTA, plain or bgzip", Required = true };
        var regionOption = new Option<string>("--region") { Description = "chr:start-end (1-based, inclusive): a window, or a hit whose best window (both strands) is explained", Required = true };
        var pngOption = new Option<string?>("--png") { Description = "Also draw the map as a heatmap PNG here" };
        var command = new Command("explain", "In-silico mutagenesis of a window or hit: the change in score for each substitution at each position, as TSV (and a picture).")
        {
            modelOption, fastaOption, regionOption, pngOption,
        };
        command.SetAction(parse =>
        {
            var modelPath = parse.GetValue(modelOption);
            using var model = OnnxWindowClassifier.LoadOrBuiltIn(modelPath);
            var fasta = IndexedFasta.Open(parse.GetValue(fastaOption)!);
            var region = GenomicRegion.Parse(parse.GetValue(regionOption)!);
            var entry = fasta.Entry(region.Chrom);
            long from = region.Start, to = Math.Min(region.End ?? entry.Length, entry.Length);
            int length = model.WindowLength;
            if (to - from < length)
                throw new InputException($"--region {region}: shorter than the model's {length}-bp window");
            var codes = new List<byte>();
            var record = new FastaRecord(0, entry.Name, 0);
            foreach (var chunk in fasta.ReadChunks(record, entry, from, to, 1 << 20))
                codes.AddRange(chunk.Span.ToArray());
            var (start, strand) = BestWindow(model, codes, from);
            var map = MutagenesisMap.Compute(model, codes.ToArray().AsSpan((int)(start - from), length), start, strand);
            stdout.Write(Tsv(entry.Name, map));
            if (parse.GetValue(pngOption) is { } png)
                MutagenesisPlot.Save(png, map, $"{model.Name}: {entry.Name}:{start + 1}-{start + length} ({strand}), p = {map.Score:F4}");
            stderr.WriteLine(FormattableString.Invariant($"explain: window {entry.Name}:{start + 1}-{start + length} strand {strand}, probability {map.Score:F6}"));
            return CommandLine.Ok;
        });
        return command;
    }

    /// <summary>The best-scoring window of the region, either strand (ties: the first, + before −).</summary>
    static (long Start, char Strand) BestWindow(OnnxWindowClassifier model, List<byte> codes, long from)
    {
        int length = model.WindowLength, windows = codes.Count - length + 1, rowSize = length * Alphabet.Size;
        var all = codes.ToArray();
        var oneHot = new float[2 * windows * rowSize];
        for (int w = 0; w < windows; w++)
        {
            var window = all.AsSpan(w, length);
            OneHot.Write(window, oneHot.AsSpan(2 * w * rowSize, rowSize), length);
            OneHot.Write(window, oneHot.AsSpan((2 * w + 1) * rowSize, rowSize), length, reverseComplement: true);
        }
        var scores = model.Predict(oneHot, 2 * windows);
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
            if (scores[i] > scores[best])
                best = i;
        return (from + best / 2, best % 2 == 0 ? '+' : '-');
    }

    /// <summary>
    /// One row per window position as the model reads it: chrom, the genomic position (1-based) of that base,
    /// strand, reference base (on that strand), then the change in probability for A, C, G, T.
    /// </summary>
    static string Tsv(string chrom, MutagenesisMap map)
    {
        int length = map.Reference.Length;
        var text = new StringBuilder(FormattableString.Invariant($"# window {chrom}:{map.Start + 1}-{map.Start + length} strand {map.Strand} probability {map.Score:F6}\n"));
        text.Append("chrom\tposition\tstrand\tref\tA\tC\tG\tT\n");
        for (int p = 0; p < length; p++)
        {
            long position = map.Strand == '+' ? map.Start + p + 1 : map.Start + length - p;
            text.Append(CultureInfo.InvariantCulture, $"{chrom}\t{position}\t{map.Strand}\t{Alphabet.Letter(map.Reference[p])}");
            for (int b = 0; b < Alphabet.Size; b++)
                text.Append('\t').Append(map.Delta[p, b].ToString("F6", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }
}
