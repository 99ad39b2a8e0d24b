namespace Hindsight.Bench.Parts;

/// <summary>What one of a page's requests carries, as the byte counts tell them apart.</summary>
public enum Traffic { Other, Recording, Analytics }

/// <summary>
/// One recorder as a site installs it: the HTML pasted into the page's head (which also defines
/// <c>window.benchTrack(name, properties)</c> for the site's own events), how to tell it is recording,
/// the id of what it records (JavaScript expressions), how to stop it — stopping uploads whatever it
/// still holds — and which of its requests carry what.
/// </summary>
public sealed record Recorder(
    string Key,
    string Name,
    string Head,
    string? IsRecording,
    string? ReplayId,
    string? Stop,
    Func<Uri, Traffic> Classify)
{
    public bool Records => IsRecording is not null;

    public override string ToString() => Name;
}
