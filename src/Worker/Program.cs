using Application;
using Hosting;
using Microsoft.Extensions.Hosting;

// Content root at the binaries, so appsettings.json is found whatever directory the worker is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.Services
    .AddApplication(builder.Configuration)
    .AddEventStoreFromConfiguration(builder.Configuration)
    .AddHexagonalTelemetry(builder.Configuration, "hexagonal-worker")
    .AddSnapshotWorker(builder.Configuration);

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
