using System.Text;
using System.Text.RegularExpressions;
using Hindsight.Server.Analytics.Queries;

namespace Hindsight.Server.Analytics.Heatmaps;

/// <summary>
/// The page a heatmap is of: one address, or a pattern of them. A value starting with <c>/</c> is a path
/// and matches that path on any host (<c>/pricing</c>); anything else is a whole address
/// (<c>https://shop.example/pricing</c>). <c>*</c> stands for any run of characters within one path segment
/// (<c>/product/*</c> is every product page, not their sub-pages), <c>**</c> for any run at all. A page's
/// query and fragment never count, so <c>/search?q=a</c> and <c>/search?q=b</c> are one page.
/// </summary>
public sealed record UrlPattern(string Text, string Regex)
{
    public const int MaxLength = 2048, MaxWildcards = 8;

    public static UrlPattern Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new QueryFieldException("missing_url", "url is required: a path such as /product/* or a whole address.", "url");
        if (text.Length > MaxLength)
            throw new QueryFieldException("invalid_url", $"url is longer than {MaxLength} characters.", "url");
        if (text.Any(char.IsControl))
            throw new QueryFieldException("invalid_url", "url must not hold control characters.", "url");
        var page = text.Trim();
        var cut = page.IndexOfAny(['?', '#']);
        if (cut >= 0) page = page[..cut];
        if (page.Split("*").Length - 1 > MaxWildcards)
            throw new QueryFieldException("invalid_url", $"url may hold at most {MaxWildcards} * wildcards.", "url");

        var isPath = page.StartsWith('/');
        if (!isPath && !System.Text.RegularExpressions.Regex.IsMatch(page, "^[A-Za-z][A-Za-z0-9+.-]*://[^/]+", RegexOptions.CultureInvariant))
            throw new QueryFieldException("invalid_url", "url must be a path starting with / or a whole address starting with its scheme (https://…).", "url");

        var pattern = new StringBuilder();
        // A path pattern matches after any scheme and host; "/" also matches an address with no path at all.
        if (isPath) pattern.Append("[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*");
        pattern.Append(isPath && page == "/" ? "/?" : Translate(page));
        pattern.Append("(?:[?#].*)?");
        return new UrlPattern(text, pattern.ToString());
    }

    /// <summary>The pattern as a regular expression in the syntax DuckDB's RE2 and .NET share.</summary>
    private static string Translate(string page)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < page.Length; i++)
        {
            if (page[i] != '*') regex.Append(char.IsAsciiLetterOrDigit(page[i]) || page[i] > '~' || page[i] == ' ' ? "" : "\\").Append(page[i]);
            else if (i + 1 < page.Length && page[i + 1] == '*') { regex.Append(".*"); i++; }
            else regex.Append("[^/?#]*");
        }
        return regex.ToString();
    }

    /// <summary>Whether an address is this page (the same test the SQL makes).</summary>
    public bool Matches(string url) => System.Text.RegularExpressions.Regex.IsMatch(url, "^(?:" + Regex + ")$", RegexOptions.CultureInvariant);
}
