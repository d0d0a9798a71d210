namespace GenomeScan.Scanner.Calling;

/// <summary>
/// A called region: 0-based start, exclusive end, strand, the best window's probability, and the summit
/// — the middle of the first run of consecutive windows that reach that best probability.
/// </summary>
internal readonly record struct Hit(string Chrom, long Start, long End, char Strand, float Best, long Summit);

/// <summary>
/// Turns scored windows of one record, arriving in start order, into hits: windows whose probability
/// exceeds the threshold; with merging, windows on the same strand that overlap or touch become one region
/// carrying the best window's probability. Hits leave in (start, strand) order, + before −, as soon as no
/// open region can come before them, so memory holds only the regions still growing.
/// </summary>
internal sealed class HitCaller(float threshold, bool merge, Action<Hit> emit)
{
    struct Region
    {
        public long Start, End;
        public float Best;
        public long RunStart, RunEnd;
        public bool InRun, Open;
    }

    readonly Queue<Region>[] closed = [new(), new()];
    readonly Region[] open = new Region[2];
    string chrom = "";
    long offset;

    public long Hits { get; private set; }

    public float Threshold => threshold;

    /// <summary>Starts a record, reported as <paramref name="name"/> with <paramref name="coordinateOffset"/> added to its coordinates.</summary>
    public void BeginRecord(string name, long coordinateOffset = 0)
    {
        chrom = name;
        offset = coordinateOffset;
    }

    /// <summary>The first window from <paramref name="from"/> above the threshold on a strand scanned (the length when none).</summary>
    int NextAbove(ReadOnlySpan<float> plus, ReadOnlySpan<float> minus, int from, bool usePlus, bool useMinus)
    {
        int i = from, n = plus.Length;
        var cut = System.Runtime.Intrinsics.Vector256.Create(threshold);
        for (; i + 8 <= n; i += 8)
        {
            var above = System.Runtime.Intrinsics.Vector256<float>.Zero;
            if (usePlus)
                above |= System.Runtime.Intrinsics.Vector256.GreaterThan(System.Runtime.Intrinsics.Vector256.Create(plus.Slice(i, 8)), cut);
            if (useMinus)
                above |= System.Runtime.Intrinsics.Vector256.GreaterThan(System.Runtime.Intrinsics.Vector256.Create(minus.Slice(i, 8)), cut);
            if (above != System.Runtime.Intrinsics.Vector256<float>.Zero)
                break;
        }
        for (; i < n; i++)
            if ((usePlus && plus[i] > threshold) || (useMinus && minus[i] > threshold))
                return i;
        return n;
    }

    /// <summary>
    /// Consecutive windows: the same as <see cref="Add"/> for each window and strand in turn (plus, then
    /// minus), with windows below the threshold passed over in bulk — such a window only ends its strands'
    /// runs of best windows.
    /// </summary>
    public void AddRange(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<float> plus, ReadOnlySpan<float> minus, bool usePlus, bool useMinus)
    {
        for (int i = 0; i < starts.Length; i++)
        {
            // Windows below the threshold on every strand scanned, eight at a time: they only end runs.
            int next = NextAbove(plus, minus, i, usePlus, useMinus);
            if (next > i)
            {
                EndRuns(usePlus, useMinus);
                i = next;
                if (i >= starts.Length)
                    break;
            }
            if (usePlus)
                Add(0, starts[i], ends[i], plus[i]);
            if (useMinus)
                Add(1, starts[i], ends[i], minus[i]);
        }
    }

    /// <summary>
    /// Consecutive windows of which only <paramref name="reported"/> (indices from <paramref name="firstWindow"/>)
    /// may be above the threshold: the same as <see cref="AddRange"/> with every other window below it — a
    /// window not reported only ends its strands' runs.
    /// </summary>
    public void AddReported(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<Windows.ReportedWindow> reported, int firstWindow, bool usePlus, bool useMinus)
    {
        int previous = -1;
        foreach (var window in reported)
        {
            int i = window.Window - firstWindow;
            if (i > previous + 1)
                EndRuns(usePlus, useMinus);
            if (usePlus)
                Add(0, starts[i], ends[i], window.Plus);
            if (useMinus)
                Add(1, starts[i], ends[i], window.Minus);
            previous = i;
        }
        if (previous < starts.Length - 1)
            EndRuns(usePlus, useMinus);
    }

    void EndRuns(bool usePlus, bool useMinus)
    {
        if (usePlus)
            open[0].InRun = false;
        if (useMinus)
            open[1].InRun = false;
    }

    public void Add(int strand, long start, long end, float probability)
    {
        ref var region = ref open[strand];
        if (!(probability > threshold))
        {
            region.InRun = false;
            return;
        }
        if (merge && region.Open && start <= region.End)
        {
            region.End = Math.Max(region.End, end);
            if (probability > region.Best)
            {
                region.Best = probability;
                (region.RunStart, region.RunEnd, region.InRun) = (start, end, true);
            }
            else if (probability == region.Best && region.InRun)
                region.RunEnd = end;
            else
                region.InRun = false;
        }
        else
        {
            if (region.Open)
                closed[strand].Enqueue(region);
            region = new Region { Start = start, End = end, Best = probability, RunStart = start, RunEnd = end, InRun = true, Open = true };
        }
        if (!merge)
        {
            closed[strand].Enqueue(region);
            region.Open = false;
        }
        Release(final: false);
    }

    /// <summary>Closes the record: every region left is written.</summary>
    public void EndRecord()
    {
        for (int s = 0; s < 2; s++)
        {
            if (open[s].Open)
                closed[s].Enqueue(open[s]);
            open[s] = default;
        }
        Release(final: true);
    }

    void Release(bool final)
    {
        while (true)
        {
            int pick = -1;
            for (int s = 0; s < 2; s++)
                if (closed[s].Count > 0 && (pick < 0 || closed[s].Peek().Start < closed[pick].Peek().Start))
                    pick = s;
            if (pick < 0)
                return;
            var head = closed[pick].Peek();
            if (!final)
            {
                // An open region, or the next region of the other strand, may still start before this one.
                for (int s = 0; s < 2; s++)
                    if (open[s].Open && (open[s].Start < head.Start || (open[s].Start == head.Start && s < pick)))
                        return;
            }
            closed[pick].Dequeue();
            Hits++;
            emit(new Hit(chrom, head.Start + offset, head.End + offset, pick == 0 ? '+' : '-', head.Best, (head.RunStart + head.RunEnd) / 2 + offset));
        }
    }
}
