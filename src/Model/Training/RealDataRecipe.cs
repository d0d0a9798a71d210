using System.Diagnostics;
using GenomeScan.Formats.Datasets;
using GenomeScan.Model.Architectures;
using GenomeScan.Model.Evaluation;

namespace GenomeScan.Model.Training;

/// <summary>The hyperparameters the search chooses among: the DeepBind-style network's shape and its fit.</summary>
internal sealed record Hyperparameters(int Filters, int Width, int Hidden, double Dropout, double LearningRate)
{
    public Architecture Architecture => DeepBindNet.Create(Filters, Width, Hidden);

    public override string ToString() => FormattableString.Invariant($"{Filters} filters of {Width}, {Hidden} hidden, dropout {Dropout}, rate {LearningRate}");
}

/// <summary>One candidate of the search: its hold-out AUROC and loss at its best epoch, epochs run and seconds taken.</summary>
internal sealed record SearchTrial(Hyperparameters Parameters, double ValidationAuroc, double ValidationLoss, int Epochs, double Seconds);

/// <summary>
/// What <c>train</c> does with real binding data and no <c>--arch</c>: the DeepBind-style network, its
/// hyperparameters chosen by a small random search decided on a validation split only, then one fit
/// of the winner with early stopping on that split.
/// <para>
/// The validation split is 10% of the training sequences (a positive and the shuffle made from it fall
/// on the same side); a test file, when given, is only reported. Each candidate trains briefly
/// (<see cref="SearchEpochs"/> epochs on at most <see cref="SearchRows"/> training rows); the one with the
/// best validation AUROC is fitted on all training rows for <see cref="TrainingOptions.Epochs"/> epochs
/// with cosine decay, keeping the epoch of the lowest validation loss. The first candidate is
/// <see cref="Default"/>; the rest are seeded draws from the grid below, so the search is reproducible.
/// </para>
/// </summary>
internal static class RealDataRecipe
{
    /// <summary>Measured on the five shared ENCODE sets (docs/real-data.md): 64 detectors of 12 bases, 32 hidden units, dropout 0.2, Adam 3e-3.</summary>
    public static Hyperparameters Default { get; } = new(64, 12, 32, 0.2, 3e-3);

    static readonly int[] FilterChoices = [32, 64];
    static readonly int[] WidthChoices = [12, 16, 20];
    static readonly double[] DropoutChoices = [0.1, 0.25, 0.5];
    static readonly double[] RateChoices = [1e-3, 3e-3, 1e-2];

    public const int DefaultTrials = 6;
    public const int SearchRows = 10_000;
    public const int SearchEpochs = 10;
    public const int FinalEpochs = 30;
    public const double ValidationFraction = 0.1;

    /// <summary><paramref name="count"/> distinct candidates: <see cref="Default"/>, then seeded draws from the grid.</summary>
    public static IReadOnlyList<Hyperparameters> Candidates(int count, ulong seed)
    {
        var rng = new SeededRandom(seed ^ 0x5EA4C4UL);
        var chosen = new List<Hyperparameters> { Default };
        int total = FilterChoices.Length * WidthChoices.Length * DropoutChoices.Length * RateChoices.Length;
        while (chosen.Count < Math.Min(count, total))
        {
            var candidate = new Hyperparameters(FilterChoices[rng.NextInt(FilterChoices.Length)], WidthChoices[rng.NextInt(WidthChoices.Length)],
                Default.Hidden, DropoutChoices[rng.NextInt(DropoutChoices.Length)], RateChoices[rng.NextInt(RateChoices.Length)]);
            if (!chosen.Contains(candidate))
                chosen.Add(candidate);
        }
        return chosen;
    }

    /// <summary>
    /// Splits off the validation rows, both classes in proportion. With <paramref name="paired"/> the second half
    /// of the rows are the shuffles of the first half, row for row: a pair goes to one side together.
    /// </summary>
    public static (LabelledDataset Fit, LabelledDataset Validation) Split(LabelledDataset data, bool paired, ulong seed)
    {
        var rng = new SeededRandom(seed ^ 0xC0FFEEUL);
        if (!paired)
            return Trainer.StratifiedSplit(data, ValidationFraction, rng);
        int pairs = data.Count / 2;
        var order = Enumerable.Range(0, pairs).ToArray();
        rng.Shuffle(order.AsSpan());
        int take = (int)Math.Round(pairs * ValidationFraction);
        var held = order[..take].Order().SelectMany(p => new[] { p, p + pairs }).Order().ToArray();
        var kept = order[take..].Order().SelectMany(p => new[] { p, p + pairs }).Order().ToArray();
        return (data.Select(kept), data.Select(held));
    }

    /// <summary>Trains every candidate briefly and returns them all, best (highest validation AUROC; ties: the earlier) first.</summary>
    public static IReadOnlyList<SearchTrial> Search(IReadOnlyList<Hyperparameters> candidates, LabelledDataset fit, LabelledDataset validation,
        TrainingOptions options, TextWriter log)
    {
        var rows = fit;
        if (fit.Count > SearchRows)
            (_, rows) = Trainer.StratifiedSplit(fit, SearchRows / (double)fit.Count, new SeededRandom(options.Seed ^ 0x5AB5E7UL));
        var trials = new List<SearchTrial>();
        foreach (var candidate in candidates)
        {
            var clock = Stopwatch.StartNew();
            var trialOptions = options with
            {
                Recipe = TrainingRecipe.Tuned,
                Epochs = SearchEpochs,
                LearningRate = candidate.LearningRate,
                Dropout = candidate.Dropout,
            };
            using var result = Trainer.Train(candidate.Architecture, rows, validation, trialOptions, holdOut: validation);
            var metrics = ClassifierMetrics.Compute(Trainer.Predict(result.Net, validation, options.BothStrands), validation.Labels);
            var trial = new SearchTrial(candidate, metrics.Auroc, metrics.LogLoss, result.History.Count, clock.Elapsed.TotalSeconds);
            log.WriteLine(FormattableString.Invariant(
                $"search {trials.Count + 1}/{candidates.Count}: {candidate}: validation AUROC {trial.ValidationAuroc:F4}, loss {trial.ValidationLoss:F4} ({trial.Seconds:F1} s, {rows.Count:N0} rows)"));
            trials.Add(trial);
        }
        return [.. trials.Select((t, i) => (t, i)).OrderByDescending(x => x.t.ValidationAuroc).ThenBy(x => x.i).Select(x => x.t)];
    }
}
