using System.Text;

namespace Sightline.Tests.Exports;

/// <summary>A strict RFC 4180 reader for the tests: quoted fields with doubled quotes, CRLF record ends, nothing else.</summary>
public static class CsvReadBack
{
    public static List<string[]> Read(string path)
    {
        var text = File.ReadAllText(path, new UTF8Encoding(false, true));
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("unterminated quoted field");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }
            }

            if (i >= text.Length)
            {
                break;
            }

            if (text[i] == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else if (text[i] is '"' or '\r' or '\n')
            {
                throw new FormatException($"unquoted {(int)text[i]} at offset {i}");
            }
            else
            {
                field.Append(text[i++]);
            }
        }

        if (fields.Count > 0 || field.Length > 0)
        {
            throw new FormatException("the last record does not end with CRLF");
        }

        return records;
    }
}
