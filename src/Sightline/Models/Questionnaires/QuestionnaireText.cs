using System.Globalization;
using System.Text;

namespace Sightline.Models.Questionnaires;

/// <summary>The printed form: numbered questions in plain words, each answer leading to a question or a class.</summary>
internal static class QuestionnaireText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>How columns read in a question; any other column reads as its name with spaces for underscores.</summary>
    private static readonly Dictionary<string, string> Nouns = new(StringComparer.Ordinal)
    {
        ["industry"] = "industry",
        ["sub_industry"] = "sub-industry",
        ["employees"] = "employees",
        ["annual_revenue"] = "annual revenue",
        ["country"] = "country",
        ["region"] = "region",
        ["state"] = "state",
        ["city"] = "city",
        ["postal_code"] = "postal code",
        ["size_band"] = "size band",
    };

    /// <summary>Numbers that are counts of things the account has: "Does it have more than 500 employees?".</summary>
    private static readonly HashSet<string> CountedThings = new(StringComparer.Ordinal) { "employees", "contacts" };

    /// <summary>Numbers the questions breadth first from 1 (the order a rep reads them in).</summary>
    public static QuestionNode Number(QuestionNode root)
    {
        var numbers = new Dictionary<QuestionNode, int>(ReferenceEqualityComparer.Instance);
        foreach (var node in root.BreadthFirst().Where(n => !n.IsLeaf))
        {
            numbers[node] = numbers.Count + 1;
        }

        return Renumber(root);

        QuestionNode Renumber(QuestionNode node) =>
            node.IsLeaf ? node : node with { Question = numbers[node], Yes = Renumber(node.Yes!), No = Renumber(node.No!) };
    }

    /// <summary>One line per question, e.g. <c>2. Does it have more than 500 employees?  yes → "enterprise" (91% of 1,204 similar accounts), no or don't know → 4</c>.</summary>
    public static string Render(QuestionNode root)
    {
        if (root.IsLeaf)
        {
            return $"No question tells these classes apart: answer {Answer(root)}.";
        }

        var text = new StringBuilder();
        foreach (var node in root.BreadthFirst().Where(n => !n.IsLeaf))
        {
            var yes = node.DontKnow == Branch.Yes ? "yes or don't know" : "yes";
            var no = node.DontKnow == Branch.No ? "no or don't know" : "no";
            text.Append(Invariant, $"{node.Question}. {Question(node)}  {yes} → {Target(node.Yes!)}, {no} → {Target(node.No!)}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>The question a node asks, in words.</summary>
    public static string Question(QuestionNode node)
    {
        var column = node.Column!;
        var noun = Nouns.GetValueOrDefault(column) ?? column.Replace('_', ' ');
        switch (node.Kind)
        {
            case AnswerKind.Number:
                var threshold = Format(node.Threshold!.Value);
                return CountedThings.Contains(column) ? $"Does it have more than {threshold} {noun}?" : $"Is its {noun} more than {threshold}?";
            case AnswerKind.YesNo when node.Levels is ["true"]:
                return column.StartsWith("has_", StringComparison.Ordinal) ? $"Does it have {noun[4..]}?"
                    : column.StartsWith("is_", StringComparison.Ordinal) ? $"Is it {noun[3..]}?"
                    : $"Is \"{noun}\" true for it?";
            default:
                var levels = node.Levels!;
                return levels.Count == 1 ? $"Is the {noun} {levels[0]}?" : $"Is the {noun} one of {string.Join(", ", levels)}?";
        }
    }

    /// <summary>A threshold as a rep reads it: 1,000,000 or 2.5.</summary>
    public static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("N0", Invariant) : value.ToString("#,##0.##########", Invariant);

    private static string Target(QuestionNode node) => node.IsLeaf ? Answer(node) : node.Question!.Value.ToString(Invariant);

    private static string Answer(QuestionNode leaf) =>
        string.Create(Invariant, $"\"{leaf.Prediction}\" ({leaf.Share:0%} of {leaf.Count:N0} similar accounts)");
}
