// The library's stages see one another; the folders (and namespaces) show the data flow.
global using GenomeScan.Scanner.Calling;
global using GenomeScan.Scanner.Network;
global using GenomeScan.Scanner.Output;
global using GenomeScan.Scanner.Scoring;
global using GenomeScan.Scanner.Scoring.Kernels;
global using GenomeScan.Scanner.Significance;
global using GenomeScan.Scanner.Windows;
