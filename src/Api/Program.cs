using Api;
using Api.Board;
using Api.Characters;
using Api.Encounters;
using Api.Http;
using Api.Page;
using Api.Security;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddApi(builder.Configuration);

var app = builder.Build();

// Order matters: faults are caught around everything; oversized bodies are refused before anything reads them;
// the caller is identified before the rate limiter partitions by key, and limited before authorization so that
// unauthenticated floods are limited too. HEAD is answered as the GET it mirrors, without the body, around all of it.
// Routing is explicit so that it runs after HeadRequests has made HEAD a GET.
app.UseMiddleware<HeadRequests>();
// The page's static files first: they need no key, no body limit and no routing.
app.UseDmPage();
app.UseRouting();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyLimit>();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi();
// Each health check reads the store, so it is rate-limited like any other anonymous request.
app.MapHealthChecks("/health").RequireRateLimiting(ApiPolicies.RateLimit);
app.MapCharacters();
app.MapEncounters();
app.MapHitPointTimeline();
app.MapSession();
app.MapBoard();

if (!app.Services.GetRequiredService<ApiKeys>().IsConfigured)
{
    StartupLog.NoApiKey(app.Logger);
}

await app.RunAsync();

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key is configured (Api:KeyHashes), so every write will be refused. ./scripts/run.sh makes a development key.")]
    public static partial void NoApiKey(ILogger logger);
}
