using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>The <c>users</c> table: adds users with a PBKDF2 password hash, lists them and checks passwords.</summary>
public sealed partial class UserStore(Workspace workspace, TimeProvider? clock = null)
{
    /// <summary>The table name.</summary>
    public const string Table = "users";

    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 10;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Adds a user after checking every input.</summary>
    /// <exception cref="BadInputException">The name is empty, malformed or taken; the role is unknown; the rep id is missing,
    /// unknown or given for a role that has none; or the password is shorter than <see cref="MinPasswordLength"/>.</exception>
    public UserAccount Add(string name, string role, string? repId, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var (checkedName, parsed, checkedRep) = Check(name, role, repId);
        if (password.Length < MinPasswordLength)
        {
            throw new BadInputException(new Diagnostic("password", null, null, null,
                password.Length == 0 ? "the password is empty" : $"the password has {password.Length} characters; use at least {MinPasswordLength}"));
        }

        var user = new UserAccount(checkedName, parsed, checkedRep, _clock.GetUtcNow().UtcDateTime);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Table} VALUES ($1, $2, $3, $4, $5, $6)";
        command.Parameters.Add(new DuckDBParameter(user.Name));
        command.Parameters.Add(new DuckDBParameter(Key(user.Name)));
        command.Parameters.Add(new DuckDBParameter(UserRoles.Name(user.Role)));
        command.Parameters.Add(new DuckDBParameter((object?)user.RepId ?? DBNull.Value));
        command.Parameters.Add(new DuckDBParameter(PasswordHashing.Hash(password)));
        command.Parameters.Add(new DuckDBParameter(user.CreatedAt));
        command.ExecuteNonQuery();
        return user;
    }

    /// <summary>
    /// Checks a new user's name, role and rep id without adding it (the CLI checks before asking for the password);
    /// returns them cleaned.
    /// </summary>
    /// <exception cref="BadInputException">As for <see cref="Add"/>, except the password.</exception>
    public (string Name, UserRole Role, string? RepId) Check(string name, string role, string? repId)
    {
        name = (name ?? "").Trim();
        if (!NamePattern().IsMatch(name))
        {
            throw new BadInputException(new Diagnostic("--name", null, null, name,
                "expected 1 to 64 letters, digits or . _ @ - (a user name such as maria.lopez)"));
        }

        var parsed = UserRoles.Parse(role)
            ?? throw new BadInputException(new Diagnostic("--role", null, null, role, $"not a role; expected one of {string.Join(", ", UserRoles.Names)}"));
        repId = string.IsNullOrWhiteSpace(repId) ? null : repId.Trim();
        if (UserRoles.NeedsRep(parsed) && repId is null)
        {
            throw new BadInputException(new Diagnostic("--rep-id", null, null, null,
                $"a {UserRoles.Name(parsed)} must name the rep they are (a rep_id from the reps table), so the server knows whose accounts they see"));
        }

        if (!UserRoles.NeedsRep(parsed) && repId is not null)
        {
            throw new BadInputException(new Diagnostic("--rep-id", null, null, repId,
                $"an {UserRoles.Name(parsed)} sees every account and has no rep id; leave --rep-id out"));
        }

        if (repId is not null && !RepExists(repId))
        {
            var known = workspace.Strings("SELECT rep_id FROM reps ORDER BY rep_id LIMIT 5");
            throw new BadInputException(new Diagnostic("--rep-id", null, null, repId,
                known.Count == 0 ? "not a rep: the workspace has no reps; import reps first" : $"not a rep in the reps table; known reps include {string.Join(", ", known)}"));
        }

        if (Find(name) is { } existing)
        {
            throw new BadInputException(new Diagnostic("--name", null, null, name,
                $"a user of this name already exists ({existing.Name}, {UserRoles.Name(existing.Role)}); names are compared ignoring case"));
        }

        return (name, parsed, repId);
    }

    /// <summary>Every user, by name.</summary>
    public List<UserAccount> List() => Read(null);

    /// <summary>The user of that name (ignoring case), or null.</summary>
    public UserAccount? Find(string name) => Read(name).FirstOrDefault();

    /// <summary>
    /// The user when the password matches, else null. An unknown name costs a hash too, so response times
    /// do not tell which names exist.
    /// </summary>
    public UserAccount? Verify(string name, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT password_hash FROM {Table} WHERE name_key = $1";
        command.Parameters.Add(new DuckDBParameter(Key(name ?? "")));
        var stored = command.ExecuteScalar() as string;
        var matches = PasswordHashing.Verify(password, stored ?? DummyHash.Value);
        return matches && stored is not null ? Find(name!) : null;
    }

    private static readonly Lazy<string> DummyHash = new(() => PasswordHashing.Hash("not a password of anyone"));

    private static string Key(string name) => name.Trim().ToLowerInvariant();

    private bool RepExists(string repId)
    {
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM reps WHERE rep_id = $1";
        command.Parameters.Add(new DuckDBParameter(repId));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private List<UserAccount> Read(string? name)
    {
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT name, role, rep_id, created_at FROM {Table}{(name is null ? "" : " WHERE name_key = $1")} ORDER BY name_key";
        if (name is not null)
        {
            command.Parameters.Add(new DuckDBParameter(Key(name)));
        }

        using var reader = command.ExecuteReader();
        var users = new List<UserAccount>();
        while (reader.Read())
        {
            users.Add(new UserAccount(reader.GetString(0), UserRoles.Parse(reader.GetString(1)) ?? UserRole.Rep,
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetDateTime(3)));
        }

        return users;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex NamePattern();
}
