using System.Text;
using CsCheck;

namespace GenomeScan.Formats.Tests;

/// <summary>
/// Property tests (CsCheck) of every reader in <see cref="ReaderTargets"/>: any byte sequence — a valid sample
/// damaged by flips, inserted bytes and tokens, cuts and splices of itself, or plain noise — gives a result or one
/// <see cref="InputException"/> (the one line the command prints), never another exception. A fixed seed, so a
/// run repeats; a failure is shrunk by CsCheck and printed with its bytes. Coverage-guided fuzzing of the same
/// readers: bench/fuzz.sh (SharpFuzz + AFL++), counts in docs/reliability.md.
/// </summary>
public sealed class ReaderRobustnessTests : IDisposable
{
    const int Rounds = 600;
    /// <summary>Round <paramref name="round"/>'s seed in CsCheck's text form: CsCheck seeds only a sample's first
    /// iteration, so each round is a sample of one, and every run tries the same inputs.</summary>
    static string Seed(int round) => round.ToString("D13", System.Globalization.CultureInfo.InvariantCulture);
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gs-robust-");

    public void Dispose() => dir.Delete(true);

    public static TheoryData<string> Readers => [.. ReaderTargets.Names];

    static readonly string[] Tokens = ["\t", "\n", ">", "-1", "NaN", "1e400", "\r\n", "//", "P0", "MOTIF x", "\0"];

    /// <summary>One edit of a byte list: where (a fraction of its length), what, and with which random value.</summary>
    readonly record struct Edit(double Where, int Kind, int Value, int Length);

    static readonly Gen<Edit> EditGen = Gen.Select(Gen.Double[0, 1], Gen.Int[0, 5], Gen.Int[0, 255], Gen.Int[1, 40], (w, k, v, n) => new Edit(w, k, v, n));

    /// <summary>The inputs: the sample with one to five edits (19 in 20), or noise of up to 300 bytes.</summary>
    static Gen<byte[]> Inputs(byte[] sample) => Gen.Frequency(
        (19, EditGen.Array[1, 5].Select(edits => Apply(sample, edits))),
        (1, Gen.Byte.Array[0, 300]));

    static byte[] Apply(byte[] sample, Edit[] edits)
    {
        var bytes = new List<byte>(sample);
        foreach (var edit in edits)
        {
            int at = Math.Min(bytes.Count, (int)(edit.Where * bytes.Count));
            bool inside = at < bytes.Count;
            switch (edit.Kind)
            {
                case 0 when inside: bytes[at] = (byte)edit.Value; break;
                case 1: bytes.Insert(at, (byte)edit.Value); break;
                case 2 when inside: bytes.RemoveRange(at, Math.Min(Math.Min(16, edit.Length), bytes.Count - at)); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                case 4: bytes.InsertRange(at, Encoding.ASCII.GetBytes(Tokens[edit.Value % Tokens.Length])); break;
                default: bytes.InsertRange(at, sample.Skip(edit.Value % sample.Length).Take(edit.Length)); break;
            }
        }
        return [.. bytes];
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void AnyBytesGiveAResultOrOneInputError(string reader)
    {
        var (sample, read) = ReaderTargets.Get(reader);
        var path = Path.Combine(dir.FullName, "input");
        // The sample itself reads.
        File.WriteAllBytes(path, sample);
        read(path);
        int refused = 0;
        var inputs = Inputs(sample);
        for (int round = 0; round < Rounds; round++)
        {
            inputs.Sample(bytes =>
            {
                File.WriteAllBytes(path, bytes);
                try
                {
                    read(path);
                }
                catch (InputException e)
                {
                    refused++;
                    if (e.Message.Contains('\n'))
                        throw new InvalidOperationException($"{reader}: a message of several lines: {e.Message}");
                }
            }, seed: Seed(round), iter: 1, threads: 1, print: bytes => Convert.ToBase64String(bytes));
        }
        // The damage is real: some of it is refused.
        Assert.True(refused > Rounds / 20, $"{reader}: only {refused} of {Rounds} damaged inputs refused");
    }

    /// <summary>
    /// Inputs AFL++ found to crash a reader (bench/fuzz.sh, 2026-11-29), kept as regressions: a .gzi whose entry
    /// count overflowed count × 16 into a match, peak files that start as gzip and are cut or corrupt (the
    /// gzip error escaped every text reader; now one line naming the file, for all of them), and a JASPAR
    /// matrix of four rows with no values ("]" alone: a motif of no positions), and — the one that killed
    /// AFL++'s fork server twice — a bgzip block whose ISIZE is 2³¹ or more: read as an int it passed the size
    /// check negative and libdeflate wrote past its buffer (a segmentation fault, not an exception).
    /// </summary>
    [Theory]
    [InlineData("gzi", "AQAAAAAAABBkBAAAAAAAAAD/AAAAAAAA")]
    [InlineData("peaks", "H4s=")]
    [InlineData("peaks", "H4uTBf//BYv8")]
    [InlineData("peaks", "H4sxgP8RCwkrMCMJsQkKIwkJJwkAf/8JCg==")]
    [InlineData("bed", "H4uTBf//BYv8")]
    [InlineData("csv", "H4s=")]
    [InlineData("seq", "H4uTBf//BYv8")]
    [InlineData("motif-meme", "H4s=")]
    [InlineData("vcf", "H4uTBf//BYv8")]
    [InlineData("motif-jaspar", "PgpdCl0KI10KXQojIIAhXQojIyBdCl0KIyCAIAo=")]
    [InlineData("motif-jaspar", "Pk1BMEEwCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCl0KIF0KCgoKCgoKXQogXSBdCg==")]
    [InlineData("peaks", "H4sIJ/PUCBsgAAsAQkMCAEAA3RQUFBQJcEYKY2hyMQkxMDAJBf//BQIAQAAATDEwMAlwY2hyMQkxcDAJH4sIJ/Mfiwgn89QIGyA7CwBCQwIAKQAAFBSLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLizAwFBQE")]
    [InlineData("fasta", "H4sIJ/PUCBsgAAsAQkMCAEAA3RQUFBQJcEYKY2hyMQkxMDAJBf//BQIAQAAATDEwMAlwY2hyMQkxcDAJH4sIJ/Mfiwgn89QIGyA7CwBCQwIAKQAAFBSLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLizAwFBQE")]
    [InlineData("seq", "H4sIJ/PUCBsgAAsAQkMCAEAA3RQUFBQJcEYKY2hyMQkxMDAJBf//BQIAQAAATDEwMAlwY2hyMQkxcDAJH4sIJ/Mfiwgn89QIGyA7CwBCQwIAKQAAFBSLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLizAwFBQE")]
    public void WhatTheFuzzerFoundIsOneInputError(string reader, string base64)
    {
        var path = Path.Combine(dir.FullName, "found");
        File.WriteAllBytes(path, Convert.FromBase64String(base64));
        var e = Assert.Throws<InputException>(() => ReaderTargets.Get(reader).Read(path));
        Assert.StartsWith(path, e.Message);
    }
}
