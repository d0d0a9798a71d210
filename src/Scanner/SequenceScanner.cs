
namespace GenomeScan.Scanner;

/// <summary>Scans a sequence source with a model into a sink: the library's whole-genome entry point.</summary>
public static class SequenceScanner
{
    /// <summary>
    /// Every window of <paramref name="source"/> (at <see cref="ScanOptions.Stride"/>, on
    /// <see cref="ScanOptions.Strands"/>) scored by <paramref name="model"/> on
    /// <see cref="ScanOptions.Threads"/> threads, handed to <paramref name="sink"/> in input order; the
    /// same calls whatever the thread count.
    /// </summary>
    public static Task<ScanSummary> ScanAsync(ISequenceSource source, WindowModel model, IScanSink sink, ScanOptions? options = null,
        CancellationToken cancellationToken = default) =>
        ScanPipeline.RunAsync(source, model.Scorers, sink, ScopeFor(model, options ?? new()), TextWriter.Null, cancellationToken);

    static ScanOptions ScopeFor(WindowModel model, ScanOptions options) =>
        options with { SegmentBases = model.Options.SegmentBases, BatchSize = model.Options.BatchSize };
}
