namespace CallMetrics.Tests.Influx;

/// <summary>One write request as the server got it.</summary>
internal sealed record RecordedWrite(string PathAndQuery, string Authorization, string ContentEncoding, string Body);
