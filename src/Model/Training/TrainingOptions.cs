namespace GenomeScan.Model.Training;

internal enum ClassWeighting { None, Balanced }

/// <summary>
/// <see cref="Exercise"/>: the exercise's fit — fixed epochs, constant learning rate, validation on the test file.
/// <see cref="Tuned"/> (ours): early stopping on a held-out part of the training file, cosine learning-rate decay,
/// and the best epoch's weights restored.
/// </summary>
internal enum TrainingRecipe { Exercise, Tuned }

/// <summary>
/// Training settings; the defaults are the exercise's Keras settings (Adam 1e-3 with ε = 1e-7, batch 256,
/// 10 epochs, dropout 0.2, reshuffling every epoch).
/// </summary>
internal sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 256;
    public ulong Seed { get; init; }

    /// <summary>
    /// TorchSharp's intra-op threads (0: leave as they are). TorchSharp keeps this, like its random
    /// generator, per process: a training run sets both when it starts.
    /// </summary>
    public int Threads { get; init; }
    public double LearningRate { get; init; } = 1e-3;
    public double Dropout { get; init; } = 0.2;
    public ClassWeighting ClassWeight { get; init; } = ClassWeighting.None;
    public TrainingRecipe Recipe { get; init; } = TrainingRecipe.Exercise;

    /// <summary>Tuned recipe: epochs without a better held-out loss before stopping.</summary>
    public int Patience { get; init; } = 12;

    /// <summary>Tuned recipe: fraction of the training file held out for early stopping.</summary>
    public double HoldOut { get; init; } = 0.1;

    /// <summary>Tuned recipe: the learning rate decays along a cosine to this fraction of the start.</summary>
    public double FinalLearningRateFraction { get; init; } = 0.02;

    /// <summary>
    /// Real binding data has no strand: train on every sequence and its reverse complement, and score a
    /// sequence by the larger of its two strands (validation and test). Off for the exercise's data,
    /// whose sites lie on the given strand.
    /// </summary>
    public bool BothStrands { get; init; }

    /// <summary>
    /// Random shifts: each training batch is moved by up to this many bases either way (one draw per
    /// batch), the bases shifted in unknown (all-zero one-hot), so that a model of peak-centred windows
    /// also scores sites off the centre and placements that run past a record's ends. 0: off.
    /// </summary>
    public int MaxShift { get; init; }

    /// <summary>The random shift real binding data gets unless told otherwise.</summary>
    public const int RealDataShift = 20;

    public const double AdamEpsilon = 1e-7;
}
