using System.Globalization;

namespace Sightline.Realtime;

/// <summary>The predicted reason for a contact, how sure the model is, and why in words.</summary>
/// <param name="Reason">renewal, support, new_purchase or upgrade.</param>
/// <param name="Probability">The model's probability of that reason (the four sum to 1).</param>
/// <param name="Probabilities">Every reason's probability, in <see cref="ContactReasons.All"/> order.</param>
/// <param name="Evidence">The attributes that pushed most towards the reason, strongest first ("2 open support tickets").</param>
public sealed record ContactReasonPrediction(string Reason, double Probability, IReadOnlyList<double> Probabilities, IReadOnlyList<string> Evidence)
{
    /// <summary>The sentence shown to people: <c>probably support (71%): 2 open support tickets; calling on support</c>.</summary>
    public string Explanation => Evidence.Count == 0
        ? string.Create(CultureInfo.InvariantCulture, $"probably {ContactReasons.Words(Reason)} ({Probability * 100:0}%)")
        : string.Create(CultureInfo.InvariantCulture, $"probably {ContactReasons.Words(Reason)} ({Probability * 100:0}%): {string.Join("; ", Evidence)}");
}
