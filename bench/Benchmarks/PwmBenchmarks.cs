using BenchmarkDotNet.Attributes;
using GenomeScan.Formats.Motifs;
using GenomeScan.Scanner;
using GenomeScan.Scanner.Scoring;
using GenomeScan.Scanner.Significance;
using GenomeScan.Scanner.Windows;

namespace GenomeScan.Benchmarks;

/// <summary>
/// The PWM scorer's kernels on one batch of 4,096 windows (stride 1, both strands): FOXO1 alone, or the
/// 64 first 12-column matrices of HOCOMOCO v11 human (one pass's worth), reporting the windows at p &lt; 1e-4
/// as a BED scan does. Divide 4,096 × motifs by the time for position-scores (both strands) per second.
/// </summary>
[Config(typeof(HardwareConfig))]
public class PwmBenchmarks
{
    const int Segment = 4096;
    IWindowScorer scorer = null!;
    WindowBatch batch = null!;

    [Params("Scalar", "Vector256", "Vector512")]
    public string Kernel { get; set; } = "";

    [Params("FOXO1", "HOCOMOCO-12x64")]
    public string Motifs { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        IReadOnlyList<Motif> motifs = Motifs == "FOXO1" ? [MotifReader.BuiltIn()]
            : MotifReader.ReadFile(Path.Combine(Inputs.RepoRoot(), "motifs/collections/HOCOMOCO_2017-10-17_Human.tf")).Where(m => m.Length == 12).Take(64).ToList();
        var pwms = motifs.Select(m => new PwmScoreNull(m, BaseComposition.Uniform)).ToArray();
        var kernel = Enum.Parse<PwmKernel>(Kernel);
        if (!PwmScorer.IsSupported(kernel))
            throw new PlatformNotSupportedException($"{Kernel} needs a CPU feature this one lacks");
        scorer = ScorerFactory.ForMotifs(pwms, kernel).Create();
        batch = Inputs.Batch(Segment, pwms[0].Width, 0, pwms.Length);
        batch.ReportAbove = [.. pwms.Select(p => p.ThresholdFor(1e-4))];
    }

    [Benchmark]
    public void ScoreAndReport()
    {
        foreach (var list in batch.Reported)
            list.Clear();
        scorer.Score(batch, Strands.Both);
    }
}
