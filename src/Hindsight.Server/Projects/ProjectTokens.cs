using System.Security.Cryptography;

namespace Hindsight.Server.Projects;

public static class ProjectTokens
{
    /// <summary>32 lowercase hex characters (128 random bits), the shape Mixpanel tokens have.</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// A token travels as the user part of Basic auth ("token:"), so it cannot hold ':'; keep it to
    /// characters that need no escaping anywhere.
    /// </summary>
    public static bool IsValid(string token) =>
        token.Length is >= 1 and <= 128 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
