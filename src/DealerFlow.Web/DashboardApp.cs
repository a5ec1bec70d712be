using DealerFlow.Web.Api;
using DealerFlow.Web.History;
using DealerFlow.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;

namespace DealerFlow.Web;

/// <summary>Builds the dashboard web app; used by Program.cs and by <c>dealerflow serve</c>.</summary>
public static class DashboardApp
{
    public static string StaticRoot => Path.Combine(AppContext.BaseDirectory, "dashboard");

    /// <summary>Creates the app. <paramref name="settings"/> (configuration keys such as DealerFlow:Live:Source) win over appsettings and the environment.</summary>
    public static WebApplication Create(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
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
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => WebJson.Configure(o.SerializerOptions));
        services.AddHttpClient(CboePollSource.HttpClientName, c =>
        {
            c.Timeout = Timeout.InfiniteTimeSpan; // the poller's own deadline (PollDeadline) covers headers and body
            c.DefaultRequestHeaders.UserAgent.ParseAdd("DealerFlow/1.0 (+dashboard)");
        });
        services.AddHttpClient(AlertNotifier.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILevelsHistory, InMemoryLevelsHistory>();
        services.AddSingleton<LiveStore>();
        services.AddSingleton<SnapshotWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotWriter>());
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<LiveBook>();
        services.AddHostedService<LiveService>();
        return services;
    }

    public static WebApplication MapDealerFlow(this WebApplication app)
    {
        Security.SecurityHeaders.UseSecurityHeaders(app); // issue 11: security headers on every response
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var files = new PhysicalFileProvider(StaticRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapSymbolsApi();
        app.MapLevelsApi();
        app.MapStreamApi();
        app.MapHedgingApi();
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
