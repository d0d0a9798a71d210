using Google.Protobuf;

namespace GenomeScan.Scanner.Tests;

/// <summary>
/// Valid ONNX models that are not window classifiers (issue 14): refused when loaded, in one line that says
/// why — not a failure in the middle of a scan.
/// </summary>
public class OddModelTests
{
    /// <summary>x [batch, 100, 4] → max over the window → sigmoid: a window classifier unless <paramref name="kind"/> spoils it.</summary>
    static byte[] Model(string kind)
    {
        var builder = new OnnxGraphBuilder("odd");
        long? batch = kind == "fixed batch" ? 1 : null;
        builder.Input(OnnxGraphBuilder.Value("x", "N", batch, 100, 4));
        string x = "x";
        if (kind == "two inputs")
        {
            builder.Input(OnnxGraphBuilder.Value("y", "N", null, 100, 4));
            x = builder.Node("Add", ["x", "y"]);
        }
        var max = builder.Node("ReduceMax", [x], null, OnnxGraphBuilder.Ints("axes", 1, 2), OnnxGraphBuilder.Int("keepdims", 0));
        var probability = builder.Node("Sigmoid", [max], kind == "int64 output" ? null : "p");
        var output = OnnxGraphBuilder.Value("p", "N", batch);
        if (kind == "int64 output")
        {
            builder.Node("Cast", [probability], "p", OnnxGraphBuilder.Int("to", OnnxGraphBuilder.Int64));
            output.Type.TensorType.ElemType = OnnxGraphBuilder.Int64;
        }
        builder.Output(output);
        return builder.Build(OnnxGraphBuilder.Opset, new Dictionary<string, string>()).ToByteArray();
    }

    [Fact]
    public void TheTestModelItselfLoads()
    {
        using var model = OnnxWindowClassifier.Load(Model("plain"), "plain.onnx", ExecutionDevice.Cpu, 1);
        Assert.Equal(100, model.WindowLength);
    }

    [Theory]
    [InlineData("two inputs", "it has 2 inputs (x, y)")]
    [InlineData("int64 output", "its output p holds Int64")]
    [InlineData("fixed batch", "takes exactly 1 window at a time")]
    public void AModelThatIsNotAWindowClassifierIsRefusedAtLoad(string kind, string why)
    {
        var error = Assert.Throws<GenomeScan.Formats.InputException>(() => OnnxWindowClassifier.Load(Model(kind), "odd.onnx", ExecutionDevice.Cpu, 1));
        Assert.StartsWith("odd.onnx: not a window classifier: ", error.Message);
        Assert.Contains(why, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
