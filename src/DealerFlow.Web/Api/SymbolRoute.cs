namespace DealerFlow.Web.Api;

/// <summary>
/// The guard of every <c>/api/{symbol}</c> route: the symbol in the path is normalised once, here
/// (<see cref="SymbolTable.TryResolve"/>): text that is no symbol is a 400 with the reason, a symbol that is not served
/// a 404; a served one reaches the handler in its served spelling, so the handler's <c>symbols[symbol]</c> always
/// finds it.
/// </summary>
internal static class SymbolRoute
{
    /// <summary>The route of every per-symbol endpoint.</summary>
    public const string Prefix = "/api/{symbol}";

    /// <summary>
    /// The <see cref="Prefix"/> group of the API's <paramref name="tag"/> section, with the guard on every endpoint mapped
    /// in it (each must take the route's <c>string symbol</c>) and the guard's 404 in each one's documented problems (its
    /// 400 is declared for every endpoint by the access control).
    /// </summary>
    public static RouteGroupBuilder MapServedSymbolGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup(Prefix).WithTags(tag).WithServedSymbol().ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>Adds the guard to every endpoint of <paramref name="group"/>; each must take the route's <c>string symbol</c>.</summary>
    private static RouteGroupBuilder WithServedSymbol(this RouteGroupBuilder group) =>
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var index = Array.FindIndex(factory.MethodInfo.GetParameters(), p => p.Name == "symbol" && p.ParameterType == typeof(string));
            if (index < 0) throw new InvalidOperationException($"{factory.MethodInfo.Name} is mapped under /api/{{symbol}} but takes no 'string symbol' parameter.");
            return async context =>
            {
                var raw = context.GetArgument<string>(index);
                if (!context.HttpContext.RequestServices.GetRequiredService<SymbolTable>().TryResolve(raw, out var state)) return UnknownSymbol(raw);
                context.Arguments[index] = state.Symbol;
                return await next(context).ConfigureAwait(false);
            };
        });

    /// <summary>404 for a symbol that is not served; 400 with the reason for text that is no symbol (Core's <see cref="Core.Chain.UnderlyingSymbol"/>).</summary>
    internal static ProblemHttpResult UnknownSymbol(string symbol) =>
        Core.Chain.UnderlyingSymbol.TryNormalize(symbol, out var s, out var why)
            ? TypedResults.Problem(title: "Unknown symbol", detail: $"'{s}' is not served here; GET /api/symbols lists the symbols.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Problem(title: "Not a symbol", detail: $"The symbol in the path {why}.", statusCode: StatusCodes.Status400BadRequest);
}
