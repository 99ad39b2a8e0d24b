using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hindsight.Server.Hosting;

/// <summary>
/// Says in the document which properties a reply always carries. System.Text.Json writes every property,
/// null or not, unless it is marked to be left out when null; but the generator only calls a property
/// required when it is a constructor parameter, so records built from another (ReplayDetail from a
/// ReplaySummary) came out with every field optional, and the dashboard's types could not be checked
/// against them. Nullability is the getter's, for the same reason: a get-only property (ReplayDetail.Chunks)
/// came out nullable though it never is. The document describes replies only: request bodies are read by
/// bounded readers.
/// </summary>
public static class OpenApiWrittenShapes
{
    public static Task MarkWrittenPropertiesRequired(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (schema.Properties is not { Count: > 0 } properties) return Task.CompletedTask;
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var propertySchema)) continue;
            if (LeftOutWhenNull(property.AttributeProvider))
            {
                // Absent rather than null: the type is the value's own.
                if (propertySchema is OpenApiSchema inline && inline.Type is { } type) inline.Type = type & ~JsonSchemaType.Null;
                continue;
            }
            if (propertySchema is OpenApiSchema { Type: { } written } value && property.AttributeProvider is PropertyInfo getter
                && new NullabilityInfoContext().Create(getter).ReadState == NullabilityState.NotNull)
                value.Type = written & ~JsonSchemaType.Null;
            required.Add(property.Name);
        }
        schema.Required = required;
        return Task.CompletedTask;
    }

    private static bool LeftOutWhenNull(ICustomAttributeProvider? member) =>
        member?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>()
            .Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true;
}
