using System.Globalization;
using System.Text;
using System.Text.Json;
using GenomeScan.Formats;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Motifs;
using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Training;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Model.Evaluation;

/// <summary>The result of <c>genomescan evaluate</c>.</summary>
internal sealed record EvaluationReport(string Model, string Data, ClassifierMetrics Metrics, Ceilings? Ceilings, string? CeilingMotif)
{
    /// <summary>How the sequences were fitted to the model's window, when any was cropped or padded.</summary>
    public SequenceFitting? Fitting { get; init; }

    /// <summary>"both": each sequence scored by its better strand (real data); "given": as the sequence is written (the exercise's data).</summary>
    public string Strands { get; init; } = "given";

    /// <summary>The PWM baseline on the same sequences, best first (<c>--motif</c>), and the file it came from.</summary>
    public IReadOnlyList<MatrixResult>? Matrices { get; init; }

    public string? MatrixSource { get; init; }

    /// <summary>What became of the peaks, when the data came from peaks and a genome.</summary>
    public PeakCounts? Peaks { get; init; }

    /// <summary>How many matrices the text report lists (JSON carries them all).</summary>
    const int Listed = 5;

    public string ToJson()
    {
        var m = Metrics;
        var json = new Dictionary<string, object?>
        {
            ["model"] = Model,
            ["data"] = Data,
            ["n"] = m.Count,
            ["accuracy"] = m.Accuracy,
            ["auroc"] = m.Auroc,
            ["auprc"] = m.Auprc,
            ["logloss"] = m.LogLoss,
            ["confusion"] = new Dictionary<string, int> { ["tp"] = m.TruePositives, ["fp"] = m.FalsePositives, ["tn"] = m.TrueNegatives, ["fn"] = m.FalseNegatives },
        };
        json["strands"] = Strands;
        if (Peaks is { } p)
            json["peaks"] = new Dictionary<string, int> { ["in_file"] = p.InFile, ["chosen"] = p.Chosen, ["used"] = p.Used, ["missing_chromosome"] = p.MissingChromosome, ["off_end"] = p.OffEnd, ["gc_unmatched"] = p.GcUnmatched };
        if (Fitting is { } f)
            json["fitted"] = new Dictionary<string, int> { ["length"] = f.Length, ["cropped"] = f.Cropped, ["padded"] = f.Padded };
        if (Ceilings is { } c)
            json["ceilings"] = new Dictionary<string, object?> { ["motif"] = CeilingMotif, ["bayes_optimal"] = c.BayesOptimal, ["position_invariant"] = c.PositionInvariant, ["samples"] = c.Samples };
        if (Matrices is { Count: > 0 } matrices)
        {
            json["matrices"] = new Dictionary<string, object?>
            {
                ["file"] = MatrixSource,
                ["scoring"] = "best placement, both strands, log-odds vs uniform background",
                ["best"] = Matrix(matrices[0]),
                ["cnn_minus_best_auroc"] = m.Auroc - matrices[0].Auroc,
                ["cnn_minus_best_auprc"] = m.Auprc - matrices[0].Auprc,
                ["all"] = matrices.Select(Matrix).ToList(),
            };
        }
        return JsonSerializer.Serialize(json);

        static Dictionary<string, object> Matrix(MatrixResult r) => new() { ["motif"] = r.Motif, ["width"] = r.Width, ["auroc"] = r.Auroc, ["auprc"] = r.Auprc };
    }

    public string ToText()
    {
        var m = Metrics;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"model\t{Model}");
        text.AppendLine(CultureInfo.InvariantCulture, $"data\t{Data}\t{m.Count} sequences");
        if (Fitting is { } f)
            text.AppendLine(CultureInfo.InvariantCulture, $"fitted\t{f}");
        if (Peaks is { } p)
            text.AppendLine(CultureInfo.InvariantCulture, $"peaks\t{p}");
        if (Strands == "both")
            text.AppendLine("strands\tboth: each sequence scores the larger of its two strands");
        text.AppendLine(CultureInfo.InvariantCulture, $"accuracy\t{m.Accuracy:F4}");
        text.AppendLine(CultureInfo.InvariantCulture, $"auroc\t{m.Auroc:F4}");
        text.AppendLine(CultureInfo.InvariantCulture, $"auprc\t{m.Auprc:F4}");
        text.AppendLine(CultureInfo.InvariantCulture, $"logloss\t{m.LogLoss:F4}");
        text.AppendLine("confusion (p > 0.5)\tpredicted 1\tpredicted 0");
        text.AppendLine(CultureInfo.InvariantCulture, $"  label 1\t{m.TruePositives}\t{m.FalseNegatives}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  label 0\t{m.FalsePositives}\t{m.TrueNegatives}");
        if (Ceilings is { } c)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"ceiling: Bayes-optimal ({CeilingMotif} log-likelihood ratio at the centre)\t{c.BayesOptimal:F4}");
            text.AppendLine(CultureInfo.InvariantCulture, $"ceiling: best position-invariant detector (max PWM log-odds over offsets)\t{c.PositionInvariant:F4}");
        }
        if (Matrices is { Count: > 0 } matrices)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"matrices\t{MatrixSource}: {matrices.Count} scored (best placement, both strands){(matrices.Count > Listed ? $", the best {Listed} listed" : "")}");
            foreach (var r in matrices.Take(Listed))
                text.AppendLine(CultureInfo.InvariantCulture, $"  {r.Motif}\tauroc {r.Auroc:F4}\tauprc {r.Auprc:F4}");
            var best = matrices[0];
            text.AppendLine(CultureInfo.InvariantCulture, $"model vs best matrix\tauroc {Signed(m.Auroc - best.Auroc)}\tauprc {Signed(m.Auprc - best.Auprc)} ({best.Motif})");
        }
        return text.ToString();
    }

    /// <summary>A difference with its sign always shown, rounded to 4 decimals first (no "-0.0000").</summary>
    static string Signed(double difference)
    {
        double rounded = Math.Round(difference, 4);
        return (rounded < 0 ? "-" : "+") + Math.Abs(rounded).ToString("F4", CultureInfo.InvariantCulture);
    }
}

/// <summary>The matrices of a motif file that <c>--motif-name</c> picked (all when none was named).</summary>
internal sealed record MotifSelection(string Source, IReadOnlyList<Motif> Motifs)
{
    public static MotifSelection Read(string path, string? name) => new(path, MotifReader.PickAll(path, name is null ? [] : [name]));
}

/// <summary>Library entry point of <c>evaluate</c>: score every row of a data set with an ONNX model.</summary>
internal static class EvaluationRun
{
    const int Batch = 4096;

    /// <summary>
    /// A labelled file: the exercise's CSV (its length must be the model's window), or DeepBind's
    /// <c>.seq</c> or a FASTA with labels in its headers (sequences of any length, centred and cropped or padded
    /// to the model's window). The PWM
    /// baseline's matrices (<c>--motif</c>), when given, score the same sequences as they are (before fitting).
    /// </summary>
    public static EvaluationReport Evaluate(OnnxWindowClassifier model, string dataPath, Motif? ceilingMotif, MotifSelection? matrices = null, bool fastaLabels = false)
    {
        var (data, fitting, layout) = LabelledSequences.Read(dataPath, model.WindowLength, fastaLabels);
        bool bothStrands = layout != LabelledSequences.Layout.ExerciseCsv;
        var report = Evaluate(model, dataPath, data, fitting, ceilingMotif, bothStrands);
        return WithMatrices(report, matrices, () => layout == LabelledSequences.Layout.ExerciseCsv ? data : LabelledSequences.Read(dataPath, null, fastaLabels).Data);
    }

    /// <summary>
    /// Peaks and a genome: windows of the model's length centred on the summits of the peaks on
    /// <see cref="PeakRequest.TestChromosomes"/> (none named: every chromosome), each with its negative, as train makes them.
    /// </summary>
    public static EvaluationReport EvaluatePeaks(OnnxWindowClassifier model, PeakRequest request, MotifSelection? matrices = null)
    {
        request = request with { Length = model.WindowLength };
        var sets = PeakTrainingData.Build(request, forEvaluation: true);
        var data = request.TestChromosomes.Count > 0 ? sets.Test : sets.Train;
        var where = request.TestChromosomes.Count > 0 ? $" on {string.Join(",", request.TestChromosomes)}" : "";
        if (data is null || data.Count == 0)
            throw new InputException($"{request.PeaksPath}: no peak{where} gives a {request.Length}-bp window in {request.GenomePath}");
        var name = $"{request.PeaksPath}{where} + {(request.Negatives == NegativeSource.Genomic ? "GC-matched genomic windows" : "dinucleotide shuffles")}";
        var report = Evaluate(model, name, data, new SequenceFitting(data.Length, 0, 0), null, bothStrands: true) with { Peaks = sets.Counts };
        return WithMatrices(report, matrices, () => data);
    }

    /// <summary>FASTA of positives and of negatives, fitted to the model's window.</summary>
    public static EvaluationReport EvaluateFasta(OnnxWindowClassifier model, string? positives, string? negatives, MotifSelection? matrices = null)
    {
        var (data, fitting) = LabelledSequences.ReadFasta(positives, negatives, model.WindowLength);
        var report = Evaluate(model, string.Join(" + ", new[] { positives, negatives }.OfType<string>()), data, fitting, null, bothStrands: true);
        return WithMatrices(report, matrices, () => LabelledSequences.ReadFasta(positives, negatives).Data);
    }

    /// <summary>The report with the matrices' ranking of the sequences <paramref name="sequences"/> gives (as they are, unfitted), when there are matrices.</summary>
    static EvaluationReport WithMatrices(EvaluationReport report, MotifSelection? matrices, Func<LabelledDataset> sequences) =>
        matrices is null ? report : report with { Matrices = MatrixBaseline.Evaluate(matrices.Motifs, sequences()), MatrixSource = matrices.Source };

    /// <summary>Real binding data has no strand: with <paramref name="bothStrands"/> a sequence scores the larger of its two strands.</summary>
    static EvaluationReport Evaluate(OnnxWindowClassifier model, string dataPath, LabelledDataset data, SequenceFitting fitting, Motif? ceilingMotif, bool bothStrands)
    {
        if (data.Length != model.WindowLength)
            throw new InputException($"{dataPath}: sequences are {data.Length} bp but model {model.Source} takes {model.WindowLength}-bp windows");
        var probabilities = Predict(model, data, bothStrands);
        var metrics = ClassifierMetrics.Compute(probabilities, data.Labels);
        var ceilings = ceilingMotif is null ? null : Ceilings.Compute(ceilingMotif, data.Length);
        return new EvaluationReport(model.Source, dataPath, metrics, ceilings, ceilingMotif?.Name)
        {
            Fitting = fitting.Cropped + fitting.Padded > 0 ? fitting : null,
            Strands = bothStrands ? "both" : "given",
        };
    }

    /// <summary>Each row's probability; with <paramref name="bothStrands"/> the larger of the row's and its reverse complement's.</summary>
    public static float[] Predict(OnnxWindowClassifier model, LabelledDataset data, bool bothStrands = false)
    {
        var result = new float[data.Count];
        int rowSize = data.Length * Alphabet.Size;
        var reverse = bothStrands ? new float[Math.Min(Batch, data.Count) * rowSize] : [];
        var other = bothStrands ? new float[Math.Min(Batch, data.Count)] : [];
        for (int start = 0; start < data.Count; start += Batch)
        {
            int count = Math.Min(Batch, data.Count - start);
            var oneHot = data.OneHot(Enumerable.Range(start, count).ToArray());
            model.Predict(oneHot, count, result.AsSpan(start, count));
            if (!bothStrands)
                continue;
            for (int i = 0; i < count; i++)
                OneHot.Write(data.Row(start + i), reverse.AsSpan(i * rowSize, rowSize), data.Length, reverseComplement: true);
            model.Predict(reverse, count, other.AsSpan(0, count));
            for (int i = 0; i < count; i++)
                result[start + i] = Math.Max(result[start + i], other[i]);
        }
        return result;
    }

    /// <summary>
    /// The motif whose ceilings to report: the one given, else the built-in FOXO1 when the data file's
    /// name starts with its prefix (what <c>simulate</c> writes), else none.
    /// </summary>
    public static Motif? CeilingMotif(string? motifPath, string dataPath)
    {
        if (motifPath is not null)
            return MotifReader.ReadFile(motifPath)[0];
        var builtIn = MotifReader.BuiltIn();
        return Path.GetFileName(dataPath).StartsWith(builtIn.ShortName + "_", StringComparison.Ordinal) ? builtIn : null;
    }
}
