using System.Globalization;
using System.Text;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Formats.Variants;

/// <summary>
/// One alternate allele of a VCF line (a multi-allelic line gives one per ALT, in order): the 1-based line
/// number, the first eight columns as written, and the allele. <see cref="Position"/> is VCF's 1-based POS.
/// </summary>
internal sealed record VcfVariant(long Line, string Chrom, long Position, string Id, string Ref, string Alt, string Qual, string Filter, string Info)
{
    /// <summary>The 0-based start of REF on the chromosome.</summary>
    public long Start => Position - 1;
}

/// <summary>Why an allele was not scored: symbolic or structural alleles, the spanning-deletion <c>*</c>, a missing ALT (<c>.</c>).</summary>
internal enum SkippedAllele
{
    /// <summary><c>&lt;DEL&gt;</c>, <c>&lt;NON_REF&gt;</c>, … and breakends (<c>A[chr2:10[</c>, <c>.A</c>).</summary>
    Symbolic,

    /// <summary><c>*</c>: a deletion upstream spans the site.</summary>
    SpanningDeletion,

    /// <summary><c>.</c>: no alternate allele.</summary>
    NoAlt,
}

/// <summary>
/// Reads VCF (plain, gzip or bgzip) as a stream: the header lines kept whole, then each data line checked
/// (8 columns at least, a positive POS, REF and ALT of A, C, G, T, N — any case) and split into its
/// alternate alleles. A bad line is an <see cref="InputException"/> naming the file and line; alleles that
/// cannot be scored as sequence are counted by reason, never dropped silently. Memory holds one line.
/// </summary>
internal sealed class VcfReader : IDisposable
{
    readonly StreamReader reader;
    long line;

    VcfReader(string path, Stream stream)
    {
        Source = path;
        reader = new StreamReader(stream, Encoding.UTF8, false, 1 << 16);
        var header = new List<string>();
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.StartsWith("##", StringComparison.Ordinal))
            {
                header.Add(text);
                continue;
            }
            if (text.StartsWith("#CHROM", StringComparison.Ordinal))
            {
                ColumnLine = text;
                break;
            }
            if (text.Length == 0)
                continue;
            throw InputException.At(path, line, 0, "not VCF: the header must end with the #CHROM line before any record");
        }
        if (ColumnLine is null)
            throw InputException.At(path, line, 0, line == 0 ? "empty file: not VCF" : "not VCF: no #CHROM header line");
        if (header.Count == 0 || !header[0].StartsWith("##fileformat=VCF", StringComparison.Ordinal))
            throw InputException.At(path, 1, 0, "not VCF: the first line must be ##fileformat=VCFv4.x");
        MetaLines = header;
    }

    /// <summary>The file (or <c>-</c>) being read.</summary>
    public string Source { get; }

    /// <summary>The <c>##</c> lines, in order.</summary>
    public IReadOnlyList<string> MetaLines { get; }

    /// <summary>The <c>#CHROM</c> line.</summary>
    public string ColumnLine { get; }

    /// <summary>The first eight columns of the last data line read, as written.</summary>
    public string LastSite => lastText[..lastSiteEnd];

    string lastText = "", lastChrom = "";
    int lastSiteEnd;

    /// <summary>Data lines read.</summary>
    public long Records { get; private set; }

    /// <summary>Alleles not scored, by reason.</summary>
    public Dictionary<SkippedAllele, long> Skipped { get; } = [];

    /// <summary>A reader of <paramref name="path"/> (or <c>-</c>), gzip and bgzip found from the first bytes.</summary>
    public static VcfReader Open(string path)
    {
        var (stream, _) = InputStreams.Open(path);
        try
        {
            return new VcfReader(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The alleles of the next data line (empty when every one was skipped), or null at the end.</summary>
    public List<VcfVariant>? ReadLine()
    {
        string? text;
        do
        {
            text = ReadText();
            if (text is null)
                return null;
        }
        while (text.Length == 0);
        Records++;
        return Parse(text);
    }

    // Damaged gzip is already an InputException naming the file: InputStreams wraps every input.
    string? ReadText()
    {
        var text = reader.ReadLine();
        if (text is not null)
            line++;
        return text;
    }

    List<VcfVariant> Parse(string text)
    {
        // The first eight columns, found without splitting the rest (a multi-sample file's genotypes).
        Span<Range> columns = stackalloc Range[8];
        int found = 0, from = 0;
        for (; found < 8; found++)
        {
            int tab = text.AsSpan(from).IndexOf('\t');
            if (tab < 0)
            {
                columns[found++] = new Range(from, text.Length);
                break;
            }
            columns[found] = new Range(from, from + tab);
            from += tab + 1;
        }
        if (found < 8)
            throw Bad(0, $"{found} tab-separated columns; VCF has at least 8 (CHROM POS ID REF ALT QUAL FILTER INFO)");
        if (text.StartsWith('#'))
            throw Bad(1, "a header line after the records");
        lastText = text;
        lastSiteEnd = columns[7].End.Value;
        var chromText = text.AsSpan(columns[0]);
        if (chromText.Length == 0)
            throw Bad(1, "empty CHROM");
        // Sorted input repeats its chromosome's name: one string for the run of lines.
        var chrom = chromText.SequenceEqual(lastChrom) ? lastChrom : lastChrom = chromText.ToString();
        var positionText = text.AsSpan(columns[1]);
        if (!long.TryParse(positionText, NumberStyles.None, CultureInfo.InvariantCulture, out long position) || position < 1)
            throw Bad(2, $"POS '{positionText}' is not a position (1-based, at least 1)");
        var reference = Text(text, columns[3]);
        if (!IsBases(reference))
            throw Bad(4, $"REF '{Clip(reference)}' is not bases (A, C, G, T, N)");
        string id = Text(text, columns[2]), qual = Text(text, columns[5]), filter = Text(text, columns[6]), info = Text(text, columns[7]);
        var alts = text.AsSpan(columns[4]);
        var alleles = new List<VcfVariant>(1);
        while (true)
        {
            int comma = alts.IndexOf(',');
            var alt = comma < 0 ? alts : alts[..comma];
            SkippedAllele? skip = alt switch
            {
                "." => SkippedAllele.NoAlt,
                "*" => SkippedAllele.SpanningDeletion,
                _ when alt.Length > 0 && (alt[0] == '<' || alt.Contains('[') || alt.Contains(']') || alt[0] == '.' || alt[^1] == '.') => SkippedAllele.Symbolic,
                _ => null,
            };
            if (skip is { } reason)
                Skipped[reason] = Skipped.GetValueOrDefault(reason) + 1;
            else
            {
                var altText = Text(alt);
                if (!IsBases(altText))
                    throw Bad(5, $"ALT '{Clip(altText)}' is not bases (A, C, G, T, N), a symbolic allele (<DEL>), a breakend or *");
                alleles.Add(new VcfVariant(line, chrom, position, id, reference, altText, qual, filter, info));
            }
            if (comma < 0)
                break;
            alts = alts[(comma + 1)..];
        }
        return alleles;
    }

    /// <summary>A column's text; "." and single letters (most IDs, QUALs, REFs and ALTs) without a new string.</summary>
    static string Text(string line, Range column) => Text(line.AsSpan(column));

    static string Text(ReadOnlySpan<char> text) =>
        text.Length == 1 && text[0] < 128 ? Single[text[0]] : text.ToString();

    static readonly string[] Single = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    static bool IsBases(string text)
    {
        if (text.Length == 0)
            return false;
        foreach (char c in text)
            if ("ACGTNacgtn".IndexOf(c) < 0)
                return false;
        return true;
    }

    static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "…";

    InputException Bad(int column, string message) => InputException.At(Source, line, 0, column > 0 ? $"column {column}: {message}" : message);

    public void Dispose() => reader.Dispose();
}
