using System.Net;
using CallMetrics.Influx;
using InfluxDB.Client.Core.Exceptions;
using RestSharp;

namespace CallMetrics.Tests.Influx;

public class InfluxClientErrorsTests
{
    [Fact]
    public void ToResponse_KeepsTheStatusAndTheServersMessage_WithoutSecrets()
    {
        HttpException exception = HttpException.Create(
            """{"code":"unauthorized","message":"token s3cret is not valid"}""", [], string.Empty, HttpStatusCode.Unauthorized);

        WriteResponse response = InfluxClientErrors.ToResponse(exception, ["s3cret"]);

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        response.Disposition.Should().Be(WriteDisposition.Misconfigured);
        response.Describe().Should().Be("HTTP 401: token *** is not valid");
    }

    [Fact]
    public void ToResponse_ReadsRetryAfterInSeconds()
    {
        HttpException exception = HttpException.Create(
            string.Empty, [new HeaderParameter("Retry-After", "7")], string.Empty, HttpStatusCode.TooManyRequests);

        WriteResponse response = InfluxClientErrors.ToResponse(exception, []);

        response.Disposition.Should().Be(WriteDisposition.Transient);
        response.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void ToResponse_ReadsALowerCaseRetryAfterHeader_WhichTheClientItselfMisses()
    {
        HttpException exception = HttpException.Create(
            string.Empty, [new HeaderParameter("retry-after", "3")], string.Empty, HttpStatusCode.ServiceUnavailable);

        InfluxClientErrors.ToResponse(exception, []).RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void ToResponse_OfAOneXStyleErrorBody_TakesItsErrorText()
    {
        HttpException exception = HttpException.Create(
            """{"error":"partial write: field type conflict"}""", [], string.Empty, HttpStatusCode.BadRequest);

        WriteResponse response = InfluxClientErrors.ToResponse(exception, []);

        response.Disposition.Should().Be(WriteDisposition.Rejected);
        response.ErrorText.Should().Be("partial write: field type conflict");
    }
}
