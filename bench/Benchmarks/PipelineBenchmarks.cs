using BenchmarkDotNet.Attributes;
using GenomeScan.Formats.Fasta;
using GenomeScan.Scanner.Windows;

namespace GenomeScan.Benchmarks;

/// <summary>The stages before the kernels on 8 Mbp of plain FASTA in memory: decoding, and decoding plus slicing.</summary>
[Config(typeof(HardwareConfig))]
public class PipelineBenchmarks
{
    const int Bases = 8_000_000;
    byte[] fasta = null!;
    WindowBatch batch = null!, pwmBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        fasta = Inputs.Fasta(Bases);
        batch = new WindowBatch(4096, 100, 4096 + 64);
        pwmBatch = new WindowBatch(4096 * Scanner.ScanOptions.PwmBatchFactor, 12, 4096 * Scanner.ScanOptions.PwmBatchFactor + 64);
    }

    /// <summary>FASTA bytes to base codes (Mbp/s = 8 / mean seconds).</summary>
    [Benchmark]
    public async Task<long> Decoding()
    {
        await using var reader = new FastaReader(new MemoryStream(fasta, writable: false), "bench");
        long bases = 0;
        await foreach (var chunk in reader.ReadChunksAsync())
            bases += chunk.Length;
        return bases;
    }

    /// <summary>Decoding and cutting into dense-engine batches (every window, stride 1).</summary>
    [Benchmark]
    public async Task<long> DecodingAndSlicing()
    {
        await using var reader = new FastaReader(new MemoryStream(fasta, writable: false), "bench");
        var slicer = new WindowSlicer(100, 1, 10, Formats.Fasta.FastaReader.DefaultChunkSize);
        await foreach (var chunk in reader.ReadChunksAsync())
        {
            slicer.Add(chunk);
            while (slicer.Fill(batch))
                batch.Reset();
        }
        batch.Reset();
        return slicer.WindowsScored;
    }

    /// <summary>The same cut for a 12-column PWM as scan --motif cuts it: batches four times larger, no unknown base allowed.</summary>
    [Benchmark]
    public async Task<long> DecodingAndSlicingForAMotif()
    {
        await using var reader = new FastaReader(new MemoryStream(fasta, writable: false), "bench");
        var slicer = new WindowSlicer(12, 1, 0, Formats.Fasta.FastaReader.DefaultChunkSize);
        await foreach (var chunk in reader.ReadChunksAsync())
        {
            slicer.Add(chunk);
            while (slicer.Fill(pwmBatch))
                pwmBatch.Reset();
        }
        pwmBatch.Reset();
        return slicer.WindowsScored;
    }
}
