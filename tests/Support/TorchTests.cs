namespace GenomeScan.Tests;

/// <summary>
/// TorchSharp keeps one random generator and one thread setting per process: test classes that seed it and
/// train share this collection, so xUnit runs them one after another and a fixed seed gives fixed numbers.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchTests
{
    public const string Name = "TorchSharp";
}
