namespace GenomeScan.Model.Architectures;

/// <summary>A layer of the exercise's family of CNNs (Keras semantics: 'valid' padding, stride 1).</summary>
internal abstract record Layer;

/// <summary>Conv1D(filters, kernel) followed by ReLU.</summary>
internal sealed record Conv(int Filters, int Kernel) : Layer;

/// <summary>MaxPooling1D(pool, stride = pool); a remainder is dropped, as in Keras.</summary>
internal sealed record MaxPool(int Size) : Layer;

/// <summary>Dropout at the training rate; the identity at inference.</summary>
internal sealed record Dropout : Layer;

/// <summary>
/// The head after the last layer: a global max over positions (the exercise's family), or as DeepBind
/// the global max and the global average side by side (<paramref name="Average"/>); then, with
/// <paramref name="Hidden"/> units, Dense(Hidden) → ReLU → Dropout; then Dense(1) → sigmoid.
/// </summary>
internal sealed record Head(bool Average = false, int Hidden = 0)
{
    public static Head MaxOnly { get; } = new();

    /// <summary>Features the pooling hands on per last-layer filter.</summary>
    public int PooledPerFilter => Average ? 2 : 1;
}

/// <summary>
/// One architecture: the layers before the head (<see cref="Head"/>; the exercise's family's is
/// GlobalMaxPooling1D → Dense(1) → sigmoid). Every head pools over all positions of the window, which
/// is what lets a genome be scanned at stride 1 for the cost of one convolution pass.
/// </summary>
internal sealed record Architecture(string Name, string Description, IReadOnlyList<Layer> Layers, bool Ours = false, Head? PoolingHead = null)
{
    public const int Channels = 4;

    public Head Head => PoolingHead ?? Head.MaxOnly;

    public IEnumerable<Conv> Convolutions => Layers.OfType<Conv>();

    public int LastFilters => Convolutions.Last().Filters;

    /// <summary>Output length after each layer for an input of <paramref name="length"/>; throws when a layer runs out of positions.</summary>
    public IReadOnlyList<(Layer Layer, int Length, int Channels)> Shapes(int length)
    {
        var shapes = new List<(Layer, int, int)>();
        int channels = Channels;
        foreach (var layer in Layers)
        {
            switch (layer)
            {
                case Conv conv:
                    length = length - conv.Kernel + 1;
                    channels = conv.Filters;
                    break;
                case MaxPool pool:
                    length /= pool.Size;
                    break;
            }
            if (length < 1)
                throw new ArgumentException($"architecture {Name} needs a longer input than the one given");
            shapes.Add((layer, length, channels));
        }
        return shapes;
    }

    /// <summary>Trainable parameters: every convolution's weights and biases, and the dense head.</summary>
    public int ParameterCount()
    {
        int channels = Channels, total = 0;
        foreach (var conv in Convolutions)
        {
            total += conv.Filters * channels * conv.Kernel + conv.Filters;
            channels = conv.Filters;
        }
        int pooled = channels * Head.PooledPerFilter;
        return Head.Hidden > 0 ? total + pooled * Head.Hidden + Head.Hidden + Head.Hidden + 1 : total + pooled + 1;
    }

    /// <summary>Product of the pool sizes: window starts this far apart share one chunk-wide evaluation.</summary>
    public int TotalPooling => Layers.OfType<MaxPool>().Aggregate(1, (p, l) => p * l.Size);
}
