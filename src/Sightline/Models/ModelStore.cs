using System.Security.Cryptography;
using System.Text.Json;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Models;

/// <summary>A model's row in the workspace's <c>models</c> table: the artefact and what it was trained on.</summary>
/// <param name="ModelId">Id used with <c>--model</c>.</param>
/// <param name="Kind">lookalike, window, window_amount or product.</param>
/// <param name="Target">What it predicts, such as <c>customers</c> or <c>product:Analytics</c>.</param>
/// <param name="RunId">The run that trained it.</param>
/// <param name="CreatedAt">When it was trained (UTC).</param>
/// <param name="AsOf">The as-of date of its training features.</param>
/// <param name="TrainingHash">SHA-256 of the encoded training matrix and labels: same hash, same data.</param>
/// <param name="Features">Input columns (JSON list).</param>
/// <param name="Parameters">Training settings (JSON).</param>
/// <param name="Metrics">Out-of-fold metrics (JSON).</param>
/// <param name="Artefact">The model itself (JSON).</param>
public sealed record StoredModel(string ModelId, string Kind, string Target, string RunId, DateTime CreatedAt, DateOnly? AsOf,
    string TrainingHash, string Features, string Parameters, string Metrics, string Artefact);

/// <summary>Saves and loads models in the workspace, and writes per-account scores.</summary>
public static class ModelStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Saves a model row.</summary>
    public static void Save(Workspace workspace, StoredModel model)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(model);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = "INSERT INTO models VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
        object[] values = [model.ModelId, model.Kind, model.Target, model.RunId, model.CreatedAt,
            model.AsOf is { } d ? d.ToDateTime(TimeOnly.MinValue) : DBNull.Value, model.TrainingHash, model.Features, model.Parameters, model.Metrics, model.Artefact];
        foreach (var value in values)
        {
            command.Parameters.Add(new DuckDBParameter(value));
        }

        command.ExecuteNonQuery();
    }

    /// <summary>Loads a model by id.</summary>
    /// <exception cref="BadInputException">No model has that id (the message lists the latest ones).</exception>
    public static StoredModel Load(Workspace workspace, string modelId)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = "SELECT model_id, kind, target, run_id, created_at, as_of, training_hash, features, parameters, metrics, artefact FROM models WHERE model_id = $1";
            command.Parameters.Add(new DuckDBParameter(modelId));
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                return new StoredModel(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDateTime(4),
                    reader.IsDBNull(5) ? null : DateOnly.FromDateTime(reader.GetDateTime(5)), reader.GetString(6), reader.GetString(7),
                    reader.GetString(8), reader.GetString(9), reader.GetString(10));
            }
        }

        var known = new List<string>();
        using (var list = workspace.Connection.CreateCommand())
        {
            list.CommandText = "SELECT model_id FROM models ORDER BY created_at DESC LIMIT 5";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                known.Add(reader.GetString(0));
            }
        }

        throw new BadInputException(new Diagnostic("--model", null, null, modelId,
            known.Count == 0 ? "no such model; this workspace has no models yet (train one with: sightline score)" : $"no such model; latest: {string.Join(", ", known)}"));
    }

    /// <summary>The training-data hash: SHA-256 over the encoded matrix and the labels.</summary>
    public static string TrainingHash(float[] matrix, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(labels);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(matrix.AsSpan()));
        hash.AppendData(labels.Select(l => l ? (byte)1 : (byte)0).ToArray());
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Serialises a value the way the <c>models</c> table stores JSON.</summary>
    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>Appends per-account scores (reasons joined with "; ").</summary>
    public static void WriteScores(Workspace workspace, IEnumerable<AccountScore> scores)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scores);
        using var appender = workspace.Connection.CreateAppender("account_scores");
        foreach (var s in scores)
        {
            var row = appender.CreateRow().AppendValue(s.RunId).AppendValue(s.ModelId).AppendValue(s.Kind).AppendValue(s.AccountId)
                .AppendValue(s.ProductFamily).AppendValue(s.Probability).AppendValue(s.ExpectedAmount).AppendValue(s.Band)
                .AppendValue(s.OutOfFold)
                .AppendValue(string.Join("; ", s.Reasons.Where(r => r.Raises)))
                .AppendValue(string.Join("; ", s.Reasons.Where(r => !r.Raises)));
            row.EndRow();
        }
    }
}

/// <summary>One account's score as stored in <c>account_scores</c>.</summary>
/// <param name="RunId">The scoring run.</param>
/// <param name="ModelId">The model that scored it.</param>
/// <param name="Kind">lookalike, window or product.</param>
/// <param name="AccountId">The account.</param>
/// <param name="ProductFamily">For product propensity, the family; else null.</param>
/// <param name="Probability">The calibrated probability.</param>
/// <param name="ExpectedAmount">For time-window propensity, the expected amount in the window; else null.</param>
/// <param name="Band">The probability band label.</param>
/// <param name="OutOfFold">True when the probability came from a model that did not see this account's label.</param>
/// <param name="Reasons">The attributes raising and lowering it.</param>
public sealed record AccountScore(string RunId, string ModelId, string Kind, string AccountId, string? ProductFamily, double Probability,
    double? ExpectedAmount, string? Band, bool OutOfFold, IReadOnlyList<Reason> Reasons);
