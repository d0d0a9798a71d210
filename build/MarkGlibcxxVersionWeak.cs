// MSBuild task (compiled by RoslynCodeTaskFactory): see TorchSharpGlibcxx.targets for why it exists.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MarkGlibcxxVersionWeak : Task
{
    [Required] public string[] Directories { get; set; } = Array.Empty<string>();
    [Required] public string VersionName { get; set; } = "";

    const string LibraryName = "libLibTorchSharp.so";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    static readonly string[] SystemLibstdcxx =
    {
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (SystemProvidesVersion())
            return true;
        foreach (var dir in Directories)
        {
            foreach (var candidate in new[] { Path.Combine(dir, LibraryName), Path.Combine(dir, "runtimes", "linux-x64", "native", LibraryName) })
            {
                if (!File.Exists(candidate))
                    continue;
                try
                {
                    if (Patch(candidate))
                        Log.LogMessage(MessageImportance.Low, $"Marked {VersionName} weak in {candidate}");
                }
                catch (Exception e)
                {
                    Log.LogError($"Could not patch {candidate}: {e.Message}");
                    return false;
                }
            }
        }
        return !Log.HasLoggedErrors;
    }

    bool SystemProvidesVersion()
    {
        var needle = Encoding.ASCII.GetBytes(VersionName + "\0");
        foreach (var path in SystemLibstdcxx)
        {
            if (!File.Exists(path))
                continue;
            return IndexOf(File.ReadAllBytes(path), needle) >= 0;
        }
        return false;
    }

    // The task compiles against netstandard2.0, which has no span search.
    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
                j++;
            if (j == needle.Length)
                return i;
        }
        return -1;
    }

    // Returns true when the file changed. Writes through a temporary file so a hard link into the
    // NuGet cache can never be modified in place.
    bool Patch(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");
        ulong shoff = BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        bool changed = false;
        for (int i = 0; i < shnum; i++)
        {
            int sh = checked((int)shoff + i * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed)
                continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            int strtab = checked((int)BitConverter.ToUInt64(elf, (int)shoff + link * shentsize + 0x18));
            int verneed = offset;
            while (true)
            {
                int count = BitConverter.ToUInt16(elf, verneed + 2);
                int aux = verneed + (int)BitConverter.ToUInt32(elf, verneed + 8);
                for (int a = 0; a < count; a++)
                {
                    int name = strtab + (int)BitConverter.ToUInt32(elf, aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == VersionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlagWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, aux + 4);
                            changed = true;
                        }
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                uint next = BitConverter.ToUInt32(elf, verneed + 12);
                if (next == 0)
                    break;
                verneed += (int)next;
            }
        }
        if (changed)
        {
            var temp = path + ".glibcxx-patch";
            File.WriteAllBytes(temp, elf);
            File.Delete(path);
            File.Move(temp, path);
        }
        return changed;
    }
}
