using System.Collections.Concurrent;

namespace GenomeScan.Formats.Compression;

/// <summary>
/// Reads an inner stream on a thread of its own, up to <see cref="Depth"/> buffers ahead, so that
/// inflating gzip (which has no blocks to share out) overlaps with decoding what was inflated before. The
/// bytes and their order are the inner stream's; its exceptions surface from <see cref="Read"/> in turn.
/// For files only: a read of stdin could block the close.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    const int Depth = 3;
    const int BufferSize = 1 << 20;

    readonly Stream inner;
    readonly BlockingCollection<(byte[] Buffer, int Length, Exception? Error)> ready = new(Depth);
    readonly ConcurrentBag<byte[]> spare = [];
    readonly CancellationTokenSource stop = new();
    readonly Task reading;
    byte[]? current;
    int position, length;
    bool done;

    public ReadAheadStream(Stream inner)
    {
        this.inner = inner;
        reading = Task.Run(Fill);
    }

    void Fill()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var buffer = spare.TryTake(out var reused) ? reused : new byte[BufferSize];
                int filled = 0, read;
                Exception? error = null;
                try
                {
                    while (filled < buffer.Length && (read = inner.Read(buffer, filled, buffer.Length - filled)) > 0)
                        filled += read;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    error = e;
                }
                // The bytes read before a failure come first, then the failure; an empty buffer is the end.
                if (filled > 0 || error is null)
                    ready.Add((buffer, filled, null), stop.Token);
                if (error is not null)
                    ready.Add(([], 0, error), stop.Token);
                if (filled == 0 || error is not null)
                    return;
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Disposed while reading ahead: nobody reads any more.
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        while (current is null || position == length)
        {
            if (done)
                return 0;
            if (current is not null)
                spare.Add(current);
            var (next, filled, error) = ready.Take();
            if (error is not null)
            {
                done = true;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
            (current, position, length) = (next, 0, filled);
            if (filled == 0)
            {
                done = true;
                return 0;
            }
        }
        int n = Math.Min(buffer.Length, length - position);
        current.AsSpan(position, n).CopyTo(buffer);
        position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stop.Cancel();
            try
            {
                // A read of a file finishes soon; the stream is closed after it either way.
                reading.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Its failure was read, or is of no interest once the reader is closed.
            }
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
