using Hindsight.Server.Hosting;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>
/// The server with a blob store that fails the blobs of replays named <c>refused-…</c>, as a full disk
/// or a broken bucket would, and stores every other blob in the real folder store.
/// </summary>
public sealed class RefusingBlobsFactory : HindsightFactory
{
    public const string RefusedPrefix = "refused-";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<FileBlobStore>(s => new FileBlobStore(s.GetRequiredService<DataFolder>()));
            services.AddSingleton<IBlobStore>(s => new RefusingBlobStore(s.GetRequiredService<FileBlobStore>()));
        });
    }

    private sealed class RefusingBlobStore(IBlobStore store) : IBlobStore
    {
        private static bool Refused(string key) => key.Split('/') is [_, _, var replayId, _] && replayId.StartsWith(RefusedPrefix, StringComparison.Ordinal);

        public Task<string> PutAsync(string key, Stream content, CancellationToken cancellationToken) =>
            Refused(key) ? throw new IOException($"{key} refused.") : store.PutAsync(key, content, cancellationToken);

        public async Task<IReadOnlyList<BlobOutcome>> PutManyAsync(IReadOnlyList<BlobWrite> blobs, CancellationToken cancellationToken)
        {
            var accepted = blobs.Where(b => !Refused(b.Key)).ToList();
            var stored = new Queue<BlobOutcome>(await store.PutManyAsync(accepted, cancellationToken));
            return blobs.Select(b => Refused(b.Key) ? BlobOutcome.Failed(new IOException($"{b.Key} refused.")) : stored.Dequeue()).ToList();
        }

        public Task<Stream?> OpenReadAsync(string locator, CancellationToken cancellationToken) => store.OpenReadAsync(locator, cancellationToken);

        public Task DeleteAsync(string locator, CancellationToken cancellationToken) => store.DeleteAsync(locator, cancellationToken);
    }
}
