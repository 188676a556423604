using System.Diagnostics.Metrics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using DynamoDbLocal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Adapters.DynamoDb.Tests;

/// <summary>AddDynamoDbEventStore as a host uses it: options from configuration, table creation at startup, metrics.</summary>
public sealed class DependencyInjectionTests(EventTableFixture table) : IClassFixture<EventTableFixture>
{
    [Fact]
    public void Given_the_DynamoDb_section_When_registering_Then_the_options_are_bound_and_the_ports_resolve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamoDb:TableName"] = "events-x",
            ["DynamoDb:Region"] = "eu-west-1",
            ["DynamoDb:ServiceUrl"] = "http://127.0.0.1:8000",
            ["DynamoDb:CreateTableIfMissing"] = "true",
            ["DynamoDb:MaxErrorRetry"] = "2",
            ["DynamoDb:RequestTimeout"] = "00:00:03",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddDynamoDbEventStore(configuration).BuildServiceProvider(validateScopes: true);

        var options = provider.GetRequiredService<IOptions<DynamoDbOptions>>().Value;

        Assert.Equal(("events-x", "eu-west-1", "http://127.0.0.1:8000", true, 2, TimeSpan.FromSeconds(3)),
            (options.TableName, options.Region, options.ServiceUrl, options.CreateTableIfMissing, options.MaxErrorRetry, options.RequestTimeout));
        Assert.IsType<DynamoDbEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.IsType<DynamoDbSnapshotSchedule>(provider.GetRequiredService<ISnapshotSchedule>());
        Assert.Same(provider.GetRequiredService<IEventStore>(), provider.GetRequiredService<IEventStore>());
        Assert.Equal(2, provider.GetRequiredService<IAmazonDynamoDB>().Config.MaxErrorRetry);
        Assert.NotNull(provider.GetRequiredService<DynamoDbCapacityMeter>());
        // Making the table is the host's choice, not the registration's.
        Assert.DoesNotContain(provider.GetServices<IHostedService>(), s => s is EnsureTableOnStartup);
    }

    [Fact]
    public void Given_options_in_code_and_the_host_asks_for_the_table_When_registering_Then_they_apply_and_the_table_job_is_there()
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddDynamoDbEventStore(o => (o.TableName, o.Region, o.ServiceUrl, o.CreateTableIfMissing) = ("code-table", "eu-north-1", "http://127.0.0.1:8001", true))
            .AddDynamoDbTableOnStartup()
            .BuildServiceProvider(validateScopes: true);

        var options = provider.GetRequiredService<IOptions<DynamoDbOptions>>().Value;

        Assert.Equal(("code-table", "eu-north-1", "http://127.0.0.1:8001"), (options.TableName, options.Region, options.ServiceUrl));
        Assert.IsType<DynamoDbEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is EnsureTableOnStartup);
    }

    [Fact]
    public void Given_options_in_code_without_a_table_name_When_resolving_Then_validation_names_the_setting()
    {
        using var provider = new ServiceCollection().AddDynamoDbEventStore(o => o.TableName = " ").BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DynamoDbOptions>>().Value);

        Assert.Contains("DynamoDb:TableName is required.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_no_section_When_registering_Then_the_defaults_apply()
    {
        using var provider = new ServiceCollection().AddDynamoDbEventStore(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DynamoDbOptions>>().Value;

        Assert.Equal(("hexagonal-events", "us-east-1", null, false), (options.TableName, options.Region, options.ServiceUrl, options.CreateTableIfMissing));
    }

    [Fact]
    public void Given_a_client_registered_first_When_registering_Then_the_store_uses_it()
    {
        var recorder = new RecordingInterceptor();
        var wrapped = InterceptingClient.Wrap(table.Client, recorder);
        var services = new ServiceCollection().AddSingleton(wrapped);
        using var provider = services.AddDynamoDbEventStore(table.Configuration()).BuildServiceProvider();

        Assert.Same(wrapped, provider.GetRequiredService<IAmazonDynamoDB>());
    }

    [Fact]
    public async Task Given_CreateTableIfMissing_When_the_host_starts_Then_the_table_and_both_indexes_are_active_and_a_second_start_is_harmless()
    {
        var tableName = DynamoDbLocalServer.NewTableName("di");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(table.Server.ConfigurationFor(tableName)).Build();
        await using var provider = new ServiceCollection().AddLogging().AddDynamoDbEventStore(configuration).BuildServiceProvider();
        try
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }

            await provider.GetRequiredService<DynamoDbEventTable>().EnsureTableAsync();
            var description = (await table.Client.DescribeTableAsync(tableName)).Table;

            Assert.Equal(TableStatus.ACTIVE, description.TableStatus);
            Assert.Equal(BillingMode.PAY_PER_REQUEST, description.BillingModeSummary?.BillingMode ?? BillingMode.PAY_PER_REQUEST);
            Assert.Equal(["by-category", "feed", "snapshot-due"], description.GlobalSecondaryIndexes.Select(i => i.IndexName).Order());
            Assert.All(description.GlobalSecondaryIndexes, i => Assert.Equal(IndexStatus.ACTIVE, i.IndexStatus));
            var appended = await provider.GetRequiredService<IEventStore>()
                .AppendAsync(TestEvents.NewStream(), ExpectedVersion.NoStream, [TestEvents.Event()]);
            Assert.IsType<AppendResult.Appended>(appended);
        }
        finally
        {
            await table.Server.DeleteTableAsync(tableName);
        }
    }

    [Fact]
    public async Task Given_a_table_without_the_indexes_When_ensuring_it_Then_it_says_so_instead_of_failing_later()
    {
        var tableName = DynamoDbLocalServer.NewTableName("bare");
        var request = DynamoDbEventTable.CreateRequest(tableName);
        request.GlobalSecondaryIndexes = null;
        request.AttributeDefinitions = request.AttributeDefinitions.Take(2).ToList();
        await table.Client.CreateTableAsync(request);
        try
        {
            var provisioner = new DynamoDbEventTable(table.Client, Options.Create(new DynamoDbOptions { TableName = tableName }), table.Meter);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provisioner.EnsureTableAsync());

            Assert.Contains("by-category", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await table.Server.DeleteTableAsync(tableName);
        }
    }

    [Fact]
    public async Task Given_a_table_made_before_the_feed_When_ensuring_it_Then_the_feed_index_is_added_and_new_events_are_in_it()
    {
        var tableName = DynamoDbLocalServer.NewTableName("prefeed");
        var request = DynamoDbEventTable.CreateRequest(tableName);
        request.GlobalSecondaryIndexes = [.. request.GlobalSecondaryIndexes.Where(i => i.IndexName != TableSchema.FeedIndex)];
        request.AttributeDefinitions = [.. request.AttributeDefinitions.Where(a => a.AttributeName is not (TableSchema.FeedPk or TableSchema.FeedSk))];
        await table.Client.CreateTableAsync(request);
        try
        {
            var options = Options.Create(new DynamoDbOptions { TableName = tableName });
            await new DynamoDbEventTable(table.Client, options, table.Meter).EnsureTableAsync();
            var description = (await table.Client.DescribeTableAsync(tableName)).Table;

            Assert.Equal(["by-category", "feed", "snapshot-due"], description.GlobalSecondaryIndexes.Select(i => i.IndexName).Order());
            var store = new DynamoDbEventStore(table.Client, options, table.Meter);
            var stream = TestEvents.NewStream();
            await store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Event()]);
            var feed = new DynamoDbEventFeed(table.Client, tableName, table.Meter, DynamoDbOptions.DefaultFeedShards);
            var page = await feed.ReadAsync(FeedKeys.ShardOf(stream, DynamoDbOptions.DefaultFeedShards), FeedKeys.Start, 10);
            Assert.Equal([(stream, 0L)], page.Entries.Select(e => (e.Stream, e.Version)));
        }
        finally
        {
            await table.Server.DeleteTableAsync(tableName);
        }
    }

    [Fact]
    public async Task Given_a_listener_When_the_store_works_Then_capacity_and_requests_are_published_per_operation()
    {
        await using var provider = new ServiceCollection().AddLogging().AddSingleton(table.Client).AddDynamoDbEventStore(table.Configuration()).BuildServiceProvider();
        var meter = provider.GetRequiredService<DynamoDbCapacityMeter>();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var measurements = new List<(string Instrument, double Value, string? Operation)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other test classes publish on meters of the same name at the same time.
            if (instrument.Meter.Name == DynamoDbCapacityMeter.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
        var store = provider.GetRequiredService<IEventStore>();
        var stream = TestEvents.NewStream();

        await store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Event()]);
        await store.LoadAsync(stream, 1);

        lock (measurements)
        {
            Assert.Contains(measurements, m => m is ("hexagonal.dynamodb.requests", 1, "append"));
            Assert.Contains(measurements, m => m is ("hexagonal.dynamodb.write_capacity_units", > 0, "append"));
            Assert.Contains(measurements, m => m is ("hexagonal.dynamodb.requests", 1, "load"));
            Assert.Contains(measurements, m => m is ("hexagonal.dynamodb.read_capacity_units", > 0, "load"));
        }

        Assert.Equal(1, meter.For(Operations.Append).Requests);
        Assert.Equal(2, meter.For(Operations.Load).Requests);
        Assert.True(meter.For(Operations.Append).WriteCapacityUnits > 0);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? operation = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "operation")
                {
                    operation = tag.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, operation));
            }
        }
    }
}
