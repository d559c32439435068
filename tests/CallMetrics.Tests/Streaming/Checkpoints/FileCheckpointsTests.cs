using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Checkpoints;
using CallMetrics.Streaming.Elements;
using CallMetrics.Tests.Influx;

namespace CallMetrics.Tests.Streaming.Checkpoints;

/// <summary>
/// A checkpoint file that cannot be written is logged and counted, and only a run of them in a row stops the service.
/// The write is made to fail with a directory where the temporary file goes: tests run as root, whom a read-only
/// directory does not stop.
/// </summary>
public sealed class FileCheckpointsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("callmetrics-checkpoints-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly PipelineStatistics _statistics = new();
    private long _barriers;

    private string Blocker => Path.Combine(_directory, CheckpointFile.FileName + ".tmp");

    [Fact]
    public void A_checkpoint_that_cannot_be_written_is_logged_as_an_error_naming_the_file_and_counted()
    {
        var checkpoints = NewCheckpoints();
        Directory.CreateDirectory(Blocker);

        checkpoints.Complete(Barrier(), [[1]]);

        _statistics.CheckpointFailures.Should().Be(1);
        checkpoints.Count.Should().Be(0);
        _logs.Entries.Should().ContainSingle(e => e.StartsWith("Error", StringComparison.Ordinal))
            .Which.Should().Contain($"Writing the checkpoint {CheckpointFile.PathIn(_directory)} failed").And.Contain("1 of 3 failures in a row");
    }

    [Fact]
    public void The_third_failure_in_a_row_throws_so_the_graph_ends()
    {
        var checkpoints = NewCheckpoints();
        Directory.CreateDirectory(Blocker);
        checkpoints.Complete(Barrier(), [[1]]);
        checkpoints.Complete(Barrier(), [[1]]);

        var third = () => checkpoints.Complete(Barrier(), [[1]]);

        third.Should().Throw<IOException>().WithMessage($"the checkpoint {CheckpointFile.PathIn(_directory)} could not be written (3 time(s) in a row): *");
        _statistics.CheckpointFailures.Should().Be(3);
    }

    [Fact]
    public void A_checkpoint_written_between_failures_starts_the_count_again()
    {
        var checkpoints = NewCheckpoints();
        Directory.CreateDirectory(Blocker);
        checkpoints.Complete(Barrier(), [[1]]);
        checkpoints.Complete(Barrier(), [[1]]);
        Directory.Delete(Blocker);
        checkpoints.Complete(Barrier(), [[1]]);
        Directory.CreateDirectory(Blocker);

        var more = () =>
        {
            checkpoints.Complete(Barrier(), [[1]]);
            checkpoints.Complete(Barrier(), [[1]]);
        };

        more.Should().NotThrow("two failures follow the checkpoint written");
        checkpoints.Count.Should().Be(1);
        _statistics.CheckpointFailures.Should().Be(4);
    }

    [Fact]
    public void A_final_checkpoint_that_cannot_be_written_faults_the_final_task_so_the_stop_is_not_a_clean_one()
    {
        var checkpoints = NewCheckpoints();
        Directory.CreateDirectory(Blocker);

        checkpoints.Complete(Barrier(isFinal: true), [[1]]);

        checkpoints.Final.IsFaulted.Should().BeTrue();
        checkpoints.Final.Exception!.GetBaseException().Message.Should().Contain(CheckpointFile.PathIn(_directory));
    }

    public void Dispose()
    {
        _logs.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private FileCheckpoints NewCheckpoints() =>
        new(_directory, new KafkaSources(topics: ["events"]), consumer: null, _statistics, _logs.CreateLogger("checkpoints"));

    private CheckpointBarrier Barrier(bool isFinal = false) => new(++_barriers, new Dictionary<int, long>(), isFinal);
}
