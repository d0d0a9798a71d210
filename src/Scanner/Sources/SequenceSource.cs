using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner;

/// <summary>
/// The windows a region read asks for: those lying wholly inside [<see cref="From"/>, <see cref="To"/>) of a
/// record whose whole length is <see cref="RecordLength"/>, from <see cref="From"/> at the stride, the last
/// aligned to <see cref="To"/> (one padded window when the region is shorter than a window).
/// </summary>
public readonly record struct RegionWindows(long From, long To, long RecordLength);

/// <summary>A chunk of a record's bases and, when it comes from a region read, the windows the region asks for.</summary>
public readonly record struct SourceChunk(SequenceChunk Chunk, RegionWindows? Region = null);

/// <summary>
/// Where a scan's bases come from, as chunks of records in order: FASTA files or stdin
/// (<see cref="FastaSource"/>), regions read through an index (<see cref="RegionSource"/>), or sequence
/// generated for a null distribution (<see cref="GeneratedSource"/>). Each yielded chunk is valid until
/// the next is requested. <see cref="Bases"/>, <see cref="Records"/> and <see cref="Fraction"/> may be
/// read from another thread, for progress.
/// </summary>
public interface ISequenceSource
{
    /// <summary>The chunks, records in order; each is valid until the next is requested.</summary>
    IAsyncEnumerable<SourceChunk> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Bases read so far.</summary>
    long Bases { get; }

    /// <summary>Records begun so far.</summary>
    int Records { get; }

    /// <summary>How far through the current input, 0 to 1, when its size is known.</summary>
    double? Fraction { get; }
}

/// <summary>Opens the sources a scan reads.</summary>
internal static class SequenceSources
{
    /// <summary>
    /// The inputs as given (paths, <c>-</c> for stdin), or only <paramref name="regions"/> of them read
    /// through their indexes when there are any.
    /// </summary>
    public static ISequenceSource Open(IReadOnlyList<string> inputs, IReadOnlyList<GenomicRegion>? regions, int windowLength,
        int chunkSize = FastaReader.DefaultChunkSize) =>
        regions is { Count: > 0 }
            ? new RegionSource(inputs, regions, windowLength, chunkSize)
            : new FastaSource(inputs, chunkSize);

    /// <summary>Hands every chunk of the inputs to <paramref name="take"/>: the one loop over FASTA files for the passes that only count.</summary>
    public static Task ForEachChunkAsync(IEnumerable<string> paths, Action<SequenceChunk> take, CancellationToken cancellationToken = default) =>
        ForEachChunkAsync(new FastaSource([.. paths]), take, cancellationToken);

    /// <summary>Hands every chunk of the source to <paramref name="take"/>.</summary>
    public static async Task ForEachChunkAsync(ISequenceSource source, Action<SequenceChunk> take, CancellationToken cancellationToken = default)
    {
        await foreach (var chunk in source.ReadAsync(cancellationToken).ConfigureAwait(false))
            take(chunk.Chunk);
    }
}
