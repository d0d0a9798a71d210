using BenchmarkDotNet.Attributes;
using GenomeScan.Scanner;
using GenomeScan.Scanner.Network;
using GenomeScan.Scanner.Scoring;
using GenomeScan.Scanner.Windows;

namespace GenomeScan.Benchmarks;

/// <summary>Our kernels (from the factory) on one batch: a 4,096-window segment with its context, both strands.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "the scorers are what the factory hands out")]
[Config(typeof(HardwareConfig))]
public class KernelBenchmarks
{
    const int Segment = 4096;
    IWindowScorer oneConvolution = null!, convStack = null!;
    WindowBatch batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Through the factory, as scan gets them.
        oneConvolution = ScorerFactory.ForKernels(Inputs.OneConvolution(), 100, Segment)!.Create();
        using var builtIn = OnnxWindowClassifier.LoadBuiltIn(ExecutionDevice.Cpu, 1);
        using var scorers = ScorerFactory.ForModel(builtIn, ScanEngine.Dense, Segment, 1024);
        if (scorers.Kind != ScorerKind.Kernels)
            throw new InvalidOperationException($"this CPU runs {scorers.Kind}, not our kernels");
        convStack = scorers.Create();
        // One segment: the slicer's own layout.
        batch = Inputs.Batch(Segment, 100, 10);
    }

    /// <summary>v2's shape (one convolution): the fused convolution and sliding max.</summary>
    [Benchmark]
    public void OneConvolutionKernel() => oneConvolution.Score(batch, Strands.Both);

    /// <summary>The built-in model (v7): table lookups, Winograd, dilated convolutions, pooling, head.</summary>
    [Benchmark]
    public void ConvStackKernel() => convStack.Score(batch, Strands.Both);
}
