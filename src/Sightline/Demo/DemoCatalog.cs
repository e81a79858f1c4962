namespace Sightline.Demo;

/// <summary>An industry and the hidden effects it has on buying.</summary>
internal sealed record DemoIndustry(
    string Name, double Weight, double PropensityEffect, double SpendMultiplier, double RevenuePerEmployee,
    double SizeShift, double TechMean, double AnalyticsNeed, double SecurityNeed, bool Seasonal,
    string[] SubIndustries, string[] Nouns);

internal sealed record DemoRegion(string Name, string Code, double Share, double PropensityEffect, double CostFactor);

internal sealed record DemoCountry(string Name, string Code, int Region, string Tld, string[] LegalSuffixes);

internal sealed record DemoCity(string Name, string? State, int Country, double Latitude, double Longitude, string PostalPattern, double Weight, string Slug);

internal sealed record DemoProduct(string Id, string Name, int Family, double ListPrice, double BaseWeight, double Small, double Mid, double Large);

internal sealed record DemoCompetitor(string Name, double Core, double Analytics, double Security, double SmallBias);

/// <summary>A hidden behavioural archetype and what it does to the simulation.</summary>
internal sealed record DemoArchetype(
    string Name, double BaseWeight, double ConversionEffect, double ChurnEffect, double MonthlyGrowth,
    double ExtraDiscount, double TouchFactor);

/// <summary>The fixed word lists and reference data the demo world is drawn from.</summary>
internal static class DemoCatalog
{
    public const int Core = 0;
    public const int Analytics = 1;
    public const int Security = 2;
    public const int Services = 3;

    public static readonly string[] Families = ["Core Platform", "Analytics", "Security", "Services"];

    public static readonly DemoIndustry[] Industries =
    [
        new("Software & Internet", 9, 0.55, 1.6, 260_000, 0.0, 0.9, 0.5, 0.4, false, ["SaaS", "IT Services", "Internet", "Cybersecurity"], ["Software", "Technologies", "Labs", "Digital", "Cloud", "Systems"]),
        new("Financial Services", 8, 0.40, 1.5, 420_000, 0.3, 0.4, 0.4, 0.8, false, ["Banking", "Insurance", "Asset Management", "Payments"], ["Capital", "Financial", "Bank", "Insurance", "Investments", "Finance"]),
        new("Healthcare", 8, 0.10, 1.1, 150_000, 0.2, -0.1, 0.1, 0.7, false, ["Hospitals", "Clinics", "Health Insurance", "Medical Devices"], ["Health", "Medical", "Care", "Clinics", "Diagnostics", "Healthcare"]),
        new("Manufacturing", 11, 0.00, 0.9, 230_000, 0.3, -0.2, 0.2, 0.1, false, ["Industrial Machinery", "Automotive Parts", "Electronics", "Chemicals"], ["Manufacturing", "Industries", "Machinery", "Components", "Fabrication", "Metals"]),
        new("Retail & E-commerce", 9, -0.10, 0.8, 180_000, 0.0, 0.1, 0.4, 0.2, true, ["Apparel", "Grocery", "E-commerce", "Home Goods"], ["Retail", "Stores", "Market", "Outfitters", "Goods", "Commerce"]),
        new("Logistics & Transportation", 6, -0.10, 0.8, 170_000, 0.1, -0.3, 0.3, 0.0, false, ["Freight", "Warehousing", "Airlines", "Courier"], ["Logistics", "Freight", "Transport", "Shipping", "Cargo", "Express"]),
        new("Telecommunications", 3, 0.30, 1.3, 450_000, 0.6, 0.5, 0.2, 0.5, false, ["Wireless", "Broadband", "Telecom Equipment"], ["Telecom", "Communications", "Networks", "Wireless", "Connect", "Broadband"]),
        new("Energy & Utilities", 4, 0.10, 0.9, 600_000, 0.5, -0.2, 0.2, 0.5, false, ["Oil & Gas", "Renewables", "Electric Utilities", "Water"], ["Energy", "Power", "Utilities", "Resources", "Renewables", "Petroleum"]),
        new("Professional Services", 10, 0.20, 1.2, 140_000, -0.3, 0.2, 0.3, 0.2, false, ["Consulting", "Legal", "Accounting", "Staffing"], ["Consulting", "Advisory", "Legal", "Accountants", "Staffing", "Strategies"]),
        new("Education", 5, -0.40, 0.7, 90_000, 0.2, -0.1, 0.1, 0.1, true, ["Higher Education", "K-12", "EdTech"], ["Academy", "Learning", "Education", "Institute", "College", "Schools"]),
        new("Public Sector", 4, -0.50, 0.8, 120_000, 0.7, -0.4, 0.0, 0.6, true, ["Local Government", "Federal Agencies", "Defense"], ["Authority", "Council", "Services", "Agency", "Commission", "Board"]),
        new("Media & Entertainment", 4, -0.10, 1.0, 210_000, -0.1, 0.3, 0.5, 0.1, false, ["Publishing", "Broadcasting", "Gaming", "Advertising"], ["Media", "Studios", "Publishing", "Entertainment", "Broadcasting", "Games"]),
        new("Construction & Real Estate", 6, -0.30, 0.6, 200_000, 0.0, -0.5, 0.0, 0.0, false, ["Commercial Construction", "Property Management", "Architecture"], ["Construction", "Builders", "Properties", "Realty", "Developments", "Architects"]),
        new("Hospitality & Travel", 5, -0.40, 0.5, 70_000, 0.1, -0.3, 0.2, 0.0, true, ["Hotels", "Restaurants", "Travel Agencies"], ["Hotels", "Hospitality", "Resorts", "Restaurants", "Travel", "Dining"]),
    ];

    public static readonly DemoRegion[] Regions =
    [
        new("North America", "NA", 0.45, 0.20, 1.00),
        new("EMEA", "EMEA", 0.30, 0.00, 0.95),
        new("APAC", "APAC", 0.15, -0.10, 0.85),
        new("LATAM", "LATAM", 0.10, -0.30, 0.60),
    ];

    public static readonly DemoCountry[] Countries =
    [
        new("United States", "US", 0, "com", ["Inc", "LLC", "Corp", "Inc."]),        // 0
        new("Canada", "CA", 0, "ca", ["Inc", "Ltd", "Corp"]),                          // 1
        new("United Kingdom", "GB", 1, "co.uk", ["Ltd", "PLC", "LLP"]),                // 2
        new("Germany", "DE", 1, "de", ["GmbH", "AG", "GmbH & Co. KG"]),                // 3
        new("France", "FR", 1, "fr", ["SAS", "S.A.", "SARL"]),                         // 4
        new("Netherlands", "NL", 1, "nl", ["B.V.", "N.V."]),                           // 5
        new("Spain", "ES", 1, "es", ["S.A.", "S.L."]),                                 // 6
        new("Italy", "IT", 1, "it", ["S.p.A.", "S.r.l."]),                             // 7
        new("Switzerland", "CH", 1, "ch", ["AG", "GmbH", "S.A."]),                     // 8
        new("Sweden", "SE", 1, "se", ["AB"]),                                          // 9
        new("Denmark", "DK", 1, "dk", ["A/S", "ApS"]),                                 // 10
        new("Ireland", "IE", 1, "ie", ["Ltd", "DAC"]),                                 // 11
        new("Poland", "PL", 1, "pl", ["Sp. z o.o.", "S.A."]),                          // 12
        new("United Arab Emirates", "AE", 1, "ae", ["LLC", "FZE"]),                    // 13
        new("South Africa", "ZA", 1, "co.za", ["(Pty) Ltd"]),                          // 14
        new("Japan", "JP", 2, "jp", ["K.K.", "Co., Ltd."]),                            // 15
        new("Australia", "AU", 2, "com.au", ["Pty Ltd"]),                              // 16
        new("Singapore", "SG", 2, "sg", ["Pte Ltd"]),                                  // 17
        new("India", "IN", 2, "in", ["Pvt Ltd", "Ltd"]),                               // 18
        new("South Korea", "KR", 2, "kr", ["Co., Ltd."]),                              // 19
        new("New Zealand", "NZ", 2, "co.nz", ["Ltd"]),                                 // 20
        new("China", "CN", 2, "cn", ["Co., Ltd."]),                                    // 21
        new("Brazil", "BR", 3, "com.br", ["Ltda.", "S.A."]),                           // 22
        new("Mexico", "MX", 3, "mx", ["S.A. de C.V.", "S. de R.L."]),                  // 23
        new("Argentina", "AR", 3, "com.ar", ["S.A.", "S.R.L."]),                       // 24
        new("Chile", "CL", 3, "cl", ["SpA", "S.A."]),                                  // 25
        new("Colombia", "CO", 3, "co", ["S.A.S."]),                                    // 26
        new("Peru", "PE", 3, "pe", ["S.A.C."]),                                        // 27
    ];

    public static readonly DemoCity[] Cities =
    [
        new("New York", "NY", 0, 40.7128, -74.0060, "100##", 9, "newyork"),
        new("Los Angeles", "CA", 0, 34.0522, -118.2437, "900##", 6, "losangeles"),
        new("Chicago", "IL", 0, 41.8781, -87.6298, "606##", 6, "chicago"),
        new("Houston", "TX", 0, 29.7604, -95.3698, "770##", 4, "houston"),
        new("Dallas", "TX", 0, 32.7767, -96.7970, "752##", 4, "dallas"),
        new("Austin", "TX", 0, 30.2672, -97.7431, "787##", 3, "austin"),
        new("San Francisco", "CA", 0, 37.7749, -122.4194, "941##", 5, "sanfrancisco"),
        new("San Jose", "CA", 0, 37.3382, -121.8863, "951##", 3, "sanjose"),
        new("Seattle", "WA", 0, 47.6062, -122.3321, "981##", 4, "seattle"),
        new("Boston", "MA", 0, 42.3601, -71.0589, "021##", 4, "boston"),
        new("Atlanta", "GA", 0, 33.7490, -84.3880, "303##", 4, "atlanta"),
        new("Miami", "FL", 0, 25.7617, -80.1918, "331##", 3, "miami"),
        new("Denver", "CO", 0, 39.7392, -104.9903, "802##", 3, "denver"),
        new("Minneapolis", "MN", 0, 44.9778, -93.2650, "554##", 2, "minneapolis"),
        new("Phoenix", "AZ", 0, 33.4484, -112.0740, "850##", 3, "phoenix"),
        new("Philadelphia", "PA", 0, 39.9526, -75.1652, "191##", 3, "philadelphia"),
        new("Charlotte", "NC", 0, 35.2271, -80.8431, "282##", 2, "charlotte"),
        new("Detroit", "MI", 0, 42.3314, -83.0458, "482##", 2, "detroit"),
        new("Toronto", "ON", 1, 43.6532, -79.3832, "M5V #@#", 4, "toronto"),
        new("Vancouver", "BC", 1, 49.2827, -123.1207, "V6B #@#", 2, "vancouver"),
        new("Montreal", "QC", 1, 45.5017, -73.5673, "H2Y #@#", 2, "montreal"),
        new("Calgary", "AB", 1, 51.0447, -114.0719, "T2P #@#", 1, "calgary"),
        new("London", "England", 2, 51.5074, -0.1278, "EC#@ #@@", 9, "london"),
        new("Manchester", "England", 2, 53.4808, -2.2426, "M# #@@", 3, "manchester"),
        new("Edinburgh", "Scotland", 2, 55.9533, -3.1883, "EH# #@@", 2, "edinburgh"),
        new("Berlin", "Berlin", 3, 52.5200, 13.4050, "10###", 4, "berlin"),
        new("Munich", "Bavaria", 3, 48.1351, 11.5820, "80###", 4, "munich"),
        new("Hamburg", "Hamburg", 3, 53.5511, 9.9937, "20###", 3, "hamburg"),
        new("Frankfurt", "Hesse", 3, 50.1109, 8.6821, "60###", 3, "frankfurt"),
        new("Paris", "Île-de-France", 4, 48.8566, 2.3522, "750##", 6, "paris"),
        new("Lyon", "Auvergne-Rhône-Alpes", 4, 45.7640, 4.8357, "6900#", 2, "lyon"),
        new("Amsterdam", "North Holland", 5, 52.3676, 4.9041, "10## @@", 3, "amsterdam"),
        new("Rotterdam", "South Holland", 5, 51.9244, 4.4777, "30## @@", 2, "rotterdam"),
        new("Madrid", "Community of Madrid", 6, 40.4168, -3.7038, "280##", 3, "madrid"),
        new("Barcelona", "Catalonia", 6, 41.3851, 2.1734, "080##", 3, "barcelona"),
        new("Milan", "Lombardy", 7, 45.4642, 9.1900, "201##", 3, "milan"),
        new("Rome", "Lazio", 7, 41.9028, 12.4964, "001##", 2, "rome"),
        new("Zürich", "Zürich", 8, 47.3769, 8.5417, "80##", 2, "zurich"),
        new("Stockholm", "Stockholm County", 9, 59.3293, 18.0686, "1## ##", 2, "stockholm"),
        new("Copenhagen", "Capital Region", 10, 55.6761, 12.5683, "1###", 2, "copenhagen"),
        new("Dublin", "Leinster", 11, 53.3498, -6.2603, "D0# @###", 2, "dublin"),
        new("Warsaw", "Masovia", 12, 52.2297, 21.0122, "00-###", 2, "warsaw"),
        new("Dubai", "Dubai", 13, 25.2048, 55.2708, "", 2, "dubai"),
        new("Johannesburg", "Gauteng", 14, -26.2041, 28.0473, "2###", 2, "johannesburg"),
        new("Tokyo", "Tokyo", 15, 35.6762, 139.6503, "1##-####", 6, "tokyo"),
        new("Osaka", "Osaka", 15, 34.6937, 135.5023, "5##-####", 2, "osaka"),
        new("Sydney", "NSW", 16, -33.8688, 151.2093, "20##", 4, "sydney"),
        new("Melbourne", "VIC", 16, -37.8136, 144.9631, "30##", 3, "melbourne"),
        new("Brisbane", "QLD", 16, -27.4698, 153.0251, "40##", 1, "brisbane"),
        new("Singapore", null, 17, 1.3521, 103.8198, "0#####", 4, "singapore"),
        new("Bengaluru", "Karnataka", 18, 12.9716, 77.5946, "560###", 3, "bengaluru"),
        new("Mumbai", "Maharashtra", 18, 19.0760, 72.8777, "400###", 3, "mumbai"),
        new("Seoul", "Seoul", 19, 37.5665, 126.9780, "0####", 3, "seoul"),
        new("Auckland", "Auckland", 20, -36.8485, 174.7633, "10##", 1, "auckland"),
        new("Shanghai", "Shanghai", 21, 31.2304, 121.4737, "200###", 3, "shanghai"),
        new("São Paulo", "SP", 22, -23.5505, -46.6333, "01###-###", 6, "saopaulo"),
        new("Rio de Janeiro", "RJ", 22, -22.9068, -43.1729, "20###-###", 3, "riodejaneiro"),
        new("Mexico City", "CDMX", 23, 19.4326, -99.1332, "06###", 5, "mexicocity"),
        new("Monterrey", "Nuevo León", 23, 25.6866, -100.3161, "64###", 2, "monterrey"),
        new("Guadalajara", "Jalisco", 23, 20.6597, -103.3496, "44###", 2, "guadalajara"),
        new("Buenos Aires", "CABA", 24, -34.6037, -58.3816, "C1###@@@", 3, "buenosaires"),
        new("Santiago", "Santiago Metropolitan", 25, -33.4489, -70.6693, "83#####", 2, "santiago"),
        new("Bogotá", "Bogotá D.C.", 26, 4.7110, -74.0721, "110###", 2, "bogota"),
        new("Lima", "Lima", 27, -12.0464, -77.0428, "150##", 2, "lima"),
    ];

    public static readonly DemoProduct[] Products =
    [
        new("P1001", "Core Platform Starter", Core, 40, 1.0, 3.0, 1.0, 0.2),
        new("P1002", "Core Platform Professional", Core, 85, 1.0, 0.6, 2.5, 1.0),
        new("P1003", "Core Platform Enterprise", Core, 160, 1.0, 0.05, 0.6, 3.0),
        new("P1004", "Core Add-on Seats", Core, 25, 0.8, 1.0, 1.0, 1.0),
        new("P1005", "Workflow Automation", Core, 55, 0.5, 0.3, 1.0, 1.2),
        new("P2001", "Analytics Dashboards", Analytics, 30, 1.0, 1.5, 1.0, 0.8),
        new("P2002", "Predictive Insights", Analytics, 120, 0.6, 0.2, 1.0, 1.5),
        new("P2003", "Data Connector Pack", Analytics, 450, 0.5, 0.5, 1.0, 1.0),
        new("P2004", "Embedded Analytics", Analytics, 900, 0.3, 0.05, 0.6, 1.5),
        new("P3001", "Identity & Access", Security, 18, 1.0, 1.0, 1.0, 1.0),
        new("P3002", "Threat Detection", Security, 65, 0.7, 0.3, 1.0, 1.5),
        new("P3003", "Compliance Vault", Security, 1_200, 0.4, 0.1, 0.8, 1.5),
        new("P3004", "Endpoint Guard", Security, 12, 0.8, 1.5, 1.0, 0.8),
        new("P4001", "Onboarding Package", Services, 4_500, 0.5, 0.3, 1.0, 1.0),
        new("P4002", "Premium Support", Services, 2_400, 0.7, 0.3, 1.0, 1.5),
        new("P4003", "Training Day", Services, 1_600, 0.6, 0.5, 1.0, 1.0),
        new("P4004", "Custom Integration", Services, 9_500, 0.3, 0.02, 0.5, 1.5),
    ];

    /// <summary>Cross-sell pull: owning the row family raises the chance of buying the column family.</summary>
    public static readonly double[,] Affinity =
    {
        { 0.00, 0.10, 0.08, 0.12 },
        { 0.00, 0.00, 0.03, 0.06 },
        { 0.00, 0.04, 0.00, 0.05 },
        { 0.00, 0.04, 0.04, 0.00 },
    };

    public static readonly DemoCompetitor[] Competitors =
    [
        new("Vantora Systems", 1.0, 0.8, 0.0, 0.0),
        new("Helixgrid", 1.2, 0.0, 0.3, 0.5),
        new("Quorum Analytics", 0.0, 1.3, 0.0, 0.0),
        new("Castellan Security", 0.0, 0.0, 1.4, 0.0),
        new("Brightpath Software", 0.8, 0.6, 0.0, 1.5),
        new("Oryx Cloud", 0.5, 0.0, 0.9, 0.3),
    ];

    public static readonly DemoArchetype[] Archetypes =
    [
        new("Strategic Expander", 1.0, 0.6, -1.0, 0.025, 0.00, 1.3),
        new("Steady Core", 2.0, 0.2, -0.6, 0.004, 0.00, 1.0),
        new("Price Shopper", 1.5, 0.0, 0.7, 0.000, 0.08, 1.0),
        new("Digital Self-Serve", 1.2, 0.3, 0.2, 0.010, 0.00, 0.6),
        new("Seasonal Buyer", 0.8, 0.0, 0.0, 0.002, 0.02, 0.9),
        new("Declining", 0.9, -0.3, 1.0, -0.020, 0.03, 0.8),
        new("Dormant", 1.6, -1.2, 0.5, 0.000, 0.00, 0.4),
    ];

    public const int Expander = 0;
    public const int DigitalSelfServe = 3;
    public const int Seasonal = 4;
    public const int Declining = 5;
    public const int Dormant = 6;

    public static readonly string[] NamePrefixes =
    [
        "North", "South", "East", "West", "Blue", "Red", "Green", "Silver", "Gold", "Iron", "Stone", "River", "Lake", "Oak", "Pine",
        "Maple", "Cedar", "Summit", "Bright", "Clear", "Swift", "True", "Prime", "Nova", "Apex", "Vertex", "Atlas", "Orion", "Polar", "Sun",
        "Star", "Sky", "Cloud", "Ever", "High", "Deep", "Wide", "Far", "Key", "Crest", "Harbor", "Bay", "Ridge", "Vale", "Fox",
        "Wolf", "Hawk", "Eagle", "Falcon", "Lion", "Bear", "Elm", "Birch", "Aspen", "Willow", "Granite", "Copper", "Cobalt", "Amber", "Crimson",
        "Indigo", "Terra", "Aqua", "Aero", "Lumen", "Vector", "Quantum", "Pioneer", "Frontier", "Liberty", "Heritage", "Unity", "Zenith", "Horizon", "Meridian",
        "Keystone", "Bridge", "Castle", "Crown", "Sterling", "Noble", "Royal", "Grand", "Metro", "Urban", "Alpine", "Coastal", "Prairie", "Canyon", "Delta",
        "Sierra", "Tidal", "Echo", "Pulse", "Spark", "Bolt", "Arc", "Flux", "Helio", "Onyx",
    ];

    public static readonly string[] NameSuffixes =
    [
        "field", "stone", "bridge", "point", "gate", "way", "wood", "brook", "view", "line", "port", "haven", "works", "craft", "path",
        "wave", "light", "ridge", "dale", "ford", "mark", "well", "wind", "peak", "rock", "side", "land", "shore", "mont", "spring",
        "stream", "forge", "hill", "crest", "grove", "moor", "bury", "ton", "wick", "core", "sphere", "scape", "tech", "ware", "tide",
        "star", "fire", "bloom", "vista", "hurst", "leaf", "lyn", "mere", "run", "top", "water", "worth", "yard", "stead", "base",
    ];

    public static readonly string[] NameQualifiers =
    [
        "", "Group", "Holdings", "International", "Global", "Partners", "Worldwide", "Enterprises", "Ventures", "Alliance",
        "United", "Collective", "Solutions", "Direct", "Innovations", "Network", "Plus", "Works", "Pro", "One",
    ];

    public static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan",
        "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen", "Matthew", "Nancy", "Anthony", "Lisa", "Mark", "Sandra", "Paul", "Ashley",
        "Steven", "Emily", "Andrew", "Michelle", "Kevin", "Amanda", "Brian", "Melissa", "Lukas", "Sophie", "Hannah", "Felix", "Emma", "Louis",
        "Camille", "Hugo", "Chloe", "Mateo", "Lucia", "Sofia", "Diego", "Valentina", "Gabriel", "Isabela", "Rafael", "Camila", "Hiroshi", "Yuki",
        "Akira", "Sakura", "Wei", "Li", "Min-jun", "Ji-woo", "Arjun", "Priya", "Rohan", "Ananya", "Oliver", "Amelia", "Noah", "Olivia",
        "Liam", "Ava", "Lars", "Ingrid", "Piotr", "Zofia", "Ahmed", "Fatima", "Thabo", "Naledi", "Sean", "Aoife", "Marco", "Giulia",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson",
        "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen",
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Moreau", "Laurent", "Bernard", "Rossi", "Russo", "Ferrari", "Silva", "Santos",
        "Oliveira", "Souza", "Pereira", "Fernández", "González", "Sánchez", "Tanaka", "Suzuki", "Sato", "Takahashi", "Wang", "Zhang", "Chen", "Liu",
        "Kim", "Park", "Choi", "Sharma", "Patel", "Gupta", "Singh", "Nguyen", "Andersson", "Johansson", "Nielsen", "Kowalski", "Nowak", "O'Brien",
        "Murphy", "Kelly", "de Vries", "van Dijk", "Jansen", "Dlamini", "Nkosi", "Al-Farsi", "Haddad", "Cohen", "Novak", "Horvat", "Costa", "Romero",
    ];

    public static readonly string[] Departments = ["Executive", "IT", "Finance", "Operations", "Sales", "Marketing", "Security", "Procurement", "Data"];

    public static readonly string[] Seniorities = ["C-Level", "VP", "Director", "Manager", "Individual Contributor"];

    /// <summary>Titles by department (row) and seniority (column).</summary>
    public static readonly string[][] Titles =
    [
        ["Chief Executive Officer", "VP Strategy", "Director of Strategy", "Chief of Staff", "Executive Assistant"],
        ["Chief Information Officer", "VP of IT", "IT Director", "IT Manager", "Systems Administrator"],
        ["Chief Financial Officer", "VP Finance", "Finance Director", "Finance Manager", "Financial Analyst"],
        ["Chief Operating Officer", "VP Operations", "Director of Operations", "Operations Manager", "Operations Analyst"],
        ["Chief Revenue Officer", "VP Sales", "Sales Director", "Sales Manager", "Account Executive"],
        ["Chief Marketing Officer", "VP Marketing", "Marketing Director", "Marketing Manager", "Marketing Specialist"],
        ["Chief Information Security Officer", "VP Security", "Security Director", "Security Manager", "Security Engineer"],
        ["Chief Procurement Officer", "VP Procurement", "Procurement Director", "Purchasing Manager", "Buyer"],
        ["Chief Data Officer", "VP Data", "Director of Analytics", "Analytics Manager", "Data Analyst"],
    ];

    public static readonly string[] OpenStages = ["Prospecting", "Qualification", "Proposal", "Negotiation"];

    public static readonly string[] LostReasons = ["Price", "Lost to Competitor", "No Decision", "Timing", "Budget", "Missing Feature"];

    public static readonly double[] LostReasonWeights = [3, 3, 3, 2, 2, 1];

    public static readonly string[] RegionalCoverage = ["field", "inside", "digital", "partner"];
}
