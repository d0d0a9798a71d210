using System.Globalization;
using System.Text;
using GenomeScan.Model.Architectures;

namespace GenomeScan.Scanner.Tests.Scoring;

[Trait("Category", "Kernels")]
public sealed class ScorerFactoryTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-shared-");

    public void Dispose() => dir.Delete(true);

    /// <summary>Records with N runs longer and shorter than --max-n, one shorter than a window, one exactly a window.</summary>
    string WriteGenome()
    {
        var rng = new Random(8);
        string Bases(int n) => new(Enumerable.Range(0, n).Select(_ => "ACGTacgt"[rng.Next(8)]).ToArray());
        var gapped = Bases(2600).ToCharArray();
        for (int i = 700; i < 1100; i++)
            gapped[i] = 'N';
        for (int i = 1500; i < 1506; i++)
            gapped[i] = 'N';
        var text = new StringBuilder();
        foreach (var (name, bases) in new[] { ("gapped", new string(gapped)), ("plain", Bases(1777)), ("short", Bases(61)), ("exact", Bases(100)) })
            text.Append($">{name}\n{bases}\n");
        var path = Path.Combine(dir.FullName, "genome.fa");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Scans through the factory, as scan does; <paramref name="expected"/> is the scorer the factory must pick.</summary>
    static async Task<string[]> ScanAll(OnnxWindowClassifier model, ScanEngine engine, string genome, int stride, Strands strands, bool merge = false, float threshold = -1f,
        int segmentBases = 450, int chunkSize = 777, ScorerKind? expected = null)
    {
        var options = new ScanOptions
        {
            Engine = engine,
            Stride = stride,
            Strands = strands,
            Merge = merge,
            Threads = 2,
            BatchSize = 37,
            // Small chunks and segments: many chunk and segment boundaries inside each record.
            ChunkSize = chunkSize,
            SegmentBases = segmentBases,
        };
        using var scorers = ScorerFactory.ForModel(model, engine, options.SegmentBases, options.BatchSize);
        Assert.Equal(expected ?? engine switch { ScanEngine.Window => ScorerKind.Window, ScanEngine.DenseOnnx => ScorerKind.DenseOnnx, _ => ScorerFactory.KernelsSupported ? ScorerKind.Kernels : ScorerKind.DenseOnnx }, scorers.Kind);
        using var output = new MemoryStream();
        var writer = new GenomeScan.Formats.Bed.BedWriter(output);
        var sink = new RegionSink(OutputFormat.Bed, "m", threshold, merge, strands, writer, null);
        await ScanPipeline.RunAsync([genome], scorers, sink, options, TextWriter.Null);
        writer.Dispose();
        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    static void AssertSameBed(string[] expected, string[] actual, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: {expected.Length} records by window, {actual.Length} shared");
        for (int i = 0; i < expected.Length; i++)
        {
            var e = expected[i].Split('\t');
            var a = actual[i].Split('\t');
            Assert.True(e[0] == a[0] && e[1] == a[1] && e[2] == a[2] && e[5] == a[5], $"{context}: {expected[i]} vs {actual[i]}");
            double pe = double.Parse(e[6], CultureInfo.InvariantCulture), pa = double.Parse(a[6], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(pe - pa) <= 1e-5, $"{context}: {expected[i]} vs {actual[i]}");
            Assert.InRange(int.Parse(a[4]) - int.Parse(e[4]), -1, 1);
        }
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    [InlineData("v4")]
    [InlineData("v5")]
    [InlineData("v6")]
    [InlineData("v7")]
    [InlineData("deepbind")]
    public async Task SharedEngineGivesThePerWindowScoresAtEveryStride(string name)
    {
        var arch = ArchitectureCatalog.Find(name)!;
        var genome = WriteGenome();
        using var model = OnnxWindowClassifier.Load(RandomModels.Create(arch, 5), name, ExecutionDevice.Cpu, 1);
        using var shared = DenseScanModel.TryCreate(model, 1);
        Assert.NotNull(shared);
        foreach (var stride in new[] { 1, 3, 8, 100 })
        {
            var byWindow = await ScanAll(model, ScanEngine.Window, genome, stride, Strands.Both);
            var byShared = await ScanAll(model, ScanEngine.DenseOnnx, genome, stride, Strands.Both);
            AssertSameBed(byWindow, byShared, $"{name} stride {stride}");
            var scores = byWindow.Select(l => l.Split('\t')[6]).Distinct().Count();
            Assert.True(scores > byWindow.Length / 4, $"{name}: too few distinct scores ({scores}) for the comparison to mean much");
        }
        // Merged regions at a threshold in the middle of the scores are the same too.
        var all = (await ScanAll(model, ScanEngine.Window, genome, 1, Strands.Both)).Select(l => float.Parse(l.Split('\t')[6], CultureInfo.InvariantCulture)).Order().ToArray();
        float median = all[all.Length / 2];
        AssertSameBed(await ScanAll(model, ScanEngine.Window, genome, 2, Strands.Both, merge: true, threshold: median),
            await ScanAll(model, ScanEngine.DenseOnnx, genome, 2, Strands.Both, merge: true, threshold: median), $"{name} merged");
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    [InlineData("v4")]
    [InlineData("v5")]
    [InlineData("v6")]
    [InlineData("v7")]
    [InlineData("deepbind")]
    public async Task OurSimdKernelsGiveThePerWindowScores(string name)
    {
        var genome = WriteGenome();
        using var model = OnnxWindowClassifier.Load(RandomModels.Create(ArchitectureCatalog.Find(name)!, 6), name, ExecutionDevice.Cpu, 1);
        var network = WindowNetwork.TryRead(model.ModelBytes);
        // The three kernels take disjoint families.
        var kernels = new object?[] { FusedConvMaxScorer.TryCreate(network, 100, 450), ConvStackScorer.TryCreate(network, 100, 450), PooledHeadScorer.TryCreate(network, 100, 450) };
        Assert.Equal(name switch { "v1" or "v2" => 0, "deepbind" => 2, _ => 1 }, Array.FindIndex(kernels, k => k is not null));
        Assert.Single(kernels, k => k is not null);
        foreach (var stride in new[] { 1, 3, 8, 100 })
            foreach (var strand in new[] { Strands.Both, Strands.Plus, Strands.Minus })
                AssertSameBed(await ScanAll(model, ScanEngine.Window, genome, stride, strand),
                    await ScanAll(model, ScanEngine.Dense, genome, stride, strand), $"{name} stride {stride} {strand}");
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("v6")]
    [InlineData("v7")]
    [InlineData("deepbind")]
    public async Task OurDeepKernelGivesTheSameBytesWhateverTheSegmentsAndChunks(string name)
    {
        // Winograd tiles mix neighbouring positions' rounding; anchored to record coordinates and given
        // context, every window's score is the same bits whatever the segment and chunk boundaries.
        var genome = WriteGenome();
        using var model = OnnxWindowClassifier.Load(RandomModels.Create(ArchitectureCatalog.Find(name)!, 7), name, ExecutionDevice.Cpu, 1);
        var reference = await ScanAll(model, ScanEngine.Dense, genome, 1, Strands.Both, segmentBases: 4096, chunkSize: 1 << 20);
        foreach (var (segment, chunk) in new[] { (450, 777), (333, 101), (1000, 64) })
            Assert.Equal(reference, await ScanAll(model, ScanEngine.Dense, genome, 1, Strands.Both, segmentBases: segment, chunkSize: chunk));
    }

    [Fact]
    public void OurOneConvolutionKernelServesOnlyOneConvolutionModels()
    {
        using var model = OnnxWindowClassifier.Load(RandomModels.Create(V3.Spec, 1), "v3", ExecutionDevice.Cpu, 1);
        Assert.Null(FusedConvMaxScorer.TryCreate(WindowNetwork.TryRead(model.ModelBytes), 100, 450));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v6")]
    [InlineData("v7")]
    [InlineData("deepbind")]
    public void ANetworkWithANonFiniteWeightIsLeftToOnnxRuntime(string arch)
    {
        // Our kernels' max reads a NaN as the other operand; ONNX Runtime propagates it.
        var network = WindowNetwork.TryRead(RandomModels.Create(ArchitectureCatalog.Find(arch)!, 3))!;
        Assert.True(network.IsFinite);
        if (ScorerFactory.KernelsSupported)
            Assert.NotNull(ScorerFactory.ForKernels(network, 100, 450));
        var conv = (ConvStep)network.Steps[^1];
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity })
        {
            var weight = (float[])conv.Weight.Clone();
            weight[weight.Length / 2] = bad;
            var broken = network with { Steps = [.. network.Steps.SkipLast(1), conv with { Weight = weight }] };
            Assert.False(broken.IsFinite);
            Assert.Null(ScorerFactory.ForKernels(broken, 100, 450));
        }
        Assert.Null(ScorerFactory.ForKernels(network with { DenseBias = float.NaN }, 100, 450));
    }

    [Fact]
    public async Task SingleStrandsMatchToo()
    {
        var genome = WriteGenome();
        using var model = OnnxWindowClassifier.Load(RandomModels.Create(V5.Spec, 9), "v5", ExecutionDevice.Cpu, 1);
        using var shared = DenseScanModel.TryCreate(model, 1);
        foreach (var strand in new[] { Strands.Plus, Strands.Minus })
            AssertSameBed(await ScanAll(model, ScanEngine.Window, genome, 5, strand), await ScanAll(model, ScanEngine.DenseOnnx, genome, 5, strand), strand.ToString());
    }

    [Fact]
    public void ForeignGraphsAreNotUnderstood()
    {
        Assert.Null(DenseScanGraph.TryBuild("not a model"u8.ToArray(), 100));
    }

    [Fact]
    public void TheFactoryPicksTheEngineForTheModelAndTheOverride()
    {
        using var v3 = OnnxWindowClassifier.Load(RandomModels.Create(V3.Spec, 1), "v3", ExecutionDevice.Cpu, 1);
        var dense = ScorerFactory.KernelsSupported ? ScorerKind.Kernels : ScorerKind.DenseOnnx;
        foreach (var (engine, kind) in new[] { (ScanEngine.Auto, dense), (ScanEngine.Dense, dense), (ScanEngine.DenseOnnx, ScorerKind.DenseOnnx), (ScanEngine.Window, ScorerKind.Window) })
        {
            using var scorers = ScorerFactory.ForModel(v3, engine, 450, 37);
            Assert.Equal(kind, scorers.Kind);
            Assert.Equal(100, scorers.WindowLength);
            Assert.Equal(kind == ScorerKind.Window, scorers.PerWindow);
        }
        // The environment override replaces only an auto request.
        Assert.Equal(ScanEngine.Window, ScorerFactory.Resolve(ScanEngine.Auto, "window"));
        Assert.Equal(ScanEngine.DenseOnnx, ScorerFactory.Resolve(ScanEngine.Auto, "shared-onnx"));
        Assert.Equal(ScanEngine.Dense, ScorerFactory.Resolve(ScanEngine.Dense, "window"));
        Assert.Equal(ScanEngine.Auto, ScorerFactory.Resolve(ScanEngine.Auto, null));
        Assert.Throws<GenomeScan.Formats.InputException>(() => ScorerFactory.Resolve(ScanEngine.Auto, "fast"));
    }

    [Fact]
    public void ADenseRequestForAGraphNoDenseEngineUnderstandsIsRefusedByName()
    {
        // A window classifier of another shape: a GlobalAveragePool head, which neither dense form reads.
        var bytes = RandomModels.Create(V1.Spec, 2);
        var graph = Onnx.ModelProto.Parser.ParseFrom(bytes);
        foreach (var node in graph.Graph.Node.Where(n => n.OpType == "GlobalMaxPool"))
            node.OpType = "GlobalAveragePool";
        using var model = OnnxWindowClassifier.Load(Google.Protobuf.MessageExtensions.ToByteArray(graph), "avg", ExecutionDevice.Cpu, 1);
        using (var auto = ScorerFactory.ForModel(model, ScanEngine.Auto, 450, 37))
            Assert.Equal(ScorerKind.Window, auto.Kind);
        var error = Assert.Throws<EngineUnavailableException>(() => ScorerFactory.ForModel(model, ScanEngine.Dense, 450, 37));
        Assert.Equal("avg", error.Model);
    }
}
