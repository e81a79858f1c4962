using System.Text.Json.Serialization;

namespace Sightline.Models.Questionnaires;

/// <summary>
/// One node of a questionnaire: a question with a yes and a no branch, or, when both branches are
/// null, an answer (a leaf). Every node also carries the answer its training accounts would get if
/// the questions stopped there.
/// </summary>
public sealed record QuestionNode
{
    /// <summary>The question's number in the printed form (breadth first, from 1); null for an answer.</summary>
    public int? Question { get; init; }

    /// <summary>The <c>account_features</c> column asked about; null for an answer.</summary>
    public string? Column { get; init; }

    /// <summary>How the column is asked about; null for an answer.</summary>
    public AnswerKind? Kind { get; init; }

    /// <summary>For a number: the answer is yes when the value is more than this (a round number).</summary>
    public double? Threshold { get; init; }

    /// <summary>For a category or yes/no: the answer is yes when the value is one of these; any other value is no.</summary>
    public IReadOnlyList<string>? Levels { get; init; }

    /// <summary>Where "don't know" (a missing value) goes: the branch that had more training accounts.</summary>
    public Branch? DontKnow { get; init; }

    /// <summary>Where a yes leads.</summary>
    public QuestionNode? Yes { get; init; }

    /// <summary>Where a no leads.</summary>
    public QuestionNode? No { get; init; }

    /// <summary>The most common class among the training accounts that reach this node (ties: the first in name order).</summary>
    public required string Prediction { get; init; }

    /// <summary>The share of those training accounts that are in <see cref="Prediction"/>.</summary>
    public required double Share { get; init; }

    /// <summary>How many training accounts reach this node.</summary>
    public required int Count { get; init; }

    /// <summary>True for an answer (no further question).</summary>
    [JsonIgnore]
    public bool IsLeaf => Yes is null || No is null;

    /// <summary>The longest chain of questions from this node to an answer.</summary>
    [JsonIgnore]
    public int Depth => IsLeaf ? 0 : 1 + Math.Max(Yes!.Depth, No!.Depth);

    /// <summary>Every node below and including this one, breadth first (the order questions are numbered in).</summary>
    public IEnumerable<QuestionNode> BreadthFirst()
    {
        var queue = new Queue<QuestionNode>();
        queue.Enqueue(this);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            yield return node;
            if (!node.IsLeaf)
            {
                queue.Enqueue(node.Yes!);
                queue.Enqueue(node.No!);
            }
        }
    }
}
