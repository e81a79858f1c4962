namespace Sightline.Server.Realtime;

/// <summary>The predicted reason for a contact.</summary>
/// <param name="Reason">renewal, support, new_purchase or upgrade.</param>
/// <param name="Probability">The model's probability of it.</param>
/// <param name="Evidence">What pushed most towards it, in words.</param>
/// <param name="Explanation">The sentence people read: <c>probably support (71%): 2 open support tickets</c>.</param>
[GenerateSerializer, Immutable]
public sealed record ContactReasonAnswer(string Reason, double Probability, IReadOnlyList<string> Evidence, string Explanation);
