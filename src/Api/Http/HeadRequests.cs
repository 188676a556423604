namespace Api.Http;

/// <summary>
/// HEAD on every GET resource (RFC 9110 §9.3.2): the request is routed and answered as the GET it mirrors, with the
/// same status and headers (ETag, Content-Type, and Content-Length: the length the GET body would have), and the body
/// is counted and dropped rather than sent.
/// </summary>
internal sealed class HeadRequests(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        await using var counter = new CountingSink();
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = counter;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }

        var status = context.Response.StatusCode;
        if (!context.Response.HasStarted && context.Response.ContentLength is null
            && status is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified) && status >= 200)
        {
            context.Response.ContentLength = counter.Length;
        }
    }

    /// <summary>A write-only stream that keeps only how many bytes went through it.</summary>
    private sealed class CountingSink : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
