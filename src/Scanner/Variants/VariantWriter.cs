using System.Globalization;
using GenomeScan.Formats.Variants;

namespace GenomeScan.Scanner.Variants;

/// <summary>
/// Writes a run's results: the VCF (sites: the first eight columns, a multi-allelic line split into one line
/// per ALT, the INFO fields of every scorer declared in the header), a TSV line per allele and scorer, or BED
/// (per allele and scorer, the best window of the stronger allele in reference coordinates).
/// </summary>
internal sealed class VariantWriter(VariantRequest request, VariantScorers scorers, TextWriter output)
{
    readonly string[] prefixes = Prefixes(scorers.Names);

    /// <summary>INFO keys per scorer: GS_ + its name with characters VCF keys cannot hold turned into '_'; repeats numbered.</summary>
    static string[] Prefixes(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var key = "GS_" + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_')]);
            var unique = key;
            for (int n = 2; !seen.Add(unique); n++)
                unique = $"{key}_{n}";
            result.Add(unique);
        }
        return [.. result];
    }

    static readonly (string Suffix, string Number, string Type, string What)[] Fields =
    [
        ("REF", "1", "Float", "best window's log-odds on the reference haplotype (a model's logit, a matrix's bits)"),
        ("ALT", "1", "Float", "best window's log-odds on the alternate haplotype"),
        ("DELTA", "1", "Float", "log-odds change, ALT minus REF"),
        ("REF_P", "1", "Float", "p-value of the reference's best window under the scorer's null"),
        ("ALT_P", "1", "Float", "p-value of the alternate's best window"),
        ("DLOGP", "1", "Float", "change in -log10 p, ALT minus REF (positive: the alternate binds better)"),
        ("STRAND", "2", "String", "strands of the best windows, REF then ALT"),
        ("OFFSET", "2", "Integer", "starts of the best windows relative to POS (0: at POS), REF then ALT"),
        ("CALL", "1", "String", "gain, loss or none"),
    ];

    public void WriteHeader(VcfReader vcf)
    {
        switch (request.Format)
        {
            case VariantFormat.Vcf:
                foreach (var line in vcf.MetaLines)
                    output.WriteLine(line);
                for (int s = 0; s < scorers.Count; s++)
                    foreach (var (suffix, number, type, what) in Fields)
                        output.WriteLine($"##INFO=<ID={prefixes[s]}_{suffix},Number={number},Type={type},Description=\"genomescan {scorers.Channels[s].Name}: {what}\">");
                output.WriteLine($"##genomescan_variants=<Scorers=\"{string.Join(',', scorers.Names)}\",PValue={Number(request.PValue)},Margin={Number(request.Margin)},Genome=\"{request.Genome}\">");
                output.WriteLine(string.Join('\t', vcf.ColumnLine.Split('\t').Take(8)));
                break;
            case VariantFormat.Tsv:
                output.WriteLine("#chrom\tpos\tid\tref\talt\tscorer\tref_score\talt_score\tdelta\tref_p\talt_p\tdelta_mlog10p\tref_strand\tref_offset\talt_strand\talt_offset\tcall");
                break;
        }
    }

    /// <summary>
    /// One allele's line(s), or a line with no allele to score, appended to <paramref name="line"/> (one per
    /// thread: the threads format their slices of a batch side by side; <see cref="LineBuffer.WriteTo"/> then
    /// hands them to the output in order).
    /// </summary>
    public void Append(LineBuffer line, VariantRun.Pending pending, AlleleScore[]? scores)
    {
        if (pending.Variant is not { } v)
        {
            // A line with no allele to score (symbolic, *): the VCF keeps it as it was.
            if (request.Format == VariantFormat.Vcf)
                line.Add(pending.Skip).EndLine();
            return;
        }
        switch (request.Format)
        {
            case VariantFormat.Vcf:
                Sites(line, v);
                line.Add(v.Qual).Tab().Add(v.Filter).Tab();
                // The input's INFO ("." or empty: none), then each scorer's fields.
                bool info = v.Info is not ("." or "");
                if (info)
                    line.Add(v.Info);
                for (int s = 0; scores is not null && s < scores.Length; s++)
                {
                    var a = scores[s];
                    var p = prefixes[s];
                    if (info)
                        line.Add(';');
                    info = true;
                    line.Add(p).Add("_REF=").Value(a.Ref).Add(';').Add(p).Add("_ALT=").Value(a.Alt).Add(';').Add(p).Add("_DELTA=").Value(a.Delta)
                        .Add(';').Add(p).Add("_REF_P=").P(a.RefP).Add(';').Add(p).Add("_ALT_P=").P(a.AltP).Add(';').Add(p).Add("_DLOGP=").Value(a.DeltaMinusLog10P)
                        .Add(';').Add(p).Add("_STRAND=").Add(a.RefStrand).Add(',').Add(a.AltStrand).Add(';').Add(p).Add("_OFFSET=").Add(a.RefOffset).Add(',').Add(a.AltOffset)
                        .Add(';').Add(p).Add("_CALL=").Add(Call(a.Call));
                }
                if (!info)
                    line.Add('.');
                line.EndLine();
                break;
            case VariantFormat.Tsv when scores is not null:
                for (int s = 0; s < scores.Length; s++)
                {
                    var a = scores[s];
                    Sites(line, v);
                    line.Add(scorers.Channels[s].Name).Tab().Value(a.Ref).Tab().Value(a.Alt).Tab().Value(a.Delta).Tab().P(a.RefP).Tab().P(a.AltP).Tab()
                        .Value(a.DeltaMinusLog10P).Tab().Add(a.RefStrand).Tab().Add(a.RefOffset).Tab().Add(a.AltStrand).Tab().Add(a.AltOffset).Tab().Add(Call(a.Call))
                        .EndLine();
                }
                break;
            case VariantFormat.Bed when scores is not null:
                for (int s = 0; s < scores.Length; s++)
                {
                    var a = scores[s];
                    int length = scorers.Channels[s].WindowLength;
                    bool alt = a.AltP < a.RefP;
                    int offset = alt ? a.AltOffset : a.RefOffset;
                    long start = v.Start + offset, end = start + length;
                    // An alternate window that runs past ALT ends where the reference resumes: REF and ALT may differ in length.
                    if (alt && offset + length > v.Alt.Length)
                        end += v.Ref.Length - v.Alt.Length;
                    line.Add(v.Chrom).Tab().Add(Math.Max(0, start)).Tab().Add(Math.Max(Math.Max(0, start) + 1, end)).Tab();
                    if (v.Id == ".")
                        line.Add(v.Chrom).Add(':').Add(v.Position).Add(':').Add(v.Ref).Add(':').Add(v.Alt);
                    else
                        line.Add(v.Id);
                    line.Add('|').Add(scorers.Channels[s].Name).Add('|').Add(alt ? "alt" : "ref").Add('|').Add(Call(a.Call)).Tab()
                        .Add(Output.RegionSink.SignificanceScore(alt ? a.AltP : a.RefP)).Tab().Add(alt ? a.AltStrand : a.RefStrand)
                        .EndLine();
                }
                break;
        }
    }

    /// <summary>Lines <see cref="Append"/> built, to the output.</summary>
    public void Write(LineBuffer lines) => lines.WriteTo(output);

    /// <summary>The first five columns, each followed by a tab.</summary>
    static void Sites(LineBuffer line, VcfVariant v) => line.Add(v.Chrom).Tab().Add(v.Position).Tab().Add(v.Id).Tab().Add(v.Ref).Tab().Add(v.Alt).Tab();

    /// <summary>
    /// Output lines built in place — text, integers and the numbers' fixed formats written into a buffer kept
    /// between batches — then handed to the writer: no string per number or per line.
    /// </summary>
    internal sealed class LineBuffer
    {
        char[] buffer = new char[1024];
        int length;

        Span<char> Room(int needed)
        {
            if (length + needed > buffer.Length)
                Array.Resize(ref buffer, Math.Max(2 * buffer.Length, length + needed));
            return buffer.AsSpan(length);
        }

        public LineBuffer Add(ReadOnlySpan<char> text)
        {
            text.CopyTo(Room(text.Length));
            length += text.Length;
            return this;
        }

        public LineBuffer Add(char c)
        {
            Room(1)[0] = c;
            length++;
            return this;
        }

        public LineBuffer Tab() => Add('\t');

        public LineBuffer Add(long value) => Format(value, default);

        /// <summary>A log-odds or a change: four decimals, as <c>F4</c> writes them (−0 written as 0).</summary>
        public LineBuffer Value(double value)
        {
            if (!Output.DecimalText.TryFormatF4(value + 0.0, Room(32), out int written))
                return Format(value + 0.0, "F4");
            length += written;
            return this;
        }

        /// <summary>A p-value: four significant digits, as <c>G4</c> writes them.</summary>
        public LineBuffer P(double p)
        {
            if (!Output.DecimalText.TryFormatG4(p, Room(32), out int written))
                return Format(p, "G4");
            length += written;
            return this;
        }

        LineBuffer Format<T>(T value, ReadOnlySpan<char> format) where T : ISpanFormattable
        {
            int written;
            while (!value.TryFormat(Room(32), out written, format, CultureInfo.InvariantCulture))
                Array.Resize(ref buffer, 2 * buffer.Length);
            length += written;
            return this;
        }

        public LineBuffer EndLine() => Add('\n');

        /// <summary>The lines so far to <paramref name="output"/>; the buffer starts again, empty.</summary>
        public void WriteTo(TextWriter output)
        {
            output.Write(buffer, 0, length);
            length = 0;
        }
    }

    static string Call(VariantCall call) => call switch { VariantCall.Gain => "gain", VariantCall.Loss => "loss", _ => "none" };

    static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
