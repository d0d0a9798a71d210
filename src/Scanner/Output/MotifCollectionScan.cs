using System.Globalization;
using System.Text;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Motifs;

namespace GenomeScan.Scanner.Output;

/// <summary>
/// Several motifs of one file (<c>scan --motif COLLECTION</c>): each motif is scanned as a single motif
/// is — its own exact null, cut-off, q-values, regions — into a temporary file of the chosen format, and
/// the files are merged into the output ordered by sequence (input order), start, strand (+ before −),
/// then motif (file order). The name column tells the motifs apart. So the result is by construction the
/// single-motif scans merged and sorted; the input is read once per motif (one pass for all is issue
/// 13's next step). The output appears only when every motif's scan succeeded.
/// </summary>
internal static class MotifCollectionScan
{
    /// <summary>Scans one motif into the file at <c>target</c> with <c>threads</c> workers; the wrapper, when given, sees the sink.</summary>
    public delegate Task<ScanSummary> ScanOne(Motif motif, string target, Func<IScanSink, IScanSink>? wrap, int threads);

    public static async Task<ScanSummary> RunAsync(ScanRequest request, IReadOnlyList<Motif> motifs, Stream stdout, TextWriter log,
        ScanOne scanOne, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var directory = Directory.CreateTempSubdirectory("genomescan-motifs-");
        try
        {
            var order = new Dictionary<string, int>(StringComparer.Ordinal);
            var files = Enumerable.Range(0, motifs.Count).Select(i => Path.Combine(directory.FullName, i.ToString(CultureInfo.InvariantCulture))).ToArray();
            // The first motif alone notes the order of the sequences; then the others, as many at a time as
            // there are threads, each scan on one worker (a scan's reading and calling are serial: several
            // scans keep the cores busier than one scan's workers do). Each writes its own file: the merge
            // below gives the same bytes whatever the interleaving.
            var first = await scanOne(motifs[0], files[0], sink => new RecordOrder(sink, order, request.Options.ParseCoordinates), request.Options.Threads).ConfigureAwait(false);
            var summaries = new ScanSummary[motifs.Count];
            summaries[0] = first;
            int done = 1;
            await Parallel.ForAsync(1, motifs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Options.Threads), CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    summaries[i] = await scanOne(motifs[i], files[i], null, 1).ConfigureAwait(false);
                    int count = Interlocked.Increment(ref done);
                    if (count % 100 == 0)
                        log.WriteLine($"scan: {count:N0} of {motifs.Count:N0} motifs of {request.MotifPath} scanned");
                }).ConfigureAwait(false);
            long hits = summaries.Sum(s => s.Hits);
            double seconds = clock.Elapsed.TotalSeconds;
            log.WriteLine($"scan: {motifs.Count:N0} motifs of {request.MotifPath} scanned, {hits:N0} hits, {seconds:F1} s ({motifs.Count * first.Bases / 1e6 / Math.Max(seconds, 1e-9):F2} Mbp/s of motif scans)");
            using var target = OutputTarget.Open(request.Output, stdout);
            using (var writer = new StreamWriter(target.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
            {
                if (request.Header is not null)
                    writer.WriteLine($"{request.Header}\tmodel={request.MotifPath}\tmotifs={motifs.Count}");
                Merge(files, order, writer);
            }
            target.Commit();
            return first with { Hits = hits, Seconds = seconds };
        }
        finally
        {
            directory.Delete(true);
        }
    }

    /// <summary>A k-way merge of the motifs' files, each already in (sequence, start, strand) order.</summary>
    static void Merge(string[] files, Dictionary<string, int> order, TextWriter output)
    {
        var readers = files.Select(f => new StreamReader(f, Encoding.UTF8, false, 1 << 14)).ToArray();
        try
        {
            var queue = new PriorityQueue<(int File, string Line), (int Chrom, long Start, int Strand, int File)>();
            var last = new (int, long, int)[files.Length];
            void Next(int file)
            {
                var line = readers[file].ReadLine();
                if (line is null)
                    return;
                var key = Key(line, order, files[file]);
                if (key.CompareTo(last[file]) < 0)
                    throw new InvalidOperationException($"motif {file}'s scan is out of order at '{line}'");
                last[file] = key;
                queue.Enqueue((file, line), (key.Chrom, key.Start, key.Strand, file));
            }
            for (int f = 0; f < files.Length; f++)
                Next(f);
            while (queue.TryDequeue(out var item, out _))
            {
                output.WriteLine(item.Line);
                Next(item.File);
            }
        }
        finally
        {
            foreach (var reader in readers)
                reader.Dispose();
        }
    }

    static (int Chrom, long Start, int Strand) Key(string line, Dictionary<string, int> order, string file)
    {
        var fields = line.Split('\t', 7);
        if (fields.Length < 6 || !order.TryGetValue(fields[0], out int chrom) || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long start))
            throw new InvalidOperationException($"{file}: not a line of a region scan: '{line}'");
        return (chrom, start, fields[5] switch { "+" => 0, "-" => 1, _ => 2 });
    }

    /// <summary>Notes the order in which the scan reports sequences (a region's parent counts once), and passes everything on.</summary>
    sealed class RecordOrder(IScanSink inner, Dictionary<string, int> order, bool parseCoordinates) : IScanSink
    {
        public long Hits => inner.Hits;

        public void BeginRecord(FastaRecord record)
        {
            order.TryAdd(ReportedName.Of(record, parseCoordinates).Chrom, order.Count);
            inner.BeginRecord(record);
        }

        public void Add(long start, long end, float plus, float minus) => inner.Add(start, end, plus, minus);

        public void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus) =>
            inner.AddRange(starts, ends, plus, minus);

        public void EndRecord() => inner.EndRecord();

        public void Finish() => inner.Finish();
    }
}
