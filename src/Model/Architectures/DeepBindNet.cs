using System.Globalization;

namespace GenomeScan.Model.Architectures;

/// <summary>
/// The architecture family for real binding data, as DeepBind (Alipanahi et al. 2015): one convolution of
/// motif detectors, then each detector's global max and global average over the window side by side (the
/// best site, and how much binding-like sequence there is overall), a hidden Dense layer with ReLU and
/// dropout, and Dense(1). Both poolings see every position, so a site counts wherever it lies in the
/// window; the convolution is the only layer that slides, so a genome is scanned at stride 1 for one
/// convolution pass and a per-window head (<c>PooledHeadScorer</c>).
/// </summary>
internal static class DeepBindNet
{
    public const string Name = "deepbind";

    /// <summary>One member: <paramref name="filters"/> detectors of <paramref name="width"/> bases, <paramref name="hidden"/> hidden units (0: none).</summary>
    public static Architecture Create(int filters, int width, int hidden) => new(
        Name,
        string.Create(CultureInfo.InvariantCulture,
            $"Conv1D({filters}, {width}) → global max ‖ global average → {(hidden > 0 ? $"Dense({hidden}, ReLU) → Dropout → " : "")}Dense(1) (DeepBind-style)"),
        [new Conv(filters, width)], Ours: true, PoolingHead: new Head(Average: true, Hidden: hidden));

    /// <summary>
    /// What <c>--arch deepbind</c> trains: the real-data recipe's default shape (64 detectors of 12 bases, 32 hidden
    /// units; DeepBind published 16 of 24, which underfits SP1 here: 0.77 AUROC against 0.88 in ten epochs).
    /// </summary>
    public static Architecture Spec { get; } = Create(64, 12, 32);
}
