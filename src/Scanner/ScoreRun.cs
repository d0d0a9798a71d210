using System.Globalization;
using System.Text;
using GenomeScan.Formats.Datasets;

namespace GenomeScan.Scanner;

/// <summary>What <c>genomescan score</c> asks for.</summary>
internal sealed record ScoreRequest(string Input, string Output = "-", string? ModelPath = null, int Threads = 2, bool Quiet = false);

/// <summary>
/// The library entry point of <c>score</c>: one line per record of a FASTA or DeepBind <c>.seq</c> file —
/// its name, its best window over every placement that touches it (both strands; see
/// <see cref="RecordScorer"/>), that window's p-value under the model's null (i.i.d. bases of the
/// records' composition; one window's p-value, not corrected for the record's placements), strand and
/// offset. The records are held in memory (peak sets, not genomes: those are for <c>scan</c>).
/// </summary>
internal static class ScoreRun
{
    public static async Task<int> RunAsync(ScoreRequest request, Stream stdout, TextWriter log, CancellationToken cancellationToken = default)
    {
        if (request.Quiet)
            log = TextWriter.Null;
        var records = LabelledSequences.ReadRecords(request.Input);
        using var model = request.ModelPath is null ? WindowModel.BuiltIn() : WindowModel.Open(request.ModelPath);
        var composition = BaseComposition.Count(records.Select(r => r.Codes)).Rounded();
        var background = await NullBuilder.BuildAsync(new NullSpec { Composition = composition }, [request.Input], model.Classifier, model.Scorers,
            new ScanOptions { Threads = request.Threads }, log, cancellationToken, command: "score").ConfigureAwait(false);

        using var target = OutputTarget.Open(request.Output, stdout);
        using (var writer = new StreamWriter(target.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            writer.WriteLine($"#name\tscore\tp_value\tstrand\toffset\tlength\tmodel={model.Name}");
            using var scorer = new RecordScorer(model);
            foreach (var (name, codes) in records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var s = scorer.Score(name, codes);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Name}\t{s.Score:F6}\t{background.PValue(s.Score):G4}\t{s.Strand}\t{s.Offset}\t{s.Length}"));
            }
        }
        target.Commit();
        log.WriteLine($"score: {records.Count:N0} records of {request.Input}, model {model.Name} ({model.WindowLength}-bp windows, every placement touching a record, both strands)");
        return records.Count;
    }
}
