namespace Sightline.Models.Questionnaires;

/// <summary>One of the two answers to a question.</summary>
public enum Branch
{
    /// <summary>The answer is yes.</summary>
    Yes,

    /// <summary>The answer is no.</summary>
    No,
}
