using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>The <c>users</c> table: adds users with a PBKDF2 password hash, lists, removes them and changes their role, and checks passwords.</summary>
public sealed partial class UserStore(Workspace workspace, TimeProvider? clock = null)
{
    /// <summary>The table name.</summary>
    public const string Table = "users";

    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 10;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Who changes users from the command line, for the audit log: it has no signed-in user, so the OS account that ran it.</summary>
    public static string CommandLineActor => "os:" + Environment.UserName;

    /// <summary>Adds a user after checking every input, and audits it.</summary>
    /// <param name="name">The user's name.</param>
    /// <param name="role">Its role.</param>
    /// <param name="repId">The rep the user is, for a manager or rep; null for an admin or analyst.</param>
    /// <param name="password">Its password, stored as a PBKDF2 hash.</param>
    /// <param name="actor">Who adds it, for the audit log.</param>
    /// <exception cref="BadInputException">The name is empty, malformed or taken; the role is unknown; the rep id is missing,
    /// unknown or given for a role that has none; or the password is shorter than <see cref="MinPasswordLength"/>.</exception>
    public UserAccount Add(string name, string role, string? repId, string password, string actor)
    {
        ArgumentNullException.ThrowIfNull(password);
        var (checkedName, parsed, checkedRep) = Check(name, role, repId);
        if (password.Length < MinPasswordLength)
        {
            throw new BadInputException(new Diagnostic("password", null, null, null,
                password.Length == 0 ? "the password is empty" : $"the password has {password.Length} characters; use at least {MinPasswordLength}"));
        }

        var user = new UserAccount(checkedName, parsed, checkedRep, _clock.GetUtcNow().UtcDateTime);
        var hash = PasswordHashing.Hash(password);
        workspace.InTransaction(() =>
        {
            using var command = workspace.Connection.CreateCommand();
            command.CommandText = $"INSERT INTO {Table} VALUES ($1, $2, $3, $4, $5, $6)";
            command.Parameters.Add(new DuckDBParameter(user.Name));
            command.Parameters.Add(new DuckDBParameter(Key(user.Name)));
            command.Parameters.Add(new DuckDBParameter(UserRoles.Name(user.Role)));
            command.Parameters.Add(new DuckDBParameter((object?)user.RepId ?? DBNull.Value));
            command.Parameters.Add(new DuckDBParameter(hash));
            command.Parameters.Add(new DuckDBParameter(user.CreatedAt));
            command.ExecuteNonQuery();
            AuditLog.Write(workspace, _clock, actor, "user_added", user.Name, Describe(user.Role, user.RepId));
        });
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

        var (parsed, checkedRep) = CheckRole(role, repId);
        if (Find(name) is { } existing)
        {
            throw new BadInputException(new Diagnostic("--name", null, null, name,
                $"a user of this name already exists ({existing.Name}, {UserRoles.Name(existing.Role)}); names are compared ignoring case"));
        }

        return (name, parsed, checkedRep);
    }

    private (UserRole Role, string? RepId) CheckRole(string role, string? repId)
    {
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

        return (parsed, repId);
    }

    private UserAccount Existing(string name)
    {
        var trimmed = (name ?? "").Trim();
        if (Find(trimmed) is { } user)
        {
            return user;
        }

        var known = List().Select(u => u.Name).ToList();
        throw new BadInputException(new Diagnostic("--name", null, null, trimmed,
            known.Count == 0 ? "no such user: the workspace has no users" : $"no such user; the users are {string.Join(", ", known.Take(10))}{(known.Count > 10 ? ", ..." : "")} (sightline users list)"));
    }

    // Users are managed from the command line, but without an admin nobody reads the server's audit log or sees for the
    // whole company through it.
    private void RefuseLosingLastAdmin(UserAccount user, string kept)
    {
        if (user.Role == UserRole.Admin && List().Count(u => u.Role == UserRole.Admin) == 1)
        {
            throw new BadInputException(new Diagnostic("--name", null, null, user.Name,
                $"the only admin, so {kept} (the server would have nobody to read its audit log); add another admin first (sightline users add --role admin)"));
        }
    }

    private static string Describe(UserRole role, string? repId) => repId is null ? UserRoles.Name(role) : $"{UserRoles.Name(role)} {repId}";

    /// <summary>
    /// Removes a user and audits it. A server refuses the user's tokens and cookies once it re-reads the users table
    /// (at start, and at most every <c>SessionValidator.CacheFor</c>).
    /// </summary>
    /// <param name="name">The user's name (any case).</param>
    /// <param name="actor">Who removes it, for the audit log.</param>
    /// <exception cref="BadInputException">No user of that name, or it is the last admin (nobody could manage the server).</exception>
    public UserAccount Remove(string name, string actor)
    {
        var user = Existing(name);
        RefuseLosingLastAdmin(user, "it is not removed");
        workspace.InTransaction(() =>
        {
            using var command = workspace.Connection.CreateCommand();
            command.CommandText = $"DELETE FROM {Table} WHERE name_key = $1";
            command.Parameters.Add(new DuckDBParameter(Key(user.Name)));
            command.ExecuteNonQuery();
            AuditLog.Write(workspace, _clock, actor, "user_removed", user.Name, Describe(user.Role, user.RepId));
        });
        return user;
    }

    /// <summary>
    /// Gives a user another role (and the rep id the role needs, or none) and audits it. The user's tokens and cookies
    /// carry the old role, so a server refuses them once it re-reads the users table: they sign in again.
    /// </summary>
    /// <param name="name">The user's name (any case).</param>
    /// <param name="role">The new role.</param>
    /// <param name="repId">The rep the user is, for a manager or rep; null for an admin or analyst.</param>
    /// <param name="actor">Who changes it, for the audit log.</param>
    /// <returns>The user before and after.</returns>
    /// <exception cref="BadInputException">No user of that name; the role or rep id is wrong as for <see cref="Add"/>;
    /// nothing would change; or the user is the last admin and would no longer be one.</exception>
    public (UserAccount Before, UserAccount After) ChangeRole(string name, string role, string? repId, string actor)
    {
        var before = Existing(name);
        var (parsed, checkedRep) = CheckRole(role, repId);
        if (parsed == before.Role && string.Equals(checkedRep, before.RepId, StringComparison.Ordinal))
        {
            throw new BadInputException(new Diagnostic("--role", null, null, role,
                $"{before.Name} is already {Describe(parsed, checkedRep)}; nothing to change"));
        }

        if (parsed != UserRole.Admin)
        {
            RefuseLosingLastAdmin(before, "it keeps the admin role");
        }

        var after = before with { Role = parsed, RepId = checkedRep };
        workspace.InTransaction(() =>
        {
            using var command = workspace.Connection.CreateCommand();
            command.CommandText = $"UPDATE {Table} SET role = $2, rep_id = $3 WHERE name_key = $1";
            command.Parameters.Add(new DuckDBParameter(Key(before.Name)));
            command.Parameters.Add(new DuckDBParameter(UserRoles.Name(parsed)));
            command.Parameters.Add(new DuckDBParameter((object?)checkedRep ?? DBNull.Value));
            command.ExecuteNonQuery();
            AuditLog.Write(workspace, _clock, actor, "user_role_changed", before.Name,
                $"{Describe(before.Role, before.RepId)} -> {Describe(after.Role, after.RepId)}");
        });
        return (before, after);
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
                reader.IsDBNull(2) ? null : reader.GetString(2), DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc)));
        }

        return users;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex NamePattern();
}
