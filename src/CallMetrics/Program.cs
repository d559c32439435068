using System.Runtime.InteropServices;
using System.Text;
using CallMetrics.Commands;

// The composition root: real console streams, and a token cancelled by SIGINT/SIGTERM.
using var cancellation = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
try
{
    return await CommandLine.RunAsync(args, stdout, stderr, cancellation.Token).ConfigureAwait(false);
}
finally
{
    await stdout.FlushAsync().ConfigureAwait(false);
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}
