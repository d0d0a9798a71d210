using System.Globalization;
using System.Text;
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

    /// <summary>One allele's line(s), or a line with no allele to score.</summary>
    public void Write(VariantRun.Pending pending, AlleleScore[]? scores)
    {
        if (pending.Variant is not { } v)
        {
            // A line with no allele to score (symbolic, *): the VCF keeps it as it was.
            if (request.Format == VariantFormat.Vcf)
                output.WriteLine(pending.Skip);
            return;
        }
        switch (request.Format)
        {
            case VariantFormat.Vcf:
                var info = new StringBuilder(v.Info == "." ? "" : v.Info);
                for (int s = 0; scores is not null && s < scores.Length; s++)
                {
                    var a = scores[s];
                    var p = prefixes[s];
                    if (info.Length > 0)
                        info.Append(';');
                    info.Append(CultureInfo.InvariantCulture, $"{p}_REF={Value(a.Ref)};{p}_ALT={Value(a.Alt)};{p}_DELTA={Value(a.Delta)};{p}_REF_P={P(a.RefP)};{p}_ALT_P={P(a.AltP)};{p}_DLOGP={Value(a.DeltaMinusLog10P)}");
                    info.Append(CultureInfo.InvariantCulture, $";{p}_STRAND={a.RefStrand},{a.AltStrand};{p}_OFFSET={a.RefOffset},{a.AltOffset};{p}_CALL={Call(a.Call)}");
                }
                output.WriteLine($"{v.Chrom}\t{v.Position}\t{v.Id}\t{v.Ref}\t{v.Alt}\t{v.Qual}\t{v.Filter}\t{(info.Length == 0 ? "." : info.ToString())}");
                break;
            case VariantFormat.Tsv when scores is not null:
                for (int s = 0; s < scores.Length; s++)
                {
                    var a = scores[s];
                    output.WriteLine($"{v.Chrom}\t{v.Position}\t{v.Id}\t{v.Ref}\t{v.Alt}\t{scorers.Channels[s].Name}\t{Value(a.Ref)}\t{Value(a.Alt)}\t{Value(a.Delta)}\t{P(a.RefP)}\t{P(a.AltP)}\t{Value(a.DeltaMinusLog10P)}\t{a.RefStrand}\t{a.RefOffset}\t{a.AltStrand}\t{a.AltOffset}\t{Call(a.Call)}");
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
                    var id = v.Id == "." ? $"{v.Chrom}:{v.Position}:{v.Ref}:{v.Alt}" : v.Id;
                    output.WriteLine($"{v.Chrom}\t{Math.Max(0, start)}\t{Math.Max(Math.Max(0, start) + 1, end)}\t{id}|{scorers.Channels[s].Name}|{(alt ? "alt" : "ref")}|{Call(a.Call)}\t{Output.RegionSink.SignificanceScore(alt ? a.AltP : a.RefP)}\t{(alt ? a.AltStrand : a.RefStrand)}");
                }
                break;
        }
    }

    static string Call(VariantCall call) => call switch { VariantCall.Gain => "gain", VariantCall.Loss => "loss", _ => "none" };

    static string Value(double value) => (value + 0.0).ToString("F4", CultureInfo.InvariantCulture);

    static string P(double p) => p.ToString("G4", CultureInfo.InvariantCulture);

    static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
