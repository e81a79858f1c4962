using Sightline.Plans.Quotas;

namespace Sightline.Plans.Headcount;

/// <summary>Reads <c>--budget</c> as people write amounts (12.5M, $1,200,000), with the quota target's reader.</summary>
public static class HeadcountBudget
{
    /// <summary>The amount in whole cents, or a bad-input diagnostic naming <c>--budget</c>.</summary>
    public static decimal Parse(string? text)
    {
        try
        {
            return QuotaTarget.Parse(text);
        }
        catch (BadInputException e)
        {
            throw new BadInputException(e.Diagnostics.Select(d => d with { File = "--budget" }).ToList(), e.TotalCount);
        }
    }
}
