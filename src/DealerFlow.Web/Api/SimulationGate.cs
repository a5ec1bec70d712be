namespace DealerFlow.Web.Api;

/// <summary>One simulation at a time across the server (the Monte Carlo already uses every core): a DI singleton, so every app instance has its own.</summary>
internal sealed class SimulationGate : IDisposable
{
    public SemaphoreSlim Running { get; } = new(1, 1);

    public void Dispose() => Running.Dispose();
}
