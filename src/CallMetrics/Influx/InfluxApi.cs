namespace CallMetrics.Influx;

/// <summary>Which InfluxDB write API the sink speaks.</summary>
public enum InfluxApi
{
    /// <summary>InfluxDB 1.x: <c>POST /write?db=&amp;rp=&amp;precision=ns</c>, optional basic auth.</summary>
    V1 = 1,

    /// <summary>InfluxDB 2.x/3.x (and VictoriaMetrics): <c>POST /api/v2/write?org=&amp;bucket=&amp;precision=ns</c> with <c>Authorization: Token ...</c>.</summary>
    V2 = 2,
}
