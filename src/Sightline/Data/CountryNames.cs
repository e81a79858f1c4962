using System.Text;

namespace Sightline.Data;

/// <summary>
/// Countries by their English short name, with the ISO 3166 codes and the other spellings CRM exports write ("USA",
/// "U.S.", "Deutschland", "UK"): one market must not be split into three because three reps typed it three ways.
/// </summary>
public static class CountryNames
{
    // Name; ISO 3166-1 alpha-2; alpha-3; other spellings (|-separated). England, Scotland and Wales read as the United
    // Kingdom: a market is a sovereign country.
    private const string Table = """
        Afghanistan;AF;AFG;
        Åland Islands;AX;ALA;aland islands|aland
        Albania;AL;ALB;shqipëria
        Algeria;DZ;DZA;
        American Samoa;AS;ASM;
        Andorra;AD;AND;
        Angola;AO;AGO;
        Anguilla;AI;AIA;
        Antarctica;AQ;ATA;
        Antigua and Barbuda;AG;ATG;antigua & barbuda|antigua
        Argentina;AR;ARG;
        Armenia;AM;ARM;
        Aruba;AW;ABW;
        Australia;AU;AUS;commonwealth of australia
        Austria;AT;AUT;österreich|osterreich|oesterreich
        Azerbaijan;AZ;AZE;
        Bahamas;BS;BHS;the bahamas
        Bahrain;BH;BHR;
        Bangladesh;BD;BGD;
        Barbados;BB;BRB;
        Belarus;BY;BLR;
        Belgium;BE;BEL;belgië|belgique|belgie
        Belize;BZ;BLZ;
        Benin;BJ;BEN;
        Bermuda;BM;BMU;
        Bhutan;BT;BTN;
        Bolivia;BO;BOL;plurinational state of bolivia
        Bosnia and Herzegovina;BA;BIH;bosnia & herzegovina|bosnia
        Botswana;BW;BWA;
        Brazil;BR;BRA;brasil
        British Virgin Islands;VG;VGB;virgin islands (british)
        Brunei;BN;BRN;brunei darussalam
        Bulgaria;BG;BGR;
        Burkina Faso;BF;BFA;
        Burundi;BI;BDI;
        Cambodia;KH;KHM;
        Cameroon;CM;CMR;
        Canada;CA;CAN;
        Cape Verde;CV;CPV;cabo verde
        Cayman Islands;KY;CYM;
        Central African Republic;CF;CAF;
        Chad;TD;TCD;
        Chile;CL;CHL;
        China;CN;CHN;people's republic of china|prc|mainland china
        Colombia;CO;COL;
        Comoros;KM;COM;
        Congo;CG;COG;republic of the congo|congo-brazzaville
        Costa Rica;CR;CRI;
        Côte d'Ivoire;CI;CIV;cote d'ivoire|ivory coast
        Croatia;HR;HRV;hrvatska
        Cuba;CU;CUB;
        Curaçao;CW;CUW;curacao
        Cyprus;CY;CYP;
        Czechia;CZ;CZE;czech republic
        Democratic Republic of the Congo;CD;COD;dr congo|drc|congo-kinshasa|congo (kinshasa)
        Denmark;DK;DNK;danmark
        Djibouti;DJ;DJI;
        Dominica;DM;DMA;
        Dominican Republic;DO;DOM;
        Ecuador;EC;ECU;
        Egypt;EG;EGY;
        El Salvador;SV;SLV;
        Equatorial Guinea;GQ;GNQ;
        Eritrea;ER;ERI;
        Estonia;EE;EST;eesti
        Eswatini;SZ;SWZ;swaziland
        Ethiopia;ET;ETH;
        Falkland Islands;FK;FLK;
        Faroe Islands;FO;FRO;
        Fiji;FJ;FJI;
        Finland;FI;FIN;suomi
        France;FR;FRA;république française
        French Guiana;GF;GUF;
        French Polynesia;PF;PYF;
        Gabon;GA;GAB;
        Gambia;GM;GMB;the gambia
        Georgia;GE;GEO;
        Germany;DE;DEU;deutschland|federal republic of germany
        Ghana;GH;GHA;
        Gibraltar;GI;GIB;
        Greece;GR;GRC;hellas
        Greenland;GL;GRL;
        Grenada;GD;GRD;
        Guadeloupe;GP;GLP;
        Guam;GU;GUM;
        Guatemala;GT;GTM;
        Guernsey;GG;GGY;
        Guinea;GN;GIN;
        Guinea-Bissau;GW;GNB;
        Guyana;GY;GUY;
        Haiti;HT;HTI;
        Honduras;HN;HND;
        Hong Kong;HK;HKG;hong kong sar|hong kong sar china
        Hungary;HU;HUN;magyarország
        Iceland;IS;ISL;ísland
        India;IN;IND;bharat
        Indonesia;ID;IDN;
        Iran;IR;IRN;islamic republic of iran
        Iraq;IQ;IRQ;
        Ireland;IE;IRL;republic of ireland|éire|eire
        Isle of Man;IM;IMN;
        Israel;IL;ISR;
        Italy;IT;ITA;italia
        Jamaica;JM;JAM;
        Japan;JP;JPN;nippon
        Jersey;JE;JEY;
        Jordan;JO;JOR;
        Kazakhstan;KZ;KAZ;
        Kenya;KE;KEN;
        Kiribati;KI;KIR;
        Kosovo;XK;XKX;
        Kuwait;KW;KWT;
        Kyrgyzstan;KG;KGZ;
        Laos;LA;LAO;lao people's democratic republic
        Latvia;LV;LVA;
        Lebanon;LB;LBN;
        Lesotho;LS;LSO;
        Liberia;LR;LBR;
        Libya;LY;LBY;
        Liechtenstein;LI;LIE;
        Lithuania;LT;LTU;
        Luxembourg;LU;LUX;
        Macao;MO;MAC;macau
        Madagascar;MG;MDG;
        Malawi;MW;MWI;
        Malaysia;MY;MYS;
        Maldives;MV;MDV;
        Mali;ML;MLI;
        Malta;MT;MLT;
        Marshall Islands;MH;MHL;
        Martinique;MQ;MTQ;
        Mauritania;MR;MRT;
        Mauritius;MU;MUS;
        Mayotte;YT;MYT;
        Mexico;MX;MEX;méxico
        Micronesia;FM;FSM;federated states of micronesia
        Moldova;MD;MDA;republic of moldova
        Monaco;MC;MCO;
        Mongolia;MN;MNG;
        Montenegro;ME;MNE;
        Montserrat;MS;MSR;
        Morocco;MA;MAR;maroc
        Mozambique;MZ;MOZ;
        Myanmar;MM;MMR;burma
        Namibia;NA;NAM;
        Nauru;NR;NRU;
        Nepal;NP;NPL;
        Netherlands;NL;NLD;the netherlands|holland|nederland
        New Caledonia;NC;NCL;
        New Zealand;NZ;NZL;aotearoa
        Nicaragua;NI;NIC;
        Niger;NE;NER;
        Nigeria;NG;NGA;
        North Korea;KP;PRK;democratic people's republic of korea|dprk
        North Macedonia;MK;MKD;macedonia|republic of north macedonia
        Northern Mariana Islands;MP;MNP;
        Norway;NO;NOR;norge
        Oman;OM;OMN;
        Pakistan;PK;PAK;
        Palau;PW;PLW;
        Palestine;PS;PSE;state of palestine|palestinian territories
        Panama;PA;PAN;panamá
        Papua New Guinea;PG;PNG;
        Paraguay;PY;PRY;
        Peru;PE;PER;perú
        Philippines;PH;PHL;the philippines
        Poland;PL;POL;polska
        Portugal;PT;PRT;
        Puerto Rico;PR;PRI;
        Qatar;QA;QAT;
        Réunion;RE;REU;reunion
        Romania;RO;ROU;românia
        Russia;RU;RUS;russian federation
        Rwanda;RW;RWA;
        Saint Kitts and Nevis;KN;KNA;st kitts and nevis|saint kitts & nevis
        Saint Lucia;LC;LCA;st lucia
        Saint Vincent and the Grenadines;VC;VCT;st vincent and the grenadines
        Samoa;WS;WSM;
        San Marino;SM;SMR;
        São Tomé and Príncipe;ST;STP;sao tome and principe
        Saudi Arabia;SA;SAU;ksa|kingdom of saudi arabia
        Senegal;SN;SEN;
        Serbia;RS;SRB;
        Seychelles;SC;SYC;
        Sierra Leone;SL;SLE;
        Singapore;SG;SGP;
        Sint Maarten;SX;SXM;
        Slovakia;SK;SVK;slovak republic
        Slovenia;SI;SVN;
        Solomon Islands;SB;SLB;
        Somalia;SO;SOM;
        South Africa;ZA;ZAF;rsa|republic of south africa
        South Korea;KR;KOR;korea|republic of korea|korea, republic of|korea (south)
        South Sudan;SS;SSD;
        Spain;ES;ESP;españa|espana
        Sri Lanka;LK;LKA;
        Sudan;SD;SDN;
        Suriname;SR;SUR;
        Sweden;SE;SWE;sverige
        Switzerland;CH;CHE;schweiz|suisse|svizzera|swiss confederation
        Syria;SY;SYR;syrian arab republic
        Taiwan;TW;TWN;republic of china|taiwan, province of china
        Tajikistan;TJ;TJK;
        Tanzania;TZ;TZA;united republic of tanzania
        Thailand;TH;THA;
        Timor-Leste;TL;TLS;east timor
        Togo;TG;TGO;
        Tonga;TO;TON;
        Trinidad and Tobago;TT;TTO;trinidad & tobago|trinidad
        Tunisia;TN;TUN;
        Türkiye;TR;TUR;turkey|turkiye
        Turkmenistan;TM;TKM;
        Turks and Caicos Islands;TC;TCA;
        Tuvalu;TV;TUV;
        Uganda;UG;UGA;
        Ukraine;UA;UKR;
        United Arab Emirates;AE;ARE;uae|emirates
        United Kingdom;GB;GBR;uk|great britain|britain|england|scotland|wales|northern ireland|united kingdom of great britain and northern ireland
        United States;US;USA;united states of america|america|u s|u s a|us of a|the united states
        United States Virgin Islands;VI;VIR;us virgin islands|virgin islands (u s)
        Uruguay;UY;URY;
        Uzbekistan;UZ;UZB;
        Vanuatu;VU;VUT;
        Vatican City;VA;VAT;holy see
        Venezuela;VE;VEN;bolivarian republic of venezuela
        Vietnam;VN;VNM;viet nam
        Western Sahara;EH;ESH;
        Yemen;YE;YEM;
        Zambia;ZM;ZMB;
        Zimbabwe;ZW;ZWE;
        """;

    private static readonly Lazy<IReadOnlyDictionary<string, string>> ByKey = new(Build);

    /// <summary>Every spelling this table knows (as <see cref="Key"/> gives it) with the country's English name.</summary>
    public static IReadOnlyDictionary<string, string> Spellings => ByKey.Value;

    /// <summary>The country's English name for a spelling this table knows (any case, dots and extra spaces ignored), else null.</summary>
    public static string? Canonical(string? text) =>
        text is null ? null : Spellings.GetValueOrDefault(Key(text));

    /// <summary>
    /// The form spellings are compared in: lower case, dots dropped, runs of spaces one space, trimmed ("U.S.A." → "usa",
    /// "U. S." → "u s"). <see cref="KeySql"/> is the same in DuckDB.
    /// </summary>
    public static string Key(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c == '.')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            builder.Append(c);
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>The DuckDB expression of <see cref="Key"/> for <paramref name="sql"/>.</summary>
    public static string KeySql(string sql) => $"trim(regexp_replace(replace(lower({sql}), '.', ''), '\\s+', ' ', 'g'))";

    /// <summary>A DuckDB <c>VALUES</c> list of (spelling, name) for every spelling, to join on <see cref="KeySql"/>.</summary>
    public static string ValuesSql() =>
        "(VALUES " + string.Join(", ", Spellings.Select(s => $"({Sql.Literal(s.Key)}, {Sql.Literal(s.Value)})")) + ")";

    private static Dictionary<string, string> Build()
    {
        var spellings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(';');
            var name = parts[0];
            foreach (var spelling in new[] { name, parts[1], parts[2] }.Concat(parts[3].Split('|', StringSplitOptions.RemoveEmptyEntries)))
            {
                // A spelling of two countries would read as whichever came first: refused when the table is read.
                if (!spellings.TryAdd(Key(spelling), name) && spellings[Key(spelling)] != name)
                {
                    throw new InvalidOperationException($"'{spelling}' names both {spellings[Key(spelling)]} and {name}");
                }
            }
        }

        return spellings;
    }
}
