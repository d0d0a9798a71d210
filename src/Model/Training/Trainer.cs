using System.Diagnostics;
using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Architectures;
using static TorchSharp.torch;

namespace GenomeScan.Model.Training;

/// <summary>The outcome of one training run: the network (trained weights loaded) and its learning report.</summary>
internal sealed record TrainingResult(ConvNet Net, IReadOnlyList<EpochReport> History, int BestEpoch) : IDisposable
{
    public void Dispose() => Net.Dispose();
}

/// <summary>
/// Fits a <see cref="ConvNet"/> with binary cross-entropy and Adam, as the exercise's Keras <c>fit</c> does.
/// Deterministic: torch and the batch order are seeded from <see cref="TrainingOptions.Seed"/>.
/// </summary>
internal static class Trainer
{
    const int InferenceBatch = 2048;

    /// <summary>
    /// Fits <paramref name="architecture"/> on <paramref name="train"/>, reporting <paramref name="validation"/> after each
    /// epoch; the tuned recipe stops early on <paramref name="holdOut"/> (null: <see cref="TrainingOptions.HoldOut"/> of
    /// <paramref name="train"/> split off).
    /// </summary>
    public static TrainingResult Train(Architecture architecture, LabelledDataset train, LabelledDataset validation,
        TrainingOptions options, Action<EpochReport>? onEpoch = null, LabelledDataset? holdOut = null)
    {
        architecture.Shapes(train.Length);
        random.manual_seed((long)(options.Seed & 0x7FFF_FFFF_FFFF_FFFF));
        var rng = new SeededRandom(options.Seed ^ 0x5EED_0F_BA7C4UL);

        LabelledDataset fit = train;
        if (options.Recipe == TrainingRecipe.Tuned && holdOut is null)
            (fit, holdOut) = StratifiedSplit(train, options.HoldOut, rng);
        else if (options.Recipe != TrainingRecipe.Tuned)
            holdOut = null;

        var net = new ConvNet(architecture, options.Dropout);
        using var optimizer = optim.Adam(net.parameters(), options.LearningRate, eps: TrainingOptions.AdamEpsilon);
        // Both strands: the reverse complement of a channels-first one-hot [N, 4, L] is its flip in both
        // axes (A C G T reversed is T G C A, each base's complement), appended as more training rows.
        using var fitForward = ChannelsFirst(fit);
        using var fitX = options.BothStrands ? cat([fitForward, fitForward.flip(1, 2)], 0) : fitForward.alias();
        var fitLabels = fit.Labels.Select(l => (float)l).ToArray();
        using var fitY = tensor(options.BothStrands ? [.. fitLabels, .. fitLabels] : fitLabels);
        // Encoded once: every epoch scores the same validation and hold-out rows.
        using var validationX = ChannelsFirst(validation);
        using var holdOutX = holdOut is null ? null : ChannelsFirst(holdOut);
        var sampleWeights = ClassWeights(fit, options.ClassWeight);
        using var fitW = sampleWeights is null ? null : tensor(options.BothStrands ? [.. sampleWeights, .. sampleWeights] : sampleWeights);

        var history = new List<EpochReport>();
        Dictionary<string, Tensor>? bestState = null;
        double bestHoldOutLoss = double.PositiveInfinity;
        int bestEpoch = options.Epochs, sinceBest = 0;
        var order = Enumerable.Range(0, (int)fitX.shape[0]).ToArray();
        var batchIndex = new long[options.BatchSize];
        try
        {
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                double learningRate = LearningRate(options, epoch);
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = learningRate;
                rng.Shuffle(order.AsSpan());
                net.train();
                double lossSum = 0;
                long correct = 0;
                for (int start = 0; start < order.Length; start += options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    int count = Math.Min(options.BatchSize, order.Length - start);
                    for (int i = 0; i < count; i++)
                        batchIndex[i] = order[start + i];
                    var index = tensor(batchIndex.AsSpan(0, count).ToArray());

                    var x = Shift(fitX.index_select(0, index), options.MaxShift > 0 ? rng.NextInt(2 * options.MaxShift + 1) - options.MaxShift : 0);
                    var y = fitY.index_select(0, index);
                    var logits = net.ForwardChannelsFirst(x);
                    var loss = nn.functional.binary_cross_entropy_with_logits(logits, y, weight: fitW?.index_select(0, index));
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * count;
                    correct += (logits > 0).eq(y > 0.5).sum().item<long>();
                }
                var (valLoss, valAcc) = LossAndAccuracy(Predict(net, validationX, options.BothStrands), validation.Labels);
                double? holdLoss = null, holdAcc = null;
                if (holdOut is not null)
                    (holdLoss, holdAcc) = LossAndAccuracy(Predict(net, holdOutX!, options.BothStrands), holdOut.Labels);
                var report = new EpochReport(epoch, clock.Elapsed.TotalSeconds, learningRate,
                    lossSum / order.Length, correct / (double)order.Length, valLoss, valAcc, holdLoss, holdAcc);
                history.Add(report);
                onEpoch?.Invoke(report);

                if (holdLoss is { } h)
                {
                    if (h < bestHoldOutLoss)
                    {
                        bestHoldOutLoss = h;
                        bestEpoch = epoch;
                        sinceBest = 0;
                        DisposeState(bestState);
                        bestState = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
                    }
                    else if (++sinceBest >= options.Patience)
                        break;
                }
            }
            if (bestState is not null)
                net.load_state_dict(bestState);
        }
        finally
        {
            DisposeState(bestState);
        }
        net.eval();
        return new TrainingResult(net, history, bestEpoch);
    }

    /// <summary>[N, 4, L] moved <paramref name="shift"/> positions along L (positive: later), unknown (zeros) shifted in.</summary>
    static Tensor Shift(Tensor x, int shift)
    {
        if (shift == 0)
            return x;
        long length = x.shape[2], keep = length - Math.Abs(shift);
        var kept = x.narrow(2, shift > 0 ? 0 : -shift, keep);
        return nn.functional.pad(kept, shift > 0 ? [shift, 0] : [0, -shift]);
    }

    static void DisposeState(Dictionary<string, Tensor>? state)
    {
        if (state is null)
            return;
        foreach (var t in state.Values)
            t.Dispose();
    }

    static double LearningRate(TrainingOptions options, int epoch)
    {
        if (options.Recipe == TrainingRecipe.Exercise || options.Epochs <= 1)
            return options.LearningRate;
        double progress = (epoch - 1) / (double)(options.Epochs - 1);
        double floor = options.FinalLearningRateFraction;
        return options.LearningRate * (floor + (1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    /// <summary>'balanced' weighs each sample by N / (2 · N_class), as scikit-learn and Keras users do.</summary>
    static float[]? ClassWeights(LabelledDataset data, ClassWeighting weighting)
    {
        if (weighting == ClassWeighting.None)
            return null;
        int positives = data.Positives, negatives = data.Count - positives;
        if (positives == 0 || negatives == 0)
            return null;
        float wPos = data.Count / (2f * positives), wNeg = data.Count / (2f * negatives);
        return data.Labels.Select(l => l == 1 ? wPos : wNeg).ToArray();
    }

    /// <summary>Splits off a held-out fraction with both classes in proportion.</summary>
    public static (LabelledDataset Kept, LabelledDataset HoldOut) StratifiedSplit(LabelledDataset data, double fraction, SeededRandom rng)
    {
        var rest = new List<int>();
        var held = new List<int>();
        foreach (byte label in new byte[] { 0, 1 })
        {
            var rows = Enumerable.Range(0, data.Count).Where(r => data.Labels[r] == label).ToArray();
            rng.Shuffle(rows.AsSpan());
            int take = (int)Math.Round(rows.Length * fraction);
            held.AddRange(rows[..take]);
            rest.AddRange(rows[take..]);
        }
        rest.Sort();
        held.Sort();
        return (data.Select(rest), data.Select(held));
    }

    public static Tensor OneHotTensor(LabelledDataset data) =>
        tensor(data.OneHot(), [data.Count, data.Length, Alphabet.Size]);

    /// <summary>Probabilities of every row, in evaluation mode (no dropout); with <paramref name="bothStrands"/> the larger of each row's two strands.</summary>
    public static float[] Predict(ConvNet net, LabelledDataset data, bool bothStrands = false)
    {
        using var channelsFirst = ChannelsFirst(data);
        return Predict(net, channelsFirst, bothStrands);
    }

    /// <summary>Probabilities of every row of an encoded [N, 4, L] tensor; with <paramref name="bothStrands"/> the larger of each row's two strands.</summary>
    static float[] Predict(ConvNet net, Tensor oneHot, bool bothStrands)
    {
        var forward = Predict(net, oneHot);
        if (!bothStrands)
            return forward;
        using var reverse = oneHot.flip(1, 2);
        var other = Predict(net, reverse);
        for (int i = 0; i < forward.Length; i++)
            forward[i] = Math.Max(forward[i], other[i]);
        return forward;
    }

    /// <summary>The data as a contiguous [N, 4, L] tensor: the layout the convolutions read.</summary>
    static Tensor ChannelsFirst(LabelledDataset data)
    {
        using var oneHot = OneHotTensor(data);
        return oneHot.transpose(1, 2).contiguous();
    }

    /// <summary>Probabilities of every row of an encoded [N, 4, L] tensor, in evaluation mode.</summary>
    static float[] Predict(ConvNet net, Tensor oneHot)
    {
        long count = oneHot.shape[0];
        var result = new float[count];
        net.eval();
        using var noGrad = no_grad();
        for (long start = 0; start < count; start += InferenceBatch)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(InferenceBatch, count - start);
            var p = sigmoid(net.ForwardChannelsFirst(oneHot.narrow(0, start, n)));
            p.data<float>().CopyTo(result, (int)start);
        }
        return result;
    }

    static (double Loss, double Accuracy) LossAndAccuracy(float[] probabilities, byte[] labels)
    {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = Math.Clamp(probabilities[i], 1e-7, 1 - 1e-7);
            bool positive = labels[i] == 1;
            loss -= positive ? Math.Log(p) : Math.Log(1 - p);
            if ((probabilities[i] > 0.5f) == positive)
                correct++;
        }
        return (loss / probabilities.Length, correct / (double)probabilities.Length);
    }
}
