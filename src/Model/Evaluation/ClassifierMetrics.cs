namespace GenomeScan.Model.Evaluation;

/// <summary>Binary classification metrics of probabilities against 0/1 labels, at a 0.5 cut-off for the counts.</summary>
internal sealed record ClassifierMetrics(
    int Count, double Accuracy, double Auroc, double Auprc, double LogLoss,
    int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>Keras clips probabilities to [ε, 1 − ε] with ε = 1e-7 before the log loss; so do we.</summary>
    public const double Epsilon = 1e-7;

    public static ClassifierMetrics Compute(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels)
    {
        if (probabilities.Length != labels.Length || labels.Length == 0)
            throw new ArgumentException("need as many probabilities as labels, and at least one");
        int tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            bool positive = labels[i] == 1;
            logLoss -= positive ? Math.Log(p) : Math.Log(1 - p);
            bool called = probabilities[i] > 0.5f;
            if (called && positive) tp++;
            else if (called) fp++;
            else if (positive) fn++;
            else tn++;
        }
        var (auroc, auprc) = RankMetrics(probabilities, labels);
        return new ClassifierMetrics(labels.Length, (tp + tn) / (double)labels.Length, auroc, auprc,
            logLoss / labels.Length, tp, fp, tn, fn);
    }

    /// <summary>
    /// AUROC by the rank-sum (ties count half) and AUPRC as average precision (the step-wise area,
    /// as scikit-learn's <c>average_precision_score</c>); NaN when one class is missing.
    /// </summary>
    public static (double Auroc, double Auprc) RankMetrics(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels)
    {
        int n = labels.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        var scores = probabilities.ToArray();
        // Descending score; the index breaks ties so the order is deterministic.
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is var c && c != 0 ? c : a.CompareTo(b));
        long positives = 0;
        foreach (var l in labels)
            positives += l;
        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
            return (double.NaN, double.NaN);

        double aucPairs = 0, ap = 0;
        long tpSoFar = 0, fpSoFar = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            long tiedPos = 0, tiedNeg = 0;
            while (end < n && scores[order[end]] == scores[order[start]])
            {
                if (labels[order[end]] == 1) tiedPos++; else tiedNeg++;
                end++;
            }
            // Positives in this tie group beat all negatives below them and half the tied negatives.
            aucPairs += tiedPos * (negatives - fpSoFar - tiedNeg) + 0.5 * tiedPos * tiedNeg;
            tpSoFar += tiedPos;
            fpSoFar += tiedNeg;
            if (tiedPos > 0)
                ap += tiedPos / (double)positives * (tpSoFar / (double)(tpSoFar + fpSoFar));
            start = end;
        }
        return (aucPairs / ((double)positives * negatives), ap);
    }
}
