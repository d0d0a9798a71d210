// Scans a FASTA file with the built-in FOXO1 model through the library, then scores one sequence:
//   dotnet run --project examples/library -c Release -- examples/dm3_chr2R_1M.fa.gz [CUT-OFF]
using System.Globalization;
using System.Text;
using GenomeScan.Formats.Fasta;
using GenomeScan.Scanner;

string fasta = args.Length > 0 ? args[0] : "examples/dm3_chr2R_1M.fa.gz";
float cutOff = args.Length > 1 ? float.Parse(args[1], CultureInfo.InvariantCulture) : 0.999f;

using var model = WindowModel.BuiltIn();
Console.WriteLine($"model {model.Name}: {model.WindowLength}-bp windows, scored by {model.Engine}");

// The whole file on both threads; the sink sees every window in input order.
var sink = new BestWindows(cutOff);
var summary = await SequenceScanner.ScanAsync(new FastaSource([fasta]), model, sink, new ScanOptions { Threads = 2 });
Console.WriteLine($"{summary.WindowsScored:N0} windows, {sink.Passed:N0} strand scores above {cutOff}; best {sink.Best:F6} at {sink.Where}");

// One sequence, every window on both strands, through a scorer of this thread's own.
using var scorer = model.CreateScorer();
var bases = Encoding.ASCII.GetBytes(new string('A', 60) + "TGTTTAC" + new string('C', 60));
var plus = new float[scorer.WindowCount(bases.Length)];
var minus = new float[plus.Length];
scorer.Score(bases, plus, minus);
Console.WriteLine($"planted TGTTTAC: best window {plus.Concat(minus).Max():F6} over {plus.Length} placements per strand");

/// <summary>Counts strand scores above a cut-off and remembers the best window.</summary>
sealed class BestWindows(float cutOff) : IScanSink
{
    string chrom = "";

    public long Passed { get; private set; }
    public float Best { get; private set; } = -1;
    public string Where { get; private set; } = "";
    public long Hits => Passed;

    public void BeginRecord(FastaRecord record) => chrom = record.Name;

    public void Add(long start, long end, float plus, float minus)
    {
        foreach (var (score, strand) in new[] { (plus, '+'), (minus, '-') })
        {
            Passed += score > cutOff ? 1 : 0;
            if (score > Best)
                (Best, Where) = (score, $"{chrom}:{start + 1}-{end} ({strand})");
        }
    }

    public void EndRecord() { }

    public void Finish() { }
}
