using DotNet.Testcontainers.Configurations;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>Whether Testcontainers found a Docker engine that answers (its own discovery: DOCKER_HOST, the Unix socket, ...).</summary>
internal static class DockerEngine
{
    /// <summary>True when an engine answered Testcontainers' ping; otherwise false with the reason.</summary>
    public static bool IsReachable(out string problem)
    {
        try
        {
            if (TestcontainersSettings.OS.DockerEndpointAuthConfig is not null)
            {
                problem = string.Empty;
                return true;
            }

            problem = "Testcontainers found no Docker endpoint that answers (DOCKER_HOST, /var/run/docker.sock, ...)";
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or TypeInitializationException)
        {
            problem = e.GetBaseException().Message;
            return false;
        }
    }
}
