using BenchmarkDotNet.Running;

// Each benchmark runs twice: as the CPU is, and with AVX-512 off (the 256-bit path most CPUs take).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
