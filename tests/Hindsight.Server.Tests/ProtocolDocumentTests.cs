using System.Text.RegularExpressions;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>docs/PROTOCOL.md stays true to the Ingest code: every error code it can answer is written down.</summary>
public sealed partial class ProtocolDocumentTests
{
    /// <summary>
    /// Error codes are snake_case string literals in the Ingest code (the only other such literals there are
    /// query parameter names, which the document lists too). An interpolated code would escape this scan,
    /// so none may be built from parts.
    /// </summary>
    [GeneratedRegex(@"(\$?)""([a-z]+(?:_[a-z{}]+)+)""")]
    private static partial Regex SnakeCaseLiteral();

    private static IReadOnlyList<(string Literal, bool Interpolated)> IngestLiterals() =>
        Directory.EnumerateFiles(RepositoryFiles.PathOf("src/Hindsight.Server/Ingest"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => SnakeCaseLiteral().Matches(File.ReadAllText(file)))
            .Select(m => (m.Groups[2].Value, m.Groups[1].Value == "$"))
            .Distinct().ToList();

    [Fact]
    public void Every_error_code_the_SDK_endpoints_answer_is_in_the_protocol_document()
    {
        var document = RepositoryFiles.Read("docs/PROTOCOL.md");
        var literals = IngestLiterals();

        Assert.Contains(literals, l => l.Literal == "capture_paused"); // the scan sees the codes at all
        Assert.DoesNotContain(literals, l => l.Interpolated || l.Literal.Contains('{'));
        var missing = literals.Select(l => l.Literal).Where(code => !document.Contains($"`{code}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/PROTOCOL.md does not mention: {string.Join(", ", missing)}");
    }
}
