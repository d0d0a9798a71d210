using System.Runtime.CompilerServices;
using GenomeScan.Formats;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner;

/// <summary>
/// Regions of FASTA files read through their <c>.fai</c> (and <c>.gzi</c>) indexes, built when missing. A
/// region means its bases, as in samtools: the windows lie wholly inside it, from its start at the stride,
/// the last aligned to its end (one padded window for a region shorter than a window) — the windows of
/// <c>samtools faidx FILE REGION | genomescan scan -</c>. The read carries <see cref="ScanOptions.ContextBases"/>
/// bases of context on both sides where the record has them, so each window gets exactly the score of a
/// whole-record scan.
/// </summary>
internal sealed class RegionSource(IReadOnlyList<string> paths, IReadOnlyList<GenomicRegion> regions, int windowLength,
    int chunkSize = FastaReader.DefaultChunkSize) : ISequenceSource
{
    long bases;
    int records;

    public long Bases => Interlocked.Read(ref bases);

    public int Records => Volatile.Read(ref records);

    public double? Fraction => null;

    public async IAsyncEnumerable<SourceChunk> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            var indexed = IndexedFasta.Open(path);
            int index = 0;
            foreach (var region in regions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = indexed.Entry(region.Chrom);
                var (windows, readFrom, readTo) = Plan(region, entry.Length, windowLength);
                if (region.Start >= entry.Length && entry.Length > 0)
                    throw new InputException($"{path}: region {region} starts beyond the end of {entry.Name} ({entry.Length:N0} bp)");
                var record = new FastaRecord(index++, entry.Name, 0);
                foreach (var chunk in indexed.ReadChunks(record, entry, readFrom, readTo, chunkSize))
                    yield return new SourceChunk(chunk, windows);
                Interlocked.Add(ref bases, windows.To - windows.From);
                Interlocked.Increment(ref records);
            }
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The windows a region asks for (starts in the region, clipped to the record) and the bases to read
    /// for them: on past the last start to its window's end, and the segments' context on both sides.
    /// </summary>
    internal static (RegionWindows Windows, long ReadFrom, long ReadTo) Plan(GenomicRegion region, long recordLength, int windowLength)
    {
        long from = region.Start, to = Math.Min(region.End ?? recordLength, recordLength);
        // A region shorter than a window is one window of its own bases, padded (as samtools faidx's copy
        // of it would be scanned): no context around it.
        if (to - from < windowLength)
            return (new RegionWindows(from, to, recordLength), from, to);
        long readTo = Math.Min(recordLength, to + ScanOptions.ContextBases);
        long readFrom = Math.Max(0, from - ScanOptions.ContextBases);
        return (new RegionWindows(from, to, recordLength), readFrom, readTo);
    }
}
