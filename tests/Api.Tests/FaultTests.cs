using System.Net;
using Application.Events;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Api.Tests;

/// <summary>
/// Infrastructure faults: only they give 5xx, and the body says what happened without the exception's message or
/// stack trace.
/// </summary>
public sealed class FaultTests
{
    private const string Secret = "secret-connection-detail";

    [Fact]
    public async Task Given_the_event_store_is_unavailable_When_reading_or_writing_Then_503_without_a_stack_trace()
    {
        using var factory = WithFailingStore(new EventStoreUnavailableException(Secret, new TimeoutException(Secret)));
        var client = factory.Client();

        var read = await client.Get("/characters/abc");
        var write = await client.PostJson("/characters", """{"name":"Tordek","maximumHitPoints":8}""");
        var list = await client.Get("/characters");

        foreach (var response in new[] { read, write, list })
        {
            response.AssertProblem(HttpStatusCode.ServiceUnavailable);
            AssertNothingLeaked(response);
        }
    }

    [Fact]
    public async Task Given_a_fault_that_is_not_the_stores_When_reading_Then_500_without_a_stack_trace()
    {
        using var factory = WithFailingStore(new UnknownEventTypeException(Secret));

        var response = await factory.Client().Get("/characters/abc");

        response.AssertProblem(HttpStatusCode.InternalServerError);
        AssertNothingLeaked(response);
    }

    private static void AssertNothingLeaked(Response response)
    {
        Assert.DoesNotContain(Secret, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
        Assert.False(response.Json.TryGetProperty("exception", out _));
    }

    private static ApiFactory WithFailingStore(Exception fault)
    {
        var store = Substitute.For<IEventStore>();
        store.LoadAsync(default!, default, default).ThrowsAsyncForAnyArgs(fault);
        store.ReadAsync(default!, default, default, default, default).ThrowsAsyncForAnyArgs(fault);
        store.AppendAsync(default!, default, default!, default).ThrowsAsyncForAnyArgs(fault);
        store.ListStreamsAsync(default!, default, default, default).ThrowsAsyncForAnyArgs(fault);
        store.WriteSnapshotAsync(default!, default!, default).ThrowsAsyncForAnyArgs(fault);
        return new ApiFactory()
            .With("Worker:Enabled", "false")
            .WithServices(services => services.AddSingleton(store));
    }
}
