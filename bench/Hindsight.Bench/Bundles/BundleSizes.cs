using System.Diagnostics;
using System.IO.Compression;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Bundles;

/// <summary>
/// Item 3: what a page downloads for each SDK, minified and gzipped (level 9): ours as built by
/// `npm run build`, the peers' as published, and @rrweb/record alone bundled here with esbuild — the
/// floor any rrweb-based recorder sits on.
/// </summary>
public static class BundleSizes
{
    sealed record Bundle(string Name, string What, byte[] Bytes, double? GoalBytes = null);

    public static async Task<Section> RunAsync()
    {
        var sdk = Path.Combine(RepoPaths.ServerProject, "wwwroot", "sdk");
        string Package(string name, string file) => Path.Combine(RepoPaths.NodeModules, name, "dist", file);
        var mixpanel = $"mixpanel-browser {Versions.OfPackage("mixpanel-browser")}";
        var posthog = $"posthog-js {Versions.OfPackage("posthog-js")}";
        Bundle[] bundles =
        [
            new("Hindsight `hindsight.js`", "core (script tag; the snippet loads it)", File.ReadAllBytes(Path.Combine(sdk, "hindsight.js")), 12_000),
            new("Hindsight `hindsight.mjs`", "core (ES module)", File.ReadAllBytes(Path.Combine(sdk, "hindsight.mjs")), 12_000),
            new("Hindsight `hindsight-recorder.js`", "recorder, loaded when a recording starts", File.ReadAllBytes(Path.Combine(sdk, "hindsight-recorder.js")), 35_000),
            new("Hindsight `hindsight-recorder-console.js`", "console part, loaded with the recorder when `record_console` is on (the default)", File.ReadAllBytes(Path.Combine(sdk, "hindsight-recorder-console.js")), 8_000),
            new($"{mixpanel} `mixpanel.min.js`", "core", File.ReadAllBytes(Package("mixpanel-browser", "mixpanel.min.js"))),
            new($"{mixpanel} `mixpanel-recorder.min.js`", "recorder, loaded when a recording starts", File.ReadAllBytes(Package("mixpanel-browser", "mixpanel-recorder.min.js"))),
            new($"{posthog} `array.js`", "core (what its snippet loads)", File.ReadAllBytes(Package("posthog-js", "array.js"))),
            new($"{posthog} `lazy-recorder.js`", "recorder, loaded when replay is on", File.ReadAllBytes(Package("posthog-js", "lazy-recorder.js"))),
            new($"@rrweb/record {Versions.OfPackage("@rrweb/record")} alone", "`record` bundled with esbuild, minified IIFE: the floor", await RrwebRecordAloneAsync()),
        ];
        var rows = bundles.Select(b => (IReadOnlyList<string>)
        [
            b.Name, b.What, Md.Kb(b.Bytes.Length), Md.Kb(Gzip(b.Bytes)),
            b.GoalBytes is { } goal ? Md.Verdict(Gzip(b.Bytes), goal, Md.Kb) : "",
        ]);
        Console.Error.WriteLine("  [3] bundle sizes measured");
        return new Section(3, "Bundle sizes", $$"""
            **Goals:** recorder ≤ 35 kB gzipped, core ≤ 12 kB gzipped.

            **How:** the files a page downloads, as they are: ours from `npm run build` (`src/Hindsight.Server/wwwroot/sdk/`),
            the peers' from their published npm packages. Gzipped at level 9. @rrweb/record alone is
            `export { record } from '@rrweb/record'` bundled with esbuild {{Versions.OfPackage("esbuild")}} (minified IIFE,
            es2019, production): what any rrweb-based recorder carries before its own code. 1 kB = 1,000 bytes.

            {{Md.Table(["bundle", "what", "minified", "gzipped", "goal"], rows)}}
            """);
    }

    static long Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = 9 }, leaveOpen: true)) gzip.Write(bytes);
        return output.Length;
    }

    static async Task<byte[]> RrwebRecordAloneAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.NodeModules, ".bin", "esbuild"))
        {
            WorkingDirectory = RepoPaths.Root, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--bundle", "--minify", "--format=iife", "--global-name=rrwebRecord", "--target=es2019",
                     "--define:process.env.NODE_ENV=\"production\"", "--log-level=error" }) start.ArgumentList.Add(arg);
        using var esbuild = Process.Start(start)!;
        await esbuild.StandardInput.WriteAsync("export { record } from '@rrweb/record';");
        esbuild.StandardInput.Close();
        using var bundle = new MemoryStream();
        await esbuild.StandardOutput.BaseStream.CopyToAsync(bundle);
        await esbuild.WaitForExitAsync();
        if (esbuild.ExitCode != 0) throw new InvalidOperationException($"esbuild failed: {await esbuild.StandardError.ReadToEndAsync()}");
        return bundle.ToArray();
    }
}
