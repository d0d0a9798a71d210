using System.Runtime.InteropServices;

namespace GenomeScan.Formats;

/// <summary>
/// Whether an output path names something other than a regular file or a directory — a character device
/// (/dev/null, /dev/full), a FIFO, a socket, /dev/stdout or /dev/fd/N (a pipe or terminal) — which must be
/// written into, never replaced by renaming a temporary file over it. Linux (x64, arm64) through stat(2),
/// which follows symbolic links; elsewhere, or when the path does not exist, false.
/// </summary>
internal static partial class SpecialFiles
{
    const uint TypeMask = 0xF000, Regular = 0x8000, Directory = 0x4000;

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, [Out] byte[] buffer);

    public static bool IsSpecial(string path)
    {
        int modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (!OperatingSystem.IsLinux() || modeOffset < 0)
            return false;
        var buffer = new byte[256];
        try
        {
            if (Stat(path, buffer) != 0)
                return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        uint type = BitConverter.ToUInt32(buffer, modeOffset) & TypeMask;
        return type != Regular && type != Directory;
    }

    /// <summary>Writes into an existing special file through <paramref name="write"/> (no truncation, no rename).</summary>
    public static void WriteInto(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
        write(stream);
    }
}
