using Microsoft.Extensions.Hosting;
using Worker;

// Content root at the binaries, so appsettings.json is found whatever directory the worker is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.Services.AddWorker(builder.Configuration);

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
