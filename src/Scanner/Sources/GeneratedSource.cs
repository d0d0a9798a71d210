using System.Runtime.CompilerServices;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Fasta;

namespace GenomeScan.Scanner;

/// <summary>
/// Sequence made for a null distribution, generated straight into chunks of one record named
/// <c>background</c>: i.i.d. bases of a composition, a first-order Markov chain on its pair frequencies, or
/// given codes (a dinucleotide shuffle). The same seed gives the same bases on every machine.
/// </summary>
internal sealed class GeneratedSource : ISequenceSource
{
    readonly Func<int, byte> next;
    readonly int length;
    readonly int chunkSize;
    long bases;

    GeneratedSource(int length, Func<int, byte> next, int chunkSize)
    {
        this.length = length;
        this.next = next;
        this.chunkSize = chunkSize;
    }

    public long Bases => Interlocked.Read(ref bases);

    public int Records => 1;

    public double? Fraction => length > 0 ? Bases / (double)length : null;

    /// <summary><paramref name="length"/> bases drawn i.i.d. from the composition.</summary>
    public static GeneratedSource Iid(BaseComposition composition, int length, ulong seed, int chunkSize = FastaReader.DefaultChunkSize)
    {
        var rng = new SeededRandom(seed);
        double a = composition.A, ac = a + composition.C, acg = ac + composition.G;
        return new GeneratedSource(length, _ =>
        {
            double u = rng.NextDouble();
            return (byte)(u < a ? 0 : u < ac ? 1 : u < acg ? 2 : 3);
        }, chunkSize);
    }

    /// <summary>
    /// <paramref name="length"/> bases of a first-order Markov chain with the composition's pair frequencies:
    /// sequence with the input's dinucleotide make-up (as a dinucleotide shuffle keeps it).
    /// </summary>
    public static GeneratedSource Markov(BaseComposition composition, int length, ulong seed, int chunkSize = FastaReader.DefaultChunkSize)
    {
        var pairs = composition.Pairs ?? throw new ArgumentException("no pair frequencies", nameof(composition));
        var rng = new SeededRandom(seed);
        var cumulative = new double[4, 4];
        for (int a = 0; a < 4; a++)
        {
            double row = 0;
            for (int b = 0; b < 4; b++)
                row += Math.Max(pairs[a * 4 + b], 1e-9);
            double sum = 0;
            for (int b = 0; b < 4; b++)
                cumulative[a, b] = sum += Math.Max(pairs[a * 4 + b], 1e-9) / row;
        }
        double[] first = [composition.A, composition.A + composition.C, composition.A + composition.C + composition.G, 1];
        int previous = -1;
        return new GeneratedSource(length, _ =>
        {
            double u = rng.NextDouble();
            int b = 0;
            while (b < 3 && u >= (previous < 0 ? first[b] : cumulative[previous, b]))
                b++;
            previous = b;
            return (byte)b;
        }, chunkSize);
    }

    /// <summary>The given codes as one record.</summary>
    public static GeneratedSource Of(byte[] codes, int chunkSize = FastaReader.DefaultChunkSize) =>
        new(codes.Length, i => codes[i], chunkSize);

    public async IAsyncEnumerable<SourceChunk> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var record = new FastaRecord(0, "background", 1);
        var chunk = new SequenceChunk(chunkSize, record);
        for (int done = 0; ;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunkSize, length - done);
            for (int i = 0; i < n; i++)
                chunk.Codes[i] = next(done + i);
            done += n;
            chunk.Refill(start: done - n, length: n, endOfRecord: done == length);
            Interlocked.Exchange(ref bases, done);
            yield return new SourceChunk(chunk);
            if (done == length)
                break;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
