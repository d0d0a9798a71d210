using System.Runtime.CompilerServices;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>How the kernels' loops are compiled.</summary>
static class KernelMethod
{
    /// <summary>
    /// Compiled optimized at first call (no tiers, so no slow first calls and no instrumented copy), and never
    /// inlined into its caller: with dynamic PGO the JIT folded the Winograd products, transforms and direct
    /// convolutions into one method whose register allocation spilled — the built-in CNN on chr2R took 27%
    /// more CPU time than with <c>DOTNET_TieredPGO=0</c> (perf, AVX2 path). Each call does a block's work.
    /// </summary>
    public const MethodImplOptions Options = MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization;
}
