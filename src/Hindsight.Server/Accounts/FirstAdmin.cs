using System.Security.Cryptography;
using Hindsight.Server.Hosting;
using Hindsight.Server.Projects;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Accounts;

/// <summary>What the startup banner tells about signing in.</summary>
public sealed record AdminSignIn(string Email, string? Password, string? PasswordFile, bool PasswordFromConfiguration);

/// <summary>Creates the first admin on first start, like Jenkins: a generated password is printed and saved.</summary>
public sealed class FirstAdmin(
    UserStore users, ProjectStore projects, IPasswordHasher<User> hasher, IOptions<HindsightOptions> options, DataFolder data)
{
    public async Task<AdminSignIn> EnsureAsync(Project defaultProject, CancellationToken ct)
    {
        var email = options.Value.AdminEmail;
        var given = options.Value.AdminPassword;
        if (await users.CountAsync(ct) == 0)
        {
            var password = given ?? GeneratePassword();
            // The file first: a crash after it costs nothing, a crash before it would lose the password.
            if (given is null) WriteOwnerOnly(data.InitialAdminPasswordPath, password);
            var user = await users.CreateAsync(email, "Admin", hasher.HashPassword(new User(), password), ct);
            await projects.AddMemberAsync(defaultProject.Id, user.Id, "admin", ct);
        }

        // Later starts print the saved password again, until the admin deletes the file.
        var saved = File.Exists(data.InitialAdminPasswordPath) ? File.ReadAllText(data.InitialAdminPasswordPath).Trim() : null;
        // HINDSIGHT_ADMIN_EMAIL only names the first admin; if it changed since, show the real one.
        var admin = await users.FindByEmailAsync(email, ct) ?? await users.FindFirstAsync(ct);
        return new AdminSignIn(admin?.Email ?? email, saved, saved is null ? null : data.InitialAdminPasswordPath,
            PasswordFromConfiguration: saved is null && given is not null);
    }

    /// <summary>20 characters without look-alikes (0/O, 1/l/I): about 115 bits, easy to type from a terminal.</summary>
    private static string GeneratePassword() =>
        new(RandomNumberGenerator.GetItems<char>("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20));

    private static void WriteOwnerOnly(string path, string text)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, fileOptions))
        using (var writer = new StreamWriter(file))
        {
            writer.WriteLine(text);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        // An existing file keeps its old mode through FileMode.Create; make sure it is owner-only.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
