using DealerFlow.Web.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using DealerFlow.Web.Live.Cluster;
using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;

namespace DealerFlow.Web;

/// <summary>Builds the dashboard web app; used by Program.cs and by <c>dealerflow serve</c>.</summary>
internal static class DashboardApp
{
    public static string StaticRoot => Path.Combine(AppContext.BaseDirectory, "dashboard");

    /// <summary>Creates the app. <paramref name="settings"/> (configuration keys such as DealerFlow:Live:Source) win over appsettings and the environment.</summary>
    public static WebApplication Create(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (Live.Cluster.ClusterFrontEnd.Settings(builder.Configuration) is { } cluster) builder.AddClusterFrontEnd(cluster); // serve --cluster (issue 15)
        builder.Services.AddDealerFlowLive();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DealerFlow API";
            document.Info.Description = "Dealer gamma exposure levels, profile, exposure, history, live stream, hedge flows and the hedging simulator. Every GEX number carries its unit and positioning model; errors are problem details.";
            return Task.CompletedTask;
        }));
        var app = builder.Build();
        app.MapDealerFlow();
        return app;
    }

    public static IServiceCollection AddDealerFlowLive(this IServiceCollection services)
    {
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveOptions>, LiveOptionsValidator>();
        services.AddOptions<Security.SecurityOptions>().BindConfiguration(Security.SecurityOptions.Section)
            .Configure<IConfiguration>((o, c) => o.Urls ??= Security.SecurityOptions.ListenAddresses(c))
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Security.SecurityOptions>, Security.SecurityOptionsValidator>();
        services.AddProblemDetails();
        // A query value that does not bind is a 400 naming the parameter (Api/BindingErrors), not a bare "Bad Request".
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<Api.BindingErrors>();
        services.ConfigureHttpJsonOptions(o => WebJson.Configure(o.SerializerOptions));
        services.AddHttpClient(CboePollSource.HttpClientName, c =>
        {
            c.Timeout = Timeout.InfiniteTimeSpan; // the poller's own deadline (PollDeadline) covers headers and body
            c.DefaultRequestHeaders.UserAgent.ParseAdd("DealerFlow/1.0 (+dashboard)");
        });
        // Schwab and Massive: the polling core's deadline covers each request; a redirect is never followed, so a bearer token goes nowhere but the base URL.
        services.AddHttpClient(Live.Feeds.FeedOptions.HttpClientName, c =>
        {
            c.Timeout = Timeout.InfiniteTimeSpan;
            c.DefaultRequestHeaders.UserAgent.ParseAdd("DealerFlow/1.0 (+dashboard)");
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        // The webhook never follows a redirect (a POST must not turn into a GET to some internal address) and gives up after the timeout.
        services.AddHttpClient(AlertNotifier.HttpClientName, c => c.Timeout = AlertNotifier.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILevelsHistory, InMemoryLevelsHistory>();
        services.AddSingleton<LiveStore>();
        services.AddSingleton<SnapshotWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotWriter>());
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<Market.MarketBoard>();
        services.AddSingleton<RejectedInputs>();
        services.AddSingleton<SymbolTable>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<AlertLog>();
        services.AddSingleton<LiveHistory>();
        services.AddSingleton<LiveViews>();
        services.AddSingleton<StreamEvents>();
        services.AddSingleton<LiveBook>();
        services.TryAddSingleton<IChainSink>(sp => sp.GetRequiredService<LiveBook>()); // the sources' sink (scale-out mode registers its own first)
        services.AddSingleton<Api.SimulationGate>();
        services.AddOptions<ScorecardOptions>().BindConfiguration(ScorecardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScorecardOptions>, ScorecardOptionsValidator>();
        services.AddSingleton<ScorecardPrices>();
        services.AddHostedService<LiveService>();
        return services;
    }

    public static WebApplication MapDealerFlow(this WebApplication app)
    {
        Security.SecurityHeaders.UseSecurityHeaders(app); // issue 11: security headers on every response
        Security.AccessControl.UseAccessControl(app); // issue 11: Host filter, access token when public, JSON-only bodies
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var files = new PhysicalFileProvider(StaticRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        // The problems AccessControl and Kestrel answer before any handler runs, declared once for every operation: a Host
        // name not answered or a parameter that does not bind (400), no access token on a public server (401), and for a
        // request with a body, a media type other than JSON (415) or a body that stalls (408).
        var api = app.MapGroup("").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        ((IEndpointConventionBuilder)api).Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post)))
            {
                foreach (var status in new[] { StatusCodes.Status408RequestTimeout, StatusCodes.Status415UnsupportedMediaType })
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
            }
        });
        api.MapSymbolsApi();
        api.MapLevelsApi();
        api.MapStreamApi();
        api.MapHedgingApi();
        api.MapMarketApi();
        api.MapScorecardApi();
        // The generated OpenAPI 3.1 document at /openapi/v1.json and Scalar's reference page at /api/docs; Scalar's script
        // is served from its assembly and the page uses system fonts, so it works with no internet.
        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("DealerFlow API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry());
        return app;
    }
}
