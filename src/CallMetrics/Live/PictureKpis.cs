namespace CallMetrics.Live;

/// <summary>
/// The resolution figures of the live picture (<see cref="LivePicture.QueueKpis"/>, <see cref="LivePicture.TeamKpis"/>),
/// computed by each live shard with its picture: reading them is a dictionary lookup in the current merged picture.
/// </summary>
internal sealed class PictureKpis(LiveView view) : ILiveKpis
{
    /// <inheritdoc />
    public LiveKpis? Queue(string tenant, string queue) => view.Current.QueueKpis.GetValueOrDefault((tenant, queue));

    /// <inheritdoc />
    public LiveKpis? Team(string tenant, string team) => view.Current.TeamKpis.GetValueOrDefault((tenant, team));
}
