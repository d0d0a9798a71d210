namespace GenomeScan.Model.Architectures;

/// <summary>The registry of architectures, in the order the exercise introduces them.</summary>
internal static class ArchitectureCatalog
{
    public static IReadOnlyList<Architecture> All { get; } = [V1.Spec, V2.Spec, V3.Spec, V4.Spec, V5.Spec, V6.Spec, V7.Spec, DeepBindNet.Spec];

    /// <summary>The exercise's five (what <c>train --arch all</c> trains).</summary>
    public static IReadOnlyList<Architecture> Exercise { get; } = [V1.Spec, V2.Spec, V3.Spec, V4.Spec, V5.Spec];

    public static Architecture? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
