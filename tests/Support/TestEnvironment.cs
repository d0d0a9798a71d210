using System.Runtime.CompilerServices;

namespace GenomeScan.Tests;

internal static class TestEnvironment
{
    /// <summary>Null distributions the tests build are cached in a folder of their own, not the user's ~/.cache.</summary>
    [ModuleInitializer]
    internal static void UsePrivateCache()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"genomescan-test-cache-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", dir);
    }
}
