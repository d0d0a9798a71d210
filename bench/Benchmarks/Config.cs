using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace GenomeScan.Benchmarks;

/// <summary>Short runs, with and without AVX-512 (DOTNET_EnableAVX512=0; .NET 10 ignores the older DOTNET_EnableAVX512F), side by side.</summary>
internal sealed class HardwareConfig : ManualConfig
{
    public HardwareConfig()
    {
        AddJob(Job.ShortRun.WithId("as-is"));
        AddJob(Job.ShortRun.WithEnvironmentVariable("DOTNET_EnableAVX512", "0").WithId("no-avx512"));
    }
}
