using BenchmarkDotNet.Attributes;
using GenomeScan.Formats.Fasta;
using GenomeScan.Scanner;
using GenomeScan.Scanner.Network;
using GenomeScan.Scanner.Scoring.Kernels;
using GenomeScan.Scanner.Windows;

namespace GenomeScan.Benchmarks;

/// <summary>Our kernels on one batch: a 4,096-window segment with its context, both strands.</summary>
[Config(typeof(HardwareConfig))]
public class KernelBenchmarks
{
    const int Segment = 4096;
    FusedConvMaxScorer oneConvolution = null!;
    ConvStackScorer convStack = null!;
    WindowBatch batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        oneConvolution = FusedConvMaxScorer.TryCreate(Inputs.OneConvolution(), 100, Segment)!;
        using var builtIn = OnnxWindowClassifier.LoadBuiltIn(ExecutionDevice.Cpu, 1);
        convStack = ConvStackScorer.TryCreate(WindowNetwork.TryRead(builtIn.ModelBytes), 100, Segment)!;
        // One segment: the slicer's own layout.
        batch = new WindowBatch(Segment, 100, Segment + 2 * ScanOptions.ContextBases);
        var slicer = new WindowSlicer(100, 1, 10, 1 << 16);
        var chunk = new SequenceChunk(1 << 16, new FastaRecord(0, "bench", 1));
        var rng = new Random(3);
        for (int i = 0; i < chunk.Codes.Length; i++)
            chunk.Codes[i] = (byte)rng.Next(4);
        chunk.Refill(0, chunk.Codes.Length, endOfRecord: true);
        slicer.Add(chunk);
        slicer.Fill(batch);
    }

    /// <summary>v2's shape (one convolution): the fused convolution and sliding max.</summary>
    [Benchmark]
    public void OneConvolutionKernel() => oneConvolution.Score(batch, Strands.Both);

    /// <summary>The built-in model (v6): table lookups, Winograd, dilated convolutions, pooling, head.</summary>
    [Benchmark]
    public void ConvStackKernel() => convStack.Score(batch, Strands.Both);
}
