using GenomeScan.Formats;
using GenomeScan.Tests;
using SharpFuzz;

// One reader under AFL++: `Program READER` reads each input AFL++ hands over as that reader's file. A result or
// an InputException (the one line genomescan prints) is a pass; any other exception escapes and AFL++ records
// the input as a crash. `Program --seed READER DIR` writes the reader's valid sample as the first corpus entry.
if (args.Length == 3 && args[0] == "--seed")
{
    Directory.CreateDirectory(args[2]);
    File.WriteAllBytes(Path.Combine(args[2], "sample"), ReaderTargets.Get(args[1]).Sample);
    return 0;
}
if (args.Length != 1 || !ReaderTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: GenomeScan.Fuzz READER | --seed READER DIR   (readers: {string.Join(' ', ReaderTargets.Names)})");
    return 2;
}
var read = ReaderTargets.Get(args[0]).Read;
// The readers take paths (they choose plain, gzip or BGZF from the bytes, as the commands do): each input is
// written to one file in memory-backed /dev/shm.
var dir = Directory.CreateDirectory(Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"gs-fuzz-{Environment.ProcessId}"));
var path = Path.Combine(dir.FullName, "input");
var buffer = new byte[1 << 20];
Fuzzer.Run(stream =>
{
    int length = 0, n;
    while (length < buffer.Length && (n = stream.Read(buffer, length, buffer.Length - length)) > 0)
        length += n;
    using (var file = File.Create(path))
        file.Write(buffer, 0, length);
    try
    {
        read(path);
    }
    catch (InputException)
    {
    }
});
return 0;
