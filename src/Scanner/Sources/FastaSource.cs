using System.Runtime.CompilerServices;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner;

/// <summary>FASTA files (plain, gzip or bgzip, detected from the content) or stdin (<c>-</c>), streamed in order.</summary>
public sealed class FastaSource(IReadOnlyList<string> paths, int chunkSize = FastaReader.DefaultChunkSize) : ISequenceSource
{
    long basesDone, basesCurrent;
    int recordsDone, recordsCurrent;
    CountingStream? raw;
    long? size;

    /// <inheritdoc/>
    public long Bases => Interlocked.Read(ref basesDone) + Interlocked.Read(ref basesCurrent);

    /// <inheritdoc/>
    public int Records => Volatile.Read(ref recordsDone) + Volatile.Read(ref recordsCurrent);

    /// <inheritdoc/>
    public double? Fraction => raw is { } r && size is > 0 ? Math.Clamp(r.BytesRead / (double)size.Value, 0, 1) : null;

    /// <inheritdoc/>
    public async IAsyncEnumerable<SourceChunk> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            await using var reader = FastaReader.Open(path, out var counting, chunkSize);
            (raw, size) = (counting, InputStreams.SizeOf(path));
            await foreach (var chunk in reader.ReadChunksAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new SourceChunk(chunk);
                Interlocked.Exchange(ref basesCurrent, reader.Bases);
                Volatile.Write(ref recordsCurrent, reader.Records);
            }
            Interlocked.Add(ref basesDone, reader.Bases);
            Interlocked.Exchange(ref basesCurrent, 0);
            Volatile.Write(ref recordsDone, recordsDone + reader.Records);
            Volatile.Write(ref recordsCurrent, 0);
        }
    }
}
