using System.Globalization;

namespace GenomeScan.Formats.Fasta;

/// <summary>
/// A stretch of a named sequence: <see cref="Start"/> 0-based, <see cref="End"/> exclusive (null: to the
/// sequence's end). Parsed from samtools' 1-based, inclusive region syntax: <c>chr</c>, <c>chr:100</c>
/// (from base 100 to the end), <c>chr:100-200</c>; commas in numbers are allowed.
/// </summary>
public readonly record struct GenomicRegion(string Chrom, long Start, long? End)
{
    /// <summary>Parses samtools' region syntax; a name alone (or one whose range does not parse) is the whole sequence.</summary>
    public static GenomicRegion Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !TryRange(text[(colon + 1)..], text, out var start, out var end))
            return text.Length == 0 ? throw InputException.ForValue("region", "''", ": empty region") : new GenomicRegion(text, 0, null);
        return new GenomicRegion(text[..colon], start, end);
    }

    /// <summary>Reads "100-200" / "100" as 1-based inclusive positions; false when it is not such a range.</summary>
    static bool TryRange(string text, string region, out long start, out long? end)
    {
        start = 0;
        end = null;
        var parts = text.Replace(",", "").Split('-');
        if (parts.Length is < 1 or > 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            return false;
        if (first < 1)
            throw InputException.ForValue("region", region, ": positions are 1-based");
        start = first - 1;
        if (parts.Length == 2)
        {
            if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first)
                throw InputException.ForValue("region", region, ": the end must be a number not before the start");
            end = last;
        }
        return true;
    }

    /// <summary>A FASTA record named like samtools faidx's output (<c>chr:101-200</c>): its parent and offset, or null.</summary>
    public static (string Chrom, long Offset)? ParentOf(string recordName)
    {
        int colon = recordName.LastIndexOf(':');
        if (colon <= 0)
            return null;
        var range = recordName[(colon + 1)..].Split('-');
        if (range.Length != 2 || !long.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || first < 1 || last < first)
            return null;
        return (recordName[..colon], first - 1);
    }

    /// <summary>The region in samtools' syntax (1-based, inclusive).</summary>
    public override string ToString() => End is { } e ? $"{Chrom}:{Start + 1}-{e}" : Start > 0 ? $"{Chrom}:{Start + 1}" : Chrom;
}
