using System.Net;
using System.Net.Sockets;
using CallMetrics.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Tests.Http;

/// <summary>The HTTP edge on a real Kestrel on 127.0.0.1: read-only, and token-protected when a token is set.</summary>
public sealed class ReadOnlyEdgeTests : IAsyncLifetime
{
    private const string Token = "s3cret-token";
    private readonly string _webRoot = Directory.CreateTempSubdirectory("callmetrics-edge-").FullName;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // A web root as the service has one: the page and a module it imports, plus a directory.
        File.WriteAllText(Path.Combine(_webRoot, "index.html"), "<script type=module src=wallboard.js></script>");
        File.WriteAllText(Path.Combine(_webRoot, "wallboard.js"), "import './figures.js';");
        Directory.CreateDirectory(Path.Combine(_webRoot, "assets.d"));
        var port = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { WebRootPath = _webRoot });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseReadOnlyEdge(Token);
        _app.UseDefaultFiles();
        _app.UseStaticFiles();
        _app.MapGet("/healthz", () => "alive");
        _app.MapGet("/api/v1/live", () => "{}");
        _app.MapPost("/api/v1/live", () => "changed");
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_webRoot, recursive: true);
    }

    [Fact]
    public async Task The_page_and_its_files_load_without_the_token_because_a_browser_sends_no_query_string_with_a_module()
    {
        (await _client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync("/index.html")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync("/wallboard.js")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_existing_files_of_the_web_root_are_open_not_other_paths_or_directories()
    {
        (await _client.GetAsync("/figures.js")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "no such file: the request goes on to the API rules");
        (await _client.GetAsync("/assets.d")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _client.GetAsync("/api/v1/live.json")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Health_probes_need_no_token()
    {
        (await _client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_without_a_token_is_refused()
    {
        var response = await _client.GetAsync("/api/v1/live");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    [Fact]
    public async Task The_api_with_the_bearer_header_or_the_access_token_parameter_answers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/live");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);

        (await _client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync($"/api/v1/live?access_token={Token}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync("/api/v1/live?access_token=wrong")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Anything_but_get_and_head_is_refused_even_with_the_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/live");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);

        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public void The_options_never_print_the_token()
    {
        new HttpSecurityOptions { BearerToken = Token }.ToString().Should().NotContain(Token).And.Contain("***");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
