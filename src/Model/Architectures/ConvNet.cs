using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenomeScan.Model.Architectures;

/// <summary>
/// A TorchSharp module built from an <see cref="Architecture"/>: input [N, L, 4] one-hot (the exercise's
/// layout), output the logit [N] (sigmoid gives the probability). Kernels are Glorot-uniform and biases
/// zero, as Keras initialises them; the caller seeds torch before construction.
/// </summary>
internal sealed class ConvNet : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<nn.Module<Tensor, Tensor>> features;
    readonly Linear dense;
    readonly Linear? hidden;
    readonly TorchSharp.Modules.Dropout? hiddenDropout;

    public ConvNet(Architecture architecture, double dropout) : base(architecture.Name)
    {
        Architecture = architecture;
        features = new ModuleList<nn.Module<Tensor, Tensor>>();
        long channels = Architecture.Channels;
        foreach (var layer in architecture.Layers)
        {
            switch (layer)
            {
                case Conv conv:
                    var module = nn.Conv1d(channels, conv.Filters, conv.Kernel);
                    nn.init.xavier_uniform_(module.weight!);
                    nn.init.zeros_(module.bias!);
                    features.Add(module);
                    features.Add(nn.ReLU());
                    channels = conv.Filters;
                    break;
                case MaxPool pool:
                    features.Add(nn.MaxPool1d(pool.Size, pool.Size));
                    break;
                case Dropout:
                    features.Add(nn.Dropout(dropout));
                    break;
            }
        }
        var head = architecture.Head;
        long pooled = channels * head.PooledPerFilter;
        if (head.Hidden > 0)
        {
            hidden = nn.Linear(pooled, head.Hidden);
            nn.init.xavier_uniform_(hidden.weight!);
            nn.init.zeros_(hidden.bias!);
            hiddenDropout = nn.Dropout(dropout);
            pooled = head.Hidden;
        }
        dense = nn.Linear(pooled, 1);
        nn.init.xavier_uniform_(dense.weight!);
        nn.init.zeros_(dense.bias!);
        RegisterComponents();
    }

    public Architecture Architecture { get; }

    public override Tensor forward(Tensor oneHot) => ForwardChannelsFirst(oneHot.transpose(1, 2));

    /// <summary>The logits of input already laid out [N, 4, L] (training keeps its data that way).</summary>
    public Tensor ForwardChannelsFirst(Tensor channelsFirst)
    {
        using var scope = NewDisposeScope();
        var activations = channelsFirst;
        foreach (var layer in features)
            activations = layer.forward(activations);
        var pooled = Architecture.Head.Average ? cat([activations.amax([2]), activations.mean([2])], 1) : activations.amax([2]);
        if (hidden is not null)
            pooled = hiddenDropout!.forward(nn.functional.relu(hidden.forward(pooled)));
        var logits = dense.forward(pooled).squeeze(1);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>The hidden layer's weight [H, pooled] and bias [H], or null without one.</summary>
    public (float[] Weight, float[] Bias, int Units, int Inputs)? HiddenWeights() => hidden is null ? null
        : (hidden.weight!.data<float>().ToArray(), hidden.bias!.data<float>().ToArray(), (int)hidden.weight!.shape[0], (int)hidden.weight!.shape[1]);

    /// <summary>The convolutions' weights [F, C, K] and biases [F], in order, then the dense layer's weight [C] and bias.</summary>
    public (IReadOnlyList<(float[] Weight, float[] Bias, int Filters, int Channels, int Kernel)> Convolutions, float[] DenseWeight, float DenseBias) Weights()
    {
        var convs = new List<(float[], float[], int, int, int)>();
        foreach (var module in features)
            if (module is Conv1d conv)
            {
                var shape = conv.weight!.shape;
                convs.Add((conv.weight!.data<float>().ToArray(), conv.bias!.data<float>().ToArray(), (int)shape[0], (int)shape[1], (int)shape[2]));
            }
        return (convs, dense.weight!.data<float>().ToArray(), dense.bias!.data<float>()[0]);
    }
}
