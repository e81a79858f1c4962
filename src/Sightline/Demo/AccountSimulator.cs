namespace Sightline.Demo;

/// <summary>
/// Simulates one account at a time and streams its rows: profile, contacts, installed
/// competitors, a monthly customer lifecycle (prospect, active, lapsed) over 36 months, order
/// lines, opportunities and touchpoints, and the hidden truth that drove them. Scratch buffers are
/// reused across accounts so the loop allocates little; nothing accumulates across accounts.
/// </summary>
internal sealed partial class AccountSimulator
{
    public const int Months = 36;

    /// <summary>First month of the final 12 (the window <c>true_propensity</c> is drawn for).</summary>
    public const int CutoffMonth = 24;

    /// <summary>First month with touchpoints (the last 18 months).</summary>
    public const int TouchStartMonth = 18;

    public const int AccountIdDigits = 7;

    private const byte Prospect = 0;
    private const byte Active = 1;
    private const byte Lapsed = 2;
    private const int MaxContacts = 8;
    private const int MaxCompetitors = 6;

    private static readonly string[] StateNames = ["prospect", "customer", "lapsed"];

    private readonly DemoWriters _out;
    private readonly DemoOrganisation _org;
    private readonly DemoNameBook _names = new();
    private readonly int _seed;
    private readonly DemoRandom _rng = new(0);
    private readonly DemoRandom _side = new(0);
    private readonly DateOnly _windowStart;
    private readonly DateOnly _end;
    private readonly DateOnly _cutoffDate;
    private readonly int[][] _citiesByRegion;
    private readonly double[][] _cityWeightsByRegion;
    private readonly double[] _regionWeights;
    private readonly double[] _industryWeights;

    // Per-account scratch.
    private readonly byte[] _state = new byte[Months];
    private readonly bool[] _acquired = new bool[Months];
    private readonly double[] _productWeights = new double[DemoCatalog.Products.Length];
    private readonly double[] _need = new double[DemoCatalog.Families.Length];
    private readonly double[] _archetypeWeights = new double[DemoCatalog.Archetypes.Length];
    private readonly double[] _competitorWeights = new double[DemoCatalog.Competitors.Length];
    private readonly int[] _orderProducts = new int[4];
    private readonly Contact[] _contacts = new Contact[MaxContacts];
    private readonly Installed[] _installed = new Installed[MaxCompetitors];

    private long _nextOrder;
    private long _nextReturn;
    private long _nextContact;
    private long _nextOpportunity;
    private long _nextEvent;

    private Profile _p;
    private string _name = "";
    private string? _domain;

    public AccountSimulator(DemoWriters output, DemoOrganisation organisation, int seed, DateOnly dataEnd)
    {
        _out = output;
        _org = organisation;
        _seed = seed;
        _end = dataEnd;
        _windowStart = dataEnd.AddDays(1).AddMonths(-Months);
        _cutoffDate = _windowStart.AddMonths(CutoffMonth).AddDays(-1);

        var regions = DemoCatalog.Regions;
        _regionWeights = regions.Select(r => r.Share).ToArray();
        _industryWeights = DemoCatalog.Industries.Select(i => i.Weight).ToArray();
        _citiesByRegion = new int[regions.Length][];
        _cityWeightsByRegion = new double[regions.Length][];
        for (var r = 0; r < regions.Length; r++)
        {
            var region = r;
            _citiesByRegion[r] = Enumerable.Range(0, DemoCatalog.Cities.Length)
                .Where(c => DemoCatalog.Countries[DemoCatalog.Cities[c].Country].Region == region).ToArray();
            _cityWeightsByRegion[r] = _citiesByRegion[r].Select(c => DemoCatalog.Cities[c].Weight).ToArray();
        }
    }

    /// <summary>Generates and writes everything about account <paramref name="index"/> (0-based).</summary>
    public void Simulate(long index)
    {
        _rng.Reset(DemoRandom.StreamSeed(_seed, index, 0));
        _p = default;
        _p.Index = index;
        _p.MinActivity = _end;

        DrawProfile(index);
        DrawContacts();
        DrawCompetitors();
        DrawLifecycle();
        SimulateOrders();
        WriteOpportunities();
        SimulateTouchpoints();
        ComposeIdentity();
        WriteContacts();
        WriteAccount();
        WriteCompetitors();
        WriteTruth();
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    private static double MonthlyHazard(double annualProbability) => 1.0 - Math.Pow(1.0 - annualProbability, 1.0 / 12.0);

    /// <summary>The industry of an account, from its own stream so a child account can take its parent's.</summary>
    private int IndustryOf(long index)
    {
        _side.Reset(DemoRandom.StreamSeed(_seed, index, 2));
        return _side.Pick(_industryWeights);
    }

    /// <summary>Every 97th account (from the 98th on) is a subsidiary of the account 50 places before it.</summary>
    private static long? ParentOf(long index) => index >= 97 && index % 97 == 13 ? index - 50 : null;

    private DateOnly MonthStart(int month) => _windowStart.AddMonths(month);

    private DateOnly DayIn(int month)
    {
        var start = MonthStart(month);
        return start.AddDays(_rng.Next(DateTime.DaysInMonth(start.Year, start.Month)));
    }

    private void NoteActivity(DateOnly date)
    {
        if (date < _p.MinActivity)
        {
            _p.MinActivity = date;
        }
    }

    private struct Contact
    {
        public long Number;
        public int First;
        public int Last;
        public int Role;
        public int Department;
        public int Seniority;
        public DateOnly LastActivity;
        public bool HasActivity;
    }

    private struct Installed
    {
        public int Competitor;
        public int Family;
        public double Share;
        public DateOnly ContractEnd;
    }

    /// <summary>Everything drawn about the current account.</summary>
    private struct Profile
    {
        public long Index;
        public int Region;
        public int City;
        public int Industry;
        public int SubIndustry;
        public int Archetype;
        public int Coverage;
        public DemoTerritory Territory;
        public int? OwnerRep;
        public double Employees;
        public double Revenue;
        public double SizeTerm;
        public double Fit;
        public double Tech;
        public double Potential;
        public double Discount;
        public double Engagement;
        public double Score;
        public double PInitial;
        public double PConvert;
        public double PChurn;
        public double PWinBack;
        public double TruePropensity;
        public double PropensityAfterEnd;
        public bool BoughtAfterCutoff;
        public byte StateAtCutoff;
        public int GuaranteedMonth;
        public int ContactCount;
        public int CompetitorCount;
        public bool HasDecisionMaker;
        public int OwnedFamilies;
        public bool EverOrdered;
        public bool InitiallyActive;
        public DateOnly FirstOrder;
        public DateOnly LastOrder;
        public DateOnly MinActivity;
        public double CoreCompetitorShare;
    }
}
