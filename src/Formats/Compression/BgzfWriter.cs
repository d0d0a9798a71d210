using System.IO.Compression;

namespace GenomeScan.Formats.Compression;

/// <summary>
/// Writes BGZF, bgzip's blocked gzip (SAM/BAM specification §4.1): blocks of at most 65,280 bytes, each a gzip
/// member with the BC extra field giving its size, then the 28-byte empty end-of-file block, so tabix can index
/// the output and any gzip reader can read it.
/// </summary>
internal sealed class BgzfWriter(Stream inner) : WriteOnlyStream
{
    const int BlockInput = 65280;
    static readonly byte[] EndOfFile = Convert.FromHexString("1f8b08040000000000ff0600424302001b0003000000000000000000");
    readonly byte[] pending = new byte[BlockInput];
    readonly MemoryStream deflated = new(1 << 17);
    int used;
    bool finished;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = Math.Min(buffer.Length, BlockInput - used);
            buffer[..n].CopyTo(pending.AsSpan(used));
            used += n;
            buffer = buffer[n..];
            if (used == BlockInput)
                WriteBlock();
        }
    }

    void WriteBlock()
    {
        var data = pending.AsSpan(0, used);
        deflated.SetLength(0);
        using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(data);
        var payload = deflated.GetBuffer().AsSpan(0, (int)deflated.Length);
        int size = 18 + payload.Length + 8;
        Span<byte> header = [0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, (byte)'B', (byte)'C', 2, 0, (byte)(size - 1), (byte)((size - 1) >> 8)];
        inner.Write(header);
        inner.Write(payload);
        Span<byte> trailer = stackalloc byte[8];
        BitConverter.TryWriteBytes(trailer, Crc32.Of(data));
        BitConverter.TryWriteBytes(trailer[4..], (uint)data.Length);
        inner.Write(trailer);
        used = 0;
    }

    /// <summary>Writes the last block and the end-of-file block.</summary>
    public void Finish()
    {
        if (finished)
            return;
        if (used > 0)
            WriteBlock();
        inner.Write(EndOfFile);
        inner.Flush();
        finished = true;
    }

}

/// <summary>CRC-32 (IEEE 802.3, gzip's), by table.</summary>
internal static class Crc32
{
    static readonly uint[] Table = Enumerable.Range(0, 256).Select(i =>
    {
        uint c = (uint)i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Of(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }
}
