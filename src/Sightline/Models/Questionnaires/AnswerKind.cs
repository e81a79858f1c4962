namespace Sightline.Models.Questionnaires;

/// <summary>What kind of answer a question expects, from the column's type in <c>account_features</c>.</summary>
public enum AnswerKind
{
    /// <summary>A number: the question asks whether it is more than a threshold.</summary>
    Number,

    /// <summary>A category (text): the question asks whether it is one of a few values.</summary>
    Category,

    /// <summary>A yes/no attribute (boolean column); its values read as <c>true</c> and <c>false</c>.</summary>
    YesNo,
}
