namespace GenomeScan.Model.Training;

/// <summary>
/// One epoch of a learning report. Loss and accuracy on the training batches are running means over the
/// epoch with dropout on, as Keras reports them; validation numbers are on the validation data after the
/// epoch. <see cref="HoldOutLoss"/> and <see cref="HoldOutAccuracy"/> are set by the tuned recipe only.
/// </summary>
internal sealed record EpochReport(
    int Epoch, double Seconds, double LearningRate,
    double Loss, double Accuracy, double ValidationLoss, double ValidationAccuracy,
    double? HoldOutLoss = null, double? HoldOutAccuracy = null);
