using System.Runtime.InteropServices;

namespace GenomeScan.Formats.Compression;

/// <summary>
/// Decompresses gzip and bgzip (concatenated gzip members) through the system zlib, member by member.
/// Unlike <see cref="System.IO.Compression.GZipStream"/>, which returns a truncated stream's partial data
/// without complaint, zlib checks every member's CRC-32 and length, so a truncated or corrupt input
/// raises <see cref="InvalidDataException"/> instead of silently losing bases.
/// </summary>
internal sealed unsafe class GzipInflateStream : ReadOnlyStream
{
    const int ZOk = 0, ZStreamEnd = 1, ZBufError = -5, ZNoFlush = 0;
    // 15 window bits + 16: expect a gzip header and trailer.
    const int GzipWindowBits = 15 + 16;

    [StructLayout(LayoutKind.Sequential)]
    struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public sbyte* Msg;
        public nint State;
        public nint ZAlloc;
        public nint ZFree;
        public nint Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    [DllImport("libz.so.1", EntryPoint = "inflateInit2_")]
    static extern int InflateInit2(ZStream* stream, int windowBits, byte* version, int streamSize);

    [DllImport("libz.so.1", EntryPoint = "inflate")]
    static extern int Inflate(ZStream* stream, int flush);

    [DllImport("libz.so.1", EntryPoint = "inflateReset")]
    static extern int InflateReset(ZStream* stream);

    [DllImport("libz.so.1", EntryPoint = "inflateEnd")]
    static extern int InflateEnd(ZStream* stream);

    [DllImport("libz.so.1", EntryPoint = "zlibVersion")]
    static extern byte* ZlibVersion();

    readonly Stream inner;
    readonly byte[] input = new byte[1 << 16];
    ZStream* z;
    bool innerDone, memberOpen, finished;
    GCHandle inputPin;

    /// <summary>Whether the system zlib can be loaded; callers fall back to <see cref="System.IO.Compression.GZipStream"/> when not.</summary>
    public static bool IsAvailable { get; } = Probe();

    static bool Probe()
    {
        try
        {
            return ZlibVersion() != null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The sequential gzip reader: through the system zlib, else (no zlib) .NET's own.</summary>
    public static Stream Sequential(Stream compressed) =>
        IsAvailable ? new GzipInflateStream(compressed) : new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);

    public GzipInflateStream(Stream inner)
    {
        this.inner = inner;
        inputPin = GCHandle.Alloc(input, GCHandleType.Pinned);
        z = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        int rc = InflateInit2(z, GzipWindowBits, ZlibVersion(), sizeof(ZStream));
        if (rc != ZOk)
            throw new InvalidOperationException($"zlib inflateInit2 failed ({rc})");
    }

    public override int Read(Span<byte> buffer)
    {
        if (finished || buffer.IsEmpty)
            return 0;
        fixed (byte* output = buffer)
        {
            while (true)
            {
                if (z->AvailIn == 0 && !innerDone)
                {
                    int read = inner.Read(input, 0, input.Length);
                    if (read == 0)
                        innerDone = true;
                    z->NextIn = (byte*)inputPin.AddrOfPinnedObject();
                    z->AvailIn = (uint)read;
                }
                if (z->AvailIn == 0 && innerDone)
                {
                    if (memberOpen)
                        throw new InvalidDataException("truncated gzip stream (the input ends inside a gzip member)");
                    finished = true;
                    return 0;
                }
                memberOpen = true;
                z->NextOut = output;
                z->AvailOut = (uint)buffer.Length;
                int rc = Inflate(z, ZNoFlush);
                int produced = buffer.Length - (int)z->AvailOut;
                if (rc == ZStreamEnd)
                {
                    // A member ended with its CRC-32 and length checked; bgzip concatenates many.
                    memberOpen = false;
                    if (InflateReset(z) != ZOk)
                        throw new InvalidDataException("corrupt gzip stream (cannot start the next member)");
                }
                else if (rc != ZOk && rc != ZBufError)
                {
                    var message = z->Msg != null ? new string(z->Msg) : $"zlib error {rc}";
                    throw new InvalidDataException($"corrupt gzip stream ({message})");
                }
                if (produced > 0)
                    return produced;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Idempotent: a PipeReader and its owner may both dispose the stream.
        if (z != null)
        {
            // Freeing cannot fail in a way that matters here: the stream is done with either way.
            _ = InflateEnd(z);
            NativeMemory.Free(z);
            z = null;
        }
        if (inputPin.IsAllocated)
            inputPin.Free();
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

}
