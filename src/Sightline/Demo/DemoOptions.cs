namespace Sightline.Demo;

/// <summary>Size and seed of a synthetic demo world.</summary>
/// <param name="Accounts">How many accounts to generate (at least 100).</param>
/// <param name="Seed">Random seed; the same seed and size give byte-identical files.</param>
public sealed record DemoOptions(int Accounts = 25_000, int Seed = 42)
{
    /// <summary>The smallest world that still has every region, rep role and territory.</summary>
    public const int MinAccounts = 100;

    /// <summary>Throws when the options cannot make a world.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <see cref="Accounts"/> is below <see cref="MinAccounts"/>.</exception>
    internal void Validate()
    {
        if (Accounts < MinAccounts)
        {
            throw new ArgumentOutOfRangeException(nameof(Accounts), Accounts,
                $"A demo world needs at least {MinAccounts} accounts (so every region has reps and territories); {Accounts} was given.");
        }
    }
}
