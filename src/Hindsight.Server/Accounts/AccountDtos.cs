using Hindsight.Server.Projects;

namespace Hindsight.Server.Accounts;

/// <summary>Body of POST /api/auth/login.</summary>
public sealed record LoginRequest(string? Email, string? Password);

/// <summary>types/src/index.ts ProjectInfo: with what the dashboard shows on every page about capture.</summary>
public sealed record ProjectInfo(long Id, string Name, string Token, string Role, CaptureStatus CaptureStatus, bool RecordManually);

/// <summary>types/src/index.ts Me: GET /api/auth/me and the reply of login.</summary>
public sealed record Me(string Email, string? Name, IReadOnlyList<ProjectInfo> Projects);
