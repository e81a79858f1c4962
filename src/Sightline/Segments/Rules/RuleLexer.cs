using System.Globalization;
using System.Text;

namespace Sightline.Segments.Rules;

internal enum TokenKind
{
    Word,
    Number,
    Text,
    Operator,
    OpenParen,
    CloseParen,
    Comma,
    End,
}

/// <summary>One token; <see cref="Value"/> is the number (double) or the unquoted text.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, object? Value = null)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token is shown in messages.</summary>
    public string Shown => Kind switch
    {
        TokenKind.End => "the end of the rule",
        TokenKind.Text => Text,
        _ => $"'{Text}'",
    };
}

/// <summary>Splits rule text into tokens, tracking line and column.</summary>
internal sealed class RuleLexer
{
    private readonly string _text;
    private readonly string _source;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    private RuleLexer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    public static List<Token> Tokenize(string text, string source) => new RuleLexer(text, source).Run();

    private List<Token> Run()
    {
        var tokens = new List<Token>();
        while (true)
        {
            SkipSpace();
            if (_index >= _text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", _line, _column));
                return tokens;
            }

            tokens.Add(Next());
        }
    }

    private void SkipSpace()
    {
        while (_index < _text.Length && char.IsWhiteSpace(_text[_index]))
        {
            Advance();
        }
    }

    private void Advance()
    {
        if (_text[_index] == '\n')
        {
            _line++;
            _column = 1;
        }
        else if (_text[_index] != '\r')
        {
            _column++;
        }

        _index++;
    }

    private char Peek(int ahead = 0) => _index + ahead < _text.Length ? _text[_index + ahead] : '\0';

    private Token Next()
    {
        int line = _line, column = _column, start = _index;
        var c = Peek();
        if (char.IsAsciiDigit(c) || ((c == '-' || c == '.') && char.IsAsciiDigit(Peek(1))) || (c == '-' && Peek(1) == '.' && char.IsAsciiDigit(Peek(2))))
        {
            return Number(line, column);
        }

        if (char.IsLetter(c) || c == '_')
        {
            while (char.IsLetterOrDigit(Peek()) || Peek() == '_')
            {
                Advance();
            }

            return new Token(TokenKind.Word, _text[start.._index], line, column);
        }

        if (c is '\'' or '"')
        {
            return Quoted(c, line, column);
        }

        Advance();
        switch (c)
        {
            case '(':
                return new Token(TokenKind.OpenParen, "(", line, column);
            case ')':
                return new Token(TokenKind.CloseParen, ")", line, column);
            case ',':
                return new Token(TokenKind.Comma, ",", line, column);
            case '=':
                return new Token(TokenKind.Operator, "=", line, column);
            case '<' or '>' or '!':
                var two = c.ToString() + Peek();
                if (two is "<=" or ">=" or "<>" or "!=")
                {
                    Advance();
                    return new Token(TokenKind.Operator, two, line, column);
                }

                if (c == '!')
                {
                    break;
                }

                return new Token(TokenKind.Operator, c.ToString(), line, column);
        }

        throw new RuleSyntaxException($"unexpected character '{c}'", line, column, null, _source);
    }

    private Token Number(int line, int column)
    {
        var start = _index;
        if (Peek() == '-')
        {
            Advance();
        }

        // Digits and points run on to the first other character, so 1.2.3 or 5. is read (and refused) whole.
        while (char.IsAsciiDigit(Peek()) || Peek() == '.')
        {
            Advance();
        }

        var digits = _text[start.._index];
        if (digits.Count(c => c == '.') > 1 || digits.EndsWith('.'))
        {
            throw new RuleSyntaxException($"'{digits}' is not a number", line, column,
                "write a number with at most one decimal point and digits after it, such as 1200, 2.5 or -0.75, optionally with a unit: 5k, 2.5M, 1.2bn, 15%", _source);
        }

        var unitStart = _index;
        while (char.IsLetter(Peek()))
        {
            Advance();
        }

        if (_index == unitStart && Peek() == '%')
        {
            Advance();
        }

        var unit = _text[unitStart.._index];
        decimal factor = unit switch
        {
            "" => 1m,
            "k" or "K" => 1_000m,
            "m" or "M" => 1_000_000m,
            "b" or "B" or "bn" => 1_000_000_000m,
            "%" => 0.01m,
            _ => throw new RuleSyntaxException($"unknown unit '{unit}' after {digits}", line, column + (unitStart - start),
                "use k (thousand), M (million), B or bn (billion) or %", _source),
        };
        // Counted as written, leading zeros aside: a double holds 15 digits exactly, so 9.99999999999999999999 (21) was rounded.
        var written = digits.SkipWhile(c => c is '-' or '+' or '0' or '.').Count(char.IsAsciiDigit);
        if (written > 15 || !decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new RuleSyntaxException($"number '{digits}' has more than 15 digits", line, column, "numbers may have up to 15 digits", _source);
        }

        return new Token(TokenKind.Number, _text[start.._index], line, column, (double)(number * factor));
    }

    private Token Quoted(char quote, int line, int column)
    {
        var start = _index;
        Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (_index >= _text.Length)
            {
                throw new RuleSyntaxException("unterminated text", line, column, $"add the closing {quote}", _source);
            }

            var c = Peek();
            if (c == quote)
            {
                Advance();
                if (Peek() != quote)
                {
                    break;
                }
            }

            value.Append(c);
            Advance();
        }

        return new Token(TokenKind.Text, _text[start.._index], line, column, value.ToString());
    }
}
