using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Fasta;

/// <summary>
/// Streams FASTA as chunks of base codes through a <see cref="PipeReader"/>: no string per line and no
/// record held whole, so memory is bounded by the chunk size whatever the chromosome. Any line width,
/// CRLF line ends, lowercase (soft-masked) bases read as uppercase; N, IUPAC codes and gaps are unknown
/// (code 4); U reads as T. No header before the sequence, a byte that is not a sequence letter (binary
/// data) or an input without records is an <see cref="InputException"/> naming the file and line.
/// </summary>
internal sealed class FastaReader(Stream stream, string source, int chunkSize = FastaReader.DefaultChunkSize) : IAsyncDisposable
{
    public const int DefaultChunkSize = 1 << 20;

    const byte Newline = Alphabet.LineEnd, Ignored = Alphabet.Skipped, Invalid = Alphabet.NotSequence;

    enum State { BeforeFirstRecord, Header, LineStart, Sequence, Comment }

    readonly PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1 << 16, leaveOpen: true));
    readonly SequenceChunk chunk = new(chunkSize);
    readonly List<byte> header = new(256);
    State state = State.BeforeFirstRecord;
    long line = 1, headerLine;
    int records;
    bool chunkReady;

    public string Source { get; } = source;

    /// <summary>A reader over a path or <c>-</c> (stdin), gzip and bgzip detected from the first bytes; <paramref name="raw"/> counts the bytes read from the file.</summary>
    public static FastaReader Open(string path, out CountingStream raw, int chunkSize = DefaultChunkSize)
    {
        var (stream, counting) = InputStreams.Open(path);
        raw = counting;
        return new FastaReader(stream, path, chunkSize);
    }

    /// <summary>Every record of the file (or stdin) whole, in order: its name and base codes. For sets of sequences, not genomes.</summary>
    public static List<(string Name, byte[] Codes)> ReadRecords(string path) =>
        [.. ReadWholeRecords(path).Select(r => (r.Record.Name, r.Codes))];

    /// <summary>Every record whole, as <see cref="ReadRecords"/>, with the record itself (its header line and description).</summary>
    public static List<(FastaRecord Record, byte[] Codes)> ReadWholeRecords(string path)
    {
        var records = new List<(FastaRecord, byte[])>();
        var record = new List<byte>();
        ForEachChunk(path, WholeRecordChunkSize, chunk =>
        {
            record.AddRange(chunk.Span);
            if (chunk.EndOfRecord)
            {
                records.Add((chunk.Record, [.. record]));
                record.Clear();
            }
            return true;
        });
        return records;
    }

    /// <summary>The chunk size of whole-record reading: the records are copied out anyway, so small chunks cost
    /// nothing in speed and spare a small file (a training set, a fuzzer's input) a megabyte of buffers.</summary>
    const int WholeRecordChunkSize = 1 << 16;

    /// <summary>Hands the chunks of the file (or stdin) to <paramref name="take"/>, records in order, until it returns false.</summary>
    public static void ForEachChunk(string path, Func<SequenceChunk, bool> take) => ForEachChunk(path, DefaultChunkSize, take);

    static void ForEachChunk(string path, int chunkSize, Func<SequenceChunk, bool> take)
    {
        var reader = Open(path, out _, chunkSize);
        try
        {
            foreach (var chunk in reader.ReadChunksAsync().ToBlockingEnumerable())
                if (!take(chunk))
                    break;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Bases read so far, over all records.</summary>
    public long Bases { get; private set; }

    public int Records => records;

    /// <summary>
    /// The chunks in input order. Each yielded chunk (the same object, refilled) is valid until the next
    /// is requested. Every record ends with a chunk whose <see cref="SequenceChunk.EndOfRecord"/> is set.
    /// </summary>
    public async IAsyncEnumerable<SequenceChunk> ReadChunksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw new InputException($"{Source}: {e.Message}", e);
            }
            var buffer = result.Buffer;
            foreach (var memory in buffer)
            {
                int position = 0;
                while (position < memory.Length)
                {
                    position += Step(memory.Span[position..]);
                    if (chunkReady)
                    {
                        Bases += chunk.Length;
                        yield return chunk;
                        BeginNextChunk();
                    }
                }
            }
            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
                break;
        }
        if (state == State.BeforeFirstRecord)
            throw InputException.At(Source, 0, 0, "empty input: no FASTA record");
        if (state == State.Header)
            OpenRecord();
        chunk.EndOfRecord = true;
        Bases += chunk.Length;
        yield return chunk;
    }

    void BeginNextChunk()
    {
        chunkReady = false;
        if (chunk.EndOfRecord)
        {
            chunk.EndOfRecord = false;
            chunk.Start = 0;
        }
        else
            chunk.Start += chunk.Length;
        chunk.Length = 0;
    }

    /// <summary>Consumes bytes until the span ends or a chunk is ready; returns how many it consumed.</summary>
    int Step(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            switch (state)
            {
                case State.BeforeFirstRecord:
                    {
                        byte b = bytes[i++];
                        if (b == (byte)'>')
                            StartHeader();
                        else if (b == (byte)'\n')
                            line++;
                        else if (Alphabet.Decode(b) != Ignored)
                            throw InputException.At(Source, line, 0, "not FASTA: expected a header line starting with '>'" + Describe(b));
                        break;
                    }
                case State.Header:
                    {
                        int newline = bytes[i..].IndexOf((byte)'\n');
                        var part = newline < 0 ? bytes[i..] : bytes.Slice(i, newline);
                        foreach (var b in part)
                            header.Add(b);
                        if (newline < 0)
                            return bytes.Length;
                        i += newline + 1;
                        line++;
                        OpenRecord();
                        state = State.LineStart;
                        break;
                    }
                case State.Comment:
                    {
                        int newline = bytes[i..].IndexOf((byte)'\n');
                        if (newline < 0)
                            return bytes.Length;
                        i += newline + 1;
                        line++;
                        state = State.LineStart;
                        break;
                    }
                case State.LineStart:
                    if (bytes[i] == (byte)'>')
                    {
                        i++;
                        chunk.EndOfRecord = true;
                        chunkReady = true;
                        StartHeader();
                        return i;
                    }
                    if (bytes[i] == (byte)';')
                    {
                        state = State.Comment;
                        break;
                    }
                    state = State.Sequence;
                    break;
                case State.Sequence:
                    {
                        var codes = chunk.Codes;
                        int length = chunk.Length;
                        while (i < bytes.Length)
                        {
                            // Runs of plain A, C, G, T (either case) 32 at a time; anything else byte by byte below.
                            if (bytes.Length - i >= 32 && codes.Length - length >= 32)
                            {
                                int plain = DecodePlain(bytes.Slice(i, 32), codes.AsSpan(length, 32));
                                i += plain;
                                length += plain;
                                if (length == codes.Length)
                                {
                                    chunk.Length = length;
                                    chunkReady = true;
                                    return i;
                                }
                                if (plain == 32)
                                    continue;
                            }
                            byte c = Alphabet.Decode(bytes[i]);
                            if (c <= Alphabet.Unknown)
                            {
                                codes[length++] = c;
                                i++;
                                if (length == codes.Length)
                                {
                                    chunk.Length = length;
                                    chunkReady = true;
                                    return i;
                                }
                                continue;
                            }
                            i++;
                            if (c == Newline)
                            {
                                line++;
                                chunk.Length = length;
                                state = State.LineStart;
                                goto nextState;
                            }
                            if (c == Invalid)
                            {
                                chunk.Length = length;
                                throw InputException.At(Source, line, 0, $"record {chunk.Record.Name}: unexpected character{Describe(bytes[i - 1])} in the sequence (binary data?)");
                            }
                        }
                        chunk.Length = length;
                        break;
                    nextState:
                        break;
                    }
            }
        }
        return i;
    }

    static readonly Vector256<byte> Letters = Vector256.Create("ACGT\0\0\0\0\0\0\0\0\0\0\0\0ACGT\0\0\0\0\0\0\0\0\0\0\0\0"u8);

    /// <summary>
    /// Decodes the leading bases of 32 bytes that are A, C, G or T in either case — (b &gt;&gt; 1) &amp; 3
    /// gives A 0, C 1, T 2, G 3, and x ^ (x &gt;&gt; 1) swaps the last two — and returns how many (each checked
    /// by looking its letter up again); the byte after them is left to <see cref="Alphabet.Decode"/>.
    /// </summary>
    static int DecodePlain(ReadOnlySpan<byte> bytes, Span<byte> codes)
    {
        if (!Avx2.IsSupported)
            return 0;
        var text = Vector256.Create(bytes);
        var x = Vector256.ShiftRightLogical(text, 1) & Vector256.Create((byte)3);
        var code = x ^ Vector256.ShiftRightLogical(x, 1);
        var mismatch = ~Vector256.Equals(text & Vector256.Create((byte)0xDF), Avx2.Shuffle(Letters, code)).ExtractMostSignificantBits();
        int plain = mismatch == 0 ? 32 : System.Numerics.BitOperations.TrailingZeroCount(mismatch);
        code.CopyTo(codes);
        return plain;
    }

    static string Describe(byte b) =>
        b is >= 0x20 and < 0x7f ? $" '{(char)b}'" : $" 0x{b:X2}";

    void StartHeader()
    {
        header.Clear();
        headerLine = line;
        state = State.Header;
    }

    void OpenRecord()
    {
        var text = Encoding.UTF8.GetString(header.ToArray()).TrimEnd('\r');
        var parts = text.Split([' ', '\t'], 2);
        var name = parts[0];
        if (name.Length == 0)
            throw InputException.At(Source, headerLine, 0, "FASTA header without a name");
        chunk.Record = new FastaRecord(records++, name, headerLine) { Description = parts.Length > 1 ? parts[1].Trim() : "" };
    }

    public async ValueTask DisposeAsync()
    {
        await reader.CompleteAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
    }
}
