namespace GenomeScan.Model; internal static class Placeholder { }
