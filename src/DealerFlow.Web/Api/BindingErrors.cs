using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace DealerFlow.Web.Api;

/// <summary>
/// A query value that does not bind (<c>max=ten</c>, <c>from=yesterday</c>, <c>range=wide</c>) is a 400 problem that
/// names the parameter and what it takes, like every other validation error, instead of a bare "Bad Request".
/// Minimal APIs are told to throw on bad requests (<c>RouteHandlerOptions.ThrowOnBadRequest</c>); this handler turns
/// the exception into the validation problem.
/// </summary>
internal sealed partial class BindingErrors(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var (field, message) = Describe(bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        var details = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status400BadRequest ? "One or more validation errors occurred." : "Bad request",
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    /// <summary>The parameter (camelCase, as in the query string) and the reason, from the binder's message.</summary>
    internal static (string Field, string Message) Describe(string message)
    {
        var m = FailedToBind().Match(message);
        if (m.Success)
        {
            var name = Camel(m.Groups["name"].Value);
            return (name, $"'{m.Groups["value"].Value}' is not {Expected(m.Groups["type"].Value)}.");
        }
        var r = Required().Match(message);
        if (r.Success) return (Camel(r.Groups["name"].Value), "is required.");
        return ("request", message);
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static string Expected(string type) => (type.StartsWith("Nullable<", StringComparison.Ordinal) ? type["Nullable<".Length..^1] : type.TrimEnd('?')) switch
    {
        "int" or "long" => "a whole number",
        "double" or "decimal" or "float" => "a number (e.g. 0.1)",
        "DateTimeOffset" or "DateTime" => "a date and time in ISO 8601 (e.g. 2024-01-05T15:00:00Z)",
        "DateOnly" => "a date yyyy-MM-dd",
        "bool" => "true or false",
        var t => $"a valid {t}",
    };

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("^Required parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" was not provided", RegexOptions.Singleline)]
    private static partial Regex Required();
}
