AC  M01077
XX
ID  CTCF_HUMAN.H11MO.0.A
XX
DE  ygrCCAscAGrkGGCrsyv
P0       A     C     G     T
1       47   180    63   210
2       76    84   261    79
3      129    42   277    52
4       34   428    18    20
5        1   498     1     0
6      350     3   121    26
7        8   326   161     5
8       49   297    37   117
9      453     9    27    11
10       1     1   496     2
11     193     0   306     1
12      13    13   294   180
13       6     1   492     1
14      25    13   430    32
15      34   438     6    22
16     198     7   292     3
17      38   281   163    18
18      48   211    58   183
19     186   134   158    22
XX
CC  residue_type: 
CC  program: transfac
CC  matrix.nb: 77
CC  accession: M01077
CC  AC: M01077
CC  id: M01077
CC  name: CTCF_HUMAN.H11MO.0.A
CC  version: 
CC  name: CTCF_HUMAN.H11MO.0.A
CC  binding_factors: 
CC  transfac_consensus: bbdCCRSYAGGKGGCRSbv
CC  matrix.nb: 77
CC  consensus.strict: tggCCAccAGggGGCgcca
CC  consensus.strict.rc: TGGCGCCCCCTGGTGGCCA
CC  consensus.IUPAC: ygrCCAscAGrkGGCrsyv
CC  consensus.IUPAC.rc: BRSYGCCMYCTGSTGGYCR
CC  consensus.regexp: [ct]g[ag]CCA[cg]cAG[ag][gt]GGC[ag][cg][ct][acg]
CC  consensus.regexp.rc: [CGT][AG][CG][CT]GCC[AC][CT]CTG[CG]TGG[CT]C[AG]
XX
//
AC  M01172
XX
ID  FOXO1_HUMAN.H11MO.0.A
XX
DE  kbsyTGTTTwYy
P0       A     C     G     T
1       93    80   130   197
2       48   155   128   169
3       30   226   127   117
4       20   239    85   156
5        3     6     7   484
6       16    17   459     8
7        2    93     8   397
8        5    15    31   449
9        6    20   111   363
10     202   112    26   160
11       3   346    26   125
12     113   132    88   167
XX
CC  residue_type: 
CC  program: transfac
CC  matrix.nb: 172
CC  accession: M01172
CC  AC: M01172
CC  id: M01172
CC  name: FOXO1_HUMAN.H11MO.0.A
CC  version: 
CC  name: FOXO1_HUMAN.H11MO.0.A
CC  binding_factors: 
CC  transfac_consensus: dbbbTGTTKhYn
CC  matrix.nb: 172
CC  consensus.strict: ttccTGTTTaCt
CC  consensus.strict.rc: AGTAAACAGGAA
CC  consensus.IUPAC: kbsyTGTTTwYy
CC  consensus.IUPAC.rc: RRWAAACARSVM
CC  consensus.regexp: [gt][cgt][cg][ct]TGTTT[at][CT][ct]
CC  consensus.regexp.rc: [AG][AG][AT]AAACA[AG][CG][ACG][AC]
XX
//
AC  M01524
XX
ID  REST_HUMAN.H11MO.0.A
XX
DE  tTCAGcACCayGGACAGckcCm
P0       A     C     G     T
1       71    42    96   291
2       14    71    19   396
3        6   462     8    24
4      458    14    12    16
5       10    20   469     1
6       37   338    87    38
7      474     7    13     6
8        7   472    15     6
9       15   452    11    22
10     276    55    79    90
11      63   150    43   244
12      15     4   479     2
13      12     3   482     3
14     432    33    14    21
15       7   398    73    22
16     474     5     9    12
17      13     9   471     7
18      68   321    55    56
19     101    15   234   150
20      69   303    90    38
21      67   353    13    67
22     136   215    62    87
XX
CC  residue_type: 
CC  program: transfac
CC  matrix.nb: 524
CC  accession: M01524
CC  AC: M01524
CC  id: M01524
CC  name: REST_HUMAN.H11MO.0.A
CC  version: 
CC  name: REST_HUMAN.H11MO.0.A
CC  binding_factors: 
CC  transfac_consensus: dTCAGSACCdhGGACAGMdShh
CC  matrix.nb: 524
CC  consensus.strict: tTCAGcACCatGGACAGcgcCc
CC  consensus.strict.rc: GGGCGCTGTCCATGGTGCTGAA
CC  consensus.IUPAC: tTCAGcACCayGGACAGckcCm
CC  consensus.IUPAC.rc: KGGMGCTGTCCRTGGTGCTGAA
CC  consensus.regexp: tTCAGcACCa[ct]GGACAGc[gt]cC[ac]
CC  consensus.regexp.rc: [GT]GG[AC]GCTGTCC[AG]TGGTGCTGAA
XX
//
