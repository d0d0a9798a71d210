using System.Text;
using GenomeScan.Formats.Fasta;
using GenomeScan.Scanner;
using GenomeScan.Scanner.Windows;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Benchmarks;

/// <summary>Seeded inputs: random FASTA text and a v2-shaped network.</summary>
internal static class Inputs
{
    /// <summary>One record of <paramref name="bases"/> random bases in 60-column lines, as bytes.</summary>
    public static byte[] Fasta(int bases, int seed = 1)
    {
        var rng = new Random(seed);
        var text = new StringBuilder(">bench\n");
        for (int i = 0; i < bases; i += 60)
        {
            for (int j = i; j < Math.Min(bases, i + 60); j++)
                text.Append("ACGT"[rng.Next(4)]);
            text.Append('\n');
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>The repository's root (the folder holding GenomeScan.sln), found upwards from here.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GenomeScan.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("GenomeScan.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// One batch of random sequence as the slicer lays it out for scan: one segment of up to
    /// <paramref name="capacity"/> windows of <paramref name="windowLength"/> (stride 1) with its context.
    /// </summary>
    public static WindowBatch Batch(int capacity, int windowLength, int maxUnknown, int channels = 1)
    {
        var batch = new WindowBatch(capacity, windowLength, capacity + 2 * ScanOptions.ContextBases, channels);
        var slicer = new WindowSlicer(windowLength, 1, maxUnknown, 1 << 16);
        var chunk = new SequenceChunk(1 << 16, new FastaRecord(0, "bench", 1));
        var rng = new Random(3);
        for (int i = 0; i < chunk.Codes.Length; i++)
            chunk.Codes[i] = (byte)rng.Next(4);
        chunk.Refill(0, chunk.Codes.Length, endOfRecord: true);
        slicer.Add(chunk);
        slicer.Fill(batch);
        return batch;
    }

    /// <summary>v2's shape: Conv1D(64, 12), global max, dense; random weights.</summary>
    public static WindowNetwork OneConvolution(int seed = 2)
    {
        var rng = new Random(seed);
        float Next() => (float)(rng.NextDouble() - 0.5);
        var weight = Enumerable.Range(0, 64 * 4 * 12).Select(_ => Next()).ToArray();
        var bias = Enumerable.Range(0, 64).Select(_ => Next()).ToArray();
        var dense = Enumerable.Range(0, 64).Select(_ => Next()).ToArray();
        return new WindowNetwork([new ConvStep(weight, bias, 64, 4, 12)], dense, 0.1f);
    }
}
