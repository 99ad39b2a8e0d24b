using System.Data.Common;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Analytics.Queries;

/// <summary>An analytics request ran past <see cref="AnalyticsOptions.QueryTimeout"/> and its queries were cancelled.</summary>
public sealed class AnalyticsQueryTimeoutException(TimeSpan timeout, Exception inner)
    : Exception($"The query ran longer than {timeout.TotalSeconds:0.###} s and was cancelled.", inner)
{
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>
/// Runs the work of one analytics request (its DuckDB queries and the replay lookups after them) under one
/// token that fires when the caller goes away or when <see cref="AnalyticsOptions.QueryTimeout"/> has passed.
/// Dapper hands the token to the command, whose cancellation interrupts DuckDB mid-query, so a cancelled
/// query stops using the core rather than running on unseen.
/// </summary>
public sealed class AnalyticsQueryRunner(IAnalyticsDatabase database, IOptions<AnalyticsOptions> options)
{
    /// <summary>One query (or a few) on a connection of the analytics store opened for it, under the same token.</summary>
    public Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> query, CancellationToken requestAborted) =>
        RunAsync(async ct =>
        {
            await using var connection = await database.OpenAsync(ct);
            return await query(connection, ct);
        }, requestAborted);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken requestAborted)
    {
        var timeout = options.Value.QueryTimeout;
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, deadline.Token);
        try
        {
            return await work(linked.Token);
        }
        // DuckDB reports an interrupted query as its own error, not always as a cancellation: what tells a
        // timeout is the deadline having fired while the caller is still there.
        catch (Exception e) when (deadline.IsCancellationRequested && !requestAborted.IsCancellationRequested && e is not AnalyticsQueryTimeoutException)
        {
            throw new AnalyticsQueryTimeoutException(timeout, e);
        }
    }
}

/// <summary>Answers a request whose queries hit the timeout with 503 <c>query_timeout</c> (on the analytics route groups).</summary>
public sealed class QueryTimeoutFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AnalyticsQueryTimeoutException e)
        {
            return ApiErrors.Create(503, "query_timeout",
                $"{e.Message} Narrow the range, or use fewer events, steps or filters.");
        }
    }
}
