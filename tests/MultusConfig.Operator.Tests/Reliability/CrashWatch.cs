using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// Sees what a crash would leave behind: Error and Critical log entries of the operator (through a
/// logger provider added to its services) and unobserved task exceptions thrown from operator code.
/// Errors caused by API failures are expected under faults (a worker logs a failed reconcile and goes
/// on); an Error with any other exception, a Critical, or a hosting error (a background service that
/// stopped) means a loop crashed.
/// </summary>
internal sealed class CrashWatch : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _crashes = new();
    private int _errors;

    public CrashWatch() => TaskScheduler.UnobservedTaskException += OnUnobserved;

    /// <summary>Error-level entries seen, expected ones included.</summary>
    public int Errors => Volatile.Read(ref _errors);

    public IReadOnlyList<string> Crashes => [.. _crashes];

    /// <summary>Adds this provider to an operator's services.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    /// <summary>Collects garbage so that faulted tasks nobody awaited are reported now, not later.</summary>
    public static void FlushUnobserved()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        // Other test classes run in parallel in this process: only exceptions from operator code count.
        var text = e.Exception.ToString();
        if (text.Contains("MultusConfig.Operator.", StringComparison.Ordinal) && !text.Contains("MultusConfig.Operator.Tests", StringComparison.Ordinal))
            _crashes.Enqueue("unobserved task exception: " + Short(text));
    }

    private static bool IsApiFailure(Exception? e) => e is null
        || e is k8s.Autorest.HttpOperationException or MultusConfig.Operator.Kube.KubeApiException or HttpRequestException or IOException or OperationCanceledException or TimeoutException or k8s.KubernetesException
        || (e is AggregateException a && a.InnerExceptions.All(IsApiFailure));

    private void Record(string category, LogLevel level, string message, Exception? exception)
    {
        if (level < LogLevel.Error) return;
        Interlocked.Increment(ref _errors);
        var crash = level == LogLevel.Critical
            || category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal)
            || !IsApiFailure(exception);
        if (crash) _crashes.Enqueue($"{level} {category}: {message} {Short(exception?.ToString())}");
    }

    private static string Short(string? s) => s is null ? "" : s.Length > 1500 ? s[..1500] + "..." : s;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private sealed class Logger(CrashWatch owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Record(category, logLevel, formatter(state, exception), exception);
    }
}
