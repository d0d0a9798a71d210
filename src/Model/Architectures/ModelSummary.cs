using System.Text;

namespace GenomeScan.Model.Architectures;

/// <summary>Keras' <c>model.summary()</c> for an architecture: layers, output shapes, parameters.</summary>
internal static class ModelSummary
{
    public static string Format(Architecture architecture, int length)
    {
        var text = new StringBuilder();
        text.AppendLine($"Model: {architecture.Name}{(architecture.Ours ? " (ours)" : "")}  {architecture.Description}");
        text.AppendLine(new string('_', 64));
        text.AppendLine($"{"Layer (type)",-32}{"Output Shape",-20}{"Param #",12}");
        text.AppendLine(new string('=', 64));
        int channels = Architecture.Channels, index = 0;
        foreach (var (layer, outLength, outChannels) in architecture.Shapes(length))
        {
            index++;
            var (name, parameters) = layer switch
            {
                Conv c => ($"conv1d_{index} (Conv1D)", c.Filters * channels * c.Kernel + c.Filters),
                MaxPool => ($"max_pooling1d_{index} (MaxPooling1D)", 0),
                _ => ($"dropout_{index} (Dropout)", 0),
            };
            text.AppendLine($"{name,-32}{$"(None, {outLength}, {outChannels})",-20}{parameters,12:N0}");
            channels = outChannels;
        }
        var head = architecture.Head;
        text.AppendLine($"{"global_max_pooling1d (Global",-32}{$"(None, {channels})",-20}{0,12}");
        if (head.Average)
        {
            text.AppendLine($"{"global_average_pooling1d (Gl",-32}{$"(None, {channels})",-20}{0,12}");
            text.AppendLine($"{"concatenate (Concatenate)",-32}{$"(None, {2 * channels})",-20}{0,12}");
        }
        int pooled = channels * head.PooledPerFilter;
        if (head.Hidden > 0)
        {
            text.AppendLine($"{"hidden (Dense, ReLU)",-32}{$"(None, {head.Hidden})",-20}{pooled * head.Hidden + head.Hidden,12:N0}");
            text.AppendLine($"{"dropout_hidden (Dropout)",-32}{$"(None, {head.Hidden})",-20}{0,12}");
            pooled = head.Hidden;
        }
        text.AppendLine($"{"dense (Dense)",-32}{"(None, 1)",-20}{pooled + 1,12:N0}");
        text.AppendLine($"{"activation (sigmoid)",-32}{"(None, 1)",-20}{0,12}");
        text.AppendLine(new string('=', 64));
        text.AppendLine($"Total params: {architecture.ParameterCount():N0}");
        return text.ToString();
    }
}
