using System.Globalization;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Formats.Bed;

/// <summary>Reads the intervals of a BED file (chrom, 0-based start, exclusive end); header lines are skipped.</summary>
internal static class BedRegions
{
    public static List<GenomicRegion> Read(string path)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {e.Message}", e);
        }
        var regions = new List<GenomicRegion>();
        int number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("track", StringComparison.Ordinal) || line.StartsWith("browser", StringComparison.Ordinal))
                continue;
            var f = line.Split('\t');
            if (f.Length < 3 || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var end) || end < start)
                throw InputException.At(path, number, 0, "expected chrom, start, end (0-based start, end not before it)");
            regions.Add(new GenomicRegion(f[0], start, end));
        }
        return regions;
    }
}
