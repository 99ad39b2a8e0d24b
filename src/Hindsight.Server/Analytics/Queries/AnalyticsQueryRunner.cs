using System.Data.Common;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Analytics.Queries;

/// <summary>An analytics query cancelled because it ran past <see cref="AnalyticsOptions.QueryTimeout"/>.</summary>
public sealed class AnalyticsQueryTimeoutException(TimeSpan timeout)
    : Exception($"The analytics query ran longer than {timeout.TotalSeconds:0.#} s and was cancelled.");

/// <summary>
/// Runs a query on the analytics store under the query timeout and the request's own cancellation: a
/// query a user shaped never outlives its request, nor runs past the timeout. (Cancelling the token
/// cancels the DuckDB command, which interrupts the query in the engine.)
/// </summary>
public sealed class AnalyticsQueryRunner(IAnalyticsDatabase database, IOptions<AnalyticsOptions> options)
{
    public async Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> query, CancellationToken requestAborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(options.Value.QueryTimeout);
        try
        {
            await using var connection = await database.OpenAsync(timeout.Token);
            return await query(connection, timeout.Token);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !requestAborted.IsCancellationRequested && e is not AnalyticsQueryTimeoutException)
        {
            throw new AnalyticsQueryTimeoutException(options.Value.QueryTimeout);
        }
    }
}

/// <summary>Answers a timed-out analytics query with 503 query_timeout, for every endpoint it is added to.</summary>
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
            return ApiErrors.Create(StatusCodes.Status503ServiceUnavailable, "query_timeout", e.Message);
        }
    }
}
