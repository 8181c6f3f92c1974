namespace Isac.Node.Receiving;

/// <summary>Wakes inbox watchers when a row is added. Take <see cref="Next"/> before reading, then await it.</summary>
internal sealed class InboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Signals that the inbox changed.</summary>
    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
