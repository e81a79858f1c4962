namespace Sightline.Data;

/// <summary>The canonical tables of DESIGN.md, in the order they load (parents before children).</summary>
public static class CanonicalSchema
{
    /// <summary>Contact buying roles.</summary>
    public static readonly IReadOnlyList<string> BuyingRoles = ["decision_maker", "influencer", "end_user", "champion", "blocker"];

    /// <summary>The buying roles from the one that weighs most in a deal to the least: a contact given several keeps the first.</summary>
    public static readonly IReadOnlyList<string> BuyingRolesByWeight = ["decision_maker", "champion", "influencer", "blocker", "end_user"];

    /// <summary>Touchpoint channels.</summary>
    public static readonly IReadOnlyList<string> TouchpointChannels = ["call", "email", "web", "meeting", "event", "support", "chat", "social"];

    /// <summary>Touchpoint directions.</summary>
    public static readonly IReadOnlyList<string> Directions = ["in", "out"];

    /// <summary>
    /// Rep roles: the coverage models a rep sells in, and manager, one who leads a team and carries no book of their own
    /// (a team list's manager without a row of their own is made one by import).
    /// </summary>
    public static readonly IReadOnlyList<string> RepRoles = ["field", "inside", "digital", "partner", "overlay", "manager"];

    /// <summary>The outcomes an opportunity export's status column gives (Pipedrive's Status, Dynamics' Status and Status Reason).</summary>
    public static readonly IReadOnlyList<string> OpportunityOutcomes = ["open", "won", "lost"];

    /// <summary>
    /// An opportunity export's status, read from the file but not stored as such: it gives <c>won</c> (and the stage, when
    /// the file has no stage column). Its words are mapped like any column with set values (<c>value_maps.opportunities.status</c>).
    /// </summary>
    public static readonly ColumnSpec OpportunityStatus = new("status", ColumnType.Text, AllowedValues: OpportunityOutcomes);

    /// <summary>
    /// The column of <paramref name="table"/> with set values that <c>value_maps</c> may name: the table's own, or a column read
    /// into others (<see cref="OpportunityStatus"/>); null when there is none by that name.
    /// </summary>
    public static ColumnSpec? WithSetValues(TableSpec table, string column)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Column(column) is { AllowedValues: not null } own ? own
            : table.Name == "opportunities" && column == OpportunityStatus.Name ? OpportunityStatus
            : null;
    }

    /// <summary>
    /// The words CRM exports use for allowed values, by column, mapped to the canonical token. Keys are tokens as import
    /// and the touch API compare them: lower case, each run of spaces, hyphens and slashes one underscore.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ValueSynonyms =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["channel"] = Synonyms(
                ("call", ["phone", "phone_call", "phonecall", "logged_call", "call_logged", "cold_call", "voice"]),
                ("email", ["e_mail", "mail", "incoming_email", "forwarded_email", "sent_email", "email_sent"]),
                ("web", ["website", "web_visit", "site_visit", "page_view", "pageview", "web_form", "form_submission", "content_download"]),
                ("meeting", ["visit", "video_call", "in_person", "on_site", "onsite"]),
                ("event", ["webinar", "trade_show", "tradeshow", "conference", "seminar"]),
                ("support", ["ticket", "case", "support_ticket", "support_case", "helpdesk", "service_request"]),
                ("chat", ["live_chat", "livechat", "sms", "text_message", "whatsapp", "whats_app", "instant_message"]),
                // Outreach's and Salesloft's LinkedIn steps.
                ("social", ["linkedin", "linkedin_message", "twitter", "facebook", "instagram", "social_media", "linkedin_send_connection_request",
                    "linkedin_send_message", "linkedin_send_inmail", "linkedin_inmail", "inmail", "linkedin_view_profile", "linkedin_interact_with_post",
                    "linkedin_research_other", "linkedin_connect"])),
            // HubSpot's email direction writes EMAIL for one a rep sent.
            ["direction"] = Synonyms(("in", ["inbound", "incoming", "received", "incoming_email", "forwarded_email"]),
                ("out", ["outbound", "outgoing", "sent", "email", "outgoing_email", "sent_email"])),
            // Salesforce's opportunity contact roles and HubSpot's buying roles, as far as they say who decides, uses or sways.
            ["buying_role"] = Synonyms(("decision_maker", ["economic_buyer", "budget_holder", "economic_decision_maker"]),
                ("end_user", ["user", "business_user"]), ("blocker", ["detractor"]),
                ("influencer", ["technical_buyer", "evaluator", "legal_&_compliance", "legal_and_compliance", "legal"]),
                ("champion", ["executive_sponsor", "sponsor"])),
            // Dynamics' Status Reason: Canceled and Out-Sold close an opportunity as lost, In Progress and On Hold keep it open;
            // Copper and Insightly close one unwon as Abandoned, Insightly pauses one as Suspended, Close calls open ones active.
            ["status"] = Synonyms(("won", ["closed_won", "win"]),
                ("lost", ["closed_lost", "lose", "out_sold", "outsold", "canceled", "cancelled", "abandoned"]),
                ("open", ["in_progress", "on_hold", "suspended", "active"])),
            // Sales titles whose coverage model is plain; "Account Manager" is not (field or inside by company): mapped by the user.
            ["role"] = Synonyms(
                ("field", ["field_sales", "account_executive", "ae", "enterprise_account_executive", "strategic_account_executive",
                    "field_sales_representative", "field_sales_rep", "field_rep", "outside_sales", "outside_sales_representative",
                    "outside_sales_rep", "key_account_manager", "kam", "territory_manager", "regional_sales_manager", "account_director"]),
                ("inside", ["inside_sales", "sdr", "bdr", "sales_development_representative", "sales_development_rep",
                    "business_development_representative", "business_development_rep", "inside_sales_representative",
                    "inside_sales_rep", "inside_sales_executive", "inside_rep", "isr", "telesales"]),
                ("digital", ["digital_sales", "ecommerce", "e_commerce", "web_sales", "self_serve", "self_service", "online_sales"]),
                ("partner", ["channel", "partner_manager", "channel_manager", "channel_sales", "channel_account_manager",
                    "partner_account_manager", "alliance_manager", "alliances_manager"]),
                ("overlay", ["specialist", "sales_engineer", "solutions_engineer", "solution_engineer", "solutions_consultant",
                    "solution_consultant", "presales", "pre_sales", "product_specialist", "overlay_specialist"])),
        };

    /// <summary>
    /// Words exports write in an allowed-value column that are none of its values, by column, with why: read as missing
    /// (the import says how many), not rejected. Salesforce's call type "Internal" (a call among colleagues) is neither in
    /// nor out.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NoValueWords =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["direction"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["internal"] = "among colleagues, neither in nor out" },
            ["buying_role"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["other"] = "a role the CRM does not name" },
        };

    private static Dictionary<string, string> Synonyms(params (string Canonical, string[] Words)[] groups) =>
        groups.SelectMany(g => g.Words.Select(w => (Word: w, g.Canonical))).ToDictionary(p => p.Word, p => p.Canonical, StringComparer.Ordinal);

    /// <summary>Every canonical table in load order.</summary>
    public static readonly IReadOnlyList<TableSpec> Tables =
    [
        new("reps",
        [
            new("rep_id", ColumnType.Text, Required: true),
            new("name", ColumnType.Text, Required: true),
            new("role", ColumnType.Text, Required: true, AllowedValues: RepRoles),
            new("region", ColumnType.Text),
            new("manager_id", ColumnType.Text),
            new("capacity_accounts", ColumnType.Integer, Min: 0),
            new("annual_cost", ColumnType.Number, Min: 0, Money: true),
        ], ["rep_id"], [new("manager_id", "reps", "rep_id", Always: false)]),

        new("products",
        [
            new("product_id", ColumnType.Text, Required: true),
            new("name", ColumnType.Text, Required: true),
            new("family", ColumnType.Text),
            new("list_price", ColumnType.Number, Min: 0, Money: true),
        ], ["product_id"], []),

        new("accounts",
        [
            new("account_id", ColumnType.Text, Required: true),
            new("name", ColumnType.Text, Required: true),
            new("domain", ColumnType.Text),
            new("industry", ColumnType.Text),
            new("sub_industry", ColumnType.Text),
            new("employees", ColumnType.Integer, Min: 0, SizeBands: true),
            new("annual_revenue", ColumnType.Number, Min: 0, SizeBands: true, Money: true),
            new("country", ColumnType.Text),
            new("region", ColumnType.Text),
            new("state", ColumnType.Text),
            new("city", ColumnType.Text),
            new("postal_code", ColumnType.Text),
            new("latitude", ColumnType.Number, Min: -90, Max: 90),
            new("longitude", ColumnType.Number, Min: -180, Max: 180),
            new("parent_account_id", ColumnType.Text),
            new("owner_rep_id", ColumnType.Text),
            new("created_at", ColumnType.Date, PastOnly: true),
        ], ["account_id"],
        [
            new("parent_account_id", "accounts", "account_id", Always: false),
            new("owner_rep_id", "reps", "rep_id", Always: false),
        ]),

        new("contacts",
        [
            new("contact_id", ColumnType.Text, Required: true),
            new("account_id", ColumnType.Text, Required: true),
            new("title", ColumnType.Text),
            new("department", ColumnType.Text),
            new("seniority", ColumnType.Text),
            new("buying_role", ColumnType.Text, AllowedValues: BuyingRoles),
            new("email", ColumnType.Text),
            new("last_activity_at", ColumnType.Date, PastOnly: true),
        ], ["contact_id"], [new("account_id", "accounts", "account_id", Always: true)]),

        new("territories",
        [
            new("territory_id", ColumnType.Text, Required: true),
            new("name", ColumnType.Text, Required: true),
            new("region", ColumnType.Text),
            new("rep_id", ColumnType.Text),
        ], ["territory_id"], [new("rep_id", "reps", "rep_id", Always: false)]),

        new("territory_accounts",
        [
            new("territory_id", ColumnType.Text, Required: true),
            new("account_id", ColumnType.Text, Required: true),
        ], ["territory_id", "account_id"],
        [
            new("territory_id", "territories", "territory_id", Always: true),
            new("account_id", "accounts", "account_id", Always: true),
        ]),

        new("orders",
        [
            new("order_id", ColumnType.Text, Required: true),
            new("account_id", ColumnType.Text, Required: true),
            new("product_id", ColumnType.Text, Required: true),
            new("order_date", ColumnType.Date, Required: true, PastOnly: true),
            new("amount", ColumnType.Number, Required: true, Money: true),
            new("quantity", ColumnType.Number),
            new("discount", ColumnType.Number),
            new("rep_id", ColumnType.Text),
            new("channel", ColumnType.Text),
        ], ["order_id", "product_id"],
        [
            new("account_id", "accounts", "account_id", Always: true),
            new("product_id", "products", "product_id", Always: true),
            new("rep_id", "reps", "rep_id", Always: false),
        ]),

        new("opportunities",
        [
            new("opportunity_id", ColumnType.Text, Required: true),
            new("account_id", ColumnType.Text, Required: true),
            new("product_id", ColumnType.Text),
            new("created_at", ColumnType.Date, Required: true, PastOnly: true),
            new("closed_at", ColumnType.Date),
            new("stage", ColumnType.Text, Required: true),
            new("amount", ColumnType.Number, Money: true),
            new("won", ColumnType.Boolean),
            new("lost_reason", ColumnType.Text),
            new("competitor", ColumnType.Text),
            new("rep_id", ColumnType.Text),
        ], ["opportunity_id"],
        [
            new("account_id", "accounts", "account_id", Always: true),
            new("product_id", "products", "product_id", Always: false),
            new("rep_id", "reps", "rep_id", Always: false),
        ]),

        new("touchpoints",
        [
            new("event_id", ColumnType.Text, Required: true),
            new("account_id", ColumnType.Text, Required: true),
            new("occurred_at", ColumnType.Timestamp, Required: true, PastOnly: true),
            new("channel", ColumnType.Text, Required: true, AllowedValues: TouchpointChannels),
            new("kind", ColumnType.Text),
            new("direction", ColumnType.Text, AllowedValues: Directions),
            new("contact_id", ColumnType.Text),
            new("outcome", ColumnType.Text),
        ], ["event_id"],
        [
            new("account_id", "accounts", "account_id", Always: true),
            new("contact_id", "contacts", "contact_id", Always: false),
        ]),

        new("competitors",
        [
            new("account_id", ColumnType.Text, Required: true),
            new("competitor", ColumnType.Text, Required: true),
            new("product_family", ColumnType.Text),
            new("contract_end", ColumnType.Date),
            new("share_estimate", ColumnType.Number, Min: 0, Max: 1),
        ], ["account_id", "competitor", "product_family"],
        [new("account_id", "accounts", "account_id", Always: true)]),
    ];

    /// <summary>The table with that name, or null.</summary>
    public static TableSpec? Find(string name) => Tables.FirstOrDefault(t => t.Name == name);

    /// <summary>The table with that name; throws when unknown.</summary>
    public static TableSpec Get(string name) =>
        Find(name) ?? throw new ArgumentException($"'{name}' is not a canonical table; expected one of {string.Join(", ", Tables.Select(t => t.Name))}", nameof(name));
}
