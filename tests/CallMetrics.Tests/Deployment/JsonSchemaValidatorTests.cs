using System.Text.Json.Nodes;

namespace CallMetrics.Tests.Deployment;

public sealed class JsonSchemaValidatorTests
{
    private static readonly JsonNode s_schema = JsonNode.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["name"],
          "properties": {
            "name": { "type": "string", "pattern": "^[a-z]+$" },
            "replicas": { "type": "integer", "minimum": 1, "maximum": 12 },
            "ratio": { "type": "number" },
            "mode": { "type": "string", "enum": ["v1", "v2"] },
            "port": { "type": ["integer", "string"] },
            "tags": { "type": "array", "items": { "type": "string" } },
            "labels": { "type": "object", "additionalProperties": { "type": "string" } },
            "free": { "type": "object" }
          }
        }
        """)!;

    [Fact]
    public void A_document_that_follows_every_rule_is_valid()
    {
        var errors = Validate("""{"name":"a","replicas":3,"ratio":0.5,"mode":"v2","port":"http","tags":["x"],"labels":{"k":"v"},"free":{"any":[1]}}""");

        errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"name":"a","replicas":"3"}""", "$.replicas: expected \"integer\", got string")]
    [InlineData("""{"name":"a","replicas":2.5}""", "$.replicas: expected \"integer\", got number")]
    [InlineData("""{"name":"a","replicas":0}""", "$.replicas: 0 is less than the minimum 1")]
    [InlineData("""{"name":"a","replicas":13}""", "$.replicas: 13 is more than the maximum 12")]
    [InlineData("""{"name":"a","mode":"v3"}""", "$.mode: \"v3\" is not one of [\"v1\",\"v2\"]")]
    [InlineData("""{"name":"A"}""", "$.name: \"A\" does not match ^[a-z]+$")]
    [InlineData("""{}""", "$: required property 'name' is missing")]
    [InlineData("""{"name":"a","nmae":"b"}""", "$.nmae: unknown property (not in the schema)")]
    [InlineData("""{"name":"a","tags":["x",1]}""", "$.tags[1]: expected \"string\", got number")]
    [InlineData("""{"name":"a","labels":{"k":true}}""", "$.labels.k: expected \"string\", got boolean")]
    [InlineData("""{"name":"a","port":true}""", "$.port: expected [\"integer\",\"string\"], got boolean")]
    [InlineData("""{"name":null}""", "$.name: expected \"string\", got null")]
    public void A_violation_is_reported_with_its_path(string document, string expected)
    {
        var errors = Validate(document);

        errors.Should().Equal(expected);
    }

    [Fact]
    public void Every_violation_is_reported_not_only_the_first()
    {
        var errors = Validate("""{"replicas":0,"mode":"v3"}""");

        errors.Should().HaveCount(3);
    }

    [Fact]
    public void Integers_from_yaml_are_integers_and_numbers()
    {
        var schema = JsonNode.Parse("""{"properties":{"a":{"type":"integer"},"b":{"type":"number","maximum":1}}}""")!;
        var instance = new JsonObject { ["a"] = JsonValue.Create(3L), ["b"] = JsonValue.Create(2L) };

        JsonSchemaValidator.Validate(schema, instance).Should().Equal("$.b: 2 is more than the maximum 1");
    }

    [Fact]
    public void A_keyword_the_validator_does_not_implement_is_refused_rather_than_ignored()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string","minLength":1}}}""")!;

        var validating = () => JsonSchemaValidator.Validate(schema, new JsonObject { ["a"] = "" });

        validating.Should().Throw<NotSupportedException>().WithMessage("*minLength*");
    }

    private static IReadOnlyList<string> Validate(string json) => JsonSchemaValidator.Validate(s_schema, JsonNode.Parse(json));
}
