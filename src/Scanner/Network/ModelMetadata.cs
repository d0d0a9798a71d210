using System.Text.Json;
using System.Text.Json.Serialization;

namespace GenomeScan.Scanner.Network;

/// <summary>Final metrics stored with a model.</summary>
internal sealed record MetricsSummary(double Accuracy, double Auroc, double Auprc, double LogLoss);

/// <summary>One candidate of the real-data recipe's hyperparameter search and how it did on the validation split.</summary>
internal sealed record SearchTrialSummary(int Filters, int Width, int Hidden, double Dropout, double LearningRate,
    double ValidationAuroc, double ValidationLoss, int Epochs, double Seconds);

/// <summary>What became of a peaks file's peaks, and how the sets were made from them.</summary>
internal sealed record PeakSummary(int InFile, int Chosen, int Used, int MissingChromosome, int OffEnd, int GcUnmatched,
    string Negatives, IReadOnlyList<string> ValidationChromosomes, IReadOnlyList<string> TestChromosomes);

/// <summary>
/// What <c>train</c> writes beside each <c>ARCH.onnx</c> as <c>ARCH.json</c> (and inside the ONNX file's
/// metadata_props under <c>genomescan</c>): enough to know what the model expects and how it was made.
/// </summary>
internal sealed record ModelMetadata
{
    /// <summary>The key of the metadata JSON in an ONNX model's metadata_props.</summary>
    public const string OnnxKey = "genomescan";

    public string Name { get; init; } = "";
    public string Arch { get; init; } = "";
    public string Layers { get; init; } = "";
    public int WindowLength { get; init; }
    public string Alphabet { get; init; } = "ACGT";
    public int Parameters { get; init; }
    public int Epochs { get; init; }
    public int BestEpoch { get; init; }
    public ulong Seed { get; init; }
    public string Recipe { get; init; } = "exercise";
    public int BatchSize { get; init; }
    public double LearningRate { get; init; }
    public double Dropout { get; init; }
    public string ClassWeight { get; init; } = "none";

    /// <summary>"both": trained on both strands (reverse-complement augmentation), a sequence scored by its better strand; "given": the exercise's way.</summary>
    public string Strands { get; init; } = "given";

    /// <summary>The random shift of training batches, in bases either way (0: none).</summary>
    public int MaxShift { get; init; }
    public MetricsSummary? Metrics { get; init; }
    /// <summary>The training file as named on the command line.</summary>
    public string? TrainingData { get; init; }
    public string TrainingDataSha256 { get; init; } = "";

    /// <summary>The test (exercise: validation) file as named on the command line, or how the test set was made.</summary>
    public string? TestData { get; init; }

    /// <summary>The genome the peaks' windows were read from.</summary>
    public string? Genome { get; init; }

    /// <summary>The peaks' counts, negatives and held-out chromosomes.</summary>
    public PeakSummary? Peaks { get; init; }
    public string ValidationDataSha256 { get; init; } = "";
    /// <summary>The real-data recipe's hyperparameter search, best first (absent when none ran).</summary>
    public IReadOnlyList<SearchTrialSummary>? Search { get; init; }
    public string GenomescanVersion { get; init; } = "";
    public int Opset { get; init; }
    public string Input { get; init; } = "";
    public string Output { get; init; } = "";

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Keep "→" in layer descriptions readable; the JSON is only ever a file, never HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static ModelMetadata? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelMetadata>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Version => typeof(ModelMetadata).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
