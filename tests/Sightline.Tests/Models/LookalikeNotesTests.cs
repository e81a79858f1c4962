using Sightline.Models;

namespace Sightline.Tests.Models;

public sealed class LookalikeNotesTests
{
    private static TabularData Data(double[] employees, string?[] industry) => new()
    {
        Ids = [.. employees.Select((_, i) => $"A{i}")],
        Columns =
        [
            new TabularColumn { Name = "employees", Kind = InputKind.Numeric, Numbers = employees },
            new TabularColumn { Name = "industry", Kind = InputKind.Categorical, Levels = industry },
        ],
    };

    [Fact]
    public void NoInputVariesNote_OnlyWhenEveryInputHoldsOneValue()
    {
        Assert.Equal("no input varies across the accounts (each of employees, industry holds one value): the model cannot tell one account from another, "
            + "so every score is about the base rate and the ranking means nothing",
            LookalikeScoring.NoInputVariesNote(Data([50, 50, double.NaN], ["Retail", "Retail", "Retail"])));
        Assert.Null(LookalikeScoring.NoInputVariesNote(Data([50, 50, 50], ["Retail", "Retail", "Banking"])));
    }

    [Fact]
    public void FewAccountsNote_BelowAHundredAccounts_GivesTheFoldsAucSpread()
    {
        // Fold 0 ranks its buyers perfectly (AUC 1), fold 1 upside down (AUC 0).
        bool[] labels = [true, false, true, false, true, false, true, false];
        double[] scores = [0.9, 0.1, 0.8, 0.2, 0.1, 0.9, 0.2, 0.8];
        int[] folds = [0, 0, 0, 0, 1, 1, 1, 1];
        var result = new PropensityResult(null!, scores, scores, folds, null!, null, 0, []) { Encoded = [] };

        Assert.Equal("trained on 8 accounts (4 labelled), fewer than 100: the AUC is noisy at this size; the 2 folds' own AUCs run from 0.00 to 1.00",
            LookalikeScoring.FewAccountsNote(labels, result));
        Assert.Null(LookalikeScoring.FewAccountsNote([.. Enumerable.Repeat(true, 100)], result));
    }
}
